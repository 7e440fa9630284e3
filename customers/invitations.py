"""Invitations that link a customer profile made at the counter to a new shop login.

Sign-up rejects a phone or e-mail that a profile already has, because the
shop cannot send a code to prove the person owns it. A seller or manager
who has checked the customer in person creates an invitation link instead,
and the customer sets a password on it. The link is signed, lasts three
days and works once: after it is used the profile has a login, and a
profile with a login accepts no invitation.
"""

import logging
from datetime import timedelta

from django.core import signing
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from .models import Customer, User
from .registration import LoginTaken, MissingLogin, RegistrationError, login_taken

logger = logging.getLogger(__name__)

INVITATION_SALT = "customers.invitations"
INVITATION_MAX_AGE = timedelta(days=3)


class InvitationInvalid(RegistrationError):
    """The link was changed, cut short or signed with another key."""

    code = "invitation_invalid"

    def user_message(self) -> str:
        return _("This invitation link is invalid. Ask the seller at the counter for a new one.")


class InvitationExpired(RegistrationError):
    code = "invitation_expired"

    def user_message(self) -> str:
        return _("This invitation link has expired: it works for 3 days. Ask the seller at the counter for a new one.")


class InvitationUsed(RegistrationError):
    """The profile already has a login, so the link was used or the customer signed up otherwise."""

    code = "invitation_used"

    def user_message(self) -> str:
        return _("This invitation has already been used. Sign in with your e-mail or phone and password.")


def _signer() -> signing.TimestampSigner:
    return signing.TimestampSigner(salt=INVITATION_SALT)


def invite_customer(customer: Customer, *, by_user: User) -> str:
    """Return a signed invitation token for a profile without a login; put it in the customers:invite URL.

    Raises InvitationUsed when the profile already has a login, MissingLogin
    when it has neither phone nor e-mail to sign in with, and LoginTaken when
    another login already uses its phone or e-mail.
    """
    if customer.user_id is not None:
        raise InvitationUsed()
    _check_contacts(customer)
    token = _signer().sign_object({"customer": customer.pk, "by": by_user.pk})
    logger.info("Invitation created for customer %s by user %s", customer.pk, by_user.pk)
    return token


def _check_contacts(customer: Customer) -> None:
    if not customer.email and not customer.phone:
        raise MissingLogin()
    existing_login = login_taken(email=customer.email or "", phone=customer.phone or "")
    if existing_login is not None:
        raise existing_login


def invited_customer(token: str) -> Customer:
    """Return the profile of a valid, unused invitation token.

    Raises InvitationInvalid, InvitationExpired or InvitationUsed.
    """
    try:
        payload = _signer().unsign_object(token, max_age=INVITATION_MAX_AGE)
    except signing.SignatureExpired:
        raise InvitationExpired() from None
    except signing.BadSignature:
        raise InvitationInvalid() from None
    customer = Customer.objects.filter(pk=payload.get("customer")).first()
    if customer is None:
        raise InvitationInvalid()
    if customer.user_id is not None:
        raise InvitationUsed()
    return customer


def accept_invitation(token: str, *, password: str) -> User:
    """Create the login of an invited profile with the customer's password and link it to the profile.

    The login name is the profile's e-mail, or its phone when it has no
    e-mail. Raises the errors of invited_customer, or LoginTaken, and
    creates nothing then.
    """
    customer = invited_customer(token)
    try:
        with transaction.atomic():
            # The row lock makes a second use of the same link wait and then find the login.
            customer = Customer.objects.select_for_update().get(pk=customer.pk)
            if customer.user_id is not None:
                raise InvitationUsed()
            _check_contacts(customer)
            email, phone = customer.email or "", customer.phone or ""
            user = User(username=email or phone, email=email, phone=phone, first_name=customer.full_name[:150])
            user.set_password(password)
            user.save()
            customer.user = user
            customer.save(update_fields=["user"])
    except IntegrityError:
        # A sign-up with the same e-mail or phone committed first.
        raise LoginTaken("email" if customer.email else "phone", customer.email or customer.phone) from None

    logger.info("Invitation accepted: customer %s linked to user %s", customer.pk, user.pk)
    return user
