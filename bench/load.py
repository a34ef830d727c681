"""The load generator: wrk on loopback, 8 connections, one signed slash command repeated.

Slack signs each request with a timestamp the bot accepts for 5 minutes, and the bot ignores a
signature it has seen (a replay), so each run signs enough distinct requests (each with its own
trigger id, as Slack's are) just before it starts, and wrk sends them in turn.
Where wrk is missing, a small Python generator (8 threads with keep-alive connections) stands in;
it is slower than wrk, so its figures are a floor, and the report says which one ran.
"""

from __future__ import annotations

import http.client
import itertools
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

from tests.support.slack_requests import signed_headers, slash_command_body

CONNECTIONS = 8

_LUA = """
-- Requests signed in advance, each with its own trigger id (the bot ignores a replayed signature),
-- read from the file given as the script's argument and sent in turn.
local requests = {}
local i = 0
init = function(args)
  for line in io.lines(args[1]) do
    local ts, sig, body = line:match("([^\t]*)\t([^\t]*)\t(.*)")
    requests[#requests + 1] = wrk.format("POST", nil, {["Content-Type"] = "application/x-www-form-urlencoded",
      ["X-Slack-Request-Timestamp"] = ts, ["X-Slack-Signature"] = sig}, body)
  end
end
request = function()
  i = i % #requests + 1
  return requests[i]
end
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format('RESULT {"requests": %d, "duration_us": %d, "non2xx": %d, "socket_errors": %d, '
    .. '"p50_us": %d, "p99_us": %d, "max_us": %d}\\n', summary.requests, summary.duration, e.status,
    e.connect + e.read + e.write + e.timeout, latency:percentile(50), latency:percentile(99), latency.max))
end
"""
ENOUGH = (
    8000  # requests a second, more than any server here answers (hello-world: ~4,000): each run signs seconds × this
)


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


def signed(text: str, user: str, count: int) -> list[tuple[bytes, dict]]:
    """`count` distinct requests for one command, signed now (good for the next 5 minutes)."""
    return [(body, signed_headers(body)) for body in (slash_command_body(text, user_id=user) for _ in range(count))]


def run(url: str, text: str, user: str, seconds: float) -> Load:
    requests = signed(text, user, int(seconds * ENOUGH) + 100)
    result = (_wrk if tool() == "wrk" else _python)(url, requests, seconds)
    if result.requests > len(requests):
        raise RuntimeError(
            f"{text}: {result.requests} requests sent but only {len(requests)} signed; "
            "the rest were replays, answered without running the command"
        )
    return result


def _wrk(url: str, requests: list[tuple[bytes, dict]], seconds: float) -> Load:
    with tempfile.TemporaryDirectory() as folder:
        script, signed_file = Path(folder) / "slack.lua", Path(folder) / "requests.tsv"
        script.write_text(_LUA)
        signed_file.write_bytes(
            b"".join(
                f"{h['X-Slack-Request-Timestamp']}\t{h['X-Slack-Signature']}\t".encode() + body + b"\n"
                for body, h in requests
            )
        )
        out = subprocess.run(
            [
                "wrk",
                "-t1",
                f"-c{CONNECTIONS}",
                f"-d{seconds:.0f}s",
                "--timeout",
                "5s",
                "-s",
                str(script),
                url + "/slack/events",
                str(signed_file),
            ],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
    result = json.loads(next(line for line in out.splitlines() if line.startswith("RESULT ")).removeprefix("RESULT "))
    return Load(
        result["requests"],
        result["duration_us"] / 1e6,
        result["p50_us"] / 1000,
        result["p99_us"] / 1000,
        result["max_us"] / 1000,
        result["non2xx"] + result["socket_errors"],
        "wrk",
    )


def _python(url: str, requests: list[tuple[bytes, dict]], seconds: float) -> Load:
    target = urlparse(url)
    latencies: list[list[float]] = [[] for _ in range(CONNECTIONS)]
    failed = [0] * CONNECTIONS
    stop_at = time.perf_counter() + seconds
    turn = itertools.count()

    def worker(n: int) -> None:
        connection = http.client.HTTPConnection(target.hostname, target.port, timeout=5)
        while time.perf_counter() < stop_at:
            body, headers = requests[next(turn) % len(requests)]
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
