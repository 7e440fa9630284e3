"""Fixtures of the customer flow tests: a cashier at a terminal, goods on its shop floor, a shopper with a login."""

import uuid
from decimal import Decimal

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse
from django.utils import translation

import carts
import customers
from carts.models import Cart, ManualDiscountLimit
from pos.access import CASHIERS_GROUP
from pos.counter_cart import cart_lines, cart_version


HTMX = {"HX-Request": "true"}


@pytest.fixture(autouse=True)
def russian():
    """Render and compare in Russian, the language of the counter and the shop."""
    with translation.override("ru"):
        yield


@pytest.fixture(autouse=True)
def bonuses_at_once(settings):
    """Credit earned bonuses at once, so a test can read the balance right after a sale."""
    settings.VITRINA_BONUS_HOLD_DAYS = 0


@pytest.fixture
def cashiers_group(db):
    return Group.objects.get_or_create(name=CASHIERS_GROUP)[0]


@pytest.fixture
def counter_cashier(cashier, cashiers_group):
    cashier.groups.add(cashiers_group)
    ManualDiscountLimit.objects.create(group=cashiers_group, max_percent=Decimal("10"))
    return cashier


@pytest.fixture
def shopper(db):
    """A shop login with its customer profile and a loyalty card."""
    user = customers.register_customer(
        password="pokupka-test-1", full_name="Мария Иванова", email="maria@example.ru", phone="+79161234567"
    )
    profile = user.customer
    profile.card_number = "CARD1001"
    profile.save()
    return profile


def online_cart(customer, *lines) -> Cart:
    """Fill the customer's shop cart with (variant, quantity) pairs."""
    owner = carts.CartOwner(customer=customer)
    for variant, quantity in lines:
        carts.add_to_cart(owner, variant.pk, str(quantity))
    return carts.find_cart(owner)


def give_bonuses(customer, amount: str) -> None:
    customers.earn_bonuses(customer, Decimal(amount), order_ref="test:welcome")


def pay(client, terminal, cart, *, key=None, **fields):
    data = {
        "method": "card",
        "tendered": "",
        "idempotency_key": str(key or uuid.uuid4()),
        "cart_id": cart.pk,
        "cart_version": cart_version(cart, cart_lines(cart)),
        "manual_kind": "percent",
        **fields,
    }
    return client.post(reverse("pos:pay", args=[terminal.pk]), data, headers=HTMX)
