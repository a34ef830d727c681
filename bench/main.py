"""One benchmark run (`bench/run`): serving under load, reminder sweeps against history, memory and
start-up; prints the table and writes bench/RESULTS.md.

Order: build the ten-year partnership (SQLite); start a stand-in Slack on loopback (the bot checks
its token at start and posts reminders there); serve the hello-world, then the same in bolt's
polling mode, then the bot itself (`forum serve`), each alone on the machine, and drive each with
wrk, 8 connections, after a warm-up; sample the bot with py-spy on a second pass of each command;
then the reminder sweeps at 1k / 100k / 1M actions.
"""

from __future__ import annotations

import argparse
import json
import platform
import socket
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from bench import dataset, load, profile, serve, sweep
from tests.support.blockkit import assert_valid_blocks
from tests.support.slack_requests import post, signed_headers, slash_command_body
from tests.support.slack_standin import SlackStandIn

HERE = Path(__file__).resolve().parent
COMMANDS = [
    ("next-meeting", "Next meeting"),
    ("actions overdue", "Overdue actions"),
    ("indicator NI 151", "NI 151"),
    ("consultations", "consultations"),
]
# The baselines, served the same way: the hello-world the targets are set against; the same in
# bolt's default (polling) mode; and the hello-world answering with as many bytes as the bot does,
# which shows what sending a real answer costs before any work is done.
HELLOS = [
    ("hello-world (bolt, acknowledges only)", False, 0),
    ("hello-world, bolt's default polling mode", True, 0),
    (
        f"hello-world answering {serve.ANSWER_BYTES / 1000:.0f} KB of Block Kit, as the bot does",
        False,
        serve.ANSWER_BYTES,
    ),
]
AFRESH = "worked out afresh (no answer cache)"
TARGETS = {"ratio": 0.8, "p99_ms": 25.0, "sweep_ms": 50.0, "rss_mb": 150.0, "first_s": 1.0}


@dataclass
class Row:
    name: str
    load: load.Load
    profile: profile.Profile | None = None


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def machine() -> str:
    cpu = next(
        (
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if line.startswith("model name")
        ),
        platform.processor() or "unknown CPU",
    )
    cores = subprocess.run(["nproc"], capture_output=True, text=True).stdout.strip()
    return f"{cores} cores ({cpu}), Python {platform.python_version()}, {platform.system()} {platform.release()}"


def check_answer(url: str, text: str, expected: str) -> None:
    """The command really answers (a wrong answer served fast would prove nothing)."""
    body = slash_command_body(text, user_id=dataset.BENCH_MEMBER)
    answer = post(url + "/slack/events", body, signed_headers(body))
    assert answer.status == 200, f"{text}: HTTP {answer.status}"
    reply = answer.json()
    assert_valid_blocks(reply["blocks"])
    assert expected.casefold() in json.dumps(reply).casefold(), f"{text}: unexpected answer {reply['text'][:200]}"


def drive(url: str, text: str, seconds: int, warmup: int) -> load.Load:
    load.run(url, text, dataset.BENCH_MEMBER, warmup)
    result = load.run(url, text, dataset.BENCH_MEMBER, seconds)
    assert result.failed == 0, f"{text}: {result.failed} requests failed under load"
    return result


def run(seconds: int, sizes: list[int], postgres: str | None, work: Path) -> dict:
    url_db = f"sqlite:///{work / 'partnership.db'}"
    made = dataset.build(url_db)
    slack = SlackStandIn().start()
    rows: list[Row] = []
    try:
        for name, polling, answer_bytes in HELLOS:
            port = free_port()
            process = serve.start_hello(
                port, slack.api_url, work / "hello.log", polling=polling, answer_bytes=answer_bytes
            )
            try:
                serve.first_answer(f"http://127.0.0.1:{port}", process, time.perf_counter())
                rows.append(Row(name, drive(f"http://127.0.0.1:{port}", "next-meeting", seconds, 2)))
            finally:
                serve.stop(process)

        first, rss_idle, rss, peak = _serve_rows(rows, url_db, slack.api_url, seconds, work, "SQLite", profiled=True)
        asks = _forum_ask(url_db)
        if postgres:
            pg_url, drop = sweep.fresh_postgres(postgres)
            try:
                dataset.build(pg_url)
                _serve_rows(rows, pg_url, slack.api_url, seconds, work, "PostgreSQL", profiled=False)
            finally:
                drop()
    finally:
        slack.stop()
    sweeps = sweep.run(sizes, postgres)
    return {
        "dataset": made,
        "rows": rows,
        "first": first,
        "rss_idle": rss_idle,
        "rss": rss,
        "peak": peak,
        "sweeps": sweeps,
        "asks": asks,
        "tool": load.tool(),
        "seconds": seconds,
    }


def _serve_rows(
    rows: list[Row], url_db: str, api_url: str, seconds: int, work: Path, database: str, profiled: bool
) -> tuple[float, float, float, float]:
    """The bot on `url_db`: each command kept, then worked out afresh; (first answer s, RSS after
    start, RSS after the load, peak RSS)."""
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    started = time.perf_counter()
    process = serve.start_forum(port, url_db, api_url, work / f"forum-{database}.log")
    try:
        first = serve.first_answer(url, process, started)
        rss_idle = serve.rss_mb(process.pid)[0]
        for text, expected in COMMANDS:
            check_answer(url, text, expected)
            rows.append(Row(f"{database}: `/forum {text}`", drive(url, text, seconds, 2)))
        rss, peak = serve.rss_mb(process.pid)
    finally:
        serve.stop(process)
    # The same commands with every answer worked out afresh (no answer cache, as each first asking
    # is), and profiled: this is where the bot's own work shows.
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    log = work / f"forum-afresh-{database}.log"
    process = serve.start_forum(port, url_db, api_url, log, FORUM_ANSWER_CACHE="false")
    try:
        serve.first_answer(url, process, time.perf_counter())
        for text, expected in COMMANDS:
            check_answer(url, text, expected)
            row = Row(f"{database}: `/forum {text}`, {AFRESH}", drive(url, text, seconds, 2))
            rows.append(row)
            if profiled and profile.available():
                raw = work / f"profile-{text.replace(' ', '-')}.txt"
                spy = profile.record(process.pid, 4, raw)
                time.sleep(0.5)  # py-spy attaches
                load.run(url, text, dataset.BENCH_MEMBER, 4)
                spy.wait(timeout=30)
                row.profile = profile.summarise(raw) if raw.exists() else None
    finally:
        serve.stop(process)
    return first, rss_idle, rss, peak


def _forum_ask(url_db: str, runs: int = 7) -> list[float]:
    """Seconds for each `forum ask "next-meeting"` on the command line, start to exit."""
    env = {k: v for k, v in serve.environment(url_db, "").items() if not k.startswith("SLACK_")}
    env.pop("PYTHONDONTWRITEBYTECODE", None)  # bytecode kept, as an installed bot has it
    took = []
    for _ in range(runs + 1):  # the first writes bytecode where there was none
        began = time.perf_counter()
        done = subprocess.run(
            [str(serve.ROOT / ".venv" / "bin" / "forum"), "ask", "next-meeting"], env=env, capture_output=True
        )
        took.append(time.perf_counter() - began)
        assert done.returncode == 0, done.stderr[-500:]
    return took[1:]


def verdict(ok: bool) -> str:
    return "met" if ok else "**MISSED**"


def report(r: dict) -> str:
    rows, hello = r["rows"], r["rows"][0].load
    t = TARGETS
    out = [
        "# Benchmark results\n",
        f"Run {datetime.now(UTC):%Y-%m-%d %H:%M} UTC on {machine()}, by `bench/run`.\n",
        "Dataset (the same on SQLite, as `forum` runs by default, and on PostgreSQL): "
        + ", ".join(f"{v:,} {k}" for k, v in r["dataset"].counts.items())
        + f"; {r['dataset'].open_actions} open actions, {r['dataset'].overdue_actions} overdue.\n",
        f"Load: {r['tool']} on loopback, 8 connections, one thread, {r['seconds']} s per row after a 2 s warm-up; "
        "each server alone on the machine, served by waitress with 8 threads, signed `/forum` requests.\n",
        "## Serving\n",
        "| served | req/s | p50 ms | p99 ms | × hello-world | targets (≥ 0.8×, p99 ≤ 25 ms) |",
        "|---|---:|---:|---:|---:|---|",
    ]
    for row in rows:
        ratio = row.load.rps / hello.rps
        judged = (
            ""
            if row.name.startswith("hello-world")
            else f"{verdict(ratio >= t['ratio'])} / {verdict(row.load.p99_ms <= t['p99_ms'])}"
        )
        out.append(
            f"| {row.name} | {row.load.rps:,.0f} | {row.load.p50_ms:.1f} | {row.load.p99_ms:.1f} | "
            f"{ratio:.2f} | {judged} |"
        )
    out += [
        "",
        "The first `/forum` rows of each database are the bot as it runs by default: every request is the "
        "same member asking the same thing, so after the first, each is answered from the answer cache "
        "(bot/answer_cache.py), after checking that nothing was committed since (storage/changes.py). The "
        "rows worked out afresh are every first asking: queries, command logic and templates each time.",
    ]
    out += [
        "",
        "## Memory and start",
        "",
        f"- Resident memory of `forum serve`: {r['rss_idle']:.0f} MB after start, {r['rss']:.0f} MB after the "
        f"load (peak {r['peak']:.0f} MB); target ≤ {t['rss_mb']:.0f} MB: {verdict(r['peak'] <= t['rss_mb'])}.",
        f"- From launching `forum serve` to the first answered `/forum next-meeting`: {r['first']:.2f} s "
        f"(imports, migration check, token check, scheduler, listening); target ≤ {t['first_s']:.0f} s: "
        f"{verdict(r['first'] <= t['first_s'])}.",
        f'- `forum ask "next-meeting"` on the command line, start to exit: median '
        f"{sorted(r['asks'])[len(r['asks']) // 2]:.2f} s over {len(r['asks'])} runs; target ≤ 0.5 s: "
        f"{verdict(sorted(r['asks'])[len(r['asks']) // 2] <= 0.5)}.",
        "",
        "## Reminder sweep against history\n",
        "The same 100 open actions (40 overdue, 30 due within 3 days, 30 later) at every size; the clock at "
        "09:01 on a Monday, when the most is due. *Sending sweep*: the one that sends what is due (to a poster "
        "that accepts at once). *Quiet sweep*: the ones after it, a minute apart, which find nothing new — "
        "nearly every sweep is one. A quiet sweep after a quiet sweep, with nothing committed since "
        "(storage/changes.py), is not worked out again until the next reminder falls due or two hours "
        "pass (ten minutes with e-mail on); the p95 is such a sweep, and *worked out afresh* is the median "
        "of quiet sweeps made to work everything out again.\n",
        "| database | actions | reminders sent | sending sweep ms | quiet sweep ms (median / p95) "
        "| worked out afresh ms | quiet ≤ 50 ms |",
        "|---|---:|---:|---:|---:|---:|---|",
    ]
    for s in r["sweeps"]:
        out.append(
            f"| {s.database} | {s.actions:,} | {s.sent} | {s.busy_ms:.0f} | {s.quiet_ms:.1f} / "
            f"{s.quiet_p95_ms:.1f} | {s.afresh_ms:.1f} | {verdict(s.quiet_ms <= t['sweep_ms'])} |"
        )
    profiled = [row for row in rows if row.profile and row.profile.samples]
    if profiled:
        layers = [name for name, _ in profile.LAYERS] + ["other"]
        out += [
            "",
            "## Profile: where a command's time goes\n",
            "py-spy samples of `forum serve` under the same load, with answers worked out afresh, each put in "
            "the first layer it touches.\n",
            "| layer | " + " | ".join(row.name.removesuffix(", " + AFRESH) for row in profiled) + " |",
            "|---|" + "---:|" * len(profiled),
        ]
        for layer in layers:
            out.append(f"| {layer} | " + " | ".join(f"{row.profile.share(layer):.0f}%" for row in profiled) + " |")
        out += ["", "Busiest functions (top of stack), all four commands together:", ""]
        leaves = sum((row.profile.leaves for row in profiled), start=__import__("collections").Counter())
        total = sum(row.profile.samples for row in profiled)
        out += [f"- {100 * n / total:.1f}% `{frame}`" for frame, n in leaves.most_common(8)]
    return "\n".join(out) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=int, default=10, help="length of each load run")
    parser.add_argument("--sizes", default="1000,100000,1000000", help="actions for the sweep benchmark")
    parser.add_argument("--postgres", help="also serve and sweep on PostgreSQL (an admin URL)")
    parser.add_argument("--out", default=str(HERE / "RESULTS.md"))
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="forum-bench-") as work:
        results = run(args.seconds, [int(s) for s in args.sizes.split(",")], args.postgres, Path(work))
        text = report(results)
    body = Path(args.out)
    notes = HERE / "NOTES.md"  # the hand-written reading of the figures, kept across runs
    body.write_text(text + ("\n" + notes.read_text() if notes.exists() else ""))
    print(text)
    print(f"Written to {body}", file=sys.stderr)


if __name__ == "__main__":
    main()
