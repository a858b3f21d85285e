"""What buyers do, counted cheaply for the market information producer groups see.

A view says what its response means for the market (a product seen, perhaps while out of
stock; a search and how many results it found; an add to cart) in one response header,
`X-Market-Signals`. The header is stored with the page in the page cache, so the middleware
below, which sits *outside* the page cache, counts every page served, whether the view ran or
the cache answered. It removes the header before the response leaves the site.

Counting is one Redis round trip (a pipeline of HINCRBY/PFADD) into per-day counters
(marketplace.market_counters); never a database write. A Celery beat task (catalog.tasks)
turns each day's counters into daily rows. Nothing personal is kept: search terms with a digit
or `@` are dropped here, and distinct searchers are counted in a HyperLogLog of salted hashes
that expires with the day's counters.
"""

from __future__ import annotations

import hashlib
import logging
import unicodedata
from collections.abc import Callable
from typing import Any
from urllib.parse import parse_qs, urlencode

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils import timezone

from marketplace.market_counters import counter_store

logger = logging.getLogger(__name__)

SIGNALS_HEADER = "X-Market-Signals"
MAX_TERM_LENGTH = 60


def search_term_normalise(text: str) -> str | None:
    """The term as counted (case folded, spaces collapsed), or None when it must not be kept:
    empty, or holding a digit in any script (phone numbers, order numbers) or an `@`."""
    term = " ".join(unicodedata.normalize("NFKC", text).casefold().split())[:MAX_TERM_LENGTH]
    if not term or "@" in term or any(unicodedata.category(char) == "Nd" for char in term):
        return None
    return term


def signals_attach(response: HttpResponse, **signals: Any) -> HttpResponse:
    """Mark `response` with what it means for the market: `product=<id>` (a product page;
    with `out_of_stock=1`), `cart=<product id>`, `search=<term>`, `language=`, `results=<n>`.
    A search term that may not be kept is left out here already."""
    if "search" in signals:
        term = search_term_normalise(str(signals["search"]))
        if term is None:
            signals.pop("search")
            signals.pop("results", None)
        else:
            signals["search"] = term
    signals = {name: value for name, value in signals.items() if value not in (None, "")}
    if signals:
        response[SIGNALS_HEADER] = urlencode(signals)
    return response


def _searcher_token(request: HttpRequest, day: str) -> str:
    """Tells one searcher from another within one day, and nothing else: a hash salted with
    the secret key and the day, added only to a HyperLogLog (which keeps no members)."""
    who = f"{request.META.get('REMOTE_ADDR', '')}|{request.META.get('HTTP_USER_AGENT', '')}"
    return hashlib.sha256(f"{settings.SECRET_KEY}|{day}|{who}".encode()).hexdigest()[:16]


def _as_int(values: dict[str, list[str]], name: str) -> int | None:
    try:
        return int(values[name][0])
    except (KeyError, ValueError):
        return None


def signals_record(header: str, request: HttpRequest) -> None:
    """Count one response's signals in today's counters (Pakistan time)."""
    values = parse_qs(header)
    day = timezone.localdate().isoformat()
    counts: dict[str, int] = {}
    distinct: dict[str, str] = {}
    product = _as_int(values, "product")
    if product is not None:
        counts[f"view:{product}"] = 1
        if values.get("out_of_stock") == ["1"]:
            counts[f"out_of_stock_view:{product}"] = 1
    cart = _as_int(values, "cart")
    if cart is not None:
        counts[f"cart:{cart}"] = 1
    term = search_term_normalise(values.get("search", [""])[0])
    results = _as_int(values, "results")
    if term is not None and results is not None:
        language = values.get("language", [settings.LANGUAGE_CODE])[0][:8]
        key = f"{language}:{term}"
        counts[f"search:{key}"] = 1
        if results <= settings.MARKET_FEW_RESULTS:
            counts[f"unmet:{key}"] = 1
        if results == 0:
            counts[f"zero:{key}"] = 1
        distinct[f"searchers:{key}"] = _searcher_token(request, day)
    if counts:
        counter_store().add(day, counts, distinct)


class MarketSignalsMiddleware:
    """Counts the market signals of every response, cached or not, and strips their header.

    Placed just above the page cache. A counter that cannot be written (Redis down) is lost,
    with a log line: the page is served all the same.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        header = response.get(SIGNALS_HEADER)
        if header:
            del response[SIGNALS_HEADER]
            try:
                signals_record(header, request)
            except Exception:  # counting must never cost a buyer a page
                logger.warning("Market signals not counted", exc_info=True)
        return response
