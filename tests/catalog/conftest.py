"""Fixtures of the catalog import tests: the sample files and this folder's data files."""

from pathlib import Path

import pytest
from django.conf import settings
from django.utils import translation

DATA = Path(__file__).parent / "data"


@pytest.fixture
def data() -> Path:
    return DATA


@pytest.fixture(autouse=True)
def english():
    """Assert report and error texts in English; tests of the Russian text override the language."""
    with translation.override("en"):
        yield
