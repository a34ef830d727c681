"""Issue 13, attack 10: a full-width ＝ (and the other formula starters' look-alikes) at the start of
a spreadsheet cell, and zero-width and right-to-left override characters carried in names and
titles into what others are shown (a meeting shared in a channel, a command's answer)."""

from __future__ import annotations

import csv
import io
import re

import pytest
from sqlmodel import Session, select

from commands.core.invisible import visible
from commands.spreadsheets.cells import guard, read_text, unguard
from commands.spreadsheets.files import export_csv, import_csv
from storage.tables import Action, Meeting
from storage.types import utcnow
from templates import mrkdwn
from tests.support.blockkit import visible_text
from tests.support.clock import LONDON
from tests.support.partnerships import load_yaml, upcoming_yaml
from tests.support.slack_requests import block_action, interaction_body, post, signed_headers, slash_command_body

INVISIBLE = re.compile("[\u200b-\u200f\u2060-\u2064\ufeff\u180e\u061c\u202a-\u202e\u2066-\u2069]")
LOOKALIKES = ['＝HYPERLINK("http://evil.example")', "﹦1+1", "＋1", "﹢1", "－1", "﹣1", "＠SUM(A1)", "﹫A1"]


@pytest.mark.parametrize("text", LOOKALIKES)
def test_full_width_formula_starters_are_guarded_and_read_back_unchanged(text):
    assert guard(text) == "'" + text
    assert unguard(guard(text)) == text
    assert read_text(guard(text)) == text


def test_an_unguarded_full_width_equals_in_a_sheet_is_refused_as_a_formula():
    with pytest.raises(ValueError, match="spreadsheet formula"):
        read_text("＝1+1")


def test_exported_actions_with_look_alike_formulas_are_guarded_and_round_trip(engine):
    actions = "\n".join(f"  - {{description: '{text}', owner: Bren McGowan}}" for text in LOOKALIKES)
    load_yaml(engine, f"people: [{{name: Bren McGowan, slack_user: U0BREN001}}]\nactions:\n{actions}\n", LONDON)
    data, _ = export_csv(engine, LONDON, "actions")
    rows = list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"))))
    assert sorted(row["Description"] for row in rows) == sorted("'" + text for text in LOOKALIKES)
    summary = import_csv(engine, LONDON, "actions.csv", data, dry_run=True)
    assert "nothing" in summary.casefold() or "no change" in summary.casefold(), summary


# ---------------------------------------------------------------- invisible characters


@pytest.mark.parametrize(
    ("shown", "seen"),
    [
        ("Bren\u200bMcGowan", "BrenMcGowan"),
        ("invoice\u202egpj.exe", "invoicegpj.exe"),
        ("\u2066Hat Factory\u2069", "Hat Factory"),
        ("Room\u200d 4\ufeff", "Room 4"),
        ("\u200fTown Hall\u200e", "Town Hall"),
        ("👩\u200d💻 digital team", "👩\u200d💻 digital team"),  # an emoji sequence keeps its joiner
        ("می\u200cخواهم", "می\u200cخواهم"),  # Persian keeps its non-joiner
        ("Luton Forum", "Luton Forum"),
    ],
)
def test_invisible_characters_are_taken_out_and_joiners_kept_where_they_join(shown, seen):
    assert visible(shown) == seen
    assert mrkdwn(shown) == seen


def test_a_meeting_shared_in_a_channel_carries_no_invisible_characters(engine, bot_factory, slack):
    load_yaml(engine, upcoming_yaml(utcnow().astimezone(LONDON).date()), LONDON)
    with Session(engine) as session:
        meeting = session.exec(select(Meeting).where(Meeting.venue == "Central Library")).one()
        meeting.venue = "Central\u200b Library \u202eyrarbil"
        meeting_id = meeting.id
        session.add(meeting)
        session.commit()
    server = bot_factory(engine)
    body = interaction_body(
        block_action("meeting_share", str(meeting_id), channel_id="C0FORUM01", response_url=slack.response_url)
    )
    assert post(server.url + "/slack/events", body, signed_headers(body)).status == 200
    posted = slack.calls_to("chat.postMessage")[-1].args
    assert posted["channel"] == "C0FORUM01"
    everything = visible_text(posted["blocks"]) + posted["text"]
    assert "Central Library yrarbil" in everything and not INVISIBLE.search(everything)


def test_an_action_added_with_a_right_to_left_override_is_shown_without_it(engine, bot_factory):
    load_yaml(engine, upcoming_yaml(utcnow().astimezone(LONDON).date()), LONDON)
    server = bot_factory(engine)
    body = slash_command_body('add action "Pay invoice\u202egpj.exe"', user_id="U0BREN001")
    answer = post(server.url + "/slack/events", body, signed_headers(body)).json()
    everything = visible_text(answer["blocks"]) + answer["text"]
    assert "Pay invoicegpj.exe" in everything and not INVISIBLE.search(everything)
    with Session(engine) as session:  # kept as typed; neutralised wherever it is shown
        assert session.exec(select(Action).where(Action.description.contains("Pay invoice"))).one()  # type: ignore[attr-defined]
