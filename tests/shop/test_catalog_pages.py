import uuid
from decimal import Decimal

import pytest
from django.urls import reverse

import orders
from catalog.models import Category, Characteristic, ProductImage

from .. import factories
from .helpers import availability_numbers, make_warehouse

pytestmark = pytest.mark.django_db


def test_product_page_shows_price_and_store_numbers(client):
    variant = factories.make_variant("Бокал Riedel", price="2490.00")
    patriarchs = factories.make_store("Патриаршие", code="patriarchs")
    nevsky = factories.make_store("Невский", code="nevsky")
    factories.put_stock(variant, factories.shop_floor(patriarchs), 2)
    factories.put_stock(variant, factories.back_room(patriarchs), 1)
    factories.put_stock(variant, make_warehouse(), 12)

    response = client.get(reverse("catalog:product", args=[variant.product_id]))

    html = response.content.decode()
    numbers = availability_numbers(html, variant.pk)
    assert response.status_code == 200
    assert 'data-price="2490.00"' in html
    assert numbers["patriarchs"] == 3
    assert numbers["nevsky"] == 0
    assert numbers["delivery"] == 12
    assert "Патриаршие: в наличии 3 шт." in html
    assert "Невский: нет в наличии" in html
    assert "Доставка со склада: 12 шт." in html


def test_product_page_shows_images_characteristics_description(client):
    variant = factories.make_variant("Скатерть льняная")
    product = variant.product
    product.description = "Лён, ручная вышивка."
    product.save()
    ProductImage.objects.create(product=product, url="/media/tablecloth.jpg")
    Characteristic.objects.create(variant=variant, name="Цвет", value="Белый")

    html = client.get(reverse("catalog:product", args=[product.pk])).content.decode()

    assert 'src="/media/tablecloth.jpg"' in html
    assert "Лён, ручная вышивка." in html
    assert "Белый" in html


def test_product_page_variant_without_price_not_buyable(client):
    variant = factories.make_variant("Ваза без цены", price=None)

    html = client.get(reverse("catalog:product", args=[variant.product_id])).content.decode()

    assert "Нет в продаже" in html
    assert reverse("carts:add") not in html


def test_availability_drops_after_counter_sale(client, terminal, cashier):
    variant = factories.make_variant()
    factories.put_stock(variant, terminal.location, 3)
    url = reverse("catalog:product", args=[variant.product_id])
    before = availability_numbers(client.get(url).content.decode(), variant.pk)[terminal.store.code]

    orders.place_counter_sale(
        terminal=terminal,
        cashier=cashier,
        lines=[orders.RequestedLine(variant.pk, 2)],
        method="cash",
        tendered=Decimal("5000"),
        idempotency_key=uuid.uuid4(),
    )

    after = availability_numbers(client.get(url).content.decode(), variant.pk)[terminal.store.code]
    assert before == 3
    assert after == 1


def test_availability_drops_after_pickup_order(client, store):
    variant = factories.make_variant()
    factories.put_stock(variant, factories.shop_floor(store), 4)

    orders.place_web_order(
        lines=[orders.RequestedLine(variant.pk, 3)],
        fulfilment="pickup",
        contact=orders.Contact(name="Мария", phone="+79161234567"),
        idempotency_key=uuid.uuid4(),
        store=store,
    )

    html = client.get(reverse("catalog:product", args=[variant.product_id])).content.decode()
    assert availability_numbers(html, variant.pk)[store.code] == 1


def test_availability_partial_has_stable_id(client, store):
    variant = factories.make_variant()
    factories.put_stock(variant, factories.shop_floor(store), 5)

    html = client.get(reverse("catalog:availability", args=[variant.pk])).content.decode()

    assert html.strip().startswith(f'<div class="availability" id="availability-{variant.pk}"')
    assert availability_numbers(html, variant.pk)[store.code] == 5


@pytest.mark.parametrize("field", ["name", "sku", "barcode"])
def test_search_finds_variant(client, field):
    variant = factories.make_variant("Декантер «Лебедь»", sku="DEC-777", barcode="4601234567893")
    factories.make_variant("Штопор")
    query = {"name": "лебедь", "sku": "DEC-777", "barcode": "4601234567893"}[field]

    html = client.get(reverse("catalog:search"), {"q": query}).content.decode()

    assert reverse("catalog:product", args=[variant.product_id]) in html
    assert "Штопор" not in html


def test_home_and_category_list_products(client):
    parent = Category.objects.create(name="Посуда")
    child = Category.objects.create(name="Бокалы", parent=parent)
    variant = factories.make_variant("Бокал для шампанского")
    variant.product.category = child
    variant.product.save()
    factories.make_variant("Свеча ароматическая")

    home = client.get(reverse("catalog:home")).content.decode()
    category = client.get(reverse("catalog:category", args=[parent.pk])).content.decode()

    assert "Бокалы" in home
    assert "Бокал для шампанского" in home
    assert "Бокал для шампанского" in category
    assert "Свеча ароматическая" not in category
