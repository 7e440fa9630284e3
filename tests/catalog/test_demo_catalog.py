"""The demo catalog files: what load_demo imports after it creates the demo locations."""

from pathlib import Path

import pytest
from django.conf import settings

import catalog
from catalog.importers.values import barcode_kind
from catalog.models import Barcode, PriceType, Product, Variant
from inventory.models import Location, Stock

from .snapshots import catalog_snapshot

pytestmark = pytest.mark.django_db

DEMO = Path(settings.BASE_DIR) / "demo" / "catalog"
LOCATIONS = ["demo-patriki-floor", "demo-patriki-back", "demo-nevsky-floor", "demo-warehouse"]


@pytest.fixture
def demo_locations():
    for external_id in LOCATIONS:
        Location.objects.create(name=external_id, kind=Location.Kind.SHOP_FLOOR, external_id=external_id)


def import_demo():
    return catalog.import_commerceml([DEMO / "import.xml", DEMO / "offers.xml"])


def test_demo_products_and_variants(demo_locations):
    import_demo()

    assert Product.objects.count() == 23
    assert Variant.objects.count() == 29
    assert Variant.objects.filter(is_for_sale=True).count() == 29
    assert sorted(Variant.objects.get(external_id="demo-apron#demo-apron-1").characteristics.values_list(
        "name", "value")) == [("Размер", "S")]


def test_demo_barcodes_are_valid_ean13(demo_locations):
    import_demo()

    codes = list(Barcode.objects.values_list("code", flat=True))
    assert len(codes) == 29
    assert {barcode_kind(code) for code in codes} == {Barcode.Kind.EAN13}


def test_demo_price_types(demo_locations):
    import_demo()

    assert PriceType.objects.get(is_retail=True).name == "Розничная"
    assert set(PriceType.objects.values_list("name", "currency")) == {("Розничная", "RUB"), ("Оптовая", "RUB")}


def test_demo_vat_rates(demo_locations):
    import_demo()

    assert set(Product.objects.filter(vat_rate="10").values_list("external_id", flat=True)) == {
        "demo-book-guide", "demo-book-atlas"
    }
    assert Product.objects.filter(vat_rate="22").count() == 21


def test_demo_stock_at_demo_locations(demo_locations):
    import_demo()

    used = set(Stock.objects.filter(on_hand__gt=0).values_list("location__external_id", flat=True))
    assert used == set(LOCATIONS)
    assert Location.objects.count() == 4


def test_demo_reimport_changes_nothing(demo_locations):
    import_demo()
    before = catalog_snapshot()

    report = import_demo()

    assert catalog_snapshot() == before
    assert not report.changed
