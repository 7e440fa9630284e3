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
    "AppliedPromotion": "pricing",
    "Adjustment": "adjustments",
    "DiscountSource": "adjustments",
    "ManualDiscount": "manual_discounts",
    "manual_discount_limit": "manual_discounts",
    "split_kopecks": "allocation",
    "PricingError": "errors",
    "CouponError": "errors",
    "CouponInvalid": "errors",
    "CouponNotStarted": "errors",
    "CouponExpired": "errors",
    "ManualDiscountError": "errors",
    "ManualDiscountInvalid": "errors",
    "ManualDiscountReasonRequired": "errors",
    "ManualDiscountOverLimit": "errors",
    "BonusError": "errors",
    "BonusNeedsCustomer": "errors",
    "BonusAmountInvalid": "errors",
    "BonusOverLimit": "errors",
    "CartOwner": "shop_cart",
    "CartError": "shop_cart",
    "add_to_cart": "shop_cart",
    "set_quantity": "shop_cart",
    "remove_line": "shop_cart",
    "find_cart": "shop_cart",
    "merge_guest_cart": "shop_cart",
    "price_cart": "shop_cart",
    "cart_lines": "shop_cart",
    "item_count": "shop_cart",
    "mark_ordered": "shop_cart",
    "owner_for_request": "shop_cart",
    "buyable_variant_ids": "shop_cart",
}

__getattr__, __all__ = lazy_exports(__name__, _PUBLIC)
