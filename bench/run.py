"""Sale throughput benchmark on PostgreSQL (make bench); not part of the tests.

Every run has the same client count and the same SKU mix. Half of the
clients sell the 5 hot SKUs, and the other half a SKU drawn from the whole
catalog. The runs are:
  (a) counter sales through orders.place_counter_sale, each client its own process;
  (b) bench/sale_limit.sql under pgbench, the statements a sale must make and nothing else;
  (c) pgbench's built-in simple-update (-N) as the machine's reference.
Then it runs the stock check, prints the figures and appends them to
docs/benchmarks.md. The database comes from DATABASE_URL, or
postgres://postgres@127.0.0.1:5432/vitrina_bench, and is created if missing.
"""

import argparse
import multiprocessing
import os
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import datetime, timezone
from pathlib import Path
from urllib.parse import urlparse

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.clients import ClientResult, run_client  # noqa: E402
from bench.seed import BenchSetup, seed, stock_up  # noqa: E402

DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/vitrina_bench"
NOT_MEASURED = "not measured yet"


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=16, help="concurrent clients in each run (default 16)")
    parser.add_argument("--duration", type=int, default=15, help="seconds each run lasts (default 15)")
    parser.add_argument("--variants", type=int, default=2000, help="SKUs in the bench catalog (default 2000)")
    parser.add_argument(
        "--hot-stock",
        type=int,
        default=100_000,
        help="units of each hot SKU before each run; a small number makes the hot SKUs sell out (default 100000)",
    )
    parser.add_argument("--other-stock", type=int, default=1000, help="units of every other SKU before each run")
    parser.add_argument("--no-record", action="store_true", help="print the figures without appending to docs/benchmarks.md")
    return parser.parse_args()


def main() -> int:
    args = parse_args()
    url = os.environ.get("DATABASE_URL", "").strip() or DEFAULT_URL
    ensure_database(url)
    setup_django(url)
    setup = seed(args.variants)

    print(f"Bench database {redact(url)}: {setup.variant_count} SKUs, {args.clients} clients, {args.duration} s per run")
    stock_up(setup, hot_units=args.hot_stock, other_units=args.other_stock)
    in_process = run_in_process(setup, clients=args.clients, duration=args.duration)

    stock_up(setup, hot_units=args.hot_stock, other_units=args.other_stock)
    orders_before = count_orders(setup)
    limit = run_pgbench(
        url,
        ["-f", str(ROOT / "bench" / "sale_limit.sql"), *sale_limit_variables(setup, args.clients)],
        clients=args.clients,
        duration=args.duration,
    )
    limit["sold"] = count_orders(setup) - orders_before
    limit["sales_per_second"] = limit["sold"] / args.duration

    reference = run_pgbench(reference_database(url), ["-N"], clients=args.clients, duration=args.duration)
    problems = stock_problems()

    figures = collect_figures(args, in_process, limit, reference, problems)
    text = format_report(figures)
    print(text)
    if not args.no_record:
        record(text)
    return 1 if problems else 0


def ensure_database(url: str) -> None:
    """Create the database named in the URL unless it exists."""
    import psycopg

    parts = urlparse(url)
    name = parts.path.lstrip("/")
    admin = parts._replace(path="/postgres").geturl()
    with psycopg.connect(admin, autocommit=True) as connection:
        exists = connection.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
        if not exists:
            connection.execute(f'CREATE DATABASE "{name}"')
            print(f"Created database {name}")


def setup_django(url: str) -> None:
    os.environ["DATABASE_URL"] = url
    # One INFO line per sale would cost the clients time and flood the output;
    # the spawned clients inherit this environment.
    os.environ.setdefault("LOG_LEVEL", "WARNING")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", verbosity=0)


def run_in_process(setup: BenchSetup, *, clients: int, duration: int) -> dict:
    """Run (a): each client is a process with its own connection; all start together."""
    from django.db import connections

    connections.close_all()
    context = multiprocessing.get_context("spawn")
    ready = context.Barrier(clients + 1)
    start = context.Event()
    deadline = context.Value("d", 0.0)
    results = context.Queue()

    processes = []
    for index in range(clients):
        variant_ids = setup.hot_variant_ids if index < clients // 2 else setup.variant_ids
        arguments = (index, variant_ids, setup.terminal_id, setup.cashier_id, ready, start, deadline, results)
        process = context.Process(target=run_client, args=arguments)
        process.start()
        processes.append(process)

    ready.wait(timeout=120)
    deadline.value = time.time() + duration
    start.set()
    # Read the results before joining: a child blocks on exit until its queue is drained.
    outcomes: list[ClientResult] = [results.get(timeout=duration + 120) for _ in processes]
    for process in processes:
        process.join()

    latencies = sorted(latency for outcome in outcomes for latency in outcome.latencies)
    errors: dict[str, int] = {}
    for outcome in outcomes:
        for name, count in outcome.errors.items():
            errors[name] = errors.get(name, 0) + count
    return {
        "sold": len(latencies),
        "sales_per_second": len(latencies) / duration,
        "p50_ms": percentile(latencies, 50) * 1000,
        "p95_ms": percentile(latencies, 95) * 1000,
        "refused": sum(outcome.refused for outcome in outcomes),
        "errors": errors,
    }


def sale_limit_variables(setup: BenchSetup, clients: int) -> list[str]:
    values = {
        "first_variant": setup.first_variant_id,
        "variants": setup.variant_count,
        "location": setup.location_id,
        "store": setup.store_id,
        "terminal": setup.terminal_id,
        "cashier": setup.cashier_id,
        "clients": clients,
    }
    return [argument for name, value in values.items() for argument in ("-D", f"{name}={value}")]


def reference_database(url: str) -> str:
    """Return the URL of a separate database with pgbench's own tables, initialised on first use."""
    parts = urlparse(url)
    reference = parts._replace(path=f"{parts.path}_pgbench").geturl()
    ensure_database(reference)

    import psycopg

    with psycopg.connect(reference) as connection:
        initialised = connection.execute("SELECT to_regclass('pgbench_accounts') IS NOT NULL").fetchone()[0]
    if not initialised:
        print("Initialising pgbench's tables (scale 10) for the reference run")
        subprocess.run(
            ["pgbench", "-i", "-q", "-s", "10", *connection_arguments(reference)],
            check=True,
            capture_output=True,
            env=pgbench_environment(reference),
        )
    return reference


def run_pgbench(url: str, script: list[str], *, clients: int, duration: int) -> dict:
    """Run pgbench and return transactions per second and latency percentiles from its per-transaction log."""
    threads = min(clients, os.cpu_count() or 1)
    with tempfile.TemporaryDirectory() as folder:
        command = [
            "pgbench", "-n", "-c", str(clients), "-j", str(threads), "-T", str(duration),
            "-l", f"--log-prefix={folder}/tx", *script, *connection_arguments(url),
        ]  # fmt: skip
        completed = subprocess.run(command, capture_output=True, text=True, env=pgbench_environment(url))
        if completed.returncode != 0:
            raise RuntimeError(f"pgbench failed with status {completed.returncode}:\n{completed.stderr}")
        latencies = sorted(
            int(line.split()[2]) / 1_000_000
            for log in Path(folder).iterdir()
            for line in log.read_text().splitlines()
            if line.strip()
        )
    return {
        "transactions": len(latencies),
        "tps": len(latencies) / duration,
        "p50_ms": percentile(latencies, 50) * 1000,
        "p95_ms": percentile(latencies, 95) * 1000,
        "summary": [line for line in completed.stdout.splitlines() if line.startswith(("tps", "latency"))],
    }


def connection_arguments(url: str) -> list[str]:
    parts = urlparse(url)
    arguments = ["-h", parts.hostname or "127.0.0.1", "-p", str(parts.port or 5432)]
    if parts.username:
        arguments += ["-U", parts.username]
    return [*arguments, parts.path.lstrip("/")]


def pgbench_environment(url: str) -> dict:
    environment = dict(os.environ)
    password = urlparse(url).password
    if password:
        environment["PGPASSWORD"] = password
    return environment


def count_orders(setup: BenchSetup) -> int:
    from orders.models import Order

    return Order.objects.filter(terminal_id=setup.terminal_id).count()


def stock_problems() -> list[str]:
    import inventory

    return [str(problem) for problem in inventory.find_stock_problems()]


def percentile(sorted_values: list[float], rank: int) -> float:
    if not sorted_values:
        return float("nan")
    if len(sorted_values) == 1:
        return sorted_values[0]
    return statistics.quantiles(sorted_values, n=100, method="inclusive")[rank - 1]


def machine() -> dict:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        postgres = cursor.fetchone()[0]
    commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True)
    dirty = subprocess.run(["git", "status", "--porcelain", "--untracked-files=no"], cwd=ROOT, capture_output=True, text=True)
    cpu = next(
        (line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines() if line.startswith("model name")),
        "unknown CPU",
    )
    return {
        "commit": commit.stdout.strip() + (" (with uncommitted changes)" if dirty.stdout.strip() else ""),
        "cores": os.cpu_count(),
        "cpu": cpu,
        "postgres": postgres,
    }


def collect_figures(args, in_process: dict, limit: dict, reference: dict, problems: list[str]) -> dict:
    ratio = in_process["sales_per_second"] / limit["sales_per_second"] if limit["sales_per_second"] else float("nan")
    return {
        "args": args,
        "machine": machine(),
        "in_process": in_process,
        "limit": limit,
        "reference": reference,
        "ratio": ratio,
        "problems": problems,
        # Hooks for the figures that need the counter's HTTP endpoint and the live screen updates.
        "http_sales": NOT_MEASURED,
        "screen_update_latency": NOT_MEASURED,
    }


def format_report(figures: dict) -> str:
    args, host = figures["args"], figures["machine"]
    a, b, c = figures["in_process"], figures["limit"], figures["reference"]
    when = datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    lines = [
        f"## {when}, commit {host['commit']}",
        "",
        f"Machine: {host['cores']} cores ({host['cpu']}), PostgreSQL {host['postgres']}, database on the same host.",
        f"Load: {args.clients} clients for {args.duration} s per run; half sell 5 hot SKUs, half one of "
        f"{args.variants} SKUs; one unit per sale; hot SKUs start with {args.hot_stock} units, the others with "
        f"{args.other_stock}.",
        "",
        "| run | sales or transactions per second | p50 latency | p95 latency | notes |",
        "|---|---|---|---|---|",
        f"| (a) orders.place_counter_sale, {args.clients} processes | {a['sales_per_second']:.1f} | "
        f"{a['p50_ms']:.1f} ms | {a['p95_ms']:.1f} ms | {a['sold']} sold, {a['refused']} refused as out of stock, "
        f"errors: {a['errors'] or 'none'} |",
        f"| (b) bench/sale_limit.sql under pgbench | {b['sales_per_second']:.1f} | {b['p50_ms']:.1f} ms | "
        f"{b['p95_ms']:.1f} ms | {b['sold']} sold of {b['transactions']} transactions |",
        f"| (c) pgbench simple-update (-N), scale 10 | {c['tps']:.1f} | {c['p50_ms']:.1f} ms | {c['p95_ms']:.1f} ms | "
        "the machine's reference |",
        "",
        f"Ratio (a)/(b): {figures['ratio']:.2f}. Stock check after the runs: "
        + (f"{len(figures['problems'])} problems (oversold or drifted)." if figures["problems"] else "no oversell, no drift."),
        f"Counter sales over HTTP: {figures['http_sales']}. Screen update latency: {figures['screen_update_latency']}.",
    ]
    lines += [f"- {problem}" for problem in figures["problems"][:20]]
    return "\n".join(lines) + "\n"


def record(text: str) -> None:
    path = ROOT / "docs" / "benchmarks.md"
    path.parent.mkdir(exist_ok=True)
    if not path.exists():
        path.write_text(
            "# Benchmarks\n\nFigures appended by `make bench` (bench/run.py); each section names the commit, "
            "the machine and the load it was measured with.\n"
        )
    with path.open("a") as handle:
        handle.write("\n" + text)


def redact(url: str) -> str:
    parts = urlparse(url)
    if parts.password:
        return parts._replace(netloc=parts.netloc.replace(f":{parts.password}@", ":***@")).geturl()
    return url


if __name__ == "__main__":
    sys.exit(main())
