"""The suite's own rule: transactional tests run in a group with its own database."""

import pytest

from tests.suite_rules import transactional_tests_in_main_group


class _Item:
    """What the rule reads of a pytest item: its id, markers and fixture names."""

    def __init__(self, nodeid, *markers, fixturenames=()):
        self.nodeid = nodeid
        self.markers = {marker.name: marker for marker in markers}
        self.fixturenames = fixturenames

    def get_closest_marker(self, name):
        return self.markers.get(name)


def _marker(name, **kwargs):
    return getattr(pytest.mark, name)(**kwargs).mark


def test_transactional_tests_without_an_isolated_group_are_named():
    items = [
        _Item("plain", _marker("django_db")),
        _Item("flushes", _marker("django_db", transaction=True)),
        _Item("live", fixturenames=("live_server",)),
        _Item("transactional fixture", fixturenames=("db", "transactional_db")),
        _Item("in postgres", _marker("django_db", transaction=True), _marker("postgres")),
        _Item("in redis", _marker("redis"), fixturenames=("transactional_db",)),
        _Item("in browser", _marker("browser"), fixturenames=("live_server",)),
    ]

    assert transactional_tests_in_main_group(items) == [
        "flushes",
        "live",
        "transactional fixture",
    ]
