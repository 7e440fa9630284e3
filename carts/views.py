"""Shop cart pages: add, change the quantity, remove.

An htmx request gets a partial back, a plain form post a redirect with a message.
"""

import logging

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from . import shop_cart

logger = logging.getLogger(__name__)


def _owner(request, *, create_session: bool = False) -> shop_cart.CartOwner:
    owner = shop_cart.owner_for_request(request)
    if create_session and not owner.is_known:
        # A guest's first add needs a session key to bind the cart to.
        request.session.save()
        owner = shop_cart.owner_for_request(request)
    return owner


def _cart_context(request) -> dict:
    cart = shop_cart.find_cart(_owner(request))
    lines = shop_cart.cart_lines(cart)
    priced = shop_cart.price_cart(cart)
    # A cart has one line per variant, so the variant id pairs each cart line with its priced line.
    priced_by_variant = {line.variant.pk: line for line in priced.lines}
    availability = shop_cart.cart_availability(lines)
    return {
        "cart": cart,
        "rows": [(line, priced_by_variant.get(line.variant_id), availability[line.variant_id]) for line in lines],
        "priced": priced,
        "shop_cart_count": sum(line.quantity for line in lines),
    }


def _back(request) -> str:
    target = request.POST.get("next", "")
    if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        return target
    return ""


@require_GET
def detail(request):
    """Show the cart page; an htmx request, as the cart refreshes itself, gets the cart partial."""
    template = "shop/_cart.html" if request.htmx else "shop/cart.html"
    return render(request, template, _cart_context(request))


@require_POST
def add(request):
    owner = _owner(request, create_session=True)
    try:
        line = shop_cart.add_to_cart(owner, request.POST.get("variant"), request.POST.get("quantity", "1"))
    except shop_cart.CartError as error:
        logger.info("Cart add rejected: %s (variant %r)", error.code, request.POST.get("variant"))
        if request.htmx:
            return render(request, "shop/_cart_added.html", {"error": error.user_message()})
        messages.error(request, error.user_message())
        return redirect(_back(request) or "carts:detail")

    if request.htmx:
        context = {"line": line, "shop_cart_count": shop_cart.item_count(line.cart)}
        return render(request, "shop/_cart_added.html", context)
    messages.success(request, _("Added to the cart: %(name)s.") % {"name": line.variant.display_name})
    return redirect(_back(request) or "carts:detail")


def _after_change(request, error: shop_cart.CartError | None):
    if error is not None:
        logger.info("Cart change rejected: %s", error.code)
    if request.htmx:
        context = _cart_context(request)
        context["error"] = error.user_message() if error else ""
        return render(request, "shop/_cart.html", context)
    if error is not None:
        messages.error(request, error.user_message())
    return redirect("carts:detail")


@require_POST
def update(request, line_id: int):
    try:
        shop_cart.set_quantity(_owner(request), line_id, request.POST.get("quantity"))
    except shop_cart.CartError as error:
        return _after_change(request, error)
    return _after_change(request, None)


@require_POST
def remove(request, line_id: int):
    try:
        shop_cart.remove_line(_owner(request), line_id)
    except shop_cart.CartError as error:
        return _after_change(request, error)
    return _after_change(request, None)
