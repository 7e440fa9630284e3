"""Carts and the price engine shared by every channel.

Other apps use the functions named in __all__ (carts.price_lines(...));
they load on first use, after Django has loaded the apps.
"""

from config.lazy_exports import lazy_exports

_PUBLIC = {
    "price_lines": "pricing",
    "PricedCart": "pricing",
    "PricedLine": "pricing",
    "vat_included": "pricing",
}

__getattr__, __all__ = lazy_exports(__name__, _PUBLIC)
