"""Collection-time rules of the test suite (applied in tests/conftest.py).

A transactional test (`django_db(transaction=True)`, `transactional_db`, `live_server`) empties
every table when it ends. In the main group, pytest-xdist's work stealing may then run another
test of the same worker that expects the site tree and locales the migrations made, and it
fails for a reason that has nothing to do with it (30 errors in one CI run). Such tests belong
in a group that runs them in their own database: postgres, redis or browser.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

ISOLATED_GROUP_MARKERS = ("postgres", "redis", "browser")
TRANSACTIONAL_FIXTURES = ("transactional_db", "live_server", "django_db_reset_sequences")


def is_transactional(item: Any) -> bool:
    marker = item.get_closest_marker("django_db")
    if marker is not None and (
        marker.kwargs.get("transaction") or marker.kwargs.get("reset_sequences")
    ):
        return True
    return any(name in TRANSACTIONAL_FIXTURES for name in getattr(item, "fixturenames", ()))


def transactional_tests_in_main_group(items: Iterable[Any]) -> list[str]:
    """Ids of the transactional tests that carry none of the isolated groups' markers."""
    return [
        item.nodeid
        for item in items
        if is_transactional(item)
        and not any(item.get_closest_marker(name) for name in ISOLATED_GROUP_MARKERS)
    ]
