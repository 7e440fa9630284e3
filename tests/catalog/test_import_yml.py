"""YML feeds: group_id variants, params, barcodes, counts and outlets."""

from decimal import Decimal

import pytest

import catalog
from catalog.models import Category, PriceType, Product, Variant
from inventory.models import Location, Stock

from .snapshots import catalog_snapshot

pytestmark = pytest.mark.django_db


@pytest.fixture
def feed(data):
    return data / "variants.yml.xml"


def test_group_id_makes_one_product(feed):
    catalog.import_yml(feed)

    product = Product.objects.get(external_id="yml:group:77")
    assert sorted(product.variants.values_list("sku", flat=True)) == ["APR-M", "APR-S"]
    assert product.name == "Фартук сомелье"
    assert product.vendor == "Vinoteka"


def test_size_and_colour_params_are_characteristics(feed):
    catalog.import_yml(feed)

    variant = Variant.objects.get(external_id="yml:apron-s")
    assert dict(variant.characteristics.values_list("name", "value")) == {"Размер": "S", "Цвет": "Коричневый"}
    assert variant.name == "S, Коричневый"


def test_other_params_go_to_description(feed):
    catalog.import_yml(feed)

    description = Product.objects.get(external_id="yml:group:77").description
    assert description == "<p>Кожаный фартук.</p>\n\nМатериал: кожа\nДлина: 80 см"


def test_category_parent_listed_after_child(feed):
    catalog.import_yml(feed)

    assert Category.objects.get(external_id="yml:20").parent.name == "Текстиль"
    assert Product.objects.get(external_id="yml:group:77").category.name == "Фартуки"


def test_barcode_price_and_vat(feed):
    report = catalog.import_yml(feed)

    variant = Variant.objects.get(external_id="yml:apron-s")
    assert variant.barcodes.get().code == "4607712000036"
    assert variant.prices.get().amount.amount == Decimal("5900.00")
    assert variant.product.vat_rate == "22"
    assert report.vat_raised == 1


def test_yml_price_type_becomes_retail(feed):
    catalog.import_yml(feed)

    price_type = PriceType.objects.get(external_id="yml:retail")
    assert price_type.name == "Розничная (YML)"
    assert price_type.is_retail


def test_count_goes_to_default_location(feed):
    catalog.import_yml(feed)

    stock = Stock.objects.get(variant__external_id="yml:apron-s")
    assert stock.location.external_id == "default"
    assert stock.on_hand == 4


def test_outlets_stock_per_location(feed):
    report = catalog.import_yml(feed)

    stock = dict(
        Stock.objects.filter(variant__external_id="yml:apron-m").values_list("location__external_id", "on_hand")
    )
    assert stock == {"yml-shop-1": 2, "yml-shop-2": 3}
    assert Location.objects.get(external_id="yml-shop-1").kind == Location.Kind.WAREHOUSE
    assert report.quantities_rounded == 1


def test_foreign_currency_offer_not_for_sale(feed):
    report = catalog.import_yml(feed)

    variant = Variant.objects.get(external_id="yml:thermo")
    assert variant.product.name == "Термометр для вина Vacu Vin Snap"
    assert variant.product.vat_rate == "none"
    assert not variant.is_for_sale
    assert not variant.prices.exists()
    assert report.total("prices", "skipped") == 1


def test_yml_reimport_changes_nothing(feed):
    catalog.import_yml(feed)
    before = catalog_snapshot()

    report = catalog.import_yml(feed)

    assert catalog_snapshot() == before
    assert not report.changed
