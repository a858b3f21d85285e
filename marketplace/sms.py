"""Sending SMS: the one module that talks to an SMS gateway.

`sms_send(to=..., text=...)` uses the backend named by settings.SMS_BACKEND. The default
backend only logs the message (development and tests need no gateway); the HTTP gateway
backend posts JSON to SMS_GATEWAY_URL. Tests swap the transport (a local HTTP server), never
this logic. Any delivery problem is raised as SMSDeliveryError, which the notification task
retries.
"""

import json
import logging
import urllib.error
import urllib.request
from typing import Protocol

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.utils.module_loading import import_string

logger = logging.getLogger(__name__)


class SMSDeliveryError(Exception):
    """The gateway did not accept the message; sending it again later may succeed."""


class SMSBackend(Protocol):
    def send(self, *, to: str, text: str) -> None: ...


class LoggingSMSBackend:
    """Writes each message to the log instead of sending it (the embedded default)."""

    def send(self, *, to: str, text: str) -> None:
        logger.info("SMS to %s: %s", to, text)


class HTTPGatewaySMSBackend:
    """POSTs {"to": ..., "message": ...} as JSON with a bearer token; any 2xx is success.

    Most Pakistani bulk-SMS gateways accept this shape (or a thin proxy in front of them).
    """

    def __init__(self, *, url: str = "", token: str = "", timeout: float | None = None):
        self.url = url or settings.SMS_GATEWAY_URL
        self.token = token or settings.SMS_GATEWAY_TOKEN
        self.timeout = timeout if timeout is not None else settings.SMS_GATEWAY_TIMEOUT
        if not self.url.startswith(("https://", "http://")):
            raise ImproperlyConfigured("SMS_GATEWAY_URL must be an http(s) URL.")

    def send(self, *, to: str, text: str) -> None:
        request = urllib.request.Request(  # noqa: S310 - the scheme is checked in __init__
            self.url,
            data=json.dumps({"to": to, "message": text}).encode(),
            headers={
                "Content-Type": "application/json; charset=utf-8",
                "Authorization": f"Bearer {self.token}",
            },
            method="POST",
        )
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:  # noqa: S310
                status = response.status
        except urllib.error.HTTPError as error:
            raise SMSDeliveryError(f"SMS gateway answered HTTP {error.code}") from error
        except (urllib.error.URLError, OSError) as error:
            raise SMSDeliveryError(f"SMS gateway unreachable: {error}") from error
        if not 200 <= status < 300:
            raise SMSDeliveryError(f"SMS gateway answered HTTP {status}")


def sms_backend() -> SMSBackend:
    return import_string(settings.SMS_BACKEND)()


def sms_send(*, to: str, text: str) -> None:
    """Send one SMS through the configured backend; raises SMSDeliveryError on failure."""
    sms_backend().send(to=to, text=text)
