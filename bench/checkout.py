"""`make bench` checkout section: completed cash-on-delivery checkouts per second.

Each of N clients (threads, one keep-alive http.client connection and one cookie jar each)
loops like a guest buyer: POST /cart/add/ (with an Origin header, as the product page's form
sends it), GET /checkout/ (reads the form's checkout_token and CSRF token), POST /checkout/
(expects a 302 to /orders/<number>/<token>/). An order counts only when that redirect
arrives. Bounded by time and by a maximum number of orders; load only to 127.0.0.1.

The variants bought are prepared by bench/checkout_prepare.py.
"""

import http.client
import os
import re
import threading
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path
from urllib.parse import urlencode

from bench.loadgen import percentile

BENCH_BUYER = "Bench Buyer"
BENCH_STOCK = 1_000_000
REQUEST_TIMEOUT_SECONDS = 10.0
TARGET_ORDERS_PER_SECOND = 50.0
TOKEN = re.compile(r'name="(checkout_token|csrfmiddlewaretoken)" value="([^"]+)"')
ORDER_LOCATION = re.compile(r"/orders/CM-\d+/[\w-]+/$")
RETRYABLE = (http.client.RemoteDisconnected, ConnectionResetError, BrokenPipeError)


@dataclass
class CheckoutResult:
    clients: int
    seconds: float
    orders: int
    orders_per_second: float
    requests: int
    requests_per_second: float
    order_p50_ms: float
    order_p95_ms: float
    request_p95_ms: float
    errors: int
    error_samples: list[str] = field(default_factory=list)
    # CPU time the server side (gunicorn and its PostgreSQL backends) spent per order: unlike
    # orders/s, it hardly depends on what else the shared machine is running.
    server_cpu_ms_per_order: float | None = None

    def as_dict(self) -> dict:
        return asdict(self)


class _Shared:
    """Counters shared by the client threads (guarded by one lock)."""

    def __init__(self, max_orders: int, deadline: float):
        self.lock = threading.Lock()
        self.budget = max_orders
        self.deadline = deadline
        self.orders = 0
        self.requests = 0
        self.errors = 0
        self.error_samples: list[str] = []
        self.order_latencies: list[float] = []
        self.request_latencies: list[float] = []

    def take(self) -> bool:
        with self.lock:
            if self.budget <= 0 or time.perf_counter() >= self.deadline:
                return False
            self.budget -= 1
            return True

    def error(self, text: str) -> None:
        with self.lock:
            self.errors += 1
            if len(self.error_samples) < 5:
                self.error_samples.append(text[:200])


class Buyer:
    """One guest buyer: a keep-alive connection and the cookies the site gave it."""

    def __init__(self, host: str, port: int):
        self.host, self.port = host, port
        self.origin = f"http://{host}:{port}"
        self.connection: http.client.HTTPConnection | None = None
        self.cookies: dict[str, str] = {}
        self.latencies: list[float] = []

    def request(self, method: str, path: str, form: dict | None = None):
        headers = {"Accept-Language": "en", "User-Agent": "crafts-mela-bench"}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{name}={value}" for name, value in self.cookies.items())
        body = None
        if form is not None:
            body = urlencode(form)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
            headers["Origin"] = self.origin
        for attempt in (1, 2):
            reused = self.connection is not None
            if self.connection is None:
                self.connection = http.client.HTTPConnection(
                    self.host, self.port, timeout=REQUEST_TIMEOUT_SECONDS
                )
            started = time.perf_counter()
            try:
                self.connection.request(method, path, body=body, headers=headers)
                response = self.connection.getresponse()
                content = response.read()
            except RETRYABLE:
                self.close()
                if reused and attempt == 1:
                    continue  # the server closed an idle keep-alive connection before reading
                raise
            self.latencies.append(time.perf_counter() - started)
            self._keep_cookies(response.headers.get_all("Set-Cookie") or [])
            if response.will_close:
                self.close()
            return response.status, response.headers, content
        raise AssertionError("unreachable")

    def _keep_cookies(self, set_cookies: list[str]) -> None:
        for header in set_cookies:
            pair, _sep, attributes = header.partition(";")
            name, _eq, value = pair.strip().partition("=")
            if value in ("", '""') or "max-age=0" in attributes.lower():
                self.cookies.pop(name, None)
            else:
                self.cookies[name] = value

    def close(self) -> None:
        if self.connection is not None:
            self.connection.close()
        self.connection = None


CHECKOUT_FORM = {
    "contact_name": BENCH_BUYER,
    "contact_phone": "0300 1234567",
    "contact_email": "",
    "fulfilment": "ship",
    "province": "Punjab",
    "city": "Lahore",
    "address_line1": "House 12, Street 4, Model Town",
    "payment_method": "cod",
}


def _one_order(buyer: Buyer, variant_ids: list[int]) -> str:
    """Places one order; returns '' or what went wrong."""
    for variant_id in variant_ids:
        status, headers, _body = buyer.request(
            "POST", "/cart/add/", {"variant": variant_id, "quantity": 1}
        )
        if status != 302 or not (headers.get("Location") or "").endswith("/cart/"):
            return f"cart add answered {status} {headers.get('Location')}"
    status, _headers, body = buyer.request("GET", "/checkout/")
    tokens = dict(TOKEN.findall(body.decode("utf-8", "replace")))
    if status != 200 or len(tokens) != 2:
        return f"checkout page answered {status} with tokens {sorted(tokens)}"
    status, headers, _body = buyer.request("POST", "/checkout/", CHECKOUT_FORM | tokens)
    location = headers.get("Location") or ""
    if status != 302 or not ORDER_LOCATION.search(location):
        return f"checkout answered {status} {location}"
    return ""


def _client(
    number: int, host, port, variant_ids, lines, clients, shared: _Shared, interval: float
) -> None:
    """Places orders until the budget or the time is spent; with an `interval`, one order
    every `interval` seconds at most (a paced buyer), else back to back."""
    buyer = Buyer(host, port)
    iteration = 0
    order_latencies = []
    next_start = time.perf_counter() + interval * number / max(1, clients)  # staggered
    while True:
        if interval:
            time.sleep(max(0.0, next_start - time.perf_counter()))
            next_start += interval
        if not shared.take():
            break
        # Clients take different variants, so they rarely wait for one another's row locks.
        chosen = [
            variant_ids[(number + (iteration * lines + line) * clients) % len(variant_ids)]
            for line in range(lines)
        ]
        iteration += 1
        started = time.perf_counter()
        try:
            problem = _one_order(buyer, chosen)
        except (OSError, http.client.HTTPException) as error:
            problem = f"{type(error).__name__}: {error}"
        if problem:
            shared.error(problem)
            buyer.close()
            buyer.cookies.clear()  # start again as a new buyer with an empty cart
        else:
            order_latencies.append(time.perf_counter() - started)
    buyer.close()
    with shared.lock:
        shared.orders += len(order_latencies)
        shared.order_latencies.extend(order_latencies)
        shared.requests += len(buyer.latencies)
        shared.request_latencies.extend(buyer.latencies)


def server_cpu_seconds(markers: tuple[str, ...]) -> float | None:
    """User + system CPU seconds of the processes whose command line contains a marker
    (gunicorn's bind address, the bench database's name in PostgreSQL backends). Linux only."""
    proc = Path("/proc")
    if not proc.is_dir():
        return None
    ticks = os.sysconf("SC_CLK_TCK")
    total = 0
    for entry in proc.iterdir():
        if not entry.name.isdigit():
            continue
        try:
            command = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
            if not any(marker in command for marker in markers):
                continue
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue  # the process ended meanwhile
        total += int(fields[11]) + int(fields[12])  # utime, stime
    return total / ticks


def run_checkouts(
    *,
    host: str,
    port: int,
    variant_ids: list[int],
    clients: int = 16,
    duration: float = 8.0,
    max_orders: int = 20_000,
    lines: int = 1,
    cpu_markers: tuple[str, ...] = (),
    orders_per_second: float | None = None,
) -> CheckoutResult:
    """Checkouts by `clients` guest buyers, back to back, or all together at about
    `orders_per_second` when given (the mixed-load section's steady trickle of orders)."""
    if host not in ("127.0.0.1", "localhost", "::1"):
        raise ValueError("The benchmark only sends load to the local machine.")
    if not variant_ids:
        raise ValueError("No variants to buy: run `python -m bench.checkout_prepare` first.")
    interval = clients / orders_per_second if orders_per_second else 0.0
    cpu_before = server_cpu_seconds(cpu_markers) if cpu_markers else None
    started = time.perf_counter()
    shared = _Shared(max_orders, started + duration)
    threads = [
        threading.Thread(
            target=_client,
            args=(number, host, port, variant_ids, lines, clients, shared, interval),
            daemon=True,
        )
        for number in range(clients)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(duration + 4 * REQUEST_TIMEOUT_SECONDS)
    seconds = time.perf_counter() - started
    cpu_ms = None
    if cpu_before is not None and shared.orders:
        cpu_ms = round(1000 * (server_cpu_seconds(cpu_markers) - cpu_before) / shared.orders, 1)
    return CheckoutResult(
        clients=clients,
        seconds=round(seconds, 3),
        orders=shared.orders,
        orders_per_second=round(shared.orders / seconds, 1) if seconds else 0.0,
        requests=shared.requests,
        requests_per_second=round(shared.requests / seconds, 1) if seconds else 0.0,
        order_p50_ms=round(percentile(shared.order_latencies, 50) * 1000, 1),
        order_p95_ms=round(percentile(shared.order_latencies, 95) * 1000, 1),
        request_p95_ms=round(percentile(shared.request_latencies, 95) * 1000, 1),
        errors=shared.errors,
        error_samples=shared.error_samples,
        server_cpu_ms_per_order=cpu_ms,
    )


def judge(result: CheckoutResult, bare_rps: list[float]) -> dict:
    baseline = sum(bare_rps) / len(bare_rps) if bare_rps else 0.0
    reasons = []
    if result.orders_per_second < TARGET_ORDERS_PER_SECOND:
        reasons.append(f"orders/s<{TARGET_ORDERS_PER_SECOND:.0f}")
    if result.errors:
        reasons.append("errors")
    return {
        "result": result,
        "bare_rps": round(baseline, 1),
        "bare_runs_rps": bare_rps,
        "ratio": round(result.orders_per_second / baseline, 4) if baseline else None,
        "verdict": "MISS" if reasons else "PASS",
        "reasons": reasons,
    }


def print_table(report: dict, lines: int) -> None:
    result: CheckoutResult = report["result"]
    print()
    print(
        f"Checkout: guest cash-on-delivery orders of {lines} line{'s' if lines > 1 else ''}, "
        f"{result.clients} clients (add to cart, checkout page, place order)"
    )
    header = (
        f"{'orders':>7} {'orders/s':>8} {'order p50':>9} {'order p95':>9} {'req/s':>7} "
        f"{'req p95':>7} {'errors':>6} {'bare r/s':>8} {'ratio':>6}  result"
    )
    print(header)
    print("-" * len(header))
    ratio = f"{report['ratio']:.3f}" if report["ratio"] is not None else "-"
    reasons = ", ".join(report["reasons"])
    verdict = report["verdict"] + (f" ({reasons})" if reasons else "")
    print(
        f"{result.orders:>7} {result.orders_per_second:>8.1f} {result.order_p50_ms:>9.1f} "
        f"{result.order_p95_ms:>9.1f} {result.requests_per_second:>7.1f} "
        f"{result.request_p95_ms:>7.1f} {result.errors:>6} {report['bare_rps']:>8.1f} "
        f"{ratio:>6}  {verdict}"
    )
    print(
        f"(ratio = orders/s over the bare view's req/s, runs before and after: "
        f"{', '.join(f'{rps:.0f}' for rps in report['bare_runs_rps'])}; "
        f"target >= {TARGET_ORDERS_PER_SECOND:.0f} orders/s, 0 errors)"
    )
    if result.server_cpu_ms_per_order:
        cpus = os.cpu_count() or 1
        print(
            f"server CPU per order: {result.server_cpu_ms_per_order:.1f} ms "
            "(gunicorn + PostgreSQL), "
            f"so {cpus} idle CPUs could serve about "
            f"{1000 * cpus / result.server_cpu_ms_per_order:.0f} orders/s"
        )
    for sample in result.error_samples:
        print(f"  error: {sample}")
