"""The call and the attributes that the shop, the counter and order placement rely on."""

import pytest

import carts

from .builders import make_variant, rub

pytestmark = pytest.mark.django_db


def test_plain_call_prices_at_retail():
    variant = make_variant("1220.00")

    priced = carts.price_lines([(variant, 2)])

    line = priced.lines[0]
    assert (line.variant, line.quantity) == (variant, 2)
    assert line.unit_price == rub("1220.00")
    assert line.discount == rub("0.00")
    assert line.amount == rub("2440.00")
    assert (line.vat_rate, line.vat_amount) == ("22", rub("440.00"))
    assert (priced.total, priced.vat_total, priced.unpriced) == (rub("2440.00"), rub("440.00"), [])
    assert priced.vat_by_rate == {"22": rub("440.00")}


def test_plain_call_accepts_generator():
    variant = make_variant("100.00")

    assert carts.price_lines((pair for pair in [(variant, 1)])).total == rub("100.00")


def test_empty_cart_prices_to_zero():
    priced = carts.price_lines([])

    assert priced.total == rub("0.00")
    assert priced.bonus_to_earn == rub("0.00")
    assert priced.bonus_redeemable is None
