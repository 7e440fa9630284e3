"""Properties of the engine over generated carts and every kind of promotion.

Each example runs in a transaction that is rolled back, so the promotions
of one example never reach the next.
"""

from decimal import ROUND_DOWN, Decimal

import pytest
from django.db import transaction
from djmoney.money import Money
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

import carts
import customers
from carts.models import Promotion

from .builders import make_coupon, make_customer, make_promotion, make_seller, make_variant

pytestmark = pytest.mark.django_db

Kind = Promotion.Kind
Scope = Promotion.Scope
ZERO = Money(0, "RUB")

PROMOTION_KINDS = [
    "order_percent",
    "order_amount",
    "item_percent",
    "item_amount",
    "n_for_m",
    "bundle",
    "threshold",
    "coupon",
    "exclusive_pair",
]

prices = st.decimals(min_value=Decimal("0.01"), max_value=Decimal("99999.99"), places=2)
cart_lines = st.lists(
    st.tuples(prices, st.integers(min_value=1, max_value=30), st.sampled_from(["22", "10", "0", "none"])),
    min_size=1,
    max_size=8,
)
examples = hypothesis_settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


def build_promotion(kind: str, variants, value: Decimal) -> str | None:
    """Create one promotion of the given kind over the variants; return the coupon code it needs."""
    some = variants[: max(1, len(variants) // 2)]
    percent = str(min(value, Decimal(100)))
    if kind == "order_percent":
        make_promotion(Kind.PERCENT, percent)
    elif kind == "order_amount":
        make_promotion(Kind.AMOUNT, str(value))
    elif kind == "item_percent":
        make_promotion(Kind.PERCENT, percent, scope=Scope.ITEMS, products=some)
    elif kind == "item_amount":
        make_promotion(Kind.AMOUNT, str(value), scope=Scope.ITEMS, products=some)
    elif kind == "n_for_m":
        make_promotion(Kind.N_FOR_M, "0", scope=Scope.ITEMS, products=variants, buy_quantity=3, pay_quantity=2)
    elif kind == "bundle":
        make_promotion(Kind.BUNDLE, str(value), scope=Scope.ITEMS, products=variants[:2])
    elif kind == "threshold":
        make_promotion(Kind.AMOUNT, str(value), min_order_amount="1000.00")
    elif kind == "coupon":
        make_coupon("PROMO", promotion=make_promotion(Kind.PERCENT, percent, requires_coupon=True))
        return "PROMO"
    elif kind == "exclusive_pair":
        make_promotion(Kind.PERCENT, percent, stackable=False, priority=1)
        make_promotion(Kind.AMOUNT, str(value), stackable=False, priority=2)
    return None


def check_invariants(priced) -> None:
    assert sum((line.amount for line in priced.lines), ZERO) == priced.total
    assert sum((line.discount for line in priced.lines), ZERO) == priced.discount_total
    assert priced.subtotal - priced.discount_total == priced.total
    assert sum((line.vat_amount for line in priced.lines), ZERO) == priced.vat_total
    for line in priced.lines:
        assert line.amount >= ZERO
        assert line.discount >= ZERO
        assert line.vat_amount >= ZERO
        assert line.unit_price * line.quantity - line.discount == line.amount
        assert sum((adjustment.amount for adjustment in line.adjustments), ZERO) == line.discount
        assert all(adjustment.amount > ZERO for adjustment in line.adjustments)
        assert line.vat_amount.amount == carts.vat_included(line.amount.amount, line.vat_rate)


def build_cart(lines):
    return [(make_variant(str(price), vat_rate=rate), quantity) for price, quantity, rate in lines]


@examples
@given(lines=cart_lines, kind=st.sampled_from(PROMOTION_KINDS), value=prices)
def test_engine_parts_add_up(lines, kind, value):
    with transaction.atomic():
        cart = build_cart(lines)
        coupon = build_promotion(kind, [variant for variant, _quantity in cart], value)

        check_invariants(carts.price_lines(cart, coupon=coupon))
        transaction.set_rollback(True)


@examples
@given(lines=cart_lines, kind=st.sampled_from(PROMOTION_KINDS), value=prices)
def test_engine_same_for_shop_and_counter(lines, kind, value):
    with transaction.atomic():
        cart = build_cart(lines)
        coupon = build_promotion(kind, [variant for variant, _quantity in cart], value)

        shop = carts.price_lines(cart, coupon=coupon, channel="shop")
        counter = carts.price_lines(cart, coupon=coupon, channel="counter")

        assert shop == counter
        transaction.set_rollback(True)


@examples
@given(
    lines=cart_lines,
    kind=st.sampled_from(PROMOTION_KINDS),
    value=prices,
    manual_percent=st.decimals(min_value=0, max_value=15, places=2),
    bonus_share=st.decimals(min_value=0, max_value=1, places=4),
)
def test_engine_with_manual_and_bonus(settings, lines, kind, value, manual_percent, bonus_share):
    settings.VITRINA_BONUS_HOLD_DAYS = 0
    with transaction.atomic():
        cart = build_cart(lines)
        coupon = build_promotion(kind, [variant for variant, _quantity in cart], value)
        customer = make_customer()
        customers.earn_bonuses(customer, Decimal("100000.00"), order_ref="order:seed")
        manual = carts.ManualDiscount(user=make_seller(limit="15"), reason="Тест", percent=manual_percent)

        probe = carts.price_lines(cart, customer=customer, coupon=coupon, manual_discount=manual)
        bonus = (probe.bonus_redeemable.amount * bonus_share).quantize(Decimal("0.01"), rounding=ROUND_DOWN)
        priced = carts.price_lines(cart, customer=customer, coupon=coupon, manual_discount=manual, redeem_bonus=bonus)

        check_invariants(priced)
        assert priced.bonus_used == Money(bonus, "RUB")
        assert sum((line.bonus for line in priced.lines), ZERO) == priced.bonus_used
        transaction.set_rollback(True)
