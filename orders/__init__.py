"""Orders: placement, cancellation and their errors.

Other apps use the functions named in __all__ (orders.place_counter_sale(...));
they load on first use, after Django has loaded the apps.
"""

from config.lazy_exports import lazy_exports

_PUBLIC = {
    "place_counter_sale": "placement",
    "place_web_order": "placement",
    "cancel_order": "placement",
    "RequestedLine": "placement",
    "Contact": "placement",
    "OrderError": "errors",
    "OutOfStock": "errors",
    "NotForSale": "errors",
    "EmptyOrder": "errors",
    "InsufficientPayment": "errors",
    "UnknownStore": "errors",
    "PriceRejected": "errors",
    "BonusesUnavailable": "errors",
    "RequestKeyReused": "errors",
}

__getattr__, __all__ = lazy_exports(__name__, _PUBLIC)
