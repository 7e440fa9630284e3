"""Payment at the counter: the quote of the coupon, bonuses and manual discount, and the sale, placed once per payment form."""

import logging

from django.http import HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django_htmx.http import HttpResponseClientRedirect

import orders

from ..access import active_terminal, cashier_required
from ..counter_cart import cart_lines, cart_version, close_cart, find_open_cart, open_cart
from ..forms import PaymentForm, renewed_payment_form
from ..price_options import options_from_form
from ..sale_screen import counter_cart
from .rendering import payment_quote, sale_page

logger = logging.getLogger(__name__)


@require_POST
@cashier_required
def pay(request, terminal_id: int):
    """Place the counter sale of the cart the payment form was rendered for, then show its receipt.

    The form's idempotency key makes a double click or a retried request
    return the first request's order, with bonuses redeemed once. The
    form's cart version makes a cart changed since the form was shown fail
    with a fresh form instead of charging for lines the cashier did not see.
    A sale that cannot go through keeps the cart and the typed form, and
    the panel shows the reason.
    """
    terminal = active_terminal(terminal_id)
    form = PaymentForm(request.POST)
    if not form.is_valid():
        return _payment_failed(request, terminal, form)

    data = form.cleaned_data
    # A retry after the cart was closed finds no open cart and sends no
    # lines: place_counter_sale then returns the order of the first request.
    cart = find_open_cart(terminal, data["cart_id"])
    lines = cart_lines(cart) if cart else []
    if cart is not None and cart_version(cart, lines) != data["cart_version"]:
        logger.warning("Terminal %s: cart %s changed after the payment form was shown", terminal.pk, cart.pk)
        return _stale_form(request, terminal, form)

    options = options_from_form(data, request.user)
    try:
        order = orders.place_counter_sale(
            terminal=terminal,
            cashier=request.user,
            lines=[orders.RequestedLine(line.variant_id, line.quantity) for line in lines],
            method=data["method"],
            tendered=data["tendered"],
            idempotency_key=data["idempotency_key"],
            customer=cart.customer if cart else None,
            coupon=options.coupon,
            manual_discount=options.manual_discount,
            redeem_bonus=options.redeem_bonus or None,
        )
    except orders.OrderError as error:
        logger.warning("Terminal %s: counter sale rejected (%s): %s", terminal.pk, error.code, error)
        if cart is None or isinstance(error, orders.RequestKeyReused):
            # The form's cart was paid in another tab, or its key already sold something else.
            return _stale_form(request, terminal, form)
        return _payment_failed(request, terminal, form, error.user_message())

    if cart is not None:
        # NOTE: a line scanned on another device between the version check
        # and this point is closed with the cart without being sold.
        close_cart(cart)
    receipt_url = reverse("pos:receipt", args=[order.pk])
    if request.htmx:
        return HttpResponseClientRedirect(receipt_url)
    return HttpResponseRedirect(receipt_url, status=303)


@require_POST
@cashier_required
def quote(request, terminal_id: int):
    """Price the cart with the typed coupon, bonuses and manual discount, and show the amount due.

    A plain form post (no JavaScript) gets the whole sale page with the form as typed.
    """
    terminal = active_terminal(terminal_id)
    form = PaymentForm(request.POST)
    if not request.htmx:
        return sale_page(request, terminal, payment_form=form)
    cart = open_cart(terminal)
    context = {"terminal": terminal, "quote": payment_quote(request, cart, form), "payment_form": form}
    return render(request, "pos/_quote.html", context)


def _stale_form(request, terminal, form: PaymentForm):
    """Show a fresh payment form for the terminal's current cart, keeping what was typed, and the lines it sells."""
    cart = open_cart(terminal)
    fresh = renewed_payment_form(form, cart.pk, cart_version(cart, cart_lines(cart)))
    message = _(
        "The payment form is out of date because the cart changed in another tab or on another device. "
        "Check the lines and the amount due, then press «Pay» again."
    )
    return _payment_failed(request, terminal, fresh, message)


def _payment_failed(request, terminal, form: PaymentForm, message: str = ""):
    """Show the payment panel again with what was typed and, for htmx, refresh the lines beside it."""
    if not request.htmx:
        return sale_page(request, terminal, payment_form=form, payment_error=message)
    cart = open_cart(terminal)
    context = {
        "terminal": terminal,
        "payment_form": form,
        "payment_error": message,
        "counter": counter_cart(cart, terminal),
        "quote": payment_quote(request, cart, form),
        "cart_out_of_band": True,
    }
    return render(request, "pos/_payment_failed.html", context)
