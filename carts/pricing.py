"""The price engine that every channel calls: the shop, the counter, the admin.

price_lines() prices (variant, quantity) pairs in these steps, each on what
the previous ones left of every line:

1. unit prices: the buyer's personal price list where the variant has a
   price in it, retail otherwise (carts.price_lists);
2. promotions in force at `now`, with the coupon's own promotion, combined
   by the stacking rule (carts.promotions, carts.stacking);
3. the seller's manual discount, within the role's limit (carts.manual_discounts);
4. bonuses redeemed, up to a share of the order (carts.bonuses_pricing).

Order-level amounts are split over the lines in whole kopecks by the
largest-remainder method (carts.allocation). The channel never changes a
price: the shop and the counter get the same result for the same cart.

Prices include VAT. The VAT of a line is amount × rate / (100 + rate),
rounded half up to whole kopecks (Tax Code of the Russian Federation,
art. 164, para. 4).
"""

import logging
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from decimal import ROUND_HALF_UP, Decimal

from django.utils import timezone
from djmoney.money import Money

import customers
from catalog.models import PriceType, Variant, VatRate

from .adjustments import Adjustment, DiscountSource, WorkingLine, apply_discounts
from .allocation import split_kopecks, to_kopecks, to_roubles
from .bonuses_pricing import check_redeemable, earned_kopecks, parse_bonus_amount, redeemable_kopecks
from .errors import BonusNeedsCustomer
from .manual_discounts import ManualDiscount, manual_discount_kopecks
from .price_lists import personal_price_type, unit_prices
from .promotions import active_rules, find_coupon
from .stacking import choose_promotions

logger = logging.getLogger(__name__)

KOPECK = Decimal("0.01")
CHANNELS = ("shop", "counter")


def _rub(kopecks: int) -> Money:
    return Money(to_roubles(kopecks), "RUB")


@dataclass(frozen=True)
class PricedLine:
    """A line as the engine priced it; amount = unit_price × quantity − discount.

    discount is the line's whole discount from every source, bonuses
    included; adjustments lists it by source, as (source, amount) pairs.
    """

    variant: Variant
    quantity: int
    unit_price: Money
    discount: Money
    amount: Money
    vat_rate: str
    vat_amount: Money
    adjustments: tuple[Adjustment, ...] = ()

    @property
    def bonus(self) -> Money:
        """Bonuses that pay for part of this line."""
        return sum(
            (adjustment.amount for adjustment in self.adjustments if adjustment.source.kind == DiscountSource.BONUS),
            Money(0, "RUB"),
        )


@dataclass(frozen=True)
class AppliedPromotion:
    promotion_id: int
    name: str
    coupon_code: str
    amount: Money


@dataclass(frozen=True)
class PricedCart:
    """A priced cart; total is what is paid in money, after every discount and bonuses."""

    lines: list[PricedLine]
    total: Money
    vat_total: Money
    unpriced: list[Variant]
    subtotal: Money = Money(0, "RUB")
    discount_total: Money = Money(0, "RUB")
    bonus_used: Money = Money(0, "RUB")
    bonus_to_earn: Money = Money(0, "RUB")
    # The maximum bonuses this cart could take, or None without a customer.
    bonus_redeemable: Money | None = None
    promotions: tuple[AppliedPromotion, ...] = ()
    # The accepted coupon code; coupon_applied is False when its promotion
    # gave nothing (a threshold not reached) or lost to a better promotion.
    coupon_code: str = ""
    coupon_applied: bool = False
    manual_discount: Money = Money(0, "RUB")
    price_type: PriceType | None = None

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


def _working_lines(lines, price_type) -> tuple[list[WorkingLine], list[Variant]]:
    prices = unit_prices((variant.pk for variant, _quantity in lines), price_type)
    working, unpriced = [], []
    for variant, quantity in lines:
        unit_price = prices.get(variant.pk)
        if unit_price is None or not variant.is_for_sale:
            unpriced.append(variant)
            continue
        working.append(WorkingLine(variant=variant, quantity=quantity, unit_kopecks=to_kopecks(unit_price.amount)))
    return working, unpriced


def _split_order_discount(
    lines: list[WorkingLine], source: DiscountSource, kopecks: int, indexes: list[int] | None = None
) -> list[WorkingLine]:
    """Split a discount over the lines at `indexes` (all lines by default) by their remaining amounts."""
    indexes = list(range(len(lines))) if indexes is None else indexes
    if kopecks <= 0:
        return lines
    parts = split_kopecks(kopecks, [lines[index].remaining_kopecks for index in indexes])
    return apply_discounts(lines, source, dict(zip(indexes, parts, strict=True)))


def _apply_manual(lines: list[WorkingLine], manual: ManualDiscount) -> tuple[list[WorkingLine], int]:
    """Take the seller's discount off the order, or off the lines of one variant when it names one."""
    indexes = [
        index
        for index, line in enumerate(lines)
        if manual.variant_id is None or line.variant.pk == manual.variant_id
    ]
    kopecks = manual_discount_kopecks(manual, sum(lines[index].remaining_kopecks for index in indexes))
    source = DiscountSource(DiscountSource.MANUAL, name=manual.reason.strip())
    return _split_order_discount(lines, source, kopecks, indexes), kopecks


def _priced_line(line: WorkingLine) -> PricedLine:
    amount = to_roubles(line.remaining_kopecks)
    rate = line.variant.product.vat_rate
    return PricedLine(
        variant=line.variant,
        quantity=line.quantity,
        unit_price=_rub(line.unit_kopecks),
        discount=_rub(line.discount_kopecks),
        amount=Money(amount, "RUB"),
        vat_rate=rate,
        vat_amount=Money(vat_included(amount, rate), "RUB"),
        adjustments=tuple(Adjustment(source, _rub(kopecks)) for source, kopecks in line.adjustments),
    )


def _applied_promotions(lines: list[WorkingLine]) -> tuple[AppliedPromotion, ...]:
    totals: dict[DiscountSource, int] = {}
    for line in lines:
        for source, kopecks in line.adjustments:
            if source.kind in (DiscountSource.PROMOTION, DiscountSource.COUPON):
                totals[source] = totals.get(source, 0) + kopecks
    return tuple(
        AppliedPromotion(source.promotion_id, source.name, source.coupon_code, _rub(kopecks))
        for source, kopecks in totals.items()
    )


def _sum_money(values: Iterable[Money]) -> Money:
    return sum(values, Money(0, "RUB"))


def price_lines(
    lines: Iterable[tuple[Variant, int]],
    *,
    customer=None,
    company=None,
    price_type: PriceType | None = None,
    coupon: str | None = None,
    manual_discount: ManualDiscount | None = None,
    redeem_bonus: Decimal | str | None = None,
    channel: str = "shop",
    now: datetime | None = None,
) -> PricedCart:
    """Price (variant, quantity) pairs for a buyer; variants with no price go to unpriced.

    `now` is the server's time (timezone.now() by default) at which promotion
    and coupon windows are checked; never pass a terminal's clock.

    Raises a carts.errors.PricingError for an invalid or expired coupon, a
    manual discount over the seller's limit, or bonuses over the balance or
    the redeemable share. Pricing stores nothing, so an error changes nothing.
    """
    if channel not in CHANNELS:
        raise ValueError(f"Unknown channel {channel!r}: expected one of {CHANNELS}")
    now = now or timezone.now()
    lines = list(lines)
    coupon_row = find_coupon(coupon, now) if coupon else None
    wanted_bonus = parse_bonus_amount(redeem_bonus) if redeem_bonus not in (None, "") else 0
    if wanted_bonus and customer is None:
        raise BonusNeedsCustomer()

    buyer_price_type = personal_price_type(customer=customer, company=company, price_type=price_type)
    working, unpriced = _working_lines(lines, buyer_price_type)
    subtotal = sum(line.base_kopecks for line in working)

    chosen = choose_promotions(working, active_rules(now, coupon_row), subtotal)
    working = chosen.lines

    manual = 0
    if manual_discount is not None:
        working, manual = _apply_manual(working, manual_discount)

    redeemable = None
    if customer is not None:
        balance = to_kopecks(customers.bonus_balance(customer))
        redeemable = redeemable_kopecks(sum(line.remaining_kopecks for line in working), balance)
    if wanted_bonus:
        check_redeemable(wanted_bonus, redeemable)
        working = _split_order_discount(working, DiscountSource(DiscountSource.BONUS), wanted_bonus)

    priced = [_priced_line(line) for line in working]
    total = _sum_money(line.amount for line in priced)
    logger.debug("Priced %s lines for %s: total %s", len(priced), channel, total)
    return PricedCart(
        lines=priced,
        total=total,
        vat_total=_sum_money(line.vat_amount for line in priced),
        unpriced=unpriced,
        subtotal=_rub(subtotal),
        discount_total=_sum_money(line.discount for line in priced),
        bonus_used=_rub(wanted_bonus),
        bonus_to_earn=_rub(earned_kopecks(to_kopecks(total.amount))),
        bonus_redeemable=_rub(redeemable) if redeemable is not None else None,
        promotions=_applied_promotions(working),
        coupon_code=coupon_row.code if coupon_row else "",
        coupon_applied=any(rule.coupon_code for rule in chosen.rules),
        manual_discount=_rub(manual),
        price_type=buyer_price_type,
    )
