"""The App Home tab: the caller's own dashboard."""

from __future__ import annotations

from typing import Any

from sqlmodel import Session

from commands.actions import action_views
from commands.core.context import Context
from commands.core.people import caller
from commands.core.reply import Reply
from commands.meetings import when
from storage import actions as action_queries
from storage import boards as board_queries
from storage import meetings as meeting_queries
from storage import partnership as partnership_queries
from storage.db import read_only
from storage.memberships import boards_of

MAX_MEETINGS, MAX_ACTIONS, MAX_CONSULTATIONS, MAX_INDICATORS = 6, 10, 8, 10


def home(ctx: Context) -> Reply:
    with read_only(ctx.engine) as session:
        me = caller(session, ctx)
        my_id = me.id if me else None  # a stored person always has an id
        boards = boards_of(session, my_id) if my_id is not None else []
        if not boards:
            forum = board_queries.board_by_slug(session, ctx.settings.default_board)
            boards = [forum] if forum else []
        by_id = {b.id: b for b in boards if b.id is not None}  # stored boards: every one has its id
        upcoming = meeting_queries.upcoming_meetings_of(session, list(by_id), ctx.now, limit=MAX_MEETINGS)
        meetings = [
            {**when(ctx, m), "board": by_id[m.board_id].name, "venue": m.venue, "status": m.status} for m in upcoming
        ]
        actions, overdue_count, total_actions = [], 0, 0
        if me:
            mine = action_queries.actions_where(session, owner_id=me.id)
            total_actions = len(mine)
            actions = action_views(session, ctx, mine[:MAX_ACTIONS])
            overdue_count = sum(1 for a in mine if a.due_date and a.due_date < ctx.today)
        return Reply(
            "home",
            {
                "name": me.name if me else None,
                "known": me is not None,
                "boards": [b.name for b in boards],
                "meetings": meetings,
                "actions": actions,
                "total_actions": total_actions,
                "overdue_count": overdue_count,
                "consultations": consultations_owned(session, ctx, my_id)[:MAX_CONSULTATIONS]
                if my_id is not None
                else [],
                **flagged_indicators(session, ctx, list(by_id)),
                "checklist": first_day_checklist(session),
            },
        )


def first_day_checklist(session: Session) -> list[dict[str, object]]:
    """A brand-new partnership's next steps, ticked off as they are done (issue 15); [] once all are."""
    counts = partnership_queries.first_day_counts(session)
    set_up = partnership_queries.details(session) is not None or counts["boards"] > 0
    steps: list[dict[str, object]] = [
        {"done": set_up, "text": "Set up the partnership: a workspace admin runs `/forum setup`"},
        {"done": counts["boards"] > 0, "text": "Add its boards, in `/forum setup`"},
        {"done": counts["channels"] > 0, "text": "Give each board its Slack channel (and invite me to it)"},
        {"done": counts["members"] > 0, "text": "Members: everyone in a board's channel becomes its member"},
        {
            "done": counts["meetings"] > 0,
            "text": "The next meeting: drop the agenda pack into a direct message with me, or `/forum new meeting`",
        },
        {
            "done": counts["indicators"] > 0,
            "text": "Indicators: drop an indicator table or a spreadsheet (.csv) into a direct message with me",
        },
    ]
    return [] if all(step["done"] for step in steps) else steps


def consultations_owned(session: Session, ctx: Context, person_id: int) -> list[dict[str, Any]]:
    from sqlmodel import col, select

    from commands.core.formatting import long_date, relative_days
    from storage.tables import Consultation

    rows = session.exec(
        select(Consultation)
        .where(
            Consultation.response_owner_id == person_id,
            col(Consultation.archived_at).is_(None),
            Consultation.response_status != "submitted",
            (col(Consultation.closes).is_(None)) | (col(Consultation.closes) >= ctx.today),
        )
        .order_by(col(Consultation.closes))
    ).all()
    return [
        {
            "ref": c.ref,
            "title": c.title,
            "closes": long_date(c.closes) if c.closes else None,
            "left": relative_days(c.closes, ctx.today) if c.closes else None,
            "status": c.response_status.replace("_", " "),
        }
        for c in rows
    ]


def flagged_indicators(session: Session, ctx: Context, board_ids: list[int]) -> dict[str, list[dict[str, Any]]]:
    """The red and the amber indicators of the caller's boards (red first, MAX_INDICATORS in all),
    each with its sparkline's address (None without a public address) and the trend in words."""
    from commands.core import charts
    from commands.core.indicator_lookup import code_order
    from commands.indicators import indicator_views
    from storage import indicators as indicator_queries

    views = indicator_views(session, ctx, indicator_queries.active_indicators(session, board_ids))
    flagged = [v for v in views if v["rag"] in ("red", "amber")]
    flagged = sorted(flagged, key=lambda v: (v["rag"] != "red", code_order(v["code"])))[:MAX_INDICATORS]
    for view in flagged:
        drawn = charts.indicator_chart(ctx.settings, ctx.now, view, kind="sparkline")
        view.update(sparkline_url=drawn["chart_url"], sparkline_alt=drawn["chart_alt"])
    return {
        "red_indicators": [v for v in flagged if v["rag"] == "red"],
        "amber_indicators": [v for v in flagged if v["rag"] == "amber"],
    }
