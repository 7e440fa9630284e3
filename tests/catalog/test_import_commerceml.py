"""CommerceML as 1C and MoySklad write it: namespaces, characteristics, stock layouts, VAT, currencies."""

from decimal import Decimal

import pytest

import catalog
import inventory
from catalog.models import Category, Price, PriceType, Product, Variant
from inventory.models import Location, Stock
from tests import factories

from .snapshots import catalog_snapshot

pytestmark = pytest.mark.django_db


@pytest.fixture
def namespaced(data):
    return [data / "namespaced_import.xml", data / "namespaced_offers.xml"]


def on_hand(variant: Variant, external_id: str) -> int:
    return Stock.objects.get(variant=variant, location__external_id=external_id).on_hand


def test_namespaced_category_tree(namespaced):
    catalog.import_commerceml(namespaced)

    assert Category.objects.get(external_id="g-red").parent.name == "Бокалы"


def test_namespaced_product_fields(namespaced):
    catalog.import_commerceml(namespaced)

    product = Product.objects.get(external_id="p-bordeaux")
    assert product.name == "Бокал «Бордо»"
    assert product.category.external_id == "g-red"
    assert product.description == "Высокая чаша.\n\nСтрана: Австрия"
    assert [image.url for image in product.images.all()] == ["import_files/bdx.jpg"]


def test_characteristics_make_variants(namespaced):
    catalog.import_commerceml(namespaced)

    product = Product.objects.get(external_id="p-bordeaux")
    variants = {variant.external_id: variant for variant in product.variants.all()}
    assert set(variants) == {"p-bordeaux#c-650", "p-bordeaux#c-860"}
    assert variants["p-bordeaux#c-650"].name == "650 мл"
    assert variants["p-bordeaux#c-650"].characteristics.get().name == "Объём"
    assert variants["p-bordeaux#c-650"].barcodes.get().code == "4607712000012"


def test_vat_20_becomes_22(namespaced):
    report = catalog.import_commerceml(namespaced)

    assert Product.objects.get(external_id="p-bordeaux").vat_rate == "22"
    assert Product.objects.get(external_id="p-book").vat_rate == "10"
    assert report.vat_raised == 1
    assert "had VAT 20 %" in str(report)


def test_rouble_spellings_and_comma_decimal(namespaced):
    catalog.import_commerceml(namespaced)

    price = Price.objects.get(variant__external_id="p-bordeaux#c-650")
    assert price.amount.amount == Decimal("1200.50")
    assert price.price_type.is_retail


def test_foreign_price_type_skipped(namespaced):
    report = catalog.import_commerceml(namespaced)

    assert not PriceType.objects.filter(external_id="pt-usd").exists()
    assert report.total("price_types", "skipped") == 1
    assert 'price type "Экспорт" is in USD, not in roubles' in str(report)


def test_variant_without_rouble_price_not_for_sale(namespaced):
    catalog.import_commerceml(namespaced)

    assert not Variant.objects.get(external_id="p-bordeaux#c-860").is_for_sale
    assert Variant.objects.get(external_id="p-bordeaux#c-650").is_for_sale


def test_stock_by_warehouse_208(namespaced):
    report = catalog.import_commerceml(namespaced)

    variant = Variant.objects.get(external_id="p-bordeaux#c-650")
    assert on_hand(variant, "wh-north") == 7
    assert Location.objects.get(external_id="wh-north").name == "Северный склад"
    assert report.quantities_rounded == 1


def test_stock_by_warehouse_attributes(namespaced):
    catalog.import_commerceml(namespaced)

    variant = Variant.objects.get(external_id="p-book")
    assert on_hand(variant, "wh-south") == 2
    assert on_hand(variant, "wh-north") == 1
    assert not Stock.objects.filter(variant=variant, location__external_id="default").exists()


def test_total_stock_goes_to_default_location(namespaced):
    catalog.import_commerceml(namespaced)

    location = Location.objects.get(external_id="default")
    assert location.name == "Основной склад"
    assert on_hand(Variant.objects.get(external_id="p-bordeaux#c-860"), "default") == 3


def test_total_stock_goes_to_shipping_location(namespaced):
    shipping = Location.objects.create(
        name="Склад интернет-магазина", kind=Location.Kind.WAREHOUSE, external_id="web", ships_online_orders=True
    )

    catalog.import_commerceml(namespaced)

    assert on_hand(Variant.objects.get(external_id="p-bordeaux#c-860"), shipping.external_id) == 3
    assert not Location.objects.filter(external_id="default").exists()


def test_namespaced_reimport_changes_nothing(namespaced):
    catalog.import_commerceml(namespaced)
    before = catalog_snapshot()

    report = catalog.import_commerceml(namespaced)

    assert catalog_snapshot() == before
    assert not report.changed


def test_prefixed_tags(data):
    catalog.import_commerceml([data / "prefixed.xml"])

    variant = Variant.objects.get(external_id="p-corkscrew")
    assert variant.product.category.name == "Штопоры"
    assert variant.sku == "CS-1"
    assert variant.prices.get().amount.amount == Decimal("3500.00")
    assert on_hand(variant, "default") == 5
    assert variant.is_for_sale


def test_existing_retail_type_kept(namespaced):
    factories.retail_price_type()

    catalog.import_commerceml(namespaced)

    assert PriceType.objects.get(is_retail=True).external_id == "retail"
    assert not Variant.objects.get(external_id="p-bordeaux#c-650").is_for_sale


def test_count_below_reserved_skipped(namespaced):
    catalog.import_commerceml(namespaced)
    variant = Variant.objects.get(external_id="p-book")
    location = Location.objects.get(external_id="wh-south")
    factories.put_stock(variant, location, 3)
    inventory.reserve(variant.pk, [location.pk], 5, kind="order", owner="order:test")

    report = catalog.import_commerceml(namespaced)

    assert on_hand(variant, "wh-south") == 5
    assert report.total("stock", "skipped") == 1
    assert "below the 5 units reserved" in str(report)


def test_updated_price_counted(namespaced, tmp_path):
    catalog.import_commerceml(namespaced)
    changed = tmp_path / "offers.xml"
    changed.write_text(namespaced[1].read_text(encoding="utf-8").replace("2400", "2500"), encoding="utf-8")

    report = catalog.import_commerceml([changed])

    assert report.total("prices", "updated") == 1
    assert Price.objects.get(variant__external_id="p-book").amount.amount == Decimal("2500.00")


def test_characteristic_goods_replace_plain_variant(data):
    catalog.import_commerceml([data / "moysklad_import.xml"])

    product = Product.objects.get(external_id="sleeve")
    assert sorted(product.variants.values_list("external_id", flat=True)) == ["sleeve#red", "sleeve#silver"]
    assert Variant.objects.get(external_id="sleeve#red").name == "Бордовый"


def test_characteristic_goods_reimport_changes_nothing(data):
    catalog.import_commerceml([data / "moysklad_import.xml"])
    before = catalog_snapshot()

    report = catalog.import_commerceml([data / "moysklad_import.xml"])

    assert catalog_snapshot() == before
    assert not report.changed


def test_deleted_goods_inactive(data):
    catalog.import_commerceml([data / "moysklad_import.xml"])

    assert not Product.objects.get(external_id="old-glass").is_active


def test_barcode_of_other_variant_skipped(data):
    report = catalog.import_commerceml([data / "moysklad_import.xml"])

    assert not Variant.objects.get(external_id="stopper").barcodes.exists()
    assert 'barcode 4607712000050 already belongs to "Чехол-охладитель, Бордовый"' in str(report)


def test_unknown_vat_gets_default(data):
    report = catalog.import_commerceml([data / "moysklad_import.xml"])

    assert Product.objects.get(external_id="stopper").vat_rate == "22"
    assert report.unknown_vat["12.5"] == 1


def test_single_path_accepted(data):
    catalog.import_commerceml(data / "prefixed.xml")

    assert Variant.objects.filter(external_id="p-corkscrew").exists()


def test_dropped_plain_variant_not_counted(data):
    report = catalog.import_commerceml([data / "moysklad_import.xml"])

    assert report.total("variants", "created") == Variant.objects.count()
