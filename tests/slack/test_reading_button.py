"""*Enter reading* on a reading's nudge, pressed in Slack: the reading form opens filled in with
the indicator and period, for an officer or the indicator's named contact (a member may enter
their own indicator's reading, and only that); saved as the form always saves readings."""

from __future__ import annotations

import json

import pytest
from slack_sdk.models.views import View
from sqlmodel import Session, select

from storage.tables import Indicator, IndicatorReading
from tests.support.clock import LONDON
from tests.support.partnerships import load_yaml
from tests.support.slack_requests import block_action, interaction_body, post, signed_headers, view_submission

PRIYA, DAVE = "U0PRIYA01", "U0DAVEK01"

PARTNERSHIP = """
people:
  - {name: Bren McGowan, slack_user: U0BREN001, role: officer}
  - {name: Priya Shah, slack_user: U0PRIYA01}
  - {name: Dave Kempson, slack_user: U0DAVEK01}
boards:
  - {name: Luton Forum, slug: forum, kind: forum, channel: C0FORUM01}
indicators:
  - {code: NI 151, title: Overall employment rate, direction: higher, board: forum, contact: Priya Shah,
     readings: {2025/26 Q1: 61.0}}
  - {code: NI 152, title: Out of work benefits, direction: lower, board: forum}
"""


@pytest.fixture
def bot(sqlite_engine, bot_factory):
    load_yaml(sqlite_engine, PARTNERSHIP, LONDON)
    with Session(sqlite_engine) as session:
        ni151 = session.exec(select(Indicator).where(Indicator.code == "NI 151")).one()
    return bot_factory(sqlite_engine), sqlite_engine, ni151.id


def press(server, value: str, user: str):
    body = interaction_body(block_action("reading_enter", value, user_id=user, channel_id="D0PRIYA01"))
    return post(server.url + "/slack/events", body, signed_headers(body))


def submit(server, metadata: str, values: dict, user: str):
    state = {k: {"value": {"type": "plain_text_input", "value": v}} for k, v in values.items()}
    body = interaction_body(view_submission("forum_form", metadata, state, user_id=user))
    return post(server.url + "/slack/events", body, signed_headers(body))


def _readings(engine) -> dict[str, float]:
    with Session(engine) as session:
        return {r.period: r.value for r in session.exec(select(IndicatorReading)).all()}


def test_the_contact_presses_enter_reading_and_saves_it(bot, slack):
    server, engine, indicator_id = bot
    assert press(server, f"{indicator_id}|2025/26 Q2", PRIYA).status == 200
    view = slack.calls_to("views.open")[-1].args["view"]
    View(**view).validate_json()
    filled = {b["block_id"]: b["element"].get("initial_value") for b in view["blocks"] if b.get("type") == "input"}
    assert filled["indicator"] == "NI 151" and filled["period"] == "2025/26 Q2"
    meta = view["private_metadata"]
    assert json.loads(meta)["indicator_id"] == indicator_id
    # Another indicator's code in the same form: refused inline, nothing saved.
    answer = submit(server, meta, {"indicator": "NI 152", "period": "2025/26 Q2", "value": "60"}, PRIYA)
    assert answer.json()["response_action"] == "errors" and "indicator" in answer.json()["errors"]
    answer = submit(server, meta, {"indicator": "NI 151", "period": "2025/26 Q2", "value": "62.5"}, PRIYA)
    assert answer.status == 200 and not answer.body.strip().startswith(b'{"response_action"')
    assert _readings(engine) == {"2025/26 Q1": 61.0, "2025/26 Q2": 62.5}


def test_a_member_who_is_not_the_contact_gets_no_form(bot, slack):
    server, engine, indicator_id = bot
    assert press(server, f"{indicator_id}|2025/26 Q2", DAVE).status == 200
    assert slack.calls_to("views.open") == []
    answer = submit(
        server,
        json.dumps({"kind": "reading", "id": None, "indicator_id": indicator_id}),
        {"indicator": "NI 151", "period": "2025/26 Q2", "value": "1"},
        DAVE,
    )
    assert answer.json()["response_action"] == "errors"  # refused in the form itself
    assert _readings(engine) == {"2025/26 Q1": 61.0}


@pytest.mark.parametrize("value", ["", "x|2025/26 Q2", "99999999999|2025/26 Q2", "1|2025/27", "1|Q2"])
def test_a_button_value_the_bot_did_not_make_opens_nothing(bot, slack, value):
    server, _, _ = bot
    assert press(server, value, "U0BREN001").status == 200
    assert slack.calls_to("views.open") == []
