"""Shop sign-up: a login (User) and the customer profile that orders and bonuses attach to."""

import logging

from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from .models import Customer, User
from .phones import normalize_phone

logger = logging.getLogger(__name__)


class RegistrationError(Exception):
    code = "registration_error"

    def user_message(self) -> str:
        return str(self)


class LoginTaken(RegistrationError):
    """The e-mail or phone already belongs to a login."""

    code = "login_taken"

    def __init__(self, field: str, value: str):
        self.field = field
        self.value = value
        super().__init__(f"{field} {value!r} is already registered")

    def user_message(self) -> str:
        if self.field == "email":
            return _("The e-mail %(value)s is already registered: sign in with it.") % {
                "value": self.value
            }
        return _("The phone %(value)s is already registered: sign in with it.") % {
            "value": self.value
        }


class ProfileExists(RegistrationError):
    """The e-mail or phone belongs to a customer profile that has no login yet.

    Sign-up cannot prove that the person owns the contact, because the shop
    sends no SMS or e-mail codes. So only an invitation that a seller or a
    manager hands over after checking the customer links such a profile.
    """

    code = "profile_exists"

    def __init__(self, field: str, value: str):
        self.field = field
        self.value = value
        super().__init__(f"{field} {value!r} belongs to a customer profile without a login")

    def user_message(self) -> str:
        if self.field == "email":
            return _(
                "This e-mail is already in a customer profile of the shop. To open your account, ask the seller "
                "at the counter to send you an invitation, or sign in if you already have an account."
            )
        return _(
            "This phone is already in a customer profile of the shop. To open your account, ask the seller "
            "at the counter to send you an invitation, or sign in if you already have an account."
        )


class MissingLogin(RegistrationError):
    code = "missing_login"

    def user_message(self) -> str:
        return _("Enter an e-mail or a phone number.")


def login_taken(*, email: str = "", phone: str = "") -> LoginTaken | None:
    """Return the LoginTaken error for an e-mail or phone that a login already uses, else None."""
    if email and User.objects.filter(Q(email__iexact=email) | Q(username__iexact=email)).exists():
        return LoginTaken("email", email)
    if phone and User.objects.filter(Q(phone=phone) | Q(username=phone)).exists():
        return LoginTaken("phone", phone)
    return None


def contact_taken(*, email: str = "", phone: str = "") -> RegistrationError | None:
    """Return the error for an e-mail or phone that a login or a customer profile already has, else None."""
    existing_login = login_taken(email=email, phone=phone)
    if existing_login is not None:
        return existing_login
    profiles = Customer.objects.all()
    if email and profiles.filter(email__iexact=email).exists():
        has_login = profiles.filter(email__iexact=email, user__isnull=False).exists()
        return LoginTaken("email", email) if has_login else ProfileExists("email", email)
    if phone and profiles.filter(phone=phone).exists():
        has_login = profiles.filter(phone=phone, user__isnull=False).exists()
        return LoginTaken("phone", phone) if has_login else ProfileExists("phone", phone)
    return None


def register_customer(*, password: str, full_name: str = "", email: str = "", phone: str = "") -> User:
    """Create a shop login with a new customer profile.

    The login name is the e-mail, or the phone in +7XXXXXXXXXX form when
    there is no e-mail. An e-mail or phone that a profile made at the
    counter already has is rejected with ProfileExists: whoever types it
    is not proven to be that customer, so only an invitation
    (customers.invite_customer) links such a profile to a login.
    Raises MissingLogin, LoginTaken or ProfileExists and creates nothing.
    """
    email = (email or "").strip().lower()
    phone = (normalize_phone(phone) or "") if phone else ""
    if not email and not phone:
        raise MissingLogin()
    conflict = contact_taken(email=email, phone=phone)
    if conflict is not None:
        raise conflict

    try:
        with transaction.atomic():
            user = User(username=email or phone, email=email, phone=phone, first_name=full_name[:150])
            user.set_password(password)
            user.save()
            Customer.objects.create(user=user, full_name=full_name, email=email, phone=phone)
    except IntegrityError:
        # A concurrent sign-up or counter profile with the same e-mail or phone committed first.
        conflict = contact_taken(email=email, phone=phone)
        raise conflict or LoginTaken("email" if email else "phone", email or phone) from None

    logger.info("Customer registered: user %s", user.pk)
    return user

