"""Consultations: what is open, when it closes, who responds, where it stands."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from sqlmodel import Session, select

from commands.core.context import Context
from commands.core.router import handle
from storage.tables import AuditEvent, Consultation
from storage.types import utcnow
from storage.writes import change
from templates import render_blocks, render_text
from tests.support import asking
from tests.support.blockkit import assert_valid_blocks, visible_text
from tests.support.bot_server import settings_for
from tests.support.clock import LONDON
from tests.support.partnerships import load_yaml, loaded_yaml
from tests.support.slack_requests import post, signed_headers, slash_command_body

TODAY = date(2027, 1, 10)
NOW = datetime(2027, 1, 10, 9, tzinfo=UTC)


def days(n: int, today: date = TODAY) -> str:
    return (today + timedelta(days=n)).isoformat()


def consultations_yaml(today: date) -> str:
    def days(n: int) -> str:
        return (today + timedelta(days=n)).isoformat()

    return f"""
people: [{{name: Bren McGowan, slack_user: U0BREN001, role: officer}}, {{name: Gerry Taylor, slack_user: U0GERRY01}}]
boards: [{{name: Luton Forum, slug: forum, kind: forum}}]
consultations:
  - {{title: "Compact code of good practice on consultation", issuer: Compact Development Group,
     closes: {days(11)}, owner: Bren McGowan, status: drafting, board: forum, url: "https://example.org/compact?a=1&b=2"}}
  - {{title: "Whole Systems Strategy for Older People", issuer: NHS Luton, closes: {days(3)}, owner: the LSP Manager}}
  - {{title: "Joint Strategic Needs Assessment", issuer: NHS Luton, closes: {days(-20)}, status: submitted,
     submitted: {days(-21)}, owner: Bren McGowan}}
  - {{title: "Comprehensive Community Engagement Strategy", closes: {days(0)}, status: signed_off}}
  - {{title: "Local Transport Plan 3 <early> & informal", issuer: Luton Borough Council, owner: Bren McGowan,
     status: circulated}}
"""


@pytest.fixture
def partnership(loaded):
    return loaded_yaml(loaded, consultations_yaml(TODAY), LONDON)


def ask(engine, text: str, user_id: str | None = "U0X", surface: str = "slack"):
    return asking.ask(engine, text, user_id, now=NOW, surface=surface)


def refs(reply) -> list[str]:
    return [c["ref"] for c in reply.data["consultations"]]


def test_open_consultations_soonest_first_with_days_left(partnership):
    reply = ask(partnership, "consultations")
    # closing today, in 3 days, in 11 days; then the one with no closing date yet
    assert refs(reply) == ["C-4", "C-2", "C-1", "C-5"]
    assert refs(ask(partnership, "consultations open")) == refs(reply)
    text = render_text(reply)
    assert "closes Sunday 10 January 2027 (today)" in text
    assert "closes Wednesday 13 January 2027 (in 3 days) · response: the LSP Manager · not started" in text
    assert (
        "Compact Development Group · closes Thursday 21 January 2027 (in 11 days) · response: Bren McGowan · drafting"
        in text
    )
    assert "signed off by the chair and vice-chair" in text
    assert "Luton Borough Council · response: Bren McGowan · circulated for comment" in text
    blocks = visible_text(render_blocks(reply))
    assert "<https://example.org/compact?a=1&amp;b=2|Compact code of good practice on consultation>" in blocks
    assert "Local Transport Plan 3 &lt;early&gt; &amp; informal" in blocks  # user text escaped
    assert ":hourglass: closes Wednesday 13 January 2027" in blocks  # within a week
    assert ":hourglass: closes Thursday 21 January" not in blocks


def test_all_includes_closed_ones_undated_first_then_latest(partnership):
    reply = ask(partnership, "consultations all")
    assert refs(reply) == ["C-5", "C-1", "C-2", "C-4", "C-3"]
    assert "closed Monday 21 December 2026 (20 days ago) · response: Bren McGowan · submitted" in render_text(reply)


def test_mine_is_the_open_ones_the_caller_responds_to(partnership):
    assert refs(ask(partnership, "consultations mine", user_id="U0BREN001")) == ["C-1", "C-5"]
    assert refs(ask(partnership, "consultations all mine", user_id="U0BREN001")) == ["C-5", "C-1", "C-3"]
    assert (
        render_text(ask(partnership, "consultations mine", user_id="U0GERRY01"))
        == "No consultations you respond to are open."
    )
    assert "I don't know you yet" in render_text(ask(partnership, "consultations mine", user_id="U0NOBODY1"))
    assert "I don't know you yet" in render_text(
        ask(partnership, "consultations mine", user_id=None, surface="console")
    )


@pytest.mark.parametrize(
    "words, expected",
    [
        ("C-3", "Response: Bren McGowan · submitted on Sunday 20 December 2026"),
        ("c3", "C-3 Joint Strategic Needs Assessment"),
        ("C 3", "C-3 Joint Strategic Needs Assessment"),
        ("#3", "C-3 Joint Strategic Needs Assessment"),
        ("3", "C-3 Joint Strategic Needs Assessment"),
        ("C-03", "C-3 Joint Strategic Needs Assessment"),
        ("older people", "Whole Systems Strategy for Older People"),
        ("old peop", "Whole Systems Strategy for Older People"),  # the start of each word is enough
        ("nhs needs", "Joint Strategic Needs Assessment"),  # issuer and title together
        (
            "strategy",
            "“strategy” matches several: C-2 Whole Systems Strategy for Older People; "
            "C-4 Comprehensive Community Engagement Strategy.\nGive the reference, e.g. `consultation C-2`.",
        ),
        ("C-99", "There is no consultation C-99."),
        (
            "olderr peple",
            "I can't find a consultation matching “olderr peple”.\n"
            "Did you mean `C-2` (Whole Systems Strategy for Older People)?",
        ),
        ("bananas", "I can't find a consultation matching “bananas”.\n`/forum consultations all` lists them."),
        ("<@U0BREN001|bren>", "I can't find a consultation matching “<@U0BREN001|bren>”.\n`/forum consultations all`"),
        (
            "<#C0FORUM01|forum>",
            "I can't find a consultation matching “<#C0FORUM01|forum>”.\n`/forum consultations all`",
        ),
        (":fire: 🔥", "I can't find a consultation matching “:fire: 🔥”."),
        ("", "Which consultation?"),
    ],
)
def test_one_consultation(partnership, words, expected):
    assert expected in render_text(ask(partnership, f"consultation {words}".strip()))


def test_one_consultation_in_full(partnership):
    reply = ask(partnership, "consultation C-1")
    text = render_text(reply)
    for words in (
        "C-1 Compact code of good practice on consultation",
        "Issued by: Compact Development Group",
        "Closes: Thursday 21 January 2027 (in 11 days)",
        "Response: Bren McGowan · drafting",
        "Board: Luton Forum",
        "Document: https://example.org/compact?a=1&b=2",
    ):
        assert words in text
    blocks = render_blocks(reply)
    assert blocks[0] == {
        "type": "header",
        "text": {"type": "plain_text", "text": "C-1 Compact code of good practice on consultation"},
    }
    assert (
        "*Document:* <https://example.org/compact?a=1&amp;b=2|https://example.org/compact?a=1&amp;b=2>"
        in visible_text(blocks)
    )
    assert "Response: nobody named · signed off" in render_text(ask(partnership, "consultation C-4"))


def test_archived_consultations_are_gone(partnership):
    with Session(partnership) as session:
        record = session.get(Consultation, 2)
        change(session, "test", record, {"archived_at": utcnow()})
        session.commit()
    assert "C-2" not in refs(ask(partnership, "consultations all"))
    assert "There is no consultation C-2." in render_text(ask(partnership, "consultation C-2"))
    assert "C-4 Comprehensive Community Engagement Strategy" in render_text(ask(partnership, "consultation strategy"))


@pytest.mark.parametrize("words", ["closed-ish", "open all", "C-3", "x" * 900])
def test_junk_filter_is_explained_and_reads_nothing_wrong(partnership, words):
    with Session(partnership) as session:
        audited = len(session.exec(select(AuditEvent)).all())
    assert "`consultations`, `consultations all` or `consultations mine`" in render_text(
        ask(partnership, f"consultations {words}")
    )
    with Session(partnership) as session:
        assert len(session.exec(select(AuditEvent)).all()) == audited


def test_no_open_consultations(engine):
    load_yaml(engine, "consultations: [{title: Old one, closes: 2020-01-01}]", LONDON)
    assert render_text(ask(engine, "consultations")) == "No consultations are open."
    assert refs(ask(engine, "consultations all")) == ["C-1"]


def test_consultations_over_signed_http(sqlite_engine, bot_factory):
    today = utcnow().astimezone(LONDON).date()
    load_yaml(sqlite_engine, consultations_yaml(today), LONDON)
    server = bot_factory(sqlite_engine)
    body = slash_command_body("consultations")
    answer = post(server.url + "/slack/events", body, signed_headers(body)).json()
    assert answer["response_type"] == "ephemeral"
    assert_valid_blocks(answer["blocks"])
    text = visible_text(answer["blocks"])
    assert "*C-2* Whole Systems Strategy for Older People" in text and "(in 3 days)" in text
    assert "Joint Strategic Needs Assessment" not in text
    body = slash_command_body("consultation older people", user_id="U0GERRY01")
    blocks = post(server.url + "/slack/events", body, signed_headers(body)).json()["blocks"]
    assert_valid_blocks(blocks)
    assert blocks[0]["text"]["text"] == "C-2 Whole Systems Strategy for Older People"


def test_response_status_by_its_owner_or_an_officer_only(partnership):
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

    from tests.support.slack_requests import block_action, interaction_body, view_submission

    server = bot_factory(partnership)
    body = interaction_body(block_action("consultation_edit", "2", user_id="U0BREN001"))
    post(server.url + "/slack/events", body, signed_headers(body))
    view = slack.calls_to("views.open")[-1].args["view"]
    fields = {b["block_id"]: b["element"] for b in view["blocks"]}
    assert fields["title"]["initial_value"] == "Whole Systems Strategy for Older People"
    assert fields["status"]["initial_option"]["value"] == "not_started"
    state = {
        "title": {"value": {"type": "plain_text_input", "value": "Whole Systems Strategy for Older People"}},
        "closes": {"value": {"type": "datepicker", "selected_date": days(3)}},
        "status": {"value": {"type": "static_select", "selected_option": {"value": "submitted"}}},
    }
    body = interaction_body(view_submission("forum_form", view["private_metadata"], state))
    assert post(server.url + "/slack/events", body, signed_headers(body)).body in (b"", b"{}")
    assert json.loads(view["private_metadata"])["version"] == 1
    text = render_text(ask(partnership, "consultation C-2"))
    assert "submitted" in text


def test_only_officers_see_the_edit_button(partnership):
    def buttons(user_id):
        blocks = render_blocks(ask(partnership, "consultation C-1", user_id=user_id))
        return [e["action_id"] for b in blocks if b["type"] == "actions" for e in b["elements"]]

    assert buttons("U0BREN001") == ["consultation_edit"]
    assert buttons("U0GERRY01") == [] and buttons("U0NOBODY1") == []
