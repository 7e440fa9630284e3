import threading

import pytest
from django.db import DatabaseError, connection, transaction
from django.test.utils import CaptureQueriesContext

from inventory.models import Store
from pos.counter_cart import open_cart


@pytest.mark.django_db
def test_terminal_lock_joins_no_store(terminal):
    with CaptureQueriesContext(connection) as captured:
        open_cart(terminal)

    terminal_selects = [q["sql"] for q in captured if q["sql"].startswith("SELECT") and '"pos_terminal"' in q["sql"]]
    assert terminal_selects
    assert all("JOIN" not in sql for sql in terminal_selects)


@pytest.mark.django_db(transaction=True)
def test_terminal_lock_leaves_store_free(terminal):
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL: SQLite has no row locks")
    outcome = {}

    def lock_store_elsewhere():
        try:
            with transaction.atomic():
                Store.objects.select_for_update(nowait=True).get(pk=terminal.store_id)
            outcome["locked"] = True
        except DatabaseError as error:  # raised by NOWAIT while the other connection holds the row
            outcome["error"] = error
        finally:
            connection.close()

    with transaction.atomic():
        open_cart(terminal)
        other = threading.Thread(target=lock_store_elsewhere)
        other.start()
        other.join()

    assert outcome.get("error") is None
    assert outcome.get("locked") is True
