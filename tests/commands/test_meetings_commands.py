"""`meetings`, `agenda`, `apologies` and `attendance` on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from sqlalchemy import select
from sqlmodel import Session

from storage.tables import Attendance, AuditEvent
from templates import render_text
from tests.support import asking
from tests.support.clock import LONDON
from tests.support.partnerships import loaded_yaml, upcoming_yaml

TODAY = date(2027, 6, 1)  # a Tuesday; the Forum meets Friday 11 June (the 4 June one is cancelled)
NOW = datetime(2027, 6, 1, 8, tzinfo=UTC)


@pytest.fixture
def forum(loaded):
    return loaded_yaml(loaded, upcoming_yaml(TODAY), LONDON)


def ask(engine, text: str, user: str | None = "U0DAVEK01", surface: str = "slack"):
    return render_text(asking.ask(engine, text, user, now=NOW, surface=surface))


def test_meetings_lists_coming_meetings_with_status(forum):
    text = ask(forum, "meetings")
    assert text.index("Friday 4 June 2027 at 10:00 am BST") < text.index("Friday 11 June 2027 at 2:00 pm BST")
    assert "CANCELLED: Not quorate" in text and "Police HQ" not in text
    assert "Police HQ" in ask(forum, "meetings all")
    assert "Police HQ" in ask(forum, "meetings safer")


@pytest.mark.parametrize("words", ["", "next", "11 June", "2027-06-11", "friday week", "11th June 2027", "June 11"])
def test_agenda_finds_the_meeting_however_the_day_is_said(forum, words):
    text = ask(forum, f"agenda {words}".strip())
    assert text.startswith("Agenda: Luton Forum\nFriday 11 June 2027 at 2:00 pm BST")
    assert "6. Sustainable Community Strategy priorities" in text


@pytest.mark.parametrize(
    "words, expected",
    [
        ("31 February", "“31 February” is not a real date."),
        ("12 June", "The Luton Forum has no meeting on Saturday 12 June 2027."),
        ("6 June", "That day: Stronger and Safer Communities Board (`safer`)"),
        ("next nowhere", "I don't know a board called “nowhere”."),
        ("6 June safer", "Agenda: Stronger and Safer Communities Board"),
    ],
)
def test_agenda_problems_are_explained(forum, words, expected):
    assert expected in ask(forum, f"agenda {words}")


def attendance_rows(engine):
    with Session(engine) as session:
        return [
            (a.name_text, a.kind, a.archived_at is None)
            for a in session.exec(select(Attendance).order_by(Attendance.id)).scalars()
        ]


def test_apologies_with_a_substitute_then_withdrawn(forum):
    said = ask(forum, "apologies sub <@U0HAZEL01>")
    assert (
        "Apologies recorded for you, Dave Kempson, for the Luton Forum on Friday 11 June 2027 at 2:00 pm."
        " Hazel Simmons will substitute for you."
    ) in said
    assert attendance_rows(forum) == [("Dave Kempson", "apologies", True), ("Hazel Simmons", "substitute", True)]
    listed = ask(forum, "attendance")
    assert (
        "Substitutes (1):\n  Hazel Simmons (for Dave Kempson)" in listed and "Apologies (1):\n  Dave Kempson" in listed
    )
    assert "withdrawn" in ask(forum, "apologies withdraw")
    assert attendance_rows(forum) == [("Dave Kempson", "apologies", False), ("Hazel Simmons", "substitute", False)]
    assert "No apologies have been sent yet." in ask(forum, "attendance next")
    assert "Apologies recorded" in ask(forum, "apologies 11 June")  # sent again: the same row comes back
    assert attendance_rows(forum)[0] == ("Dave Kempson", "apologies", True)
    with Session(forum) as session:
        verbs = [
            e.verb
            for e in session.exec(
                select(AuditEvent).where(AuditEvent.entity == "attendance").order_by(AuditEvent.id)
            ).scalars()
        ]
    assert verbs == ["create", "create", "archive", "archive", "update"]


@pytest.mark.parametrize(
    "text, user, expected",
    [
        ("apologies", "U0STRANGER", "I don't know you yet"),
        ("apologies sub <@U0NOBODY1>", "U0DAVEK01", "isn't in the partnership's records"),
        ("apologies sub Dave Kempson", "U0DAVEK01", "You can't substitute for yourself."),
        ("apologies 4 June", "U0DAVEK01", "That meeting is cancelled: no apologies needed."),
        ("apologies 30 February", "U0DAVEK01", "is not a real date"),
        ("apologies withdraw", "U0DAVEK01", "You have no apologies recorded"),
    ],
)
def test_apologies_refusals_change_nothing(forum, text, user, expected):
    assert expected in ask(forum, text, user=user)
    assert attendance_rows(forum) == []


def test_the_console_gives_the_same_answers_as_slack(forum):
    assert ask(forum, "agenda 11 June", surface="console") == ask(forum, "agenda 11 June")
