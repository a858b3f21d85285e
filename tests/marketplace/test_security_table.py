"""The README's security table names real tests, and `make audit` cannot pass on nothing."""

import re
import shutil
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
TEST_REFERENCE = re.compile(r"`(tests/[\w/]+\.py)::(test_\w+)`")


def security_section() -> str:
    readme = (ROOT / "README.md").read_text()
    start = readme.index("## Security\n")
    end = readme.index("\n## ", start + 1)
    return readme[start:end]


def test_every_test_named_in_the_security_table_exists():
    named = TEST_REFERENCE.findall(security_section())
    assert len(named) >= 30  # the table names tests, not just files
    missing = [
        f"{path}::{name}"
        for path, name in named
        if not (ROOT / path).is_file()
        or not re.search(rf"^\s*def {name}\(", (ROOT / path).read_text(), re.MULTILINE)
    ]
    assert missing == []


def test_every_row_of_the_security_table_names_a_test():
    rows = [line for line in security_section().splitlines() if line.startswith("| ")][1:]
    assert len(rows) >= 15
    assert [row[:60] for row in rows if not TEST_REFERENCE.search(row)] == []


def test_make_audit_fails_when_nothing_could_be_audited():
    """pip-audit is installed, and `make audit` runs it with --strict: a package it could not
    look up (no vulnerability data reachable) fails the target instead of passing silently."""
    makefile = (ROOT / "Makefile").read_text()
    recipe = makefile[makefile.index("\naudit:") :].split("\n\n")[0]
    assert "pip-audit --strict" in recipe
    assert "exit 1" in recipe
    assert shutil.which("pip-audit", path=str(Path(sys.executable).parent))
