"""Bonuses in the price: redeemed up to a share of the order and the balance, earned on money paid."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

import carts
import customers

from .builders import make_customer, make_promotion, make_variant, rub

pytestmark = pytest.mark.django_db


@pytest.fixture
def bonus_rules(settings):
    settings.VITRINA_BONUS_REDEEM_PERCENT = 30
    settings.VITRINA_BONUS_EARN_PERCENT = 5
    settings.VITRINA_BONUS_HOLD_DAYS = 0


@pytest.fixture
def rich_customer(bonus_rules):
    customer = make_customer()
    customers.earn_bonuses(customer, Decimal("5000.00"), order_ref="order:seed")
    return customer


def test_redeem_within_cap(rich_customer):
    first, second = make_variant("600.00"), make_variant("400.00")

    priced = carts.price_lines([(first, 1), (second, 1)], customer=rich_customer, redeem_bonus=Decimal("300.00"))

    assert priced.bonus_used == rub("300.00")
    assert priced.total == rub("700.00")
    assert [line.bonus for line in priced.lines] == [rub("180.00"), rub("120.00")]
    assert [line.discount for line in priced.lines] == [rub("180.00"), rub("120.00")]


def test_redeem_over_share_rejected(rich_customer):
    variant = make_variant("1000.00")

    with pytest.raises(carts.BonusOverLimit) as raised:
        carts.price_lines([(variant, 1)], customer=rich_customer, redeem_bonus="300.01")

    assert raised.value.code == "bonus_over_limit"
    assert raised.value.allowed == Decimal("300")


def test_redeem_cap_after_discounts(rich_customer):
    variant = make_variant("1000.00")
    make_promotion("percent", "10")

    priced = carts.price_lines([(variant, 1)], customer=rich_customer)

    assert priced.bonus_redeemable == rub("270.00")


def test_redeem_over_balance_rejected(bonus_rules):
    customer = make_customer()
    customers.earn_bonuses(customer, Decimal("50.00"), order_ref="order:1")
    variant = make_variant("1000.00")

    with pytest.raises(carts.BonusOverLimit) as raised:
        carts.price_lines([(variant, 1)], customer=customer, redeem_bonus="50.01")

    assert raised.value.allowed == Decimal("50")


def test_redeem_needs_customer(bonus_rules):
    variant = make_variant("1000.00")

    with pytest.raises(carts.BonusNeedsCustomer):
        carts.price_lines([(variant, 1)], redeem_bonus="10")


@pytest.mark.parametrize("amount", ["-1", "0.001", "abc", "NaN"])
def test_redeem_invalid_amount_rejected(rich_customer, amount):
    variant = make_variant("1000.00")

    with pytest.raises(carts.BonusAmountInvalid):
        carts.price_lines([(variant, 1)], customer=rich_customer, redeem_bonus=amount)


def test_earn_on_money_paid(rich_customer):
    variant = make_variant("1000.00")
    make_promotion("percent", "10")

    priced = carts.price_lines([(variant, 1)], customer=rich_customer, redeem_bonus="200.00")

    assert priced.total == rub("700.00")
    assert priced.bonus_to_earn == rub("35.00")


def test_earn_rounds_down(bonus_rules):
    variant = make_variant("99.99")

    assert carts.price_lines([(variant, 1)]).bonus_to_earn == rub("4.99")


def test_held_bonuses_not_redeemable(settings):
    settings.VITRINA_BONUS_HOLD_DAYS = 14
    customer = make_customer()
    customers.earn_bonuses(customer, Decimal("100.00"), order_ref="order:1")
    variant = make_variant("1000.00")

    priced = carts.price_lines([(variant, 1)], customer=customer)

    assert priced.bonus_redeemable == rub("0.00")
    assert customers.held_bonus_balance(customer) == Decimal("100.00")
    customers.release_due_bonuses(now=timezone.now() + timedelta(days=14, seconds=1))
    assert carts.price_lines([(variant, 1)], customer=customer).bonus_redeemable == rub("100.00")
