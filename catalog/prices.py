"""Retail prices: the price type the manager marked as retail, in roubles."""

from collections.abc import Iterable

from djmoney.money import Money

from .models import Price, PriceType


def retail_price_type() -> PriceType | None:
    return PriceType.objects.filter(is_retail=True).first()


def retail_prices(variant_ids: Iterable[int]) -> dict[int, Money]:
    """Retail price of each variant that has one; variants without a price are left out."""
    price_type = retail_price_type()
    if price_type is None:
        return {}
    rows = Price.objects.filter(variant_id__in=list(variant_ids), price_type=price_type, amount_currency="RUB")
    return {row.variant_id: row.amount for row in rows}
