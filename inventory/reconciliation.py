"""Checks of the stored stock counters against the ledger and the live reservations.

Stock.on_hand and Stock.reserved are stored so that a sale locks and checks
one row. This module recomputes both from their sources and lists every
difference, so that a drift is found before anyone sells against it.
"""

from collections import defaultdict
from contextlib import contextmanager
from dataclasses import dataclass

from django.db import connection, transaction
from django.db.models import Sum
from django.utils.translation import gettext as _

from .models import Movement, Reservation, Stock

StockKey = tuple[int, int]


@dataclass(frozen=True)
class StockProblem:
    """One difference found for a variant at a location."""

    code: str  # on_hand_mismatch, reserved_mismatch or negative_available
    variant_id: int
    location_id: int
    stored: int
    expected: int

    def __str__(self) -> str:
        params = {
            "variant": self.variant_id,
            "location": self.location_id,
            "stored": self.stored,
            "expected": self.expected,
        }
        if self.code == "on_hand_mismatch":
            text = _("variant %(variant)s at location %(location)s: on hand %(stored)s, ledger sum %(expected)s")
        elif self.code == "reserved_mismatch":
            text = _(
                "variant %(variant)s at location %(location)s: reserved %(stored)s, "
                "active reservations sum %(expected)s"
            )
        else:
            text = _("variant %(variant)s at location %(location)s: available %(stored)s is below zero")
        return text % params


def find_stock_problems() -> list[StockProblem]:
    """Recompute on hand and reserved for every variant and location; return every difference."""
    with _snapshot():
        stored = {
            (variant, location): (on_hand, reserved)
            for variant, location, on_hand, reserved in Stock.objects.values_list(
                "variant_id", "location_id", "on_hand", "reserved"
            )
        }
        ledger = _sums(Movement.objects.all())
        reserved_sums = _sums(Reservation.objects.filter(status=Reservation.Status.ACTIVE))

    problems = []
    for key in sorted(set(stored) | set(ledger) | set(reserved_sums)):
        on_hand, reserved = stored.get(key, (0, 0))
        if on_hand != ledger.get(key, 0):
            problems.append(StockProblem("on_hand_mismatch", *key, on_hand, ledger.get(key, 0)))
        if reserved != reserved_sums.get(key, 0):
            problems.append(StockProblem("reserved_mismatch", *key, reserved, reserved_sums.get(key, 0)))
        # The check constraints keep the stored available at 0 or more, so a
        # negative one shows up in the recomputed figures after a drift.
        available = min(on_hand - reserved, ledger.get(key, 0) - reserved_sums.get(key, 0))
        if available < 0:
            problems.append(StockProblem("negative_available", *key, available, 0))
    return problems


def _sums(queryset) -> dict[StockKey, int]:
    totals: dict[StockKey, int] = defaultdict(int)
    rows = queryset.values("variant_id", "location_id").annotate(total=Sum("quantity")).order_by()
    for row in rows:
        totals[(row["variant_id"], row["location_id"])] = row["total"]
    return totals


@contextmanager
def _snapshot():
    """Read the three tables as of one moment, so a concurrent sale does not look like a drift.

    On PostgreSQL this needs a REPEATABLE READ transaction, which can only be
    started outside an enclosing one. Inside one (as in most tests) the reads
    run in the enclosing transaction, where a concurrent commit between them
    can show up as a false difference.
    """
    if connection.in_atomic_block:
        yield
        return
    with transaction.atomic():
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY")
        yield
