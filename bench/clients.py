"""In-process sale clients: threads in separate processes, each calling orders.place_counter_sale in a loop.

Every client is a thread with its own database connection (Django keeps one
per thread), so a process running several clients still gives each its own
PostgreSQL backend, as separate processes would.
"""

import os
import random
import sys
import threading
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path


@dataclass
class ClientResult:
    latencies: list[float] = field(default_factory=list)  # seconds, committed sales only
    refused: int = 0  # OutOfStock
    errors: dict[str, int] = field(default_factory=dict)


@dataclass(frozen=True)
class ClientPlan:
    """The SKUs one client sells; its index seeds its random choice among them."""

    index: int
    variant_ids: list[int]


def run_clients(plans: list[ClientPlan], terminal_id: int, cashier_id: int, ready, start, deadline, results):
    """Run one thread per plan until the shared deadline; put one ClientResult per client on the results queue."""
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()
    from customers.models import User
    from pos.models import Terminal

    terminal = Terminal.objects.get(pk=terminal_id)
    cashier = User.objects.get(pk=cashier_id)
    threads_ready = threading.Barrier(len(plans) + 1)
    outcomes: list[ClientResult] = []
    threads = [
        threading.Thread(target=_sell_until, args=(plan, terminal, cashier, threads_ready, start, deadline, outcomes))
        for plan in plans
    ]
    for thread in threads:
        thread.start()
    threads_ready.wait()
    ready.wait()
    for thread in threads:
        thread.join()
    for outcome in outcomes:
        results.put(outcome)


def _sell_until(plan: ClientPlan, terminal, cashier, threads_ready, start, deadline, outcomes: list) -> None:
    import orders
    from django.db import connection

    chooser = random.Random(plan.index)
    result = ClientResult()
    # Open this thread's connection before the start, as a separate process would.
    connection.ensure_connection()
    threads_ready.wait()
    start.wait()
    try:
        while time.time() < deadline.value:
            variant_id = chooser.choice(plan.variant_ids)
            began = time.perf_counter()
            try:
                orders.place_counter_sale(
                    terminal=terminal,
                    cashier=cashier,
                    lines=[orders.RequestedLine(variant_id, 1)],
                    method="card",
                    tendered=None,
                    idempotency_key=uuid.uuid4(),
                )
            except orders.OutOfStock:
                result.refused += 1
                continue
            except Exception as error:  # counted and reported, so one failure does not stop the client
                name = type(error).__name__
                result.errors[name] = result.errors.get(name, 0) + 1
                continue
            result.latencies.append(time.perf_counter() - began)
    finally:
        connection.close()
        outcomes.append(result)
