"""Customers at the counter: find one by phone, e-mail, card or QR code, create one, open the profile, take over the online cart."""

import logging

from django.http import Http404, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST

import carts
import customers
from customers.forms import CounterCustomerForm, CustomerNotesForm
from customers.models import Customer
from orders.models import Order

from ..access import active_terminal, cashier_required
from ..counter_cart import attach_customer, cart_lines, customer_open_cart, detach_customer
from ..models import Terminal

logger = logging.getLogger(__name__)

# The profile lists this many of the newest orders.
MAX_ORDERS_SHOWN = 30


def _profile_url(terminal: Terminal, customer: Customer) -> str:
    return reverse("pos:customer", args=[terminal.pk, customer.pk])


def _initial_contact(query: str) -> dict:
    """Prefill the new customer form with the phone, e-mail or name that matched no customer."""
    if "@" in query:
        return {"email": query}
    if customers.normalize_phone(query):
        return {"phone": query}
    return {"full_name": query} if query and not query[0].isdigit() else {}


@require_GET
@cashier_required
def search(request, terminal_id: int):
    """Find customers by what the seller typed or the scanner read; a single match opens the profile."""
    terminal = active_terminal(terminal_id)
    query = request.GET.get("q", "").strip()
    found = customers.find_customers(query)
    if len(found) == 1 and "list" not in request.GET:
        return HttpResponseRedirect(_profile_url(terminal, found[0]))
    form = CounterCustomerForm(initial=_initial_contact(query))
    context = {"terminal": terminal, "query": query, "found": found, "form": form}
    return render(request, "pos/customers.html", context)


@require_POST
@cashier_required
def create(request, terminal_id: int):
    """Create a customer with the consent to messages recorded by the signed-in seller, and open the profile."""
    terminal = active_terminal(terminal_id)
    form = CounterCustomerForm(request.POST)
    error = ""
    if form.is_valid():
        data = form.cleaned_data
        try:
            customer = customers.create_customer(
                full_name=data["full_name"],
                phone=data["phone"],
                email=data["email"],
                card_number=data["card_number"],
                accepts_messages=data["accepts_messages"],
                recorded_by=request.user,
            )
        except customers.CustomerExists as exists:
            logger.info("Terminal %s: new customer rejected, %s already taken", terminal.pk, exists.field)
            error = exists.user_message()
        else:
            return HttpResponseRedirect(_profile_url(terminal, customer))
    context = {"terminal": terminal, "query": "", "found": [], "form": form, "create_error": error}
    return render(request, "pos/customers.html", context, status=400)


def _customer(customer_id: int) -> Customer:
    customer = Customer.objects.select_related("company", "company__price_type", "price_type").filter(pk=customer_id).first()
    if customer is None:
        raise Http404("Customer not found")
    return customer


def _online_cart(customer: Customer):
    """Return the customer's open cart with its lines priced for them, or (None, None)."""
    cart = customer_open_cart(customer)
    if cart is None:
        return None, None
    lines = cart_lines(cart)
    priced = carts.price_lines(((line.variant, line.quantity) for line in lines), customer=customer, channel="counter")
    return cart, priced


def _orders(customer: Customer) -> list[Order]:
    queryset = Order.objects.filter(customer=customer).select_related("store").prefetch_related("lines")
    return list(queryset.order_by("-created_at", "-pk")[:MAX_ORDERS_SHOWN])


def _render_profile(request, terminal, customer, *, notes_form=None, notes_error="", status=200):
    cart, priced = _online_cart(customer)
    context = {
        "terminal": terminal,
        "customer": customer,
        "company": customer.company,
        "bonus_balance": customers.bonus_balance(customer),
        "held_bonus": customers.held_bonus_balance(customer),
        "ledger": customers.bonus_history(customer),
        "orders": _orders(customer),
        "online_cart": cart,
        "online_priced": priced,
        "cart_here": cart is not None and cart.terminal_id == terminal.pk,
        "notes_form": notes_form
        or CustomerNotesForm(
            initial={"notes": customer.notes, "preferences": customer.preferences, "card_number": customer.card_number}
        ),
        "notes_error": notes_error,
    }
    return render(request, "pos/customer.html", context, status=status)


@require_GET
@cashier_required
def profile(request, terminal_id: int, customer_id: int):
    return _render_profile(request, active_terminal(terminal_id), _customer(customer_id))


@require_http_methods(["POST"])
@cashier_required
def notes(request, terminal_id: int, customer_id: int):
    """Save the customer's notes, preferences and card number; a rejected card keeps what was typed."""
    terminal = active_terminal(terminal_id)
    customer = _customer(customer_id)
    form = CustomerNotesForm(request.POST)
    if not form.is_valid():
        return _render_profile(request, terminal, customer, notes_form=form, status=400)
    try:
        customers.update_profile_notes(customer, **form.cleaned_data)
    except customers.CustomerExists as exists:
        logger.info("Customer %s: card number rejected, it belongs to customer %s", customer.pk, exists.customer.pk)
        return _render_profile(request, terminal, customer, notes_form=form, notes_error=exists.user_message(), status=400)
    return HttpResponseRedirect(_profile_url(terminal, customer))


@require_POST
@cashier_required
def attach(request, terminal_id: int, customer_id: int):
    """Make the customer's cart the terminal's sale, with what was rung up so far added to it."""
    terminal = active_terminal(terminal_id)
    customer = _customer(customer_id)
    attach_customer(terminal, customer)
    return HttpResponseRedirect(reverse("pos:sale", args=[terminal.pk]))


@require_POST
@cashier_required
def detach(request, terminal_id: int):
    """Hand the customer's cart back to the shop and start an anonymous sale."""
    terminal = active_terminal(terminal_id)
    if detach_customer(terminal) is None:
        logger.info("Terminal %s: no customer cart to hand back", terminal.pk)
    return HttpResponseRedirect(reverse("pos:sale", args=[terminal.pk]))

