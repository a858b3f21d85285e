"""Per-day counters for market signals: Redis when REDIS_URL is set, else this process's memory.

One Redis hash per day (`market:<day>:counts`, field -> count) and one HyperLogLog per
distinct-count key (`market:<day>:<key>`), all expiring after MARKET_COUNTER_DAYS days. The
counters hold a day's running totals, so the task that copies them into the database writes
totals, never increments: copying a day twice gives the same rows.
"""

from __future__ import annotations

import functools
import threading
from collections import defaultdict
from typing import Protocol

import redis
from django.conf import settings


def _counts_key(day: str) -> str:
    return f"market:{day}:counts"


def _distinct_key(day: str, key: str) -> str:
    return f"market:{day}:{key}"


class CounterStore(Protocol):
    def add(self, day: str, counts: dict[str, int], distinct: dict[str, str]) -> None: ...

    def counts(self, day: str) -> dict[str, int]: ...

    def distinct_counts(self, day: str, keys: list[str]) -> dict[str, int]: ...


class RedisCounterStore:
    """One pipeline (one round trip) per counted response."""

    def __init__(self, url: str) -> None:
        self.client = redis.Redis.from_url(url, socket_connect_timeout=1.0, socket_timeout=2.0)

    def add(self, day: str, counts: dict[str, int], distinct: dict[str, str]) -> None:
        lifetime = settings.MARKET_COUNTER_DAYS * 24 * 60 * 60
        pipe = self.client.pipeline(transaction=False)
        for field, amount in counts.items():
            pipe.hincrby(_counts_key(day), field, amount)
        pipe.expire(_counts_key(day), lifetime)
        for key, member in distinct.items():
            pipe.pfadd(_distinct_key(day, key), member)
            pipe.expire(_distinct_key(day, key), lifetime)
        pipe.execute()

    def counts(self, day: str) -> dict[str, int]:
        raw: dict[bytes, bytes] = self.client.hgetall(_counts_key(day))  # type: ignore[assignment]
        return {field.decode(): int(value) for field, value in raw.items()}

    def distinct_counts(self, day: str, keys: list[str]) -> dict[str, int]:
        pipe = self.client.pipeline(transaction=False)
        for key in keys:
            pipe.pfcount(_distinct_key(day, key))
        return dict(zip(keys, pipe.execute(), strict=True))


class MemoryCounterStore:
    """For a single process without Redis (`make run`, the SQLite tests)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._counts: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
        self._members: dict[tuple[str, str], set[str]] = defaultdict(set)

    def add(self, day: str, counts: dict[str, int], distinct: dict[str, str]) -> None:
        with self._lock:
            for field, amount in counts.items():
                self._counts[day][field] += amount
            for key, member in distinct.items():
                self._members[day, key].add(member)

    def counts(self, day: str) -> dict[str, int]:
        with self._lock:
            return dict(self._counts.get(day, {}))

    def distinct_counts(self, day: str, keys: list[str]) -> dict[str, int]:
        with self._lock:
            return {key: len(self._members.get((day, key), ())) for key in keys}

    def clear(self) -> None:
        with self._lock:
            self._counts.clear()
            self._members.clear()


@functools.cache
def _store_for(url: str) -> CounterStore:
    return RedisCounterStore(url) if url else MemoryCounterStore()


def counter_store() -> CounterStore:
    return _store_for(settings.MARKET_COUNTERS_URL)
