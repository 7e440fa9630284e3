"""Real concurrent connections on PostgreSQL: row locks must keep stock from being oversold."""

from datetime import timedelta

import pytest
from django.utils import timezone

import inventory
import orders
from inventory.models import Reservation
from inventory.tasks import release_expired_holds
from orders.models import Order
from tests import factories

from .helpers import counter_sale, pickup_order, problems, run_in_threads, stock_of

pytestmark = [pytest.mark.postgres_only, pytest.mark.django_db(transaction=True)]

CLIENTS = 20


def successes(outcomes) -> list:
    return [outcome for outcome in outcomes if not isinstance(outcome, Exception)]


def failures(outcomes) -> list:
    return [outcome for outcome in outcomes if isinstance(outcome, Exception)]


def test_last_unit_counter_sales_sell_once(terminal, cashier):
    variant = factories.make_variant()
    factories.put_stock(variant, terminal.location, 1)

    outcomes = run_in_threads([lambda: counter_sale(terminal, cashier, variant)] * CLIENTS)

    assert len(successes(outcomes)) == 1
    assert all(isinstance(error, orders.OutOfStock) for error in failures(outcomes)), failures(outcomes)
    assert stock_of(variant, terminal.location).on_hand == 0
    assert Order.objects.count() == 1
    assert problems() == []


def test_last_unit_inventory_sell_once(store):
    variant = factories.make_variant()
    floor = factories.shop_floor(store)
    factories.put_stock(variant, floor, 1)
    line = inventory.StockLine(variant.pk, floor.pk, 1)

    outcomes = run_in_threads([lambda: inventory.sell([line], document="sale:race")] * CLIENTS)

    assert len(successes(outcomes)) == 1
    assert all(isinstance(error, inventory.InsufficientStock) for error in failures(outcomes)), failures(outcomes)
    assert stock_of(variant, floor).on_hand == 0
    assert problems() == []


def test_sales_crossing_skus_do_not_deadlock(store):
    first, second = factories.make_variant(), factories.make_variant()
    floor = factories.shop_floor(store)
    factories.put_stock(first, floor, CLIENTS)
    factories.put_stock(second, floor, CLIENTS)
    forward = [inventory.StockLine(first.pk, floor.pk, 1), inventory.StockLine(second.pk, floor.pk, 1)]
    backward = list(reversed(forward))

    outcomes = run_in_threads(
        [lambda lines=(forward if i % 2 else backward): inventory.sell(lines, document="sale:cross") for i in range(CLIENTS)]
    )

    assert failures(outcomes) == []
    assert stock_of(first, floor).on_hand == 0
    assert stock_of(second, floor).on_hand == 0
    assert problems() == []


def test_same_sku_cart_lines_cannot_overtake_stock(store):
    variant = factories.make_variant()
    factories.put_stock(variant, factories.shop_floor(store), 3)

    outcomes = run_in_threads([lambda: pickup_order(store, [(variant, 1), (variant, 1)])] * 10)

    assert len(successes(outcomes)) == 1
    assert all(isinstance(error, orders.OutOfStock) for error in failures(outcomes)), failures(outcomes)
    assert stock_of(variant, factories.shop_floor(store)).reserved == 2
    assert problems() == []


def test_shared_floor_sells_last_unit_once(store, terminal, cashier):
    variant = factories.make_variant()
    factories.put_stock(variant, terminal.location, 1)
    counter = [lambda: counter_sale(terminal, cashier, variant)] * (CLIENTS // 2)
    online = [lambda: pickup_order(store, [(variant, 1)])] * (CLIENTS // 2)

    outcomes = run_in_threads(counter + online)

    assert len(successes(outcomes)) == 1
    assert all(isinstance(error, orders.OutOfStock) for error in failures(outcomes)), failures(outcomes)
    stock = stock_of(variant, terminal.location)
    assert stock.on_hand - stock.reserved == 0
    assert problems() == []


def test_back_room_only_stock_reserved_concurrently(store):
    variant = factories.make_variant()
    factories.put_stock(variant, factories.back_room(store), 2)

    outcomes = run_in_threads([lambda: pickup_order(store, [(variant, 1)])] * 6)

    assert len(successes(outcomes)) == 2
    assert stock_of(variant, factories.back_room(store)).reserved == 2
    assert problems() == []


def test_concurrent_release_releases_once(store):
    variant = factories.make_variant()
    floor = factories.shop_floor(store)
    factories.put_stock(variant, floor, 2)
    expires_at = timezone.now() + timedelta(minutes=10)
    [hold] = inventory.reserve(variant.pk, [floor.pk], 2, kind="cart_hold", owner="cart:1", expires_at=expires_at)

    outcomes = run_in_threads([lambda: inventory.release([hold.pk])] * 10)

    assert failures(outcomes) == []
    assert sum(len(released) for released in outcomes) == 1
    assert stock_of(variant, floor).reserved == 0
    assert problems() == []


def test_concurrent_expiry_tasks_release_once(store):
    variant = factories.make_variant()
    floor = factories.shop_floor(store)
    factories.put_stock(variant, floor, 5)
    expired_at = timezone.now() - timedelta(minutes=1)
    for cart in range(5):
        inventory.reserve(variant.pk, [floor.pk], 1, kind="cart_hold", owner=f"cart:{cart}", expires_at=expired_at)

    outcomes = run_in_threads([release_expired_holds] * 4)

    assert failures(outcomes) == []
    released = [pk for ids in outcomes for pk in ids]
    assert len(released) == 5
    assert len(set(released)) == 5
    assert stock_of(variant, floor).reserved == 0
    assert problems() == []


def test_concurrent_unconsume_restores_once(store):
    variant = factories.make_variant()
    floor = factories.shop_floor(store)
    factories.put_stock(variant, floor, 2)
    [reservation] = inventory.reserve(variant.pk, [floor.pk], 2, kind="order", owner="order:5")
    inventory.consume([reservation.pk], document="order:5")

    outcomes = run_in_threads([lambda: inventory.unconsume([reservation.pk], document="order:5")] * 8)

    assert failures(outcomes) == []
    assert sum(len(restored) for restored in outcomes) == 1
    stock = stock_of(variant, floor)
    assert (stock.on_hand, stock.reserved) == (2, 2)
    assert Reservation.objects.get(pk=reservation.pk).status == Reservation.Status.ACTIVE
    assert problems() == []


def test_cancel_and_release_race_keeps_reserved(store):
    variant = factories.make_variant()
    floor = factories.shop_floor(store)
    factories.put_stock(variant, floor, 2)
    order = pickup_order(store, [(variant, 1)])
    inventory.reserve(variant.pk, [floor.pk], 1, kind="order", owner="order:other")

    outcomes = run_in_threads([lambda: orders.cancel_order(order)] * 4 + [lambda: inventory.release_owner(order.document)] * 4)

    assert failures(outcomes) == []
    assert stock_of(variant, floor).reserved == 1
    assert problems() == []
