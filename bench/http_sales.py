"""Counter sales over HTTP: clients that fill a terminal's cart and pay, as the counter screen does with htmx.

Each client is a thread with its own keep-alive connection and its own
terminal, logged in as the bench cashier. One sale is three requests, as a
cashier makes them: GET the sale page, which renders the payment form with
the open cart's id and a fresh idempotency key, POST .../add/ with the SKU,
which returns the lines with their version, and POST .../pay/ with that form
and that version.
"""

import http.client
import random
import re
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from http.cookies import SimpleCookie
from urllib.parse import urlencode

from bench.seed import HTTP_CASHIER, HTTP_PASSWORD

TIMEOUT_SECONDS = 30


@dataclass
class HttpResult:
    sale_latencies: list[float] = field(default_factory=list)  # seconds from the sale page request to the paid response
    pay_latencies: list[float] = field(default_factory=list)  # seconds of the pay request alone
    errors: dict[str, int] = field(default_factory=dict)

    def count_error(self, name: str) -> None:
        self.errors[name] = self.errors.get(name, 0) + 1


class Session:
    """Cookies and the CSRF token of a logged-in cashier; each client logs in for a session of its own.

    Clients sharing one session would all rewrite its row (the sale page
    stores the session's terminal), so they would queue on that row lock.
    """

    def __init__(self, cookies: dict[str, str]):
        self.cookies = cookies

    def headers(self) -> dict[str, str]:
        return {
            "Cookie": "; ".join(f"{name}={value}" for name, value in self.cookies.items()),
            "X-CSRFToken": self.cookies.get("csrftoken", ""),
            "HX-Request": "true",
            "Content-Type": "application/x-www-form-urlencoded",
        }


def _cookies_of(response: http.client.HTTPResponse) -> dict[str, str]:
    jar = SimpleCookie()
    for header in response.headers.get_all("Set-Cookie") or []:
        jar.load(header)
    return {name: morsel.value for name, morsel in jar.items()}


def log_in(port: int) -> Session:
    """Log in at the counter's login page as the bench cashier and return the session."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=TIMEOUT_SECONDS)
    try:
        connection.request("GET", "/pos/")
        response = connection.getresponse()
        page = response.read().decode()
        cookies = _cookies_of(response)
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)
        if token is None or "csrftoken" not in cookies:
            raise RuntimeError("The counter login page contains no CSRF token")

        form = urlencode({"username": HTTP_CASHIER, "password": HTTP_PASSWORD, "csrfmiddlewaretoken": token.group(1)})
        headers = {"Cookie": f"csrftoken={cookies['csrftoken']}", "Content-Type": "application/x-www-form-urlencoded"}
        connection.request("POST", "/pos/", body=form, headers=headers)
        response = connection.getresponse()
        response.read()
        cookies.update(_cookies_of(response))
        if response.status != 302 or "sessionid" not in cookies:
            raise RuntimeError(f"Logging in as {HTTP_CASHIER} failed with HTTP status {response.status}")
        return Session(cookies)
    finally:
        connection.close()


def _hidden_value(page: str, name: str) -> str | None:
    match = re.search(rf'name="{name}" value="([^"]*)"', page) or re.search(rf'value="([^"]*)" name="{name}"', page)
    return match.group(1) if match else None


class CounterClient:
    def __init__(self, port: int, session: Session, terminal_id: int, variant_ids: list[int], seed: int):
        self._connection = http.client.HTTPConnection("127.0.0.1", port, timeout=TIMEOUT_SECONDS)
        self._headers = session.headers()
        self._terminal = f"/pos/terminal/{terminal_id}"
        self._variant_ids = variant_ids
        self._chooser = random.Random(seed)

    def _request(self, method: str, path: str, form: dict | None = None) -> tuple[int, http.client.HTTPMessage, str]:
        body = urlencode(form) if form is not None else None
        self._connection.request(method, path, body=body, headers=self._headers)
        response = self._connection.getresponse()
        return response.status, response.headers, response.read().decode(errors="replace")

    def sell_once(self, result: HttpResult) -> None:
        """Open the sale page, add one unit of a SKU to the cart and pay by card; record the latency or the error."""
        began = time.perf_counter()
        status, _headers, page = self._request("GET", f"{self._terminal}/")
        cart_id, key = _hidden_value(page, "cart_id"), _hidden_value(page, "idempotency_key")
        if status != 200 or cart_id is None or key is None:
            result.count_error(f"sale page HTTP {status} without a payment form")
            return
        status, _headers, lines = self._request("POST", f"{self._terminal}/add/", {"variant_id": self._chooser.choice(self._variant_ids)})
        # The payment is refused unless it names the version of the lines the cashier saw.
        version = _hidden_value(lines, "cart_version")
        if status != 200 or version is None:
            result.count_error(f"add HTTP {status} without the cart version")
            return

        paying = time.perf_counter()
        form = {"method": "card", "tendered": "", "idempotency_key": key, "cart_id": cart_id, "cart_version": version}
        status, headers, _page = self._request("POST", f"{self._terminal}/pay/", form)
        finished = time.perf_counter()
        # A paid sale returns an htmx redirect to its receipt, and a rejected one renders the panel again.
        if status != 200 or "/pos/receipt/" not in (headers.get("HX-Redirect") or ""):
            result.count_error(f"pay HTTP {status} without receipt")
            return
        result.sale_latencies.append(finished - began)
        result.pay_latencies.append(finished - paying)

    def close(self) -> None:
        self._connection.close()


def log_in_clients(port: int, count: int) -> list[Session]:
    """Log in `count` sessions at once; the server spends most of a login on hashing the password."""
    with ThreadPoolExecutor(max_workers=count) as pool:
        return list(pool.map(lambda _number: log_in(port), range(count)))


def run_http_clients(
    port: int, sessions: list[Session], plans: list[tuple[int, list[int]]], *, until: float
) -> list[HttpResult]:
    """Run one client thread per (terminal id, SKUs) plan, each with its session, until the time.time() `until`."""
    results = [HttpResult() for _ in plans]

    def sell_until(index: int, terminal_id: int, variant_ids: list[int]) -> None:
        client = CounterClient(port, sessions[index], terminal_id, variant_ids, seed=index)
        try:
            while time.time() < until:
                try:
                    client.sell_once(results[index])
                except (OSError, http.client.HTTPException) as error:
                    results[index].count_error(type(error).__name__)
                    client.close()
        finally:
            client.close()

    threads = [
        threading.Thread(target=sell_until, args=(index, terminal_id, variant_ids))
        for index, (terminal_id, variant_ids) in enumerate(plans)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results
