"""A ten-year partnership for the benchmarks, written straight into a migrated database.

    .venv/bin/python -m bench.dataset [DATABASE_URL] [--actions N]

Shaped like the Luton Forum over ten years (nine and a half behind today, half a year ahead): the
Forum and 15 theme boards, 300 people in 40 organisations, 660 meetings (the Forum six a year, each
board four) with agendas, papers, attendance and minutes, ~16 actions a meeting, 220 indicators
with yearly targets and quarterly readings, 120 consultations, each record stamped when it would have
been written (agendas and papers a week before their meeting). As in a real partnership, almost
every old action is done or dropped: a fixed handful is open (overdue, due this week, due later),
however long the history, which is what lets the reminder benchmark ask whether a sweep grows with
history. The records go in by bulk insert (the YAML loader audits row by row and would take an
hour over a million actions); they are the same tables and columns the bot reads.
"""

from __future__ import annotations

import argparse
import random
import tempfile
import time
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from datetime import time as clock
from pathlib import Path
from zoneinfo import ZoneInfo

from sqlalchemy import Engine, func, insert, select

from storage.db import make_engine, upgrade
from storage.tables import (
    Action,
    AgendaItem,
    Attendance,
    Board,
    BoardMember,
    Consultation,
    Indicator,
    IndicatorReading,
    IndicatorTarget,
    Meeting,
    Minute,
    Organisation,
    Paper,
    Person,
)

LONDON = ZoneInfo("Europe/London")
BENCH_MEMBER, BENCH_OFFICER = "U0BENCH001", "U0BENCH002"  # the load generator's callers

BOARDS = [
    ("forum", "Luton Forum", "forum"),
    ("safer", "Stronger and Safer Communities Board", "theme_board"),
    ("health", "Health and Wellbeing Board", "theme_board"),
    ("children", "Children's Trust Board", "theme_board"),
    ("economy", "Economic Development Board", "theme_board"),
    ("environment", "Environment Board", "theme_board"),
    ("housing", "Housing Partnership", "theme_board"),
    ("culture", "Culture Board", "theme_board"),
    ("older", "Older People's Partnership", "theme_board"),
    ("equalities", "Equalities Forum", "theme_board"),
    ("pmsg", "Performance Management Sub Group", "sub_group"),
    ("voluntary", "Voluntary Sector Assembly", "theme_board"),
    ("transport", "Transport Board", "theme_board"),
    ("skills", "Skills and Learning Board", "theme_board"),
    ("neighbourhoods", "Neighbourhood Governance Board", "theme_board"),
    ("tackling-poverty", "Tackling Poverty Board", "theme_board"),
]
AGENDA = [
    "Introductions and Apologies",
    "Minutes of the last meeting",
    "Matters arising",
    "Sustainable Community Strategy priorities",
    "Performance report",
    "Budget",
    "Consultation responses",
    "Any other business",
]
VERBS = [
    "Report",
    "Circulate",
    "Write to",
    "Arrange a meeting with",
    "Draft a response to",
    "Update the board on",
    "Bring a paper on",
    "Consult partners about",
]
THINGS = [
    "the Local Area Agreement refresh",
    "NI 151 employment figures",
    "the Compact",
    "the budget consultation",
    "the community cohesion plan",
    "the PMSG",
    "GO-East",
    "the Place Survey results",
    "the Total Place pilot",
    "the worklessness strategy",
    "the neighbourhood plans",
    "the Children's Plan",
]
FIRST = [
    "Bren",
    "Hazel",
    "Sarah",
    "Mike",
    "Lisa",
    "Anwar",
    "Prue",
    "Dave",
    "Jo",
    "Sam",
    "Rita",
    "Tom",
    "Asha",
    "Colin",
    "Fatima",
    "Gary",
    "Helen",
    "Imran",
    "Julie",
    "Karen",
]
LAST = [
    "McGowan",
    "Simmons",
    "Haque",
    "Canham",
    "Fothergill",
    "Kempson",
    "Ahmed",
    "Brown",
    "Clarke",
    "Davies",
    "Evans",
    "Green",
    "Hussain",
    "Khan",
    "Patel",
    "Roberts",
    "Smith",
    "Taylor",
]


@dataclass
class Dataset:
    url: str
    counts: dict[str, int] = field(default_factory=dict)
    seconds: float = 0.0
    open_actions: int = 0
    overdue_actions: int = 0


def _local(day: date, hour: int, minute: int = 0) -> datetime:
    return datetime.combine(day, clock(hour, minute), tzinfo=LONDON).astimezone(UTC)


def _period(day: date) -> str:
    """The financial year and quarter a day falls in: 2 August 2019 → "2019/20 Q2"."""
    year = day.year if day.month >= 4 else day.year - 1
    return f"{year}/{(year + 1) % 100:02d} Q{(day.month - 4) % 12 // 3 + 1}"


class _Writer:
    def __init__(self, engine: Engine, now: datetime):
        self.engine, self.now = engine, now
        self.tracked = {"created_at": now, "updated_at": now, "archived_at": None, "version": 1, "source": "bench"}

    def rows(self, model, rows: list[dict], chunk: int = 20_000) -> None:
        keys = {key for row in rows for key in row}  # executemany wants every row to name the same columns
        blank = {**dict.fromkeys(keys), **self.tracked}
        with self.engine.begin() as connection:
            for start in range(0, len(rows), chunk):
                connection.execute(insert(model.__table__), [{**blank, **r} for r in rows[start : start + chunk]])


def build(
    url: str,
    *,
    actions: int = 10_000,
    today: date | None = None,
    overdue: int = 150,
    due_soon: int = 60,
    open_later: int = 90,
    seed: int = 7,
) -> Dataset:
    """Fill an empty, migrated database at `url`. `overdue`, `due_soon` (within 3 days) and
    `open_later` actions are open; the rest are done or dropped."""
    began = time.perf_counter()
    rng = random.Random(seed)
    today = today or datetime.now(LONDON).date()
    engine = make_engine(url)
    upgrade(engine)
    now = datetime.now(UTC)
    w = _Writer(engine, now)
    first_day, last_day = today - timedelta(days=round(9.5 * 365)), today + timedelta(days=182)

    w.rows(
        Organisation,
        [
            {
                "id": i,
                "name": f"Partner organisation {i}",
                "sector": rng.choice(["statutory", "voluntary", "private", "other"]),
            }
            for i in range(1, 41)
        ],
    )
    people = [
        {
            "id": i,
            "name": f"{FIRST[i % len(FIRST)]} {LAST[i % len(LAST)]} {i}",
            "organisation_id": 1 + i % 40,
            "title": "Partnership officer" if i % 10 == 0 else "Board member",
            "slack_user_id": f"U0P{i:07d}" if i <= 200 else None,
            "role": "officer" if i % 25 == 0 else "member",
        }
        for i in range(1, 301)
    ]
    people += [
        {"id": 301, "name": "Bench Member", "organisation_id": 1, "slack_user_id": BENCH_MEMBER, "role": "member"},
        {"id": 302, "name": "Bench Officer", "organisation_id": 1, "slack_user_id": BENCH_OFFICER, "role": "officer"},
    ]
    w.rows(Person, people)
    w.rows(
        Board,
        [
            {
                "id": n,
                "slug": slug,
                "name": name,
                "kind": kind,
                "parent_id": None if n == 1 else 1,
                "chair_id": n * 7,
                "vice_chair_id": n * 7 + 1,
                "slack_channel_id": f"C0BOARD{n:03d}",
            }
            for n, (slug, name, kind) in enumerate(BOARDS, start=1)
        ],
    )
    w.rows(
        BoardMember,
        [
            {"board_id": b, "person_id": p, "position": "member"}
            for b in range(1, len(BOARDS) + 1)
            for p in rng.sample(range(1, 301), 20)
        ]
        + [{"board_id": b, "person_id": 301, "position": "member"} for b in (1, 2)],
    )

    meetings, items, papers, attendance, minutes = [], [], [], [], []
    for board in range(1, len(BOARDS) + 1):
        every = timedelta(days=61 if board == 1 else 91)  # the Forum six times a year, boards four
        day = first_day + timedelta(days=board * 3)
        while day <= last_day:
            day += timedelta(days=(3 - day.weekday()) % 7)  # a Thursday
            meeting_id = len(meetings) + 1
            held = day < today
            # When its papers were written, as in a real history (not all at the build's moment):
            # the agenda and papers a week and a day before; a meeting further off than that was
            # put in the forward plan months ago; the minutes a week after it.
            published = _local(day, 10) - timedelta(days=8)
            stamped = {"created_at": published if published <= now else now - timedelta(days=90)}
            stamped["updated_at"] = stamped["created_at"]
            written = {"created_at": min(_local(day, 10) + timedelta(days=7), now)}
            written["updated_at"] = written["created_at"]
            meetings.append(
                {
                    "id": meeting_id,
                    "board_id": board,
                    "starts_at": _local(day, 14),
                    "ends_at": _local(day, 16),
                    "venue": "Town Hall",
                    "address": "George Street, Luton",
                    "status": "held" if held else "scheduled",
                }
            )
            for n, title in enumerate(AGENDA, start=1):
                item_id = len(items) + 1
                items.append(
                    {
                        "id": item_id,
                        "meeting_id": meeting_id,
                        "number": str(n),
                        "position": n,
                        "title": title,
                        "presenter_id": rng.randint(1, 300),
                        "purpose": "discussion",
                        "paper_kind": "report" if n % 2 else "verbal",
                        **stamped,
                    }
                )
                if n % 2:
                    papers.append(
                        {
                            "agenda_item_id": item_id,
                            "title": f"{title} – report",
                            "kind": "report",
                            "url": f"https://papers.example.org/{meeting_id}/{n}.pdf",
                            **stamped,
                        }
                    )
            if held:
                attendance += [
                    {"meeting_id": meeting_id, "person_id": p, "kind": "present"} for p in rng.sample(range(1, 301), 10)
                ]
                minutes += [
                    {
                        "meeting_id": meeting_id,
                        "number": str(n),
                        "position": n,
                        "title": AGENDA[n - 1],
                        "ref": str(n),
                        "discussion": "The board discussed the report.",
                        **written,
                    }
                    for n in range(1, 7)
                ]
            day += every
    for model, rows in (
        (Meeting, meetings),
        (AgendaItem, items),
        (Paper, papers),
        (Attendance, attendance),
        (Minute, minutes),
    ):
        w.rows(model, rows)

    held = [m for m in meetings if m["status"] == "held"]
    open_kinds = ["overdue"] * overdue + ["soon"] * due_soon + ["later"] * open_later
    rows = []
    for n in range(1, actions + 1):
        meeting = held[(n * len(held)) // (actions + 1)]  # oldest meetings first, evenly
        met = meeting["starts_at"].astimezone(LONDON).date()
        kind = open_kinds[n - 1 - (actions - len(open_kinds))] if n > actions - len(open_kinds) else "closed"
        if kind == "overdue":
            due, status = today - timedelta(days=rng.randint(1, 400)), rng.choice(["open", "in_progress"])
        elif kind == "soon":
            due, status = today + timedelta(days=rng.randint(0, 3)), "open"
        elif kind == "later":
            due, status = today + timedelta(days=rng.randint(10, 150)), "open"
        else:
            due, status = met + timedelta(days=rng.randint(14, 120)), "done" if n % 17 else "dropped"
        owned = n % 5 != 0
        rows.append(
            {
                "id": n,
                "description": f"{VERBS[n % len(VERBS)]} {THINGS[n % len(THINGS)]} (#{n})",
                "owner_id": rng.randint(1, 300) if owned else None,
                "owner_text": None if owned else "the LSP Manager",
                "board_id": meeting["board_id"],
                "due_date": due,
                "status": status,
                "meeting_id": meeting["id"],
                "completed_at": _local(min(due, today - timedelta(days=1)), 12) if status == "done" else None,
            }
        )
        if len(rows) == 50_000:
            w.rows(Action, rows)
            rows = []
    w.rows(Action, rows)

    first_year = first_day.year if first_day.month >= 4 else first_day.year - 1
    years = [f"{y}/{(y + 1) % 100:02d}" for y in range(first_year, today.year + 1)]
    quarters = sorted({_period(first_day + timedelta(days=d)) for d in range(0, (today - first_day).days - 95, 30)})
    codes = [f"NI {n}" for n in range(1, 199)] + [f"LI {n:02d}" for n in range(1, 23)]
    indicators, targets, readings = [], [], []
    for i, code in enumerate(codes, start=1):
        title = "Overall employment rate" if code == "NI 151" else f"{code}: partnership indicator {i}"
        lower = i % 3 == 0
        indicators.append(
            {
                "id": i,
                "code": code,
                "title": title,
                "unit": "%",
                "direction": "lower" if lower else "higher",
                "baseline": 70.0,
                "baseline_period": years[0],
                "board_id": 1 + i % len(BOARDS),
                "lead_text": "Luton Borough Council",
                "illustrative": True,
            }
        )
        targets += [
            {"indicator_id": i, "period": y, "value": 70.0 + (-1 if lower else 1) * k * 0.5}
            for k, y in enumerate(years)
        ]
        readings += [{"indicator_id": i, "period": q, "value": round(70.0 + rng.uniform(-3, 3), 2)} for q in quarters]
    w.rows(Indicator, indicators)
    w.rows(IndicatorTarget, targets)
    w.rows(IndicatorReading, readings)

    consultations = []
    for n in range(1, 121):
        # ten years of closed ones, and the last ten still open over the coming weeks
        closes = first_day + timedelta(days=n * 31) if n <= 110 else today + timedelta(days=(n - 110) * 9)
        consultations.append(
            {
                "id": n,
                "title": f"Consultation on {THINGS[n % len(THINGS)]} ({n})",
                "issuer": "Government Office for the East of England",
                "opens": closes - timedelta(days=84),
                "closes": closes,
                "board_id": 1 + n % len(BOARDS),
                "response_owner_id": rng.randint(1, 300),
                "response_status": "submitted" if closes < today else rng.choice(["not_started", "drafting"]),
                "submitted_at": _local(closes - timedelta(days=2), 12) if closes < today else None,
            }
        )
    w.rows(Consultation, consultations)

    result = Dataset(url=url, seconds=time.perf_counter() - began)
    with engine.connect() as connection:
        for model in (
            Board,
            Person,
            Meeting,
            AgendaItem,
            Action,
            Indicator,
            IndicatorTarget,
            IndicatorReading,
            Consultation,
        ):
            result.counts[model.__tablename__] = connection.execute(
                select(func.count()).select_from(model)
            ).scalar_one()
        result.open_actions = connection.execute(
            select(func.count()).select_from(Action).where(Action.status.in_(["open", "in_progress"]))
        ).scalar_one()
        result.overdue_actions = connection.execute(
            select(func.count())
            .select_from(Action)
            .where(Action.status.in_(["open", "in_progress"]), Action.due_date < today)
        ).scalar_one()
    engine.dispose()
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("url", nargs="?")
    parser.add_argument("--actions", type=int, default=10_000)
    args = parser.parse_args()
    url = args.url or f"sqlite:///{Path(tempfile.mkdtemp()) / 'partnership.db'}"
    made = build(url, actions=args.actions)
    print(
        f"{made.url}: {made.counts} ({made.open_actions} open, {made.overdue_actions} overdue) in {made.seconds:.1f} s"
    )


if __name__ == "__main__":
    main()
