"""CPU accounting for a bench run, read from Linux /proc: who used the cores, and how much stayed idle.

A thread samples every process twice a second and adds up what each used
since the previous sample. A process that ends loses at most its last half
second. A PostgreSQL backend that lives shorter than that (one per request
when connections are not kept) still counts: the postmaster collects the
CPU time of the backends it reaped.
"""

import os
import threading
from dataclasses import dataclass
from pathlib import Path

TICKS_PER_SECOND = os.sysconf("SC_CLK_TCK")
SAMPLE_SECONDS = 0.5


@dataclass(frozen=True)
class _Process:
    name: str
    parent: int
    seconds: float
    reaped_seconds: float  # of its ended children that it waited for


def _processes() -> dict[int, _Process]:
    """Return the name, parent id and user plus system CPU seconds of every running process."""
    found = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            text = (entry / "stat").read_text()
        except OSError:  # the process ended meanwhile
            continue
        # The name sits in parentheses and may contain spaces; the counters follow it.
        name = text[text.index("(") + 1 : text.rindex(")")]
        fields = text[text.rindex(")") + 2 :].split()
        own, reaped = int(fields[11]) + int(fields[12]), int(fields[13]) + int(fields[14])
        found[int(entry.name)] = _Process(name, int(fields[1]), own / TICKS_PER_SECOND, reaped / TICKS_PER_SECOND)
    return found


def _machine_seconds() -> tuple[float, float]:
    """Return the busy and the idle CPU seconds of the whole machine since boot, all cores together."""
    values = [int(value) for value in Path("/proc/stat").read_text().splitlines()[0].split()[1:]]
    idle = values[3] + values[4]  # idle and iowait
    return (sum(values[:8]) - idle) / TICKS_PER_SECOND, idle / TICKS_PER_SECOND


def _database_of(pid: int) -> str | None:
    """Return the database a PostgreSQL backend serves, from its title "postgres: 15/main: user db host state"."""
    try:
        title = Path(f"/proc/{pid}/cmdline").read_bytes().decode(errors="replace").strip("\0 ")
    except OSError:
        return None
    words = title.split()
    if len(words) >= 5 and "(" in words[4]:
        return words[3]
    return None


@dataclass
class CpuShares:
    """CPU seconds of a run, all cores together.

    postgres is the backends of the bench's databases, the server's own
    processes (WAL writer, checkpointer), and every backend that ended
    during the run whatever its database. other includes the live backends
    of other databases, for example test runs on the same machine.
    """

    postgres: float = 0.0
    bench: float = 0.0
    servers: float = 0.0  # the app server's processes, when the run has one
    other: float = 0.0
    idle: float = 0.0

    def describe(self) -> str:
        total = self.postgres + self.bench + self.servers + self.other + self.idle
        if total <= 0:
            return "CPU split not available"

        def share(seconds: float) -> str:
            return f"{100 * seconds / total:.0f}%"

        servers = f"app servers {share(self.servers)}, " if self.servers else ""
        return (
            f"PostgreSQL {share(self.postgres)}, {servers}bench clients {share(self.bench)}, "
            f"other processes {share(self.other)}, idle {share(self.idle)}"
        )


class CpuMeter:
    """Measure CPU use from start() to stop(): PostgreSQL, the app server, the bench's other processes, the rest.

    The bench's processes are this process and its descendants; the app
    server's are servers_root and its descendants.
    """

    def __init__(self, databases: set[str], *, servers_root: int | None = None):
        self._databases = databases
        self._bench_root = os.getpid()
        self._servers_root = servers_root

    def start(self) -> None:
        self._shares = CpuShares()
        processes = _processes()
        self._last = {pid: process.seconds for pid, process in processes.items()}
        self._last_reaped = {pid: process.reaped_seconds for pid, process in processes.items() if process.name == "postgres"}
        # Seconds counted so far for each live backend of the bench's databases.
        self._counted_backends: dict[int, float] = {}
        self._machine = _machine_seconds()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._sample_until_stopped, daemon=True)
        self._thread.start()

    def stop(self) -> CpuShares:
        self._stop.set()
        self._thread.join()
        self._sample()
        busy_before, idle_before = self._machine
        busy_after, idle_after = _machine_seconds()
        shares = self._shares
        shares.other = max(busy_after - busy_before - shares.postgres - shares.bench - shares.servers, 0.0)
        shares.idle = idle_after - idle_before
        return shares

    def _sample_until_stopped(self) -> None:
        while not self._stop.wait(SAMPLE_SECONDS):
            self._sample()

    def _sample(self) -> None:
        processes = _processes()
        bench = _descendants(processes, self._bench_root)
        servers = _descendants(processes, self._servers_root) if self._servers_root else set()
        reaped = 0.0
        for pid, process in processes.items():
            used = process.seconds - self._last.get(pid, 0.0)
            self._last[pid] = process.seconds
            if pid in servers:
                self._shares.servers += used
            elif pid in bench:
                self._shares.bench += used
            elif process.name == "postgres":
                # Only the postmaster reaps backends, so for the others this adds 0.
                reaped += process.reaped_seconds - self._last_reaped.get(pid, 0.0)
                self._last_reaped[pid] = process.reaped_seconds
                database = _database_of(pid)
                if database is None or database in self._databases:
                    self._shares.postgres += used
                if database in self._databases:
                    self._counted_backends[pid] = self._counted_backends.get(pid, 0.0) + used

        # The reaped time of a backend that was also seen alive includes what was already counted.
        ended = [pid for pid in self._counted_backends if pid not in processes]
        counted = sum(self._counted_backends.pop(pid) for pid in ended)
        self._shares.postgres += max(reaped - counted, 0.0)

def _descendants(processes: dict[int, _Process], root: int) -> set[int]:
    """Return root and every process below it."""
    found = {root}
    grew = True
    while grew:
        grown = {pid for pid, process in processes.items() if process.parent in found}
        grew = not grown <= found
        found |= grown
    return found
