"""Bounded HTTP load generators for `make bench`: wrk when installed, else a Python fallback.

Both send GET requests for a list of paths, round robin, over a fixed number of concurrent
connections, and stop after a fixed duration or a maximum number of requests, whichever
comes first. Both report the same LoadResult, so ratios measured in one run are comparable.
"""

import asyncio
import json
import math
import os
import shutil
import subprocess
import tempfile
import time
from dataclasses import asdict, dataclass
from pathlib import Path

LUA_SCRIPT = Path(__file__).resolve().parent / "paths.lua"
REQUEST_TIMEOUT_SECONDS = 5.0


@dataclass
class LoadResult:
    tool: str
    requests: int
    seconds: float
    requests_per_second: float
    p50_ms: float
    p95_ms: float
    p99_ms: float
    max_ms: float
    non_200: int
    socket_errors: int
    timeouts: int
    cache_hits: int
    cache_stale: int = 0  # stale copies served while another request rendered the page

    @property
    def errors(self) -> int:
        return self.non_200 + self.socket_errors + self.timeouts

    def as_dict(self) -> dict:
        return asdict(self) | {"errors": self.errors}


def wrk_available() -> bool:
    return shutil.which("wrk") is not None


def run_load(
    *,
    host: str,
    port: int,
    paths: list[str],
    connections: int,
    duration: float,
    max_requests: int,
    tool: str = "auto",
    cookies: list[str] | None = None,
) -> LoadResult:
    """`cookies`: a Cookie header for connection i (by index, "" for none). The Python client
    gives each connection its own; wrk (which cannot) sends them with the same share of the
    requests, at random (bench/paths.lua)."""
    if host not in ("127.0.0.1", "localhost", "::1"):
        raise ValueError("The benchmark only sends load to the local machine.")
    if tool == "auto":
        tool = "wrk" if wrk_available() else "python"
    if tool == "wrk":
        return _run_wrk(host, port, paths, connections, duration, max_requests, cookies or [])
    return asyncio.run(
        _run_python(host, port, paths, connections, duration, max_requests, cookies or [])
    )


# --- wrk ---------------------------------------------------------------------------------


def _run_wrk(host, port, paths, connections, duration, max_requests, cookies) -> LoadResult:
    threads = max(1, min(2, connections))
    carts = [cookie for cookie in cookies if cookie]
    with tempfile.NamedTemporaryFile("w", suffix=".paths", delete=False) as paths_file:
        paths_file.write("\n".join(paths) + "\n")
    with tempfile.NamedTemporaryFile("w", suffix=".cookies", delete=False) as cookies_file:
        cookies_file.write("\n".join(carts) + "\n")
    env = os.environ | {
        "BENCH_PATHS_FILE": paths_file.name,
        "BENCH_MAX_REQUESTS_PER_THREAD": str(math.ceil(max_requests / threads)),
        "BENCH_COOKIES_FILE": cookies_file.name if carts else "",
        "BENCH_COOKIE_EVERY": str(round(connections / len(carts))) if carts else "0",
    }
    command = [
        "wrk",
        f"-t{threads}",
        f"-c{connections}",
        f"-d{max(1, round(duration))}s",
        f"--timeout={REQUEST_TIMEOUT_SECONDS:g}s",
        "-s",
        str(LUA_SCRIPT),
        f"http://{host}:{port}/",
    ]
    try:
        completed = subprocess.run(
            command, env=env, capture_output=True, text=True, timeout=duration + 30, check=False
        )
    finally:
        os.unlink(paths_file.name)
        os.unlink(cookies_file.name)
    summary_line = next(
        (line for line in completed.stdout.splitlines() if line.startswith("BENCH_JSON ")), None
    )
    if completed.returncode != 0 or summary_line is None:
        raise RuntimeError(
            f"wrk failed ({completed.returncode}): {completed.stderr or completed.stdout}"
        )
    data = json.loads(summary_line.removeprefix("BENCH_JSON "))
    seconds = data["duration_us"] / 1e6
    return LoadResult(
        tool="wrk",
        requests=data["requests"],
        seconds=round(seconds, 3),
        requests_per_second=round(data["requests"] / seconds, 1) if seconds else 0.0,
        p50_ms=round(data["p50_us"] / 1000, 2),
        p95_ms=round(data["p95_us"] / 1000, 2),
        p99_ms=round(data["p99_us"] / 1000, 2),
        max_ms=round(data["max_us"] / 1000, 2),
        non_200=data["non_200"],
        socket_errors=data["socket_errors"],
        timeouts=data["timeouts"],
        cache_hits=data["cache_hits"],
        cache_stale=data["cache_stale"],
    )


# --- Python fallback: asyncio, raw HTTP/1.1 with keep-alive ------------------------------


class _Tally:
    def __init__(self, budget: int):
        self.budget = budget
        self.latencies: list[float] = []
        self.non_200 = 0
        self.socket_errors = 0
        self.timeouts = 0
        self.cache_hits = 0
        self.cache_stale = 0


async def _read_response(reader: asyncio.StreamReader) -> tuple[int, bool, str]:
    """Reads one response; returns (status, server closes the connection, its X-Page-Cache)."""
    head = await reader.readuntil(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    status = int(lines[0].split(" ", 2)[1])
    headers = {}
    for line in lines[1:]:
        if ":" in line:
            name, value = line.split(":", 1)
            headers[name.strip().lower()] = value.strip()
    closes = headers.get("connection", "").lower() == "close"
    if "content-length" in headers:
        await reader.readexactly(int(headers["content-length"]))
    elif headers.get("transfer-encoding", "").lower() == "chunked":
        while True:
            size = int((await reader.readline()).split(b";")[0].strip(), 16)
            if size == 0:
                while (await reader.readline()) not in (b"\r\n", b""):
                    pass
                break
            await reader.readexactly(size + 2)
    else:
        await reader.read()
        closes = True
    return status, closes, headers.get("x-page-cache", "")


async def _client(number, host, port, paths, deadline, tally: _Tally, cookie: str) -> None:
    reader = writer = None
    position = number * 7
    host_header = f"{host}:{port}"
    cookie_line = f"Cookie: {cookie}\r\n" if cookie else ""
    while time.perf_counter() < deadline and tally.budget > 0:
        tally.budget -= 1
        position += 1
        request = (
            f"GET {paths[position % len(paths)]} HTTP/1.1\r\nHost: {host_header}\r\n"
            f"Accept-Language: en\r\nUser-Agent: crafts-mela-bench\r\n{cookie_line}\r\n"
        ).encode()
        for attempt in (1, 2):
            reused = writer is not None
            started = time.perf_counter()
            try:
                if writer is None:
                    reader, writer = await asyncio.open_connection(host, port)
                writer.write(request)
                status, closes, page_cache = await asyncio.wait_for(
                    _read_response(reader), REQUEST_TIMEOUT_SECONDS
                )
            except TimeoutError:
                tally.timeouts += 1
                writer = _close(writer)
                break
            except (OSError, asyncio.IncompleteReadError, asyncio.LimitOverrunError, ValueError):
                writer = _close(writer)
                if reused and attempt == 1:
                    continue  # the server closed an idle keep-alive connection: retry once
                tally.socket_errors += 1
                break
            tally.latencies.append(time.perf_counter() - started)
            tally.non_200 += status != 200
            tally.cache_hits += page_cache == "hit"
            tally.cache_stale += page_cache == "stale"
            if closes:
                writer = _close(writer)
            break
    _close(writer)


def _close(writer):
    if writer is not None:
        writer.close()
    return None


def _nth(values: list[str], index: int) -> str:
    return values[index] if index < len(values) else ""


def percentile(values: list[float], percent: float) -> float:
    """The nearest-rank percentile of `values` (0.0 when there are none)."""
    if not values:
        return 0.0
    ordered = sorted(values)
    return ordered[max(0, math.ceil(percent / 100 * len(ordered)) - 1)]


async def _run_python(
    host, port, paths, connections, duration, max_requests, cookies: list[str]
) -> LoadResult:
    tally = _Tally(max_requests)
    started = time.perf_counter()
    deadline = started + duration
    await asyncio.gather(
        *(
            _client(number, host, port, paths, deadline, tally, _nth(cookies, number))
            for number in range(connections)
        )
    )
    seconds = time.perf_counter() - started
    latencies = sorted(tally.latencies)
    done = len(latencies) + tally.socket_errors + tally.timeouts
    return LoadResult(
        tool="python",
        requests=done,
        seconds=round(seconds, 3),
        requests_per_second=round(len(latencies) / seconds, 1) if seconds else 0.0,
        p50_ms=round(percentile(latencies, 50) * 1000, 2),
        p95_ms=round(percentile(latencies, 95) * 1000, 2),
        p99_ms=round(percentile(latencies, 99) * 1000, 2),
        max_ms=round((latencies[-1] if latencies else 0) * 1000, 2),
        non_200=tally.non_200,
        socket_errors=tally.socket_errors,
        timeouts=tally.timeouts,
        cache_hits=tally.cache_hits,
        cache_stale=tally.cache_stale,
    )
