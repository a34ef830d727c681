"""Hostile requests at the real bot over HTTP: bad or missing signatures, stale and replayed
requests, malformed and oversized bodies, unknown payloads, Slack's event retries, and every write
path tried by a member who may not. Each gets the right 4xx or a harmless 200, never a 5xx, and the
database is left exactly as it was (a refusal only adds its own audit record)."""

from __future__ import annotations

import http.client
import json
import time
from datetime import timedelta
from urllib.parse import urlencode

import pytest
from sqlalchemy import func
from sqlalchemy import select as rows_of
from sqlmodel import Session, SQLModel, select

from commands.imports.demo import demo_partnership
from commands.imports.load_partnership import load
from storage.db import make_engine, transaction, upgrade
from storage.tables import Action, AuditEvent, Board, Consultation, Meeting, Person
from storage.types import utcnow
from tests.support.blockkit import visible_text
from tests.support.bot_server import BotServer, settings_for
from tests.support.clock import LONDON
from tests.support.slack_requests import (
    block_action,
    event_callback,
    interaction_body,
    post,
    signed_headers,
    slash_command_body,
    view_submission,
)
from tests.support.slack_standin import SlackStandIn

OFFICER, MEMBER, ADMIN = "U0BREN001", "U0PETAD01", "U0LISAJ01"  # Bren McGowan, Peter Adams, Lisa Jerome


@pytest.fixture(scope="module")
def world(tmp_path_factory):
    """The demo partnership (the Luton Forum's papers) in SQLite, served by the real bolt app."""
    engine = make_engine(f"sqlite:///{tmp_path_factory.mktemp('hostile') / 'forum.db'}")
    upgrade(engine)
    with transaction(engine) as session:
        load(session, demo_partnership(utcnow().astimezone(LONDON).date()), "demo", LONDON)
    slack = SlackStandIn().start()
    server = BotServer(engine, settings_for(engine, SLACK_API_URL=slack.api_url))
    yield server, engine, slack
    server.close()
    slack.stop()
    engine.dispose()


def snapshot(engine) -> dict[str, list[tuple]]:
    """Every row of every table but the audit log and the replay guard's bookkeeping (each request
    claims its own key there), in order: what "nothing changed" means."""
    with engine.connect() as connection:
        return {
            t.name: [tuple(r) for r in connection.execute(rows_of(t).order_by(*t.primary_key.columns))]
            for t in SQLModel.metadata.sorted_tables
            if t.name not in {"audit_event", "replay_guard"}
        }


def audit_count(engine, **where) -> int:
    statement = select(func.count()).select_from(AuditEvent)
    for column, value in where.items():
        statement = statement.where(getattr(AuditEvent, column) == value)
    with engine.connect() as connection:
        return connection.execute(statement).scalar_one()


def send(server, body: bytes, headers: dict | None = None, path: str = "/slack/events"):
    return post(server.url + path, body, signed_headers(body) if headers is None else headers)


def slash(server, words: str, user: str = OFFICER):
    return send(server, slash_command_body(words, user_id=user))


def press(server, payload: dict):
    return send(server, interaction_body(payload))


@pytest.fixture
def unchanged(world):
    """Asserts, after the test, that no table changed, the audit log grew only by refusals, and
    nothing was posted in a channel, opened or published in Slack."""
    _, engine, slack = world
    before, audits, refusals, calls = (
        snapshot(engine),
        audit_count(engine),
        audit_count(engine, verb="refuse"),
        len(slack.calls),
    )
    yield
    assert snapshot(engine) == before
    assert audit_count(engine) - audits == audit_count(engine, verb="refuse") - refusals
    # a private word back to whoever sent it (a DM) is harmless; a post in a channel, a form or a Home tab is not
    assert not [
        c.method
        for c in slack.calls[calls:]
        if c.method in {"views.open", "views.publish"}
        or (c.method == "chat.postMessage" and not str(c.args.get("channel", "")).startswith("U"))
    ]


# ---------------------------------------------------------------- signatures, staleness, replays


def _write_requests(engine) -> dict[str, tuple[bytes, str]]:
    """One real write per kind of Slack request, each by someone allowed to make it."""
    with Session(engine) as session:
        action = session.exec(select(Action).where(Action.status == "open")).first()
    submission = view_submission(
        "forum_form",
        json.dumps({"kind": "action", "id": None, "version": None}),
        {"description": {"v": {"type": "plain_text_input", "value": "Forged action"}}},
    )
    return {
        "slash command": (
            slash_command_body('add action "Forged action"', user_id=OFFICER),
            "application/x-www-form-urlencoded",
        ),
        "button": (
            interaction_body(block_action("action_done", str(action.id), user_id=OFFICER)),
            "application/x-www-form-urlencoded",
        ),
        "modal submission": (interaction_body(submission), "application/x-www-form-urlencoded"),
        "event": (event_callback({"type": "app_home_opened", "user": MEMBER, "tab": "home"}), "application/json"),
    }


@pytest.mark.parametrize("kind", ["slash command", "button", "modal submission", "event"])
@pytest.mark.parametrize(
    "tamper",
    [
        "missing",
        "forged",
        "stale",
        "wrong secret",
        "body changed after signing",
        "timestamp not a number",
        "signature version v1",
    ],
)
def test_unsigned_or_badly_signed_requests_are_refused_and_change_nothing(world, unchanged, kind, tamper):
    server, engine, _ = world
    body, content_type = _write_requests(engine)[kind]
    headers = signed_headers(body, content_type=content_type)
    if tamper == "missing":
        headers = {"Content-Type": content_type}
    elif tamper == "forged":
        headers["X-Slack-Signature"] = "v0=" + "0" * 64
    elif tamper == "stale":  # Slack's requests are good for 5 minutes
        headers = signed_headers(body, timestamp=int(time.time()) - 5 * 60 - 30, content_type=content_type)
    elif tamper == "wrong secret":
        headers = signed_headers(body, secret="not-our-signing-secret", content_type=content_type)
    elif tamper == "body changed after signing":
        body = body.replace(b"Forged", b"Fudged").replace(b"app_home_opened", b"app_home_closed") + b" "
    elif tamper == "timestamp not a number":
        headers["X-Slack-Request-Timestamp"] = "yesterday"
    elif tamper == "signature version v1":
        headers["X-Slack-Signature"] = headers["X-Slack-Signature"].replace("v0=", "v1=")
    answer = send(server, body, headers)
    assert answer.status == 401
    assert b"Traceback" not in answer.body


def test_a_request_signed_in_the_future_is_refused(world, unchanged):
    server, _, _ = world
    body = slash_command_body('add action "From the future"')
    assert send(server, body, signed_headers(body, timestamp=int(time.time()) + 10 * 60)).status == 401


def test_a_replayed_write_is_acted_on_once(world):
    server, engine, _ = world
    body = slash_command_body('add action "Book the Hat Factory for the spring meeting"', user_id=OFFICER)
    headers = signed_headers(body)
    first = send(server, body, headers)
    assert first.status == 200 and "Hat Factory" in visible_text(first.json()["blocks"])
    before, audits = snapshot(engine), audit_count(engine)
    for _ in range(3):  # the same bytes, the same signature, still within its 5 minutes
        again = send(server, body, headers)
        assert again.status == 200 and again.body in (b"", b"{}")
    assert snapshot(engine) == before and audit_count(engine) == audits
    with Session(engine) as session:
        added = session.exec(select(Action).where(Action.description.contains("Hat Factory"))).all()  # type: ignore[union-attr]
    assert len(added) == 1


def test_a_replayed_read_is_harmless(world, unchanged):
    server, _, _ = world
    body = slash_command_body("next-meeting", user_id=MEMBER)
    headers = signed_headers(body)
    assert send(server, body, headers).status == 200
    assert send(server, body, headers).status == 200


def test_an_event_retried_by_slack_is_handled_once(world):
    server, engine, slack = world
    body = event_callback({"type": "app_home_opened", "user": MEMBER, "tab": "home"}, event_id="Ev0RETRY0001")
    published = len(slack.calls_to("views.publish"))
    assert send(server, body).status == 200
    assert len(slack.calls_to("views.publish")) == published + 1
    for retry, reason in ((1, "http_timeout"), (2, "http_error"), (3, "http_timeout")):
        # Slack signs each retry afresh; only the event id stays the same
        headers = signed_headers(body, timestamp=int(time.time()) - retry, content_type="application/json")
        headers.update({"X-Slack-Retry-Num": str(retry), "X-Slack-Retry-Reason": reason})
        answer = send(server, body, headers)
        assert answer.status == 200
    assert len(slack.calls_to("views.publish")) == published + 1
    other = event_callback({"type": "app_home_opened", "user": MEMBER, "tab": "home"}, event_id="Ev0RETRY0002")
    headers = signed_headers(other, content_type="application/json")
    headers.update({"X-Slack-Retry-Num": "1", "X-Slack-Retry-Reason": "http_timeout"})
    assert send(server, other, headers).status == 200  # a retry of an event never seen is handled
    assert len(slack.calls_to("views.publish")) == published + 2


# ---------------------------------------------------------------- malformed, oversized, unknown


def _payload(data) -> bytes:
    return urlencode({"payload": json.dumps(data)}).encode()


MALFORMED = {
    "empty body": (b"", "application/x-www-form-urlencoded"),
    "binary junk": (b"\xff\xfe\x00%%%&&==\x80", "application/x-www-form-urlencoded"),
    "payload not JSON": (b"payload=%7Bnot+json", "application/x-www-form-urlencoded"),
    "payload a list": (_payload([1, 2, 3]), "application/x-www-form-urlencoded"),
    "payload with no type": (_payload({"user": {"id": MEMBER}}), "application/x-www-form-urlencoded"),
    "JSON body that is a list": (b"[1, 2, 3]", "application/json"),
    "JSON body cut short": (b'{"type": "event_callback", "event": {', "application/json"),
    "JSON declared, form sent": (slash_command_body("next-meeting"), "application/json"),
    "no content type": (slash_command_body("next-meeting"), ""),
    "unknown payload type": (
        _payload({"type": "mystery_payload", "user": {"id": MEMBER}}),
        "application/x-www-form-urlencoded",
    ),
    "unknown event": (event_callback({"type": "mystery_event", "user": MEMBER}), "application/json"),
    "unknown button": (
        _payload(block_action("self_destruct", "1", user_id=MEMBER)),
        "application/x-www-form-urlencoded",
    ),
    "button with no actions": (
        _payload({**block_action("action_done", "1", user_id=MEMBER), "actions": []}),
        "application/x-www-form-urlencoded",
    ),
    "unknown modal": (
        _payload(view_submission("mystery_modal", "", {}, user_id=MEMBER)),
        "application/x-www-form-urlencoded",
    ),
    "unknown shortcut": (
        _payload(
            {
                "type": "shortcut",
                "callback_id": "mystery",
                "user": {"id": MEMBER},
                "trigger_id": "1.2.3",
                "team": {"id": "T0LUTON01"},
            }
        ),
        "application/x-www-form-urlencoded",
    ),
    "slash command for another app": (
        slash_command_body("next-meeting").replace(b"%2Fforum", b"%2Fweather"),
        "application/x-www-form-urlencoded",
    ),
    "button value not a number": (
        _payload(block_action("action_done", "A-1; DROP TABLE action", user_id=MEMBER)),
        "application/x-www-form-urlencoded",
    ),
    "modal metadata not JSON": (
        _payload(view_submission("forum_form", "{{{", {}, user_id=MEMBER)),
        "application/x-www-form-urlencoded",
    ),
    "update modal for no action": (
        _payload(
            view_submission(
                "action_update_modal",
                '{"action": "x"}',
                {"update": {"text": {"type": "plain_text_input", "value": "hi"}}},
                user_id=MEMBER,
            )
        ),
        "application/x-www-form-urlencoded",
    ),
}


@pytest.mark.parametrize("name", list(MALFORMED))
def test_malformed_and_unknown_requests_get_a_4xx_or_a_harmless_200(world, unchanged, name):
    server, _, _ = world
    body, content_type = MALFORMED[name]
    answer = send(
        server,
        body,
        signed_headers(body, content_type=content_type)
        if content_type
        else {k: v for k, v in signed_headers(body).items() if k != "Content-Type"},
    )
    assert answer.status in {200, 400, 401, 404}, (answer.status, answer.body[:300])
    assert b"Traceback" not in answer.body and b"Exception" not in answer.body


def test_url_verification_and_ssl_check_answer_and_change_nothing(world, unchanged):
    server, _, _ = world
    body = json.dumps(
        {"token": "x", "challenge": "3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P", "type": "url_verification"}
    ).encode()
    answer = send(server, body, signed_headers(body, content_type="application/json"))
    assert answer.status == 200 and b"3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P" in answer.body
    body = b"ssl_check=1&token=x"
    assert send(server, body).status == 200


def test_oversized_bodies_are_refused_unread(world, unchanged):
    server, _, _ = world
    body = slash_command_body('add action "' + "x" * 1_200_000 + '"')
    assert send(server, body).status == 413


def test_a_chunked_body_without_a_length_is_not_a_way_around_the_limit(world, unchanged):
    server, _, _ = world
    connection = http.client.HTTPConnection("127.0.0.1", server.server.effective_port, timeout=10)
    body = slash_command_body('add action "' + "x" * 1_200_000 + '"')
    headers = {**signed_headers(body), "Transfer-Encoding": "chunked"}
    connection.request(
        "POST",
        "/slack/events",
        body=iter([body[i : i + 65536] for i in range(0, len(body), 65536)]),
        headers=headers,
        encode_chunked=True,
    )
    answer = connection.getresponse()
    assert answer.status in {400, 413}, answer.status
    connection.close()


def test_only_post_on_the_events_url(world, unchanged):
    server, _, _ = world
    connection = http.client.HTTPConnection("127.0.0.1", server.server.effective_port, timeout=10)
    for method in ("GET", "PUT", "DELETE"):
        connection.request(method, "/slack/events")
        answer = connection.getresponse()
        answer.read()
        assert answer.status == 405
    connection.close()


def test_very_long_command_text_is_answered_briefly(world, unchanged):
    server, _, _ = world
    answer = slash(server, "agenda " + "16 June " * 3000, user=MEMBER)
    assert answer.status == 200
    assert "characters; commands are short" in visible_text(answer.json()["blocks"])


# ---------------------------------------------------------------- every write path, by a member


def _targets(engine) -> dict:
    today = utcnow().astimezone(LONDON).date()
    with Session(engine) as session:
        member = session.exec(select(Person).where(Person.slack_user_id == MEMBER)).one()
        action = session.exec(
            select(Action)
            .where(
                Action.status.in_(["open", "in_progress"]),  # type: ignore[attr-defined]
                Action.owner_id != member.id,
                Action.owner_id.is_not(None),
            )  # type: ignore[union-attr]
            .order_by(Action.id)
        ).first()
        meeting = session.exec(
            select(Meeting)
            .where(Meeting.starts_at > utcnow(), Meeting.status == "scheduled")
            .order_by(Meeting.starts_at)
        ).first()
        consultation = session.exec(
            select(Consultation).where(Consultation.response_owner_id != member.id).order_by(Consultation.id)
        ).first()
        board = session.get(Board, meeting.board_id)
    day = meeting.starts_at.astimezone(LONDON).date()
    return {
        "action": action.id,
        "meeting": meeting.id,
        "day": day.isoformat(),
        "board": board.slug,
        "later": (day + timedelta(days=7)).isoformat(),
        "consultation": consultation.id,
        "today": today,
    }


def _submission(kind: str, values: dict, record_id=None) -> dict:
    metadata = json.dumps({"kind": kind, "id": record_id, "version": 1, "channel": None})
    state = {key: {"v": {"type": "plain_text_input", "value": value}} for key, value in values.items()}
    return view_submission("forum_form", metadata, state, user_id=MEMBER)


WRITE_PATHS = {
    "add action": lambda t: ("slash", 'add action "Sneaky" due next friday'),
    "add reading": lambda t: ("slash", "add reading NI 151 71.2 for 2026/27 Q3"),
    "done someone else's action": lambda t: ("slash", f'done A-{t["action"]} "all sorted"'),
    "drop an action": lambda t: ("slash", f'drop A-{t["action"]} "no longer needed"'),
    "reassign an action": lambda t: ("slash", f"reassign A-{t['action']} <@{MEMBER}|peter>"),
    "move a meeting": lambda t: ("slash", f'move meeting {t["day"]} to {t["later"]} 14:00 "room" board {t["board"]}'),
    "postpone a meeting": lambda t: ("slash", f'postpone meeting {t["day"]} "not quorate" board {t["board"]}'),
    "cancel a meeting": lambda t: ("slash", f'cancel meeting {t["day"]} "no business" board {t["board"]}'),
    "grant a role": lambda t: ("slash", f"grant <@{MEMBER}|peter> admin"),
    "consultation response status": lambda t: ("slash", f"response C-{t['consultation']} submitted"),
    "new meeting form": lambda t: ("slash", "new meeting"),
    "new action form": lambda t: ("slash", "new action"),
    "Mark done button": lambda t: (
        "press",
        block_action("action_done", str(t["action"]), user_id=MEMBER, response_url=t["response_url"]),
    ),
    "Add update button": lambda t: (
        "press",
        block_action("action_update", str(t["action"]), user_id=MEMBER, response_url=t["response_url"]),
    ),
    "Edit action button": lambda t: (
        "press",
        block_action("action_edit", str(t["action"]), user_id=MEMBER, response_url=t["response_url"]),
    ),
    "Edit meeting button": lambda t: (
        "press",
        block_action("meeting_edit", str(t["meeting"]), user_id=MEMBER, response_url=t["response_url"]),
    ),
    "Edit consultation button": lambda t: (
        "press",
        block_action("consultation_edit", str(t["consultation"]), user_id=MEMBER, response_url=t["response_url"]),
    ),
    "update modal for someone else's action": lambda t: (
        "press",
        view_submission(
            "action_update_modal",
            json.dumps({"action": t["action"], "channel": None}),
            {"update": {"text": {"type": "plain_text_input", "value": "Done it myself"}}},
            user_id=MEMBER,
        ),
    ),
    "forged new-action form": lambda t: ("press", _submission("action", {"description": "Sneaky"})),
    "forged edit-action form": lambda t: ("press", _submission("action", {"description": "Renamed"}, t["action"])),
    "forged new-meeting form": lambda t: ("press", _submission("meeting", {"venue": "My kitchen"})),
    "forged edit-meeting form": lambda t: ("press", _submission("meeting", {"venue": "My kitchen"}, t["meeting"])),
    "forged consultation form": lambda t: ("press", _submission("consultation", {"title": "Mine"}, t["consultation"])),
    "forged reading form": lambda t: ("press", _submission("reading", {"value": "1"})),
}


def _said(answer, slack, calls_before: int) -> str:
    """What the member was told: in the HTTP answer (slash commands, inline form errors) or posted
    privately to the response URL (buttons)."""
    words = []
    if answer.body.strip():
        data = answer.json()
        words.append(visible_text(data.get("blocks", [])) + json.dumps(data.get("errors", {})) + data.get("text", ""))
    for call in slack.calls[calls_before:]:
        words.append(visible_text(call.args.get("blocks", [])) + str(call.args.get("text", "")))
    return "\n".join(words)


@pytest.mark.parametrize("path", list(WRITE_PATHS))
def test_every_write_path_refuses_a_member_changes_nothing_and_audits_the_refusal(world, unchanged, path):
    server, engine, slack = world
    how, what = WRITE_PATHS[path]({**_targets(engine), "response_url": slack.response_url})
    refusals, calls = audit_count(engine, verb="refuse", actor=MEMBER), len(slack.calls)
    answer = slash(server, what, user=MEMBER) if how == "slash" else press(server, what)
    assert answer.status == 200
    deadline = time.time() + 5  # a button's answer goes to the response URL, just after the ack
    while how == "press" and not answer.body.strip() and len(slack.calls) == calls and time.time() < deadline:
        time.sleep(0.02)
    said = _said(answer, slack, calls)
    assert "nothing was changed" in said.casefold() or "not saved" in said.casefold(), said
    assert audit_count(engine, verb="refuse", actor=MEMBER) == refusals + 1, "the refusal is audited"
