"""The site as deploy/ runs it: two gunicorn web processes and a Celery worker, started from
deploy/Procfile after deploy/release.sh, with production settings (DEBUG=0).

A buyer's requests land on either web process (as behind a load balancer): the cart is filled
and the order placed through one, the order page is read through the other, and the worker
sends the order's notifications. The processes share PostgreSQL (this test's database) and a
Redis of their own (cache, sessions' cache, broker), so no other test's worker takes the tasks.
"""

import contextlib
import re
import secrets
import subprocess

import pytest

from marketplace.models import NotificationLog
from orders.models import Order
from tests.celery_worker import worker_environment
from tests.deploy.processes import (
    ROOT,
    Browser,
    FormInputs,
    answers,
    procfile_start,
    wait_until,
    with_virtualenv_on_path,
)
from tests.factories import make_group, make_product
from tests.orders.conftest import COD_CHECKOUT_FIELDS
from tests.redis_server import free_port, throwaway_redis

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.redis,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

PUBLIC_HOST = "crafts.test"


def production_environment(*, redis_url: str, tmp_path) -> dict[str, str]:
    """deploy/env.example's required variables, for this test's database and Redis."""
    return worker_environment(
        DEBUG="0",
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS=PUBLIC_HOST,
        CSRF_TRUSTED_ORIGINS=f"https://{PUBLIC_HOST}",
        SITE_URL=f"https://{PUBLIC_HOST}",
        REDIS_URL=redis_url,
        STATIC_ROOT=str(tmp_path / "static"),
        MEDIA_ROOT=str(tmp_path / "media"),
        # Small, for a 2-core test machine: one worker process with two threads each.
        WEB_CONCURRENCY="1",
        GUNICORN_THREADS="2",
        WORKER_CONCURRENCY="1",
    )


def release(env: dict[str, str], tmp_path) -> None:
    """deploy/release.sh (the Procfile's `release:`), run to completion."""
    log = tmp_path / "release.log"
    with log.open("w") as output:
        result = subprocess.run(
            ["/bin/sh", "-c", "exec bash deploy/release.sh"],
            cwd=ROOT,
            env=with_virtualenv_on_path(env),
            stdout=output,
            stderr=subprocess.STDOUT,
            timeout=900,
        )
    assert result.returncode == 0, log.read_text()
    assert (tmp_path / "static" / "staticfiles.json").exists()  # hashed names' manifest


def test_an_order_placed_through_one_web_process_is_read_through_the_other(site_tree, tmp_path):
    group = make_group("Hala Ajrak Cooperative", contact_phone="0300 5550001")
    shawl = make_product(group, "Ajrak shawl", price="3500.00", stock=10)
    variant = shawl.variants.get()

    with throwaway_redis() as redis_server, contextlib.ExitStack() as running:
        env = production_environment(redis_url=redis_server.url, tmp_path=tmp_path)
        release(env, tmp_path)
        ports = [free_port(), free_port()]
        webs = [
            procfile_start(
                "web",
                env={**env, "GUNICORN_BIND": f"127.0.0.1:{port}"},  # PORT would bind 0.0.0.0
                log=tmp_path / f"web-{index}.log",
                name=f"web {index} (port {port})",
            )
            for index, port in enumerate(ports)
        ]
        worker = procfile_start("worker", env=env, log=tmp_path / "worker.log")
        processes = (*webs, worker)
        for process in processes:
            running.callback(process.stop)
        for web, port in zip(webs, ports, strict=True):
            wait_until(
                lambda port=port: answers(port, PUBLIC_HOST),
                progress=lambda web=web: len(web.output()),
                what=f"{web.name} serving",
                watched=processes,
            )
        wait_until(
            lambda: "ready." in worker.output(),
            progress=lambda: len(worker.output()),
            what="worker ready",
            watched=processes,
        )
        first, second = ports

        buyer = Browser(PUBLIC_HOST)
        product_page = buyer.get(first, shawl.url)
        assert product_page.status == 200 and "Ajrak shawl" in product_page.text
        added = buyer.post(first, "/cart/add/", {"variant": variant.pk, "quantity": 2})
        assert added.status == 302, added.text[:2000]
        checkout = buyer.get(first, "/checkout/")
        assert checkout.status == 200, checkout.text[:2000]
        inputs = FormInputs(checkout.text).values
        placed = buyer.post(
            first,
            "/checkout/",
            {
                "csrfmiddlewaretoken": inputs["csrfmiddlewaretoken"],
                "checkout_token": inputs["checkout_token"],
                **COD_CHECKOUT_FIELDS,
            },
        )

        order = Order.objects.get()
        assert placed.status == 302, placed.text[:2000]
        assert placed.headers["Location"].endswith(order.get_absolute_url())
        order_page = buyer.get(second, order.get_absolute_url())
        assert order_page.status == 200
        assert order.number in order_page.text and "Ajrak shawl" in order_page.text
        # Each request went where it was sent (gunicorn's access log is on stdout, written
        # just after the response: wait for the line rather than read it at once).
        assert '"POST /checkout/ ' in webs[0].output()
        order_line = f'"GET {order.get_absolute_url()} '
        wait_until(
            lambda: order_line in webs[1].output(),
            progress=lambda: len(webs[1].output()),
            what="web 1's access log line for the order page",
            watched=processes,
        )
        assert '"POST /checkout/ ' not in webs[1].output()
        # The cart was emptied by the first process; the second sees the same session.
        assert "Ajrak shawl" not in buyer.get(second, "/cart/").text

        logs = NotificationLog.objects.filter(order_id=order.pk)

        def statuses():
            return sorted(logs.values_list("event", "channel", "status"))

        wait_until(
            lambda: logs.exists() and not logs.exclude(status=NotificationLog.Status.SENT).exists(),
            progress=lambda: (statuses(), len(worker.output())),
            what="order notifications sent",
            watched=processes,
        )
        assert [(event, channel) for event, channel, _status in statuses()] == [
            ("order_placed", "sms"),
            ("sub_order_new", "sms"),
        ]
        sent_by_worker = r"Task marketplace\.send_notifications\[[^]]+\] succeeded"
        assert re.search(sent_by_worker, worker.output())
