"""Sale throughput benchmark on PostgreSQL (make bench); not part of the tests.

Every run has the same client count and the same SKU mix. Half of the
clients sell the 5 hot SKUs, and the other half a SKU drawn from the whole
catalog. The runs are:
  (a) counter sales through orders.place_counter_sale, each client its own process
      (or, with --client-processes, threads sharing fewer processes, one connection each);
  (b) bench/sale_limit.sql under pgbench, the statements a sale must make and nothing else;
  (c) pgbench's built-in simple-update (-N) as the machine's reference;
  (d) counter sales over HTTP: the app under uvicorn on 127.0.0.1, and clients logged in
      as a cashier who fill a terminal's cart and pay (bench.http_sales);
  (e) during (d), open /live/stock/ screens time each stock event from the sale's
      commit (bench.screen_updates). The workers exchange stock changes through Redis.
Every run also records how the cores were shared (bench.cpu). Then it runs
the stock check, prints the figures and appends them to docs/benchmarks.md.
The database comes from DATABASE_URL, or
postgres://postgres@127.0.0.1:5432/vitrina_bench, and is created if missing.
"""

import argparse
import multiprocessing
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from datetime import datetime, timezone
from pathlib import Path
from urllib.parse import urlparse

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.clients import ClientPlan, ClientResult, run_clients  # noqa: E402
from bench.cpu import CpuMeter  # noqa: E402
from bench.seed import BenchSetup, seed, stock_up  # noqa: E402

DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/vitrina_bench"
DEFAULT_REDIS_URL = "redis://127.0.0.1:6379/0"
WARM_UP_SECONDS = 3
# Open screens that wait for the probe SKU's stock events during (d).
SCREENS = 2
NOT_MEASURED = "not measured yet"
ALL_RUNS = ["a", "b", "c", "d"]


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
    parser.add_argument(
        "--client-processes",
        type=int,
        default=16,
        help="processes that share the clients of (a) as threads, each client with its own connection "
        "(default 16: one process per client)",
    )
    parser.add_argument(
        "--http-workers", type=int, default=4, help="uvicorn worker processes serving (d) and (e) (default 4)"
    )
    parser.add_argument(
        "--redis-url",
        default=DEFAULT_REDIS_URL,
        help=f"Redis that carries stock changes between the app server's workers in (d) (default {DEFAULT_REDIS_URL})",
    )
    parser.add_argument(
        "--runs",
        nargs="+",
        choices=ALL_RUNS,
        default=ALL_RUNS,
        help="runs to make (default all); a partial run is printed but not recorded",
    )
    parser.add_argument("--no-record", action="store_true", help="print the figures without appending to docs/benchmarks.md")
    return parser.parse_args()


def main() -> int:
    args = parse_args()
    url = os.environ.get("DATABASE_URL", "").strip() or DEFAULT_URL
    ensure_database(url)
    setup_django(url)
    setup = seed(args.variants, http_clients=args.clients)

    print(f"Bench database {redact(url)}: {setup.variant_count} SKUs, {args.clients} clients, {args.duration} s per run")
    runs = set(args.runs)
    figures: dict = {"args": args}
    if "a" in runs:
        stock_up(setup, hot_units=args.hot_stock, other_units=args.other_stock)
        figures["in_process"] = run_in_process(
            setup, clients=args.clients, processes=args.client_processes, duration=args.duration
        )
        print_progress("a", figures["in_process"])
    if "b" in runs:
        stock_up(setup, hot_units=args.hot_stock, other_units=args.other_stock)
        figures["limit"] = run_sale_limit(url, setup, clients=args.clients, duration=args.duration)
        print_progress("b", figures["limit"])
    if "c" in runs:
        figures["reference"] = run_pgbench(reference_database(url), ["-N"], clients=args.clients, duration=args.duration)
        print_progress("c", figures["reference"])
    if "d" in runs:
        stock_up(setup, hot_units=args.hot_stock, other_units=args.other_stock)
        figures["http"] = run_http(
            url,
            setup,
            clients=args.clients,
            workers=args.http_workers,
            duration=args.duration,
            live_updates_url=args.redis_url,
        )
        print_progress("d", figures["http"])
    figures["problems"] = stock_problems()

    text = format_report(collect_figures(figures))
    print(text)
    if not args.no_record and runs == set(ALL_RUNS):
        record(text)
    return 1 if figures["problems"] else 0


def print_progress(run: str, result: dict) -> None:
    rate = result.get("sales_per_second", result.get("tps", 0.0))
    print(f"({run}) {rate:.1f}/s, p50 {result['p50_ms']:.1f} ms, p95 {result['p95_ms']:.1f} ms; CPU: {result['cpu'].describe()}")


def run_sale_limit(url: str, setup: BenchSetup, *, clients: int, duration: int) -> dict:
    """Run (b): bench/sale_limit.sql under pgbench, counting the orders it placed."""
    orders_before = count_orders(setup)
    limit = run_pgbench(
        url,
        ["-f", str(ROOT / "bench" / "sale_limit.sql"), *sale_limit_variables(setup, clients)],
        clients=clients,
        duration=duration,
    )
    limit["sold"] = count_orders(setup) - orders_before
    limit["sales_per_second"] = limit["sold"] / duration
    return limit


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
    # Production settings: with DEBUG on, Django also records every query
    # and its SQL text in memory, which costs the clients CPU on every sale.
    os.environ.setdefault("DEBUG", "0")
    os.environ.setdefault("SECRET_KEY", "bench-only-not-secret")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", verbosity=0)


def run_in_process(setup: BenchSetup, *, clients: int, processes: int, duration: int) -> dict:
    """Run (a): the clients are threads spread over processes, each with its own connection; all start together."""
    from django.db import connections

    connections.close_all()
    processes = max(1, min(processes, clients))
    context = multiprocessing.get_context("spawn")
    ready = context.Barrier(processes + 1)
    start = context.Event()
    deadline = context.Value("d", 0.0)
    results = context.Queue()

    plans = [
        ClientPlan(index, setup.hot_variant_ids if index < clients // 2 else setup.variant_ids)
        for index in range(clients)
    ]
    workers = []
    for number in range(processes):
        # Round robin, so every process runs hot and spread clients alike.
        arguments = (plans[number::processes], setup.terminal_id, setup.cashier_id, ready, start, deadline, results)
        worker = context.Process(target=run_clients, args=arguments)
        worker.start()
        workers.append(worker)

    ready.wait(timeout=120)
    meter = CpuMeter(bench_databases())
    meter.start()
    deadline.value = time.time() + duration
    start.set()
    time.sleep(max(deadline.value - time.time(), 0))
    cpu = meter.stop()
    # Read the results before joining: a child blocks on exit until its queue is drained.
    outcomes: list[ClientResult] = [results.get(timeout=120) for _ in plans]
    for worker in workers:
        worker.join()

    latencies = sorted(latency for outcome in outcomes for latency in outcome.latencies)
    errors: dict[str, int] = {}
    for outcome in outcomes:
        for name, count in outcome.errors.items():
            errors[name] = errors.get(name, 0) + count
    return {
        "processes": processes,
        "sold": len(latencies),
        "sales_per_second": len(latencies) / duration,
        "p50_ms": percentile(latencies, 50) * 1000,
        "p95_ms": percentile(latencies, 95) * 1000,
        "refused": sum(outcome.refused for outcome in outcomes),
        "errors": errors,
        "cpu": cpu,
    }


def run_http(url: str, setup: BenchSetup, *, clients: int, workers: int, duration: int, live_updates_url: str) -> dict:
    """Run (d) and (e): counter sales over HTTP under uvicorn, while screens time the stock events of a probe SKU."""
    from bench.app_server import app_server
    from bench.http_sales import log_in_clients, run_http_clients
    from bench.screen_updates import measure_screen_updates

    # The probe SKU is the catalog's last one, which the HTTP clients leave alone.
    probe_variant, spread = setup.variant_ids[-1], setup.variant_ids[:-1]
    plans = [
        (terminal_id, setup.hot_variant_ids if index < clients // 2 else spread)
        for index, terminal_id in enumerate(setup.http_terminal_ids[:clients])
    ]
    log_path = ROOT / "var" / "bench-uvicorn.log"
    log_path.parent.mkdir(exist_ok=True)
    with app_server(url, workers=workers, live_updates_url=live_updates_url, log_path=log_path) as (port, server_pid):
        sessions = log_in_clients(port, len(plans))
        # Each worker imports the views on its first requests; that is not the sale's cost.
        run_http_clients(port, sessions, plans, until=time.time() + WARM_UP_SECONDS)

        meter = CpuMeter(bench_databases(), servers_root=server_pid)
        meter.start()
        until = time.time() + duration
        screens: list = []
        screen_thread = threading.Thread(
            target=lambda: screens.append(
                measure_screen_updates(
                    port,
                    screens=SCREENS,
                    variant_id=probe_variant,
                    terminal_id=setup.terminal_id,
                    cashier_id=setup.cashier_id,
                    live_updates_url=live_updates_url,
                    until=until,
                )
            )
        )
        screen_thread.start()
        outcomes = run_http_clients(port, sessions, plans, until=until)
        screen_thread.join()
        cpu = meter.stop()

    sales = sorted(latency for outcome in outcomes for latency in outcome.sale_latencies)
    pays = sorted(latency for outcome in outcomes for latency in outcome.pay_latencies)
    errors: dict[str, int] = {}
    for outcome in outcomes:
        for name, count in outcome.errors.items():
            errors[name] = errors.get(name, 0) + count
    screen = screens[0] if screens else None
    updates = sorted(screen.latencies) if screen else []
    return {
        "workers": workers,
        "clients": len(plans),
        "sold": len(sales),
        "sales_per_second": len(sales) / duration,
        "p50_ms": percentile(sales, 50) * 1000,
        "p95_ms": percentile(sales, 95) * 1000,
        "pay_p50_ms": percentile(pays, 50) * 1000,
        "pay_p95_ms": percentile(pays, 95) * 1000,
        "errors": errors,
        "cpu": cpu,
        "screens": SCREENS,
        "probes": screen.probes if screen else 0,
        "missed": screen.missed if screen else 0,
        "update_p50_ms": percentile(updates, 50) * 1000,
        "update_p95_ms": percentile(updates, 95) * 1000,
        "update_max_ms": (updates[-1] * 1000) if updates else float("nan"),
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


def bench_databases() -> set[str]:
    """Return the names of the databases whose PostgreSQL backends count as the bench's in the CPU split."""
    from django.db import connection

    name = connection.settings_dict["NAME"]
    return {name, f"{name}_pgbench"}


def run_pgbench(url: str, script: list[str], *, clients: int, duration: int) -> dict:
    """Run pgbench and return transactions per second and latency percentiles from its per-transaction log."""
    threads = min(clients, os.cpu_count() or 1)
    meter = CpuMeter(bench_databases())
    meter.start()
    with tempfile.TemporaryDirectory() as folder:
        command = [
            "pgbench", "-n", "-c", str(clients), "-j", str(threads), "-T", str(duration),
            "-l", f"--log-prefix={folder}/tx", *script, *connection_arguments(url),
        ]  # fmt: skip
        completed = subprocess.run(command, capture_output=True, text=True, env=pgbench_environment(url))
        cpu = meter.stop()
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
        "cpu": cpu,
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


def collect_figures(figures: dict) -> dict:
    """Add the machine and the ratio (a)/(b) to the figures of the runs made."""
    a, b = figures.get("in_process"), figures.get("limit")
    ratio = a["sales_per_second"] / b["sales_per_second"] if a and b and b["sales_per_second"] else float("nan")
    return {**figures, "machine": machine(), "ratio": ratio}


def format_report(figures: dict) -> str:
    args, host = figures["args"], figures["machine"]
    when = datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    lines = [
        f"## {when}, commit {host['commit']}",
        "",
        f"Machine: {host['cores']} cores ({host['cpu']}), PostgreSQL {host['postgres']}, database on the same host.",
        f"Load: {args.clients} clients for {args.duration} s per run; half sell 5 hot SKUs, half one of "
        f"{args.variants} SKUs; one unit per sale; hot SKUs start with {args.hot_stock} units, the others with "
        f"{args.other_stock}. Django runs with DEBUG off.",
        "",
        "| run | sales or transactions per second | p50 latency | p95 latency | notes | CPU of all cores during the run |",
        "|---|---|---|---|---|---|",
        *_report_rows(figures, args),
        "",
        f"Ratio (a)/(b): {figures['ratio']:.2f}. Stock check after the runs: "
        + (f"{len(figures['problems'])} problems (oversold or drifted)." if figures["problems"] else "no oversell, no drift."),
        _screen_line(figures.get("http")),
    ]
    lines += [f"- {problem}" for problem in figures["problems"][:20]]
    return "\n".join(lines) + "\n"


def _report_rows(figures: dict, args) -> list[str]:
    rows = []
    if a := figures.get("in_process"):
        layout = (
            f"{args.clients} processes"
            if a["processes"] == args.clients
            else f"{args.clients} clients as threads in {a['processes']} processes"
        )
        rows.append(
            f"| (a) orders.place_counter_sale, {layout} | "
            f"{a['sales_per_second']:.1f} | {a['p50_ms']:.1f} ms | {a['p95_ms']:.1f} ms | {a['sold']} sold, "
            f"{a['refused']} refused as out of stock, errors: {a['errors'] or 'none'} | {a['cpu'].describe()} |"
        )
    if b := figures.get("limit"):
        rows.append(
            f"| (b) bench/sale_limit.sql under pgbench | {b['sales_per_second']:.1f} | {b['p50_ms']:.1f} ms | "
            f"{b['p95_ms']:.1f} ms | {b['sold']} sold of {b['transactions']} transactions | {b['cpu'].describe()} |"
        )
    if c := figures.get("reference"):
        rows.append(
            f"| (c) pgbench simple-update (-N), scale 10 | {c['tps']:.1f} | {c['p50_ms']:.1f} ms | "
            f"{c['p95_ms']:.1f} ms | the machine's reference | {c['cpu'].describe()} |"
        )
    if d := figures.get("http"):
        rows.append(
            f"| (d) counter sale over HTTP (sale page, add to cart, pay), uvicorn with {d['workers']} workers | "
            f"{d['sales_per_second']:.1f} | {d['p50_ms']:.1f} ms | {d['p95_ms']:.1f} ms | {d['sold']} sold; "
            f"the pay request alone: p50 {d['pay_p50_ms']:.1f} ms, p95 {d['pay_p95_ms']:.1f} ms; "
            f"errors: {d['errors'] or 'none'} | {d['cpu'].describe()} |"
        )
    else:
        rows.append(f"| (d) counter sale over HTTP | {NOT_MEASURED} | | | | |")
    return rows


def _screen_line(http: dict | None) -> str:
    if not http:
        return f"Screen update latency: {NOT_MEASURED}."
    return (
        f"Screen update latency from a sale's commit to the stock event on {http['screens']} open /live/stock/ "
        f"screens during (d), with Redis pub/sub between the workers: p50 {http['update_p50_ms']:.1f} ms, "
        f"p95 {http['update_p95_ms']:.1f} ms, max {http['update_max_ms']:.1f} ms over {http['probes']} probe sales. "
        f"Events missed (none within 5 s): {http['missed']}."
    )


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
