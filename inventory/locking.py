"""The one place where stock rows are locked.

Lock order: Stock rows are always locked in ascending primary key, and before
any Reservation row of the same transaction. Every writer follows this order,
so two sales that share SKUs queue up instead of deadlocking. Missing rows
are created before any row of the call is locked. On SQLite
select_for_update does nothing, and the IMMEDIATE transaction mode (see
config.settings) serializes writers instead.
"""

from collections.abc import Iterable

from django.db import connection

from .live_updates import publish_on_commit
from .models import Stock

StockKey = tuple[int, int]

# Every column, in the order Model.from_db() expects its values.
_FIELDS = [field.attname for field in Stock._meta.concrete_fields]
_COLUMNS = ", ".join(field.column for field in Stock._meta.concrete_fields)


def lock_stock(keys: Iterable[StockKey]) -> dict[StockKey, Stock]:
    """Lock the stock rows of these (variant_id, location_id) pairs, creating missing ones.

    Must run inside transaction.atomic(). Returns the locked rows by their key.
    """
    wanted = sorted(set(keys))
    if not wanted:
        return {}
    if connection.vendor == "postgresql":
        rows = _lock_postgresql(wanted)
    else:
        rows = _lock_portable(wanted)
    # Every stock change locks its rows here first, so this is the one place
    # that publishes it to open screens. Publishing waits for the commit, so a
    # rolled-back change publishes nothing.
    publish_on_commit(variant_id for variant_id, _location_id in wanted)
    return rows


def _lock_portable(wanted: list[StockKey]) -> dict[StockKey, Stock]:
    row_ids = []
    for variant_id, location_id in wanted:
        # get_or_create retries as a read when a concurrent transaction
        # created the same row first, because of the unique constraint.
        row, _created = Stock.objects.get_or_create(variant_id=variant_id, location_id=location_id)
        row_ids.append(row.pk)
    locked = Stock.objects.select_for_update().filter(pk__in=row_ids).order_by("pk")
    return {(row.variant_id, row.location_id): row for row in locked}


def _lock_postgresql(wanted: list[StockKey]) -> dict[StockKey, Stock]:
    """Lock the rows in one round trip when they all exist, or create the missing ones first and then lock.

    The first statement locks nothing unless every wanted row is visible, so
    no lock is held while waiting on a concurrent creator of the same row.
    """
    pairs, params = _values(wanted)
    table = Stock._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT {_COLUMNS} FROM {table} WHERE (variant_id, location_id) IN ({pairs}) "
            f"AND (SELECT count(*) FROM {table} WHERE (variant_id, location_id) IN ({pairs})) = %s "
            "ORDER BY id FOR UPDATE",
            [*params, *params, len(wanted)],
        )
        found = cursor.fetchall()
        if not found:
            # ON CONFLICT waits for a concurrent creator of the same pair and then skips it.
            cursor.execute(
                f"INSERT INTO {table} (variant_id, location_id, on_hand, reserved) "
                f"SELECT wanted.variant_id, wanted.location_id, 0, 0 FROM (VALUES {pairs}) "
                "AS wanted (variant_id, location_id) "
                f"WHERE NOT EXISTS (SELECT 1 FROM {table} AS row WHERE row.variant_id = wanted.variant_id "
                "AND row.location_id = wanted.location_id) "
                "ON CONFLICT (variant_id, location_id) DO NOTHING",
                params,
            )
            cursor.execute(
                f"SELECT {_COLUMNS} FROM {table} WHERE (variant_id, location_id) IN ({pairs}) ORDER BY id FOR UPDATE",
                params,
            )
            found = cursor.fetchall()
    rows = [Stock.from_db(connection.alias, _FIELDS, values) for values in found]
    return {(row.variant_id, row.location_id): row for row in rows}


def _values(wanted: list[StockKey]) -> tuple[str, list[int]]:
    """Return the SQL row list "(%s::bigint, %s::bigint), ..." for the keys and its flat parameters."""
    pairs = ", ".join(["(%s::bigint, %s::bigint)"] * len(wanted))
    return pairs, [value for key in wanted for value in key]
