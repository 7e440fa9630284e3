"""Retail prices: the price type the manager marked as retail, in roubles."""

from collections.abc import Iterable
from decimal import Decimal

from django.db import connection, transaction
from djmoney.money import Money

from .models import Price, PriceType, Variant


def retail_price_type() -> PriceType | None:
    return PriceType.objects.filter(is_retail=True).first()


def retail_prices(variant_ids: Iterable[int]) -> dict[int, Money]:
    """Retail price of each variant that has one; variants without a price are left out."""
    variant_ids = list(variant_ids)
    if not variant_ids:
        return {}
    # Every sale and every priced cart asks for these prices, so they are read
    # in one plain SQL query: the ORM's query building cost as much CPU as the
    # database took to answer. The amount travels as text, because SQLite
    # returns a decimal column as a float or an integer.
    placeholders = ", ".join(["%s"] * len(variant_ids))
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT price.variant_id, CAST(price.amount AS TEXT) FROM {Price._meta.db_table} AS price "
            f"JOIN {PriceType._meta.db_table} AS price_type ON price_type.id = price.price_type_id "
            f"WHERE price_type.is_retail AND price.amount_currency = 'RUB' AND price.variant_id IN ({placeholders})",
            variant_ids,
        )
        rows = cursor.fetchall()
    # The same Money, with the same decimal places, that the model field gives for row.amount.
    places = Price._meta.get_field("amount").decimal_places
    exponent = Decimal(1).scaleb(-places)
    return {
        variant_id: Money(Decimal(amount).quantize(exponent), "RUB", decimal_places=places)
        for variant_id, amount in rows
    }


def make_retail(price_type: PriceType) -> None:
    """Mark this price type as retail and unmark the one that was, in one transaction.

    The database allows one retail type (constraint one_retail_price_type), so
    the old mark goes first.
    """
    with transaction.atomic():
        list(PriceType.objects.select_for_update().filter(is_retail=True).order_by("pk"))
        PriceType.objects.filter(is_retail=True).exclude(pk=price_type.pk).update(is_retail=False)
        PriceType.objects.filter(pk=price_type.pk).update(is_retail=True)
        refresh_sale_flags()
    price_type.is_retail = True


def refresh_sale_flags() -> tuple[int, int]:
    """Put on sale exactly the variants with a retail price in roubles; return (on sale, off sale).

    Runs whenever the retail price type changes, because a variant is for
    sale only while it has a retail price.
    """
    priced = Price.objects.filter(price_type__is_retail=True, amount_currency="RUB").values("variant_id")
    Variant.objects.filter(pk__in=priced, is_for_sale=False).update(is_for_sale=True)
    Variant.objects.exclude(pk__in=priced).filter(is_for_sale=True).update(is_for_sale=False)
    on_sale = Variant.objects.filter(is_for_sale=True).count()
    return on_sale, Variant.objects.count() - on_sale
