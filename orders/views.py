"""Shop checkout and the order page."""

import logging
import uuid
from dataclasses import dataclass

from django import forms
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_http_methods

import carts
import inventory
from customers.phones import normalize_phone
from inventory.models import Store

from .errors import OrderError, RequestKeyReused
from .models import Order
from .placement import Contact, RequestedLine, place_web_order

logger = logging.getLogger(__name__)

# Orders placed in this browser session, so a guest can open their own order page.
SESSION_ORDERS = "shop_orders"


class CheckoutForm(forms.Form):
    fulfilment = forms.ChoiceField(
        label=_("How to receive"),
        choices=[(Order.Fulfilment.PICKUP, _("Pickup in store")), (Order.Fulfilment.DELIVERY, _("Delivery"))],
        widget=forms.RadioSelect,
        initial=Order.Fulfilment.PICKUP,
    )
    store = forms.ModelChoiceField(label=_("Store"), queryset=Store.objects.order_by("name"), required=False)
    name = forms.CharField(label=_("Name"), max_length=255)
    phone = forms.CharField(label=_("Phone"), max_length=32)
    email = forms.EmailField(label=_("E-mail"), required=False)
    address = forms.CharField(label=_("Delivery address"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    # The price engine validates both when the order is placed.
    coupon = forms.CharField(label=_("Coupon code"), required=False, max_length=64)
    redeem_bonus = forms.CharField(label=_("Pay with bonuses"), required=False, max_length=32)
    idempotency_key = forms.UUIDField(widget=forms.HiddenInput)

    def clean_phone(self) -> str:
        phone = normalize_phone(self.cleaned_data["phone"])
        if phone is None:
            raise forms.ValidationError(
                _("Enter a Russian phone number, for example +7 916 123-45-67."), code="invalid_phone"
            )
        return phone

    def clean(self) -> dict:
        cleaned = super().clean()
        fulfilment = cleaned.get("fulfilment")
        if fulfilment == Order.Fulfilment.PICKUP and not cleaned.get("store"):
            message = _("Choose the store where you will collect the order.")
            self.add_error("store", forms.ValidationError(message, code="required"))
        if fulfilment == Order.Fulfilment.DELIVERY and not cleaned.get("address", "").strip():
            self.add_error("address", forms.ValidationError(_("Enter the delivery address."), code="required"))
        return cleaned


@dataclass(frozen=True)
class StoreChoice:
    """A store in the pickup list with how many of the cart's lines it can cover."""

    store: Store
    lines_available: int
    lines_total: int

    @property
    def has_everything(self) -> bool:
        return self.lines_available == self.lines_total


def _store_choices(lines) -> list[StoreChoice]:
    pickup = inventory.pickup_availability(line.variant_id for line in lines)
    covered: dict[int, int] = {}
    for line in lines:
        for row in pickup.get(line.variant_id, []):
            covered[row.store.pk] = covered.get(row.store.pk, 0) + (row.available >= line.quantity)
    return [StoreChoice(store, covered.get(store.pk, 0), len(lines)) for store in Store.objects.order_by("name")]


def _delivery_covered(lines) -> int:
    delivery = inventory.delivery_availability(line.variant_id for line in lines)
    return sum(delivery.get(line.variant_id, 0) >= line.quantity for line in lines)


def _initial(request) -> dict:
    initial = {"idempotency_key": uuid.uuid4(), "fulfilment": Order.Fulfilment.PICKUP}
    profile = getattr(request.user, "customer", None) if request.user.is_authenticated else None
    if profile is not None:
        initial.update(name=profile.full_name, phone=profile.phone or "", email=profile.email or "")
    elif request.user.is_authenticated:
        initial.update(name=request.user.get_full_name(), email=request.user.email or "")
    return initial


def _render_checkout(request, form, cart, *, error: str = "", status: int = 200):
    lines = carts.cart_lines(cart)
    context = {
        "form": form,
        "lines": lines,
        "priced": carts.price_cart(cart),
        "stores": _store_choices(lines),
        "delivery_covered": _delivery_covered(lines),
        "error": error,
    }
    return render(request, "shop/checkout.html", context, status=status)


def _place(request, form, cart) -> Order:
    data = form.cleaned_data
    is_pickup = data["fulfilment"] == Order.Fulfilment.PICKUP
    profile = getattr(request.user, "customer", None) if request.user.is_authenticated else None
    return place_web_order(
        lines=[RequestedLine(line.variant_id, line.quantity) for line in carts.cart_lines(cart)],
        fulfilment=data["fulfilment"],
        contact=Contact(
            name=data["name"], phone=data["phone"], email=data["email"], address="" if is_pickup else data["address"]
        ),
        idempotency_key=data["idempotency_key"],
        store=data["store"] if is_pickup else None,
        customer=profile,
        coupon=data["coupon"].strip(),
        redeem_bonus=data["redeem_bonus"].replace(" ", "").strip() or None,
    )


@require_http_methods(["GET", "POST"])
def checkout(request):
    cart = carts.find_cart(carts.owner_for_request(request))
    if request.method == "GET":
        if not carts.cart_lines(cart):
            return redirect("carts:detail")
        return _render_checkout(request, CheckoutForm(initial=_initial(request)), cart)

    form = CheckoutForm(request.POST)
    if not form.is_valid():
        return _render_checkout(request, form, cart, status=400)
    try:
        order = _place(request, form, cart)
    except RequestKeyReused as error:
        # The first response was lost and the cart is ordered by now: show
        # the buyer the order they placed, as long as it is theirs.
        if not carts.cart_lines(cart) and _may_view(request, error.order):
            return redirect("orders:detail", pk=error.order.pk)
        return _stale_checkout(request, cart, reason=error.code)
    except OrderError as error:
        logger.warning("Checkout failed: %s, cart %s", error.code, cart.pk if cart else None)
        return _render_checkout(request, form, cart, error=error.user_message(), status=409)

    if not _placed_from(order, cart):
        # The same lines in a cart opened after this order was placed: a
        # stale form, so the new cart stays open.
        return _stale_checkout(request, cart, reason="cart_newer_than_order")
    carts.mark_ordered(cart)
    known = request.session.get(SESSION_ORDERS, [])
    if order.pk not in known:
        request.session[SESSION_ORDERS] = [*known, order.pk]
    return redirect("orders:detail", pk=order.pk)


def _placed_from(order: Order, cart) -> bool:
    """Return whether the order can have been placed from this cart, which existed before the order."""
    return cart is not None and cart.created_at <= order.created_at


def _stale_checkout(request, cart, *, reason: str):
    """Show the checkout again with what was typed, a new key and a note that the submitted form was stale."""
    logger.warning("Checkout with a stale form (%s), cart %s", reason, cart.pk if cart else None)
    if not carts.cart_lines(cart):
        return redirect("carts:detail")
    data = request.POST.copy()
    data["idempotency_key"] = str(uuid.uuid4())
    form = CheckoutForm(data)
    form.is_valid()
    message = _("The form is out of date: it was already submitted for another cart. Check the order and submit it again.")
    return _render_checkout(request, form, cart, error=message, status=409)


def _may_view(request, order: Order) -> bool:
    if order.pk in request.session.get(SESSION_ORDERS, []):
        return True
    profile = getattr(request.user, "customer", None) if request.user.is_authenticated else None
    return profile is not None and order.customer_id == profile.pk


def detail(request, pk: int):
    order = get_object_or_404(Order.objects.select_related("store"), pk=pk)
    if not _may_view(request, order):
        # Not 403: an order number should not tell a stranger that the order exists.
        raise Http404("Order not found")
    return render(request, "shop/order.html", {"order": order, "lines": list(order.lines.all())})
