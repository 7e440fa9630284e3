from datetime import timedelta

import pytest
from django.utils import timezone

import inventory
import orders
from inventory.models import Movement, Reservation
from tests import factories

from .helpers import counter_sale, pickup_order, problems, stock_of

pytestmark = pytest.mark.django_db

SOON = timedelta(minutes=15)


def test_reserve_takes_back_room_when_floor_empty(store):
    variant = factories.make_variant()
    factories.put_stock(variant, factories.back_room(store), 2)

    order = pickup_order(store, [(variant, 1)])

    reservation = Reservation.objects.get(owner=order.document)
    assert reservation.location == factories.back_room(store)
    assert stock_of(variant, factories.back_room(store)).reserved == 1
    assert problems() == []


def test_reserve_splits_over_floor_and_back_room(store):
    variant = factories.make_variant()
    factories.put_stock(variant, factories.shop_floor(store), 1)
    factories.put_stock(variant, factories.back_room(store), 1)

    reserved = inventory.reserve(variant.pk, inventory.pickup_locations(store.pk), 2, kind="order", owner="order:1")

    assert sorted(r.quantity for r in reserved) == [1, 1]
    assert problems() == []


def test_reserve_repeated_location_counts_once(store):
    variant = factories.make_variant()
    floor = factories.shop_floor(store)
    factories.put_stock(variant, floor, 1)

    with pytest.raises(inventory.InsufficientStock):
        inventory.reserve(variant.pk, [floor.pk, floor.pk], 2, kind="order", owner="order:1")

    assert stock_of(variant, floor).reserved == 0
    assert problems() == []


def test_reserve_unknown_kind_rejected(store):
    variant = factories.make_variant()
    floor = factories.shop_floor(store)

    with pytest.raises(ValueError):
        inventory.reserve(variant.pk, [floor.pk], 1, kind="wish", owner="cart:1", expires_at=timezone.now() + SOON)


def test_cart_lines_same_sku_checked_together(store):
    variant = factories.make_variant()
    factories.put_stock(variant, factories.shop_floor(store), 3)

    with pytest.raises(orders.OutOfStock):
        pickup_order(store, [(variant, 2), (variant, 2)])

    assert stock_of(variant, factories.shop_floor(store)).reserved == 0
    assert problems() == []


def test_cancel_order_without_reservation_keeps_reserved(store):
    variant = factories.make_variant()
    floor = factories.shop_floor(store)
    factories.put_stock(variant, floor, 3)
    order = pickup_order(store, [(variant, 1)])
    inventory.reserve(variant.pk, [floor.pk], 1, kind="order", owner="order:other")
    inventory.release_owner(order.document)

    orders.cancel_order(order)

    assert stock_of(variant, floor).reserved == 1
    assert problems() == []


def test_release_twice_changes_nothing(store):
    variant = factories.make_variant()
    floor = factories.shop_floor(store)
    factories.put_stock(variant, floor, 2)
    [hold] = inventory.reserve(variant.pk, [floor.pk], 2, kind="cart_hold", owner="cart:1", expires_at=timezone.now() + SOON)

    first = inventory.release([hold.pk])
    second = inventory.release([hold.pk])

    assert [r.pk for r in first] == [hold.pk]
    assert second == []
    assert stock_of(variant, floor).reserved == 0
    assert problems() == []


def test_consume_takes_on_hand_with_ledger_row(store, cashier):
    variant = factories.make_variant()
    floor = factories.shop_floor(store)
    factories.put_stock(variant, floor, 3)
    reserved = inventory.reserve(variant.pk, [floor.pk], 2, kind="order", owner="order:7")

    inventory.consume([r.pk for r in reserved], document="order:7", user=cashier)

    stock = stock_of(variant, floor)
    assert (stock.on_hand, stock.reserved) == (1, 0)
    assert Movement.objects.get(document="order:7").quantity == -2
    assert problems() == []


def test_unconsume_restores_reservation(store, cashier):
    variant = factories.make_variant()
    floor = factories.shop_floor(store)
    factories.put_stock(variant, floor, 3)
    [reservation] = inventory.reserve(variant.pk, [floor.pk], 2, kind="order", owner="order:7")
    inventory.consume([reservation.pk], document="order:7", user=cashier)

    restored = inventory.unconsume([reservation.pk], document="order:7", user=cashier, reason="not collected")

    reservation.refresh_from_db()
    stock = stock_of(variant, floor)
    assert [r.pk for r in restored] == [reservation.pk]
    assert reservation.status == Reservation.Status.ACTIVE
    assert (stock.on_hand, stock.reserved) == (3, 2)
    assert Movement.objects.filter(kind=Movement.Kind.SALE_CANCELLED, quantity=2, user=cashier).count() == 1
    assert problems() == []


def test_unconsume_twice_changes_nothing(store):
    variant = factories.make_variant()
    floor = factories.shop_floor(store)
    factories.put_stock(variant, floor, 1)
    [reservation] = inventory.reserve(variant.pk, [floor.pk], 1, kind="order", owner="order:8")
    inventory.consume([reservation.pk], document="order:8")
    inventory.unconsume([reservation.pk], document="order:8")

    again = inventory.cancel_fulfilment([reservation.pk], document="order:8")

    assert again == []
    assert stock_of(variant, floor).on_hand == 1
    assert problems() == []


def test_unconsume_active_reservation_skipped(store):
    variant = factories.make_variant()
    floor = factories.shop_floor(store)
    factories.put_stock(variant, floor, 1)
    [reservation] = inventory.reserve(variant.pk, [floor.pk], 1, kind="order", owner="order:9")

    assert inventory.unconsume([reservation.pk], document="order:9") == []
    assert stock_of(variant, floor).on_hand == 1


def test_shared_floor_sold_at_counter_sold_out_online(store, terminal, cashier):
    variant = factories.make_variant()
    factories.put_stock(variant, terminal.location, 1)

    counter_sale(terminal, cashier, variant)

    with pytest.raises(orders.OutOfStock):
        pickup_order(store, [(variant, 1)])
    assert problems() == []


def test_shared_floor_reserved_online_sold_out_at_counter(store, terminal, cashier):
    variant = factories.make_variant()
    factories.put_stock(variant, terminal.location, 1)

    pickup_order(store, [(variant, 1)])

    with pytest.raises(orders.OutOfStock):
        counter_sale(terminal, cashier, variant)
    assert stock_of(variant, terminal.location).on_hand == 1
    assert problems() == []


def test_hold_cart_replaces_previous_holds(store, settings):
    settings.VITRINA_CART_HOLD_MINUTES = {"web": 30}
    variant = factories.make_variant()
    floor = factories.shop_floor(store)
    factories.put_stock(variant, floor, 5)
    inventory.hold_cart("cart:1", {variant.pk: 2}, [floor.pk], channel="web")

    holds = inventory.hold_cart("cart:1", {variant.pk: 3}, [floor.pk], channel="web")

    assert [h.quantity for h in holds] == [3]
    assert holds[0].expires_at > timezone.now() + timedelta(minutes=29)
    assert stock_of(variant, floor).reserved == 3
    assert problems() == []


def test_hold_cart_short_keeps_previous_holds(store, settings):
    settings.VITRINA_CART_HOLD_MINUTES = 30
    variant = factories.make_variant()
    floor = factories.shop_floor(store)
    factories.put_stock(variant, floor, 2)
    inventory.hold_cart("cart:1", {variant.pk: 1}, [floor.pk], channel="web")

    with pytest.raises(inventory.InsufficientStock):
        inventory.hold_cart("cart:1", {variant.pk: 3}, [floor.pk], channel="web")

    assert stock_of(variant, floor).reserved == 1
    assert problems() == []


def test_hold_cart_channel_without_holds(store, settings):
    settings.VITRINA_CART_HOLD_MINUTES = {"web": 30, "counter": None}
    variant = factories.make_variant()
    floor = factories.shop_floor(store)
    factories.put_stock(variant, floor, 2)

    holds = inventory.hold_cart("cart:2", {variant.pk: 1}, [floor.pk], channel="counter")

    assert holds == []
    assert stock_of(variant, floor).reserved == 0


def test_terminal_lease_renewal_replaces_lease(terminal):
    variant = factories.make_variant()
    factories.put_stock(variant, terminal.location, 10)
    expires = timezone.now() + timedelta(hours=8)
    inventory.lease_to_terminal(terminal.pk, {variant.pk: 4}, terminal.location_id, expires_at=expires)

    inventory.lease_to_terminal(terminal.pk, {variant.pk: 2}, terminal.location_id, expires_at=expires)

    lease = Reservation.objects.get(owner=f"terminal:{terminal.pk}", status=Reservation.Status.ACTIVE)
    assert (lease.kind, lease.quantity) == (Reservation.Kind.TERMINAL_LEASE, 2)
    assert stock_of(variant, terminal.location).reserved == 2
    assert problems() == []


def test_pre_order_reserves_with_expiry(store):
    variant = factories.make_variant()
    floor = factories.shop_floor(store)
    factories.put_stock(variant, floor, 1)

    [pre_order] = inventory.reserve(
        variant.pk, [floor.pk], 1, kind="pre_order", owner="customer:3", expires_at=timezone.now() + SOON
    )

    assert pre_order.kind == Reservation.Kind.PRE_ORDER
    assert inventory.available_at(variant.pk, floor.pk) == 0


def test_last_unit_sold_once_in_sequence(terminal, cashier):
    variant = factories.make_variant()
    factories.put_stock(variant, terminal.location, 1)
    sold, refused = 0, 0

    for _attempt in range(20):
        try:
            counter_sale(terminal, cashier, variant)
            sold += 1
        except orders.OutOfStock:
            refused += 1

    assert (sold, refused) == (1, 19)
    assert stock_of(variant, terminal.location).on_hand == 0
    assert problems() == []
