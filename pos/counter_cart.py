"""The open cart of a terminal: the sale the cashier is ringing up.

A terminal has one open cart at a time. It is either the terminal's own
anonymous cart, or a customer's cart that the seller attached to the
terminal: the same Cart row that the shop shows the customer, so both edit
one cart. Attaching moves the lines rung up so far into the customer's cart;
detaching hands the cart back to the shop alone.

The carts app has no public function for terminal carts yet, so this module
is the one place that writes Cart and CartLine rows for the counter. Keep it
that way, so the code can move into carts as a whole.
"""

import hashlib
import logging
from collections.abc import Sequence

from django.db import IntegrityError, transaction
from django.db.models import F

from carts.models import Cart, CartLine
from catalog.models import Variant

from .models import Terminal

logger = logging.getLogger(__name__)

# A quantity above this is a typing slip (a barcode pasted into the field), not a sale.
MAX_LINE_QUANTITY = 9999


def open_cart(terminal: Terminal) -> Cart:
    """Return the terminal's open cart, creating an anonymous one on first use."""
    cart = _find_open(terminal)
    if cart is not None:
        return cart

    with transaction.atomic():
        # Two tabs of one terminal would otherwise each create a cart: the
        # terminal row lock makes the second one find the first one's cart.
        _lock_terminal(terminal)
        cart = _find_open(terminal)
        if cart is None:
            cart = Cart.objects.create(terminal=terminal, customer=None, status=Cart.Status.OPEN)
    return cart


def find_open_cart(terminal: Terminal, cart_id: int) -> Cart | None:
    """Return the terminal's cart with this id while it is still open and still at this terminal."""
    return Cart.objects.filter(pk=cart_id, terminal=terminal, status=Cart.Status.OPEN).select_related("customer").first()


def _find_open(terminal: Terminal) -> Cart | None:
    carts = Cart.objects.filter(terminal=terminal, status=Cart.Status.OPEN).select_related("customer")
    return carts.order_by("pk").first()


def _lock_terminal(terminal: Terminal) -> None:
    # Terminal.Meta.ordering joins the store, and FOR UPDATE would lock the
    # joined store row too, so every sale of the store would queue on it.
    # order_by("pk") drops the join and of=("self",) keeps the lock on the
    # terminal row alone (SQLite has no row locks and ignores both).
    Terminal.objects.select_for_update(of=("self",)).filter(pk=terminal.pk).order_by("pk").first()


def customer_open_cart(customer) -> Cart | None:
    """Return the customer's open cart, wherever it is being edited."""
    return Cart.objects.filter(customer=customer, status=Cart.Status.OPEN).select_related("terminal").first()


def attach_customer(terminal: Terminal, customer) -> Cart:
    """Make the customer's open cart the terminal's sale, with the lines rung up so far added to it.

    A customer without an open cart gets one. A cart that another terminal
    had moves to this one. Lock order: the terminal row, then the carts in
    primary-key order.
    """
    try:
        target = _attach(terminal, customer)
    except IntegrityError:
        # The shop created the customer's open cart at the same moment, so
        # the second attempt finds that cart and attaches it.
        logger.info("Terminal %s: customer %s cart created concurrently, retrying", terminal.pk, customer.pk)
        target = _attach(terminal, customer)
    logger.info("Terminal %s: cart %s of customer %s attached", terminal.pk, target.pk, customer.pk)
    return target


def _attach(terminal: Terminal, customer) -> Cart:
    with transaction.atomic():
        _lock_terminal(terminal)
        current = _find_open(terminal)
        target = customer_open_cart(customer)
        if target is None and current is not None and current.customer_id is None:
            # The anonymous sale becomes the customer's cart as it is.
            current.customer = customer
            current.save(update_fields=["customer", "updated_at"])
            return current
        if target is None:
            target = Cart.objects.create(customer=customer, terminal=terminal, status=Cart.Status.OPEN)
        locked = [cart.pk for cart in (current, target) if cart is not None]
        list(Cart.objects.select_for_update().filter(pk__in=locked).order_by("pk"))
        if current is not None and current.pk != target.pk:
            _release(current, into=target)
        Cart.objects.filter(pk=target.pk).update(terminal=terminal)
    target.refresh_from_db()
    return target


def _release(cart: Cart, *, into: Cart) -> None:
    """Take a cart off the terminal: an anonymous one gives its lines to `into`, a customer's goes back to the shop."""
    if cart.customer_id is not None:
        Cart.objects.filter(pk=cart.pk).update(terminal=None)
        return
    for line in cart.lines.all():
        add_variant(into, line.variant, line.quantity)
    cart.delete()


def detach_customer(terminal: Terminal) -> Cart | None:
    """Hand the customer's cart at this terminal back to the shop; return it, or None when there was none."""
    with transaction.atomic():
        _lock_terminal(terminal)
        current = _find_open(terminal)
        if current is None or current.customer_id is None:
            return None
        Cart.objects.filter(pk=current.pk).update(terminal=None)
    logger.info("Terminal %s: cart %s handed back to the shop", terminal.pk, current.pk)
    return current


def cart_lines(cart: Cart) -> list[CartLine]:
    return list(cart.lines.select_related("variant__product").order_by("added_at", "pk"))


def cart_version(cart: Cart, lines: Sequence[CartLine]) -> str:
    """Return a digest of the cart, its customer and its lines with their quantities.

    The payment form sends the version of the cart the cashier saw, so a
    line added or changed on another device in between makes the payment
    fail instead of charging for it.
    """
    parts = [f"cart:{cart.pk}", f"customer:{cart.customer_id}"]
    parts += sorted(f"line:{line.pk}:{line.variant_id}:{line.quantity}" for line in lines)
    return hashlib.sha256("|".join(parts).encode()).hexdigest()[:32]


def add_variant(cart: Cart, variant: Variant, quantity: int = 1) -> CartLine:
    """Add units of a variant: a new line, or more on the variant's existing line."""
    with transaction.atomic():
        line, created = CartLine.objects.get_or_create(cart=cart, variant=variant, defaults={"quantity": quantity})
        if not created:
            CartLine.objects.filter(pk=line.pk).update(quantity=F("quantity") + quantity)
            line.refresh_from_db()
    return line


def set_quantity(cart: Cart, line_id: int, quantity: int) -> CartLine | None:
    """Set a line's quantity (1 to MAX_LINE_QUANTITY); return None when the line is not in this cart."""
    if not 1 <= quantity <= MAX_LINE_QUANTITY:
        raise ValueError(f"Quantity must be from 1 to {MAX_LINE_QUANTITY}, got {quantity}")
    line = cart.lines.filter(pk=line_id).first()
    if line is None:
        return None
    line.quantity = quantity
    line.save(update_fields=["quantity"])
    return line


def remove_line(cart: Cart, line_id: int) -> bool:
    deleted, _per_model = cart.lines.filter(pk=line_id).delete()
    return deleted > 0


def close_cart(cart: Cart) -> None:
    """Mark the cart as ordered, so the terminal starts the next sale with an empty one."""
    Cart.objects.filter(pk=cart.pk, status=Cart.Status.OPEN).update(status=Cart.Status.ORDERED)
