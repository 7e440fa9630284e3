"""Forms of the shop account pages: sign-up and sign-in by e-mail or phone."""

from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.contrib.auth.password_validation import validate_password
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy

from .backends import LOCKOUT_SECONDS, login_locked
from .models import User
from .phones import normalize_phone
from .registration import contact_taken


class ShopLoginForm(AuthenticationForm):
    username = forms.CharField(
        label=_("E-mail or phone"),
        max_length=254,
        widget=forms.TextInput(attrs={"autofocus": True, "autocomplete": "username"}),
    )

    error_messages = {
        **AuthenticationForm.error_messages,
        "invalid_login": _("Wrong e-mail, phone or password. Check them and try again."),
        "login_locked": ngettext_lazy(
            "Too many failed sign-in attempts with this e-mail or phone. Wait %(minutes)d minute and try again.",
            "Too many failed sign-in attempts with this e-mail or phone. Wait %(minutes)d minutes and try again.",
            "minutes",
        ),
    }

    def get_invalid_login_error(self) -> forms.ValidationError:
        if login_locked(self.cleaned_data.get("username") or ""):
            return forms.ValidationError(
                self.error_messages["login_locked"], code="login_locked", params={"minutes": LOCKOUT_SECONDS // 60}
            )
        return super().get_invalid_login_error()


class RegistrationForm(forms.Form):
    full_name = forms.CharField(label=_("Name"), max_length=255)
    email = forms.EmailField(label=_("E-mail"), required=False)
    phone = forms.CharField(
        label=_("Phone"), max_length=32, required=False, help_text=_("A Russian number, for example +7 916 123-45-67.")
    )
    password1 = forms.CharField(
        label=_("Password"), strip=False, widget=forms.PasswordInput(attrs={"autocomplete": "new-password"})
    )
    password2 = forms.CharField(
        label=_("Password again"), strip=False, widget=forms.PasswordInput(attrs={"autocomplete": "new-password"})
    )

    def clean_email(self) -> str:
        email = self.cleaned_data["email"].strip().lower()
        conflict = contact_taken(email=email) if email else None
        if conflict is not None:
            raise forms.ValidationError(conflict.user_message(), code=conflict.code)
        return email

    def clean_phone(self) -> str:
        raw = self.cleaned_data["phone"].strip()
        if not raw:
            return ""
        phone = normalize_phone(raw)
        if phone is None:
            raise forms.ValidationError(
                _("«%(value)s» is not a Russian phone number: enter 11 digits, such as +7 916 123-45-67."),
                code="invalid_phone",
                params={"value": raw},
            )
        conflict = contact_taken(phone=phone)
        if conflict is not None:
            raise forms.ValidationError(conflict.user_message(), code=conflict.code)
        return phone

    def clean(self) -> dict:
        cleaned = super().clean()
        login_errors = self.has_error("email") or self.has_error("phone")
        if not cleaned.get("email") and not cleaned.get("phone") and not login_errors:
            raise forms.ValidationError(_("Enter an e-mail or a phone number."), code="missing_login")

        password1, password2 = cleaned.get("password1"), cleaned.get("password2")
        if password1 and password2 and password1 != password2:
            mismatch = forms.ValidationError(_("The passwords do not match."), code="password_mismatch")
            self.add_error("password2", mismatch)
        elif password1:
            # The similarity validator compares the password with these fields.
            login = cleaned.get("email") or cleaned.get("phone") or ""
            user = User(username=login, email=cleaned.get("email") or None, first_name=cleaned.get("full_name", ""))
            try:
                validate_password(password1, user)
            except forms.ValidationError as error:
                self.add_error("password1", error)
        return cleaned


class CounterCustomerForm(forms.Form):
    """A new customer at the counter: the name, a phone or an e-mail, and the consent to messages."""

    full_name = forms.CharField(label=_("Name"), max_length=255)
    phone = forms.CharField(
        label=_("Phone"), max_length=32, required=False, help_text=_("A Russian number, for example +7 916 123-45-67.")
    )
    email = forms.EmailField(label=_("E-mail"), required=False)
    card_number = forms.CharField(label=_("Loyalty card number"), max_length=32, required=False)
    accepts_messages = forms.BooleanField(
        label=_("The customer agrees to receive messages about offers"), required=False
    )

    def clean_phone(self) -> str:
        raw = self.cleaned_data["phone"].strip()
        if not raw:
            return ""
        phone = normalize_phone(raw)
        if phone is None:
            raise forms.ValidationError(
                _("«%(value)s» is not a Russian phone number: enter 11 digits, such as +7 916 123-45-67."),
                code="invalid_phone",
                params={"value": raw},
            )
        return phone

    def clean(self) -> dict:
        cleaned = super().clean()
        if not cleaned.get("phone") and not cleaned.get("email") and not (self.has_error("phone") or self.has_error("email")):
            raise forms.ValidationError(_("Enter a phone number or an e-mail."), code="missing_contact")
        return cleaned


class CustomerNotesForm(forms.Form):
    card_number = forms.CharField(label=_("Loyalty card number"), max_length=32, required=False)
    preferences = forms.CharField(
        label=_("Preferences"), required=False, widget=forms.Textarea(attrs={"rows": 3}), max_length=2000
    )
    notes = forms.CharField(label=_("Notes"), required=False, widget=forms.Textarea(attrs={"rows": 3}), max_length=2000)


class InvitationForm(forms.Form):
    """The password that an invited customer sets for the new login."""

    password1 = forms.CharField(
        label=_("Password"), strip=False, widget=forms.PasswordInput(attrs={"autocomplete": "new-password"})
    )
    password2 = forms.CharField(
        label=_("Password again"), strip=False, widget=forms.PasswordInput(attrs={"autocomplete": "new-password"})
    )

    def __init__(self, *args, customer, **kwargs):
        super().__init__(*args, **kwargs)
        self.customer = customer

    def clean(self) -> dict:
        cleaned = super().clean()
        password1, password2 = cleaned.get("password1"), cleaned.get("password2")
        if password1 and password2 and password1 != password2:
            self.add_error("password2", forms.ValidationError(_("The passwords do not match."), code="password_mismatch"))
        elif password1:
            # The similarity validator compares the password with the login's name and contacts.
            login = self.customer.email or self.customer.phone or ""
            user = User(username=login, email=self.customer.email, first_name=self.customer.full_name[:150])
            try:
                validate_password(password1, user)
            except forms.ValidationError as error:
                self.add_error("password1", error)
        return cleaned
