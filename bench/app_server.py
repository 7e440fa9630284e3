"""The app under uvicorn for the HTTP runs, on 127.0.0.1 and a free port, with production settings."""

import http.client
import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
READY_SECONDS = 60


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextmanager
def app_server(database_url: str, *, workers: int, live_updates_url: str, log_path: Path) -> Iterator[tuple[int, int]]:
    """Run uvicorn with `workers` processes until the block ends; yield its port and the supervisor's process id.

    The workers publish and receive stock changes through live_updates_url
    (Redis), so a sale served by one worker reaches screens held by another.
    """
    port = free_port()
    environment = {
        **os.environ,
        "DATABASE_URL": database_url,
        "DEBUG": "0",
        "SECRET_KEY": os.environ.get("SECRET_KEY", "bench-only-not-secret"),
        "VITRINA_LIVE_UPDATES_URL": live_updates_url,
        "LOG_LEVEL": "WARNING",
        # Django runs each ASGI request in a thread of its own, so a kept
        # connection would stay behind with that thread (see config.settings).
        "DATABASE_CONN_MAX_AGE": "0",
    }
    command = [
        sys.executable, "-m", "uvicorn", "config.asgi:application", "--host", "127.0.0.1", "--port", str(port),
        "--workers", str(workers), "--no-access-log", "--log-level", "warning",
    ]  # fmt: skip
    with log_path.open("w") as log:
        server = subprocess.Popen(command, cwd=ROOT, env=environment, stdout=log, stderr=subprocess.STDOUT)
        try:
            _wait_until_ready(port, server, log_path)
            yield port, server.pid
        finally:
            server.terminate()
            try:
                server.wait(timeout=30)
            except subprocess.TimeoutExpired:
                server.kill()
                server.wait()


def _wait_until_ready(port: int, server: subprocess.Popen, log_path: Path) -> None:
    """Wait until the counter's login page returns 200, or raise with the server's log."""
    deadline = time.monotonic() + READY_SECONDS
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError(f"uvicorn exited with status {server.returncode}:\n{log_path.read_text()[-3000:]}")
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
        try:
            connection.request("GET", "/pos/")
            if connection.getresponse().status == 200:
                return
        except OSError:
            pass
        finally:
            connection.close()
        time.sleep(0.2)
    raise RuntimeError(f"uvicorn did not respond on port {port} within {READY_SECONDS} s:\n{log_path.read_text()[-3000:]}")
