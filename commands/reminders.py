"""`reminders [DAYS]` (officers and admins): what the bot will send, when and to whom, and what it
could not deliver. The operator's `forum jobs preview | run-due | log` use the same replies.
"""

from __future__ import annotations

import re
from datetime import datetime, timedelta
from typing import Any

from sqlmodel import col, select

from commands import notify
from commands.core.context import Context
from commands.core.formatting import clock, long_date
from commands.core.people import caller
from commands.core.permissions import EDITORS, check
from commands.core.readings_due import board_defaults
from commands.core.registry import command
from commands.core.reply import Reply, refusal
from commands.reminder_engine.rules import KINDS, Due
from commands.reminder_engine.sweep import WAITING, SweepReport, upcoming
from commands.reminder_engine.times import reminder_settings
from storage import deliveries
from storage.db import read_only, transaction
from storage.tables import Board, Delivery

DEFAULT_DAYS, MOST_DAYS = 14, 90
PROBLEMS_SINCE = timedelta(days=14)
_DAYS = re.compile(r"^(\d{1,3})(?:\s*(?:days?|d))?$", re.IGNORECASE)


def _when(moment: datetime, ctx: Context) -> dict[str, Any]:
    local = moment.astimezone(ctx.tz)
    return {"day": long_date(local), "time": clock(local), "zone": local.tzname()}


def _item(due: Due, ctx: Context) -> dict[str, Any]:
    return {
        **_when(due.due_at, ctx),
        "kind": KINDS.get(due.kind, due.kind),
        "recipient": due.recipient,
        "summary": due.summary,
        "reachable": due.reachable,
    }


def _why(row: Delivery, ctx: Context) -> str:
    """What is wrong with a delivery, in words; one waiting for the morning says when it goes."""
    if row.status == "retry" and row.error == WAITING and row.next_attempt_at is not None:
        at = _when(row.next_attempt_at, ctx)
        return f"{WAITING}: goes {at['day']} at {at['time']}"
    return row.error or row.status


def preview_reply(ctx: Context, days: float) -> Reply:
    dues = upcoming(ctx.engine, ctx.settings, ctx.now, days)
    groups: list[dict[str, Any]] = []
    for due in dues:
        item = _item(due, ctx)
        if not groups or groups[-1]["day"] != item["day"]:
            groups.append({"day": item["day"], "entries": []})
        groups[-1]["entries"].append(item)
    with read_only(ctx.engine) as session:
        failures = [
            {
                **_when(row.claimed_at, ctx),
                "recipient": row.recipient,
                "summary": row.summary,
                "error": _why(row, ctx),
            }
            for row, _ in deliveries.log(session, failed_only=True, since=ctx.now - PROBLEMS_SINCE, limit=20)
        ]
        boards = session.exec(select(Board).where(col(Board.archived_at).is_(None)).order_by(col(Board.id))).all()
        problems = [
            f"{board.name}: {problem}"
            for board in boards
            for problem in (*reminder_settings(board.settings).problems, *board_defaults(board.settings)[1])
        ]
        me = caller(session, ctx)
        mine = notify.view(session, me)["summary"] if me is not None else None
    return Reply(
        "reminders",
        {
            "days": f"{days:g}",
            "total": len(dues),
            "groups": groups,
            "failures": failures,
            "problems": problems,
            "mine": mine,
        },
    )


@command(
    "reminders",
    aliases=("reminder",),
    summary="What reminders the bot will send, when and to whom, and any it couldn't deliver (officers)",
    usage="reminders [DAYS]",
    examples=("reminders", "reminders 30"),
    details="Lists the reminders due over the next 14 days (or DAYS, up to 90): agendas, meeting "
    "reminders, presenters', consultation and action nudges, matters arising and the chair's "
    "digest, with the time (UK) and who gets each. Below them, deliveries of the last two weeks "
    "that failed (a channel the bot isn't in, a person with no Slack account…).",
)
def reminders(ctx: Context, words: str) -> Reply:
    with transaction(ctx.engine) as session:
        if refused := check(session, ctx, EDITORS, "see the reminder schedule"):
            return refused
    days = DEFAULT_DAYS
    if words:
        match = _DAYS.match(words.strip())
        if not match or not 1 <= int(match.group(1)) <= MOST_DAYS:
            shown = words if len(words) <= 30 else words[:30] + "…"
            return refusal(
                f"“{shown}” is not a number of days from 1 to {MOST_DAYS}.", "For example `/forum reminders 30`."
            )
        days = int(match.group(1))
    return preview_reply(ctx, days)


def log_reply(ctx: Context, failed_only: bool, limit: int) -> Reply:
    entries = []
    with read_only(ctx.engine) as session:
        rows = deliveries.log(session, failed_only=failed_only, limit=limit)
        for row, attempts in rows:
            entries.append(
                {
                    **_when(row.claimed_at, ctx),
                    "kind": KINDS.get(row.kind, row.kind),
                    "recipient": row.recipient,
                    "target": row.target,
                    "summary": row.summary,
                    "status": row.status,
                    "error": row.error,
                    "ts": row.message_ts,
                    "due": " ".join(_when(row.due_at, ctx).values()),
                    "attempts": [
                        {
                            **_when(a.at, ctx),
                            "result": a.result,
                            "error": a.error,
                            "http_status": a.http_status,
                            "ts": a.message_ts,
                            "waited": a.waited_seconds,
                        }
                        for a in attempts
                    ],
                }
            )
    return Reply("delivery_log", {"entries": entries, "failed_only": failed_only})


def sweep_reply(ctx: Context, report: SweepReport) -> Reply:
    def lines(items: list[dict[str, Any]]) -> list[dict[str, Any]]:
        return [
            {
                **_when(i["due_at"], ctx),
                "kind": KINDS.get(i["kind"], i["kind"]),
                "recipient": i["recipient"],
                "summary": i["summary"],
                "error": i["error"],
            }
            for i in items
        ]

    return Reply(
        "sweep_report",
        {
            "now": " ".join(_when(report.now, ctx).values()),
            "since": " ".join(_when(report.since, ctx).values()),
            "sent": lines(report.sent),
            "retrying": lines(report.retrying),
            "failed": lines(report.failed),
            "skipped": lines(report.skipped),
        },
    )
