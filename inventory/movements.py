"""Changes of stock on hand: receipts, sales, adjustments, transfers, returns, imports.

Each public function is one transaction, or part of the caller's when one is
open. It locks the stock rows it touches (see inventory.locking) and writes
one ledger row per changed row.
"""

import logging
from collections import defaultdict
from collections.abc import Iterable
from contextlib import nullcontext
from dataclasses import dataclass

from django.db import connection, transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import ngettext

from .documents import document_label
from .errors import InsufficientStock, InvalidQuantity, Shortage
from .locking import lock_stock
from .models import Movement, Reservation, Stock

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class StockLine:
    variant_id: int
    location_id: int
    quantity: int


def merge_lines(lines: Iterable[StockLine]) -> dict[tuple[int, int], int]:
    """Add up the quantities of lines for the same variant and location.

    Two cart lines of one SKU must be checked against the stock together.
    """
    merged: dict[tuple[int, int], int] = defaultdict(int)
    for line in lines:
        if isinstance(line.quantity, bool) or not isinstance(line.quantity, int) or line.quantity <= 0:
            raise InvalidQuantity(f"Quantity must be a positive whole number, got {line.quantity!r}")
        merged[(line.variant_id, line.location_id)] += line.quantity
    return dict(merged)


def _apply(
    row: Stock, change: int, *, kind: str, document: str, reason: str, user, movements: list[Movement]
) -> None:
    row.on_hand += change
    row.save(update_fields=["on_hand"])
    movements.append(_movement(row, change, kind=kind, document=document, reason=reason, user=user))


def _movement(row: Stock, change: int, *, kind: str, document: str, reason: str, user) -> Movement:
    return Movement(
        variant_id=row.variant_id,
        location_id=row.location_id,
        kind=kind,
        quantity=change,
        on_hand_after=row.on_hand,
        reason=reason,
        document=document,
        user=user,
    )


def _change(
    rows: dict[tuple[int, int], Stock], changes: dict[tuple[int, int], int], **ledger
) -> list[Movement]:
    """Change on hand of the locked rows by the signed amounts and write their ledger rows."""
    if connection.vendor == "postgresql":
        return _change_postgresql(rows, changes, **ledger)

    movements: list[Movement] = []
    for key, change in changes.items():
        _apply(rows[key], change, movements=movements, **ledger)
    return Movement.objects.bulk_create(movements)


def _change_postgresql(
    rows: dict[tuple[int, int], Stock], changes: dict[tuple[int, int], int], **ledger
) -> list[Movement]:
    """Do the same in one statement: the stock updates and the ledger inserts travel together."""
    now = timezone.now()
    movements = []
    for key, change in changes.items():
        row = rows[key]
        row.on_hand += change
        movement = _movement(row, change, **ledger)
        movement.created_at = now
        movements.append(movement)

    updates = ", ".join(["(%s::bigint, %s::integer)"] * len(movements))
    inserts = ", ".join(["(%s, %s, %s, %s, %s, %s, %s, %s, %s)"] * len(movements))
    params: list = [value for key in changes for value in (rows[key].pk, rows[key].on_hand)]
    for movement in movements:
        params += [
            movement.variant_id, movement.location_id, movement.kind, movement.quantity, movement.on_hand_after,
            movement.reason, movement.document, movement.user_id, movement.created_at,
        ]  # fmt: skip
    with connection.cursor() as cursor:
        cursor.execute(
            f"WITH changed AS (UPDATE {Stock._meta.db_table} AS row SET on_hand = new.on_hand "
            f"FROM (VALUES {updates}) AS new (id, on_hand) WHERE row.id = new.id) "
            f"INSERT INTO {Movement._meta.db_table} (variant_id, location_id, kind, quantity, on_hand_after, "
            f"reason, document, user_id, created_at) VALUES {inserts} RETURNING id",
            params,
        )
        # PostgreSQL returns the ids of a multi-row VALUES insert in the order of the rows.
        for movement, (pk,) in zip(movements, cursor.fetchall(), strict=True):
            movement.pk = pk
            movement._state.adding = False
            movement._state.db = connection.alias
    return movements


def _own_transaction():
    """Return the transaction a stock change runs in.

    On PostgreSQL a change nested in the caller's transaction needs no
    savepoint: it raises InsufficientStock before it writes anything, and it
    writes in one statement, which either applies whole or fails the caller's
    transaction. Everywhere else the change gets its own savepoint.
    """
    if connection.vendor == "postgresql" and connection.in_atomic_block:
        return nullcontext()
    return transaction.atomic()


def _take(lines: Iterable[StockLine], *, kind: str, document: str, reason: str, user) -> list[Movement]:
    wanted = merge_lines(lines)

    with _own_transaction():
        rows = lock_stock(wanted)
        shortages = [
            Shortage(variant_id, location_id, quantity, rows[(variant_id, location_id)].available)
            for (variant_id, location_id), quantity in wanted.items()
            if rows[(variant_id, location_id)].available < quantity
        ]
        if shortages:
            raise InsufficientStock(shortages)

        changes = {key: -quantity for key, quantity in wanted.items()}
        return _change(rows, changes, kind=kind, document=document, reason=reason, user=user)


def _put(lines: Iterable[StockLine], *, kind: str, document: str, reason: str, user) -> list[Movement]:
    wanted = merge_lines(lines)

    with _own_transaction():
        rows = lock_stock(wanted)
        return _change(rows, wanted, kind=kind, document=document, reason=reason, user=user)


def sell(lines: Iterable[StockLine], *, document: str, user=None) -> list[Movement]:
    """Take sold units from stock; raise InsufficientStock and change nothing if any line is short."""
    return _take(lines, kind=Movement.Kind.SALE, document=document, reason="", user=user)


def receive(lines: Iterable[StockLine], *, document: str, user=None, reason: str = "") -> list[Movement]:
    """Add received goods to stock on hand."""
    return _put(lines, kind=Movement.Kind.RECEIPT, document=document, reason=reason, user=user)


def return_to_stock(lines: Iterable[StockLine], *, document: str, user=None, reason: str = "") -> list[Movement]:
    """Put returned units back on hand."""
    return _put(lines, kind=Movement.Kind.RETURN, document=document, reason=reason, user=user)


class ReservedStockBlocksAdjustment(InsufficientStock):
    """A write-off would take units that reservations hold; the manager must release them first."""

    code = "reserved_stock"

    def __init__(self, shortage: Shortage, reserved: int, owners: list[str]):
        self.reserved = reserved
        self.owners = owners
        super().__init__([shortage])

    def user_message(self) -> str:
        from catalog.models import Variant

        shortage = self.shortages[0]
        variant = Variant.objects.select_related("product").filter(pk=shortage.variant_id).first()
        return ngettext(
            "Cannot write off %(requested)d of «%(name)s»: only %(available)d are free, because %(reserved)d unit "
            "is reserved for %(owners)s. Release those reservations or cancel the orders first, then adjust again.",
            "Cannot write off %(requested)d of «%(name)s»: only %(available)d are free, because %(reserved)d units "
            "are reserved for %(owners)s. Release those reservations or cancel the orders first, then adjust again.",
            self.reserved,
        ) % {
            "requested": shortage.requested,
            "name": variant.display_name if variant else f"#{shortage.variant_id}",
            "available": shortage.available,
            "reserved": self.reserved,
            "owners": ", ".join(document_label(owner) for owner in self.owners),
        }


def _reserved_shortage(error: InsufficientStock) -> ReservedStockBlocksAdjustment | None:
    """Return the error that names the reservations behind a write-off's shortage, or None when nothing is reserved."""
    shortage = error.shortages[0]
    active = Reservation.objects.filter(
        variant_id=shortage.variant_id, location_id=shortage.location_id, status=Reservation.Status.ACTIVE
    )
    reserved = active.aggregate(total=Sum("quantity"))["total"] or 0
    if not reserved:
        return None
    owners = list(active.order_by("owner").values_list("owner", flat=True).distinct())
    return ReservedStockBlocksAdjustment(shortage, reserved, owners)


def adjust(variant_id: int, location_id: int, change: int, *, reason: str, user, document: str = "") -> Movement:
    """Correct stock on hand by a signed number of units, with the manager's reason.

    A write-off of more than the free units raises ReservedStockBlocksAdjustment
    when reservations hold the rest, and InsufficientStock otherwise.
    """
    if not reason.strip():
        raise InvalidQuantity("An adjustment needs a reason.")
    if isinstance(change, bool) or not isinstance(change, int) or change == 0:
        raise InvalidQuantity(f"An adjustment must change stock by a non-zero whole number, got {change!r}")

    if change < 0:
        lines = [StockLine(variant_id, location_id, -change)]
        try:
            return _take(lines, kind=Movement.Kind.ADJUSTMENT, document=document, reason=reason, user=user)[0]
        except InsufficientStock as error:
            raise _reserved_shortage(error) or error
    lines = [StockLine(variant_id, location_id, change)]
    return _put(lines, kind=Movement.Kind.ADJUSTMENT, document=document, reason=reason, user=user)[0]


def transfer(
    lines: Iterable[StockLine], *, to_location_id: int, document: str, user=None, reason: str = ""
) -> list[Movement]:
    """Move units from their locations to another one, both legs in one transaction."""
    lines = list(lines)
    arriving = [StockLine(line.variant_id, to_location_id, line.quantity) for line in lines]
    if any(line.location_id == to_location_id for line in lines):
        raise InvalidQuantity("A transfer needs two different locations.")

    with transaction.atomic():
        # Lock both legs together, in key order, before changing either.
        lock_stock(list(merge_lines(lines)) + list(merge_lines(arriving)))
        out = _take(lines, kind=Movement.Kind.TRANSFER_OUT, document=document, reason=reason, user=user)
        into = _put(arriving, kind=Movement.Kind.TRANSFER_IN, document=document, reason=reason, user=user)
        return out + into


def set_on_hand(variant_id: int, location_id: int, quantity: int, *, document: str, user=None) -> Movement | None:
    """Record an imported stock count as an import movement; return None when nothing changes.

    Raises InsufficientStock when the count is below what is already reserved,
    because the reservations were promised to customers.
    """
    if isinstance(quantity, bool) or not isinstance(quantity, int) or quantity < 0:
        raise InvalidQuantity(f"Stock on hand must be a whole number of at least 0, got {quantity!r}")

    with transaction.atomic():
        row = lock_stock([(variant_id, location_id)])[(variant_id, location_id)]
        change = quantity - row.on_hand
        if change == 0:
            return None
        if quantity < row.reserved:
            raise InsufficientStock([Shortage(variant_id, location_id, row.reserved, quantity)])

        movements: list[Movement] = []
        _apply(row, change, kind=Movement.Kind.IMPORT, document=document, reason="", user=user, movements=movements)
        return Movement.objects.bulk_create(movements)[0]
