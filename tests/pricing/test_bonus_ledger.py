"""The bonus ledger: every operation is a row, and each balance is the sum of its rows."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.db.models import Sum
from django.utils import timezone

import customers
from customers.models import BonusEntry
from customers.tasks import release_held_bonuses

from .builders import make_customer

pytestmark = pytest.mark.django_db


def ledger_sum(customer, bucket: str) -> Decimal:
    total = BonusEntry.objects.filter(account__customer=customer, bucket=bucket).aggregate(total=Sum("amount"))["total"]
    return total or Decimal(0)


@pytest.fixture
def customer(settings):
    settings.VITRINA_BONUS_HOLD_DAYS = 0
    return make_customer()


def test_ledger_balance_is_sum_of_entries(customer):
    customers.earn_bonuses(customer, Decimal("500.00"), order_ref="order:1")
    customers.redeem_bonuses(customer, Decimal("120.50"), order_ref="order:2")
    customers.expire_bonuses(customer, Decimal("30.00"), note="Срок действия истёк")
    customers.hold_bonuses(customer, Decimal("40.00"), order_ref="order:3", release_at=timezone.now())
    customers.release_due_bonuses()
    customers.claw_back_bonuses(customer, Decimal("10.00"), order_ref="order:1")

    assert customers.bonus_balance(customer) == Decimal("379.50")
    assert customers.bonus_balance(customer) == ledger_sum(customer, "available")
    assert customers.held_bonus_balance(customer) == ledger_sum(customer, "held")
    assert customers.held_bonus_balance(customer) == Decimal("0.00")


def test_every_entry_has_its_order(customer):
    customers.earn_bonuses(customer, Decimal("100.00"), order_ref="order:7")
    customers.redeem_bonuses(customer, Decimal("40.00"), order_ref="order:8")

    assert list(BonusEntry.objects.values_list("kind", "order_ref", "amount")) == [
        ("earn", "order:7", Decimal("100.00")),
        ("redeem", "order:8", Decimal("-40.00")),
    ]


def test_redeem_over_balance_changes_nothing(customer):
    customers.earn_bonuses(customer, Decimal("100.00"), order_ref="order:1")

    with pytest.raises(customers.InsufficientBonuses) as raised:
        customers.redeem_bonuses(customer, Decimal("100.01"), order_ref="order:2")

    assert raised.value.code == "insufficient_bonuses"
    assert customers.bonus_balance(customer) == Decimal("100.00")
    assert BonusEntry.objects.count() == 1


@pytest.mark.parametrize("amount", [Decimal("0"), Decimal("-5"), Decimal("0.001")])
def test_ledger_rejects_bad_amount(customer, amount):
    with pytest.raises(customers.InvalidBonusAmount):
        customers.redeem_bonuses(customer, amount, order_ref="order:1")


def test_earn_held_for_return_window(settings):
    settings.VITRINA_BONUS_HOLD_DAYS = 14
    customer = make_customer()
    now = timezone.now()

    hold = customers.earn_bonuses(customer, Decimal("70.00"), order_ref="order:1", now=now)

    assert hold.kind == "hold"
    assert hold.release_at == now + timedelta(days=14)
    assert customers.bonus_balance(customer) == Decimal("0.00")
    assert customers.held_bonus_balance(customer) == Decimal("70.00")


def test_release_waits_for_date(customer):
    release_at = timezone.now() + timedelta(days=14)
    customers.hold_bonuses(customer, Decimal("70.00"), order_ref="order:1", release_at=release_at)

    assert customers.release_due_bonuses(now=release_at - timedelta(seconds=1)) == 0
    assert customers.release_due_bonuses(now=release_at) == 1
    assert customers.bonus_balance(customer) == Decimal("70.00")


def test_release_twice_changes_nothing(customer):
    customers.hold_bonuses(customer, Decimal("70.00"), order_ref="order:1", release_at=timezone.now())

    assert release_held_bonuses() == 1
    assert release_held_bonuses() == 0
    assert customers.bonus_balance(customer) == Decimal("70.00")
    assert customers.held_bonus_balance(customer) == Decimal("0.00")


def test_claw_back_takes_held_first(customer):
    release_at = timezone.now() + timedelta(days=14)
    customers.hold_bonuses(customer, Decimal("70.00"), order_ref="order:1", release_at=release_at)

    customers.claw_back_bonuses(customer, Decimal("30.00"), order_ref="order:1")
    customers.release_due_bonuses(now=release_at)

    assert customers.bonus_balance(customer) == Decimal("40.00")
    assert customers.held_bonus_balance(customer) == Decimal("0.00")


def test_claw_back_at_most_earned(customer):
    customers.earn_bonuses(customer, Decimal("50.00"), order_ref="order:1")
    customers.earn_bonuses(customer, Decimal("500.00"), order_ref="order:2")

    customers.claw_back_bonuses(customer, Decimal("80.00"), order_ref="order:1")
    customers.claw_back_bonuses(customer, Decimal("80.00"), order_ref="order:1")

    assert customers.bonus_balance(customer) == Decimal("500.00")


def test_claw_back_after_spending_goes_negative(customer):
    customers.earn_bonuses(customer, Decimal("50.00"), order_ref="order:1")
    customers.redeem_bonuses(customer, Decimal("50.00"), order_ref="order:2")

    customers.claw_back_bonuses(customer, Decimal("50.00"), order_ref="order:1")

    assert customers.bonus_balance(customer) == Decimal("-50.00")
    with pytest.raises(customers.InsufficientBonuses):
        customers.redeem_bonuses(customer, Decimal("0.01"), order_ref="order:3")


def test_expire_at_most_balance(customer):
    customers.earn_bonuses(customer, Decimal("20.00"), order_ref="order:1")

    entry = customers.expire_bonuses(customer, Decimal("50.00"), note="Срок действия истёк")

    assert entry.amount == Decimal("-20.00")
    assert customers.expire_bonuses(customer, Decimal("1.00"), note="Срок действия истёк") is None
