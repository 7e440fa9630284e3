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


def register_customer(*, password: str, full_name: str = "", email: str = "", phone: str = "") -> User:
    """Create a shop login and link it to a customer profile.

    The login name is the e-mail, or the phone in +7XXXXXXXXXX form when
    there is no e-mail. A profile that the counter created earlier for the
    same phone or e-mail, and that has no login yet, is linked instead of
    a duplicate being made, so the customer keeps their counter orders.
    Raises MissingLogin or LoginTaken and creates nothing.
    """
    email = (email or "").strip().lower()
    phone = (normalize_phone(phone) or "") if phone else ""
    if not email and not phone:
        raise MissingLogin()
    existing_login = login_taken(email=email, phone=phone)
    if existing_login is not None:
        raise existing_login

    try:
        with transaction.atomic():
            user = User(username=email or phone, email=email, phone=phone, first_name=full_name[:150])
            user.set_password(password)
            user.save()
            _link_profile(user, full_name=full_name, email=email, phone=phone)
    except IntegrityError:
        # A concurrent sign-up with the same e-mail or phone committed first.
        raise login_taken(email=email, phone=phone) or LoginTaken("email" if email else "phone", email or phone)

    logger.info("Customer registered: user %s", user.pk)
    return user


def _link_profile(user: User, *, full_name: str, email: str, phone: str) -> Customer:
    condition = Q(pk__in=[])
    if email:
        condition |= Q(email__iexact=email)
    if phone:
        condition |= Q(phone=phone)
    profile = Customer.objects.select_for_update().filter(condition, user__isnull=True).order_by("pk").first()
    if profile is None:
        return Customer.objects.create(user=user, full_name=full_name, email=email, phone=phone)

    # The e-mail and the phone may match two different counter profiles. Both
    # columns are unique, so the other profile keeps its value.
    others = Customer.objects.exclude(pk=profile.pk)
    profile.user = user
    profile.full_name = profile.full_name or full_name
    if not profile.email and email and not others.filter(email__iexact=email).exists():
        profile.email = email
    if not profile.phone and phone and not others.filter(phone=phone).exists():
        profile.phone = phone
    profile.save()
    return profile
