"""Bonuses in a price: how many may be redeemed on an order and how many it earns.

1 bonus = 1 rouble. Both shares are percents set in settings:
VITRINA_BONUS_REDEEM_PERCENT is the largest part of the order (after
discounts) that bonuses may pay, VITRINA_BONUS_EARN_PERCENT the part of the
amount paid in money that comes back as bonuses.
"""

from decimal import ROUND_DOWN, Decimal, InvalidOperation

from django.conf import settings

from .errors import BonusAmountInvalid, BonusOverLimit

DEFAULT_REDEEM_PERCENT = Decimal(30)
DEFAULT_EARN_PERCENT = Decimal(5)


def _percent_setting(name: str, default: Decimal) -> Decimal:
    value = Decimal(str(getattr(settings, name, default)))
    if not 0 <= value <= 100:
        raise ValueError(f"{name} must be a percent from 0 to 100, got {value}")
    return value


def _share(kopecks: int, percent: Decimal) -> int:
    # Rounded down, so a share never exceeds its percent.
    return int((Decimal(kopecks) * percent / 100).to_integral_value(rounding=ROUND_DOWN))


def redeemable_kopecks(order_kopecks: int, balance_kopecks: int) -> int:
    """Return the most bonuses, in kopecks, that may pay for an order of `order_kopecks`."""
    cap = _share(order_kopecks, _percent_setting("VITRINA_BONUS_REDEEM_PERCENT", DEFAULT_REDEEM_PERCENT))
    return max(0, min(cap, balance_kopecks))


def earned_kopecks(paid_kopecks: int) -> int:
    """Return the bonuses, in kopecks, earned on an amount paid in money."""
    return _share(paid_kopecks, _percent_setting("VITRINA_BONUS_EARN_PERCENT", DEFAULT_EARN_PERCENT))


def parse_bonus_amount(value: object) -> int:
    """Return a requested bonus amount in kopecks, or raise BonusAmountInvalid."""
    try:
        amount = Decimal(str(value).replace(",", ".").strip())
    except InvalidOperation:
        raise BonusAmountInvalid(value) from None
    if not amount.is_finite() or amount < 0 or amount != amount.quantize(Decimal("0.01")):
        raise BonusAmountInvalid(value)
    return int(amount * 100)


def check_redeemable(requested_kopecks: int, allowed_kopecks: int) -> None:
    if requested_kopecks > allowed_kopecks:
        raise BonusOverLimit(Decimal(requested_kopecks) / 100, Decimal(allowed_kopecks) / 100)
