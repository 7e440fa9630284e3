"""Why an order cannot be placed, each with a stable code and a message for the screen."""

from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from djmoney.money import Money

from config.money_format import format_rub


class OrderError(Exception):
    code = "order_error"

    def user_message(self) -> str:
        return str(self)


class EmptyOrder(OrderError):
    code = "empty_order"

    def user_message(self) -> str:
        return _("The cart is empty: add at least one item.")


class RequestKeyReused(OrderError):
    """The request's idempotency key already placed an order for other lines, another buyer or another terminal.

    It is a stale form submitted again (the browser's Back button, a second
    tab), not a retry, so the first order is neither returned nor shown.
    """

    code = "request_key_reused"

    def __init__(self, order):
        self.order = order
        super().__init__(f"Idempotency key of order {order.pk} reused for a different request")

    def user_message(self) -> str:
        return _("The form is out of date: it was already submitted for another cart. Check the order and submit it again.")


class UnknownStore(OrderError):
    code = "unknown_store"

    def user_message(self) -> str:
        return _("Choose the store where you will collect the order.")


class NotForSale(OrderError):
    """Some variants cannot be sold: withdrawn from sale (or deleted), or without a retail price."""

    code = "not_for_sale"
    WITHDRAWN = "withdrawn"
    NO_PRICE = "no_price"

    def __init__(self, variant_ids: list[int], *, reason: str = NO_PRICE):
        self.variant_ids = variant_ids
        self.reason = reason
        super().__init__(f"Variants not for sale ({reason}): {variant_ids}")

    def user_message(self) -> str:
        from catalog.models import Variant

        variants = Variant.objects.select_related("product").in_bulk(self.variant_ids)
        names = ", ".join(
            f"«{variants[pk].display_name}»" if pk in variants else f"#{pk}" for pk in self.variant_ids
        )
        if self.reason == self.WITHDRAWN:
            return _("Withdrawn from sale: %(names)s. Remove it from the cart.") % {"names": names}
        return _("Not for sale (no retail price): %(names)s.") % {"names": names}


class InsufficientPayment(OrderError):
    code = "insufficient_payment"

    def __init__(self, total: Money, tendered: Money):
        self.total = total
        self.tendered = tendered
        super().__init__(f"Tendered {tendered} is less than the total {total}")

    def user_message(self) -> str:
        return _("Cash given, %(tendered)s, is less than the total, %(total)s.") % {
            "tendered": format_rub(self.tendered),
            "total": format_rub(self.total),
        }


class OutOfStock(OrderError):
    """Some lines ask for more than is available; carries the inventory shortages."""

    code = "out_of_stock"

    def __init__(self, shortages):
        self.shortages = shortages
        super().__init__(f"Out of stock: {shortages}")

    def user_message(self) -> str:
        from catalog.models import Variant

        variants = Variant.objects.select_related("product").in_bulk([s.variant_id for s in self.shortages])
        parts = []
        for shortage in self.shortages:
            variant = variants.get(shortage.variant_id)
            name = variant.display_name if variant else f"#{shortage.variant_id}"
            if shortage.available <= 0:
                parts.append(_("«%(name)s» is out of stock") % {"name": name})
            else:
                parts.append(
                    ngettext(
                        "«%(name)s»: only %(count)d unit left",
                        "«%(name)s»: only %(count)d units left",
                        shortage.available,
                    )
                    % {"name": name, "count": shortage.available}
                )
        return "; ".join(parts) + "."


class PriceRejected(OrderError):
    """The price engine rejected the coupon, the manual discount or the bonus amount; wraps its error."""

    code = "price_rejected"

    def __init__(self, pricing_error):
        self.pricing_error = pricing_error
        self.code = pricing_error.code
        super().__init__(str(pricing_error))

    def user_message(self) -> str:
        return self.pricing_error.user_message()


class BonusesUnavailable(OrderError):
    """The bonus balance fell below the redemption between pricing and payment, e.g. at another counter."""

    code = "bonuses_unavailable"

    def __init__(self, ledger_error):
        self.ledger_error = ledger_error
        super().__init__(str(ledger_error))

    def user_message(self) -> str:
        return self.ledger_error.user_message()
