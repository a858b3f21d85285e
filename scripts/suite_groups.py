"""The test groups of `make test` (scripts/run_tests.py), when each starts, and the report.

Every group starts at once unless it names groups to start after:
  main      SQLite, the local-memory cache, two pytest-xdist processes: keeps both cores busy
  postgres  one process, mostly waiting on the database server
  redis     one process, mostly waiting on Celery workers and a second web process
  browser   Chromium against live_server, two processes: starts when the others are done
(Started beside the rest of the main group, the browser group did not finish the run any
sooner: 15 min 20 s against 15 min 17 s on the same machine, the two cores already full.)
No two groups share a database, a Redis database or a port. Their timing-sensitive tests are
built to pass with both cores loaded (`make flake-check`).
"""

from __future__ import annotations

import xml.etree.ElementTree as ElementTree
from dataclasses import dataclass, field
from pathlib import Path


@dataclass
class Group:
    name: str
    marker: str
    needs: tuple[str, ...] = ()
    status: str = "not run"  # ok | no tests | FAILED | SKIPPED | not run
    reason: str = ""
    passed: int = 0
    failed: int = 0
    skipped: int = 0
    seconds: float = 0.0
    env: dict[str, str] = field(default_factory=dict)
    parallel: bool = False  # may run in several pytest-xdist processes (tests independent)
    starts_after: tuple[str, ...] = ()  # groups of the same run to wait for (ok or not)


GROUPS = [
    Group("main", "not postgres and not redis and not browser", parallel=True),
    Group("postgres", "postgres and not redis and not browser", needs=("postgres",)),
    Group("redis", "redis and not browser", needs=("redis", "postgres")),
    Group(
        "browser",
        "browser",
        needs=("chromium",),
        parallel=True,
        starts_after=("main", "postgres", "redis"),
    ),
]


def banner(text: str, char: str = "=") -> None:
    line = char * 78
    print(f"\n{line}\n{char * 2} {text}\n{line}", flush=True)


def loud_skip(group: Group) -> None:
    line = "!" * 78
    print(
        f"\n{line}\n!! SKIPPING TEST GROUP '{group.name}' (marker: {group.marker})\n"
        f"!! because: {group.reason}\n!! Set CI=true to make this a failure instead.\n{line}\n",
        flush=True,
    )


def junit_counts(path: Path) -> tuple[int, int, int] | None:
    """(passed, failed, skipped) from a pytest junit file; errors count as failed."""
    if not path.exists():
        return None
    try:
        root = ElementTree.parse(path).getroot()  # noqa: S314 - pytest's own report
    except ElementTree.ParseError:
        return None
    suites = [root] if root.tag == "testsuite" else root.findall("testsuite")
    tests = failures = errors = skipped = 0
    for suite in suites:
        tests += int(suite.get("tests", 0))
        failures += int(suite.get("failures", 0))
        errors += int(suite.get("errors", 0))
        skipped += int(suite.get("skipped", 0))
    return tests - failures - errors - skipped, failures + errors, skipped


def summary(groups: list[Group], checks_seconds: float, checks_ok: bool | None) -> int:
    """Per-group table, then the `total:` line; returns the exit code. checks_ok None: not run."""
    banner("summary")
    checks_label = {True: "ok", False: "FAILED", None: "skipped"}[checks_ok]
    print(f"{'group':<10} {'result':<10} {'passed':>7} {'failed':>7} {'skipped':>8} {'time':>9}")
    print(f"{'checks':<10} {checks_label:<10} {'':>7} {'':>7} {'':>8} {checks_seconds:>8.1f}s")
    for group in groups:
        print(
            f"{group.name:<10} {group.status:<10} {group.passed:>7} {group.failed:>7} "
            f"{group.skipped:>8} {group.seconds:>8.1f}s"
            + (f"  ({group.reason})" if group.reason else "")
        )
    skipped_groups = [group for group in groups if group.status == "SKIPPED"]
    for group in skipped_groups:
        print(f"!! group '{group.name}' was SKIPPED: {group.reason}")
    passed = sum(group.passed for group in groups)
    failed = sum(group.failed for group in groups)
    skipped = sum(group.skipped for group in groups)
    failing = checks_ok is False or any(group.status == "FAILED" for group in groups)
    print(
        f"overall: {'FAILED' if failing else 'ok'}"
        + (f" ({len(skipped_groups)} group(s) skipped)" if skipped_groups else "")
    )
    print(f"total: {passed} passed, {failed} failed, {skipped} skipped", flush=True)
    return 1 if failing else 0
