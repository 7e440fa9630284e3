"""Inventory: the only place where stock changes.

Callers use the functions named in __all__, as inventory.sell(...) or
inventory.reserve(...). They are loaded on first use because their modules
import models, which cannot happen while Django is still loading apps.
"""

from config.lazy_exports import lazy_exports

_PUBLIC = {
    "StockLine": "movements",
    "sell": "movements",
    "receive": "movements",
    "adjust": "movements",
    "transfer": "movements",
    "return_to_stock": "movements",
    "set_on_hand": "movements",
    "reserve": "reservations",
    "reserve_lines": "reservations",
    "release": "reservations",
    "consume": "reservations",
    "release_owner": "reservations",
    "release_expired": "reservations",
    "hold_cart": "reservations",
    "lease_to_terminal": "reservations",
    "cart_hold_minutes": "reservations",
    "unconsume": "reservations",
    "cancel_fulfilment": "reservations",
    "find_stock_problems": "reconciliation",
    "StockProblem": "reconciliation",
    "active_for_owner": "reservations",
    "available_at": "availability",
    "available_by_location": "availability",
    "stock_levels": "availability",
    "StockLevel": "availability",
    "pickup_availability": "availability",
    "delivery_availability": "availability",
    "pickup_locations": "availability",
    "delivery_locations": "availability",
    "InventoryError": "errors",
    "InsufficientStock": "errors",
    "InvalidQuantity": "errors",
    "ReservationClosed": "errors",
    "Shortage": "errors",
}

__getattr__, __all__ = lazy_exports(__name__, _PUBLIC)
