import pytest

import catalog

from .. import factories

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("query", ["черный", "чёрный", "ЧЁРНЫЙ", "Черный лагиоль"])
def test_search_folds_yo_and_case(query):
    variant = factories.make_variant("Штопор Лагиоль, Чёрный")

    assert catalog.search_variants(query) == [variant]


def test_search_finds_by_barcode_prefix():
    variant = factories.make_variant("Аэратор", barcode="4607712000135")

    assert catalog.search_variants("4607712") == [variant]


def test_search_needs_every_word():
    factories.make_variant("Бокал для красного вина")

    assert catalog.search_variants("бокал белого") == []


@pytest.mark.parametrize(
    ("type_prefix", "vendor", "model", "expected"),
    [
        ("", "Bernina", "Bernina Bernette E56", "Bernina Bernette E56"),
        ("Швейная машина", "Janome", "Sewist 525S", "Швейная машина Janome Sewist 525S"),
        ("", "", "Модель 1", "Модель 1"),
    ],
)
def test_yml_vendor_model_name(type_prefix, vendor, model, expected):
    from catalog.importers.yml import vendor_model_name

    assert vendor_model_name(type_prefix, vendor, model) == expected
