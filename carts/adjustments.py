"""Lines in the middle of pricing, and the discounts taken off them with their sources.

Amounts here are whole kopecks (int), so that every split adds up exactly;
carts.pricing turns them into Money at the end.
"""

from dataclasses import dataclass, replace
from typing import NamedTuple

from djmoney.money import Money

from catalog.models import Variant


@dataclass(frozen=True)
class DiscountSource:
    """The origin of a discount: a promotion, a coupon, a seller's manual discount or bonuses."""

    kind: str
    promotion_id: int | None = None
    name: str = ""
    coupon_code: str = ""

    PROMOTION = "promotion"
    COUPON = "coupon"
    MANUAL = "manual"
    BONUS = "bonus"

    def __str__(self) -> str:
        if self.kind == self.COUPON:
            return f"coupon:{self.coupon_code}"
        if self.promotion_id is not None:
            return f"promotion:{self.promotion_id}"
        return self.kind


class Adjustment(NamedTuple):
    """One discount on a priced line, unpacked as (source, amount)."""

    source: DiscountSource
    amount: Money


@dataclass(frozen=True)
class WorkingLine:
    """A priced line while discounts are being taken off it."""

    variant: Variant
    quantity: int
    unit_kopecks: int
    adjustments: tuple[tuple[DiscountSource, int], ...] = ()

    @property
    def product_id(self) -> int:
        return self.variant.product_id

    @property
    def category_id(self) -> int | None:
        return self.variant.product.category_id

    @property
    def base_kopecks(self) -> int:
        return self.unit_kopecks * self.quantity

    @property
    def discount_kopecks(self) -> int:
        return sum(amount for _source, amount in self.adjustments)

    @property
    def remaining_kopecks(self) -> int:
        return self.base_kopecks - self.discount_kopecks

    def with_discount(self, source: DiscountSource, kopecks: int) -> "WorkingLine":
        """Return the line with one more discount; raise ValueError if it would go below zero."""
        if kopecks < 0 or kopecks > self.remaining_kopecks:
            raise ValueError(f"Discount {kopecks} kopecks is outside 0..{self.remaining_kopecks} on variant {self.variant.pk}")
        if kopecks == 0:
            return self
        return replace(self, adjustments=(*self.adjustments, (source, kopecks)))


def apply_discounts(
    lines: list[WorkingLine], source: DiscountSource, kopecks_by_line: dict[int, int]
) -> list[WorkingLine]:
    """Return the lines with the discounts of one source added, by line index."""
    return [line.with_discount(source, kopecks_by_line.get(index, 0)) for index, line in enumerate(lines)]


def total_discount(lines: list[WorkingLine]) -> int:
    return sum(line.discount_kopecks for line in lines)
