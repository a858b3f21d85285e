"""bench/ runs DROP and TRUNCATE only on databases it made itself (bench/database_guard.py)."""

import re
import uuid
from pathlib import Path

import pytest

from bench.database_guard import (
    MARKER,
    BenchDatabaseRefused,
    bench_database_require,
    database_drop,
    database_ensure,
    tables_empty,
)
from bench.run_common import POSTGRES

BENCH = Path(__file__).resolve().parents[2] / "bench"
DESTRUCTIVE = re.compile(r"\b(TRUNCATE|DROP\s+(DATABASE|TABLE|SCHEMA))\b", re.IGNORECASE)


def test_destructive_statements_live_only_in_the_guard_module():
    offenders = [
        path.name
        for path in BENCH.glob("*.py")
        if path.name != "database_guard.py" and DESTRUCTIVE.search(path.read_text())
    ]
    assert offenders == []


def _admin():
    import psycopg

    return psycopg.connect(dbname="postgres", autocommit=True, **POSTGRES)


def _exists(name: str) -> bool:
    with _admin() as connection:
        query = "SELECT 1 FROM pg_database WHERE datname = %s"
        return connection.execute(query, [name]).fetchone() is not None


@pytest.fixture
def database_name():
    name = f"bench_guard_test_{uuid.uuid4().hex[:10]}"
    yield name
    with _admin() as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.mark.postgres
def test_a_database_the_bench_did_not_make_is_never_dropped(database_name):
    with _admin() as connection:
        connection.execute(f'CREATE DATABASE "{database_name}"')  # someone else's database

    assert database_ensure(database_name) is False  # used as it is, not marked
    with pytest.raises(BenchDatabaseRefused):
        database_drop(database_name)
    assert _exists(database_name)


@pytest.mark.postgres
def test_a_database_the_bench_made_carries_the_marker_and_may_be_dropped(database_name):
    assert database_ensure(database_name) is True
    with _admin() as connection:
        comment = connection.execute(
            "SELECT shobj_description(oid, 'pg_database') FROM pg_database WHERE datname = %s",
            [database_name],
        ).fetchone()[0]
    assert comment == MARKER

    database_drop(database_name)
    assert not _exists(database_name)


@pytest.mark.django_db
def test_tables_of_a_database_the_bench_did_not_make_are_not_emptied():
    """The test database (SQLite outside bench/results, or PostgreSQL without the marker)."""
    from django.db import connection

    from marketplace.models import NotificationLog

    NotificationLog.objects.create(
        dedupe_key="guard-test", event="payout_sent", channel="sms", recipient="+923001234567"
    )
    with pytest.raises(BenchDatabaseRefused):
        tables_empty(connection, [NotificationLog._meta.db_table])
    with pytest.raises(BenchDatabaseRefused):
        bench_database_require(connection)
    assert NotificationLog.objects.filter(dedupe_key="guard-test").exists()


@pytest.mark.postgres
@pytest.mark.django_db
def test_tables_of_the_postgres_test_database_are_not_emptied():
    test_tables_of_a_database_the_bench_did_not_make_are_not_emptied()
