"""Rate limits on trade enquiries: per client address and per contact (phone or email).

Counted in the cache (shared by every web process when REDIS_URL is set): a fixed window per
key, started by `cache.add` and counted by `cache.incr`, so two requests at once both count.
A cache that is down limits nothing rather than refusing every buyer (it is abuse control,
and the confirmation code still stands between a spammer and the groups).
"""

import hashlib
import logging

from django.conf import settings
from django.core.cache import cache

logger = logging.getLogger(__name__)


class EnquiryRateLimited(Exception):
    """Too many enquiries from this address or for this contact: try again later."""


def _key(kind: str, value: str) -> str:
    # Hashed: the cache holds no phone numbers, email or IP addresses in clear.
    digest = hashlib.sha256(value.strip().lower().encode()).hexdigest()[:32]
    return f"trade-enquiry-limit:{kind}:{digest}"


def _count(key: str, window_seconds: int) -> int:
    try:
        cache.add(key, 0, timeout=window_seconds)
        return int(cache.incr(key))
    except ValueError:  # expired between add and incr: this request starts a new window
        cache.add(key, 1, timeout=window_seconds)
        return 1
    except Exception:
        logger.warning("Trade enquiry rate limit not counted: cache unavailable", exc_info=True)
        return 0


def enquiry_rate_check(*, client_ip: str, contacts: list[str]) -> None:
    """Count one enquiry for the address and each contact; raise when any is over its limit."""
    window = settings.TRADE_ENQUIRY_LIMIT_WINDOW_SECONDS
    over = _count(_key("ip", client_ip), window) > settings.TRADE_ENQUIRY_LIMIT_PER_IP
    for contact in contacts:
        if contact.strip():
            count = _count(_key("contact", contact), window)
            over = over or count > settings.TRADE_ENQUIRY_LIMIT_PER_CONTACT
    if over:
        raise EnquiryRateLimited
