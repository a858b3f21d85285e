"""SMS through the HTTP gateway backend, against a small gateway server on 127.0.0.1."""

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from marketplace.models import NotificationLog
from marketplace.notifications.services import notification_queue

pytestmark = pytest.mark.django_db


class FakeGateway:
    """Answers 503 to the first `failures` requests, then 200; records every request."""

    def __init__(self, failures: int):
        self.failures = failures
        self.requests: list[dict] = []
        gateway = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers["Content-Length"]))
                gateway.requests.append({"auth": self.headers["Authorization"], **json.loads(body)})
                status = 503 if len(gateway.requests) <= gateway.failures else 200
                self.send_response(status)
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_port}/send"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def gateway_settings(settings):
    settings.SMS_BACKEND = "marketplace.sms.HTTPGatewaySMSBackend"
    settings.SMS_GATEWAY_TOKEN = "gateway-token"
    settings.NOTIFICATION_MAX_RETRIES = 3
    return settings


def queue_paid_sms() -> NotificationLog:
    [log] = notification_queue(
        event="order_paid",
        dedupe_key="order_paid:5",
        language="ur",
        context={"number": "CM-000005", "name": "Ayesha", "total": "2500.00"},
        phone="0321 1234567",
    )
    return log


def test_sms_gateway_failure_is_retried_until_it_is_sent(
    gateway_settings, django_capture_on_commit_callbacks
):
    with FakeGateway(failures=2) as gateway:
        gateway_settings.SMS_GATEWAY_URL = gateway.url
        with django_capture_on_commit_callbacks(execute=True):
            log = queue_paid_sms()

    log.refresh_from_db()
    assert (log.status, log.attempts) == ("sent", 3)
    assert len(gateway.requests) == 3
    assert gateway.requests[-1] == {
        "auth": "Bearer gateway-token",
        "to": "0321 1234567",
        "message": log.body,
    }
    assert "CM-000005" in log.body and "ادائیگی" in log.body


def test_sms_gateway_down_is_retried_then_logged_as_failed_with_nothing_lost(
    gateway_settings, django_capture_on_commit_callbacks
):
    with FakeGateway(failures=100) as gateway:
        gateway_settings.SMS_GATEWAY_URL = gateway.url
        with django_capture_on_commit_callbacks(execute=True):
            log = queue_paid_sms()

    log.refresh_from_db()
    assert log.status == "failed"
    assert log.attempts == len(gateway.requests) == 4  # the first try and three retries
    assert "HTTP 503" in log.last_error
    # The message is kept whole, ready to be sent again.
    assert log.recipient == "0321 1234567" and "CM-000005" in log.body


def test_unreachable_sms_gateway_is_recorded_as_the_error(
    gateway_settings, django_capture_on_commit_callbacks
):
    with FakeGateway(failures=0) as gateway:
        closed_url = gateway.url
    gateway_settings.SMS_GATEWAY_URL = closed_url
    gateway_settings.NOTIFICATION_MAX_RETRIES = 0
    with django_capture_on_commit_callbacks(execute=True):
        log = queue_paid_sms()
    log.refresh_from_db()
    assert (log.status, log.attempts) == ("failed", 1)
    assert "unreachable" in log.last_error
