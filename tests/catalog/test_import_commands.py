"""manage.py import_commerceml and import_yml: report, language, exit code."""

import pytest
from django.core.management import CommandError, call_command

from catalog.models import Product

pytestmark = pytest.mark.django_db


def test_import_yml_prints_russian_report(data, capsys, monkeypatch):
    monkeypatch.delenv("LANGUAGE", raising=False)

    call_command("import_yml", str(data / "variants.yml.xml"))

    assert "Товары: создано 2, обновлено 0, без изменений 0, пропущено 0" in capsys.readouterr().out


def test_import_yml_english_under_language_en(data, capsys, monkeypatch):
    monkeypatch.setenv("LANGUAGE", "en")

    call_command("import_yml", str(data / "variants.yml.xml"))

    assert "Products: created 2, updated 0, unchanged 0, skipped 0" in capsys.readouterr().out


def test_import_commerceml_two_files(data, capsys):
    call_command("import_commerceml", str(data / "namespaced_import.xml"), str(data / "namespaced_offers.xml"))

    assert Product.objects.count() == 2


def test_broken_file_raises_command_error(data, monkeypatch):
    monkeypatch.delenv("LANGUAGE", raising=False)

    with pytest.raises(CommandError, match='Предложение, строка 29: цена "abc" не число'):
        call_command("import_commerceml", str(data / "bad_price_offers.xml"))


def test_three_files_rejected(data):
    with pytest.raises(CommandError):
        call_command("import_commerceml", *[str(data / "prefixed.xml")] * 3)
