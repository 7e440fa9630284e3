"""The web shop's cart: a guest cart bound to the session, a customer's cart bound to the customer.

A customer has at most one open cart, which a database constraint enforces.
The shop and the counter edit that same cart. While a seller has it at a
terminal, the cart's terminal is set, and the shop still finds it by the
customer. When two requests both create that cart, the second one fails on
the constraint and reads the first one's cart. Cart lines store no prices,
so every screen prices the cart afresh through carts.price_lines.
"""

import logging
from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.db.models import F, Sum
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext as _

import catalog
import inventory

from .models import Cart, CartLine
from .pricing import PricedCart, price_lines

logger = logging.getLogger(__name__)

# A guard against a typo such as 1000 instead of 10, not a stock limit:
# stock is checked when the order is placed.
MAX_LINE_QUANTITY = 999
# Primary keys are 64-bit (BigAutoField). A larger number typed into a
# request would make SQLite raise OverflowError on the query.
MAX_ROW_ID = 2**63 - 1


class CartError(Exception):
    """A rejected cart change. Nothing in the cart was changed."""

    code = "cart_error"

    def user_message(self) -> str:
        return str(self)


class InvalidCartQuantity(CartError):
    code = "invalid_quantity"

    def __init__(self, raw: object):
        self.raw = raw
        super().__init__(f"Invalid cart quantity {raw!r}")

    def user_message(self) -> str:
        return _("Quantity must be a whole number from 1 to %(max)d, got «%(value)s».") % {
            "max": MAX_LINE_QUANTITY,
            "value": self.raw if self.raw not in (None, "") else "",
        }


class VariantNotBuyable(CartError):
    code = "not_buyable"

    def __init__(self, variant_id: object):
        self.variant_id = variant_id
        super().__init__(f"Variant {variant_id!r} is not for sale")

    def user_message(self) -> str:
        return _("This item is not for sale.")


class LineNotFound(CartError):
    code = "line_not_found"

    def __init__(self, line_id: object):
        self.line_id = line_id
        super().__init__(f"Cart line {line_id!r} not found")

    def user_message(self) -> str:
        return _("This item is no longer in your cart.")


@dataclass(frozen=True)
class CartOwner:
    """The owner of a shop cart: a customer profile, or else a guest session."""

    customer: object | None = None
    session_key: str = ""

    @property
    def is_known(self) -> bool:
        return self.customer is not None or bool(self.session_key)


def parse_quantity(raw: object) -> int:
    """Return the quantity typed by the shopper as an int, or raise InvalidCartQuantity."""
    text = str(raw if raw is not None else "").strip()
    if not (text.isascii() and text.isdigit()):
        raise InvalidCartQuantity(raw)
    quantity = int(text)
    if not 1 <= quantity <= MAX_LINE_QUANTITY:
        raise InvalidCartQuantity(raw)
    return quantity


def parse_row_id(raw: object) -> int | None:
    """Return a primary key sent in a request as an int, or None for anything that cannot be one."""
    text = str(raw if raw is not None else "").strip()
    if not (text.isascii() and text.isdigit()):
        return None
    row_id = int(text)
    return row_id if 1 <= row_id <= MAX_ROW_ID else None


def buyable_variant_ids(variant_ids) -> set[int]:
    """Return the variants that the shop sells: for sale, of an active product, with a retail price."""
    variant_ids = list(variant_ids)
    sellable = set(catalog.sellable_variants().filter(pk__in=variant_ids).values_list("pk", flat=True))
    return sellable & set(catalog.retail_prices(sellable))


def _open_carts(owner: CartOwner):
    carts = Cart.objects.filter(status=Cart.Status.OPEN)
    if owner.customer is not None:
        return carts.filter(customer=owner.customer)
    return carts.filter(customer__isnull=True, terminal__isnull=True, session_key=owner.session_key)


def find_cart(owner: CartOwner) -> Cart | None:
    if not owner.is_known:
        return None
    return _open_carts(owner).order_by("pk").first()


def get_or_create_cart(owner: CartOwner) -> Cart:
    if not owner.is_known:
        raise ValueError("A shop cart needs a customer or a session key.")
    cart = find_cart(owner)
    if cart is not None:
        return cart
    try:
        with transaction.atomic():
            if owner.customer is not None:
                return Cart.objects.create(customer=owner.customer)
            return Cart.objects.create(session_key=owner.session_key)
    except IntegrityError:
        # A concurrent request created the customer's open cart first.
        cart = find_cart(owner)
        if cart is None:
            raise
        return cart


def add_to_cart(owner: CartOwner, variant_id: object, raw_quantity: object) -> CartLine:
    """Add units of a variant to the cart. A variant already in the cart gets the quantities added up."""
    quantity = parse_quantity(raw_quantity)
    parsed_id = parse_row_id(variant_id)
    if parsed_id is None or parsed_id not in buyable_variant_ids([parsed_id]):
        raise VariantNotBuyable(variant_id)
    variant_id = parsed_id

    cart = get_or_create_cart(owner)
    with transaction.atomic():
        line, created = CartLine.objects.select_for_update().get_or_create(
            cart=cart, variant_id=variant_id, defaults={"quantity": quantity}
        )
        if not created:
            if line.quantity + quantity > MAX_LINE_QUANTITY:
                raise InvalidCartQuantity(line.quantity + quantity)
            CartLine.objects.filter(pk=line.pk).update(quantity=F("quantity") + quantity)
            line.refresh_from_db()
        cart.save(update_fields=["updated_at"])
    return line


def _line(owner: CartOwner, line_id: object) -> CartLine:
    cart = find_cart(owner)
    parsed_id = parse_row_id(line_id)
    line = CartLine.objects.filter(cart=cart, pk=parsed_id).first() if parsed_id is not None else None
    if line is None:
        raise LineNotFound(line_id)
    return line


def set_quantity(owner: CartOwner, line_id: object, raw_quantity: object) -> CartLine:
    quantity = parse_quantity(raw_quantity)
    line = _line(owner, line_id)
    CartLine.objects.filter(pk=line.pk).update(quantity=quantity)
    line.quantity = quantity
    return line


def remove_line(owner: CartOwner, line_id: object) -> None:
    _line(owner, line_id).delete()


def merge_guest_cart(session_key: str, customer) -> Cart | None:
    """Move a guest cart into the customer's open cart when the guest signs in.

    A variant in both carts gets the quantities added up. The guest cart is
    deleted afterwards, so merging twice changes nothing. Two sign-ins at
    once (two tabs, a double submit) lock both cart rows in primary-key
    order, so the second waits, finds the guest cart gone and adds nothing.
    """
    if not session_key or customer is None:
        return find_cart(CartOwner(customer=customer))
    guest = find_cart(CartOwner(session_key=session_key))
    if guest is None:
        return find_cart(CartOwner(customer=customer))

    target = get_or_create_cart(CartOwner(customer=customer))
    guest_id = guest.pk
    with transaction.atomic():
        locked = list(Cart.objects.select_for_update().filter(pk__in=[target.pk, guest.pk]).order_by("pk"))
        if guest_id not in {cart.pk for cart in locked}:
            return target
        _move_lines(guest, target)
        guest.delete()
    logger.info("Cart %s: guest cart %s merged for customer %s", target.pk, guest_id, customer.pk)
    return target


def _move_lines(source: Cart, target: Cart) -> None:
    """Add the source cart's lines to the target's; the caller holds both carts' row locks."""
    existing = {line.variant_id: line for line in CartLine.objects.filter(cart=target)}
    for line in source.lines.all():
        mine = existing.get(line.variant_id)
        if mine is None:
            CartLine.objects.create(cart=target, variant_id=line.variant_id, quantity=line.quantity)
        else:
            merged = min(mine.quantity + line.quantity, MAX_LINE_QUANTITY)
            CartLine.objects.filter(pk=mine.pk).update(quantity=merged)


def cart_lines(cart: Cart | None) -> list[CartLine]:
    if cart is None:
        return []
    return list(cart.lines.select_related("variant__product"))


def price_cart(cart: Cart | None) -> PricedCart:
    """Price the cart's lines for its customer with the engine every channel uses.

    orders.place_web_order prices for the same customer, so the cart total
    equals the order total.
    """
    customer = cart.customer if cart is not None else None
    return price_lines(((line.variant, line.quantity) for line in cart_lines(cart)), customer=customer)


@dataclass(frozen=True)
class LineAvailability:
    """The units the shop can promise for one cart line, per pickup store and for delivery."""

    quantity: int
    pickup: list  # one inventory.StoreAvailability per store
    delivery: int

    @property
    def best(self) -> int:
        return max([self.delivery, *(row.available for row in self.pickup)])

    @property
    def exceeds_every_option(self) -> bool:
        return self.quantity > self.best


def cart_availability(lines: list[CartLine]) -> dict[int, LineAvailability]:
    """Return the availability of each cart line's variant, keyed by variant id.

    The cart accepts any quantity up to MAX_LINE_QUANTITY because stock
    changes while a cart waits, so the cart page shows this to warn early.
    Stock is checked again, under a lock, when the order is placed.
    """
    variant_ids = [line.variant_id for line in lines]
    pickup = inventory.pickup_availability(variant_ids)
    delivery = inventory.delivery_availability(variant_ids)
    return {
        line.variant_id: LineAvailability(
            quantity=line.quantity, pickup=pickup.get(line.variant_id, []), delivery=delivery.get(line.variant_id, 0)
        )
        for line in lines
    }


def item_count(cart: Cart | None) -> int:
    if cart is None:
        return 0
    return cart.lines.aggregate(total=Sum("quantity"))["total"] or 0


def mark_ordered(cart: Cart | None) -> None:
    if cart is not None:
        Cart.objects.filter(pk=cart.pk, status=Cart.Status.OPEN).update(status=Cart.Status.ORDERED)


def owner_for_request(request) -> CartOwner:
    """Return the cart owner of a shop request: the signed-in customer, or else the guest session."""
    user = getattr(request, "user", None)
    customer = getattr(user, "customer", None) if user is not None and user.is_authenticated else None
    if customer is not None:
        return CartOwner(customer=customer)
    session = getattr(request, "session", None)
    return CartOwner(session_key=(session.session_key if session is not None else "") or "")


def cart_count_context(request) -> dict:
    """Add the shop header's cart item count to the template context, counted only when a page shows it."""
    return {"shop_cart_count": SimpleLazyObject(lambda: item_count(find_cart(owner_for_request(request))))}
