"""Shop account pages: sign-up, sign-in, sign-out, and the account with orders, bonuses and the QR code."""

import logging

from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

import carts
import customers

from .forms import InvitationForm, RegistrationForm, ShopLoginForm

logger = logging.getLogger(__name__)


def _sign_in(request, user) -> None:
    """Sign the user in and move the guest's cart into the customer's cart."""
    # login() gives the session a new key, so read the guest's key first.
    guest_session_key = request.session.session_key or ""
    login(request, user, backend="customers.backends.EmailOrPhoneBackend")
    profile = getattr(user, "customer", None)
    if profile is not None:
        carts.merge_guest_cart(guest_session_key, profile)


class ShopLoginView(auth_views.LoginView):
    template_name = "shop/login.html"
    authentication_form = ShopLoginForm
    redirect_authenticated_user = True

    def form_valid(self, form):
        _sign_in(self.request, form.get_user())
        return redirect(self.get_success_url())


class ShopLogoutView(auth_views.LogoutView):
    http_method_names = ["post", "options"]


def _next_url(request) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        return target
    return ""


@require_http_methods(["GET", "POST"])
def register(request):
    if request.user.is_authenticated:
        return redirect("customers:account")
    form = RegistrationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            user = customers.register_customer(
                password=form.cleaned_data["password1"],
                full_name=form.cleaned_data["full_name"],
                email=form.cleaned_data["email"],
                phone=form.cleaned_data["phone"],
            )
        except customers.RegistrationError as error:
            form.add_error(None, error.user_message())
        else:
            _sign_in(request, user)
            messages.success(request, _("Welcome! Your account is ready."))
            return redirect(_next_url(request) or "customers:account")
    return render(request, "shop/register.html", {"form": form, "next": _next_url(request)})


@login_required
def account(request):
    """Show the profile, the orders from the shop and the counter, the bonuses and the QR code for the counter."""
    profile = getattr(request.user, "customer", None)
    if profile is None:
        return render(request, "shop/account.html", {"profile": None, "orders": []})
    context = {
        "profile": profile,
        "orders": list(profile.orders.select_related("store").order_by("-created_at", "-pk")),
        "bonus_balance": customers.bonus_balance(profile),
        "held_bonus": customers.held_bonus_balance(profile),
        "ledger": customers.bonus_history(profile),
        "qr_svg": customers.customer_qr_svg(profile),
        "customer_token": customers.customer_token(profile),
    }
    return render(request, "shop/account.html", context)


@require_http_methods(["GET", "POST"])
def invite(request, token: str):
    """Let an invited customer set a password; the new login opens the profile the counter made."""
    try:
        customer = customers.invited_customer(token)
    except customers.RegistrationError as error:
        logger.info("Invitation link rejected: %s", error.code)
        return render(request, "shop/invite.html", {"error": error.user_message()}, status=400)

    form = InvitationForm(request.POST or None, customer=customer)
    if request.method == "POST" and form.is_valid():
        try:
            user = customers.accept_invitation(token, password=form.cleaned_data["password1"])
        except customers.RegistrationError as error:
            form.add_error(None, error.user_message())
        else:
            _sign_in(request, user)
            messages.success(request, _("Welcome! Your account is ready."))
            return redirect("customers:account")
    return render(request, "shop/invite.html", {"form": form, "customer": customer})
