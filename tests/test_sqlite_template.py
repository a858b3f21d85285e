"""A new in-memory SQLite test database is filled from the migrated template the test runner
names (tests/sqlite_template.py), and a database that already has its tables is left alone."""

import sqlite3

import pytest
from django.db import connections
from django.db.backends.sqlite3.base import DatabaseWrapper

from tests.sqlite_template import TEMPLATE_VARIABLE, connect_template_fill

pytestmark = pytest.mark.django_db  # (a connection may be opened)


def in_memory_wrapper(name: str):
    settings = {
        **connections["default"].settings_dict,
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": f"file:{name}?mode=memory&cache=shared",
        "OPTIONS": {},
    }
    return DatabaseWrapper(settings, alias=name)


def test_an_empty_in_memory_database_is_filled_and_a_migrated_one_is_not(tmp_path, monkeypatch):
    template = tmp_path / "template.sqlite3"
    with sqlite3.connect(template) as source:
        source.execute("CREATE TABLE django_migrations (id integer)")
        source.execute("CREATE TABLE marker (value integer)")
        source.execute("INSERT INTO marker VALUES (42)")
    source.close()
    monkeypatch.setenv(TEMPLATE_VARIABLE, str(template))
    connect_template_fill()

    filled = in_memory_wrapper("template_fill_test")
    filled.connect()
    assert filled.connection.execute("SELECT value FROM marker").fetchall() == [(42,)]

    # A second connection to the same database (a thread's) finds its tables: not refilled.
    filled.connection.execute("UPDATE marker SET value = 7")
    again = in_memory_wrapper("template_fill_test")
    again.connect()
    assert again.connection.execute("SELECT value FROM marker").fetchall() == [(7,)]
    again.close()
    filled.close()


def test_without_the_variable_nothing_is_filled(monkeypatch):
    monkeypatch.delenv(TEMPLATE_VARIABLE, raising=False)
    connect_template_fill()
    empty = in_memory_wrapper("template_unset_test")
    empty.connect()
    assert empty.connection.execute("SELECT count(*) FROM sqlite_master").fetchone() == (0,)
    empty.close()
