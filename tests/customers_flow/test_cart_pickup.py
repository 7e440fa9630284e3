"""Cart pickup: the seller takes the customer's online cart into the terminal's sale, and both channels see one cart."""

import pytest
from django.test import Client
from django.urls import reverse

import carts
from carts.models import Cart
from orders.models import Order

from .conftest import HTMX, online_cart, pay

pytestmark = pytest.mark.django_db


def attach(client, terminal, customer):
    return client.post(reverse("pos:customer_attach", args=[terminal.pk, customer.pk]))


def test_profile_shows_online_cart(cashier_client, terminal, shopper, glass):
    cart = online_cart(shopper, (glass, 2))

    response = cashier_client.get(reverse("pos:customer", args=[terminal.pk, shopper.pk]))

    assert response.context["online_cart"] == cart
    assert [line.quantity for line in response.context["online_priced"].lines] == [2]


def test_attach_makes_cart_the_sale(cashier_client, terminal, shopper, glass):
    cart = online_cart(shopper, (glass, 2))

    attach(cashier_client, terminal, shopper)

    response = cashier_client.get(reverse("pos:sale", args=[terminal.pk]))
    assert response.context["counter"].cart == cart
    assert [line.quantity for line in response.context["counter"].lines] == [2]


def test_counter_line_shows_in_shop(cashier_client, terminal, shopper, glass, book):
    cart = online_cart(shopper, (glass, 1))
    attach(cashier_client, terminal, shopper)

    cashier_client.post(reverse("pos:scan", args=[terminal.pk]), {"code": "4600000000024"}, headers=HTMX)

    shop_cart = carts.find_cart(carts.CartOwner(customer=shopper))
    assert shop_cart == cart
    assert sorted(line.variant_id for line in carts.cart_lines(shop_cart)) == sorted([glass.pk, book.pk])


def test_attach_adds_lines_rung_up_before(cashier_client, terminal, shopper, glass, book):
    cart = online_cart(shopper, (glass, 1))
    cashier_client.post(reverse("pos:scan", args=[terminal.pk]), {"code": "4600000000017"}, headers=HTMX)
    cashier_client.post(reverse("pos:scan", args=[terminal.pk]), {"code": "4600000000024"}, headers=HTMX)

    attach(cashier_client, terminal, shopper)

    quantities = {line.variant_id: line.quantity for line in cart.lines.all()}
    assert quantities == {glass.pk: 2, book.pk: 1}
    assert Cart.objects.filter(status=Cart.Status.OPEN).count() == 1


def test_attach_without_online_cart(cashier_client, terminal, shopper, glass):
    cashier_client.post(reverse("pos:scan", args=[terminal.pk]), {"code": "4600000000017"}, headers=HTMX)

    attach(cashier_client, terminal, shopper)

    cart = carts.find_cart(carts.CartOwner(customer=shopper))
    assert cart.terminal == terminal
    assert [line.variant_id for line in cart.lines.all()] == [glass.pk]


def test_pickup_sale_places_one_order(cashier_client, terminal, shopper, glass):
    cart = online_cart(shopper, (glass, 2))
    attach(cashier_client, terminal, shopper)

    pay(cashier_client, terminal, cart)

    order = Order.objects.get()
    cart.refresh_from_db()
    assert order.customer == shopper
    assert order.channel == Order.Channel.COUNTER
    assert order.payments.count() == 1
    assert cart.status == Cart.Status.ORDERED
    assert carts.find_cart(carts.CartOwner(customer=shopper)) is None


def test_detach_hands_cart_back(cashier_client, terminal, shopper, glass):
    cart = online_cart(shopper, (glass, 1))
    attach(cashier_client, terminal, shopper)

    cashier_client.post(reverse("pos:customer_detach", args=[terminal.pk]))

    cart.refresh_from_db()
    response = cashier_client.get(reverse("pos:sale", args=[terminal.pk]))
    assert cart.terminal is None
    assert cart.status == Cart.Status.OPEN
    assert response.context["counter"].is_empty


def test_shop_add_after_attach_uses_same_cart(cashier_client, terminal, shopper, glass, book):
    cart = online_cart(shopper, (glass, 1))
    attach(cashier_client, terminal, shopper)

    carts.add_to_cart(carts.CartOwner(customer=shopper), book.pk, "1")

    response = cashier_client.get(reverse("pos:sale", args=[terminal.pk]))
    assert response.context["counter"].cart == cart
    assert len(response.context["counter"].lines) == 2


def test_shop_notes_cart_at_counter(cashier_client, terminal, shopper, glass):
    online_cart(shopper, (glass, 1))
    attach(cashier_client, terminal, shopper)
    shop_client = Client()
    shop_client.force_login(shopper.user)

    response = shop_client.get(reverse("carts:detail"))

    assert "Продавец открыл эту корзину на кассе" in response.content.decode()


def test_counter_cart_polls_for_customer(cashier_client, terminal, shopper, glass):
    anonymous = cashier_client.get(reverse("pos:sale", args=[terminal.pk])).content.decode()
    online_cart(shopper, (glass, 1))
    attach(cashier_client, terminal, shopper)

    attached = cashier_client.get(reverse("pos:sale", args=[terminal.pk])).content.decode()

    assert "every 10s" not in anonymous
    assert "every 10s" in attached
