"""Reservations: units set aside for a cart, an order, a pre-order or a terminal.

A reservation raises Stock.reserved while it is active. It ends either
released (the units become available again) or consumed (the units leave
stock on hand through a sale or shipment). Ending a reservation that has
already ended changes nothing, so a retried task or request is harmless.
A consumed reservation can be re-activated by unconsume() when the
fulfilment is cancelled before the goods leave the store.

Every public function is one transaction. Stock rows are locked first, all at
once in primary-key order, then the reservation rows (see inventory.locking).
"""

import logging
from collections.abc import Iterable, Sequence
from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from .errors import InsufficientStock, InvalidQuantity, Shortage
from .locking import lock_stock
from .models import Movement, Reservation, Stock

logger = logging.getLogger(__name__)

StockKey = tuple[int, int]


def reserve(
    variant_id: int,
    location_ids: Sequence[int],
    quantity: int,
    *,
    kind: str,
    owner: str,
    expires_at: datetime | None = None,
) -> list[Reservation]:
    """Reserve units of one variant, taking from the given locations in that order."""
    return reserve_lines({variant_id: quantity}, location_ids, kind=kind, owner=owner, expires_at=expires_at)


def reserve_lines(
    quantities: dict[int, int],
    location_ids: Sequence[int],
    *,
    kind: str,
    owner: str,
    expires_at: datetime | None = None,
) -> list[Reservation]:
    """Reserve units of several variants at once, each from the locations in the given order.

    An item that sits only in the back room of a store is still reserved
    there. Raises InsufficientStock, reserving nothing, with every variant
    that the locations together cannot cover.

    NOTE: Location.safety_stock is not kept back here, although the shop's
    availability (inventory.availability) subtracts it. A pre-order also
    reserves only units already on hand, because Stock allows no more
    reserved than on hand.
    """
    location_ids = _validate_request(quantities, location_ids, kind=kind, expires_at=expires_at)
    with transaction.atomic():
        rows = lock_stock(_keys(quantities, location_ids))
        return _allocate(rows, quantities, location_ids, kind=kind, owner=owner, expires_at=expires_at)


def hold_cart(
    owner: str, quantities: dict[int, int], location_ids: Sequence[int], *, channel: str
) -> list[Reservation]:
    """Replace a cart's holds with holds for its current lines; return the new holds.

    The hold lasts VITRINA_CART_HOLD_MINUTES for the channel. When the
    setting is None for the channel, carts hold nothing and this only
    releases the cart's earlier holds. Raises InsufficientStock and keeps the
    earlier holds when the current lines cannot be covered.
    """
    minutes = cart_hold_minutes(channel)
    if minutes is None:
        release(_active_ids(owner, Reservation.Kind.CART_HOLD))
        return []

    expires_at = timezone.now() + timedelta(minutes=minutes)
    location_ids = _validate_request(quantities, location_ids, kind=Reservation.Kind.CART_HOLD, expires_at=expires_at)
    return _replace(owner, Reservation.Kind.CART_HOLD, quantities, location_ids, expires_at)


def lease_to_terminal(
    terminal_id: int, quantities: dict[int, int], location_id: int, *, expires_at: datetime
) -> list[Reservation]:
    """Replace a terminal's offline lease at its location with these quantities.

    The units stay reserved until the lease expires or is renewed, so no other
    channel can sell what the terminal may sell offline.
    """
    owner = f"terminal:{terminal_id}"
    kind = Reservation.Kind.TERMINAL_LEASE
    location_ids = _validate_request(quantities, [location_id], kind=kind, expires_at=expires_at)
    return _replace(owner, kind, quantities, location_ids, expires_at)


def cart_hold_minutes(channel: str) -> int | None:
    """Minutes a cart hold lasts in a channel, or None when carts of that channel hold no stock.

    VITRINA_CART_HOLD_MINUTES is a number for every channel, None for no
    holds, or a dict from channel ("web", "counter") to either.
    """
    setting = getattr(settings, "VITRINA_CART_HOLD_MINUTES", None)
    if isinstance(setting, dict):
        return setting.get(channel)
    return setting


def _replace(
    owner: str, kind: str, quantities: dict[int, int], location_ids: list[int], expires_at: datetime
) -> list[Reservation]:
    """Release an owner's active reservations of a kind and reserve anew, in one transaction."""
    with transaction.atomic():
        previous = list(
            Reservation.objects.filter(owner=owner, kind=kind, status=Reservation.Status.ACTIVE).values_list(
                "pk", "variant_id", "location_id"
            )
        )
        # One lock call for the old and the new keys keeps the primary-key order.
        rows = lock_stock([(variant, location) for _pk, variant, location in previous] + _keys(quantities, location_ids))
        _end(_lock_active([pk for pk, _variant, _location in previous]), rows, status=Reservation.Status.RELEASED)
        return _allocate(rows, quantities, location_ids, kind=kind, owner=owner, expires_at=expires_at)


def release(reservation_ids: Sequence[int]) -> list[Reservation]:
    """Make reserved units available again; return the reservations this call released.

    Reservations that have already ended are skipped, so releasing twice,
    even concurrently, changes nothing the second time.
    """
    return _close(reservation_ids, status=Reservation.Status.RELEASED)


def consume(reservation_ids: Sequence[int], *, document: str, user=None) -> list[Reservation]:
    """Turn reservations into a sale or shipment: the units leave stock on hand."""
    return _close(reservation_ids, status=Reservation.Status.CONSUMED, document=document, user=user)


def unconsume(reservation_ids: Sequence[int], *, document: str, user=None, reason: str = "") -> list[Reservation]:
    """Cancel the fulfilment of consumed reservations: units return on hand and stay reserved.

    Returns the reservations this call re-activated; ones that are not
    consumed are skipped, so a retry changes nothing.
    """
    with transaction.atomic():
        candidates = Reservation.objects.filter(pk__in=list(reservation_ids), status=Reservation.Status.CONSUMED)
        keys = {pk: (variant, location) for pk, variant, location in candidates.values_list("pk", "variant_id", "location_id")}
        rows = lock_stock(keys.values())
        restored = list(
            Reservation.objects.select_for_update()
            .filter(pk__in=list(keys), status=Reservation.Status.CONSUMED)
            .order_by("pk")
        )

        movements = []
        for reservation in restored:
            row = rows[(reservation.variant_id, reservation.location_id)]
            row.on_hand += reservation.quantity
            row.reserved += reservation.quantity
            row.save(update_fields=["on_hand", "reserved"])
            movements.append(
                _movement(row, reservation.quantity, Movement.Kind.SALE_CANCELLED, document=document, user=user, reason=reason)
            )
            reservation.status = Reservation.Status.ACTIVE
            reservation.closed_at = None
            reservation.save(update_fields=["status", "closed_at"])
        Movement.objects.bulk_create(movements)

    if restored:
        logger.info("Fulfilment cancelled for %s: reservations %s active again", document, [r.pk for r in restored])
    return restored


cancel_fulfilment = unconsume


def active_for_owner(owner: str) -> list[Reservation]:
    return list(Reservation.objects.filter(owner=owner, status=Reservation.Status.ACTIVE).order_by("pk"))


def release_owner(owner: str) -> list[Reservation]:
    """Release every active reservation of an owner, such as a cancelled order."""
    return release([reservation.pk for reservation in active_for_owner(owner)])


def release_expired(now: datetime | None = None) -> list[Reservation]:
    """Release the reservations whose expiry has passed; return the ones this call released."""
    now = now or timezone.now()
    expired = list(
        Reservation.objects.filter(status=Reservation.Status.ACTIVE, expires_at__lte=now).values_list("pk", flat=True)
    )
    released = release(expired)
    if released:
        logger.info(
            "Released %d expired reservations: %s",
            len(released),
            ", ".join(f"{r.pk} ({r.kind}, {r.owner}, {r.quantity} of variant {r.variant_id})" for r in released),
        )
    return released


def _validate_request(
    quantities: dict[int, int], location_ids: Sequence[int], *, kind: str, expires_at: datetime | None
) -> list[int]:
    """Check a reservation request and return its locations without repeats, in the given order."""
    if kind not in Reservation.Kind.values:
        raise ValueError(f"Unknown reservation kind {kind!r}; expected one of {Reservation.Kind.values}")
    for quantity in quantities.values():
        if isinstance(quantity, bool) or not isinstance(quantity, int) or quantity <= 0:
            raise InvalidQuantity(f"Quantity must be a positive whole number, got {quantity!r}")
    if kind != Reservation.Kind.ORDER and expires_at is None:
        raise InvalidQuantity(f"A reservation of kind {kind} needs an expiry.")

    # A location listed twice would count its available units twice.
    unique = list(dict.fromkeys(location_ids))
    if not unique and quantities:
        raise InsufficientStock([Shortage(variant_id, 0, quantity, 0) for variant_id, quantity in quantities.items()])
    return unique


def _keys(quantities: dict[int, int], location_ids: Sequence[int]) -> list[StockKey]:
    return [(variant_id, location_id) for variant_id in quantities for location_id in location_ids]


def _allocate(
    rows: dict[StockKey, Stock],
    quantities: dict[int, int],
    location_ids: list[int],
    *,
    kind: str,
    owner: str,
    expires_at: datetime | None,
) -> list[Reservation]:
    """Reserve from locked rows, taking each variant from the locations in order; all or nothing."""
    shortages = []
    for variant_id, quantity in sorted(quantities.items()):
        total_available = sum(max(rows[(variant_id, location_id)].available, 0) for location_id in location_ids)
        if total_available < quantity:
            shortages.append(Shortage(variant_id, location_ids[0], quantity, total_available))
    if shortages:
        raise InsufficientStock(shortages)

    reservations = []
    for variant_id, quantity in sorted(quantities.items()):
        remaining = quantity
        for location_id in location_ids:
            row = rows[(variant_id, location_id)]
            taken = min(remaining, max(row.available, 0))
            if taken == 0:
                continue
            row.reserved += taken
            row.save(update_fields=["reserved"])
            remaining -= taken
            reservations.append(
                Reservation(
                    kind=kind,
                    variant_id=variant_id,
                    location_id=location_id,
                    quantity=taken,
                    owner=owner,
                    expires_at=expires_at,
                )
            )
            if remaining == 0:
                break
    return Reservation.objects.bulk_create(reservations)


def _active_ids(owner: str, kind: str) -> list[int]:
    return list(
        Reservation.objects.filter(owner=owner, kind=kind, status=Reservation.Status.ACTIVE).values_list("pk", flat=True)
    )


def _lock_active(reservation_ids: Iterable[int]) -> list[Reservation]:
    """Lock the reservations among these ids that are still active, after their stock rows are locked.

    A concurrent release of the same reservation waits on this lock and then
    finds it closed, because PostgreSQL re-checks the status after the wait.
    """
    return list(
        Reservation.objects.select_for_update()
        .filter(pk__in=list(reservation_ids), status=Reservation.Status.ACTIVE)
        .order_by("pk")
    )


def _close(reservation_ids: Sequence[int], *, status: str, document: str = "", user=None) -> list[Reservation]:
    """Lock and end the active reservations among these ids; return the ones this call ended."""
    with transaction.atomic():
        candidates = Reservation.objects.filter(pk__in=list(reservation_ids), status=Reservation.Status.ACTIVE)
        keys = {pk: (variant, location) for pk, variant, location in candidates.values_list("pk", "variant_id", "location_id")}
        rows = lock_stock(keys.values())
        # Only the candidates: their stock rows are the ones locked above. A
        # reservation re-activated meanwhile by unconsume() is left for a retry.
        return _end(_lock_active(keys), rows, status=status, document=document, user=user)


def _end(
    live: list[Reservation], rows: dict[StockKey, Stock], *, status: str, document: str = "", user=None
) -> list[Reservation]:
    now = timezone.now()
    movements = []
    for reservation in live:
        row = rows[(reservation.variant_id, reservation.location_id)]
        row.reserved -= reservation.quantity
        if status == Reservation.Status.CONSUMED:
            row.on_hand -= reservation.quantity
            movements.append(_movement(row, -reservation.quantity, Movement.Kind.SALE, document=document, user=user))
        row.save(update_fields=["reserved", "on_hand"])
        reservation.status = status
        reservation.closed_at = now
        reservation.save(update_fields=["status", "closed_at"])

    Movement.objects.bulk_create(movements)
    return live


def _movement(row: Stock, change: int, kind: str, *, document: str, user, reason: str = "") -> Movement:
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
