"""Rendering the sale screen: the full page, or only the part an htmx request swaps."""

from django.http import HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django_htmx.http import trigger_client_event

from ..counter_cart import open_cart
from ..forms import PaymentForm, new_payment_form
from ..models import Terminal
from ..price_options import CounterPriceOptions, options_from_form, quote
from ..sale_screen import counter_cart, search

# The payment panel's quote listens for this event and prices the cart again.
CART_UPDATED_EVENT = "cart-updated"


def payment_quote(request, cart, form: PaymentForm | None):
    """Price the cart with what the payment form holds, or with nothing typed yet."""
    if form is None or not form.is_bound:
        return quote(cart, CounterPriceOptions(), request.user)
    form.is_valid()
    return quote(cart, options_from_form(getattr(form, "cleaned_data", {}), request.user), request.user)


def sale_page(
    request,
    terminal: Terminal,
    *,
    query: str = "",
    notice: str = "",
    notice_level: str = "error",
    payment_form: PaymentForm | None = None,
    payment_error: str = "",
) -> HttpResponse:
    cart = open_cart(terminal)
    context = {
        "terminal": terminal,
        "counter": counter_cart(cart, terminal),
        "query": query,
        "results": search(query, terminal) if query else [],
        "notice": notice,
        "notice_level": notice_level,
        "payment_form": payment_form or new_payment_form(cart.pk),
        "payment_error": payment_error,
        "quote": payment_quote(request, cart, payment_form),
    }
    return render(request, "pos/sale.html", context)


def cart_changed(request, terminal: Terminal, *, notice: str = "", notice_level: str = "error") -> HttpResponse:
    """Return the response to a cart change: the lines partial for htmx, otherwise a redirect or the full page.

    A plain request that went through is redirected, so reloading the page
    does not repeat it. A rejected one gets the full page with the notice.
    """
    if request.htmx:
        context = {
            "terminal": terminal,
            "counter": counter_cart(open_cart(terminal), terminal),
            "notice": notice,
            "notice_level": notice_level,
        }
        response = render(request, "pos/_cart.html", context)
        return trigger_client_event(response, CART_UPDATED_EVENT)
    if notice and notice_level == "error":
        return sale_page(request, terminal, notice=notice, notice_level=notice_level)
    return HttpResponseRedirect(reverse("pos:sale", args=[terminal.pk]), status=303)
