"""Shared steps of the inventory tests: real threads on their own connections, and stock reads."""

import threading
import uuid
from collections.abc import Callable
from decimal import Decimal

from django.db import connection

import inventory
import orders
from inventory.models import Stock


def run_in_threads(actions: list[Callable[[], object]]) -> list[object]:
    """Run each action in its own thread and database connection, all released at once.

    Returns what each action returned or the exception it raised, in order.
    """
    barrier = threading.Barrier(len(actions))
    outcomes: list[object] = [None] * len(actions)

    def run(index: int, action: Callable[[], object]) -> None:
        try:
            barrier.wait(timeout=30)
            outcomes[index] = action()
        except Exception as error:  # the caller asserts on the exception itself
            outcomes[index] = error
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(index, action)) for index, action in enumerate(actions)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    return outcomes


def stock_of(variant, location) -> Stock:
    return Stock.objects.get(variant=variant, location=location)


def problems() -> list[str]:
    return [str(problem) for problem in inventory.find_stock_problems()]


def counter_sale(terminal, cashier, variant, quantity: int = 1):
    return orders.place_counter_sale(
        terminal=terminal,
        cashier=cashier,
        lines=[orders.RequestedLine(variant.pk, quantity)],
        method="card",
        tendered=Decimal("0"),
        idempotency_key=uuid.uuid4(),
    )


def pickup_order(store, lines: list[tuple[object, int]]):
    return orders.place_web_order(
        lines=[orders.RequestedLine(variant.pk, quantity) for variant, quantity in lines],
        fulfilment="pickup",
        contact=orders.Contact(name="Ирина", phone="+79990000000"),
        idempotency_key=uuid.uuid4(),
        store=store,
    )
