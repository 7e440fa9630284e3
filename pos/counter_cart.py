"""The open cart of a terminal: the sale the cashier is ringing up.

The carts app has no public function for terminal carts yet, so this module
is the one place that writes Cart and CartLine rows for the counter. Keep it
that way, so the code can move into carts as a whole.
"""

from django.db import transaction
from django.db.models import F

from carts.models import Cart, CartLine
from catalog.models import Variant

from .models import Terminal

# A quantity above this is a typing slip (a barcode pasted into the field), not a sale.
MAX_LINE_QUANTITY = 9999


def open_cart(terminal: Terminal) -> Cart:
    """Return the terminal's open counter cart, creating it on first use."""
    cart = _find_open(terminal)
    if cart is not None:
        return cart

    with transaction.atomic():
        # Two tabs of one terminal would otherwise each create a cart: the
        # terminal row lock makes the second one find the first one's cart.
        Terminal.objects.select_for_update().filter(pk=terminal.pk).first()
        cart = _find_open(terminal)
        if cart is None:
            cart = Cart.objects.create(terminal=terminal, customer=None, status=Cart.Status.OPEN)
    return cart


def find_open_cart(terminal: Terminal, cart_id: int) -> Cart | None:
    """Return the terminal's cart with this id while it is still open."""
    return Cart.objects.filter(
        pk=cart_id, terminal=terminal, customer__isnull=True, status=Cart.Status.OPEN
    ).first()


def _find_open(terminal: Terminal) -> Cart | None:
    carts = Cart.objects.filter(terminal=terminal, customer__isnull=True, status=Cart.Status.OPEN)
    return carts.order_by("pk").first()


def cart_lines(cart: Cart) -> list[CartLine]:
    return list(cart.lines.select_related("variant__product").order_by("added_at", "pk"))


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
