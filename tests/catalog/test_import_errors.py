"""Broken and hostile files: rejected with the element and line, and nothing changes."""

import pytest

import catalog
from catalog.importers.errors import ImportFailed
from catalog.models import Product, Variant
from inventory.models import Movement

from .snapshots import catalog_snapshot

pytestmark = pytest.mark.django_db


def test_bad_price_changes_nothing(data):
    with pytest.raises(ImportFailed) as failure:
        catalog.import_commerceml([data / "bad_price_offers.xml"])

    assert failure.value.code == "bad_price"
    assert Product.objects.count() == 0
    assert Movement.objects.count() == 0


def test_bad_price_names_element_and_line(data):
    with pytest.raises(ImportFailed) as failure:
        catalog.import_commerceml([data / "bad_price_offers.xml"])

    assert failure.value.element == "Предложение"
    assert failure.value.line == 29
    assert failure.value.message() == (
        'bad_price_offers.xml: Предложение, line 29: price "abc" is not a number'
    )


def test_bad_price_message_in_russian(data, settings):
    from django.utils import translation

    with pytest.raises(ImportFailed) as failure:
        catalog.import_commerceml([data / "bad_price_offers.xml"])

    with translation.override("ru"):
        assert failure.value.message() == 'bad_price_offers.xml: Предложение, строка 29: цена "abc" не число'


def test_second_file_error_rolls_back_first(data):
    with pytest.raises(ImportFailed):
        catalog.import_commerceml([data / "namespaced_import.xml", data / "truncated_offers.xml"])

    assert Product.objects.count() == 0


def test_truncated_xml_names_line(data):
    with pytest.raises(ImportFailed) as failure:
        catalog.import_commerceml([data / "truncated_offers.xml"])

    assert failure.value.code == "invalid_xml"
    assert failure.value.line == 25
    assert Variant.objects.count() == 0


def test_error_keeps_earlier_import(data):
    catalog.import_commerceml([data / "prefixed.xml"])
    before = catalog_snapshot()

    with pytest.raises(ImportFailed):
        catalog.import_commerceml([data / "bad_price_offers.xml"])

    assert catalog_snapshot() == before


def test_billion_laughs_rejected(data):
    with pytest.raises(ImportFailed) as failure:
        catalog.import_commerceml([data / "billion_laughs.xml"])

    assert failure.value.code == "unsafe_xml"
    assert Product.objects.count() == 0


def test_external_entity_rejected(data):
    with pytest.raises(ImportFailed) as failure:
        catalog.import_yml(data / "external_entity.xml")

    assert failure.value.code == "unsafe_xml"
    assert Product.objects.count() == 0


def test_wrong_format_rejected(data):
    with pytest.raises(ImportFailed) as failure:
        catalog.import_yml(data / "prefixed.xml")

    assert failure.value.code == "unexpected_root"
    assert "КоммерческаяИнформация" in failure.value.message()


def test_missing_file_rejected(tmp_path):
    with pytest.raises(ImportFailed) as failure:
        catalog.import_yml(tmp_path / "absent.xml")

    assert failure.value.code == "unreadable_file"


def test_empty_file_rejected(tmp_path):
    empty = tmp_path / "empty.xml"
    empty.write_bytes(b"")

    with pytest.raises(ImportFailed) as failure:
        catalog.import_yml(empty)

    assert failure.value.code == "invalid_xml"
