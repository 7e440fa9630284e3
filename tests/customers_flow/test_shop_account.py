"""The shop account: bonus balance and ledger, orders from both channels, the QR code for the counter."""

import uuid
from decimal import Decimal

import pytest
from django.urls import reverse

import customers
import orders
from orders.models import Order

from ..shop.helpers import checkout_data
from .conftest import give_bonuses

pytestmark = pytest.mark.django_db


@pytest.fixture
def shopper_client(client, shopper):
    client.force_login(shopper.user)
    return client


def sell_at_counter(terminal, cashier, customer, variant) -> Order:
    return orders.place_counter_sale(
        terminal=terminal,
        cashier=cashier,
        lines=[orders.RequestedLine(variant.pk, 1)],
        method="card",
        tendered=None,
        idempotency_key=uuid.uuid4(),
        customer=customer,
    )


def test_account_shows_qr_with_token(shopper_client, shopper):
    response = shopper_client.get(reverse("customers:account"))

    html = response.content.decode()
    assert "<svg" in html
    assert f'data-customer-token="{customers.customer_token(shopper)}"' in html


def test_account_shows_bonus_balance(shopper_client, shopper):
    give_bonuses(shopper, "250.00")

    response = shopper_client.get(reverse("customers:account"))

    assert response.context["bonus_balance"] == Decimal("250.00")
    assert "Доступно бонусов: 250,00" in response.content.decode()
    assert len(response.context["ledger"]) == 1


def test_account_lists_counter_and_web_orders(shopper_client, shopper, terminal, cashier, glass, store):
    counter = sell_at_counter(terminal, cashier, shopper, glass)
    web = orders.place_web_order(
        lines=[orders.RequestedLine(glass.pk, 1)],
        fulfilment="pickup",
        contact=orders.Contact(name="Мария", phone="+79161234567"),
        idempotency_key=uuid.uuid4(),
        store=store,
        customer=shopper,
    )

    response = shopper_client.get(reverse("customers:account"))

    assert {order.pk for order in response.context["orders"]} == {counter.pk, web.pk}


def test_counter_order_page_opens_for_customer(shopper_client, shopper, terminal, cashier, glass):
    order = sell_at_counter(terminal, cashier, shopper, glass)

    response = shopper_client.get(reverse("orders:detail", args=[order.pk]))

    assert response.status_code == 200


def test_web_order_redeems_and_earns(shopper, glass, store):
    give_bonuses(shopper, "400.00")

    order = orders.place_web_order(
        lines=[orders.RequestedLine(glass.pk, 1)],
        fulfilment="pickup",
        contact=orders.Contact(name="Мария", phone="+79161234567"),
        idempotency_key=uuid.uuid4(),
        store=store,
        customer=shopper,
        redeem_bonus="300",
    )

    assert order.total.amount == Decimal("1200.00")
    assert order.bonus_used.amount == Decimal("300.00")
    assert order.bonus_earned.amount == Decimal("60.00")
    assert customers.bonus_balance(shopper) == Decimal("160.00")


def test_cancel_claws_back_earned(shopper, glass, store):
    order = orders.place_web_order(
        lines=[orders.RequestedLine(glass.pk, 1)],
        fulfilment="pickup",
        contact=orders.Contact(name="Мария", phone="+79161234567"),
        idempotency_key=uuid.uuid4(),
        store=store,
        customer=shopper,
    )

    orders.cancel_order(order)

    assert customers.bonus_balance(shopper) == Decimal("0.00")


def test_checkout_redeems_bonuses(shopper_client, shopper, glass, store):
    give_bonuses(shopper, "400.00")
    shopper_client.post(reverse("carts:add"), {"variant": glass.pk, "quantity": "1"})

    shopper_client.post(reverse("orders:checkout"), checkout_data(store=store.pk, redeem_bonus="300"))

    order = Order.objects.get()
    assert order.bonus_used.amount == Decimal("300.00")
    assert order.total.amount == Decimal("1200.00")


def test_checkout_bonus_over_cap_keeps_form(shopper_client, shopper, glass, store):
    give_bonuses(shopper, "1000.00")
    shopper_client.post(reverse("carts:add"), {"variant": glass.pk, "quantity": "1"})

    response = shopper_client.post(reverse("orders:checkout"), checkout_data(store=store.pk, redeem_bonus="600"))

    assert response.status_code == 409
    assert not Order.objects.exists()
    assert 'value="600"' in response.content.decode()
    assert customers.bonus_balance(shopper) == Decimal("1000.00")


def test_cart_refresh_returns_partial(shopper_client, shopper, glass):
    shopper_client.post(reverse("carts:add"), {"variant": glass.pk, "quantity": "1"})

    response = shopper_client.get(reverse("carts:detail"), headers={"HX-Request": "true"})

    html = response.content.decode()
    assert 'id="cart"' in html
    assert "<html" not in html
    assert 'hx-trigger="stock-changed, every 10s' in html
