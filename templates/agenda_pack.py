"""The drafted agenda pack as a Word document (python-docx), laid out as council papers are — so an
officer can edit it as their own, and `forum import` reads it back: the board's heading, the day,
time and venue, AGENDA and numbered items; the previous minutes under their own heading with the
attendance by section, numbered minutes and RESOLVED; then each report with its header table
(AGENDA ITEM, DATE OF MEETING, SUBJECT) — Matters Arising, and Exceptions."""

from __future__ import annotations

import io
from typing import Any

PAPER_NOTE = {"report attached": "Report attached", "presentation": "Presentation", "report to follow": "To follow"}


def agenda_pack_docx(pack: dict[str, Any]) -> bytes:
    import docx
    from docx.enum.text import WD_BREAK

    document = docx.Document()
    board, meeting = pack["board"], pack["meeting"]

    def page_break() -> None:
        document.add_paragraph().add_run().add_break(WD_BREAK.PAGE)

    def report_header(item: str, subject: str) -> None:
        table = document.add_table(rows=3, cols=2)
        table.style = "Table Grid"
        for row, (key, value) in zip(
            table.rows,
            (("AGENDA ITEM:", item), ("DATE OF MEETING:", meeting["date"]), ("SUBJECT:", subject)),
            strict=True,
        ):
            row.cells[0].text, row.cells[1].text = key, value

    # The front sheet and agenda.
    document.add_heading(board.upper(), level=1)
    document.add_paragraph(meeting["date"])
    document.add_paragraph(meeting["time"])
    for line in (meeting.get("venue"), meeting.get("address"), meeting.get("note")):
        if line:
            document.add_paragraph(line)
    document.add_heading("AGENDA", level=2)
    numbers: dict[str, str] = {}
    for item in pack["items"]:
        paper = PAPER_NOTE.get(item.get("paper") or "")
        document.add_paragraph(f"{item['number']}. {item['title']}" + (f" ({paper})" if paper else ""))
        said = []
        if item.get("presenter"):
            said.append(f"{item['presenter']} to present.")
        if item.get("purpose"):
            purpose = str(item["purpose"])
            said.append(purpose[:1].upper() + purpose[1:] + ".")
        if said:
            document.add_paragraph(" ".join(said))
        numbers[item["title"].casefold()] = item["number"]

    previous = pack.get("previous")
    if previous:
        page_break()
        document.add_heading(previous["board"].upper(), level=1)
        document.add_paragraph(
            f"Minutes of the meeting held on {previous['date']}"
            + (f" at {previous['time']}" if previous["time"] else "")
        )
        if previous["venue"]:
            document.add_paragraph(previous["venue"])
        if not previous["attendance"]:
            document.add_paragraph("Present: (attendance not recorded)")
        for section in previous["attendance"]:
            if section["heading"] == "Substitutes":  # one a line: "X substituting for Y"
                document.add_paragraph(f"{section['heading']}:")
                for person in section["people"]:
                    document.add_paragraph(person)
            else:
                document.add_paragraph(f"{section['heading']}: {', '.join(section['people'])}")
        for minute in previous["minutes"]:
            ref = f" (REF: {minute['ref']})" if minute.get("ref") else ""
            document.add_heading(f"{minute['number']} {minute['title']}{ref}", level=3)
            for paragraph in (minute.get("discussion") or "").split("\n"):
                if paragraph.strip():
                    document.add_paragraph(paragraph.strip())
            resolutions = minute["resolutions"]
            if len(resolutions) == 1:
                document.add_paragraph(f"RESOLVED: {resolutions[0]['text']}")
            elif resolutions:
                document.add_paragraph("RESOLVED:")
                for resolution in resolutions:
                    document.add_paragraph(f"{resolution['label']} {resolution['text']}")

    matters = pack.get("matters_arising") or []
    page_break()
    report_header(numbers.get("matters arising", ""), "Matters arising")
    document.add_heading("PURPOSE", level=2)
    document.add_paragraph(
        f"This report updates members on the actions from the last meeting of the {board}, not covered "
        "elsewhere on the agenda."
    )
    document.add_heading("REPORT", level=2)
    if not matters:
        document.add_paragraph("No actions were recorded at the last meeting.")
    for n, matter in enumerate(matters, 1):
        facts = [f"{matter['ref']}: {matter['description']}", f"Owner: {matter['owner']}"]
        if matter.get("due"):
            facts.append(f"due {matter['due']}")
        facts.append(f"status: {matter['status']}")
        if matter.get("latest"):
            facts.append(f"latest: {matter['latest']}")
        minute = matter.get("minute")
        title = matter.get("minute_title") or "Action"
        lead = f"{n}. {minute} {title}: " if minute else f"{n}. "
        document.add_paragraph(lead + "; ".join(facts) + ".")

    exceptions = pack["exceptions"]
    page_break()
    report_header("", "Exceptions report")
    document.add_heading("PURPOSE", level=2)
    document.add_paragraph(
        "Indicators off target, actions overdue and consultations closing before "
        f"{exceptions['horizon']}, for the board's attention."
    )
    document.add_heading("Indicators red or amber", level=2)
    if not exceptions["indicators"]:
        document.add_paragraph("None.")
    for indicator in exceptions["indicators"]:
        trend = f"; {indicator['trend']}" if indicator.get("trend") else ""
        document.add_paragraph(
            f"{indicator['code']} {indicator['title']} — {indicator['rag'].upper()}: {indicator['reason']}{trend}"
            + (f" (lead: {indicator['lead']})" if indicator.get("lead") else "")
        )
    document.add_heading("Actions overdue, by owner", level=2)
    if not exceptions["overdue"]:
        document.add_paragraph("None.")
    for action in exceptions["overdue"]:
        document.add_paragraph(
            f"{action['owner']} — {action['ref']} {action['description']}: due {action['due']}, "
            f"{action['days_overdue']} days overdue" + (f" (from {action['source']})" if action.get("source") else "")
        )
    document.add_heading("Consultations closing soon", level=2)
    if not exceptions["consultations"]:
        document.add_paragraph("None.")
    for consultation in exceptions["consultations"]:
        owner = f"; response: {consultation['owner']}" if consultation.get("owner") else ""
        document.add_paragraph(f"{consultation['ref']} {consultation['title']}: closes {consultation['closes']}{owner}")

    out = io.BytesIO()
    document.save(out)
    return out.getvalue()
