"""Domain errors of the inventory, each with a stable code for the screens."""

from dataclasses import dataclass


@dataclass(frozen=True)
class Shortage:
    variant_id: int
    location_id: int
    requested: int
    available: int


class InventoryError(Exception):
    code = "inventory_error"


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


class InvalidQuantity(InventoryError):
    code = "invalid_quantity"


class ReservationClosed(InventoryError):
    code = "reservation_closed"
