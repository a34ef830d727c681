"""`forum import PAPER [--dry-run] [--board SLUG]`, and a paper uploaded to the bot in Slack.

A dry run reads the paper and loads it into a transaction that is rolled back, so it says exactly
what an import would create or change; an import does the same and commits — all of it, or
nothing. Either way the answer lists what was found, grouped, with anything the reader was unsure of.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import Engine
from sqlmodel import Session, select

from commands.core.formatting import clock, long_date
from commands.core.reply import Reply, message, refusal
from commands.core.workspace import Profile
from commands.imports.load_partnership import LoadReport, load
from commands.imports.papers.build import Built, Choices, PaperNotImported, build
from commands.imports.papers.found import Findings
from commands.imports.papers.reading import read_findings
from commands.imports.papers.text import PaperRefused, PaperText, read_paper
from commands.imports.partnership_file import PartnershipFile, PartnershipFileError
from storage.db import read_only, transaction
from storage.meetings import meeting_on
from storage.tables import Action, ActionUpdate, Attendance, Meeting
from storage.writes import upsert

Progress = Callable[[int, int, str], None]  # (done, total, what)

_KIND_WORDS = {
    "present": "present",
    "substitute": "substitutes",
    "observer": "observers",
    "officer": "officers",
    "apologies": "apologies",
}


def _read(name: str, data: bytes) -> tuple[PaperText, Findings]:
    paper = read_paper(name, data)
    return paper, read_findings(paper)


def _nothing_found(findings: Findings) -> bool:
    return not (findings.meetings or findings.papers or findings.consultations or findings.indicators)


def _load(session: Session, built: Built, actor: str, tz: ZoneInfo, progress: Progress | None = None) -> LoadReport:
    data = built.data
    chunks: list[tuple[str, PartnershipFile]] = [
        *((f"meeting of {m.starts:%-d %B %Y}", PartnershipFile(meetings=[m])) for m in data.meetings),
        *(("actions", PartnershipFile(actions=[a])) for a in data.actions),
        *(("consultations", PartnershipFile(consultations=[c])) for c in data.consultations),
        *(("indicators", PartnershipFile(indicators=[i])) for i in data.indicators),
    ]
    report = LoadReport()
    for done, (what, chunk) in enumerate(chunks, 1):
        report.written |= load(session, chunk, actor, tz, merge=True).written
        if progress:
            progress(done, len(chunks) + 1, what)
    for entry in data.meetings:
        # Whether the start time is known is the paper's to say: unknown until a paper gives it.
        meeting = meeting_on(session, built.board.id or 0, entry.starts.date(), tz)
        if meeting is not None:
            unknown = entry.starts.date() in built.time_unknown
            if meeting.time_unknown != unknown:
                marked, changed = upsert(session, actor, Meeting, {"id": meeting.id}, {"time_unknown": unknown})
                report.count(marked, changed)
    for day, unlinked in built.unlinked_attendance:
        # someone whose name the officer did not settle: recorded by the name as written, nobody's
        attended = meeting_on(session, built.board.id or 0, day, tz)
        if attended is not None:
            row, changed = upsert(
                session,
                actor,
                Attendance,
                {"meeting_id": attended.id, "person_id": None, "name_text": unlinked["name"][:300]},
                {
                    "kind": unlinked["kind"],
                    "substitute_for_text": unlinked.get("substitute_for"),
                    "source": unlinked.get("source"),
                },
            )
            report.count(row, changed)
    for description, reference, written in built.unlinked_owners:
        # an owner whose name the officer did not settle: kept as written, linked to nobody
        held = meeting_on(session, built.board.id or 0, date.fromisoformat(reference.split()[1]), tz)
        if held is not None:
            action = session.exec(
                select(Action).where(Action.meeting_id == held.id, Action.description == description)
            ).first()
            if action is not None and action.owner_id is None and action.owner_text != written[:300]:
                owned, changed = upsert(session, actor, Action, {"id": action.id}, {"owner_text": written[:300]})
                report.count(owned, changed)
    for action_id, text, source in built.updates:
        update, changed = upsert(
            session, actor, ActionUpdate, {"action_id": action_id, "text": text}, {"source": source}
        )
        report.count(update, changed)
    if progress:
        progress(len(chunks) + 1, len(chunks) + 1, "done")
    return report


def preview(
    engine: Engine,
    tz: ZoneInfo,
    name: str,
    data: bytes,
    board: str | None = None,
    choices: Choices | None = None,
    members: Sequence[Profile] = (),
) -> Reply:
    """The dry run: what an import with these choices would write. A board the paper names that
    does not exist is proposed (shown as created) for the officer to confirm or change."""
    return _run(engine, tz, name, data, board, actor="dry-run", commit=False, choices=choices, members=members)


def import_paper(
    engine: Engine,
    tz: ZoneInfo,
    name: str,
    data: bytes,
    board: str | None,
    actor: str,
    progress: Progress | None = None,
    choices: Choices | None = None,
    members: Sequence[Profile] = (),
) -> Reply:
    return _run(engine, tz, name, data, board, actor, True, progress, choices, members)


def _run(
    engine: Engine,
    tz: ZoneInfo,
    name: str,
    data: bytes,
    board: str | None,
    actor: str,
    commit: bool,
    progress: Progress | None = None,
    choices: Choices | None = None,
    members: Sequence[Profile] = (),
) -> Reply:
    try:
        paper, findings = _read(name, data)
    except PaperRefused as error:
        return refusal(str(error), "Nothing was imported.")
    if _nothing_found(findings):
        return message(
            f"I found no agenda, minutes, reports, consultations or indicator tables in {paper.name}; "
            "there is nothing to import.",
            ok=False,
        )
    try:
        with transaction(engine) if commit else read_only(engine) as session:
            built = build(session, paper, findings, board, tz, choices, members, actor[:100], propose=not commit)
            report = _load(session, built, actor[:100], tz, progress)
            summary = summarise(paper, built, report, tz, dry_run=not commit)
    except (PaperNotImported, PartnershipFileError) as error:
        return refusal(f"{paper.name}: {error}", "Nothing was imported.")
    return Reply("paper_import", summary)


# --- the summary ----------------------------------------------------------------------------


def _line(source: str | None) -> int | None:
    try:
        return int((source or "").rsplit(":", 1)[1])
    except (IndexError, ValueError):
        return None


def _purpose(purpose: str | None) -> str | None:
    return f"for {purpose}" if purpose else None


def summarise(paper: PaperText, built: Built, report: LoadReport, tz: ZoneInfo, dry_run: bool) -> dict[str, Any]:
    data = built.data
    meetings = []
    for meeting in data.meetings:
        counts: dict[str, int] = {}
        unlinked = [entry for day, entry in built.unlinked_attendance if day == meeting.starts.date()]
        for kind in [p.kind for p in meeting.attendance] + [e["kind"] for e in unlinked]:
            counts[kind] = counts.get(kind, 0) + 1
        meetings.append(
            {
                "when": f"{long_date(meeting.starts)}, "
                + ("time unknown" if meeting.starts.date() in built.time_unknown else clock(meeting.starts))
                + (f" to {clock(meeting.ends)}" if meeting.ends else ""),
                "venue": ", ".join(v for v in (meeting.venue, meeting.address) if v) or None,
                "note": meeting.note,
                "held": meeting.status == "held" and "status" in meeting.model_fields_set,
                "line": _line(meeting.source),
                "agenda": [
                    {
                        "number": i.number,
                        "title": i.title,
                        "presenter": ", ".join(p for p in (i.presenter, i.presenter_title) if p) or None,
                        "purpose": _purpose(i.purpose),
                        "paper": (i.paper or "").replace("_", " ") or None,
                        "papers": [p.title for p in i.papers],
                        "line": _line(i.source),
                    }
                    for i in meeting.agenda
                ],
                "attendance": [{"kind": _KIND_WORDS[k], "count": n} for k, n in counts.items()],
                "minutes": [
                    {"number": m.number, "title": m.title, "resolutions": len(m.resolutions), "line": _line(m.source)}
                    for m in meeting.minutes
                ],
            }
        )
    actions = []
    for action in data.actions:
        day = action.meeting.split()[1] if action.meeting else None
        actions.append(
            {
                "description": action.description,
                "owner": action.owner or "no owner found",
                "due": long_date(action.due) if action.due else None,
                "line": _line(action.source),
                "origin": f"the minutes of {long_date(_day(day))}, minute {action.minute}" if day else None,
            }
        )
    return {
        "paper": paper.name,
        "board": built.board.name,
        "board_slug": built.board.slug,
        "dry_run": dry_run,
        "meetings": meetings,
        "actions": actions,
        "consultations": [
            {
                "title": c.title,
                "closes": long_date(c.closes) if c.closes else None,
                "owner": c.owner,
                "line": _line(c.source),
            }
            for c in data.consultations
        ],
        "indicators": [
            {
                "code": i.code,
                "title": i.title,
                "line": _line(i.source),
                "targets": ", ".join(f"{v:g} ({p})" for p, v in sorted(i.targets.items())),
                "readings": ", ".join(f"{v:g} ({p})" for p, v in sorted(i.readings.items())),
            }
            for i in data.indicators
        ],
        "counts": {
            "meetings": len(data.meetings),
            "agenda items": sum(len(m.agenda) for m in data.meetings),
            "attendance": sum(len(m.attendance) for m in data.meetings) + len(built.unlinked_attendance),
            "minutes": sum(len(m.minutes) for m in data.meetings),
            "resolutions": sum(len(x.resolutions) for m in data.meetings for x in m.minutes),
            "actions": len(data.actions),
            "consultations": len(data.consultations),
            "indicators": len(data.indicators),
            "indicator readings": sum(len(i.readings) for i in data.indicators),
        },
        "unsure": [f"line {line}: {text}" for line, text in built.unsure],
        "changes": _changes(report, built),
        "written": report.total_written,
        "new_board": built.proposed_board,
        "people": [_person(p) for p in built.people],
        "facts": built.facts,
        "skipped": built.skipped,
    }


def _person(entry: dict[str, Any]) -> dict[str, Any]:
    chosen = entry.get("chosen")
    names = {c["value"]: c["name"] for c in entry["candidates"]}
    if chosen == "new":
        decided = "someone new, by that name"
    elif chosen == "unlinked":
        decided = "left unlinked, as written"
    elif chosen:
        decided = names.get(chosen) or "the person you chose"
    else:
        decided = None
    return {
        **entry,
        "maybe": " or ".join(f"{c['name']} ({c['why']})" for c in entry["candidates"][:3]),
        "decided": decided,
    }


def _changes(report: LoadReport, built: Built) -> str:
    """What was (or would be) written — and, when nothing was, never "nothing to change" while
    something read was left out or left in doubt: that is said instead (issue 14)."""
    if report.written:
        return report.summary()
    left_out = len(built.skipped) + sum(1 for p in built.people if not p.get("chosen"))
    doubts = len(built.unsure)
    if left_out or doubts:
        said = []
        if left_out:
            said.append(f"{left_out} thing{'s' if left_out != 1 else ''} read in the paper left out or left unlinked")
        if doubts:
            said.append(f"{doubts} thing{'s' if doubts != 1 else ''} I was not sure of")
        return f"Nothing new to write from what was kept; see above: {' and '.join(said)}."
    return report.summary().replace("in the file", "in the paper")


def _day(iso: str) -> date:
    return date.fromisoformat(iso)
