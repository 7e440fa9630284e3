"""Shared steps of the inventory tests: sales, pickup orders and stock reads."""

import uuid
from decimal import Decimal

import inventory
import orders
from inventory.models import Stock
from tests.concurrency import run_in_threads  # noqa: F401 (re-exported for the inventory tests)


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
