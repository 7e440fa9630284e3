"""Two counters redeeming one balance at once: the account row lock lets only one through."""

from decimal import Decimal

import pytest

import customers

from .builders import make_customer, run_in_threads

pytestmark = [pytest.mark.postgres_only, pytest.mark.django_db(transaction=True)]


def test_concurrent_redeem_only_one_succeeds(settings):
    settings.VITRINA_BONUS_HOLD_DAYS = 0
    customer = make_customer()
    customers.earn_bonuses(customer, Decimal("100.00"), order_ref="order:seed")

    outcomes = run_in_threads(
        [
            lambda index=index: customers.redeem_bonuses(customer, Decimal("70.00"), order_ref=f"order:{index}")
            for index in range(8)
        ]
    )

    errors = [outcome for outcome in outcomes if isinstance(outcome, Exception)]
    assert len(outcomes) - len(errors) == 1
    assert all(isinstance(error, customers.InsufficientBonuses) for error in errors), errors
    assert customers.bonus_balance(customer) == Decimal("30.00")


def test_concurrent_redeem_first_use_of_account(settings):
    settings.VITRINA_BONUS_HOLD_DAYS = 0
    customer = make_customer()

    outcomes = run_in_threads(
        [lambda: customers.redeem_bonuses(customer, Decimal("1.00"), order_ref="order:1")] * 4
    )

    assert all(isinstance(outcome, customers.InsufficientBonuses) for outcome in outcomes), outcomes
