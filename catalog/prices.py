"""Retail prices: the price type the manager marked as retail, in roubles."""

from collections.abc import Iterable

from django.db import transaction
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


def make_retail(price_type: PriceType) -> None:
    """Mark this price type as retail and unmark the one that was, in one transaction.

    The database allows one retail type (constraint one_retail_price_type), so
    the old mark goes first.
    """
    with transaction.atomic():
        list(PriceType.objects.select_for_update().filter(is_retail=True).order_by("pk"))
        PriceType.objects.filter(is_retail=True).exclude(pk=price_type.pk).update(is_retail=False)
        PriceType.objects.filter(pk=price_type.pk).update(is_retail=True)
    price_type.is_retail = True
