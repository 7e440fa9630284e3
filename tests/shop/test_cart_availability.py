"""The cart page shows, per line, what each store and delivery can supply, and warns about quantities beyond all of them."""

import re

import pytest
from django.urls import reverse

from carts.models import CartLine

from .. import factories
from .helpers import add_to_cart, make_warehouse

pytestmark = pytest.mark.django_db


def line_availability(html: str, variant_id: int) -> dict[str, int]:
    block = re.search(rf'id="cart-availability-{variant_id}".*?</ul>', html, re.S)
    assert block is not None, f"no availability list for variant {variant_id}"
    numbers = {}
    row = re.compile(r'<li (?:data-store="([^"]+)"|data-delivery="true") data-available="(\d+)"')
    for match in row.finditer(block.group(0)):
        numbers[match.group(1) or "delivery"] = int(match.group(2))
    return numbers


@pytest.fixture
def vase(store):
    variant = factories.make_variant(name="Ваза", sku="AE-VEN")
    factories.put_stock(variant, factories.shop_floor(store), 6)
    factories.put_stock(variant, make_warehouse(), 15)
    return variant


def test_cart_accepts_more_than_stock(client, vase):
    response = add_to_cart(client, vase, "52")

    assert response.status_code == 302
    assert CartLine.objects.get(variant=vase).quantity == 52


def test_cart_warns_quantity_beyond_stock(client, store, vase):
    add_to_cart(client, vase, "52")

    html = client.get(reverse("carts:detail")).content.decode()

    assert line_availability(html, vase.pk) == {store.code: 6, "delivery": 15}
    assert 'data-exceeds="true"' in html
    assert "Запрошено 52" in html
    assert "не больше 15 шт. в одном месте" in html


def test_cart_no_warning_within_one_option(client, store, vase):
    add_to_cart(client, vase, "15")

    html = client.get(reverse("carts:detail")).content.decode()

    assert line_availability(html, vase.pk)["delivery"] == 15
    assert 'data-exceeds="true"' not in html


def test_cart_warning_in_htmx_partial(client, vase):
    add_to_cart(client, vase, "5")
    line = CartLine.objects.get(variant=vase)

    response = client.post(reverse("carts:update", args=[line.pk]), {"quantity": "16"}, HTTP_HX_REQUEST="true")

    assert 'data-exceeds="true"' in response.content.decode()
