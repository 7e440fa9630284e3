"""Readable labels for the document codes that ledger rows and reservations carry.

Other apps write these codes: orders "order:<pk>", catalog imports
"import:<id>", the stock adjustment form "admin:adjustment", terminals
"terminal:<pk>" and carts "cart:<pk>". A code of any other form is shown as
it is stored.
"""

from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _


def _order_number(pk: str) -> str:
    # The same six-digit form as orders.models.Order.number, which customers and receipts show.
    return f"{int(pk):06d}"


def document_label(code: str) -> str:
    """Return the translated label of a document code, such as «Заказ 000008» for order:8."""
    prefix, _separator, rest = (code or "").partition(":")
    if prefix == "order" and rest.isdigit():
        return _("Order %(number)s") % {"number": _order_number(rest)}
    if prefix == "import":
        return _("Catalog import")
    if code == "admin:adjustment":
        return _("Adjustment")
    if prefix == "terminal" and rest.isdigit():
        return _("Terminal %(id)s") % {"id": rest}
    if prefix == "cart" and rest.isdigit():
        return _("Cart %(id)s") % {"id": rest}
    return code or ""


def document_admin_url(code: str) -> str | None:
    """Return the admin page of the document's order, or None for other documents."""
    prefix, _separator, rest = (code or "").partition(":")
    if prefix != "order" or not rest.isdigit():
        return None
    try:
        return reverse("admin:orders_order_change", args=[int(rest)])
    except NoReverseMatch:
        return None
