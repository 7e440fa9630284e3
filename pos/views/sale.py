"""The sale screen: search, scanning and the lines of the counter cart."""

import logging

from django.http import HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST
from django_htmx.http import HttpResponseClientRedirect

import catalog
import customers

from ..access import active_terminal, cashier_required, remember_terminal
from ..counter_cart import add_variant, open_cart, remove_line, set_quantity
from ..forms import QuantityForm
from ..sale_screen import search as search_variants
from .rendering import cart_changed, sale_page

logger = logging.getLogger(__name__)

# Longer input is not a barcode, so the notice and the log show only this many characters of it.
MAX_CODE_SHOWN = 64


@require_GET
@cashier_required
def sale(request, terminal_id: int):
    terminal = active_terminal(terminal_id)
    remember_terminal(request, terminal)
    return sale_page(request, terminal)


@require_GET
@cashier_required
def cart(request, terminal_id: int):
    """Render the lines partial again, as live stock updates ask for it; a plain request gets the page."""
    terminal = active_terminal(terminal_id)
    if not request.htmx:
        return sale_page(request, terminal)
    return cart_changed(request, terminal)


@require_GET
@cashier_required
def search(request, terminal_id: int):
    """Render the search results as the cashier types (htmx), or the sale page with them."""
    terminal = active_terminal(terminal_id)
    query = request.GET.get("q", "").strip()
    if not request.htmx:
        return sale_page(request, terminal, query=query)
    results = search_variants(query, terminal) if query else []
    return render(request, "pos/_search_results.html", {"terminal": terminal, "query": query, "results": results})


@require_POST
@cashier_required
def scan(request, terminal_id: int):
    """Add one unit of the variant whose barcode (or SKU) the scanner typed.

    The scan field has the focus most of the time, so a customer's QR code
    or loyalty card scanned into it opens the customer's profile instead.
    """
    terminal = active_terminal(terminal_id)
    code = request.POST.get("code", "").strip()
    if not code:
        return cart_changed(request, terminal, notice=_("Scan a barcode or type it and press Enter."))

    variant = catalog.find_by_barcode(code)
    customer = customers.customer_by_token(code) or (customers.customer_by_card(code) if variant is None else None)
    if customer is not None:
        return _open_profile(request, terminal, customer)
    if variant is None:
        logger.info("Terminal %s: no sellable variant with barcode or SKU %r", terminal.pk, code[:MAX_CODE_SHOWN])
        notice = _("Nothing found for the code «%(code)s». Check the code or find the item by name.") % {
            "code": code[:MAX_CODE_SHOWN]
        }
        return cart_changed(request, terminal, notice=notice)

    add_variant(open_cart(terminal), variant)
    return cart_changed(request, terminal, notice=_("Added: %(name)s") % {"name": variant.display_name}, notice_level="ok")


def _open_profile(request, terminal, customer):
    url = reverse("pos:customer", args=[terminal.pk, customer.pk])
    if request.htmx:
        return HttpResponseClientRedirect(url)
    return HttpResponseRedirect(url, status=303)


@require_POST
@cashier_required
def add(request, terminal_id: int):
    """Add one unit of a variant picked from the search results."""
    terminal = active_terminal(terminal_id)
    variant_id = request.POST.get("variant_id", "")
    variant = catalog.sellable_variants().filter(pk=variant_id).first() if variant_id.isdigit() else None
    if variant is None:
        return cart_changed(request, terminal, notice=_("This item is no longer for sale. Search again."))

    add_variant(open_cart(terminal), variant)
    return cart_changed(request, terminal, notice=_("Added: %(name)s") % {"name": variant.display_name}, notice_level="ok")


@require_POST
@cashier_required
def line_quantity(request, terminal_id: int, line_id: int):
    """Set a line's quantity from the − and + buttons or the typed number."""
    terminal = active_terminal(terminal_id)
    form = QuantityForm(request.POST)
    if not form.is_valid():
        return cart_changed(request, terminal, notice=" ".join(form.errors["quantity"]))

    line = set_quantity(open_cart(terminal), line_id, form.cleaned_data["quantity"])
    if line is None:
        return cart_changed(request, terminal, notice=_("This line is no longer in the cart."))
    return cart_changed(request, terminal)


@require_POST
@cashier_required
def line_remove(request, terminal_id: int, line_id: int):
    terminal = active_terminal(terminal_id)
    if not remove_line(open_cart(terminal), line_id):
        return cart_changed(request, terminal, notice=_("This line is no longer in the cart."))
    return cart_changed(request, terminal)
