"""The one place where stock rows are locked.

Lock order: Stock rows are always locked in ascending primary key, and before
any Reservation row of the same transaction. Every writer follows this order,
so two sales that share SKUs queue up instead of deadlocking. On SQLite
select_for_update does nothing, and the IMMEDIATE transaction mode (see
config.settings) serializes writers instead.
"""

from collections.abc import Iterable

from .live_updates import publish_on_commit
from .models import Stock


def lock_stock(keys: Iterable[tuple[int, int]]) -> dict[tuple[int, int], Stock]:
    """Lock the stock rows of these (variant_id, location_id) pairs, creating missing ones.

    Must run inside transaction.atomic(). Returns the locked rows by their key.
    """
    row_ids = []
    wanted = sorted(set(keys))
    for variant_id, location_id in wanted:
        # get_or_create retries as a read when a concurrent transaction
        # created the same row first, because of the unique constraint.
        row, _created = Stock.objects.get_or_create(variant_id=variant_id, location_id=location_id)
        row_ids.append(row.pk)

    locked = Stock.objects.select_for_update().filter(pk__in=row_ids).order_by("pk")
    # Every stock change locks its rows here first, so this is the one place
    # that tells open screens about it (after commit; a rollback tells nothing).
    publish_on_commit(variant_id for variant_id, _location_id in wanted)
    return {(row.variant_id, row.location_id): row for row in locked}
