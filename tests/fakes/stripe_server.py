"""A tiny fake of the Stripe API on 127.0.0.1, for the real `stripe` library to talk to.

It implements only what orders.stripe_api calls: create, retrieve and expire Checkout
Sessions, create refunds, and create and list Connect transfers to known connected accounts (and, as
Stripe's dashboard would, retrieve one and reverse it in part or whole), with
Stripe's idempotency rules (same key and same parameters: the same response; same key, other
parameters: an error; same key while the first request is still being answered: a 409).
Helpers play the buyer (pay a session); webhook events signed with Stripe's real
scheme are built by tests.fakes.stripe_webhooks (re-exported here).
"""

import itertools
import json
import re
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qsl

# Webhook events as Stripe sends them live in their own module; imported from here too.
from tests.fakes.stripe_webhooks import WEBHOOK_SECRET, deliver, event, sign

__all__ = ["SECRET_KEY", "WEBHOOK_SECRET", "FakeStripe", "deliver", "event", "form_decode", "sign"]

SECRET_KEY = "sk_test_fake_crafts_mela"


def form_decode(body: str) -> dict:
    """Stripe's form encoding (`a[b][0][c]=1`) back into nested dicts and lists."""
    result: dict = {}
    for key, value in parse_qsl(body, keep_blank_values=True):
        parts = re.findall(r"[^\[\]]+", key)
        node = result
        for part in parts[:-1]:
            node = node.setdefault(part, {})
        node[parts[-1]] = value
    return _lists(result)


def _lists(node):
    if not isinstance(node, dict):
        return node
    if node and all(key.isdigit() for key in node):
        return [_lists(node[key]) for key in sorted(node, key=int)]
    return {key: _lists(value) for key, value in node.items()}


class FakeStripe:
    """State of the fake server: sessions, refunds and every request it received."""

    def __init__(self):
        self.lock = threading.Lock()
        self.sessions: dict[str, dict] = {}
        self.refunds: dict[str, dict] = {}
        self.charges: dict[str, dict] = {}  # by payment intent
        self.requests: list[dict] = []
        self.idempotent: dict[str, tuple[str, dict, int, dict]] = {}
        self.in_flight: set[str] = set()  # keys of POSTs being answered right now
        self.counter = itertools.count(1)
        self.fail_next: list[int] = []  # status codes to answer the next POSTs with
        self.transfers: dict[str, dict] = {}
        self.accounts: set[str] = set()  # connected accounts that transfers may go to
        self.balance = 10**12  # the platform's available balance, in paisa
        # Seconds to wait before answering a transfer that was made: lets a test kill the
        # caller after Stripe moved the money but before the caller heard about it.
        self.transfer_answer_delay = 0.0
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(self))
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.server.shutdown()
        self.server.server_close()

    def configure(self, settings) -> None:
        """Point the project's Stripe settings (pytest-django `settings`) at this server."""
        settings.STRIPE_SECRET_KEY = SECRET_KEY
        settings.STRIPE_WEBHOOK_SECRET = WEBHOOK_SECRET
        settings.STRIPE_API_BASE = self.url

    def connect_account(self) -> str:
        account = self.new_id("acct")
        with self.lock:
            self.accounts.add(account)
        return account

    def new_id(self, prefix: str) -> str:
        return f"{prefix}_test_{next(self.counter):06d}"

    def posts(self, path: str) -> list[dict]:
        return [r for r in self.requests if r["method"] == "POST" and r["path"] == path]

    # The buyer's side, and Stripe's dashboard.
    def pay(self, session_id: str) -> dict:
        """The buyer pays on the hosted page: the session completes with a PaymentIntent."""
        with self.lock:
            session = self.sessions[session_id]
            session.update(status="complete", payment_status="paid")
            session["payment_intent"] = self.new_id("pi")
            charge = {
                "id": self.new_id("ch"),
                "object": "charge",
                "amount": session["amount_total"],
                "amount_refunded": 0,
                "currency": session["currency"],
                "payment_intent": session["payment_intent"],
                "refunded": False,
            }
            self.charges[session["payment_intent"]] = charge
            return dict(session)

    def expire(self, session_id: str) -> dict:
        with self.lock:
            self.sessions[session_id]["status"] = "expired"
            return dict(self.sessions[session_id])

    def refund_in_dashboard(self, payment_intent: str, amount: int) -> dict:
        """A refund made by someone in Stripe's dashboard: returns the updated charge."""
        status, body = self._refund({"payment_intent": payment_intent, "amount": str(amount)})
        assert status == 200, body
        return dict(self.charges[payment_intent])

    # HTTP endpoints.
    def handle(
        self, method: str, path: str, headers, body: str, query: str = ""
    ) -> tuple[int, dict]:
        params = form_decode(body) if method == "POST" else form_decode(query)
        with self.lock:
            self.requests.append(
                {
                    "method": method,
                    "path": path,
                    "params": params,
                    "idempotency_key": headers.get("Idempotency-Key"),
                    "authorization": headers.get("Authorization", ""),
                }
            )
            if headers.get("Authorization") != f"Bearer {SECRET_KEY}":
                return 401, _error("Invalid API Key provided.", "invalid_request_error")
            if method == "POST" and self.fail_next:
                return self.fail_next.pop(0), _error("Fake outage.", "api_error")
            key = headers.get("Idempotency-Key")
            if method == "POST" and key and key in self.idempotent:
                seen_path, seen_params, status, response = self.idempotent[key]
                if (seen_path, seen_params) != (path, params):
                    return 400, _error(
                        "Keys for idempotent requests can only be used with the same "
                        "parameters they were first used with.",
                        "idempotency_error",
                    )
                return status, response
            if method == "POST" and key:
                if key in self.in_flight:
                    return 409, _error(
                        "There is currently another in-progress request using this "
                        "Idempotent Key. Please try again later.",
                        "idempotency_error",
                    )
                self.in_flight.add(key)
        try:
            status, response = self._route(method, path, params)
        finally:
            with self.lock:
                self.in_flight.discard(key)
        if method == "POST" and key and status < 500:
            with self.lock:
                self.idempotent.setdefault(key, (path, params, status, response))
                status, response = self.idempotent[key][2:]
        return status, response

    def _route(self, method: str, path: str, params: dict) -> tuple[int, dict]:
        if method == "POST" and path == "/v1/checkout/sessions":
            return self._session_create(params)
        if match := re.fullmatch(r"/v1/checkout/sessions/([\w]+)(/expire)?", path):
            session = self.sessions.get(match[1])
            if session is None:
                return 404, _error("No such checkout.session", "invalid_request_error")
            if method == "POST" and match[2]:
                with self.lock:
                    if session["status"] != "open":
                        return 400, _error(
                            "Only Checkout Sessions with a status in [open] can be expired.",
                            "invalid_request_error",
                        )
                    session["status"] = "expired"
            return 200, dict(session)
        if method == "POST" and path == "/v1/refunds":
            return self._refund(params)
        if method == "POST" and path == "/v1/transfers":
            return self._transfer_create(params)
        if match := re.fullmatch(r"/v1/transfers/(\w+)(/reversals)?", path):
            with self.lock:
                transfer = self.transfers.get(match[1])
            if transfer is None:
                return 404, _error(f"No such transfer: '{match[1]}'", "invalid_request_error")
            if method == "POST" and match[2]:
                return self._transfer_reverse(transfer, params)
            if method == "GET" and not match[2]:
                with self.lock:
                    return 200, json.loads(json.dumps(transfer))
        if method == "GET" and path == "/v1/transfers":
            with self.lock:
                found = [
                    dict(t)
                    for t in self.transfers.values()
                    if t["transfer_group"] == params.get("transfer_group", t["transfer_group"])
                ]
            limit = int(params.get("limit") or 10)
            return 200, {
                "object": "list",
                "url": "/v1/transfers",
                "has_more": len(found) > limit,
                "data": list(reversed(found))[:limit],
            }
        return 404, _error(f"Unrecognized request URL ({method}: {path}).", "invalid_request_error")

    def _session_create(self, params: dict) -> tuple[int, dict]:
        now = int(time.time())
        expires_at = int(params.get("expires_at") or now + 24 * 3600)
        if not now + 30 * 60 <= expires_at <= now + 24 * 3600:
            return 400, _error(
                "expires_at must be between 30 minutes and 24 hours from now.",
                "invalid_request_error",
            )
        items = params.get("line_items") or []
        currencies = {item["price_data"]["currency"] for item in items}
        if len(currencies) != 1:
            return 400, _error("line_items need one currency.", "invalid_request_error")
        amount = sum(int(i["price_data"]["unit_amount"]) * int(i["quantity"]) for i in items)
        session_id = self.new_id("cs")
        session = {
            "id": session_id,
            "object": "checkout.session",
            "mode": params.get("mode"),
            "status": "open",
            "payment_status": "unpaid",
            "amount_total": amount,
            "currency": currencies.pop(),
            "client_reference_id": params.get("client_reference_id"),
            "customer_email": params.get("customer_email"),
            "metadata": params.get("metadata") or {},
            "payment_intent": None,
            "expires_at": expires_at,
            "success_url": params.get("success_url"),
            "cancel_url": params.get("cancel_url"),
            "url": f"{self.url}/pay/{session_id}",
        }
        with self.lock:
            self.sessions[session_id] = session
        return 200, dict(session)

    def _transfer_create(self, params: dict) -> tuple[int, dict]:
        amount = int(params.get("amount") or 0)
        with self.lock:
            if params.get("destination") not in self.accounts:
                return 400, _error(
                    f"No such destination: '{params.get('destination')}'",
                    "invalid_request_error",
                )
            if amount <= 0:
                return 400, _error("Invalid positive integer", "invalid_request_error")
            if amount > self.balance:
                return 400, _error(
                    "You have insufficient available funds in your Stripe account.",
                    "invalid_request_error",
                )
            self.balance -= amount
            transfer = {
                "id": self.new_id("tr"),
                "object": "transfer",
                "amount": amount,
                "currency": params.get("currency"),
                "destination": params["destination"],
                "transfer_group": params.get("transfer_group") or None,
                "description": params.get("description"),
                "metadata": params.get("metadata") or {},
                "reversed": False,
                "amount_reversed": 0,
                "reversals": {
                    "object": "list",
                    "url": "",
                    "has_more": False,
                    "total_count": 0,
                    "data": [],
                },
            }
            transfer["reversals"]["url"] = f"/v1/transfers/{transfer['id']}/reversals"
            self.transfers[transfer["id"]] = transfer
            delay = self.transfer_answer_delay
        if delay:
            time.sleep(delay)
        return 200, dict(transfer)

    def _transfer_reverse(self, transfer: dict, params: dict) -> tuple[int, dict]:
        """Take some (default: all that is left) of a transfer back to the platform."""
        with self.lock:
            left = transfer["amount"] - transfer["amount_reversed"]
            amount = int(params.get("amount") or left)
            if amount <= 0 or amount > left:
                return 400, _error(
                    "Amount must be no more than the transfer's unreversed amount.",
                    "invalid_request_error",
                )
            reversal = {
                "id": self.new_id("trr"),
                "object": "transfer_reversal",
                "amount": amount,
                "currency": transfer["currency"],
                "transfer": transfer["id"],
                "metadata": params.get("metadata") or {},
            }
            transfer["amount_reversed"] += amount
            transfer["reversed"] = transfer["amount_reversed"] == transfer["amount"]
            reversals = transfer["reversals"]
            reversals["data"].insert(0, reversal)  # newest first, as Stripe lists them
            reversals["total_count"] += 1
            self.balance += amount
            return 200, dict(reversal)

    def _refund(self, params: dict) -> tuple[int, dict]:
        with self.lock:
            charge = self.charges.get(params.get("payment_intent") or "")
            if charge is None:
                return 400, _error("No such payment_intent.", "invalid_request_error")
            amount = int(params.get("amount") or charge["amount"] - charge["amount_refunded"])
            if amount <= 0 or amount > charge["amount"] - charge["amount_refunded"]:
                return 400, _error(
                    "Refund amount is greater than unrefunded amount on charge.",
                    "invalid_request_error",
                )
            charge["amount_refunded"] += amount
            charge["refunded"] = charge["amount_refunded"] == charge["amount"]
            refund = {
                "id": self.new_id("re"),
                "object": "refund",
                "amount": amount,
                "currency": charge["currency"],
                "payment_intent": charge["payment_intent"],
                "charge": charge["id"],
                "status": "succeeded",
                "metadata": params.get("metadata") or {},
            }
            self.refunds[refund["id"]] = refund
            return 200, dict(refund)


def _error(message: str, kind: str) -> dict:
    return {"error": {"message": message, "type": kind}}


def _handler(fake: FakeStripe):
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def _answer(self, method: str):
            length = int(self.headers.get("Content-Length") or 0)
            raw = self.rfile.read(length) if length else b""
            if len(raw) < length:
                # The client died while sending (a killed worker): like Stripe, act on nothing.
                self.close_connection = True
                return
            body = raw.decode()
            path, _mark, query = self.path.partition("?")
            status, response = fake.handle(method, path, self.headers, body, query)
            data = json.dumps(response).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.send_header("Request-Id", f"req_{next(fake.counter)}")
            self.end_headers()
            self.wfile.write(data)

        def do_GET(self):
            self._answer("GET")

        def do_POST(self):
            self._answer("POST")

        def log_message(self, *args):  # quiet
            pass

    return Handler
