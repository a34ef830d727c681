"""`forum import PAPER [--dry-run] [--board SLUG]`, and a paper uploaded to the bot in Slack.

A dry run reads the paper and loads it into a transaction that is rolled back, so it says exactly
what an import would create or change; an import does the same and commits — all of it, or
nothing. Either way the answer lists what was found, grouped, with anything the reader was unsure of.
"""

from __future__ import annotations

from collections.abc import Callable
from zoneinfo import ZoneInfo

from sqlalchemy import Engine
from sqlmodel import Session

from commands.core.formatting import clock, long_date
from commands.core.reply import Reply, message, refusal
from commands.imports.load_partnership import LoadReport, load
from commands.imports.papers.build import Built, PaperNotImported, build
from commands.imports.papers.found import Findings
from commands.imports.papers.reading import read_findings
from commands.imports.papers.text import PaperRefused, PaperText, read_paper
from commands.imports.partnership_file import PartnershipFile, PartnershipFileError
from storage.db import read_only, transaction
from storage.meetings import meeting_on
from storage.tables import ActionUpdate, Meeting
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
        meeting = meeting_on(session, built.board.id, entry.starts.date(), tz)
        if meeting is not None:
            unknown = entry.starts.date() in built.time_unknown
            if meeting.time_unknown != unknown:
                record, changed = upsert(session, actor, Meeting, {"id": meeting.id}, {"time_unknown": unknown})
                report.count(record, changed)
    for action_id, text, source in built.updates:
        record, changed = upsert(
            session, actor, ActionUpdate, {"action_id": action_id, "text": text}, {"source": source}
        )
        report.count(record, changed)
    if progress:
        progress(len(chunks) + 1, len(chunks) + 1, "done")
    return report


def preview(engine: Engine, tz: ZoneInfo, name: str, data: bytes, board: str | None = None) -> Reply:
    return _run(engine, tz, name, data, board, actor="dry-run", commit=False)


def import_paper(
    engine: Engine,
    tz: ZoneInfo,
    name: str,
    data: bytes,
    board: str | None,
    actor: str,
    progress: Progress | None = None,
) -> Reply:
    return _run(engine, tz, name, data, board, actor=actor, commit=True, progress=progress)


def _run(
    engine: Engine,
    tz: ZoneInfo,
    name: str,
    data: bytes,
    board: str | None,
    actor: str,
    commit: bool,
    progress: Progress | None = None,
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
            built = build(session, paper, findings, board, tz)
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


def summarise(paper: PaperText, built: Built, report: LoadReport, tz: ZoneInfo, dry_run: bool) -> dict:
    data = built.data
    meetings = []
    for meeting in data.meetings:
        counts: dict[str, int] = {}
        for person in meeting.attendance:
            counts[person.kind] = counts.get(person.kind, 0) + 1
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
            }
            for i in data.indicators
        ],
        "counts": {
            "meetings": len(data.meetings),
            "agenda items": sum(len(m.agenda) for m in data.meetings),
            "attendance": sum(len(m.attendance) for m in data.meetings),
            "minutes": sum(len(m.minutes) for m in data.meetings),
            "resolutions": sum(len(x.resolutions) for m in data.meetings for x in m.minutes),
            "actions": len(data.actions),
            "consultations": len(data.consultations),
            "indicators": len(data.indicators),
        },
        "unsure": [f"line {line}: {text}" for line, text in built.unsure],
        "changes": report.summary().replace("in the file", "in the paper"),
        "written": report.total_written,
    }


def _day(iso: str):
    from datetime import date

    return date.fromisoformat(iso)
