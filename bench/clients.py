"""In-process sale clients: separate processes calling orders.place_counter_sale in a loop."""

import os
import random
import sys
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path


@dataclass
class ClientResult:
    latencies: list[float] = field(default_factory=list)  # seconds, committed sales only
    refused: int = 0  # OutOfStock
    errors: dict[str, int] = field(default_factory=dict)


def run_client(index: int, variant_ids: list[int], terminal_id: int, cashier_id: int, ready, start, deadline, results):
    """Sell one unit per sale until the shared deadline; put a ClientResult on the results queue."""
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()
    import orders
    from customers.models import User
    from pos.models import Terminal

    terminal = Terminal.objects.get(pk=terminal_id)
    cashier = User.objects.get(pk=cashier_id)
    chooser = random.Random(index)
    result = ClientResult()

    ready.wait()
    start.wait()
    while time.time() < deadline.value:
        variant_id = chooser.choice(variant_ids)
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
    results.put(result)
