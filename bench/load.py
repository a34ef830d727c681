"""The load generator: wrk on loopback, 8 connections, one signed slash command repeated.

Slack signs each request with a timestamp the bot accepts for 5 minutes, so the body is signed
once, just before each run, and wrk sends it with the same headers for the run's few seconds.
Where wrk is missing, a small Python generator (8 threads with keep-alive connections) stands in;
it is slower than wrk, so its figures are a floor, and the report says which one ran.
"""

from __future__ import annotations

import http.client
import json
import shutil
import statistics
import subprocess
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlparse

from tests.slack_requests import signed_headers, slash_command_body

CONNECTIONS = 8

_LUA = """
wrk.method = "POST"
wrk.body = "%(body)s"
%(headers)s
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format('RESULT {"requests": %%d, "duration_us": %%d, "non2xx": %%d, "socket_errors": %%d, '
    .. '"p50_us": %%d, "p99_us": %%d, "max_us": %%d}\\n', summary.requests, summary.duration, e.status,
    e.connect + e.read + e.write + e.timeout, latency:percentile(50), latency:percentile(99), latency.max))
end
"""


@dataclass
class Load:
    requests: int
    seconds: float
    p50_ms: float
    p99_ms: float
    max_ms: float
    failed: int  # non-2xx answers and socket errors
    tool: str

    @property
    def rps(self) -> float:
        return self.requests / self.seconds


def tool() -> str:
    return "wrk" if shutil.which("wrk") else "python"


def signed(text: str, user: str) -> tuple[bytes, dict]:
    body = slash_command_body(text, user_id=user)
    return body, signed_headers(body)


def run(url: str, text: str, user: str, seconds: float) -> Load:
    body, headers = signed(text, user)
    if tool() == "wrk":
        return _wrk(url, body, headers, seconds)
    return _python(url, body, headers, seconds)


def _wrk(url: str, body: bytes, headers: dict, seconds: float) -> Load:
    lua = _LUA % {"body": body.decode(), "headers": "\n".join(f'wrk.headers["{k}"] = "{v}"' for k, v in headers.items())}
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as script:
        script.write(lua)
    try:
        out = subprocess.run(["wrk", "-t1", f"-c{CONNECTIONS}", f"-d{seconds:.0f}s", "--timeout", "5s", "-s", script.name,
                              url + "/slack/events"], capture_output=True, text=True, check=True).stdout
    finally:
        Path(script.name).unlink()
    result = json.loads(next(line for line in out.splitlines() if line.startswith("RESULT ")).removeprefix("RESULT "))
    return Load(result["requests"], result["duration_us"] / 1e6, result["p50_us"] / 1000, result["p99_us"] / 1000,
                result["max_us"] / 1000, result["non2xx"] + result["socket_errors"], "wrk")


def _python(url: str, body: bytes, headers: dict, seconds: float) -> Load:
    target = urlparse(url)
    latencies: list[list[float]] = [[] for _ in range(CONNECTIONS)]
    failed = [0] * CONNECTIONS
    stop_at = time.perf_counter() + seconds

    def worker(n: int) -> None:
        connection = http.client.HTTPConnection(target.hostname, target.port, timeout=5)
        while time.perf_counter() < stop_at:
            began = time.perf_counter()
            try:
                connection.request("POST", "/slack/events", body=body, headers=headers)
                answer = connection.getresponse()
                answer.read()
                ok = answer.status == 200
            except OSError:
                ok = False
                connection.close()
                connection = http.client.HTTPConnection(target.hostname, target.port, timeout=5)
            latencies[n].append(time.perf_counter() - began)
            failed[n] += 0 if ok else 1

    began = time.perf_counter()
    threads = [threading.Thread(target=worker, args=(n,)) for n in range(CONNECTIONS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    took = time.perf_counter() - began
    every = sorted(x for per in latencies for x in per)
    cuts = statistics.quantiles(every, n=100)
    return Load(len(every), took, cuts[49] * 1000, cuts[98] * 1000, every[-1] * 1000, sum(failed), "python")
