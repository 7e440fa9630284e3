"""Promotions in force at a moment, and the discount each one gives on a set of lines.

Every calculation takes the lines' remaining amounts (after the discounts
already taken off them) and never takes a line below zero. Windows and
coupon expiry use the `now` the engine was given, which defaults to the
server's clock; a terminal's clock is never used.
"""

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Q

from catalog.models import Category

from .adjustments import DiscountSource, WorkingLine
from .allocation import split_kopecks, to_kopecks
from .errors import CouponExpired, CouponInvalid, CouponNotStarted
from .models import Coupon, Promotion


@dataclass(frozen=True)
class PromotionRule:
    """A promotion read from the database, with its categories expanded to their subcategories."""

    id: int
    name: str
    kind: str
    scope: str
    value: Decimal
    buy_quantity: int | None
    pay_quantity: int | None
    product_ids: frozenset[int]
    category_ids: frozenset[int]
    min_order_kopecks: int
    priority: int
    stackable: bool
    coupon_code: str = ""

    @property
    def source(self) -> DiscountSource:
        if self.coupon_code:
            return DiscountSource(DiscountSource.COUPON, self.id, self.name, self.coupon_code)
        return DiscountSource(DiscountSource.PROMOTION, self.id, self.name)

    def covers(self, line: WorkingLine) -> bool:
        """Return whether the line is among the goods this promotion names."""
        return line.product_id in self.product_ids or line.category_id in self.category_ids


def _in_window(starts_at: datetime | None, ends_at: datetime | None, now: datetime) -> bool:
    return (starts_at is None or starts_at <= now) and (ends_at is None or now < ends_at)


def _window_filter(now: datetime) -> Q:
    return (Q(starts_at__isnull=True) | Q(starts_at__lte=now)) & (Q(ends_at__isnull=True) | Q(ends_at__gt=now))


def find_coupon(code: str, now: datetime) -> Coupon:
    """Return the coupon for a typed code if it and its promotion are in force, else raise a CouponError."""
    typed = (code or "").strip()
    coupon = Coupon.objects.select_related("promotion").filter(code=typed.upper()).first()
    if coupon is None or not coupon.is_active or not coupon.promotion.is_active:
        raise CouponInvalid(typed)
    promotion = coupon.promotion
    for starts_at, ends_at in ((coupon.starts_at, coupon.ends_at), (promotion.starts_at, promotion.ends_at)):
        if starts_at is not None and now < starts_at:
            raise CouponNotStarted(typed)
        if ends_at is not None and now >= ends_at:
            raise CouponExpired(typed)
    return coupon


def _descendants(category_ids: Iterable[int], children: dict[int | None, list[int]]) -> set[int]:
    found: set[int] = set()
    stack = list(category_ids)
    while stack:
        category_id = stack.pop()
        if category_id in found:
            continue
        found.add(category_id)
        stack.extend(children.get(category_id, []))
    return found


def active_rules(now: datetime, coupon: Coupon | None = None) -> list[PromotionRule]:
    """Return the promotions in force at `now`: those without a coupon, and the coupon's own."""
    query = Q(is_active=True, requires_coupon=False) & _window_filter(now)
    if coupon is not None:
        query |= Q(pk=coupon.promotion_id)
    promotions = list(Promotion.objects.filter(query).prefetch_related("products", "categories"))

    children: dict[int | None, list[int]] = defaultdict(list)
    if any(promotion.categories.all() for promotion in promotions):
        for category_id, parent_id in Category.objects.values_list("pk", "parent_id"):
            children[parent_id].append(category_id)

    return [
        PromotionRule(
            id=promotion.pk,
            name=promotion.name,
            kind=promotion.kind,
            scope=promotion.scope,
            value=promotion.value,
            buy_quantity=promotion.buy_quantity,
            pay_quantity=promotion.pay_quantity,
            product_ids=frozenset(product.pk for product in promotion.products.all()),
            category_ids=frozenset(_descendants((c.pk for c in promotion.categories.all()), children)),
            min_order_kopecks=to_kopecks(promotion.min_order_amount.amount) if promotion.min_order_amount else 0,
            priority=promotion.priority,
            stackable=promotion.stackable,
            coupon_code=coupon.code if coupon is not None and coupon.promotion_id == promotion.pk else "",
        )
        for promotion in promotions
    ]


def _percent_of(kopecks: int, percent: Decimal) -> int:
    return int((Decimal(kopecks) * percent / 100).quantize(Decimal(1), rounding=ROUND_HALF_UP))


def _split_over(kopecks: int, lines: list[WorkingLine], indexes: list[int]) -> dict[int, int]:
    """Split an order-level discount over the given lines in proportion to their remaining amounts."""
    weights = [lines[index].remaining_kopecks for index in indexes]
    kopecks = min(kopecks, sum(weights))
    if kopecks <= 0:
        return {}
    return dict(zip(indexes, split_kopecks(kopecks, weights), strict=True))


def _percent_off(rule: PromotionRule, lines: list[WorkingLine], indexes: list[int]) -> dict[int, int]:
    if rule.scope == Promotion.Scope.ORDER:
        whole = _percent_of(sum(lines[index].remaining_kopecks for index in indexes), rule.value)
        return _split_over(whole, lines, indexes)
    return {index: _percent_of(lines[index].remaining_kopecks, rule.value) for index in indexes}


def _amount_off(rule: PromotionRule, lines: list[WorkingLine], indexes: list[int]) -> dict[int, int]:
    value = to_kopecks(rule.value)
    if rule.scope == Promotion.Scope.ORDER:
        return _split_over(value, lines, indexes)
    return {index: min(value * lines[index].quantity, lines[index].remaining_kopecks) for index in indexes}


def _n_for_m(rule: PromotionRule, lines: list[WorkingLine], indexes: list[int]) -> dict[int, int]:
    """N units for the price of M: in every N units taken, the N - M cheapest are free."""
    if not rule.buy_quantity or rule.pay_quantity is None or rule.buy_quantity <= rule.pay_quantity:
        return {}
    units = sum(lines[index].quantity for index in indexes)
    free = units // rule.buy_quantity * (rule.buy_quantity - rule.pay_quantity)

    discounts = {}
    for index in sorted(indexes, key=lambda i: (lines[i].unit_kopecks, i)):
        if free <= 0:
            break
        taken = min(free, lines[index].quantity)
        discounts[index] = min(taken * lines[index].unit_kopecks, lines[index].remaining_kopecks)
        free -= taken
    return discounts


def _bundle(rule: PromotionRule, lines: list[WorkingLine], indexes: list[int]) -> dict[int, int]:
    """One unit of each named product for a set price, as many times as the cart contains complete sets.

    The cheapest units of each product make up the sets.
    """
    if not rule.product_ids:
        return {}
    by_product: dict[int, list[int]] = defaultdict(list)
    for index in sorted(indexes, key=lambda i: (lines[i].unit_kopecks, i)):
        by_product[lines[index].product_id].append(index)
    sets = min(sum(lines[index].quantity for index in by_product[product_id]) for product_id in rule.product_ids)
    if sets == 0:
        return {}

    taken: dict[int, int] = {}
    for product_id in rule.product_ids:
        needed = sets
        for index in by_product[product_id]:
            units = min(needed, lines[index].quantity)
            taken[index] = units
            needed -= units
            if needed == 0:
                break

    chosen = [index for index, units in taken.items() if units]
    list_price = sum(taken[index] * lines[index].unit_kopecks for index in chosen)
    whole = list_price - sets * to_kopecks(rule.value)
    weights = [min(taken[index] * lines[index].unit_kopecks, lines[index].remaining_kopecks) for index in chosen]
    whole = min(whole, sum(weights))
    if whole <= 0:
        return {}
    return dict(zip(chosen, split_kopecks(whole, weights), strict=True))


_CALCULATIONS = {
    Promotion.Kind.PERCENT: _percent_off,
    Promotion.Kind.AMOUNT: _amount_off,
    Promotion.Kind.N_FOR_M: _n_for_m,
    Promotion.Kind.BUNDLE: _bundle,
}


def promotion_discounts(rule: PromotionRule, lines: list[WorkingLine], subtotal_kopecks: int) -> dict[int, int]:
    """Return the kopecks this promotion takes off each line, by line index; empty when it does not apply.

    `subtotal_kopecks` is the order at list prices, which an order-amount
    threshold is compared with.
    """
    if subtotal_kopecks < rule.min_order_kopecks:
        return {}
    whole_order = rule.scope == Promotion.Scope.ORDER and rule.kind in (Promotion.Kind.PERCENT, Promotion.Kind.AMOUNT)
    indexes = [
        index
        for index, line in enumerate(lines)
        if line.remaining_kopecks > 0 and (whole_order or rule.covers(line))
    ]
    if not indexes:
        return {}
    discounts = _CALCULATIONS[rule.kind](rule, lines, indexes)
    return {index: kopecks for index, kopecks in discounts.items() if kopecks > 0}
