"""gunicorn for `make bench`: started on a free port of 127.0.0.1, waited for until the bare view
answers, and always stopped (its whole process group) on the way out."""

import contextlib
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

from bench.run_common import HOST, ROOT, log


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind((HOST, 0))
        return probe.getsockname()[1]


def fetch(port: int, path: str, timeout: float = 60) -> tuple[int, dict, int]:
    request = urllib.request.Request(
        f"http://{HOST}:{port}{path}", headers={"Accept-Language": "en"}
    )
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return response.status, dict(response.headers), len(response.read())
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), 0


def worker_connections(args) -> int:
    """As deploy/gunicorn.conf.py: a worker's threads, plus two connections kept alive."""
    return getattr(args, "worker_connections", 0) or args.threads + 2


def threaded(args) -> bool:
    """Whether the workers heed `worker_connections` (gunicorn runs sync workers with
    threads as gthread)."""
    return args.worker_class == "gthread" or (args.worker_class == "sync" and args.threads > 1)


@contextlib.contextmanager
def gunicorn(env: dict, args, log_path: Path, app: str = "marketplace.wsgi:application"):
    port = free_port()
    command = [
        sys.executable, "-m", "gunicorn", app,
        "--bind", f"{HOST}:{port}",
        "--workers", str(args.workers),
        "--worker-class", args.worker_class,
        "--threads", str(args.threads),
        "--worker-connections", str(worker_connections(args)),
        "--chdir", str(ROOT),
        "--backlog", "1024",
        "--timeout", "60",
        "--graceful-timeout", "5",
        "--error-logfile", str(log_path),
    ]  # fmt: skip
    log(
        f"starting gunicorn on {HOST}:{port}: {args.workers} {args.worker_class} workers"
        + (f" x {args.threads} threads" if args.threads > 1 else "")
        + (f", at most {worker_connections(args)} connections each" if threaded(args) else "")
    )
    process = subprocess.Popen(command, cwd=ROOT, env=env, start_new_session=True)
    try:
        deadline = time.monotonic() + 90
        while True:
            if process.poll() is not None:
                raise RuntimeError(f"gunicorn exited with {process.returncode}; see {log_path}")
            with contextlib.suppress(OSError):
                if fetch(port, "/bench/bare/", timeout=5)[0] == 200:
                    break
            if time.monotonic() > deadline:
                raise RuntimeError(f"gunicorn did not answer within 90 s; see {log_path}")
            time.sleep(0.3)
        yield port
    finally:
        stop(process)


def stop(process: subprocess.Popen) -> None:
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait(timeout=5)
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(process.pid, signal.SIGKILL)  # workers left behind, if any
