"""Finding a customer at the counter by whatever they show: a phone, an e-mail, a loyalty card or the shop's QR code.

The QR code in the shop account carries a signed customer token. The
counter reads it with a keyboard-wedge scanner, which types it into the
search field like a keyboard would. The token is digits and one hyphen,
because a scanner typing with a Russian keyboard layout turns Latin
letters into Cyrillic ones but leaves digits and the hyphen alone.
"""

import re

from django.db.models import Q
from django.utils.crypto import constant_time_compare, salted_hmac

from .models import Customer
from .phones import normalize_phone

TOKEN_SALT = "customers.lookup.customer_token"
# 12 digits of an HMAC, so a guessed token for a customer is right once in about 10^12 tries.
TOKEN_DIGITS = 12
TOKEN_PATTERN = re.compile(rf"^(\d+)-(\d{{{TOKEN_DIGITS}}})$")
MAX_NAME_RESULTS = 20


def _token_digits(customer_pk: int) -> str:
    digest = salted_hmac(TOKEN_SALT, str(customer_pk)).hexdigest()
    return f"{int(digest, 16) % 10**TOKEN_DIGITS:0{TOKEN_DIGITS}d}"


def customer_token(customer: Customer) -> str:
    """Return the signed token that the shop account shows as a QR code, such as 42-381920475512."""
    return f"{customer.pk}-{_token_digits(customer.pk)}"


def customer_by_token(token: str) -> Customer | None:
    """Return the customer of a valid token, or None for a malformed or forged one."""
    match = TOKEN_PATTERN.match((token or "").strip())
    if match is None:
        return None
    customer_pk = int(match.group(1))
    # Primary keys are 64-bit, and SQLite raises OverflowError for a larger number in a query.
    if customer_pk >= 2**63:
        return None
    if not constant_time_compare(match.group(2), _token_digits(customer_pk)):
        return None
    return Customer.objects.filter(pk=customer_pk).first()


def normalize_card_number(raw: str) -> str:
    """Return a card number as stored: without spaces and hyphens, upper case."""
    return re.sub(r"[\s-]+", "", raw or "").upper()


def customer_by_card(raw: str) -> Customer | None:
    """Return the customer whose loyalty card number this is, typed with or without spaces."""
    card = normalize_card_number(raw)
    return Customer.objects.filter(card_number=card).first() if card else None


def find_customers(query: str) -> list[Customer]:
    """Return the customers that a typed or scanned query names.

    A QR token, a loyalty card number, a phone in any format or an e-mail
    names one customer; any other text is matched against names.
    """
    query = (query or "").strip()
    if not query:
        return []
    customers = Customer.objects.select_related("company")

    by_token = customer_by_token(query)
    if by_token is not None:
        return [by_token]
    by_card = customer_by_card(query)
    if by_card is not None:
        return [by_card]
    if "@" in query:
        return list(customers.filter(Q(email__iexact=query) | Q(user__email__iexact=query)).distinct()[:1])
    phone = normalize_phone(query)
    if phone is not None:
        return list(customers.filter(Q(phone=phone) | Q(user__phone=phone)).distinct()[:1])
    return list(customers.filter(full_name__icontains=query).order_by("full_name", "pk")[:MAX_NAME_RESULTS])
