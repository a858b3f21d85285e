"""`make bench`'s database, once: PostgreSQL crafts_mela_bench (or SQLite under bench/results/
when PostgreSQL is down), migrated, its static files collected and `load_demo` loaded the first
time; the environment every bench process runs with; the Redis client whose database the bench
flushes."""

import contextlib
import datetime
import json
import os
import shutil
import subprocess
import sys
import time

from bench.database_guard import database_drop, database_ensure
from bench.run_common import POSTGRES, REDIS, RESULTS, ROOT, log

MEDIA_ROOT = RESULTS / "media"
STATIC_ROOT = RESULTS / "static"
SQLITE_PATH = RESULTS / "bench.sqlite3"


def postgres_up() -> bool:
    try:
        import psycopg

        with psycopg.connect(dbname="postgres", connect_timeout=3, **POSTGRES):
            return True
    except Exception:  # any failure means: fall back to SQLite
        return False


def redis_client(db: int):
    try:
        import redis

        client = redis.Redis(db=db, socket_connect_timeout=2, **REDIS)
        client.ping()
        return client
    except Exception:  # no Redis: each worker keeps its own locmem cache
        return None


def base_environment(database_url: str) -> dict:
    env = os.environ.copy()
    for name in ("REDIS_URL", "PAGE_CACHE_SECONDS", "DJANGO_SETTINGS_MODULE"):
        env.pop(name, None)
    env.update(
        DJANGO_SETTINGS_MODULE="bench.bench_settings",
        DATABASE_URL=database_url,
        MEDIA_ROOT=str(MEDIA_ROOT),
        BENCH_STATIC_ROOT=str(STATIC_ROOT),
        DEBUG="0",
        SECRET_KEY="bench-only-not-a-secret-5f2c1e0d9a8b7c6d5e4f3a2b1c0d",  # noqa: S106
        ALLOWED_HOSTS="127.0.0.1,localhost",
        SECURE_SSL_REDIRECT="0",
        LOG_LEVEL="WARNING",
        PYTHONUNBUFFERED="1",
    )
    return env


def manage(env: dict, *arguments: str) -> None:
    log("manage.py " + " ".join(arguments))
    subprocess.run([sys.executable, "manage.py", *arguments], cwd=ROOT, env=env, check=True)


def analyze(use_postgres: bool, args) -> None:
    """Fresh planner statistics and visibility map, as autovacuum would give a live site: right
    after a bulk load the planner guesses 841 live pages for 11,666 and the listing's count
    doubles in time."""
    if use_postgres:
        import psycopg

        with psycopg.connect(dbname=args.db_name, autocommit=True, **POSTGRES) as connection:
            connection.execute("VACUUM ANALYZE")
    else:
        import sqlite3

        with contextlib.closing(sqlite3.connect(SQLITE_PATH)) as connection:
            connection.execute("ANALYZE")


def database_facts(env: dict, args) -> dict:
    output = subprocess.run(
        [sys.executable, "-m", "bench.sample_urls", str(args.products), str(args.groups)],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    return json.loads(output.strip().splitlines()[-1])


_prepared: dict[tuple, tuple[str, dict, dict]] = {}  # databases prepared in this run


def prepare_database(args) -> tuple[str, dict, dict]:
    """Returns (database label, environment, database facts), loading the demo data once;
    a database already prepared in this run (the scale section's main size) is not again."""
    key = (args.database, args.db_name, args.scale, args.products, args.groups, args.rebuild)
    if key not in _prepared:
        _prepared[key] = _prepare_database(args)
    return _prepared[key]


def _prepare_database(args) -> tuple[str, dict, dict]:
    RESULTS.mkdir(parents=True, exist_ok=True)
    use_postgres = args.database == "postgres" or (args.database == "auto" and postgres_up())
    if args.database == "postgres" and not postgres_up():
        sys.exit("PostgreSQL is not answering on 127.0.0.1:5432.")
    if use_postgres:
        label = f"postgresql {args.db_name}"
        url = "postgres://{user}@{host}:{port}/".format(**POSTGRES) + args.db_name
        marker = RESULTS / f"loaded-postgres-{args.db_name}.json"
    else:
        label = f"sqlite {SQLITE_PATH.relative_to(ROOT)}"
        url = f"sqlite:///{SQLITE_PATH}"
        marker = RESULTS / "loaded-sqlite.json"
    env = base_environment(url)

    def reset() -> None:
        log(f"resetting the bench database ({label}) and bench media")
        marker.unlink(missing_ok=True)
        if use_postgres:
            database_drop(args.db_name)
        else:
            SQLITE_PATH.unlink(missing_ok=True)
        shutil.rmtree(MEDIA_ROOT, ignore_errors=True)

    if args.rebuild:
        reset()
    elif use_postgres:
        database_ensure(args.db_name)
    MEDIA_ROOT.mkdir(parents=True, exist_ok=True)
    manage(env, "migrate", "--noinput", "-v0")
    manage(env, "collectstatic", "--noinput", "-v0")
    facts = database_facts(env, args)

    recorded = json.loads(marker.read_text()) if marker.exists() else None
    loaded = (
        recorded is not None
        and recorded.get("scale") == args.scale
        and recorded.get("products_total") == facts["products_total"]
        and facts["products_total"] > 0
    )
    if not loaded and not args.no_load:
        if not (ROOT / "catalog" / "management" / "commands" / "load_demo.py").exists():
            sys.exit("manage.py load_demo does not exist yet: nothing to benchmark.")
        if facts["products_total"]:
            reset()  # half-loaded or other data: start clean so load_demo runs on an empty site
            if use_postgres:
                database_ensure(args.db_name)
            MEDIA_ROOT.mkdir(parents=True, exist_ok=True)
            manage(env, "migrate", "--noinput", "-v0")
        started = time.monotonic()
        manage(env, "load_demo", "--scale", str(args.scale))
        log(f"load_demo --scale {args.scale} took {time.monotonic() - started:.0f} s")
        facts = database_facts(env, args)
        marker.write_text(
            json.dumps(
                {
                    "scale": args.scale,
                    "products_total": facts["products_total"],
                    "loaded_at": datetime.datetime.now().isoformat(timespec="seconds"),
                }
            )
        )
    analyze(use_postgres, args)
    return label, env, facts
