"""SQLite test databases start from a migrated copy instead of running every migration.

Running the project's migrations costs about 30 s of CPU, once per pytest process (two for
the main group, two for the browser group). The template also holds the site's page tree (`manage.py
site_setup`), which nearly every test asks for. `scripts/run_tests.py` migrates one file beside
the static checks and names it in TEST_SQLITE_TEMPLATE; when Django first connects to a
process's empty test database (in memory, or the browser group's file), it is filled from
that file (sqlite3's backup), so the migrate of the test set-up finds every migration
applied. That migrate still runs, with its post_migrate handlers, as on any database.
Without the variable (a plain `pytest` run) nothing changes.
"""

from __future__ import annotations

import os
import sqlite3

from django.db.backends.signals import connection_created

TEMPLATE_VARIABLE = "TEST_SQLITE_TEMPLATE"


def _is_test_database(connection) -> bool:
    """In memory (the main group), or the file the settings name as the test database (the
    browser group's, tests/browser/conftest.py): never a developer's own database file."""
    name = connection.settings_dict["NAME"]
    test_name = (connection.settings_dict.get("TEST") or {}).get("NAME")
    return connection.creation.is_in_memory_db(name) or bool(test_name and name == test_name)


def _is_empty_test_database(connection) -> bool:
    if connection.vendor != "sqlite" or not _is_test_database(connection):
        return False
    found = connection.connection.execute(  # (the raw sqlite3 connection)
        "SELECT count(*) FROM sqlite_master WHERE name = 'django_migrations'"
    ).fetchone()[0]
    return found == 0


def _fill_from_template(sender, connection, **kwargs) -> None:
    template = os.environ.get(TEMPLATE_VARIABLE, "")
    if not template or not os.path.exists(template):  # (none: the set-up migrates, as before)
        return
    if not _is_empty_test_database(connection):
        return
    source = sqlite3.connect(f"file:{template}?mode=ro", uri=True)
    try:
        source.backup(connection.connection)
    finally:
        source.close()


def disconnect_template_fill() -> None:
    connection_created.disconnect(dispatch_uid="sqlite-test-template")


def connect_template_fill() -> None:
    """Fill new, empty test databases from TEST_SQLITE_TEMPLATE, when it is set."""
    if os.environ.get(TEMPLATE_VARIABLE):
        connection_created.connect(_fill_from_template, dispatch_uid="sqlite-test-template")
