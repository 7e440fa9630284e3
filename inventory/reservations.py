"""Reservations: units set aside for a cart, an order, a pre-order or a terminal.

A reservation raises Stock.reserved while it is active. It ends either
released (the units become available again) or consumed (the units leave
stock on hand through a sale or shipment). Ending a reservation that has
already ended changes nothing, so a retried task or request is harmless.
"""

import logging
from collections.abc import Sequence
from datetime import datetime

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from .errors import InsufficientStock, InvalidQuantity, Shortage
from .locking import lock_stock
from .models import Movement, Reservation, Stock

logger = logging.getLogger(__name__)


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
    """
    for variant_id, quantity in quantities.items():
        if not isinstance(quantity, int) or quantity <= 0:
            raise InvalidQuantity(f"Quantity must be a positive whole number, got {quantity!r}")
    if kind != Reservation.Kind.ORDER and expires_at is None:
        raise InvalidQuantity(f"A reservation of kind {kind} needs an expiry.")
    if not location_ids:
        raise InsufficientStock([Shortage(variant_id, 0, quantity, 0) for variant_id, quantity in quantities.items()])

    with transaction.atomic():
        rows = lock_stock((variant_id, location_id) for variant_id in quantities for location_id in location_ids)

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
                Stock.objects.filter(pk=row.pk).update(reserved=F("reserved") + taken)
                row.reserved += taken
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


def _close(reservation_ids: Sequence[int], *, status: str, document: str = "", user=None) -> list[Reservation]:
    """Lock and end the active reservations among these ids; return the ones this call ended."""
    with transaction.atomic():
        candidates = list(
            Reservation.objects.filter(pk__in=reservation_ids, status=Reservation.Status.ACTIVE).values_list(
                "variant_id", "location_id"
            )
        )
        rows = lock_stock(candidates)
        # Reservations are locked after their stock rows, so a concurrent
        # release of the same reservation waits here and then finds it closed.
        live = list(
            Reservation.objects.select_for_update()
            .filter(pk__in=reservation_ids, status=Reservation.Status.ACTIVE)
            .order_by("pk")
        )

        now = timezone.now()
        movements = []
        for reservation in live:
            row = rows[(reservation.variant_id, reservation.location_id)]
            row.reserved -= reservation.quantity
            if status == Reservation.Status.CONSUMED:
                row.on_hand -= reservation.quantity
                movements.append(
                    Movement(
                        variant_id=row.variant_id,
                        location_id=row.location_id,
                        kind=Movement.Kind.SALE,
                        quantity=-reservation.quantity,
                        on_hand_after=row.on_hand,
                        document=document,
                        user=user,
                    )
                )
            row.save(update_fields=["reserved", "on_hand"])
            reservation.status = status
            reservation.closed_at = now
            reservation.save(update_fields=["status", "closed_at"])

        Movement.objects.bulk_create(movements)
        return live


def release(reservation_ids: Sequence[int]) -> list[Reservation]:
    """Make reserved units available again; already ended reservations are skipped."""
    return _close(reservation_ids, status=Reservation.Status.RELEASED)


def consume(reservation_ids: Sequence[int], *, document: str, user=None) -> list[Reservation]:
    """Turn reservations into a sale or shipment: the units leave stock on hand."""
    return _close(reservation_ids, status=Reservation.Status.CONSUMED, document=document, user=user)


def active_for_owner(owner: str) -> list[Reservation]:
    return list(Reservation.objects.filter(owner=owner, status=Reservation.Status.ACTIVE).order_by("pk"))


def release_owner(owner: str) -> list[Reservation]:
    """Release every active reservation of an owner, such as a cancelled order."""
    return release([reservation.pk for reservation in active_for_owner(owner)])


def release_expired(now: datetime | None = None) -> int:
    """Release the holds whose expiry has passed; return how many were released."""
    now = now or timezone.now()
    expired = list(
        Reservation.objects.filter(status=Reservation.Status.ACTIVE, expires_at__lte=now).values_list("pk", flat=True)
    )
    released = release(expired)
    if released:
        logger.info("Released %d expired reservations", len(released))
    return len(released)
