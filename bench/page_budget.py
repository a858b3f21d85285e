"""Page budgets on a slow phone connection: `make bench` (section "pages"), or on its own:
`python -m bench.page_budget` (`--only pages` in bench/run.py runs just this).

Serves the demo site (its own SQLite database under bench/results/, `load_demo` once) with
gunicorn and the production settings, then opens `/shop/` and a product page in English and
Urdu in Chromium on a 360 x 740 phone with a cold cache, throttled through the DevTools
protocol (Network.emulateNetworkConditions: 400 kbit/s both ways, 400 ms round trip), and
measures:

- LCP: the largest contentful paint (PerformanceObserver), budget <= 2.5 s;
- HTML + CSS + JS bytes transferred (compressed, headers included), budget <= 60 KB;
- everything transferred for the first view (images and icons too), budget <= 500 KB;
- axe-core (node_modules, scripts/ensure_axe.sh) serious and critical violations, budget 0.

Prints a table with PASS/FAIL and saves the figures to bench/results/pages-<timestamp>.json.
Like the rest of the bench it reports: a FAIL does not change the exit status.
"""

import argparse
import datetime
import json
import os
import subprocess
import sys
import time

from bench.run_common import HOST, RESULTS, ROOT, log
from bench.run_database import base_environment
from bench.run_server import gunicorn
from tests.browser.axe import MISSING_MESSAGE, axe_available, axe_violations

CHROMIUM_PATH = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
DATABASE = RESULTS / "page-budget.sqlite3"
MEDIA = RESULTS / "page-budget-media"
MARKER = RESULTS / "page-budget-loaded.json"
KBIT = 1000 / 8  # bytes per second in one kbit/s
THROTTLING = {
    "offline": False,
    "latency": 400,
    "downloadThroughput": 400 * KBIT,
    "uploadThroughput": 400 * KBIT,
}
BUDGETS = {"lcp_ms": 2500, "code_bytes": 60 * 1024, "total_bytes": 500 * 1024, "axe": 0}
CODE_TYPES = {"Document", "Stylesheet", "Script"}
VIEWPORT = {"width": 360, "height": 740}
# Installed before any of the page's scripts: records the LCP candidates as they come.
LCP_OBSERVER = """
window.__lcp = 0;
new PerformanceObserver(list => {
    for (const entry of list.getEntries()) window.__lcp = entry.renderTime || entry.loadTime;
}).observe({ type: 'largest-contentful-paint', buffered: true });
"""


def parse_args(argv=None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=1, help="cold loads per page (median kept)")
    parser.add_argument("--rebuild", action="store_true", help="reload the demo data")
    return parser.parse_args(argv)


def prepare() -> dict:
    """The environment of a demo site served like production, with /media/ served too."""
    RESULTS.mkdir(parents=True, exist_ok=True)
    env = base_environment(f"sqlite:///{DATABASE}")
    env.update(MEDIA_ROOT=str(MEDIA), PAGE_CACHE_SECONDS="300")
    if MARKER.exists() and DATABASE.exists():
        return env
    DATABASE.unlink(missing_ok=True)
    MEDIA.mkdir(parents=True, exist_ok=True)
    for command in (["migrate", "--noinput", "-v0"], ["collectstatic", "--noinput", "-v0"]):
        subprocess.run([sys.executable, "manage.py", *command], cwd=ROOT, env=env, check=True)
    log("manage.py load_demo (page budget database)")
    subprocess.run([sys.executable, "manage.py", "load_demo"], cwd=ROOT, env=env, check=True)
    MARKER.write_text(json.dumps({"loaded_at": datetime.datetime.now().isoformat()}))
    return env


def product_path(env: dict) -> str:
    """A product with a photo, in stock: the first card of the shop."""
    code = (
        "import django; django.setup();"
        "from catalog.models import ProductPage;"
        "p = ProductPage.objects.live().filter(gallery_images__isnull=False)"
        ".filter(variants__stock__gt=0).order_by('path').first();"
        "print(p.url)"
    )
    output = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=env, check=True, capture_output=True, text=True
    )
    return output.stdout.strip().splitlines()[-1]


def measure(browser, url: str) -> dict:
    """One cold, throttled load: LCP and the bytes transferred by resource type."""
    context = browser.new_context(
        viewport=VIEWPORT, is_mobile=True, has_touch=True, device_scale_factor=2
    )
    page = context.new_page()
    page.add_init_script(LCP_OBSERVER)
    cdp = context.new_cdp_session(page)
    cdp.send("Network.enable")
    cdp.send("Network.setCacheDisabled", {"cacheDisabled": True})
    cdp.send("Network.emulateNetworkConditions", THROTTLING)
    types: dict[str, str] = {}
    sizes: dict[str, int] = {}
    cdp.on("Network.responseReceived", lambda e: types.__setitem__(e["requestId"], e["type"]))
    cdp.on(
        "Network.loadingFinished",
        lambda e: sizes.__setitem__(e["requestId"], int(e["encodedDataLength"])),
    )
    started = time.monotonic()
    page.goto(url, wait_until="load", timeout=120_000)
    page.wait_for_load_state("networkidle", timeout=120_000)
    # LCP is final once the page has loaded and nothing more arrives.
    lcp = page.evaluate("() => window.__lcp")
    seconds = time.monotonic() - started
    context.close()
    code = sum(size for rid, size in sizes.items() if types.get(rid) in CODE_TYPES)
    by_type: dict[str, int] = {}
    for rid, size in sizes.items():
        by_type[types.get(rid, "Other")] = by_type.get(types.get(rid, "Other"), 0) + size
    return {
        "lcp_ms": round(lcp),
        "code_bytes": code,
        "total_bytes": sum(sizes.values()),
        "requests": len(sizes),
        "by_type": by_type,
        "load_seconds": round(seconds, 1),
    }


def accessibility(browser, url: str) -> list[dict] | None:
    if not axe_available():
        return None
    context = browser.new_context(viewport=VIEWPORT, is_mobile=True, bypass_csp=True)
    page = context.new_page()
    page.goto(url)
    violations = axe_violations(page)
    context.close()
    return violations


def verdict(row: dict) -> str:
    checks = [row[key] <= BUDGETS[key] for key in ("lcp_ms", "code_bytes", "total_bytes")]
    if row["axe"] is not None:
        checks.append(len(row["axe"]) <= BUDGETS["axe"])
    return "PASS" if all(checks) else "FAIL"


def run_section(args) -> dict:
    from playwright.sync_api import sync_playwright

    if not os.access(CHROMIUM_PATH, os.X_OK):
        raise RuntimeError(
            f"{CHROMIUM_PATH} is missing: install Debian's chromium "
            "(see scripts/ensure_chromium.sh)"
        )
    env = prepare()
    product = product_path(env)
    server = argparse.Namespace(workers=2, worker_class="gthread", threads=4)
    rows = []
    log_path = RESULTS / "page-budget-gunicorn.log"
    with (
        gunicorn(env, server, log_path, app="bench.page_budget_wsgi:application") as port,
        sync_playwright() as playwright,
    ):
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM_PATH, args=["--no-sandbox", "--disable-gpu"]
        )
        for language in ("", "/ur"):
            for name, path in (("shop", "/shop/"), ("product", product)):
                url = f"http://{HOST}:{port}{language}{path}"
                warm = browser.new_context()
                warm.new_page().goto(url)  # the page cache filled, images rendered: a warm server
                warm.close()
                runs = [measure(browser, url) for _ in range(args.runs)]
                row = sorted(runs, key=lambda run: run["lcp_ms"])[len(runs) // 2]
                row.update(page=f"{language or '/en'} {name}", path=language + path)
                row["axe"] = accessibility(browser, url)
                row["verdict"] = verdict(row)
                rows.append(row)
                log(f"{row['page']}: LCP {row['lcp_ms']} ms, {row['total_bytes']} bytes")
        browser.close()
    return {"rows": rows, "throttling": THROTTLING, "budgets": BUDGETS}


def print_table(report: dict) -> None:
    kb = lambda size: f"{size / 1024:.1f} KB"  # noqa: E731
    print()
    print(
        "Page budgets: 360 px phone, cold cache, 400 kbit/s, 400 ms RTT "
        f"(LCP <= {BUDGETS['lcp_ms'] / 1000:g} s, HTML+CSS+JS <= {kb(BUDGETS['code_bytes'])}, "
        f"all <= {kb(BUDGETS['total_bytes'])}, axe serious/critical = 0)"
    )
    print(
        f"  {'page':<14}{'LCP':>9}{'HTML+CSS+JS':>13}{'all':>11}{'requests':>10}{'axe':>6}  verdict"
    )
    for row in report["rows"]:
        axe = "n/a" if row["axe"] is None else str(len(row["axe"]))
        print(
            f"  {row['page']:<14}{row['lcp_ms'] / 1000:>8.2f}s{kb(row['code_bytes']):>13}"
            f"{kb(row['total_bytes']):>11}{row['requests']:>10}{axe:>6}  {row['verdict']}"
        )
        for violation in row["axe"] or []:
            print(f"      axe {violation['impact']}: {violation['id']} {violation['nodes']}")
    if any(row["axe"] is None for row in report["rows"]):
        print(f"  axe not run: {MISSING_MESSAGE}")


def main(argv=None) -> int:
    args = parse_args(argv)
    report = run_section(args)
    print_table(report)
    stamp = datetime.datetime.now().strftime("%Y%m%d-%H%M%S")
    output = RESULTS / f"pages-{stamp}.json"
    output.write_text(json.dumps(report, indent=2))
    print(f"Saved {output.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
