"""Customer profiles kept at the counter: creating one with the consent to messages, notes and preferences."""

import logging

from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from .lookup import normalize_card_number
from .models import BonusEntry, Customer

logger = logging.getLogger(__name__)

MAX_LEDGER_ENTRIES = 50


class CustomerExists(Exception):
    """A phone, an e-mail or a card number already belongs to another customer."""

    code = "customer_exists"

    def __init__(self, field: str, value: str, customer: Customer | None = None):
        self.field = field
        self.value = value
        self.customer = customer
        super().__init__(f"{field} {value!r} already belongs to a customer")

    def user_message(self) -> str:
        labels = {"phone": _("phone"), "email": _("e-mail"), "card_number": _("loyalty card number")}
        return _("A customer with the %(field)s %(value)s already exists: find them by it.") % {
            "field": labels.get(self.field, self.field),
            "value": self.value,
        }


def _taken(*, phone: str, email: str, card_number: str, exclude_pk: int | None = None) -> CustomerExists | None:
    others = Customer.objects.exclude(pk=exclude_pk) if exclude_pk else Customer.objects.all()
    for field, condition in (
        ("phone", Q(phone=phone) if phone else None),
        ("email", Q(email__iexact=email) if email else None),
        ("card_number", Q(card_number=card_number) if card_number else None),
    ):
        if condition is not None:
            customer = others.filter(condition).first()
            if customer is not None:
                return CustomerExists(field, {"phone": phone, "email": email, "card_number": card_number}[field], customer)
    return None


def create_customer(
    *,
    full_name: str,
    phone: str = "",
    email: str = "",
    card_number: str = "",
    accepts_messages: bool = False,
    recorded_by=None,
) -> Customer:
    """Create a customer profile without a login; the phone must already be in +7XXXXXXXXXX form.

    The consent to messages is stored with the time and the staff user who
    recorded it, because advertising by phone or e-mail needs the
    recipient's prior consent (38-FZ "On Advertising", art. 18). Raises CustomerExists and creates nothing when the phone, e-mail
    or card belongs to someone else.
    """
    email = (email or "").strip().lower()
    card_number = normalize_card_number(card_number)
    existing = _taken(phone=phone, email=email, card_number=card_number)
    if existing is not None:
        raise existing

    customer = Customer(full_name=full_name.strip(), phone=phone, email=email, card_number=card_number)
    if accepts_messages:
        customer.accepts_messages = True
        customer.consent_recorded_at = timezone.now()
        customer.consent_recorded_by = recorded_by
    try:
        with transaction.atomic():
            customer.save()
    except IntegrityError:
        # A concurrent request saved the same phone, e-mail or card first.
        raise _taken(phone=phone, email=email, card_number=card_number) or CustomerExists("phone", phone) from None
    logger.info("Customer %s created at the counter by user %s", customer.pk, getattr(recorded_by, "pk", None))
    return customer


def update_profile_notes(customer: Customer, *, notes: str, preferences: str, card_number: str = "") -> Customer:
    """Save the staff notes, the preferences and the loyalty card number of a customer.

    Raises CustomerExists and saves nothing when the card belongs to another customer.
    """
    card_number = normalize_card_number(card_number)
    existing = _taken(phone="", email="", card_number=card_number, exclude_pk=customer.pk)
    if existing is not None:
        raise existing
    customer.notes = notes.strip()
    customer.preferences = preferences.strip()
    customer.card_number = card_number
    customer.save(update_fields=["notes", "preferences", "card_number"])
    return customer


def bonus_history(customer: Customer, *, limit: int = MAX_LEDGER_ENTRIES) -> list[BonusEntry]:
    """Return the newest entries of the customer's bonus ledger, newest first."""
    return list(BonusEntry.objects.filter(account__customer=customer).order_by("-pk")[:limit])
