"""Lines, totals and search results of the sale screen, with prices, VAT and shop-floor stock."""

from dataclasses import dataclass

from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from djmoney.money import Money

import carts
import catalog
import inventory
from carts.models import Cart
from catalog.models import Variant, VatRate

from .counter_cart import cart_lines, cart_version
from .models import Terminal


@dataclass(frozen=True)
class CounterLine:
    line_id: int
    variant: Variant
    quantity: int
    available: int
    reserved: int = 0
    unit_price: Money | None = None
    amount: Money | None = None
    vat_rate: str | None = None

    @property
    def stock_warning(self) -> str:
        """Warning shown at once when the shop floor has fewer units available than the line requests."""
        if self.quantity <= self.available:
            return ""
        if self.available <= 0:
            return _("Out of stock on the shop floor")
        return ngettext(
            "Only %(count)d unit left", "Only %(count)d units left", self.available
        ) % {"count": self.available}


@dataclass(frozen=True)
class CounterCart:
    cart: Cart
    lines: list[CounterLine]
    total: Money
    vat_by_rate: list[tuple[str, Money]]
    # The payment form sends this back, so the sale charges exactly these lines.
    version: str = ""

    @property
    def is_empty(self) -> bool:
        return not self.lines

    @property
    def variant_ids(self) -> str:
        """Comma-separated ids of the variants in the cart, for live stock updates."""
        return ",".join(str(line.variant.pk) for line in self.lines)


@dataclass(frozen=True)
class SearchResult:
    variant: Variant
    price: Money | None
    available: int
    reserved: int = 0


def vat_label(rate: str) -> str:
    """Name a VAT rate as a receipt prints it: «НДС 22 %» or «Без НДС»."""
    if rate == VatRate.NO_VAT:
        return _("No VAT")
    return _("VAT %(rate)s %%") % {"rate": rate}


def counter_cart(cart: Cart, terminal: Terminal) -> CounterCart:
    """Price the cart's lines for its customer with the shared engine and add the shop floor's available units."""
    lines = cart_lines(cart)
    # The customer's price list applies here already; the coupon, bonuses and
    # manual discount apply in the payment panel's quote.
    priced = carts.price_lines(((line.variant, line.quantity) for line in lines), customer=cart.customer, channel="counter")
    priced_by_variant = {priced_line.variant.pk: priced_line for priced_line in priced.lines}
    levels = inventory.stock_levels([line.variant_id for line in lines], terminal.location_id)

    counter_lines = []
    for line in lines:
        priced_line = priced_by_variant.get(line.variant_id)
        counter_lines.append(
            CounterLine(
                line_id=line.pk,
                variant=line.variant,
                quantity=line.quantity,
                available=levels[line.variant_id].available,
                reserved=levels[line.variant_id].reserved,
                unit_price=priced_line.unit_price if priced_line else None,
                amount=priced_line.amount if priced_line else None,
                vat_rate=priced_line.vat_rate if priced_line else None,
            )
        )
    vat_by_rate = sorted(priced.vat_by_rate.items(), key=lambda item: vat_rate_order(item[0]))
    return CounterCart(
        cart=cart, lines=counter_lines, total=priced.total, vat_by_rate=vat_by_rate, version=cart_version(cart, lines)
    )


def vat_rate_order(rate: str) -> int:
    """Sort the highest rate first and «без НДС» last."""
    return -int(rate) if rate.isdigit() else 1


def search(query: str, terminal: Terminal, *, limit: int = 20) -> list[SearchResult]:
    """Find variants by name, SKU or barcode, with the retail price and the shop floor's available units."""
    variants = catalog.search_variants(query, limit=limit)
    variant_ids = [variant.pk for variant in variants]
    prices = catalog.retail_prices(variant_ids)
    levels = inventory.stock_levels(variant_ids, terminal.location_id)
    return [
        SearchResult(variant, prices.get(variant.pk), levels[variant.pk].available, levels[variant.pk].reserved)
        for variant in variants
    ]
