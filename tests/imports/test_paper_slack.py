"""A paper uploaded to the bot in Slack: the real bolt app over HTTP, signed Slack-shaped events;
files.info and the download go to the stand-in Slack, which also takes the bot's replies."""

from __future__ import annotations

import json
import time

import pytest
from sqlalchemy import func
from sqlmodel import select

from storage.db import read_only
from storage.tables import Action, AuditEvent, Meeting
from tests.support.blockkit import assert_valid_blocks, visible_text
from tests.support.clock import LONDON
from tests.support.paper_samples import PARTNERSHIP, SAFER_MINUTES
from tests.support.partnerships import load_yaml
from tests.support.slack_requests import (
    block_action,
    event_callback,
    interaction_body,
    post,
    signed_headers,
    view_submission,
)

OFFICER, MEMBER = "U0BREN001", "U0PETAD01"


@pytest.fixture
def bot(sqlite_engine, bot_factory, slack):
    load_yaml(sqlite_engine, PARTNERSHIP, LONDON)
    slack.files["safer.txt"] = SAFER_MINUTES.encode()
    return bot_factory(sqlite_engine), sqlite_engine


def script_file(slack, file_id="F0SAFER01", name="safer.txt", size=None, url=None):
    slack.scripted.setdefault("files.info", []).append(
        (
            200,
            {
                "ok": True,
                "file": {
                    "id": file_id,
                    "name": name,
                    "size": size if size is not None else len(slack.files.get(name, b"")),
                    "url_private_download": url or slack.file_url(name),
                },
            },
            {},
        )
    )


def send_event(server, event: dict):
    body = event_callback(event)
    return post(server.url + "/slack/events", body, signed_headers(body, content_type="application/json"))


def shared(user=OFFICER, channel="D0BREN001", file_id="F0SAFER01") -> dict:
    return {
        "type": "file_shared",
        "file_id": file_id,
        "user_id": user,
        "file": {"id": file_id},
        "channel_id": channel,
        "event_ts": "1700000000.000500",
    }


def wait_for(condition, seconds: float = 10):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        found = condition()
        if found:
            return found
        time.sleep(0.05)
    raise AssertionError("the bot did not do it in time")


def meetings(engine) -> int:
    with read_only(engine) as session:
        return session.exec(select(func.count()).select_from(Meeting)).one()


def test_an_officers_upload_gets_the_dry_run_and_import_writes_it(bot, slack):
    server, engine = bot
    script_file(slack)
    script_file(slack)  # asked again when Import is pressed
    answer = send_event(server, shared())
    assert answer.status == 200
    post_call = wait_for(lambda: slack.calls_to("chat.postMessage"))[-1]
    download = [c for c in slack.calls if c.method == "/files/safer.txt"][0]
    assert download.headers["Authorization"] == "Bearer xoxb-test-token"
    assert slack.calls_to("files.info")[0].args["file"] == "F0SAFER01"
    assert post_call.args["channel"] == "D0BREN001"
    blocks = post_call.args["blocks"]
    assert_valid_blocks(blocks)
    text = visible_text(blocks)
    assert "Dry run: safer.txt" in text and "Stronger and Safer Communities Board" in text
    assert "*Meeting: Monday 14 March 2011, 10:00 am to 11:45 am*, Town Hall, George Street, Luton" in text
    assert "Add the strategy to the Forum's next agenda" in text and "Bren McGowan — due Friday 20 May 2011" in text
    assert meetings(engine) == 0  # a dry run
    button = [e for b in blocks if b["type"] == "actions" for e in b["elements"]][0]
    assert button["action_id"] == "paper_import" and button["text"]["text"] == "Import"

    payload = block_action(
        "paper_import", button["value"], user_id=OFFICER, channel_id="D0BREN001", response_url=slack.response_url
    )
    body = interaction_body(payload)
    assert post(server.url + "/slack/events", body, signed_headers(body)).status == 200
    reply = wait_for(lambda: slack.responses())[-1]
    assert "Imported: safer.txt" in visible_text(reply.args["blocks"])
    assert meetings(engine) == 1
    with read_only(engine) as session:
        action = session.exec(select(Action).where(Action.description.startswith("Add the strategy"))).one()
        assert action.source == "paper:safer.txt:29"
        audit = session.exec(select(AuditEvent).where(AuditEvent.entity == "action")).first()
        assert audit.actor == OFFICER  # who imported it


def test_the_same_upload_announced_twice_is_answered_once(bot, slack):
    server, _ = bot
    script_file(slack)
    send_event(server, shared())
    send_event(
        server,
        {
            "type": "message",
            "subtype": "file_share",
            "user": OFFICER,
            "channel": "D0BREN001",
            "channel_type": "im",
            "text": "",
            "files": [{"id": "F0SAFER01"}],
            "ts": "1700000000.000600",
        },
    )
    wait_for(lambda: slack.calls_to("chat.postMessage"))
    time.sleep(0.5)
    assert len(slack.calls_to("chat.postMessage")) == 1 and len(slack.calls_to("files.info")) == 1


def test_a_member_is_told_only_officers_import_and_nothing_is_fetched(bot, slack):
    server, engine = bot
    script_file(slack)
    send_event(server, shared(user=MEMBER, channel="D0PETAD01"))
    message = wait_for(lambda: slack.calls_to("chat.postMessage"))[-1]
    assert "Only officers and admins can import papers" in message.args["text"]
    assert slack.calls_to("files.info") == [] and meetings(engine) == 0


def test_pressing_import_is_checked_again(bot, slack):
    server, engine = bot
    value = json.dumps({"file": "F0SAFER01", "board": None})
    body = interaction_body(block_action("paper_import", value, user_id=MEMBER, response_url=slack.response_url))
    post(server.url + "/slack/events", body, signed_headers(body))
    reply = wait_for(lambda: slack.responses())[-1]
    assert "Only officers and admins can import papers" in reply.args["text"] and meetings(engine) == 0


def test_a_huge_file_is_refused_without_downloading_it(bot, slack):
    server, _ = bot
    script_file(slack, size=50 * 1024 * 1024)
    send_event(server, shared())
    message = wait_for(lambda: slack.calls_to("chat.postMessage"))[-1]
    assert "papers up to 5 MB can be imported" in message.args["text"]
    assert not [c for c in slack.calls if c.method.startswith("/files/")]


def test_a_file_somewhere_other_than_slack_is_not_fetched_with_the_token(bot, slack):
    server, _ = bot
    script_file(slack, url="https://example.org/steal-the-token/safer.txt")
    send_event(server, shared())
    message = wait_for(lambda: slack.calls_to("chat.postMessage"))[-1]
    assert "not stored in Slack" in message.args["text"]


def test_files_shared_in_a_channel_are_left_alone(bot, slack):
    server, _ = bot
    script_file(slack)
    assert send_event(server, shared(channel="C0SAFER01")).status == 200
    time.sleep(0.5)
    assert slack.calls_to("files.info") == [] and slack.calls_to("chat.postMessage") == []


HARBOUR = """HARBOURSIDE YOUTH BOARD

MINUTES of the meeting held on Tuesday 8 March 2011 at 2.00 pm
Venue: Harbour Rooms

Present:
Nicky Dahl (Chair)
B McGowan, Luton Borough Council
Quentin Blackwood, Harbour Trust

1. YOUTH SERVICES REVIEW

Quentin Blackwood presented the review.

RESOLVED – that the review be noted.

ACTION: Quentin Blackwood to circulate the review – by 1 April 2011

2. PLAY AREAS

ACTION: Nicky Dahl to visit the play areas – by 20 May 2011
"""


def press(server, slack, action_id, value, user=OFFICER, channel="D0BREN001"):
    payload = block_action(action_id, value, user_id=user, channel_id=channel, response_url=slack.response_url)
    body = interaction_body(payload)
    assert post(server.url + "/slack/events", body, signed_headers(body)).status == 200


def buttons(blocks) -> dict:
    return {e["action_id"]: e for b in blocks if b["type"] == "actions" for e in b["elements"]}


def upload_harbour(server, slack):
    slack.files["harbour.txt"] = HARBOUR.encode()
    for _ in range(4):  # the upload, the redraw after Review, Import (and one to spare)
        script_file(slack, file_id="F0HARB001", name="harbour.txt")
    send_event(server, shared(file_id="F0HARB001"))
    return wait_for(lambda: slack.calls_to("chat.postMessage"))[-1]


def test_the_officer_reviews_a_paper_for_a_new_board_and_import_writes_what_they_chose(bot, slack):
    from sqlmodel import select as query

    from storage.tables import Attendance, Board, Person

    server, engine = bot
    dry_run = upload_harbour(server, slack)
    blocks = dry_run.args["blocks"]
    assert_valid_blocks(blocks)
    text = visible_text(blocks)
    assert "New board:* Harbourside Youth Board (`harbourside-youth`)" in text
    assert "“B McGowan” may be Bren McGowan (initials and surname) — left unlinked, as written" in text
    found = buttons(blocks)
    assert set(found) == {"paper_import", "paper_review"}

    press(server, slack, "paper_review", found["paper_review"]["value"])
    view = wait_for(lambda: slack.calls_to("views.open"))[-1].args["view"]
    view = json.loads(view) if isinstance(view, str) else view
    assert view["callback_id"] == "paper_review" and len(view["blocks"]) <= 100
    inputs = {b["block_id"]: b for b in view["blocks"] if b["type"] == "input"}
    boards = [o["value"] for o in inputs["board"]["element"]["options"]]
    assert boards[0] == "new" and "b:safer" in boards and inputs["board"]["element"]["initial_option"]["value"] == "new"
    people = inputs["person_0"]["element"]["options"]
    assert people[0]["text"]["text"] == "Bren McGowan (initials and surname)"  # candidates first
    assert [o["value"] for o in people[-2:]] == ["new", "unlinked"] and len(people) <= 100
    actions = next(b for k, b in inputs.items() if k.startswith("facts_") and "Actions" in b["label"]["text"])
    wrong = next(o for o in actions["element"]["options"] if o["text"]["text"].startswith("Circulate the review"))
    kept = [o for o in actions["element"]["options"] if o is not wrong]
    values = {
        "board": {"value": {"type": "static_select", "selected_option": {"value": "new"}}},
        "person_0": {"value": {"type": "static_select", "selected_option": people[0]}},
        actions["block_id"]: {"value": {"type": "checkboxes", "selected_options": kept}},
    }
    body = interaction_body(view_submission("paper_review", view["private_metadata"], values))
    assert post(server.url + "/slack/events", body, signed_headers(body)).status == 200
    redrawn = wait_for(lambda: slack.calls_to("chat.postMessage")[1:])[-1]
    text = visible_text(redrawn.args["blocks"])
    assert "you chose *Bren McGowan*" in text and "unticked by you" in text
    assert meetings(engine) == 0  # still a dry run

    press(server, slack, "paper_import", buttons(redrawn.args["blocks"])["paper_import"]["value"])
    reply = wait_for(lambda: slack.responses())[-1]
    assert "Imported: harbour.txt" in visible_text(reply.args["blocks"])
    with read_only(engine) as session:
        board = session.exec(query(Board).where(Board.slug == "harbourside-youth")).one()
        assert board.name == "Harbourside Youth Board"
        assert (
            session.exec(query(AuditEvent).where(AuditEvent.entity == "board", AuditEvent.entity_id == board.id))
            .first()
            .actor
            == OFFICER
        )
        bren = session.exec(query(Person).where(Person.name == "Bren McGowan")).one()
        present = session.exec(query(Attendance.person_id)).all()
        assert bren.id in present  # "B McGowan" is Bren, as the officer said
        assert session.exec(query(Person).where(Person.name == "B McGowan")).first() is None
        descriptions = session.exec(query(Action.description)).all()
        assert not any(d.startswith("Circulate the review") for d in descriptions)  # unticked
        assert any(d.startswith("Visit the play areas") for d in descriptions)


def test_import_refuses_a_changed_file_and_a_review_from_another_dm(bot, slack):
    server, engine = bot
    value = buttons(upload_harbour(server, slack).args["blocks"])["paper_import"]["value"]
    press(server, slack, "paper_import", value, channel="D0OTHER01")
    assert "expired or is not yours" in wait_for(lambda: slack.responses())[-1].args["text"]
    press(server, slack, "paper_import", value, user=MEMBER)
    assert "Only officers and admins" in wait_for(lambda: slack.responses()[1:])[-1].args["text"]
    slack.files["harbour.txt"] = HARBOUR.replace("Harbour Rooms", "Town Hall").encode()
    press(server, slack, "paper_import", value)
    assert "has changed since I read it" in wait_for(lambda: slack.responses()[2:])[-1].args["text"]
    assert meetings(engine) == 0


def test_the_partnerships_stored_time_zone_wins_over_the_environments(bot, slack):
    from datetime import UTC, datetime

    from storage.db import transaction
    from storage.tables import PartnershipDetails

    server, engine = bot
    with transaction(engine) as session:
        session.add(PartnershipDetails(name="Luton Forum", timezone_name="America/New_York"))
    script_file(slack)
    script_file(slack)
    send_event(server, shared())
    dry_run = wait_for(lambda: slack.calls_to("chat.postMessage"))[-1]
    press(server, slack, "paper_import", buttons(dry_run.args["blocks"])["paper_import"]["value"])
    assert "Imported: safer.txt" in visible_text(wait_for(lambda: slack.responses())[-1].args["blocks"])
    with read_only(engine) as session:
        starts = session.exec(select(Meeting.starts_at)).one()
    # 10 am in New York (summer time from 13 March 2011), not 10 am in London (FORUM_TIMEZONE)
    assert starts == datetime(2011, 3, 14, 14, 0, tzinfo=UTC)
