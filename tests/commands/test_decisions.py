"""The decisions register's queries, on the demo's minutes and resolutions (SQLite and PostgreSQL)."""

from __future__ import annotations

import pytest
from sqlmodel import Session

from storage import decisions
from tests.support.clock import LONDON


@pytest.fixture
def forum(luton):
    return luton


def test_words_in_the_resolution_find_it_newest_meeting_first(forum):
    with Session(forum) as session:
        found = decisions.find_decisions(session, ["ref: 3"])
        every = decisions.find_decisions(session, [])
    assert found and all(
        "ref: 3" in d.resolution.text.casefold() or "ref: 3" in d.minute.title.casefold() for d in found
    )
    starts = [d.meeting.starts_at for d in every]
    assert starts == sorted(starts, reverse=True) and len(every) > len(found)


@pytest.mark.parametrize("hostile", ["%", "_", "'; drop table resolution; --", "x" * 5000, "<@U0BREN001>"])
def test_hostile_words_are_literal_text(forum, hostile):
    with Session(forum) as session:
        assert decisions.find_decisions(session, [hostile]) == []


def test_the_register_through_the_router_and_one_decision_with_its_actions(forum):
    from sqlmodel import select

    from storage.tables import Action, Resolution
    from templates import render_text
    from tests.support import asking

    listed = render_text(asking.ask(forum, "decisions report since 2000", "U0BREN001"))
    assert "D-" in listed and "report" in listed.casefold()
    with Session(forum) as session:
        linked = session.exec(select(Action).where(Action.minute_id.is_not(None))).first()  # type: ignore[union-attr]
        resolution = session.exec(select(Resolution).where(Resolution.minute_id == linked.minute_id)).first()
    shown = render_text(asking.ask(forum, f"decision D-{resolution.id}", "U0BREN001"))
    assert resolution.text[:40] in shown and linked.ref in shown and linked.status in shown
    assert "There is no decision D-999999" in render_text(asking.ask(forum, "decision D-999999", "U0BREN001"))
    nothing = render_text(asking.ask(forum, "decisions zzzqqq '%_ <@U0BREN001>", "U0BREN001"))
    assert "No resolution matches" in nothing
    from templates import render_blocks
    from tests.support.blockkit import assert_valid_blocks, visible_text

    for text in ("decisions", f"decision D-{resolution.id}"):
        blocks = render_blocks(asking.ask(forum, text, "U0BREN001"))
        assert_valid_blocks(blocks)
        assert f"D-{resolution.id}" in visible_text(blocks) or text == "decisions"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("decisions 31 February 2010 to 3 March 2010", "31 February"),
        ("decisions since 1 January 2999", "too far off"),
        ("decisions since 1 January 2150", "No resolution"),
        ("decisions " + "x" * 5000, "commands are short"),
        ("decision C-3", "Which decision?"),
    ],
)
def test_dates_refs_and_long_text_are_answered_cleanly(forum, text, expected):
    from templates import render_text
    from tests.support import asking

    assert expected in render_text(asking.ask(forum, text, "U0BREN001"))


def test_a_range_keeps_only_meetings_inside_it(forum):
    from templates import render_text
    from tests.support import asking

    with Session(forum) as session:
        every = decisions.find_decisions(session, [])
    day = every[-1].meeting.starts_at.astimezone(LONDON).date()
    listed = render_text(asking.ask(forum, f"decisions {day:%-d %B %Y} to {day:%-d %B %Y}", "U0BREN001"))
    inside = [d for d in every if d.meeting.starts_at.astimezone(LONDON).date() == day]
    assert all(f"D-{d.resolution.id} " in listed for d in inside[:10])
    assert f"D-{every[0].resolution.id} " not in listed or every[0].meeting.id == every[-1].meeting.id


def test_a_board_keeps_only_its_own_resolutions(forum):
    from templates import render_text
    from tests.support import asking

    with Session(forum) as session:
        every = decisions.find_decisions(session, [])
    board = every[0].board.name
    listed = render_text(asking.ask(forum, f"decisions {board}", "U0BREN001"))
    lines = [line for line in listed.splitlines() if line.startswith("D-")]
    assert lines and all(f"  {board}, " in line for line in lines)


def test_the_register_through_a_signed_slash_command(forum, bot_factory):
    """As a member meets it: `/forum decisions …` and `/forum decision D-n` over signed HTTP (the
    terminal's `forum ask` is the README examples' test, tests/commands/test_promises.py)."""
    from sqlmodel import select

    from storage.tables import Resolution
    from tests.support.blockkit import visible_text
    from tests.support.slack_requests import post, signed_headers, slash_command_body

    with Session(forum) as session:
        resolution = session.exec(select(Resolution).where(Resolution.text.contains("noted"))).first()  # type: ignore[attr-defined]
        assert resolution is not None
        ref, words = f"D-{resolution.id}", resolution.text
    bot = bot_factory(forum)
    for text, expected in (
        (f"decision {ref}", words[:40]),
        ("decisions noted", "D-"),
        ("decisions zzzqqq", "No resolution"),
    ):
        body = slash_command_body(text, user_id="U0PETAD01")
        answer = post(bot.url + "/slack/events", body, signed_headers(body))
        assert answer.status == 200, text
        shown = visible_text(answer.json()["blocks"])
        assert expected in shown, (text, shown[:300])
