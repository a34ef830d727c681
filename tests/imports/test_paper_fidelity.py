"""How faithfully the importer reads real papers, measured: the facts a careful officer would
record from the seed papers are written out below BY HAND (from reading the papers), each seed is
imported the real way into an empty database that knows only the Forum, the facts are read back
from the database, and precision and recall are computed, printed and asserted.

Target: recall ≥ 95% and no wrong dates. A fact the importer gets partly wrong (a presenter
missing from an agenda item, a resolution cut short) counts as missed AND as a false find.
"""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest
from sqlmodel import select

from commands.imports.papers.importer import import_paper
from storage.db import read_only
from storage.tables import (
    Action,
    ActionUpdate,
    AgendaItem,
    Attendance,
    Consultation,
    Meeting,
    Minute,
    Paper,
    Person,
    Resolution,
)
from tests.support.clock import LONDON
from tests.support.partnerships import load_yaml

SEEDS = Path(__file__).resolve().parents[2].parent / "shared" / "seeds"
JAN28, DEC3 = "2010-01-28", "2009-12-03"
JUN16, FEB17 = "2011-06-16", "2011-02-17"

# --- the facts, by hand -------------------------------------------------------------------------
# meeting: (day, start, end or None, venue as the paper names it)
# item: (day, number, title, presenters — names, or the words when no person is named —, purpose, paper)
# attendance: (day, name, kind, substitute for)
# minute: (day, number, title); resolution: (day, text); paper: (day, item, subject, author)
# action: (day, minute, owner, due, a word of what); consultation: (words of the title, closes, owner)
# matters arising: (day of the minutes, minute whose action the report updates, day of the report)

P000 = {
    "meetings": [(JAN28, "14:00", None, "Hat Factory"), (DEC3, "14:00", "16:05", "Hat Factory")],
    "items": [
        (JAN28, "1", "Introductions and Apologies", (), None, None),
        (JAN28, "2", "Minutes of the previous meetings", (), "decision", "report"),
        (JAN28, "3", "Matters Arising", ("Bren McGowan",), "information", "report"),
        (JAN28, "4", "Disclosures of Interests", (), None, None),
        (JAN28, "5", "Luton in Harmony", (), None, None),
        (JAN28, "6", "Luton Borough Council – Budget", ("Dave Kempson",), "discussion", "presentation"),
        (JAN28, "7", "Myplace", ("Everton Blake", "Lorna Brown"), "information", "presentation"),
        (JAN28, "8", "Bedfordshire and Luton Compact", ("Peter Headland", "Bren McGowan"), "decision", "report"),
        (JAN28, "9", "Theme Board Reports", ("Chairs of Theme Board",), "discussion", "to_follow"),
        (JAN28, "10", "Partnership Manager's Report", ("Bren McGowan",), "information", "report"),
    ],
    "attendance": [
        *(
            (DEC3, n, "present", None)
            for n in (
                "Hazel Simmons",
                "Peter Adams",
                "Maggie Appleton",
                "Graham Beckett",
                "Colin Chick",
                "Mike Colbourne",
                "Linda Farrell",
                "Anwar Haque",
                "Janet Montgomery",
                "David Oakley-Hill",
                "Gerry Taylor",
                "Jim Thakoordin",
                "Sian Timoney",
            )
        ),
        (DEC3, "Chris Hammond", "observer", None),
        *(
            (DEC3, n, "officer", None)
            for n in (
                "Lorna Brown",
                "Laura Church",
                "Peter Headland",
                "Roger Kirk",
                "Dean Stokes",
                "John Laverick",
                "Bren McGowan",
                "Deborah Garner",
                "Richard Lovelock",
            )
        ),
        *(
            (DEC3, n, "apologies", None)
            for n in (
                "Masood Akhtar",
                "David Barrett",
                "Everton Blake",
                "Anita Briddon",
                "Kevin Crompton",
                "Roy Davis",
                "Penny Fletcher",
                "Dave Fothergill",
                "Penny Furness-Smith",
                "Alison Hunt",
                "Debbie Jones",
                "Gillian Sharp",
                "Craig Smith",
                "Niall Spencer",
                "Jenny Spouge",
                "Neville White",
            )
        ),
    ],
    "minutes": [
        (DEC3, "35", "APOLOGIES FOR ABSENCE"),
        (DEC3, "36", "MINUTES OF THE MEETING HELD ON 10th SEPTEMBER 2009"),
        (DEC3, "37", "MATTERS ARISING"),
        (DEC3, "37", "ELECTION OF VICE CHAIR"),  # the paper numbers both 37
        (DEC3, "38", "LUTON WHOLE SYSTEM STRATEGY FOR OLDER PEOPLE"),
        (DEC3, "39", "JOINT STRATEGIC NEEDS ASSESSMENT – REFRESH"),
        (DEC3, "40", "COMPREHENSIVE COMMUNITY ENGAGEMENT STRATEGY"),
        (DEC3, "41", "LOCAL AREA AGREEMENT REFRESH AND REVIEW"),
        (DEC3, "42", "THEME BOARD REPORTS"),
        (DEC3, "43", "PARTNERSHIP MANAGER'S REPORT"),
    ],
    "resolutions": [
        (DEC3, text)
        for text in (
            "That the minutes of the Luton Forum held on 10th September 2009 be taken as read, approved as a correct "
            "record and signed by the Chair.",
            "That the report (Ref: 3) be noted",
            "That Anwar Haque, Luton Assembly be elected Vice Chair of the Luton Forum until the AGM in June 2010.",
            "That the presentation as attached at Appendix A to these minutes be noted.",
            "That the report (Ref: 7) be noted.",
            "That the presentation on the Comprehensive Community Engagement Strategy as attached at Appendix B, be noted",
            "That partner organisations be requested to respond to the consultation.",
            "That the presentation as attached at Appendix C to these minutes, be noted.",
            "That the report (Ref: 10) be noted.",
            "That the report (Ref: 11) be noted.",
        )
    ],
    "papers": [
        (JAN28, "3", "Matters arising", "Bren McGowan, LSP Manager"),
        (
            JAN28,
            "8",
            "Bedfordshire and Luton Compact – Consultation on Codes of Good Practice for Consultation and Partnerships",
            "Bren McGowan, LSP Manager",
        ),
        (JAN28, "9", "Theme Board updates", "Bren McGowan, LSP Manager"),
        (JAN28, "10", "LSP Manager's report", "Bren McGowan, LSP Manager"),
    ],
    "actions": [
        (DEC3, "37", "Dean Stokes", None, "distribute an update"),
        # the same minute says the consultation runs "until the end of February 2010"
        (DEC3, "40", "partner organisations", "2010-02-28", "respond to the consultation"),
    ],
    "consultations": [
        ("Whole System Strategy for Older People", "2010-01-21", None),
        ("Comprehensive Community Engagement Strategy", "2010-02-28", None),
        ("Code of Good Practice on Consultation", "2010-01-21", "Helen Nottingham"),
        ("Code of Good Practice on Partnerships", "2010-01-21", "Helen Nottingham"),
    ],
    "matters arising": [(DEC3, "37", JAN28), (DEC3, "40", JAN28)],
}

P001 = {
    "meetings": [(JUN16, "14:00", None, "Central Library"), (FEB17, "14:00", "16:15", "Luton Central Library")],
    "items": [
        (JUN16, "1", "Introductions and Apologies", (), None, None),
        (JUN16, "2", "Minutes of the previous meeting: 17 February 2011", (), None, "report"),
        (JUN16, "3", "Matters Arising", ("Bren McGowan",), "information", "report"),
        (JUN16, "4", "Disclosures of Interests", (), None, None),
        (JUN16, "5", "Governance arrangements", ("Governance Working Group",), "decision", "report"),
        (JUN16, "6", "Sustainable Community Strategy priorities", ("Bren McGowan",), "decision", "report"),
        (JUN16, "7", "Theme Updates", ("Bren McGowan",), "information", "report"),
    ],
    "attendance": [
        *(
            (FEB17, n, "present", None)
            for n in (
                "Hazel Simmons",
                "Anwar Haque",
                "Peter Adams",
                "John Archer",
                "David Barrett",
                "Everton Blake",
                "Colin Chick",
                "Mike Colbourne",
                "Lawrence Fagbayi",
                "Linda Farrell",
                "Linda Hockey",
                "David Oakley-Hill",
                "D. Reed",
                "Jim Thakoordin",
            )
        ),
        (FEB17, "Prue Canham", "substitute", "Dave Fothergill"),
        (FEB17, "Anne Fitcher", "substitute", "Martin Pratt"),
        (FEB17, "Ishaq Kazi", "substitute", "Mohammed Rafi"),
        (FEB17, "Morag Stewart", "substitute", "Gerry Taylor"),
        *(
            (FEB17, n, "officer", None)
            for n in ("Paul Barton", "Lorna Brown", "Salma Chowdhury", "Lisa Jerome", "Bren McGowan", "Dean Stokes")
        ),
        *(
            (FEB17, n, "apologies", None)
            for n in (
                "Sian Timoney",
                "Dave Fothergill",
                "Gillie Sharp",
                "Stephen Hall",
                "Alison Foster",
                "Mohammed Rafi",
                "Martin Pratt",
                "Trevor Holden",
                "R J Davis",
                "Laura Church",
                "Janet Montgomery",
                "Rob Simpson",
                "Sarita Jain",
                "Rumi Chowdhury",
                "Masood Akhtar",
            )
        ),
    ],
    "minutes": [
        (FEB17, "1", "APOLOGIES FOR ABSENCE"),
        (FEB17, "2", "MINUTES OF THE PREVIOUS MEETING"),
        (FEB17, "3", "DEVELOPMENT OF STRATEGY FOR EQUALITY, COHESION AND INCLUSION"),
        (FEB17, "4", "COMMISSION ON COMMUNITY COHESION"),
        (FEB17, "5", "GOVERNANCE ARRANGEMENTS"),
        (FEB17, "6", "SUSTAINABLE COMMUNITY STRATEGY – PRIORITIES"),
        (FEB17, "7", "POPULATION UNDERCOUNT AND 2011 CENSUS OF POPULATION"),
        (FEB17, "8", "LUTON'S BID FOR CITY STATUS"),
    ],
    "resolutions": [
        (FEB17, text)
        for text in (
            "That the Minutes of the Forum held on 4th November 2010 be taken as a correct record and signed by the Chair.",
            "That the report be noted and that any responses to the document be forwarded to Sarah Allen, Inclusion and "
            "Cohesion Manager, Luton Borough Council by 4th March with a view to the final draft being developed shortly "
            "after that date.",
            "That the recommendations of the report of the Commission on Community Cohesion be supported and that officers "
            "be requested to develop an action plan for the Partnership to be reported back to the Forum at a later date.",
            "That the Chair of the Equality, Cohesion and Inclusion Group be requested to convene a working party as "
            "described at paragraph 5.41 of the report of the Commission.",
            "That the proposals set out in paragraphs 26 to 31 of the report of the Governance Review Working Group be "
            "agreed but that any specific concerns, issues or suggestions be sent to the Group or the LSP Manager by 17th "
            "March as further proposals would be submitted to the next meeting of the Forum scheduled for 7th April.",
            "That the Forum's thanks be recorded to the members of the Working Group for their work on this issue.",
            "That the LSP Manager report back on the comments made by the Forum to the Performance Management Sub Group "
            "for further work.",
            "That the current work on lobbying on the undercount of the Luton population be noted.",
            "That the development of a local population estimate for 2010 be supported.",
            "That the current work on the 2011 Census of Population be noted.",
            "That the work on developing a local Census figure from administrative sources to validate the Census data be "
            "supported.",
            "That the update be noted.",
        )
    ],
    "papers": [
        (JUN16, "3", "Matters arising", "Bren McGowan, Partnership Manager"),
        (JUN16, "5", "Review of Governance arrangements", "Governance Review Working Group"),
        (JUN16, "6", "Sustainable Community Strategy Priorities", "Bren McGowan, Partnership Manager"),
        (JUN16, "7", "Theme Updates", "Bren McGowan, Partnership Manager"),
    ],
    "actions": [
        (FEB17, "4", "officers", None, "develop an action plan"),
        (FEB17, "4", "the Chair of the Equality, Cohesion and Inclusion Group", None, "convene a working party"),
        (FEB17, "6", "Bren McGowan", None, "report back"),  # "the LSP Manager": Bren McGowan, says the attendance
    ],
    "consultations": [
        ("Equality, Cohesion and Inclusion", "2011-03-04", "Sarah Allen"),
        ("Governance", "2011-03-17", "the Group or the LSP Manager"),
        ("Joint Strategic Needs Assessment", "2011-04-15", None),
    ],
    "matters arising": [(FEB17, "4", JUN16)],
}

EXPECTED = {
    "000_c04541c74a270d87.txt": P000,
    "001_901fc284807b5f34.txt": P001,
    "003_56f4611410f94759.txt": {},
    "004_565755bc5c7a96bc.txt": {},
}  # a bulletin and a report: no meetings


def _norm(text):
    if text is None:
        return None
    text = str(text).replace("\u2019", "'").replace("–", "-").replace("—", "-")
    return " ".join(text.split()).strip(" .").casefold()


def _facts(expected: dict) -> set[tuple]:
    facts: set[tuple] = set()
    for day, start, end, venue in expected.get("meetings", []):
        facts.add(("meeting", day, start, _norm(venue)))
        facts.add(("meeting end", day, end))
    for day, number, title, presenters, purpose, paper in expected.get("items", []):
        facts.add(("item", day, number, _norm(title), frozenset(map(_norm, presenters)), purpose, paper))
    for day, name, kind, for_whom in expected.get("attendance", []):
        facts.add(("attendance", day, _norm(name), kind, _norm(for_whom)))
    for day, number, title in expected.get("minutes", []):
        facts.add(("minute", day, number, _norm(title)))
    for day, text in expected.get("resolutions", []):
        facts.add(("resolution", day, _norm(text)))
    for day, item, subject, author in expected.get("papers", []):
        facts.add(("paper", day, item, _norm(subject), _norm(author)))
    for day, minute, owner, due, _what in expected.get("actions", []):
        facts.add(("action", day, minute, _norm(owner), due))
    for words, closes, owner in expected.get("consultations", []):
        facts.add(("consultation", _norm(words), closes, _norm(owner)))
    for day, minute, report_day in expected.get("matters arising", []):
        facts.add(("matters arising", day, minute, report_day))
    return facts


def _read_back(engine, expected: dict) -> tuple[set[tuple], list[str]]:
    """Every fact the database now holds, in the shape of the expected ones; and wrong dates."""
    facts: set[tuple] = set()
    wrong: list[str] = []
    expected_days = {m[0] for m in expected.get("meetings", [])}
    title_words = [_norm(c[0]) for c in expected.get("consultations", [])]
    with read_only(engine) as session:
        people = {p.id: p.name for p in session.exec(select(Person)).all()}
        meetings = {m.id: m for m in session.exec(select(Meeting)).all()}
        days = {i: m.starts_at.astimezone(LONDON).date().isoformat() for i, m in meetings.items()}
        for meeting_id, meeting in meetings.items():
            day = days[meeting_id]
            if day not in expected_days:
                wrong.append(f"a meeting on {day}, which the paper does not hold")
            facts.add(("meeting", day, f"{meeting.starts_at.astimezone(LONDON):%H:%M}", _norm(meeting.venue)))
            facts.add(("meeting end", day, f"{meeting.ends_at.astimezone(LONDON):%H:%M}" if meeting.ends_at else None))
        for item in session.exec(select(AgendaItem)).all():
            text = item.presenter_text or ""
            names = {_norm(name) for name in people.values() if name in text}
            presenters = frozenset(names) or (frozenset({_norm(text)}) if text else frozenset())
            facts.add(
                (
                    "item",
                    days[item.meeting_id],
                    item.number,
                    _norm(item.title),
                    presenters,
                    item.purpose,
                    item.paper_kind,
                )
            )
            for paper in session.exec(select(Paper).where(Paper.agenda_item_id == item.id)).all():
                facts.add(("paper", days[item.meeting_id], item.number, _norm(paper.title), _norm(paper.author)))
        for row in session.exec(select(Attendance)).all():
            facts.add(
                (
                    "attendance",
                    days[row.meeting_id],
                    _norm(people.get(row.person_id)),
                    row.kind,
                    _norm(people.get(row.substitute_for_id)),
                )
            )
        minutes = {m.id: m for m in session.exec(select(Minute)).all()}
        for minute in minutes.values():
            facts.add(("minute", days[minute.meeting_id], minute.number, _norm(minute.title)))
        for resolution in session.exec(select(Resolution)).all():
            facts.add(("resolution", days[minutes[resolution.minute_id].meeting_id], _norm(resolution.text)))
        expected_actions = {(a[0], a[1], _norm(a[2])): a[3] for a in expected.get("actions", [])}
        for action in session.exec(select(Action)).all():
            day, minute = days.get(action.meeting_id), minutes[action.minute_id].number if action.minute_id else None
            owner = _norm(people.get(action.owner_id) or action.owner_text)
            due = action.due_date.isoformat() if action.due_date else None
            facts.add(("action", day, minute, owner, due))
            if (day, minute, owner) in expected_actions and expected_actions[(day, minute, owner)] not in (due, None):
                wrong.append(f"action of minute {minute} due {due}, not {expected_actions[(day, minute, owner)]}")
            for update in session.exec(select(ActionUpdate).where(ActionUpdate.action_id == action.id)).all():
                said = re.search(r"Matters arising, (\d{1,2} \w+ \d{4})", update.text)
                if said:
                    from datetime import datetime

                    report_day = datetime.strptime(said.group(1), "%d %B %Y").date().isoformat()
                    facts.add(("matters arising", day, minute, report_day))
        expected_closes = {_norm(c[0]): c[1] for c in expected.get("consultations", [])}
        for consultation in session.exec(select(Consultation)).all():
            title = _norm(consultation.title)
            key = next((words for words in title_words if words in title), title)
            closes = consultation.closes.isoformat() if consultation.closes else None
            owner = _norm(people.get(consultation.response_owner_id) or consultation.response_owner_text)
            facts.add(("consultation", key, closes, owner))
            if key in expected_closes and closes != expected_closes[key]:
                wrong.append(f"consultation {consultation.title!r} closes {closes}, not {expected_closes[key]}")
    return facts, wrong


@pytest.fixture(scope="module")
def seeds():
    if not SEEDS.is_dir():
        pytest.skip(f"the seed papers are not at {SEEDS} (they live in shared/seeds beside the repository)")
    return SEEDS


def test_the_importer_reads_the_seed_papers_faithfully(seeds, sqlite_engine, tmp_path, capsys):
    from storage.db import make_engine, upgrade

    expected_all, found_all, wrong_all, lines = set(), set(), [], []
    for name, expected in EXPECTED.items():
        engine = make_engine(f"sqlite:///{tmp_path / (name + '.db')}")
        upgrade(engine)
        load_yaml(engine, "boards: [{name: Luton Forum, slug: forum, kind: forum}]", LONDON)
        import_paper(engine, LONDON, name, (seeds / name).read_bytes(), None, f"import:{name}")
        found, wrong = _read_back(engine, expected)
        engine.dispose()
        wanted = {(name, *fact) for fact in _facts(expected)}
        got = {(name, *fact) for fact in found}
        expected_all |= wanted
        found_all |= got
        wrong_all += [f"{name}: {w}" for w in wrong]
        hits = len(wanted & got)
        lines.append(
            f"  {name}: {hits}/{len(wanted)} expected facts found, {len(got - wanted)} found that were not expected"
        )
    true = expected_all & found_all
    recall = len(true) / len(expected_all)
    precision = len(true) / len(found_all) if found_all else 1.0
    by_kind = {}
    for fact in expected_all:
        by_kind.setdefault(fact[1], [0, 0])[1] += 1
        by_kind[fact[1]][0] += fact in found_all
    with capsys.disabled():
        print(
            f"\n\nPaper import fidelity over {len(EXPECTED)} seed papers: recall {recall:.1%} "
            f"({len(true)}/{len(expected_all)}), precision {precision:.1%} ({len(true)}/{len(found_all)}), "
            f"wrong dates {len(wrong_all)}"
        )
        print("\n".join(lines))
        print("  by kind: " + ", ".join(f"{k} {hit}/{n}" for k, (hit, n) in sorted(by_kind.items())))
        for fact in sorted(expected_all - found_all, key=str):
            print(f"  missed: {fact}")
        for fact in sorted(found_all - expected_all, key=str):
            print(f"  not expected: {fact}")
    assert wrong_all == []
    assert recall >= 0.95
    assert precision >= 0.90


def test_the_descriptions_say_what_is_to_be_done(seeds, sqlite_engine):
    load_yaml(sqlite_engine, "boards: [{name: Luton Forum, slug: forum, kind: forum}]", LONDON)
    for name in ("000_c04541c74a270d87.txt", "001_901fc284807b5f34.txt"):
        import_paper(sqlite_engine, LONDON, name, (seeds / name).read_bytes(), None, "import:test")
    with read_only(sqlite_engine) as session:
        descriptions = [a.description.casefold() for a in session.exec(select(Action)).all()]
    for expected in (*P000["actions"], *P001["actions"]):
        assert any(expected[4] in d for d in descriptions), (expected, descriptions)
    assert date(2011, 3, 4)  # dates compared above as ISO text
