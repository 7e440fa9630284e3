"""Real exchange files imported as they are, then imported again."""

import pytest

import catalog
from catalog.models import Barcode, Category, Price, PriceType, Product, Variant
from inventory.models import Location, Movement, Stock

from .snapshots import catalog_snapshot

pytestmark = pytest.mark.django_db

DENIS = ["Denis-777_test__import.xml", "Denis-777_test__offers.xml"]
AVDIVO = "avdivo_commercml__offers.xml"
YML = "anton-kuznetsov_emporium-shwei__yml.xml"


def test_denis_import_products_and_barcodes(samples):
    report = catalog.import_commerceml([samples / DENIS[0]])

    assert report.total("products", "created") == 25
    assert Product.objects.count() == 25
    assert Barcode.objects.count() == 25
    assert Category.objects.count() == 3
    assert Category.objects.filter(parent__external_id="1761").count() == 2


def test_denis_hryvnia_price_types_skipped(samples):
    report = catalog.import_commerceml([samples / name for name in DENIS])

    assert PriceType.objects.count() == 0
    assert Price.objects.count() == 0
    assert report.total("price_types", "skipped") == 3
    assert report.total("prices", "skipped") == 81
    assert 'price type "4) Опт" is in грн, not in roubles' in str(report)


def test_denis_offers_not_for_sale(samples):
    catalog.import_commerceml([samples / name for name in DENIS])

    assert Variant.objects.filter(is_for_sale=True).count() == 0


def test_denis_offers_matched_by_barcode(samples):
    """22 of the 27 offers carry a barcode of a product in import.xml but another Ид."""
    report = catalog.import_commerceml([samples / name for name in DENIS])

    assert Product.objects.count() == 30
    assert report.total("products", "created") == 30
    assert Barcode.objects.count() == 30


def test_denis_negative_stock_skipped(samples):
    report = catalog.import_commerceml([samples / name for name in DENIS])

    assert report.total("stock", "skipped") == 1
    assert "negative count -10" in str(report)


def test_avdivo_offers_alone_stock_at_store(samples):
    report = catalog.import_commerceml([samples / AVDIVO])

    location = Location.objects.get(external_id="k8SNns6tiJ0jr7NUyPEkc2")
    assert location.name == "Достоевская"
    assert location.kind == Location.Kind.WAREHOUSE
    stock = Stock.objects.get(location=location)
    assert stock.on_hand == 1
    assert stock.variant.product.name == "dev test my 137"
    assert stock.variant.is_for_sale
    assert report.total("stock", "created") == 1


def test_avdivo_price_type_becomes_retail(samples):
    catalog.import_commerceml([samples / AVDIVO])

    price_type = PriceType.objects.get(external_id="cbcf493b-55bc-11d9-848a-00112f43529a")
    assert price_type.is_retail
    assert catalog.retail_prices([Variant.objects.get().pk]) != {}


def test_yml_sample_offers_and_categories(samples):
    report = catalog.import_yml(samples / YML)

    assert Variant.objects.count() == 132
    assert Product.objects.count() == 132
    assert Category.objects.count() == 23
    assert Category.objects.filter(parent__isnull=False).count() == 16
    assert Category.objects.get(external_id="yml:103").parent.external_id == "yml:102"
    assert report.total("prices", "created") == 132


def test_yml_sample_vendor_model_names(samples):
    catalog.import_yml(samples / YML)

    product = Product.objects.get(external_id="yml:4")
    assert product.vendor
    assert product.name.startswith(product.vendor)
    assert product.variants.get().is_for_sale


@pytest.mark.parametrize(
    "files",
    [pytest.param(DENIS, id="denis"), pytest.param([AVDIVO], id="avdivo")],
)
def test_commerceml_sample_reimport_changes_nothing(samples, files):
    catalog.import_commerceml([samples / name for name in files])
    before = catalog_snapshot()

    report = catalog.import_commerceml([samples / name for name in files])

    assert catalog_snapshot() == before
    assert not report.changed


def test_yml_sample_reimport_changes_nothing(samples):
    catalog.import_yml(samples / YML)
    before = catalog_snapshot()

    report = catalog.import_yml(samples / YML)

    assert catalog_snapshot() == before
    assert not report.changed
    assert report.total("variants", "unchanged") == 132


def test_reimport_writes_no_ledger_rows(samples):
    catalog.import_commerceml([samples / AVDIVO])
    rows = Movement.objects.count()

    catalog.import_commerceml([samples / AVDIVO])

    assert Movement.objects.count() == rows
