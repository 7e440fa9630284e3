"""Fixtures of the catalog import tests: the sample files and this folder's data files."""

from pathlib import Path

import pytest
from django.conf import settings
from django.utils import translation

DATA = Path(__file__).parent / "data"


def samples_dir() -> Path | None:
    for folder in (Path(settings.BASE_DIR).parent / "shared" / "samples", Path("/work/shared/samples")):
        if folder.is_dir():
            return folder
    return None


@pytest.fixture
def samples() -> Path:
    folder = samples_dir()
    if folder is None:
        pytest.skip("sample exchange files not found in ../shared/samples or /work/shared/samples")
    return folder


@pytest.fixture
def data() -> Path:
    return DATA


@pytest.fixture(autouse=True)
def english():
    """Assert report and error texts in English; tests of the Russian text override the language."""
    with translation.override("en"):
        yield
