"""Consultations: what is open, when it closes, who responds, where it stands."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone

import pytest
from zoneinfo import ZoneInfo

from commands.context import Context
from commands.router import handle
from templates import render_blocks, render_text
from tests.blockkit import assert_valid_blocks, visible_text
from tests.conftest import settings_for
from tests.partnerships import load_yaml

LONDON = ZoneInfo("Europe/London")
TODAY = date(2027, 1, 10)
NOW = datetime(2027, 1, 10, 9, tzinfo=timezone.utc)


def days(n: int) -> str:
    return (TODAY + timedelta(days=n)).isoformat()


@pytest.fixture
def partnership(engine):
    load_yaml(engine, f"""
people: [{{name: Bren McGowan, slack_user: U0BREN001, role: officer}}]
boards: [{{name: Luton Forum, slug: forum, kind: forum}}]
consultations:
  - {{title: "Compact code of good practice on consultation", issuer: Compact Development Group,
     closes: {days(11)}, owner: Bren McGowan, status: drafting, board: forum, url: "https://example.org/compact?a=1&b=2"}}
  - {{title: "Whole Systems Strategy for Older People", issuer: NHS Luton, closes: {days(3)}, owner: the LSP Manager}}
  - {{title: "Joint Strategic Needs Assessment", issuer: NHS Luton, closes: {days(-20)}, status: submitted,
     submitted: {days(-21)}}}
  - {{title: "Comprehensive Community Engagement Strategy", closes: {days(0)}, status: signed_off}}
""", LONDON)
    return engine


def ask(engine, text: str):
    reply = handle(Context(engine=engine, settings=settings_for(engine), now=NOW, user_id="U0X"), text)
    assert_valid_blocks(render_blocks(reply))
    return reply


def test_open_consultations_soonest_first_with_days_left(partnership):
    reply = ask(partnership, "consultations")
    assert [c["ref"] for c in reply.data["consultations"]] == ["C-4", "C-2", "C-1"]
    text = render_text(reply)
    assert "closes Sunday 10 January 2027 (today)" in text
    assert "closes Wednesday 13 January 2027 (in 3 days) · response: the LSP Manager · not started" in text
    assert "response: Bren McGowan · drafting" in text
    assert "signed off by the chair and vice-chair" in text
    blocks = visible_text(render_blocks(reply))
    assert "<https://example.org/compact?a=1&amp;b=2|Compact code of good practice on consultation>" in blocks


def test_all_includes_closed_ones(partnership):
    text = render_text(ask(partnership, "consultations all"))
    assert "closed Monday 21 December 2026 (20 days ago)" in text and "submitted" in text


@pytest.mark.parametrize("words, expected", [
    ("C-3", "Response: nobody named · submitted on Sunday 20 December 2026"),
    ("c3", "Joint Strategic Needs Assessment"),
    ("older people", "Whole Systems Strategy for Older People"),
    ("strategy", "matches several"),
    ("C-99", "There is no consultation C-99."),
    ("bananas", "I can't find a consultation matching “bananas”"),
])
def test_one_consultation(partnership, words, expected):
    assert expected in render_text(ask(partnership, f"consultation {words}"))


def test_junk_filter(partnership):
    assert "`consultations` or `consultations all`" in render_text(ask(partnership, "consultations closed-ish"))


def test_response_status_by_its_owner_or_an_officer_only(partnership):
    from sqlmodel import Session

    from storage.tables import Consultation

    def say(text, user):
        return handle(Context(engine=partnership, settings=settings_for(partnership), now=NOW, user_id=user), text)

    refused = say("response C-2 submitted", "U0NOBODY1")
    assert not refused.ok and "Only officers and admins can change consultation responses" in render_text(refused)
    assert "C-2" in render_text(say("response C-2 drafting", "U0BREN001"))  # Bren is an officer
    assert "Say it like" in render_text(say("response C-2 finished", "U0BREN001"))
    assert "No more reminders" in render_text(say("response C-1 submitted", "U0BREN001"))
    with Session(partnership) as session:
        consultation = session.get(Consultation, 1)
        assert consultation.response_status == "submitted" and consultation.submitted_at == NOW
    assert "already submitted" in render_text(say("response C-1 submitted", "U0BREN001"))
    say("response C-1 drafting", "U0BREN001")
    with Session(partnership) as session:
        assert session.get(Consultation, 1).submitted_at is None


def test_officers_edit_a_consultation_in_a_form(partnership, bot_factory, slack):
    import json

    from tests.slack_requests import block_action, interaction_body, post, signed_headers, view_submission

    server = bot_factory(partnership)
    body = interaction_body(block_action("consultation_edit", "2", user_id="U0BREN001"))
    post(server.url + "/slack/events", body, signed_headers(body))
    view = slack.calls_to("views.open")[-1].args["view"]
    fields = {b["block_id"]: b["element"] for b in view["blocks"]}
    assert fields["title"]["initial_value"] == "Whole Systems Strategy for Older People"
    assert fields["status"]["initial_option"]["value"] == "not_started"
    state = {"title": {"value": {"type": "plain_text_input", "value": "Whole Systems Strategy for Older People"}},
             "closes": {"value": {"type": "datepicker", "selected_date": days(3)}},
             "status": {"value": {"type": "static_select", "selected_option": {"value": "submitted"}}}}
    body = interaction_body(view_submission("forum_form", view["private_metadata"], state))
    assert post(server.url + "/slack/events", body, signed_headers(body)).body in (b"", b"{}")
    assert json.loads(view["private_metadata"])["version"] == 1
    text = render_text(ask(partnership, "consultation C-2"))
    assert "submitted" in text
