"""The bonus ledger: earn, hold, release, redeem, expire and claw back, each with its order reference.

1 bonus = 1 rouble. A balance is the sum of the ledger entries of its
bucket (available or held); no running total is stored. Every change locks
the customer's BonusAccount row first (select_for_update), so two counters
redeeming the same balance at once queue up, and the second reads the
balance that the first left. One transaction locks one account. On SQLite
select_for_update does nothing, and the IMMEDIATE transaction mode (see
config.settings) serializes writers instead.
"""

import logging
from datetime import datetime, timedelta
from decimal import Decimal

from django.conf import settings
from django.db import transaction
from django.db.models import Q, Sum
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from config.money_format import format_amount

from .models import BonusAccount, BonusEntry, Customer

logger = logging.getLogger(__name__)

KOPECK = Decimal("0.01")
DEFAULT_HOLD_DAYS = 14

Kind = BonusEntry.Kind
Bucket = BonusEntry.Bucket


class BonusLedgerError(Exception):
    code = "bonus_ledger_error"
    message = _("The bonus operation failed.")

    def user_message(self) -> str:
        return str(self.message)


class InvalidBonusAmount(BonusLedgerError):
    code = "bonus_amount_invalid"
    message = _("Enter the bonuses to redeem as a positive number with at most two decimal places.")

    def __init__(self, amount: object):
        self.amount = amount
        super().__init__(f"Bonus amount must be positive with at most two decimal places, got {amount!r}")


class InsufficientBonuses(BonusLedgerError):
    """Raised at the locked step when the available balance is less than the redemption."""

    code = "insufficient_bonuses"
    message = _("Only %(balance)s bonuses are available, %(requested)s requested.")

    def __init__(self, requested: Decimal, balance: Decimal):
        self.requested = requested
        self.balance = balance
        super().__init__(f"Bonus balance {balance} is less than {requested}")

    def user_message(self) -> str:
        return str(self.message) % {"balance": format_amount(self.balance), "requested": format_amount(self.requested)}


def hold_days() -> int:
    """Days earned bonuses stay on hold, the return window; 0 credits them at once."""
    days = int(getattr(settings, "VITRINA_BONUS_HOLD_DAYS", DEFAULT_HOLD_DAYS))
    if days < 0:
        raise ValueError(f"VITRINA_BONUS_HOLD_DAYS must not be negative, got {days}")
    return days


def _amount(value: Decimal) -> Decimal:
    value = Decimal(value)
    if not value.is_finite() or value <= 0 or value != value.quantize(KOPECK):
        raise InvalidBonusAmount(value)
    return value


def _sum(entries) -> Decimal:
    return (entries.aggregate(total=Sum("amount"))["total"] or Decimal(0)).quantize(KOPECK)


def bonus_balance(customer: Customer) -> Decimal:
    """Return the bonuses the customer can redeem now."""
    return _sum(BonusEntry.objects.filter(account__customer=customer, bucket=Bucket.AVAILABLE))


def held_bonus_balance(customer: Customer) -> Decimal:
    """Return the bonuses earned but on hold until their return window closes."""
    return _sum(BonusEntry.objects.filter(account__customer=customer, bucket=Bucket.HELD))


def _locked_account(customer: Customer) -> BonusAccount:
    """Lock and return the customer's account, creating it first if needed. Must run inside atomic()."""
    # get_or_create reads the row a concurrent transaction created first,
    # because customer is unique; the lock is taken only afterwards.
    account, _created = BonusAccount.objects.get_or_create(customer=customer)
    return BonusAccount.objects.select_for_update().get(pk=account.pk)


def _write(account: BonusAccount, kind: str, bucket: str, amount: Decimal, **fields) -> BonusEntry:
    entry = BonusEntry.objects.create(account=account, kind=kind, bucket=bucket, amount=amount, **fields)
    logger.info(
        "Bonus account %s: %s %s (%s) for %s",
        account.pk,
        kind,
        amount,
        bucket,
        fields.get("order_ref") or "-",
    )
    return entry


def earn_bonuses(customer: Customer, amount: Decimal, *, order_ref: str, now: datetime | None = None) -> BonusEntry:
    """Credit bonuses for an order: at once, or on hold for the return window (VITRINA_BONUS_HOLD_DAYS)."""
    amount = _amount(amount)
    days = hold_days()
    if days:
        return hold_bonuses(customer, amount, order_ref=order_ref, release_at=(now or timezone.now()) + timedelta(days=days))
    with transaction.atomic():
        account = _locked_account(customer)
        return _write(account, Kind.EARN, Bucket.AVAILABLE, amount, order_ref=order_ref)


def hold_bonuses(customer: Customer, amount: Decimal, *, order_ref: str, release_at: datetime) -> BonusEntry:
    """Credit bonuses on hold; release_due_bonuses makes them available at release_at."""
    amount = _amount(amount)
    with transaction.atomic():
        account = _locked_account(customer)
        return _write(account, Kind.HOLD, Bucket.HELD, amount, order_ref=order_ref, release_at=release_at)


def redeem_bonuses(customer: Customer, amount: Decimal, *, order_ref: str) -> BonusEntry:
    """Take bonuses off the available balance, or raise InsufficientBonuses and change nothing."""
    amount = _amount(amount)
    with transaction.atomic():
        account = _locked_account(customer)
        balance = _sum(account.entries.filter(bucket=Bucket.AVAILABLE))
        if balance < amount:
            raise InsufficientBonuses(amount, balance)
        return _write(account, Kind.REDEEM, Bucket.AVAILABLE, -amount, order_ref=order_ref)


def _held_left(hold: BonusEntry) -> Decimal:
    """Return what is still on hold of a hold entry, after releases and clawbacks of it."""
    return hold.amount + _sum(hold.followups.filter(bucket=Bucket.HELD))


def release_due_bonuses(now: datetime | None = None) -> int:
    """Move every hold whose release date has come to the available balance; return how many.

    Running it twice releases nothing twice: each hold is re-read under its
    account's lock, and what is left of it is moved only once.
    """
    now = now or timezone.now()
    due = BonusEntry.objects.filter(kind=Kind.HOLD, release_at__lte=now).exclude(followups__kind=Kind.RELEASE)
    released = 0
    for hold_id, account_id in due.order_by("pk").values_list("pk", "account_id"):
        with transaction.atomic():
            account = BonusAccount.objects.select_for_update().get(pk=account_id)
            hold = BonusEntry.objects.get(pk=hold_id)
            left = _held_left(hold)
            if left <= 0 or hold.followups.filter(kind=Kind.RELEASE).exists():
                continue
            _write(account, Kind.RELEASE, Bucket.HELD, -left, order_ref=hold.order_ref, hold=hold)
            _write(account, Kind.RELEASE, Bucket.AVAILABLE, left, order_ref=hold.order_ref, hold=hold)
            released += 1
    return released


def expire_bonuses(customer: Customer, amount: Decimal, *, note: str, order_ref: str = "") -> BonusEntry | None:
    """Write off available bonuses (for example, unused for a year), at most the balance.

    Returns None when the balance is already zero.
    """
    amount = _amount(amount)
    with transaction.atomic():
        account = _locked_account(customer)
        amount = min(amount, _sum(account.entries.filter(bucket=Bucket.AVAILABLE)))
        if amount <= 0:
            return None
        return _write(account, Kind.EXPIRE, Bucket.AVAILABLE, -amount, order_ref=order_ref, note=note)


def claw_back_bonuses(customer: Customer, amount: Decimal, *, order_ref: str, note: str = "") -> list[BonusEntry]:
    """Take back bonuses earned on an order that was returned, at most what the order earned.

    Bonuses still on hold are taken first, then the available balance. That
    balance goes below zero when the customer has already spent them, and
    redemption stays blocked until it is positive again.
    """
    amount = _amount(amount)
    with transaction.atomic():
        account = _locked_account(customer)
        earned = account.entries.filter(order_ref=order_ref).filter(
            Q(kind=Kind.EARN) | Q(kind=Kind.HOLD) | Q(kind=Kind.CLAWBACK)
        )
        amount = min(amount, _sum(earned))
        entries = []
        holds = account.entries.filter(kind=Kind.HOLD, order_ref=order_ref).order_by("pk")
        for hold in holds:
            take = min(amount, _held_left(hold))
            if take > 0:
                entries.append(_write(account, Kind.CLAWBACK, Bucket.HELD, -take, order_ref=order_ref, hold=hold, note=note))
                amount -= take
        if amount > 0:
            entries.append(_write(account, Kind.CLAWBACK, Bucket.AVAILABLE, -amount, order_ref=order_ref, note=note))
        return entries
