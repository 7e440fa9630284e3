"""Time from a sale's commit to its stock event on other open screens (/live/stock/, server-sent events).

Screens are threads that hold /live/stock/?variants=<probe SKU> open on the
app server. The probe sells one unit of that SKU at a time, in-process,
inside its own transaction.atomic() block. It registers an on_commit
callback before the sale, so the callback runs right after COMMIT and
before the sale's own publish callback: its time is the commit's. The probe
waits for every screen's event, or SCREEN_TIMEOUT_SECONDS, before the next
sale, so an event is never mistaken for another sale's.
"""

import http.client
import threading
import time
import uuid
from dataclasses import dataclass, field
from functools import partial

PROBE_INTERVAL_SECONDS = 0.25
SCREEN_TIMEOUT_SECONDS = 5.0


@dataclass
class ScreenResult:
    latencies: list[float] = field(default_factory=list)  # seconds from commit to an event's arrival
    probes: int = 0
    missed: int = 0  # events that did not arrive within SCREEN_TIMEOUT_SECONDS


class Screen:
    """One open screen: a thread that reads the event stream and stamps each event for the probe SKU."""

    def __init__(self, port: int, variant_id: int):
        self._variant = variant_id
        self._connection = http.client.HTTPConnection("127.0.0.1", port, timeout=SCREEN_TIMEOUT_SECONDS * 4)
        self._connected = threading.Event()
        self._arrived = threading.Condition()
        self._arrivals: list[float] = []
        self._closing = False
        self._thread = threading.Thread(target=self._read, daemon=True)

    def open(self) -> None:
        self._connection.request("GET", f"/live/stock/?variants={self._variant}")
        response = self._connection.getresponse()
        if response.status != 200:
            raise RuntimeError(f"/live/stock/ returned HTTP {response.status}")
        self._response = response
        self._thread.start()
        if not self._connected.wait(SCREEN_TIMEOUT_SECONDS):
            raise RuntimeError("/live/stock/ sent no first line")

    def _read(self) -> None:
        event = ""
        try:
            while True:
                line = self._response.readline().decode().rstrip("\n")
                now = time.monotonic()
                if not line and self._response.isclosed():
                    return
                if line.startswith(": connected"):
                    self._connected.set()
                elif line.startswith("event:"):
                    event = line.partition(":")[2].strip()
                elif line.startswith("data:") and event == "stock":
                    if str(self._variant) in line.partition(":")[2].strip().split(","):
                        with self._arrived:
                            self._arrivals.append(now)
                            self._arrived.notify_all()
                elif not line:
                    event = ""
        except (OSError, ValueError, AttributeError, http.client.HTTPException):
            # Closing the connection from another thread breaks the read in one of these ways.
            if not self._closing:
                raise

    def arrivals(self) -> int:
        with self._arrived:
            return len(self._arrivals)

    def wait_for_arrival(self, seen: int) -> float | None:
        """Return the time of the first event after the first `seen` ones, waiting up to SCREEN_TIMEOUT_SECONDS, or None."""
        with self._arrived:
            self._arrived.wait_for(lambda: len(self._arrivals) > seen, timeout=SCREEN_TIMEOUT_SECONDS)
            return self._arrivals[seen] if len(self._arrivals) > seen else None

    def close(self) -> None:
        self._closing = True
        self._connection.close()


def _stamp(times: list[float]) -> None:
    times.append(time.monotonic())


def measure_screen_updates(
    port: int, *, screens: int, variant_id: int, terminal_id: int, cashier_id: int, live_updates_url: str, until: float
) -> ScreenResult:
    """Sell the probe SKU every PROBE_INTERVAL_SECONDS until the time.time() `until`, timing each screen's event."""
    from django.db import connection, transaction
    from django.test.utils import override_settings

    import orders
    from customers.models import User
    from pos.models import Terminal

    terminal = Terminal.objects.get(pk=terminal_id)
    cashier = User.objects.get(pk=cashier_id)
    opened = [Screen(port, variant_id) for _ in range(screens)]
    result = ScreenResult()
    try:
        for screen in opened:
            screen.open()
        # The probe publishes where the app server listens: the bench process itself uses the in-process bus.
        with override_settings(VITRINA_LIVE_UPDATES_URL=live_updates_url):
            while time.time() < until:
                # A late event of the previous sale counts as seen, not as this sale's.
                seen = [screen.arrivals() for screen in opened]
                committed: list[float] = []
                with transaction.atomic():
                    transaction.on_commit(partial(_stamp, committed))
                    orders.place_counter_sale(
                        terminal=terminal,
                        cashier=cashier,
                        lines=[orders.RequestedLine(variant_id, 1)],
                        method="card",
                        tendered=None,
                        idempotency_key=uuid.uuid4(),
                    )
                result.probes += 1
                for screen, before in zip(opened, seen, strict=True):
                    arrival = screen.wait_for_arrival(before)
                    if arrival is None:
                        result.missed += 1
                    else:
                        result.latencies.append(arrival - committed[0])
                time.sleep(PROBE_INTERVAL_SECONDS)
    finally:
        for screen in opened:
            screen.close()
        connection.close()
    return result
