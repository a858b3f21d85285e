"""Playwright fixtures for the browser tests: Debian's Chromium, a page, and screenshots.

Playwright's sync API runs an asyncio loop in the test's thread, which makes Django's
async-unsafe guard refuse ORM calls there; the tests create their data before the browser
starts, and the guard is relaxed only while this folder's tests run: set at import time, the
variable would leak into every other test and their subprocesses (Django's deploy check fails
on it).
"""

import contextlib
import os
import re
from pathlib import Path

import pytest

CHROMIUM_PATH = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
SCREENSHOT_DIR = Path(__file__).resolve().parents[2] / "test-output" / "screenshots"
DEFAULT_TIMEOUT_MS = 15_000
LOAD_LAZY_IMAGES = """async () => {
    for (let y = 0; y < document.documentElement.scrollHeight; y += window.innerHeight) {
        window.scrollTo(0, y);
        await new Promise(resolve => setTimeout(resolve, 50));
    }
    window.scrollTo(0, 0);
}"""


@pytest.fixture(scope="module", autouse=True)
def _orm_allowed_beside_playwright_loop():
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    yield
    if previous is None:
        os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    else:
        os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


@pytest.fixture(scope="session")
def django_db_modify_db_settings(django_db_modify_db_settings_parallel_suffix, tmp_path_factory):
    """A database file per process instead of SQLite's shared-cache in-memory test database.

    The live server's request threads each opened their own connection to that in-memory
    database (pytest-django starts the server before the test database exists, so it shares
    none). Shared-cache SQLite locks whole tables and answers a conflicting write at once,
    without the busy wait: requests that arrive together (Wagtail's autosave beside Save, two
    buyers' orders) failed "database table is locked". A file has real database locks, which
    wait, as under `make run` (tests/browser/test_live_server_concurrency.py).
    tmp_path_factory's folder is already per pytest-xdist worker; other databases keep the
    worker suffix pytest-django's own fixture gives them (the parameter).
    """
    from django.conf import settings

    database = settings.DATABASES["default"]
    if database["ENGINE"] == "django.db.backends.sqlite3":
        folder = tmp_path_factory.mktemp("database")
        database.setdefault("TEST", {})["NAME"] = str(folder / "browser-tests.sqlite3")


# Module scope, not session: Playwright's loop must stop before tests in other folders run,
# or their ORM calls would be refused.
@pytest.fixture(scope="module")
def playwright_instance(_orm_allowed_beside_playwright_loop):
    sync_api = pytest.importorskip("playwright.sync_api")
    if not Path(CHROMIUM_PATH).exists():
        # scripts/run_tests.py installs it under CI=true and skips the whole group loudly
        # otherwise; a direct pytest run without it must not pass silently in CI.
        message = f"Chromium is not installed at {CHROMIUM_PATH}"
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)
    with sync_api.sync_playwright() as playwright:
        yield playwright


@pytest.fixture(scope="module", autouse=True)
def _beside_playwright_loop(playwright_instance):
    """Every test here runs beside Playwright's loop, those that drive no browser too.

    Django keeps a connection per thread, but per asyncio context while a loop is running,
    and Playwright's sync API leaves its loop marked running in the test's thread. A test
    without it, after a module with it, read another store: a connection without the data
    the set-up serialized, so its serialized rollback restored nothing (an empty site tree)
    and the next module's restore met leftover rows.
    """


@pytest.fixture(scope="module")
def browser(playwright_instance):
    browser = playwright_instance.chromium.launch(
        executable_path=CHROMIUM_PATH, args=CHROMIUM_ARGS, headless=True
    )
    yield browser
    browser.close()


IMAGES_WAIT_MS = 5_000


class Screenshots:
    """Saves full-page screenshots as test-output/screenshots/<test>/<NN>-<name>.png."""

    def __init__(self, page, test_name: str):
        self.page = page
        self.folder = SCREENSHOT_DIR / re.sub(r"[^\w.-]+", "_", test_name)
        self.folder.mkdir(parents=True, exist_ok=True)
        for old in self.folder.glob("*.png"):
            old.unlink()
        self.taken: list[Path] = []

    def __call__(self, name: str) -> Path:
        # Scroll once through the page so that lazy images appear in the full-page picture.
        # Imported here: playwright is optional outside CI (playwright_instance skips without it).
        from playwright.sync_api import TimeoutError as PlaywrightTimeoutError

        self.page.evaluate(LOAD_LAZY_IMAGES)
        # A picture for people to look at, not an assertion: an image still loading (an admin
        # thumbnail on a loaded machine) must not fail the walk it illustrates.
        with contextlib.suppress(PlaywrightTimeoutError):
            self.page.wait_for_function(
                "() => [...document.images].every(image => image.complete)",
                timeout=IMAGES_WAIT_MS,
            )
        path = self.folder / f"{len(self.taken) + 1:02d}-{name}.png"
        self.page.screenshot(path=str(path), full_page=True)
        self.taken.append(path)
        return path


@pytest.fixture
def browser_context(browser):
    # A phone-first site: a mid-sized laptop viewport; tests may open their own contexts too.
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="en-GB")
    context.set_default_timeout(DEFAULT_TIMEOUT_MS)
    yield context
    context.close()


def _watched_page(context, test_name: str):
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.screenshots = Screenshots(page, test_name)
    page.javascript_errors = errors
    return page


@pytest.fixture
def page(browser_context, request):
    page = _watched_page(browser_context, request.node.name)
    yield page
    page.close()


@pytest.fixture
def phone_page(browser, request):
    """A small Android phone (360x740 CSS pixels), the screen most buyers use."""
    context = browser.new_context(
        viewport={"width": 360, "height": 740},
        device_scale_factor=2,
        is_mobile=True,
        has_touch=True,
        locale="en-GB",
    )
    context.set_default_timeout(DEFAULT_TIMEOUT_MS)
    page = _watched_page(context, request.node.name)
    yield page
    context.close()


@pytest.fixture
def screenshot(page):
    """`screenshot("shop")` saves the current page; returns the file's path."""
    return page.screenshots
