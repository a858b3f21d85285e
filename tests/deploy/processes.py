"""The site's processes started as deploy/ documents them, and a small HTTP client for them.

Each Procfile line runs as honcho/foreman run it (`sh -c`), with the virtualenv's bin first on
PATH, in its own process group under coreutils' `timeout` (an orphan of a killed test run still
ends). Waits end when nothing has moved for a while, not after a fixed time: a loaded machine
is slow, but a stuck process stops making progress.
"""

import contextlib
import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Hashable
from dataclasses import dataclass, field
from html.parser import HTMLParser
from http.client import HTTPConnection
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import urlencode

from tests.celery_worker import LIFETIME_SECONDS, STOP_TIMEOUT_SECONDS, TIMEOUT

ROOT = Path(__file__).resolve().parents[2]
DEPLOY = ROOT / "deploy"
# No sign of progress for this long: the process is stuck.
IDLE_TIMEOUT_SECONDS = 120
# However much progress there is, a wait never exceeds this.
CEILING_SECONDS = 10 * 60


def procfile_command(process: str) -> str:
    for line in (DEPLOY / "Procfile").read_text().splitlines():
        if line.startswith(f"{process}: "):
            return line.split(": ", 1)[1]
    raise AssertionError(f"deploy/Procfile has no {process!r} process")


def with_virtualenv_on_path(env: dict[str, str]) -> dict[str, str]:
    """`gunicorn`, `celery` and `python` resolve to this virtualenv's, as in an activated one."""
    return {**env, "PATH": f"{Path(sys.executable).parent}{os.pathsep}{env.get('PATH', '')}"}


@dataclass
class SiteProcess:
    name: str
    process: subprocess.Popen
    log: Path

    def output(self) -> str:
        return self.log.read_text(errors="replace")

    def stop(self) -> None:
        """SIGTERM to the whole group (gunicorn and Celery shut down warmly), then SIGKILL."""
        if self.process.poll() is not None:
            return
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.process.pid, signal.SIGTERM)
        try:
            self.process.wait(timeout=STOP_TIMEOUT_SECONDS)
        except subprocess.TimeoutExpired:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait()


def procfile_start(process: str, *, env: dict[str, str], log: Path, name: str = "") -> SiteProcess:
    command = procfile_command(process)
    with log.open("w") as output:
        popen = subprocess.Popen(
            [TIMEOUT, "--kill-after=20", str(LIFETIME_SECONDS), "sh", "-c", f"exec {command}"],
            cwd=ROOT,
            env=with_virtualenv_on_path(env),
            stdout=output,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    return SiteProcess(name=name or process, process=popen, log=log)


def wait_until(
    condition: Callable[[], bool],
    *,
    progress: Callable[[], Hashable],
    what: str,
    watched: tuple[SiteProcess, ...] = (),
) -> None:
    """Poll `condition` until true. Fails when `progress()` has not changed for
    IDLE_TIMEOUT_SECONDS, after CEILING_SECONDS in all, or when a watched process exits."""
    started = last_change = time.monotonic()
    last = progress()
    while not condition():
        now = time.monotonic()
        current = progress()
        if current != last:
            last, last_change = current, now
        dead = [process for process in watched if process.process.poll() is not None]
        stuck = now - last_change > IDLE_TIMEOUT_SECONDS or now - started > CEILING_SECONDS
        if dead or stuck:
            logs = "\n".join(f"--- {p.name} ---\n{p.output()[-4000:]}" for p in watched)
            idle = now - last_change
            reason = f"{dead[0].name} exited" if dead else f"no progress for {idle:.0f}s"
            raise AssertionError(f"{what}: {reason}\n{logs}")
        time.sleep(0.2)


class FormInputs(HTMLParser):
    """name -> value of a page's <input>s."""

    def __init__(self, html: str) -> None:
        super().__init__()
        self.values: dict[str, str] = {}
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "input" and attributes.get("name"):
            self.values[attributes["name"]] = attributes.get("value") or ""


@dataclass
class Response:
    status: int
    headers: dict[str, str]
    text: str


@dataclass
class Browser:
    """One buyer's browser reaching the site through an HTTPS proxy or load balancer that sends
    each request to whichever web process it likes (`port`). The proxy's part: the public Host
    and X-Forwarded-Proto; the browser's: cookies (Secure ones too: the buyer is on https)."""

    host: str
    cookies: dict[str, str] = field(default_factory=dict)

    @property
    def origin(self) -> str:
        return f"https://{self.host}"

    def request(self, port: int, method: str, path: str, form: dict | None = None) -> Response:
        headers = {"Host": self.host, "X-Forwarded-Proto": "https", "X-Forwarded-For": "10.0.0.7"}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{key}={value}" for key, value in self.cookies.items())
        body = None
        if form is not None:
            body = urlencode(form)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
            headers["Origin"] = self.origin
            headers["Referer"] = f"{self.origin}{path}"
        connection = HTTPConnection("127.0.0.1", port, timeout=120)
        try:
            connection.request(method, path, body=body, headers=headers)
            response = connection.getresponse()
            text = response.read().decode("utf-8", errors="replace")
            for raw in response.headers.get_all("Set-Cookie") or []:
                for key, morsel in SimpleCookie(raw).items():
                    self.cookies[key] = morsel.value
            return Response(response.status, dict(response.headers.items()), text)
        finally:
            connection.close()

    def get(self, port: int, path: str) -> Response:
        return self.request(port, "GET", path)

    def post(self, port: int, path: str, form: dict) -> Response:
        return self.request(port, "POST", path, form)


def answers(port: int, host: str) -> bool:
    """True once the web process on `port` serves a page."""
    try:
        return Browser(host).get(port, "/robots.txt").status == 200
    except OSError:
        return False
