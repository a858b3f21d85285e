"""The only place in bench/ that may empty or drop a database, and only one the bench made.

The bench creates its PostgreSQL databases itself and writes a marker on each, a comment on the
database (`COMMENT ON DATABASE ... IS 'crafts-mela-bench ...'`); DROP and TRUNCATE run only
after reading that marker back. A database someone else made (a developer's, production's, a
test run's) has no such comment, and is refused with BenchDatabaseRefused whatever its name.
On SQLite the bench's database is a file under bench/results/, and only such a file is emptied.
"""

from pathlib import Path

from bench.run_common import POSTGRES, RESULTS, log

MARKER = "crafts-mela-bench: made by make bench, which may empty or drop it"


class BenchDatabaseRefused(RuntimeError):
    """A destructive statement was asked for on a database the bench did not create."""


def _admin_connection():
    import psycopg

    return psycopg.connect(dbname="postgres", autocommit=True, connect_timeout=5, **POSTGRES)


def _marker_of(connection, name: str) -> str | None:
    row = connection.execute(
        "SELECT shobj_description(oid, 'pg_database') FROM pg_database WHERE datname = %s",
        [name],
    ).fetchone()
    return None if row is None else (row[0] or "")


def database_ensure(name: str) -> bool:
    """Create PostgreSQL database `name` with the bench's marker unless it exists; True when
    created. An existing database is used as it is (nothing destructive happens to it here)."""
    from psycopg import sql

    with _admin_connection() as connection:
        if _marker_of(connection, name) is not None:
            return False
        log(f"creating PostgreSQL database {name}")
        connection.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
        connection.execute(
            sql.SQL("COMMENT ON DATABASE {} IS {}").format(
                sql.Identifier(name), sql.Literal(MARKER)
            )
        )
        return True


def database_drop(name: str) -> None:
    """Drop PostgreSQL database `name` if the bench made it; refuses any other database."""
    from psycopg import sql

    with _admin_connection() as connection:
        marker = _marker_of(connection, name)
        if marker is None:
            return
        if marker != MARKER:
            raise BenchDatabaseRefused(
                f"database {name} was not created by the bench (no marker comment): "
                "not dropped; pick another --db-name or drop it yourself"
            )
        connection.execute(
            sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
        )


def bench_database_require(connection) -> None:
    """Raise BenchDatabaseRefused unless Django's `connection` is to a database the bench made:
    on PostgreSQL one with the bench's marker, on SQLite a file under bench/results/."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT shobj_description(oid, 'pg_database') FROM pg_database "
                "WHERE datname = current_database()"
            )
            marked = (cursor.fetchone() or [None])[0] == MARKER
    else:
        name = Path(str(connection.settings_dict["NAME"])).resolve()
        marked = RESULTS.resolve() in name.parents
    if not marked:
        raise BenchDatabaseRefused(
            f"database {connection.settings_dict['NAME']} was not created by the bench (no "
            "marker): the bench changes nothing there. Give it another --db-name (the bench "
            "then creates and marks its own), or drop this one if it is an old bench database"
        )


def tables_empty(connection, tables: list[str]) -> None:
    """Empty `tables` (TRUNCATE on PostgreSQL) on Django's `connection`, only in a database
    the bench made."""
    bench_database_require(connection)
    quoted = [connection.ops.quote_name(table) for table in tables]
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(f"TRUNCATE {', '.join(quoted)} CASCADE")
        else:
            for table in quoted:
                cursor.execute(f"DELETE FROM {table}")  # noqa: S608 (quoted table names)
