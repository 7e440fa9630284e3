"""Why a cart cannot be priced as asked, each with a stable code and a message for the screen.

Pricing stores nothing, so a rejected coupon, manual discount or bonus
amount changes nothing. The caller shows user_message() and prices the
cart again without the rejected part.
"""

from decimal import Decimal

from django.utils.formats import number_format
from django.utils.translation import gettext_lazy as _

from config.money_format import format_rub


class PricingError(Exception):
    code = "pricing_error"
    message = _("The cart cannot be priced.")

    def user_message(self) -> str:
        return str(self.message)


class CouponError(PricingError):
    code = "coupon_error"

    def __init__(self, code_typed: str):
        self.coupon_code = code_typed
        super().__init__(f"Coupon {code_typed!r}: {self.code}")

    def user_message(self) -> str:
        return str(self.message) % {"code": self.coupon_code}


class CouponInvalid(CouponError):
    code = "coupon_invalid"
    message = _("Coupon code «%(code)s» is invalid. Check the code and try again.")


class CouponNotStarted(CouponError):
    code = "coupon_not_started"
    message = _("Coupon code «%(code)s» is not valid yet.")


class CouponExpired(CouponError):
    code = "coupon_expired"
    message = _("Coupon code «%(code)s» has expired.")


class ManualDiscountError(PricingError):
    code = "manual_discount_error"


class ManualDiscountInvalid(ManualDiscountError):
    code = "manual_discount_invalid"
    message = _("Enter a manual discount as either a percent from 0 to 100 or an amount in roubles, not both.")

    def __init__(self, detail: str):
        super().__init__(f"Invalid manual discount: {detail}")


class ManualDiscountReasonRequired(ManualDiscountError):
    code = "manual_discount_reason_required"
    message = _("Enter the reason for the manual discount.")

    def __init__(self):
        super().__init__("A manual discount needs a reason")


class ManualDiscountOverLimit(ManualDiscountError):
    """The discount is a larger share of the order than the seller's role allows."""

    code = "manual_discount_over_limit"
    message = _("A manual discount of %(percent)s%% is over your limit of %(limit)s%%. Ask a manager.")

    def __init__(self, percent: Decimal, limit: Decimal):
        self.percent = percent
        self.limit = limit
        super().__init__(f"Manual discount {percent}% is over the limit {limit}%")

    def user_message(self) -> str:
        return str(self.message) % {"percent": number_format(self.percent), "limit": number_format(self.limit)}


class BonusError(PricingError):
    code = "bonus_error"


class BonusNeedsCustomer(BonusError):
    code = "bonus_needs_customer"
    message = _("Bonuses can be redeemed only by a customer: find the customer first.")

    def __init__(self):
        super().__init__("Bonus redemption without a customer")


class BonusAmountInvalid(BonusError):
    code = "bonus_amount_invalid"
    message = _("Enter the bonuses to redeem as a positive number with at most two decimal places.")

    def __init__(self, amount: object):
        self.amount = amount
        super().__init__(f"Invalid bonus amount {amount!r}")


class BonusOverLimit(BonusError):
    """More bonuses than the balance, or than the share of the order that bonuses may pay."""

    code = "bonus_over_limit"
    message = _("At most %(allowed)s can be paid with bonuses in this order, %(requested)s requested.")

    def __init__(self, requested: Decimal, allowed: Decimal):
        self.requested = requested
        self.allowed = allowed
        super().__init__(f"Bonus redemption {requested} is over the allowed {allowed}")

    def user_message(self) -> str:
        return str(self.message) % {"allowed": format_rub(self.allowed), "requested": format_rub(self.requested)}
