"""Rendering the sale screen: the full page, or only the part an htmx request swaps."""

from django.http import HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse

from ..counter_cart import open_cart
from ..forms import PaymentForm, new_payment_form
from ..models import Terminal
from ..sale_screen import counter_cart, search


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
        return render(request, "pos/_cart.html", context)
    if notice and notice_level == "error":
        return sale_page(request, terminal, notice=notice, notice_level=notice_level)
    return HttpResponseRedirect(reverse("pos:sale", args=[terminal.pk]), status=303)
