"""Every screen text exists in Russian and English: no catalog entry is empty or fuzzy."""

import re
from pathlib import Path

import pytest
from django.conf import settings

BASE = Path(settings.BASE_DIR)
CATALOGS = sorted(
    path for path in BASE.glob("**/locale/*/LC_MESSAGES/django.po") if ".venv" not in path.parts
)


def entries(path: Path) -> list[str]:
    return [block for block in path.read_text(encoding="utf-8").split("\n\n") if "msgid " in block]


def is_untranslated(entry: str) -> bool:
    """True when a msgstr (or every msgstr[n]) is empty, as in «msgstr ""» with no continuation lines."""
    lines = entry.splitlines()
    for index, line in enumerate(lines):
        if re.fullmatch(r'msgstr(\[\d+\])? ""', line):
            following = lines[index + 1] if index + 1 < len(lines) else ""
            if not following.startswith('"'):
                return True
    return False


def test_catalogs_exist_for_both_languages():
    languages = {path.parts[-3] for path in CATALOGS}

    assert languages == {"ru", "en"}
    assert len(CATALOGS) >= 16


@pytest.mark.parametrize("catalog", CATALOGS, ids=lambda path: str(path.relative_to(BASE)))
def test_catalog_fully_translated(catalog):
    blocks = entries(catalog)
    header, messages = blocks[0], blocks[1:]

    assert "#, fuzzy" not in header
    assert "Plural-Forms" in header
    assert [entry for entry in messages if "#, fuzzy" in entry] == []
    assert [entry for entry in messages if is_untranslated(entry)] == []


@pytest.mark.parametrize("catalog", CATALOGS, ids=lambda path: str(path.relative_to(BASE)))
def test_catalog_compiled(catalog):
    assert catalog.with_suffix(".mo").exists()
