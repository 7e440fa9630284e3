import pytest
from django.core.management import CommandError, call_command

import inventory
from inventory.models import Movement, Reservation, Stock
from tests import factories

from .helpers import problems, stock_of

pytestmark = pytest.mark.django_db


def test_adjust_writes_reason_and_user(store, cashier):
    variant = factories.make_variant()
    floor = factories.shop_floor(store)
    factories.put_stock(variant, floor, 5)

    movement = inventory.adjust(variant.pk, floor.pk, -2, reason="broken in the window", user=cashier)

    assert (movement.kind, movement.quantity, movement.on_hand_after) == (Movement.Kind.ADJUSTMENT, -2, 3)
    assert (movement.reason, movement.user) == ("broken in the window", cashier)
    assert problems() == []


@pytest.mark.parametrize("change, reason", [(0, "count"), (True, "count"), (2, "  ")])
def test_adjust_invalid_changes_nothing(store, change, reason):
    variant = factories.make_variant()
    floor = factories.shop_floor(store)
    factories.put_stock(variant, floor, 5)

    with pytest.raises(inventory.InvalidQuantity):
        inventory.adjust(variant.pk, floor.pk, change, reason=reason, user=None)

    assert stock_of(variant, floor).on_hand == 5


def test_adjust_below_reserved_rejected(store):
    variant = factories.make_variant()
    floor = factories.shop_floor(store)
    factories.put_stock(variant, floor, 2)
    inventory.reserve(variant.pk, [floor.pk], 2, kind="order", owner="order:1")

    with pytest.raises(inventory.InsufficientStock):
        inventory.adjust(variant.pk, floor.pk, -1, reason="lost", user=None)

    assert stock_of(variant, floor).on_hand == 2
    assert problems() == []


def test_transfer_moves_out_and_in(store):
    variant = factories.make_variant()
    floor, back = factories.shop_floor(store), factories.back_room(store)
    factories.put_stock(variant, back, 4)

    movements = inventory.transfer([inventory.StockLine(variant.pk, back.pk, 3)], to_location_id=floor.pk, document="transfer:1")

    assert sorted(m.quantity for m in movements) == [-3, 3]
    assert (stock_of(variant, back).on_hand, stock_of(variant, floor).on_hand) == (1, 3)
    assert problems() == []


def test_transfer_short_changes_nothing(store):
    variant = factories.make_variant()
    floor, back = factories.shop_floor(store), factories.back_room(store)
    factories.put_stock(variant, back, 1)

    with pytest.raises(inventory.InsufficientStock):
        inventory.transfer([inventory.StockLine(variant.pk, back.pk, 2)], to_location_id=floor.pk, document="t:2")

    assert Movement.objects.filter(document="t:2").count() == 0
    assert problems() == []


def test_sell_short_line_sells_nothing(store):
    first, second = factories.make_variant(), factories.make_variant()
    floor = factories.shop_floor(store)
    factories.put_stock(first, floor, 2)
    factories.put_stock(second, floor, 1)
    lines = [inventory.StockLine(first.pk, floor.pk, 1), inventory.StockLine(second.pk, floor.pk, 2)]

    with pytest.raises(inventory.InsufficientStock) as raised:
        inventory.sell(lines, document="sale:1")

    assert [s.variant_id for s in raised.value.shortages] == [second.pk]
    assert stock_of(first, floor).on_hand == 2
    assert problems() == []


def test_problems_found_on_drift(store):
    variant = factories.make_variant()
    floor = factories.shop_floor(store)
    factories.put_stock(variant, floor, 2)
    # Simulate a drift that bypasses the inventory functions.
    Stock.objects.filter(variant=variant, location=floor).update(on_hand=3, reserved=1)

    codes = [problem.code for problem in inventory.find_stock_problems()]

    assert codes == ["on_hand_mismatch", "reserved_mismatch"]


def test_problems_found_on_negative_available(store):
    variant = factories.make_variant()
    floor = factories.shop_floor(store)
    factories.put_stock(variant, floor, 1)
    # A reservation written past the inventory functions promises a unit that is not there.
    Reservation.objects.create(variant=variant, location=floor, kind="order", quantity=2, owner="order:1")

    codes = [problem.code for problem in inventory.find_stock_problems()]

    assert codes == ["reserved_mismatch", "negative_available"]


def test_check_stock_command_ok(store, capsys):
    variant = factories.make_variant()
    factories.put_stock(variant, factories.shop_floor(store), 2)

    call_command("check_stock")

    assert "1" in capsys.readouterr().out


def test_check_stock_command_fails_on_drift(store):
    variant = factories.make_variant()
    floor = factories.shop_floor(store)
    factories.put_stock(variant, floor, 2)
    Stock.objects.filter(variant=variant, location=floor).update(on_hand=1)

    with pytest.raises(CommandError):
        call_command("check_stock")
