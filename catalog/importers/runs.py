"""One import run: a single transaction over its files, with progress by bytes read."""

import logging
import uuid
from collections.abc import Callable, Iterable
from pathlib import Path

from django.db import transaction

from ..models import PriceType, Variant
from .errors import ImportFailed
from .report import ImportReport
from .upserts import ImportContext

logger = logging.getLogger(__name__)

FileReader = Callable[[ImportContext, Path, Callable[[int], None]], None]


def run_import(
    paths: Iterable[str | Path],
    read_file: FileReader,
    *,
    progress: Callable[[int], None] | None = None,
    document: str | None = None,
) -> ImportReport:
    """Read the files in order inside one transaction and return the report.

    read_file(context, path, on_bytes) reads one file. progress(percent) is
    called whenever the whole percentage of bytes read grows. Any
    ImportFailed rolls the whole run back, so a broken file changes nothing.
    """
    paths = [Path(path) for path in paths]
    sizes = [_size(path) for path in paths]
    total = sum(sizes) or 1
    context = ImportContext(report=ImportReport(), document=document or f"import:{uuid.uuid4().hex[:12]}")
    reported = -1

    def on_bytes(done_before: int) -> Callable[[int], None]:
        def report_position(position: int) -> None:
            nonlocal reported
            percent = min(99, (done_before + position) * 100 // total)
            if progress and percent > reported:
                reported = percent
                progress(percent)

        return report_position

    logger.info("Import %s started: %s", context.document, ", ".join(path.name for path in paths))
    with transaction.atomic():
        done = 0
        for path, size in zip(paths, sizes):
            read_file(context, path, on_bytes(done))
            done += size
        _note_sale_status(context.report)
    if progress:
        progress(100)
    logger.info("Import %s finished", context.document)
    return context.report


def _note_sale_status(report: ImportReport) -> None:
    retail = PriceType.objects.filter(is_retail=True).first()
    report.retail_price_type = retail.name if retail else ""
    report.not_for_sale = Variant.objects.filter(is_for_sale=False).count()


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError as error:
        raise ImportFailed("unreadable_file", detail=error.strerror or str(error), file=path.name) from error
