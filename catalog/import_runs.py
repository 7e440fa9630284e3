"""Catalog imports started from the admin: queued after commit, run once by a Celery task.

The import itself is one transaction, so progress written to the
CatalogImport row during the run would stay invisible to other connections
(and on SQLite would wait for the import's write lock). The live percentage
therefore goes to a small file under VITRINA_VAR_DIR; the row gets the
status, the final progress and the report when the run ends.
"""

import json
import logging
import os
from functools import partial
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext

from .importers.commerceml import import_commerceml
from .importers.errors import ImportFailed
from .importers.report import ImportReport
from .importers.yml import import_yml
from .models import CatalogImport

logger = logging.getLogger(__name__)

PROGRESS_DIR = Path(settings.VAR_DIR) / "import-progress"


def queue_import(catalog_import: CatalogImport) -> None:
    """Send the run to the Celery worker once the row that names it is committed."""
    from .tasks import run_catalog_import

    transaction.on_commit(partial(run_catalog_import.delay, catalog_import.pk))


def run_catalog_import(import_id: int) -> None:
    """Run a waiting import and store its outcome; a run that already started is left alone."""
    claimed = CatalogImport.objects.filter(pk=import_id, status=CatalogImport.Status.PENDING).update(
        status=CatalogImport.Status.RUNNING, progress=0
    )
    if not claimed:
        logger.info("Catalog import %s is not waiting, so it is not run again", import_id)
        return

    run = CatalogImport.objects.get(pk=import_id)
    on_progress = partial(write_progress, import_id)
    document = f"import:{import_id}"
    try:
        if run.format == CatalogImport.Format.YML:
            report = import_yml(run.file.path, progress=on_progress, document=document)
        else:
            paths = [run.file.path] + ([run.offers_file.path] if run.offers_file else [])
            report = import_commerceml(paths, progress=on_progress, document=document)
    except ImportFailed as error:
        logger.warning("Catalog import %s failed: %s", import_id, error)
        _finish(import_id, CatalogImport.Status.FAILED, json.dumps({"error": error_to_dict(error)}, ensure_ascii=False))
        return
    except Exception:
        logger.exception("Catalog import %s crashed", import_id)
        _finish(import_id, CatalogImport.Status.FAILED, json.dumps({"error": {"code": "crashed"}}))
        raise

    _finish(import_id, CatalogImport.Status.DONE, report.to_json(), progress=100)


def _finish(import_id: int, status: str, report: str, progress: int | None = None) -> None:
    fields = {"status": status, "report": report, "finished_at": timezone.now()}
    if progress is not None:
        fields["progress"] = progress
    CatalogImport.objects.filter(pk=import_id).update(**fields)
    _progress_file(import_id).unlink(missing_ok=True)


def error_to_dict(error: ImportFailed) -> dict:
    return {"code": error.code, "line": error.line, "element": error.element, "file": error.file,
            "params": error.params}


def outcome(run: CatalogImport) -> tuple[str, list[str]]:
    """Return the error message (or "") and the report lines of a finished run, in the active language."""
    if not run.report:
        return "", []
    data = json.loads(run.report)
    if "error" in data:
        error = data["error"]
        if error["code"] == "crashed":
            return gettext("The import stopped on an internal error; see the server log."), []
        failed = ImportFailed(error["code"], line=error["line"], element=error["element"], file=error["file"],
                              **error["params"])
        return failed.message(), []
    return "", ImportReport.from_json(run.report).lines()


def current_progress(run: CatalogImport) -> int:
    """Return the percentage done: the live file while running, the row otherwise."""
    if run.status != CatalogImport.Status.RUNNING:
        return run.progress
    try:
        return int(_progress_file(run.pk).read_text())
    except (OSError, ValueError):
        return run.progress


def write_progress(import_id: int, percent: int) -> None:
    PROGRESS_DIR.mkdir(parents=True, exist_ok=True)
    temporary = PROGRESS_DIR / f"{import_id}.tmp"
    temporary.write_text(str(percent))
    os.replace(temporary, _progress_file(import_id))


def _progress_file(import_id: int) -> Path:
    return PROGRESS_DIR / f"{import_id}.percent"
