"""lock_stock and the stock writes it serves: missing rows, ids of ledger rows, nested transactions."""

import pytest
from django.db import transaction

import inventory
from inventory.locking import lock_stock
from inventory.models import Movement, Stock
from tests import factories

from .helpers import problems, run_in_threads, stock_of

CLIENTS = 10


def test_lock_stock_creates_missing_rows(store):
    known, new = factories.make_variant(), factories.make_variant()
    floor = factories.shop_floor(store)
    factories.put_stock(known, floor, 3)

    with transaction.atomic():
        rows = lock_stock([(new.pk, floor.pk), (known.pk, floor.pk)])

    assert rows[(known.pk, floor.pk)].on_hand == 3
    assert rows[(new.pk, floor.pk)].on_hand == 0
    assert Stock.objects.filter(variant=new, location=floor).count() == 1


def test_lock_stock_empty_keys(store):
    with transaction.atomic():
        assert lock_stock([]) == {}


def test_sell_returns_saved_movements(store, cashier):
    first, second = factories.make_variant(), factories.make_variant()
    floor = factories.shop_floor(store)
    factories.put_stock(first, floor, 5)
    factories.put_stock(second, floor, 5)

    movements = inventory.sell(
        [inventory.StockLine(first.pk, floor.pk, 2), inventory.StockLine(second.pk, floor.pk, 1)],
        document="sale:ids",
        user=cashier,
    )

    saved = {movement.pk: movement for movement in Movement.objects.filter(document="sale:ids")}
    assert sorted(saved) == sorted(movement.pk for movement in movements)
    for movement in movements:
        assert saved[movement.pk].variant_id == movement.variant_id
        assert saved[movement.pk].on_hand_after == movement.on_hand_after
        assert saved[movement.pk].user_id == cashier.pk
    assert stock_of(first, floor).on_hand == 3
    assert stock_of(second, floor).on_hand == 4


def test_sell_short_inside_transaction_keeps_it_usable(store):
    variant = factories.make_variant()
    floor = factories.shop_floor(store)
    factories.put_stock(variant, floor, 1)
    line = inventory.StockLine(variant.pk, floor.pk, 2)

    with transaction.atomic():
        with pytest.raises(inventory.InsufficientStock):
            inventory.sell([line], document="sale:short")
        inventory.sell([inventory.StockLine(variant.pk, floor.pk, 1)], document="sale:after")

    assert stock_of(variant, floor).on_hand == 0
    assert Movement.objects.filter(document="sale:short").count() == 0
    assert problems() == []


@pytest.mark.postgres_only
@pytest.mark.django_db(transaction=True)
def test_receive_new_row_concurrently(store):
    variant = factories.make_variant()
    floor = factories.shop_floor(store)
    line = inventory.StockLine(variant.pk, floor.pk, 1)

    outcomes = run_in_threads([lambda: inventory.receive([line], document="receipt:race")] * CLIENTS)

    assert [outcome for outcome in outcomes if isinstance(outcome, Exception)] == []
    assert Stock.objects.filter(variant=variant, location=floor).count() == 1
    assert stock_of(variant, floor).on_hand == CLIENTS
    assert problems() == []
