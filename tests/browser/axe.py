"""axe-core in a Playwright page: the serious and critical accessibility violations.

axe-core is pinned in package.json / package-lock.json and installed into node_modules/ by
scripts/ensure_axe.sh (scripts/run_tests.py runs it for the browser group). The script is
injected from that file, never from a CDN; the page's Content-Security-Policy forbids injected
scripts, so the context that runs axe is opened with `bypass_csp=True`.

Used by tests/browser/test_axe.py and bench/page_budget.py.
"""

from pathlib import Path

AXE_PATH = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"
BLOCKING_IMPACTS = ("serious", "critical")
MISSING_MESSAGE = (
    f"axe-core is not installed at {AXE_PATH}: run scripts/ensure_axe.sh "
    "(npm ci, from package-lock.json)"
)


def axe_available() -> bool:
    return AXE_PATH.is_file()


def axe_violations(page) -> list[dict]:
    """Serious and critical violations on the page as it is now: rule id, impact, help and
    up to three of the elements, as CSS selectors."""
    if not page.evaluate("() => typeof window.axe === 'object'"):
        page.add_script_tag(path=str(AXE_PATH))
    results = page.evaluate("() => axe.run(document, { resultTypes: ['violations'] })")
    return [
        {
            "id": violation["id"],
            "impact": violation["impact"],
            "help": violation["help"],
            "nodes": [" ".join(map(str, node["target"])) for node in violation["nodes"][:3]],
        }
        for violation in results["violations"]
        if violation["impact"] in BLOCKING_IMPACTS
    ]


def describe(violations: list[dict]) -> str:
    return "; ".join(
        f"{v['impact']} {v['id']} ({v['help']}): {', '.join(v['nodes'])}" for v in violations
    )
