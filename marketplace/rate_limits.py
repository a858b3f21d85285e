"""Fixed-window rate limits per client address and per contact (a phone or an email), for
public forms that make the platform send a message or a moderator read one (trade
enquiries, workshop sign-ups).

Counted in the cache (shared by every web process when REDIS_URL is set): a window per key,
started by `cache.add` and counted by `cache.incr`, so two requests at once both count. Keys
are hashed: the cache holds no phone number, email or address in clear. A cache that is down
limits nothing rather than refusing everyone (it is abuse control, not a security boundary).
"""

import hashlib
import logging
from collections.abc import Iterable

from django.core.cache import cache

logger = logging.getLogger(__name__)


class RateLimited(Exception):
    """Too many requests from this address or for this contact: try again later."""


def _key(scope: str, kind: str, value: str) -> str:
    digest = hashlib.sha256(value.strip().lower().encode()).hexdigest()[:32]
    return f"{scope}-limit:{kind}:{digest}"


def _count(key: str, window_seconds: int) -> int:
    try:
        cache.add(key, 0, timeout=window_seconds)
        return int(cache.incr(key))
    except ValueError:  # expired between add and incr: this request starts a new window
        cache.add(key, 1, timeout=window_seconds)
        return 1
    except Exception:
        logger.warning("Rate limit %s not counted: cache unavailable", key, exc_info=True)
        return 0


def rate_check(
    scope: str,
    *,
    client_ip: str,
    contacts: Iterable[str],
    per_ip: int,
    per_contact: int,
    window_seconds: int,
) -> None:
    """Count one request for the address and each contact given; raise RateLimited when any
    is over its limit (every count is still made, so a refused burst keeps counting)."""
    over = _count(_key(scope, "ip", client_ip), window_seconds) > per_ip
    for contact in contacts:
        if contact and contact.strip():
            over = _count(_key(scope, "contact", contact), window_seconds) > per_contact or over
    if over:
        raise RateLimited
