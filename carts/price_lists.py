"""The unit price a buyer pays: a personal price list where the variant has a price in it, retail otherwise.

A personal price list is a catalog price type (for example «Оптовая») set on
the customer, or else on the customer's company, or passed explicitly.
"""

from collections.abc import Iterable

from djmoney.money import Money

import catalog
from catalog.models import Price, PriceType


def personal_price_type(*, customer=None, company=None, price_type: PriceType | None = None) -> PriceType | None:
    """Return the price list that replaces retail for this buyer, or None for retail only.

    Precedence: an explicit price type, the customer's own list, the company
    passed in, then the customer's company.
    """
    if price_type is not None:
        return price_type
    if customer is not None and customer.price_type_id:
        return customer.price_type
    for candidate in (company, getattr(customer, "company", None)):
        # A company that is switched off keeps its history but loses its prices.
        if candidate is not None and candidate.is_active and candidate.price_type_id:
            return candidate.price_type
    return None


def unit_prices(variant_ids: Iterable[int], price_type: PriceType | None) -> dict[int, Money]:
    """Return the unit price of each variant that has one: the personal price, else retail."""
    variant_ids = list(variant_ids)
    prices = dict(catalog.retail_prices(variant_ids))
    if price_type is None or price_type.is_retail:
        return prices
    personal = Price.objects.filter(variant_id__in=variant_ids, price_type=price_type, amount_currency="RUB")
    prices.update({row.variant_id: row.amount for row in personal})
    return prices
