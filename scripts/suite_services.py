"""Processes and services for scripts/run_tests.py: run a command in its own process group,
the environment without a developer's service variables, starting PostgreSQL, Redis or
Chromium when installed but down, and the run's scratch PostgreSQL databases."""

from __future__ import annotations

import contextlib
import os
import secrets
import shlex
import signal
import subprocess
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parent.parent
IN_CI = os.environ.get("CI", "").strip().lower() in {"1", "true", "yes"}
POSTGRES_ADMIN_URL = os.environ.get(
    "POSTGRES_ADMIN_URL", "postgres://postgres@127.0.0.1:5432/postgres"
)
REDIS_TEST_URL = os.environ.get("REDIS_TEST_URL", "redis://127.0.0.1:6379/9")
CHROMIUM_PATH = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
# Variables a developer's shell may carry that would silently change what a group tests against.
SERVICE_VARIABLES = ("DATABASE_URL", "REDIS_URL")


def clean_env(**extra: str) -> dict[str, str]:
    env = {key: value for key, value in os.environ.items() if key not in SERVICE_VARIABLES}
    env.update(extra)
    return env


# The commands running now (several at once when groups run together), so that an interrupt
# in the main thread can stop every one of them.
RUNNING: set[subprocess.Popen] = set()


def interrupt_running() -> None:
    """Send SIGINT to the process group of every command still running."""
    for process in list(RUNNING):
        with contextlib.suppress(ProcessLookupError):  # it ended meanwhile
            os.killpg(process.pid, signal.SIGINT)


def run(
    command: list[str],
    *,
    env: dict[str, str] | None = None,
    timeout: float | None = None,
    capture: bool = False,
) -> subprocess.CompletedProcess:
    """Run a command in its own process group so that a timeout kills its children too."""
    process = subprocess.Popen(
        command,
        cwd=ROOT,
        env=env,
        start_new_session=True,
        text=True,
        stdout=subprocess.PIPE if capture else None,
        stderr=subprocess.STDOUT if capture else None,
    )
    RUNNING.add(process)
    try:
        return _wait(process, command, timeout)
    finally:
        RUNNING.discard(process)


def _wait(
    process: subprocess.Popen, command: list[str], timeout: float | None
) -> subprocess.CompletedProcess:
    try:
        stdout, _ = process.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        print(f"\n!! {shlex.join(command)} ran over {timeout:.0f}s; stopping it.", flush=True)
        os.killpg(process.pid, signal.SIGTERM)
        try:
            stdout, _ = process.communicate(timeout=15)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            stdout, _ = process.communicate()
        return subprocess.CompletedProcess(command, -signal.SIGTERM, stdout)
    except KeyboardInterrupt:
        os.killpg(process.pid, signal.SIGINT)
        process.wait()
        raise
    return subprocess.CompletedProcess(command, process.returncode, stdout)


# Services ------------------------------------------------------------------------------------


def ensure_service(name: str) -> str | None:
    """None when the service is available, otherwise the reason it is not."""
    if name == "chromium":
        result = run(
            ["bash", str(ROOT / "scripts" / "ensure_chromium.sh")],
            env=clean_env(CHROMIUM_PATH=CHROMIUM_PATH),
            timeout=900,
        )
        if result.returncode != 0:
            return f"Chromium is not installed at {CHROMIUM_PATH}"
        try:
            import playwright  # noqa: F401
        except ImportError:
            return "the playwright package is not installed in this virtualenv"
        # axe-core (package-lock.json) for tests/browser/test_axe.py: required under CI;
        # otherwise that one test skips with the reason.
        axe = run(["bash", str(ROOT / "scripts" / "ensure_axe.sh")], env=clean_env(), timeout=300)
        if axe.returncode != 0 and IN_CI:
            return "axe-core could not be installed into node_modules (scripts/ensure_axe.sh)"
        return None
    # The bootstrap script checks (and starts) the server the test URLs point at.
    postgres, redis = urlsplit(POSTGRES_ADMIN_URL), urlsplit(REDIS_TEST_URL)
    address = clean_env(
        PGHOST=postgres.hostname or "127.0.0.1",
        PGPORT=str(postgres.port or 5432),
        REDIS_HOST=redis.hostname or "127.0.0.1",
        REDIS_PORT=str(redis.port or 6379),
    )
    script = str(ROOT / "scripts" / "ensure_services.sh")
    result = run(["bash", script, name], env=address, timeout=120)
    if result.returncode != 0:
        label = {"postgres": "PostgreSQL", "redis": "Redis"}[name]
        return f"{label} is not running and could not be started"
    return None


class ScratchDatabases:
    """Fresh, uniquely named PostgreSQL databases for this run, dropped at the end.

    pytest-django creates (and drops) its own `test_<name>` database next to each one.
    """

    def __init__(self) -> None:
        self.token = f"{os.getpid()}_{secrets.token_hex(3)}"
        self.created: list[str] = []

    def _admin(self):
        import psycopg

        return psycopg.connect(POSTGRES_ADMIN_URL, autocommit=True, connect_timeout=10)

    def url_for(self, group: str) -> str:
        name = f"crafts_mela_test_{self.token}_{group}"
        with self._admin() as connection:
            connection.execute(f'CREATE DATABASE "{name}"')
        self.created.append(name)
        base = POSTGRES_ADMIN_URL.rsplit("/", 1)[0]
        return f"{base}/{name}"

    def drop_all(self) -> None:
        if not self.created:
            return
        try:
            with self._admin() as connection:
                for name in self.created:
                    for database in (name, f"test_{name}"):
                        connection.execute(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)')
        except Exception as error:  # cleanup must not hide the test result
            print(f"!! Could not drop scratch databases {self.created}: {error}", flush=True)
