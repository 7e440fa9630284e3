"""A seller's manual discount on the order or on one item, within the limit of the seller's role."""

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, ROUND_UP, Decimal, InvalidOperation

from .allocation import to_kopecks
from .errors import ManualDiscountInvalid, ManualDiscountOverLimit, ManualDiscountReasonRequired
from .models import ManualDiscountLimit

HUNDRED = Decimal(100)


@dataclass(frozen=True)
class ManualDiscount:
    """A discount the seller gives by hand: a percent or an amount in roubles, never both.

    It applies to the whole order, or to the lines of one variant when
    variant_id is set. The limit is a percent of what it applies to.
    """

    user: object
    reason: str
    percent: Decimal | None = None
    amount: Decimal | None = None
    variant_id: int | None = None


def manual_discount_limit(user) -> Decimal:
    """Return the largest manual discount the user may give, in percent of the order.

    A superuser has no limit; anyone else gets the largest limit among
    their groups' rows and, when staff, the row without a group.
    """
    if user is None or not getattr(user, "is_active", False):
        return Decimal(0)
    if user.is_superuser:
        return HUNDRED
    limits = list(ManualDiscountLimit.objects.filter(group__in=user.groups.all()).values_list("max_percent", flat=True))
    if user.is_staff:
        limits += ManualDiscountLimit.objects.filter(group__isnull=True).values_list("max_percent", flat=True)
    return max(limits, default=Decimal(0))


def _as_decimal(value: object, field: str) -> Decimal:
    try:
        number = Decimal(str(value).replace(",", ".").strip())
    except InvalidOperation:
        raise ManualDiscountInvalid(f"{field} {value!r} is not a number") from None
    if not number.is_finite() or number < 0 or number != number.quantize(Decimal("0.01")):
        raise ManualDiscountInvalid(f"{field} {value!r} must be positive with at most two decimal places")
    return number


def manual_discount_kopecks(manual: ManualDiscount, order_kopecks: int) -> int:
    """Return the kopecks the manual discount takes off an order of `order_kopecks`.

    Raises a ManualDiscountError when the input is invalid, the reason is
    missing, or the discount is over the seller's limit.
    """
    if (manual.percent is None) == (manual.amount is None):
        raise ManualDiscountInvalid("give either a percent or an amount")
    if not (manual.reason or "").strip():
        raise ManualDiscountReasonRequired()

    if manual.percent is not None:
        percent = _as_decimal(manual.percent, "percent")
        if percent > HUNDRED:
            raise ManualDiscountInvalid(f"percent {percent} is over 100")
        kopecks = int((Decimal(order_kopecks) * percent / HUNDRED).quantize(Decimal(1), rounding=ROUND_HALF_UP))
    else:
        kopecks = to_kopecks(_as_decimal(manual.amount, "amount"))
        if kopecks > order_kopecks:
            raise ManualDiscountInvalid(f"amount {manual.amount} is over the order amount")
        percent = Decimal(kopecks) * HUNDRED / order_kopecks if order_kopecks else Decimal(0)

    limit = manual_discount_limit(manual.user)
    if percent > limit:
        # Rounded up, so 5.001 % over a 5 % limit is not shown as 5.00 %.
        raise ManualDiscountOverLimit(percent.quantize(Decimal("0.01"), rounding=ROUND_UP), limit)
    return kopecks
