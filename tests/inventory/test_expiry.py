from datetime import timedelta

import pytest
from django.utils import timezone

import inventory
from inventory.models import Reservation
from inventory.tasks import release_expired_holds
from orders.expiry import cancel_overdue_pickups
from orders.models import Order
from orders.tasks import cancel_overdue_pickup_orders
from tests import factories

from .helpers import pickup_order, problems, stock_of

pytestmark = pytest.mark.django_db


def hold(variant, location, quantity, *, minutes):
    expires_at = timezone.now() + timedelta(minutes=minutes)
    [reservation] = inventory.reserve(
        variant.pk, [location.pk], quantity, kind="cart_hold", owner="cart:1", expires_at=expires_at
    )
    return reservation


def test_release_expired_holds_task_releases_past_expiry(store):
    variant = factories.make_variant()
    floor = factories.shop_floor(store)
    factories.put_stock(variant, floor, 3)
    expired = hold(variant, floor, 1, minutes=-1)
    live = hold(variant, floor, 1, minutes=10)

    released = release_expired_holds()

    assert released == [expired.pk]
    live.refresh_from_db()
    assert live.status == Reservation.Status.ACTIVE
    assert stock_of(variant, floor).reserved == 1
    assert problems() == []


def test_release_expired_holds_twice_changes_nothing(store):
    variant = factories.make_variant()
    floor = factories.shop_floor(store)
    factories.put_stock(variant, floor, 3)
    hold(variant, floor, 2, minutes=-1)
    release_expired_holds()

    assert release_expired_holds() == []
    assert stock_of(variant, floor).reserved == 0
    assert problems() == []


def test_release_expired_keeps_orders(store):
    variant = factories.make_variant()
    factories.put_stock(variant, factories.shop_floor(store), 1)
    pickup_order(store, [(variant, 1)])

    assert release_expired_holds() == []
    assert stock_of(variant, factories.shop_floor(store)).reserved == 1


def test_overdue_pickup_cancelled_and_released(store):
    variant = factories.make_variant()
    factories.put_stock(variant, factories.shop_floor(store), 2)
    order = pickup_order(store, [(variant, 2)])

    cancelled = cancel_overdue_pickups(now=order.pickup_deadline + timedelta(seconds=1))

    order.refresh_from_db()
    assert cancelled == [order.pk]
    assert order.status == Order.Status.CANCELLED
    assert stock_of(variant, factories.shop_floor(store)).reserved == 0
    assert problems() == []


def test_pickup_within_deadline_kept(store):
    variant = factories.make_variant()
    factories.put_stock(variant, factories.shop_floor(store), 1)
    order = pickup_order(store, [(variant, 1)])

    assert cancel_overdue_pickup_orders() == []
    order.refresh_from_db()
    assert order.status == Order.Status.NEW


def test_overdue_pickup_task_twice_cancels_once(store):
    variant = factories.make_variant()
    factories.put_stock(variant, factories.shop_floor(store), 1)
    order = pickup_order(store, [(variant, 1)])
    later = order.pickup_deadline + timedelta(minutes=1)
    cancel_overdue_pickups(now=later)

    assert cancel_overdue_pickups(now=later) == []
    assert stock_of(variant, factories.shop_floor(store)).reserved == 0


def test_beat_schedule_lists_both_tasks(settings):
    tasks = {entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}

    assert "inventory.tasks.release_expired_holds" in tasks
    assert "orders.tasks.cancel_overdue_pickup_orders" in tasks
