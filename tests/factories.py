"""Small builders for test data; each returns saved rows with sensible defaults."""

import itertools
from decimal import Decimal

from djmoney.money import Money

import inventory
from catalog.models import Barcode, PriceType, Price, Product, Variant
from inventory.models import Location, Store
from pos.models import Terminal

_sequence = itertools.count(1)


def retail_price_type() -> PriceType:
    price_type, _created = PriceType.objects.get_or_create(
        is_retail=True, defaults={"name": "Розничная", "external_id": "retail"}
    )
    return price_type


def make_variant(
    name: str = "Бокал для вина",
    *,
    price: str | Decimal = "1000.00",
    vat_rate: str = "22",
    sku: str | None = None,
    barcode: str | None = None,
) -> Variant:
    number = next(_sequence)
    product = Product.objects.create(name=name, vat_rate=vat_rate)
    variant = Variant.objects.create(product=product, sku=sku or f"SKU-{number}")
    if price is not None:
        Price.objects.create(variant=variant, price_type=retail_price_type(), amount=Money(Decimal(price), "RUB"))
    if barcode:
        Barcode.objects.create(variant=variant, code=barcode, kind=Barcode.Kind.EAN13)
    return variant


def make_store(name: str = "Бутик на Патриарших", *, code: str | None = None) -> Store:
    store = Store.objects.create(name=name, code=code or f"store-{next(_sequence)}")
    Location.objects.create(store=store, name="Торговый зал", kind=Location.Kind.SHOP_FLOOR)
    Location.objects.create(store=store, name="Подсобка", kind=Location.Kind.BACK_ROOM)
    return store


def shop_floor(store: Store) -> Location:
    return store.locations.get(kind=Location.Kind.SHOP_FLOOR)


def back_room(store: Store) -> Location:
    return store.locations.get(kind=Location.Kind.BACK_ROOM)


def make_terminal(store: Store | None = None, *, name: str = "Касса 1") -> Terminal:
    store = store or make_store()
    return Terminal.objects.create(store=store, name=name, location=shop_floor(store))


def put_stock(variant: Variant, location: Location, quantity: int) -> None:
    inventory.receive([inventory.StockLine(variant.pk, location.pk, quantity)], document="test:receipt")
