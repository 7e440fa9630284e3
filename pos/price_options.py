"""The payment panel's coupon, bonuses and manual discount, turned into options of the shared price engine."""

from dataclasses import dataclass
from decimal import Decimal

import carts
import customers
from carts.models import Cart

from .counter_cart import cart_lines


@dataclass(frozen=True)
class CounterPriceOptions:
    coupon: str = ""
    redeem_bonus: str = ""
    manual_discount: object = None  # a carts.ManualDiscount

    @property
    def is_empty(self) -> bool:
        return not (self.coupon or self.redeem_bonus or self.manual_discount)


def options_from_form(cleaned: dict, cashier) -> CounterPriceOptions:
    """Read the payment form's price fields; a manual discount is the cashier's, within their role's limit."""
    value = (cleaned.get("manual_value") or "").replace("%", "").replace(" ", "").strip()
    reason = (cleaned.get("manual_reason") or "").strip()
    manual = None
    if value:
        is_percent = (cleaned.get("manual_kind") or "percent") == "percent"
        manual = carts.ManualDiscount(
            user=cashier,
            reason=reason,
            percent=value if is_percent else None,
            amount=None if is_percent else value,
        )
    return CounterPriceOptions(
        coupon=(cleaned.get("coupon") or "").strip(),
        redeem_bonus=(cleaned.get("redeem_bonus") or "").replace(" ", "").strip(),
        manual_discount=manual,
    )


@dataclass(frozen=True)
class Quote:
    """The payment panel's figures: the cart priced with the typed options, and the reason for any rejected one."""

    priced: object  # a carts.PricedCart
    # The cart's total before the typed options, as the lines panel shows it.
    base_total: object  # a Money
    error: str
    bonus_balance: Decimal | None
    held_bonus: Decimal | None
    manual_limit: Decimal

    @property
    def due(self):
        return self.priced.total


def quote(cart: Cart, options: CounterPriceOptions, cashier) -> Quote:
    """Price the cart for its customer with the typed options; a rejected option is reported and left out."""
    customer = cart.customer
    lines = [(line.variant, line.quantity) for line in cart_lines(cart)]
    base = carts.price_lines(lines, customer=customer, channel="counter")
    priced, error = base, ""
    if options.is_empty:
        return _quote(cart, base, base, error, cashier)
    try:
        priced = carts.price_lines(
            lines,
            customer=customer,
            coupon=options.coupon or None,
            manual_discount=options.manual_discount,
            redeem_bonus=options.redeem_bonus or None,
            channel="counter",
        )
    except carts.PricingError as rejected:
        error = rejected.user_message()
    return _quote(cart, priced, base, error, cashier)


def _quote(cart: Cart, priced, base, error: str, cashier) -> Quote:
    customer = cart.customer
    return Quote(
        priced=priced,
        base_total=base.total,
        error=error,
        bonus_balance=customers.bonus_balance(customer) if customer else None,
        held_bonus=customers.held_bonus_balance(customer) if customer else None,
        manual_limit=carts.manual_discount_limit(cashier),
    )

