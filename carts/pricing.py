"""The price engine that every channel calls: the shop, the counter, the admin.

Prices include VAT. The VAT of a line is amount × rate / (100 + rate),
rounded half up to whole kopecks (Tax Code of the Russian Federation,
art. 164, para. 4).
"""

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from djmoney.money import Money

import catalog
from catalog.models import Variant, VatRate

KOPECK = Decimal("0.01")


@dataclass(frozen=True)
class PricedLine:
    variant: Variant
    quantity: int
    unit_price: Money
    discount: Money
    amount: Money
    vat_rate: str
    vat_amount: Money


@dataclass(frozen=True)
class PricedCart:
    lines: list[PricedLine]
    total: Money
    vat_total: Money
    unpriced: list[Variant]

    @property
    def vat_by_rate(self) -> dict[str, Money]:
        totals: dict[str, Money] = {}
        for line in self.lines:
            totals[line.vat_rate] = totals.get(line.vat_rate, Money(0, "RUB")) + line.vat_amount
        return totals


def vat_included(amount: Decimal, rate: str) -> Decimal:
    """VAT contained in a price that includes it, in whole kopecks."""
    percent = VatRate(rate).percent
    if not percent:
        return Decimal("0.00")
    return (amount * percent / (100 + percent)).quantize(KOPECK, rounding=ROUND_HALF_UP)


def price_lines(lines: Iterable[tuple[Variant, int]]) -> PricedCart:
    """Price (variant, quantity) pairs at retail; variants with no retail price go to unpriced."""
    lines = list(lines)
    prices = catalog.retail_prices(variant.pk for variant, _quantity in lines)

    priced = []
    unpriced = []
    for variant, quantity in lines:
        unit_price = prices.get(variant.pk)
        if unit_price is None or not variant.is_for_sale:
            unpriced.append(variant)
            continue
        amount = (unit_price.amount * quantity).quantize(KOPECK)
        rate = variant.product.vat_rate
        priced.append(
            PricedLine(
                variant=variant,
                quantity=quantity,
                unit_price=unit_price,
                discount=Money(0, "RUB"),
                amount=Money(amount, "RUB"),
                vat_rate=rate,
                vat_amount=Money(vat_included(amount, rate), "RUB"),
            )
        )

    total = sum((line.amount for line in priced), Money(0, "RUB"))
    vat_total = sum((line.vat_amount for line in priced), Money(0, "RUB"))
    return PricedCart(lines=priced, total=total, vat_total=vat_total, unpriced=unpriced)
