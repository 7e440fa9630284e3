"""Forms of the counter screens: login, line quantity, payment and the customer's notes."""

import re
import uuid
from decimal import Decimal

from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _

from .access import is_cashier
from .counter_cart import MAX_LINE_QUANTITY

# The largest cash amount a cashier can type; more is a typing slip.
MAX_TENDERED = Decimal("9999999.99")
# Digits with an optional comma or point part, after spaces are removed. The
# change preview in pos.js accepts the same, so «1e5» or «NaN» is rejected on
# both sides instead of being read as a number by Decimal only.
CASH_AMOUNT = re.compile(r"(?P<roubles>[0-9]+)(?:[.,](?P<kopecks>[0-9]*))?")


class CounterLoginForm(AuthenticationForm):
    """Django's login form with the counter's wording; only cashiers get through."""

    username = forms.CharField(
        label=_("Login, e-mail or phone"),
        widget=forms.TextInput(attrs={"autofocus": True, "autocomplete": "username", "autocapitalize": "none"}),
    )

    error_messages = {
        **AuthenticationForm.error_messages,
        "invalid_login": _("Wrong login or password. The login is the cashier's user name, e-mail or phone."),
        "not_cashier": _("This account has no cashier rights. Ask the manager to add it to the «Кассиры» group."),
    }

    def confirm_login_allowed(self, user):
        super().confirm_login_allowed(user)
        if not is_cashier(user):
            raise forms.ValidationError(self.error_messages["not_cashier"], code="not_cashier")


class QuantityForm(forms.Form):
    quantity = forms.IntegerField(
        min_value=1,
        max_value=MAX_LINE_QUANTITY,
        error_messages={
            "required": _("Enter the quantity."),
            "invalid": _("The quantity must be a whole number, for example 2."),
            "min_value": _("The quantity must be at least 1. To remove the line, press «Remove»."),
            "max_value": _("The quantity cannot exceed %(limit_value)s."),
        },
    )


class PaymentForm(forms.Form):
    method = forms.ChoiceField(
        label=_("Tender"), choices=[("cash", _("Cash")), ("card", _("Card"))], widget=forms.RadioSelect, initial="cash"
    )
    # A text field, because cashiers type «1 500,50» with a space and a comma.
    tendered = forms.CharField(label=_("Cash given, ₽"), required=False, max_length=32)
    idempotency_key = forms.UUIDField(widget=forms.HiddenInput)
    cart_id = forms.IntegerField(widget=forms.HiddenInput)
    # Rendered by the lines panel (pos/_cart.html), which shows the cart this version describes.
    cart_version = forms.CharField(widget=forms.HiddenInput, max_length=64)
    # The price engine validates these three and rejects them with a message,
    # so the form only trims them.
    redeem_bonus = forms.CharField(label=_("Pay with bonuses"), required=False, max_length=32)
    coupon = forms.CharField(label=_("Coupon code"), required=False, max_length=64)
    manual_value = forms.CharField(label=_("Manual discount"), required=False, max_length=32)
    manual_kind = forms.ChoiceField(
        label=_("Manual discount in"),
        choices=[("percent", "%"), ("amount", "₽")],
        required=False,
        initial="percent",
    )
    manual_reason = forms.CharField(label=_("Reason for the discount"), required=False, max_length=255)

    def clean_tendered(self) -> Decimal | None:
        """Read a plain amount such as «1 500,50»: spaces group thousands, the comma or point starts kopecks."""
        text = re.sub(r"\s", "", self.cleaned_data["tendered"])
        if not text:
            return None
        match = CASH_AMOUNT.fullmatch(text)
        if match is None:
            raise forms.ValidationError(_("Enter the cash given as a number, for example 1500 or 1500,50."), code="invalid")
        kopecks = match["kopecks"] or ""
        if len(kopecks) > 2:
            raise forms.ValidationError(_("Cash given can have at most two digits after the comma."), code="kopecks")
        amount = Decimal(f"{match['roubles']}.{kopecks or '0'}")
        if amount > MAX_TENDERED:
            raise forms.ValidationError(_("Enter the cash given as a number, for example 1500 or 1500,50."), code="invalid")
        return amount.quantize(Decimal("0.01"))

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("method") == "card":
            cleaned["tendered"] = None
        return cleaned


def new_payment_form(cart_id: int) -> PaymentForm:
    """Return an unbound payment form with a fresh key, so a repeated submit of it sells once."""
    return PaymentForm(
        initial={"idempotency_key": uuid.uuid4(), "cart_id": cart_id, "method": "cash", "manual_kind": "percent"}
    )


def renewed_payment_form(form: PaymentForm, cart_id: int, version: str) -> PaymentForm:
    """Return the form as the cashier typed it, with a fresh key for the terminal's current cart."""
    data = form.data.copy()
    # QueryDict.update would append a second value, so each key is set.
    data["idempotency_key"] = str(uuid.uuid4())
    data["cart_id"] = str(cart_id)
    data["cart_version"] = version
    return PaymentForm(data)
