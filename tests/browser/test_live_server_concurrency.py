"""The server the browser tests drive answers requests that arrive together, as a browser sends
them (a page's images beside a form post; buyers ordering at the same moment), each in its
own database connection and transaction, as `make run` does.

Until the browser group had a database file (tests/browser/conftest.py), the live server's
request threads shared Django's in-memory test database, where SQLite locks whole tables and
refuses a conflicting write at once: two writes together met "database table is locked"
(answered 503). The staff walk failed on it in CI, and in 2 of 4 runs here with stress-ng on
both cores.
"""

import contextlib
import http.cookiejar
import re
import threading
import time
import urllib.error
import urllib.parse
import urllib.request

import pytest
from django.db import connection, transaction
from django.utils.text import slugify

from catalog.models import CraftCategory
from orders.models import Order
from tests.factories import make_group, make_product
from tests.orders.conftest import COD_CHECKOUT_FIELDS

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

BUYERS = 8
TIMEOUT_SECONDS = 60


class _NoRedirects(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


class Buyer:
    """One browser: its own cookies (the session), no redirects followed."""

    def __init__(self, base_url: str):
        self.base_url = base_url
        self.cookies = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(self.cookies), _NoRedirects()
        )

    def get(self, path: str) -> str:
        with self.opener.open(self.base_url + path, timeout=TIMEOUT_SECONDS) as response:
            return response.read().decode()

    def post(self, path: str, fields: dict) -> int:
        # The cart checks the Origin header, as a browser sends it (orders/checkout/origin.py).
        request = urllib.request.Request(  # noqa: S310 - the live server, http://localhost
            self.base_url + path,
            data=urllib.parse.urlencode(fields).encode(),
            headers={"Origin": self.base_url},
        )
        try:
            with self.opener.open(request, timeout=TIMEOUT_SECONDS) as response:
                return response.status
        except urllib.error.HTTPError as answer:  # 3xx (not followed), 4xx, 5xx
            return answer.code


def hidden_value(html: str, name: str) -> str:
    match = re.search(rf'name="{name}" value="([^"]+)"', html) or re.search(
        rf'value="([^"]+)" name="{name}"', html
    )
    assert match, f"no {name} in the page"
    return match.group(1)


def run_at_once(work, argument_lists) -> list[BaseException]:
    """Runs work(*arguments) in a thread per list; returns what they raised (a thread's
    exception would otherwise be lost)."""
    failures: list[BaseException] = []

    def reported(*arguments) -> None:
        try:
            work(*arguments)
        except BaseException as failure:
            failures.append(failure)

    threads = [
        threading.Thread(target=reported, args=arguments, daemon=True)
        for arguments in argument_lists
    ]
    for thread in threads:
        thread.start()
    deadline = time.monotonic() + TIMEOUT_SECONDS
    for thread in threads:
        thread.join(timeout=max(0.0, deadline - time.monotonic()))
    still_running = [thread.name for thread in threads if thread.is_alive()]
    assert not still_running, (still_running, failures)
    return failures


def test_buyers_placing_orders_at_once_each_get_their_order(live_server):
    assert not connection.creation.is_in_memory_db(connection.settings_dict["NAME"])
    group = make_group("Hala Ajrak Printers")
    product = make_product(group, "Ajrak shawl", stock=50)
    variant = product.variants.get()
    buyers = [Buyer(live_server.url) for _ in range(BUYERS)]
    forms = []
    for quantity, buyer in enumerate(buyers, start=1):
        assert buyer.post("/cart/add/", {"variant": variant.pk, "quantity": quantity}) == 302
        page = buyer.get("/checkout/")
        forms.append(
            {
                **COD_CHECKOUT_FIELDS,
                "csrfmiddlewaretoken": hidden_value(page, "csrfmiddlewaretoken"),
                "checkout_token": hidden_value(page, "checkout_token"),
            }
        )
    statuses: list[int] = []
    all_ready = threading.Barrier(len(buyers))

    def place_order(buyer: Buyer, form: dict) -> None:
        all_ready.wait(timeout=TIMEOUT_SECONDS)
        statuses.append(buyer.post("/checkout/", form))

    assert run_at_once(place_order, zip(buyers, forms, strict=True)) == []
    assert statuses == [302] * BUYERS  # to each buyer's order page, none answered 503
    assert Order.objects.count() == BUYERS
    variant.refresh_from_db()
    assert variant.stock == 50 - sum(range(1, BUYERS + 1))


def test_two_transactions_that_read_then_write_at_once_both_commit():
    """What Wagtail's create view and the checkout do, in two request threads: read, then
    write, in one transaction. In SQLite's default deferred mode neither could upgrade its
    read lock while the other held one, and one failed at once with "database is locked";
    the settings begin transactions IMMEDIATE, so the second waits for the first instead."""
    assert not connection.creation.is_in_memory_db(connection.settings_dict["NAME"])
    both_have_read = threading.Barrier(2)

    def read_then_write(name: str) -> None:
        try:
            with transaction.atomic():
                Order.objects.count()
                with contextlib.suppress(threading.BrokenBarrierError):
                    # Immediate mode: the other thread waits in BEGIN until this one has
                    # committed, and finds the barrier broken by then.
                    both_have_read.wait(timeout=2)
                CraftCategory.objects.create(name=name, slug=slugify(name))
        finally:
            connection.close()  # this thread's own connection

    assert run_at_once(read_then_write, [("Ajrak",), ("Rilli",)]) == []
    assert set(CraftCategory.objects.values_list("name", flat=True)) >= {"Ajrak", "Rilli"}
