"""Domain errors of the inventory, each with a stable code and a message for the screens."""

from dataclasses import dataclass

from django.utils.translation import gettext as _
from django.utils.translation import ngettext


@dataclass(frozen=True)
class Shortage:
    variant_id: int
    location_id: int
    requested: int
    available: int


class InventoryError(Exception):
    code = "inventory_error"

    def user_message(self) -> str:
        return str(self)


class InsufficientStock(InventoryError):
    """Raised at the locked step when a line asks for more than is available."""

    code = "insufficient_stock"

    def __init__(self, shortages: list[Shortage]):
        self.shortages = shortages
        details = ", ".join(
            f"variant {s.variant_id} at location {s.location_id}: requested {s.requested}, available {s.available}"
            for s in shortages
        )
        super().__init__(f"Insufficient stock: {details}")

    def user_message(self) -> str:
        from catalog.models import Variant

        variants = Variant.objects.select_related("product").in_bulk([s.variant_id for s in self.shortages])
        parts = []
        for shortage in self.shortages:
            variant = variants.get(shortage.variant_id)
            name = variant.display_name if variant else f"#{shortage.variant_id}"
            parts.append(
                ngettext(
                    "«%(name)s»: requested %(requested)d, only %(count)d unit available",
                    "«%(name)s»: requested %(requested)d, only %(count)d units available",
                    shortage.available,
                )
                % {"name": name, "requested": shortage.requested, "count": shortage.available}
            )
        message = "; ".join(parts)
        # The Russian text ends with the abbreviation «шт.», which already has its full stop.
        return message if message.endswith(".") else message + "."


class InvalidQuantity(InventoryError):
    code = "invalid_quantity"

    def user_message(self) -> str:
        return _("Enter a whole number of units other than zero, and a reason for an adjustment.")


class ReservationClosed(InventoryError):
    code = "reservation_closed"

    def user_message(self) -> str:
        return _("The reservation has already been released or consumed.")
