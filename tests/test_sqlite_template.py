"""A new SQLite test database (in memory, or the browser group's file) is filled from the
migrated template the test runner names (tests/sqlite_template.py); a database that already
has its tables, or a file that is not the settings' test database, is left alone."""

import sqlite3
import uuid

import pytest
from django.db import connections
from django.db.backends.sqlite3.base import DatabaseWrapper

from tests.sqlite_template import (
    TEMPLATE_VARIABLE,
    connect_template_fill,
    disconnect_template_fill,
)

pytestmark = pytest.mark.django_db  # (a connection may be opened)


@pytest.fixture
def fill_receiver():
    """The receiver, connected by the test; afterwards connected as the suite's conftest left
    it (inert without the variable, which monkeypatch restores)."""
    yield connect_template_fill
    disconnect_template_fill()
    connect_template_fill()


def sqlite_wrapper(name: str, *, alias: str, **settings_changes) -> DatabaseWrapper:
    settings = {
        **connections["default"].settings_dict,
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": name,
        "OPTIONS": {},
        **settings_changes,
    }
    return DatabaseWrapper(settings, alias=alias)


def in_memory_wrapper(database: str) -> DatabaseWrapper:
    return sqlite_wrapper(f"file:{database}?mode=memory&cache=shared", alias=database)


def file_wrapper(path, *, test_name) -> DatabaseWrapper:
    return sqlite_wrapper(
        str(path), alias=f"file_{uuid.uuid4().hex}", TEST={"NAME": str(test_name)}
    )


@pytest.fixture
def template(tmp_path, monkeypatch, fill_receiver):
    """A migrated template (a django_migrations table) holding one marker row, 42."""
    path = tmp_path / "template.sqlite3"
    source = sqlite3.connect(path)
    source.execute("CREATE TABLE django_migrations (id integer)")
    source.execute("CREATE TABLE marker (value integer)")
    source.execute("INSERT INTO marker VALUES (42)")
    source.commit()
    source.close()
    monkeypatch.setenv(TEMPLATE_VARIABLE, str(path))
    fill_receiver()
    return path


def tables(wrapper: DatabaseWrapper) -> list[str]:
    rows = wrapper.connection.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
    return sorted(name for (name,) in rows)


def test_the_browser_groups_empty_test_file_is_filled(tmp_path, template):
    test_file = tmp_path / "browser-tests.sqlite3"
    database = file_wrapper(test_file, test_name=test_file)
    database.connect()
    try:
        assert database.connection.execute("SELECT value FROM marker").fetchall() == [(42,)]
    finally:
        database.close()


def test_a_file_that_is_not_the_test_database_is_never_filled(tmp_path, template):
    own_file = tmp_path / "db.sqlite3"  # a developer's database, empty
    database = file_wrapper(own_file, test_name=tmp_path / "test-db.sqlite3")
    database.connect()
    try:
        assert tables(database) == []
    finally:
        database.close()


def test_an_empty_in_memory_database_is_filled_and_a_filled_one_is_not(template):
    database = f"template_fill_{uuid.uuid4().hex}"

    first = in_memory_wrapper(database)
    first.connect()
    assert first.connection.execute("SELECT value FROM marker").fetchall() == [(42,)]

    # A second connection to the same database (a thread's) finds its tables: not refilled.
    first.connection.execute("UPDATE marker SET value = 7")
    second = in_memory_wrapper(database)
    second.connect()
    assert second.connection.execute("SELECT value FROM marker").fetchall() == [(7,)]
    second.connection.close()  # (Django keeps in-memory databases open: the raw connections)
    first.connection.close()


def test_without_a_template_file_nothing_is_filled(tmp_path, monkeypatch, fill_receiver):
    monkeypatch.setenv(TEMPLATE_VARIABLE, str(tmp_path / "never-made.sqlite3"))
    fill_receiver()

    empty = in_memory_wrapper(f"template_missing_{uuid.uuid4().hex}")
    empty.connect()  # (the set-up's migrate then builds it, as without a template)
    assert empty.connection.execute("SELECT count(*) FROM sqlite_master").fetchone() == (0,)
    empty.connection.close()
