"""Fixtures of the counter screen tests: a cashier signed in at a terminal with stock on its shop floor."""

import pytest
from django.contrib.auth.models import Group
from django.utils import translation

from pos.access import CASHIERS_GROUP

from .. import factories


@pytest.fixture(autouse=True)
def russian():
    """Render and compare in Russian, the language of the counter."""
    with translation.override("ru"):
        yield


@pytest.fixture
def counter_cashier(cashier):
    group, _created = Group.objects.get_or_create(name=CASHIERS_GROUP)
    cashier.groups.add(group)
    return cashier


@pytest.fixture
def cashier_client(client, counter_cashier):
    client.force_login(counter_cashier)
    return client


@pytest.fixture
def glass(terminal):
    """A wine glass at 1 500 ₽ with VAT 22 %, five on the shop floor."""
    variant = factories.make_variant("Бокал для вина", price="1500.00", barcode="4600000000017")
    factories.put_stock(variant, terminal.location, 5)
    return variant


@pytest.fixture
def book(terminal):
    """A book at 800 ₽ with VAT 10 %, two on the shop floor."""
    variant = factories.make_variant("Книга о вине", price="800.00", vat_rate="10", barcode="4600000000024")
    factories.put_stock(variant, terminal.location, 2)
    return variant
