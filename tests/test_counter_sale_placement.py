import uuid
from decimal import Decimal

import pytest

import orders
from inventory.models import Movement, Stock

from . import factories

pytestmark = pytest.mark.django_db


def sale(terminal, cashier, variant, quantity, *, tendered="5000", key=None):
    return orders.place_counter_sale(
        terminal=terminal,
        cashier=cashier,
        lines=[orders.RequestedLine(variant.pk, quantity)],
        method="cash",
        tendered=Decimal(tendered),
        idempotency_key=key or uuid.uuid4(),
    )


def test_counter_sale_takes_stock_and_writes_ledger(terminal, cashier):
    variant = factories.make_variant(price="1500.00")
    factories.put_stock(variant, terminal.location, 3)

    order = sale(terminal, cashier, variant, 2)

    stock = Stock.objects.get(variant=variant, location=terminal.location)
    assert stock.on_hand == 1
    movement = Movement.objects.get(document=order.document)
    assert movement.quantity == -2
    assert movement.kind == Movement.Kind.SALE
    assert order.total.amount == Decimal("3000.00")
    assert order.vat_total.amount == Decimal("540.98")
    assert order.payments.get().change.amount == Decimal("2000.00")


def test_counter_sale_refuses_more_than_available(terminal, cashier):
    variant = factories.make_variant(name="Декантер «Лебедь»")
    factories.put_stock(variant, terminal.location, 1)

    with pytest.raises(orders.OutOfStock) as raised:
        sale(terminal, cashier, variant, 2)

    assert "осталось 1" in raised.value.user_message() or "only 1 unit left" in raised.value.user_message()
    assert Stock.objects.get(variant=variant, location=terminal.location).on_hand == 1
    assert not Movement.objects.filter(kind=Movement.Kind.SALE).exists()


def test_counter_sale_repeated_key_sells_once(terminal, cashier):
    variant = factories.make_variant()
    factories.put_stock(variant, terminal.location, 5)
    key = uuid.uuid4()

    first = sale(terminal, cashier, variant, 1, key=key)
    second = sale(terminal, cashier, variant, 1, key=key)

    assert first.pk == second.pk
    assert Stock.objects.get(variant=variant, location=terminal.location).on_hand == 4


def test_counter_sale_cash_short_changes_nothing(terminal, cashier):
    variant = factories.make_variant(price="1000.00")
    factories.put_stock(variant, terminal.location, 5)

    with pytest.raises(orders.InsufficientPayment):
        sale(terminal, cashier, variant, 2, tendered="1500")

    assert Stock.objects.get(variant=variant, location=terminal.location).on_hand == 5
