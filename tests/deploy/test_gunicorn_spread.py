"""deploy/gunicorn.conf.py spreads a burst of keep-alive clients over all its web processes.

A gthread worker accepts connections for as long as it holds fewer than `worker_connections`
and keeps each one alive between requests. With gunicorn's default (1,000) the first worker to
wake could take every connection of a burst and serve them all on one core (one interpreter
lock) while its siblings idled: in `make bench`, 16 clients sometimes got half the throughput.
"""

import contextlib
import os
import subprocess
import sys
import threading
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from http.client import HTTPConnection
from pathlib import Path

from tests.celery_worker import LIFETIME_SECONDS, TIMEOUT
from tests.deploy.processes import ROOT, SiteProcess, wait_until
from tests.redis_server import free_port

PID_APP = "tests.deploy.pid_app:application"
WORKERS = 3
THREADS = 2
CLIENTS = 12  # as many as the workers may hold between them: threads + 2 each
REQUESTS_PER_CLIENT = 5


def _pid_answering(port: int) -> bool:
    connection = HTTPConnection("127.0.0.1", port, timeout=5)
    try:
        connection.request("GET", "/")
        return connection.getresponse().status == 200
    except OSError:
        return False
    finally:
        connection.close()


def _client(port: int, burst: threading.Barrier) -> list[int]:
    """One keep-alive client: connects with the others at once, then asks again and again
    (http.client opens a new connection when the server closed the last one)."""
    connection = HTTPConnection("127.0.0.1", port, timeout=60)
    try:
        connection.connect()
    except OSError:
        burst.abort()  # the others stop waiting, and this error is the one reported
        raise
    burst.wait()
    pids = []
    try:
        for _request in range(REQUESTS_PER_CLIENT):
            connection.request("GET", "/")
            response = connection.getresponse()
            pids.append(int(response.read()))
    finally:
        connection.close()
    return pids


def _worker_pids(master: int | None) -> set[int]:
    """The master's children (Linux's /proc)."""
    children: set[int] = set()
    if master is None:
        return children
    for stat in Path("/proc").glob("[0-9]*/stat"):
        with contextlib.suppress(OSError):
            parent = int(stat.read_text().rsplit(")", 1)[1].split()[1])
            if parent == master:
                children.add(int(stat.parent.name))
    return children


def test_a_burst_of_keep_alive_clients_is_served_by_every_web_process(tmp_path):
    port = free_port()
    env = {
        **{
            name: value
            for name, value in os.environ.items()
            if name not in ("GUNICORN_CMD_ARGS", "GUNICORN_WORKER_CONNECTIONS")
        },
        "GUNICORN_BIND": f"127.0.0.1:{port}",
        "WEB_CONCURRENCY": str(WORKERS),
        "GUNICORN_THREADS": str(THREADS),
        "GUNICORN_LOG_LEVEL": "warning",
    }
    log = tmp_path / "web.log"
    pid_file = tmp_path / "gunicorn.pid"
    with log.open("w") as output:
        # Under coreutils' timeout, as the Procfile's processes in these tests: an orphan of
        # a killed test run still ends.
        process = subprocess.Popen(
            [
                *(TIMEOUT, "--kill-after=20", str(LIFETIME_SECONDS)),
                *(sys.executable, "-m", "gunicorn", "--config", "deploy/gunicorn.conf.py"),
                *("--pid", str(pid_file), PID_APP),
            ],
            cwd=ROOT,
            env=env,
            stdout=output,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    web = SiteProcess("web", process, log)

    def master() -> int | None:
        return int(pid_file.read_text()) if pid_file.exists() else None

    try:
        wait_until(
            lambda: _pid_answering(port) and len(_worker_pids(master())) == WORKERS,
            progress=lambda: log.stat().st_size,
            what="gunicorn with its workers",
            watched=(web,),
        )
        burst = threading.Barrier(CLIENTS, timeout=60)
        with ThreadPoolExecutor(CLIENTS) as pool:
            answers = list(pool.map(lambda _n: _client(port, burst), range(CLIENTS)))
        served = Counter(pid for pids in answers for pid in pids)
        assert served.total() == CLIENTS * REQUESTS_PER_CLIENT
        assert set(served) == _worker_pids(master())
        # Each worker answers about its share (a third); without the bound one took 35-45 of
        # the 60 requests and another 5-10.
        fair_share = served.total() / WORKERS
        assert max(served.values()) <= fair_share * 1.25, served
    finally:
        web.stop()
