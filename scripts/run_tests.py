"""The test runner behind `make test`: static checks (ruff, format, mypy, import contracts,
manage.py check, migrations), then the suite in groups, then a summary.

Groups (pytest markers decide membership; scripts/suite_groups.py says when each starts):
  main      everything not marked postgres, redis or browser, on SQLite (default settings)
  postgres  tests marked `postgres`, against a fresh database on the local PostgreSQL server
  redis     tests marked `redis` (Celery/cache integration), with REDIS_URL set for this group only;
            they also run on PostgreSQL, because a Celery worker cannot see an in-memory SQLite
            database or a test's uncommitted transaction
            (a test that needs both marks itself `postgres` and `redis`: it runs here only)
  browser   tests marked `browser`, Playwright driving Debian's Chromium against live_server,
            on an SQLite file per process (tests/browser/conftest.py says why)
The main, postgres and redis groups start together; the browser group when they are done.

The SQLite groups (main, browser) fill their test databases from one migrated file,
made at the same time as the static checks (sqlite_template_build, tests/sqlite_template.py).

Services are started when installed but down (scripts/ensure_services.sh, ensure_chromium.sh).
With CI=true a service that cannot be provided fails the run; without CI its group is skipped
with a banner and the summary says so.

Extra pytest arguments: `scripts/run_tests.py -k quilt -x` or PYTEST_ARGS="-k quilt".
Other knobs: TEST_GROUPS=main,browser (run only these), TEST_SKIP_CHECKS=1 (no ruff/manage.py
checks), TEST_GROUP_TIMEOUT=1800 (seconds per group), POSTGRES_ADMIN_URL, REDIS_TEST_URL,
TEST_WORKERS=N (pytest-xdist processes for the main group; see workers_for below).
`--help` prints this and runs nothing.
The last line printed is always `total: N passed, N failed, N skipped`.
"""

from __future__ import annotations

import os
import shlex
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from suite_groups import GROUPS, Group, banner, junit_counts, loud_skip, summary
from suite_services import (  # scripts/ is the script's own folder, first on sys.path
    CHROMIUM_PATH,
    REDIS_TEST_URL,
    ScratchDatabases,
    clean_env,
    ensure_service,
    interrupt_running,
    run,
)

ROOT = Path(__file__).resolve().parent.parent
OUTPUT = ROOT / "test-output"
JUNIT_DIR = OUTPUT / "junit"
PYTHON = sys.executable
IN_CI = os.environ.get("CI", "").strip().lower() in {"1", "true", "yes"}
NO_TESTS_COLLECTED = 5


# Static checks -------------------------------------------------------------------------------


def static_checks() -> tuple[bool, float]:
    started = time.monotonic()
    # An in-memory database: the checks must not create or touch a developer's db.sqlite3.
    env = clean_env(DATABASE_URL="sqlite://:memory:")
    checks = [
        ("ruff check .", [PYTHON, "-m", "ruff", "check", "."]),
        ("ruff format --check .", [PYTHON, "-m", "ruff", "format", "--check", "."]),
        ("mypy", [PYTHON, "-m", "mypy"]),
        ("lint-imports", [str(Path(PYTHON).parent / "lint-imports")]),
        ("manage.py check", [PYTHON, "manage.py", "check"]),
        ("makemigrations --check", [PYTHON, "manage.py", "makemigrations", "--check", "--dry-run"]),
    ]
    for label, command in checks:
        banner(f"check: {label}", "-")
        if run(command, env=env, timeout=300).returncode != 0:
            print(f"\n!! Check failed: {label}. Fix it before the tests run.", flush=True)
            return False, time.monotonic() - started
    return True, time.monotonic() - started


# The SQLite groups' test databases ------------------------------------------------------------

SQLITE_TEMPLATE = OUTPUT / "sqlite-template.sqlite3"
SQLITE_TEMPLATE_VARIABLE = "TEST_SQLITE_TEMPLATE"  # read by tests/sqlite_template.py


def sqlite_template_build() -> Path | None:
    """Every migration applied once to a file, from which each SQLite pytest process fills
    its test database (tests/sqlite_template.py) instead of migrating it again
    (about 30 s of CPU each), and the site's page tree, as deploy/release.sh makes it: nearly
    every test asks for it (the `site_tree` fixture), and making it cost a third of a second a
    test. None when it could not be built: then each process migrates."""
    OUTPUT.mkdir(parents=True, exist_ok=True)
    SQLITE_TEMPLATE.unlink(missing_ok=True)
    env = clean_env(DATABASE_URL=f"sqlite:///{SQLITE_TEMPLATE}")
    for step in (["migrate", "--noinput", "-v0"], ["site_setup"]):
        result = run([PYTHON, "manage.py", *step], env=env, timeout=600, capture=True)
        if result.returncode != 0:
            print(
                f"!! could not build the SQLite template (manage.py {step[0]}; each test process "
                f"migrates its own):\n{result.stdout or ''}",
                flush=True,
            )
            SQLITE_TEMPLATE.unlink(missing_ok=True)
            return None
    return SQLITE_TEMPLATE


# Running and counting ------------------------------------------------------------------------


def count_selected(group: Group, pytest_args: list[str]) -> int:
    """How many tests a skipped group would have run, so that the total reports them."""
    result = run(
        [
            PYTHON,
            "-m",
            "pytest",
            "--collect-only",
            "-q",
            "-p",
            "no:cacheprovider",
            "-m",
            group.marker,
            *pytest_args,
        ],
        env=clean_env(),
        timeout=300,
        capture=True,
    )
    return sum(1 for line in (result.stdout or "").splitlines() if "::" in line)


def workers_for(group: Group, pytest_args: list[str]) -> int:
    """How many pytest-xdist processes a group runs in (1: plain pytest, no xdist).

    Each process builds its own test database (from the SQLite template, or by running every
    migration on PostgreSQL: ~20 s of CPU), so only a whole group is split, over at most two
    processes (CI has two cores); a run narrowed with extra arguments (-k, a path) stays in one
    process.
    TEST_WORKERS=N overrides this for the groups that allow it.
    """
    if not group.parallel or any(arg == "-n" or arg.startswith("-n") for arg in pytest_args):
        return 1
    try:
        import xdist  # noqa: F401
    except ImportError:
        return 1
    wanted = os.environ.get("TEST_WORKERS", "").strip()
    if wanted:
        return max(1, int(wanted))
    if pytest_args:
        return 1
    return max(1, min(2, os.cpu_count() or 1))


def run_group(group: Group, pytest_args: list[str], timeout: float, *, quiet: bool = False) -> str:
    """Run one group's pytest; with `quiet`, its output is returned instead of printed (the
    caller prints it when the group is done, so that groups run together do not interleave)."""
    junit = JUNIT_DIR / f"{group.name}.xml"
    junit.unlink(missing_ok=True)
    command = [
        PYTHON,
        "-m",
        "pytest",
        "-m",
        group.marker,
        f"--junitxml={junit}",
        "-o",
        f"junit_suite_name={group.name}",
        # The slowest tests, so that a suite growing past its time budget shows where.
        "--durations=10",
        # Its own pytest cache: groups that run together would overwrite each other's
        # record of what failed (`--lf`).
        "-o",
        f"cache_dir=.pytest_cache/{group.name}",
        *pytest_args,
    ]
    workers = workers_for(group, pytest_args)
    if workers > 1:
        # worksteal: an idle worker takes queued tests from a busy one (uneven test lengths).
        command += ["-n", str(workers), "--dist", "worksteal"]
    if "postgres" in group.needs:
        command.append("--create-db")
    described = " ".join(f"{key}={value}" for key, value in group.env.items()) or "defaults"
    if workers > 1:
        described += f", {workers} xdist workers"
    title = f"group {group.name}: -m '{group.marker}'  [{described}]"
    if not quiet:
        banner(title)
    started = time.monotonic()
    result = run(command, env=clean_env(**group.env), timeout=timeout, capture=quiet)
    group.seconds = time.monotonic() - started
    counts = junit_counts(junit)
    if counts:
        group.passed, group.failed, group.skipped = counts
    if result.returncode == 0:
        group.status = "ok"
    elif result.returncode == NO_TESTS_COLLECTED:
        group.status = "no tests"
    else:
        group.status = "FAILED"
        group.reason = (
            f"timed out after {timeout:.0f}s"
            if result.returncode < 0
            else f"pytest exit code {result.returncode}"
        )
        if group.failed == 0:
            group.failed = 1  # a crash, usage error or timeout with no failing test recorded
    if not quiet:
        return ""
    line = "=" * 78
    return f"\n{line}\n== {title} (ran beside other groups)\n{line}\n{result.stdout or ''}"


def run_together(groups: list[Group], pytest_args: list[str], timeout: float) -> None:
    """Run `groups`, one pytest process each, each as soon as the groups it starts after are
    done: the first prints as it goes (a hang shows where), the others' output follows in
    order when all are done."""
    if len(groups) == 1:
        run_group(groups[0], pytest_args, timeout)
        return
    banner(
        f"groups {', '.join(group.name for group in groups)}: each starts when the groups it "
        "waits for are done (scripts/suite_groups.py)"
    )
    done = {group.name: threading.Event() for group in groups}
    interrupted = threading.Event()

    def run_when_ready(group: Group) -> str:
        try:
            for name in group.starts_after:
                if name in done:  # a group not in this run is not waited for
                    done[name].wait()
            if interrupted.is_set():  # Ctrl-C stopped the groups it waited for
                return ""
            return run_group(group, pytest_args, timeout, quiet=group is not groups[0])
        finally:
            done[group.name].set()

    with ThreadPoolExecutor(max_workers=len(groups)) as pool:
        try:
            outputs = list(pool.map(run_when_ready, groups))
        except KeyboardInterrupt:
            # The groups run in their own sessions: Ctrl-C reaches only this thread.
            interrupted.set()
            interrupt_running()
            raise
    for output in outputs:
        print(output, flush=True)


def group_prepare(
    group: Group,
    pytest_args: list[str],
    databases: ScratchDatabases,
    service_state: dict[str, str | None],
) -> bool:
    """Start the services `group` needs and set its environment; False when it cannot run
    (failed under CI, skipped otherwise, with the reason recorded and printed)."""
    missing = []
    for need in group.needs:
        if need not in service_state:
            service_state[need] = ensure_service(need)
        if service_state[need]:
            missing.append(service_state[need])
    if missing:
        group.reason = "; ".join(missing)
        if IN_CI:
            group.status, group.failed = "FAILED", 1
            banner(f"group {group.name} FAILED: {group.reason} (CI=true)", "!")
        else:
            group.status = "SKIPPED"
            loud_skip(group)
            group.skipped = count_selected(group, pytest_args)
        return False
    if "postgres" in group.needs:
        try:
            group.env["DATABASE_URL"] = databases.url_for(group.name)
        except Exception as error:  # reported as the group's result
            group.status, group.failed = "FAILED", 1
            group.reason = f"could not create a scratch database: {error}"
            banner(f"group {group.name} FAILED: {group.reason}", "!")
            return False
    if "redis" in group.needs:
        group.env["REDIS_URL"] = REDIS_TEST_URL
    if "chromium" in group.needs:
        group.env["CHROMIUM_PATH"] = CHROMIUM_PATH
    return True


def main(argv: list[str]) -> int:
    if argv in (["--help"], ["-h"]):
        print(__doc__)
        return 0
    os.chdir(ROOT)
    JUNIT_DIR.mkdir(parents=True, exist_ok=True)
    pytest_args = shlex.split(os.environ.get("PYTEST_ARGS", "")) + argv
    # A guard against a hung group, not a speed target: on the slow 2-core machines of
    # 2026-12-01/02 a clean run's main group took 750-1,060 s, and ran over 1,200 s with
    # browser tests beside it.
    timeout = float(os.environ.get("TEST_GROUP_TIMEOUT", "1800"))
    wanted = {name.strip() for name in os.environ.get("TEST_GROUPS", "").split(",") if name.strip()}
    unknown = wanted - {group.name for group in GROUPS}
    if unknown:
        print(f"Unknown TEST_GROUPS {sorted(unknown)}; known: {[g.name for g in GROUPS]}")
        return 2
    groups = [group for group in GROUPS if not wanted or group.name in wanted]
    print(
        f"Test run: CI={'true' if IN_CI else 'false'}, groups {[g.name for g in groups]}, "
        f"extra pytest args {pytest_args or 'none'}",
        flush=True,
    )

    # Migrated beside the static checks (each waits on the other's core only), when a group
    # that runs on SQLite is selected.
    sqlite_groups = [group for group in groups if "postgres" not in group.needs]
    template = ThreadPoolExecutor(max_workers=1)
    template_built = template.submit(sqlite_template_build) if sqlite_groups else None
    checks_ok, checks_seconds = None, 0.0
    try:
        if os.environ.get("TEST_SKIP_CHECKS", "") not in {"1", "true", "yes"}:
            checks_ok, checks_seconds = static_checks()
            if not checks_ok:
                interrupt_running()  # the template's migrate: not needed now
                return summary(groups, checks_seconds, checks_ok)
        sqlite_template = template_built.result() if template_built else None
    except KeyboardInterrupt:
        interrupt_running()  # (the migrate runs in its own session: Ctrl-C does not reach it)
        raise
    finally:
        template.shutdown(wait=True)
    for group in sqlite_groups:
        if sqlite_template:
            group.env[SQLITE_TEMPLATE_VARIABLE] = str(sqlite_template)

    databases = ScratchDatabases()
    service_state: dict[str, str | None] = {}
    try:
        ready = [
            group for group in groups if group_prepare(group, pytest_args, databases, service_state)
        ]
        if ready:
            run_together(ready, pytest_args, timeout)
    finally:
        databases.drop_all()
    return summary(groups, checks_seconds, checks_ok)


if __name__ == "__main__":
    try:
        sys.exit(main(sys.argv[1:]))
    except KeyboardInterrupt:
        print("\ninterrupted", flush=True)
        sys.exit(130)
