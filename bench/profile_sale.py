"""Profile one in-process counter sale on the bench database: its SQL statements and the client CPU of each step.

Run after `make bench` has seeded the database:
    .venv/bin/python bench/profile_sale.py [--sales 300] [--cprofile]

It prints the statements of one sale (django.test.utils.CaptureQueriesContext),
then sells --sales times from one client and prints the CPU time
(time.thread_time, user plus system) of this process per sale, split by
step. The steps are found by wrapping the functions named in STEPS for the
duration of the run; nothing is changed on disk.
"""

import argparse
import cProfile
import functools
import os
import pstats
import sys
import time
import uuid
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

# (module, attribute, label): the steps of orders.place_counter_sale and of the price engine.
STEPS = [
    ("orders.placement", "_existing", "idempotency key lookup (orders)"),
    ("orders.placement", "_load_variants", "variants with products (orders)"),
    ("carts.pricing", "unit_prices", "  unit prices (carts, catalog)"),
    ("carts.pricing", "active_rules", "  promotions in force (carts)"),
    ("orders.placement.carts", "price_lines", "price engine in all (carts)"),
    ("orders.placement.Order.objects", "create", "order insert (orders)"),
    ("orders.placement", "_write_lines", "order lines insert (orders)"),
    ("orders.placement.inventory", "sell", "stock lock, update and ledger (inventory)"),
    ("orders.placement.Payment.objects", "create", "payment insert (orders)"),
]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sales", type=int, default=300, help="sales to time (default 300)")
    parser.add_argument("--cprofile", action="store_true", help="also print the 30 costliest functions under cProfile")
    args = parser.parse_args()

    from bench.run import DEFAULT_URL, setup_django

    setup_django(os.environ.get("DATABASE_URL", "").strip() or DEFAULT_URL)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    import orders
    from bench.seed import seed
    from customers.models import User
    from pos.models import Terminal

    setup = seed(_bench_variant_count())
    terminal = Terminal.objects.get(pk=setup.terminal_id)
    cashier = User.objects.get(pk=setup.cashier_id)

    def sell(number: int) -> None:
        orders.place_counter_sale(
            terminal=terminal,
            cashier=cashier,
            lines=[orders.RequestedLine(setup.variant_ids[number % setup.variant_count], 1)],
            method="card",
            tendered=None,
            idempotency_key=uuid.uuid4(),
        )

    sell(0)
    with CaptureQueriesContext(connection) as captured:
        sell(1)
    print(f"{len(captured.captured_queries)} statements in one one-line sale:")
    for query in captured.captured_queries:
        print("  ", query["sql"][:150])

    spent: Counter[str] = Counter()
    for module, attribute, label in STEPS:
        _time_calls(module, attribute, label, spent)
    began, wall = time.thread_time(), time.perf_counter()
    for number in range(args.sales):
        sell(number)
    total, wall = time.thread_time() - began, time.perf_counter() - wall

    print(f"\nClient CPU per sale over {args.sales} sales from one client (ms):")
    for _module, _attribute, label in STEPS:
        print(f"  {label:45s} {spent[label] / args.sales * 1000:6.2f}")
    print(f"  {'whole sale':45s} {total / args.sales * 1000:6.2f}")
    print(f"Wall time per sale: {wall / args.sales * 1000:.2f} ms")

    if args.cprofile:
        profile = cProfile.Profile()
        profile.runcall(lambda: [sell(number) for number in range(args.sales)])
        pstats.Stats(profile).sort_stats("tottime").print_stats(30)
    return 0


def _bench_variant_count() -> int:
    from catalog.models import Variant

    return Variant.objects.filter(sku__startswith="BENCH-").count()


def _time_calls(module: str, attribute: str, label: str, spent: Counter) -> None:
    """Replace module.attribute by a wrapper that adds its CPU time to spent[label]."""
    owner = _resolve(module)
    original = getattr(owner, attribute)

    @functools.wraps(original)
    def timed(*args, **kwargs):
        began = time.thread_time()
        try:
            return original(*args, **kwargs)
        finally:
            spent[label] += time.thread_time() - began

    setattr(owner, attribute, timed)


def _resolve(dotted: str):
    import importlib

    parts = dotted.split(".")
    for split in range(len(parts), 0, -1):
        try:
            found = importlib.import_module(".".join(parts[:split]))
        except ImportError:
            continue
        for name in parts[split:]:
            found = getattr(found, name)
        return found
    raise ImportError(dotted)


if __name__ == "__main__":
    sys.exit(main())
