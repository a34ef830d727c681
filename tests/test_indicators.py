"""Indicators: the RAG rules table-driven, forgiving look-up, lists by status and board."""

from __future__ import annotations

from datetime import datetime, timezone

import pytest
from zoneinfo import ZoneInfo

from commands import rag
from commands.context import Context
from commands.router import handle
from templates import render_blocks, render_text
from tests.blockkit import assert_valid_blocks, visible_text
from tests.conftest import settings_for
from tests.partnerships import load_yaml
from tests.slack_requests import post, signed_headers, slash_command_body

LONDON = ZoneInfo("Europe/London")
NOW = datetime(2027, 1, 10, 9, tzinfo=timezone.utc)


@pytest.mark.parametrize("value, target, direction, expected", [
    # higher is better (employment rate)
    (70.0, 66.0, "higher", "green"), (66.0, 66.0, "higher", "green"),
    (65.8, 66.0, "higher", "green"),  # 0.3% short: a hair's breadth, counted as achieved
    (65.0, 66.0, "higher", "amber"), (62.7, 66.0, "higher", "amber"),  # 5.0% short: the edge of amber
    (62.6, 66.0, "higher", "red"), (40.0, 66.0, "higher", "red"),
    # lower is better (serious violent crime)
    (0.70, 0.75, "lower", "green"), (0.75, 0.75, "lower", "green"), (0.753, 0.75, "lower", "green"),
    (0.78, 0.75, "lower", "amber"), (0.7875, 0.75, "lower", "amber"), (0.79, 0.75, "lower", "red"),
    # a target of zero: any worse is red, meeting it is green
    (0.0, 0.0, "lower", "green"), (1.0, 0.0, "lower", "red"),
    # nothing to judge
    (None, 0.75, "lower", None), (0.8, None, "lower", None),
])
def test_rag_rules(value, target, direction, expected):
    found = rag.status(value, target, direction, amber_tolerance=0.05, green_tolerance=0.005, period="2010/11 Q2")
    assert found.rag == expected
    if expected is None:
        assert found.reason in {"no reading yet", "no target for 2010/11"}


@pytest.mark.parametrize("latest, previous, direction, expected", [
    (0.7, 0.8, "lower", "improving"), (0.9, 0.8, "lower", "worsening"), (66, 64, "higher", "improving"),
    (60, 64, "higher", "worsening"), (64, 64, "higher", "no change"), (64, None, "higher", None),
])
def test_trend_takes_direction_into_account(latest, previous, direction, expected):
    assert rag.trend(latest, previous, direction) == expected


def test_periods_sort_in_time_not_as_text():
    periods = ["2010/11", "2009/10 Q4", "2010/11 Q1", "2009/10", "2009/10 Q1"]
    assert sorted(periods, key=rag.period_key) == ["2009/10 Q1", "2009/10 Q4", "2009/10", "2010/11 Q1", "2010/11"]


PARTNERSHIP = """
boards:
  - {name: Luton Forum, slug: forum, kind: forum}
  - {name: Environment and Economy Board, slug: economy, parent: forum}
  - {name: Stronger and Safer Communities Board, slug: safer, parent: forum}
indicators:
  - {code: NI 151, title: Overall employment rate (working-age), unit: "%", direction: higher, baseline: 69.8,
     baseline_period: 2007/08, board: economy, lead: Luton Borough Council, partners: [Jobcentre Plus],
     targets: {2008/09: 70.2, 2009/10: 67.0, 2010/11: 66.0}, readings: {2009/10 Q4: 62.8, 2010/11 Q2: 62.0, 2010/11 Q3: 61.4}}
  - {code: NI 152, title: Working age people on out of work benefits, direction: lower,
     board: economy, targets: {2010/11: 14.0}, readings: {2010/11 Q1: 14.9, 2010/11 Q3: 14.5}}
  - {code: NI 15, title: Serious violent crime rate, direction: lower, board: safer, illustrative: true,
     targets: {2010/11: 0.72}, readings: {2010/11 Q2: 0.70}}
  - {code: NI 16, title: Serious acquisitive crime rate, direction: lower, board: safer,
     targets: {2009/10: 14.0}, readings: {2010/11 Q1: 13.0}}
  - {code: NI 17, title: Perceptions of anti-social behaviour, direction: lower, board: safer}
"""


@pytest.fixture
def partnership(engine):
    load_yaml(engine, PARTNERSHIP, LONDON)
    return engine


def ask(engine, text: str):
    reply = handle(Context(engine=engine, settings=settings_for(engine), now=NOW, user_id="U0X"), text)
    assert_valid_blocks(render_blocks(reply))
    return reply


@pytest.mark.parametrize("words", ["NI 151", "ni151", "151", "NI 0151", "employment rate", "Employment", "ni 151"])
def test_lookup_is_forgiving(partnership, words):
    reply = ask(partnership, f"indicator {words}")
    assert reply.data["indicator"]["code"] == "NI 151"


def test_one_indicator_in_full(partnership):
    view = ask(partnership, "indicator NI 151").data["indicator"]
    assert (view["rag"], view["latest"], view["latest_period"], view["trend"]) == ("red", 61.4, "2010/11 Q3", "worsening")
    text = render_text(ask(partnership, "indicator NI 151"))
    for words in ("RED: 61.4 against a target of 66 (7% worse) · 2010/11 Q3", "Direction: higher is better",
                  "Baseline: 69.8 (2007/08)", "Targets: 70.2 (2008/09), 67 (2009/10), 66 (2010/11)",
                  "Trend: worsening (62 in 2010/11 Q2 → 61.4 in 2010/11 Q3)", "Lead partner: Luton Borough Council",
                  "Other partners: Jobcentre Plus", "Board: Environment and Economy Board"):
        assert words in text
    assert "illustrative" in render_text(ask(partnership, "indicator NI 15"))


@pytest.mark.parametrize("words, expected", [
    ("crime rate", "matches several: NI 15 Serious violent crime rate; NI 16 Serious acquisitive crime rate"),
    ("NI 999", "I can't find an indicator matching “NI 999”"),
    ("<@U0BREN001|bren>", "I can't find an indicator"),
    ("", "Which indicator?"),
])
def test_ambiguous_and_unknown_lookups(partnership, words, expected):
    assert expected in render_text(ask(partnership, f"indicator {words}".strip()))


def test_no_status_says_why(partnership):
    text = render_text(ask(partnership, "indicator NI 16"))
    assert "NO STATUS: no target for 2010/11" in text
    assert "NO STATUS: no reading yet" in render_text(ask(partnership, "indicator NI 17"))


def test_lists_by_status_and_board_red_first(partnership):
    everything = ask(partnership, "indicators")
    assert [i["code"] for i in everything.data["indicators"]] == ["NI 151", "NI 152", "NI 15", "NI 16", "NI 17"]
    assert everything.data["counts"] == {"red": 1, "amber": 1, "green": 1}
    assert [i["code"] for i in ask(partnership, "indicators red").data["indicators"]] == ["NI 151"]
    assert [i["code"] for i in ask(partnership, "indicators green").data["indicators"]] == ["NI 15"]
    assert [i["code"] for i in ask(partnership, "indicators safer").data["indicators"]] == ["NI 15", "NI 16", "NI 17"]
    assert "I don't know a board or status called “purple”" in render_text(ask(partnership, "indicators purple"))


def test_indicators_over_signed_http(partnership, bot_factory):
    server = bot_factory(partnership)
    body = slash_command_body("indicator ni151")
    blocks = post(server.url + "/slack/events", body, signed_headers(body)).json()["blocks"]
    assert_valid_blocks(blocks)
    text = visible_text(blocks)
    assert ":red_circle: *NI 151* Overall employment rate (working-age)" in text
    assert "*Targets:* 70.2 (2008/09), 67 (2009/10), 66 (2010/11)" in text


def test_home_shows_the_red_indicators_of_my_boards(engine):
    load_yaml(engine, PARTNERSHIP.replace("boards:\n", "people: [{name: Colin Chick, slack_user: U0COLIN01, role: chair}]\nboards:\n")
              .replace("slug: economy, parent: forum}", "slug: economy, parent: forum, chair: Colin Chick}"), LONDON)
    from commands.home import home

    reply = home(Context(engine=engine, settings=settings_for(engine), now=NOW, user_id="U0COLIN01", surface="home"))
    blocks = render_blocks(reply)
    assert_valid_blocks(blocks, limit=100)
    assert [i["code"] for i in reply.data["red_indicators"]] == ["NI 151"]
    assert ":red_circle: *NI 151* Overall employment rate (working-age) · 61.4 against a target of 66" in visible_text(blocks)
