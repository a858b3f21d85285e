"""Celery tasks for the catalog: thin wrappers around services, safe to run twice."""

import datetime

from celery import shared_task
from django.utils import timezone

from catalog.market.services import market_counters_copy

COPY_MARKET_COUNTERS = "catalog.copy_market_counters"


@shared_task(name=COPY_MARKET_COUNTERS, ignore_result=True)
def copy_market_counters() -> dict[str, int]:
    """Copy today's and yesterday's market counters into daily rows; run by Celery beat.

    Yesterday too: its last hour is copied after midnight. Idempotent (totals, not increments).
    """
    today = timezone.localdate()
    copied = {}
    for day in (today - datetime.timedelta(days=1), today):
        result = market_counters_copy(day=day)
        copied[day.isoformat()] = result.products + result.terms
    return copied
