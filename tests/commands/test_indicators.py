"""Indicators: the RAG rules table-driven, forgiving look-up, lists by status and board."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from commands.core import rag
from commands.core.context import Context
from commands.core.router import handle
from templates import render_blocks, render_text
from tests.support import asking
from tests.support.blockkit import assert_valid_blocks, visible_text
from tests.support.bot_server import settings_for
from tests.support.clock import LONDON
from tests.support.partnerships import load_yaml, loaded_yaml
from tests.support.slack_requests import block_action, interaction_body, post, signed_headers, slash_command_body

NOW = datetime(2027, 1, 10, 9, tzinfo=UTC)


@pytest.mark.parametrize(
    "value, target, direction, expected",
    [
        # higher is better (employment rate)
        (70.0, 66.0, "higher", "green"),
        (66.0, 66.0, "higher", "green"),
        (65.8, 66.0, "higher", "green"),  # 0.3% short: a hair's breadth, counted as achieved
        (65.0, 66.0, "higher", "amber"),
        (62.7, 66.0, "higher", "amber"),  # 5.0% short: the edge of amber
        (62.6, 66.0, "higher", "red"),
        (40.0, 66.0, "higher", "red"),
        # lower is better (serious violent crime)
        (0.70, 0.75, "lower", "green"),
        (0.75, 0.75, "lower", "green"),
        (0.753, 0.75, "lower", "green"),
        (0.78, 0.75, "lower", "amber"),
        (0.7875, 0.75, "lower", "amber"),
        (0.79, 0.75, "lower", "red"),
        # a target of zero: any worse is red, meeting it is green
        (0.0, 0.0, "lower", "green"),
        (1.0, 0.0, "lower", "red"),
        # nothing to judge
        (None, 0.75, "lower", None),
        (0.8, None, "lower", None),
    ],
)
def test_rag_rules(value, target, direction, expected):
    found = rag.status(value, target, direction, amber_tolerance=0.05, green_tolerance=0.005, period="2010/11 Q2")
    assert found.rag == expected
    if expected is None:
        assert found.reason in {"no reading yet", "no target for 2010/11"}


@pytest.mark.parametrize(
    "value, target, direction, reason",
    [
        (70.0, 66.0, "higher", "70 against a target of 66 (6.1% better)"),
        (66.0, 66.0, "higher", "66 against a target of 66 (on target)"),
        (65.8, 66.0, "higher", "65.8 against a target of 66 (a hair's breadth off target)"),
        (62.7, 66.0, "higher", "62.7 against a target of 66 (5% worse)"),
        (0.79, 0.75, "lower", "0.79 against a target of 0.75 (5.3% worse)"),  # red: not rounded to the amber edge
        (40.0, 66.0, "higher", "40 against a target of 66 (39% worse)"),
        (1.0, 0.0, "lower", "1 against a target of 0 (worse)"),
    ],
)
def test_rag_reason_says_how_far_off_target(value, target, direction, reason):
    assert rag.status(value, target, direction, amber_tolerance=0.05, green_tolerance=0.005).reason == reason


@pytest.mark.parametrize(
    "amber, green, value, expected",
    [
        (0.05, 0.0, 65.8, "amber"),  # no hair's breadth: any shortfall is at least amber
        (0.10, 0.005, 60.0, "amber"),  # 9.1% short is amber when amber runs to 10%
        (0.02, 0.005, 64.0, "red"),  # 3% short is red when amber stops at 2%
        (0.05, 0.02, 65.0, "green"),  # 1.5% short is green with a 2% hair's breadth
    ],
)
def test_tolerances_are_settings(amber, green, value, expected):
    assert rag.status(value, 66.0, "higher", amber_tolerance=amber, green_tolerance=green).rag == expected


@pytest.mark.parametrize(
    "latest, previous, direction, expected",
    [
        (0.7, 0.8, "lower", "improving"),
        (0.9, 0.8, "lower", "worsening"),
        (66, 64, "higher", "improving"),
        (60, 64, "higher", "worsening"),
        (64, 64, "higher", "no change"),
        (64, None, "higher", None),
    ],
)
def test_trend_takes_direction_into_account(latest, previous, direction, expected):
    assert rag.trend(latest, previous, direction) == expected


@pytest.mark.parametrize(
    "readings, direction, baseline, short, long",
    [
        # higher is better: up in the short term, down on a year before
        (
            {"2009/10 Q3": 64, "2010/11 Q2": 60, "2010/11 Q3": 62},
            "higher",
            None,
            "↑ improving (60 in 2010/11 Q2 → 62 in 2010/11 Q3)",
            "↓ worse than a year before (64 in 2009/10 Q3 → 62 in 2010/11 Q3)",
        ),
        # lower is better: a falling figure is an up arrow, the right way round
        (
            {"2024/25 Q4": 1.09, "2025/26 Q2": 1.05, "2025/26 Q4": 1.02},
            "lower",
            None,
            "↑ improving (1.05 in 2025/26 Q2 → 1.02 in 2025/26 Q4)",
            "↑ better than a year before (1.09 in 2024/25 Q4 → 1.02 in 2025/26 Q4)",
        ),
        (
            {"2025/26 Q2": 0.9, "2025/26 Q4": 1.02},
            "lower",
            (1.1, "2022/23"),
            "↓ worsening (0.9 in 2025/26 Q2 → 1.02 in 2025/26 Q4)",
            "↑ better than the baseline (1.1 in 2022/23 → 1.02 in 2025/26 Q4)",
        ),
        # whole years; no year before, so against the baseline; flat
        (
            {"2009/10": 30, "2010/11": 30},
            "higher",
            (30, None),
            "→ no change (30 in 2009/10 → 30 in 2010/11)",
            "→ the same as a year before (30 in 2009/10 → 30 in 2010/11)",
        ),
        (
            {"2010/11 Q1": 5},
            "higher",
            (4, "2008/09"),
            None,
            "↑ better than the baseline (4 in 2008/09 → 5 in 2010/11 Q1)",
        ),
        # one reading and no baseline: nothing to compare; the baseline's own period is no comparison
        ({"2010/11": 5}, "higher", None, None, None),
        ({"2010/11": 5}, "higher", (5, "2010/11"), None, None),
        ({}, "lower", (1.0, "2009/10"), None, None),
        # a quarter a year before is that quarter, not the year's figure
        ({"2009/10": 50, "2010/11 Q2": 40}, "lower", None, "↑ improving (50 in 2009/10 → 40 in 2010/11 Q2)", None),
    ],
)
def test_direction_of_travel_short_and_long_term(readings, direction, baseline, short, long):
    base, base_period = baseline or (None, None)
    found = rag.travel(readings, direction, base, base_period)
    assert [t.text if t else None for t in found] == [short, long]


def test_direction_of_travel_is_shown_wherever_status_is(partnership):
    full = render_text(ask(partnership, "indicator NI 151"))
    assert "Short term: ↓ worsening (62 in 2010/11 Q2 → 61.4 in 2010/11 Q3)" in full
    assert "Long term: ↓ worse than the baseline (69.8 in 2007/08 → 61.4 in 2010/11 Q3)" in full  # no 2009/10 Q3
    alone = render_text(ask(partnership, "indicator NI 15"))  # one reading, no baseline: nothing to compare
    assert "Short term" not in alone and "Long term" not in alone
    listed = ask(partnership, "indicators")
    lines = render_text(listed)
    blocks = visible_text(render_blocks(listed))
    for view in listed.data["indicators"]:
        for term in ("short_term", "long_term"):
            if view[term]:
                assert view[term]["brief"] in lines and view[term]["brief"] in blocks, (view["code"], term)
    assert any(v["short_term"] for v in listed.data["indicators"])
    one = visible_text(render_blocks(ask(partnership, "indicator NI 151")))
    assert "*Short term:* ↓ worsening (62 in 2010/11 Q2 → 61.4 in 2010/11 Q3)" in one


def test_periods_sort_in_time_not_as_text():
    periods = ["2010/11", "2009/10 Q4", "2010/11 Q1", "2009/10", "2009/10 Q1"]
    assert sorted(periods, key=rag.period_key) == ["2009/10 Q1", "2009/10 Q4", "2009/10", "2010/11 Q1", "2010/11"]


PARTNERSHIP = """
boards:
  - {name: Luton Forum, slug: forum, kind: forum}
  - {name: Environment and Economy Board, slug: economy, parent: forum}
  - {name: Stronger and Safer Communities Board, slug: safer, parent: forum, channel: C0SAFER01}
  - {name: Community Safety Partnership, slug: csp, parent: safer}
indicators:
  - {code: LI 01, title: Residents who have heard of the partnership, direction: higher, board: csp,
     targets: {2010/11: 30}, readings: {2010/11 Q1: 29.0}}
  - {code: NI 185, title: CO2 reduction from local authority operations, direction: higher, board: economy,
     targets: {2010/11: 12}, readings: {2010/11 Q4: 12.6}}
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
def partnership(loaded):
    return loaded_yaml(loaded, PARTNERSHIP, LONDON)


def ask(engine, text: str):
    return asking.ask(engine, text, "U0X", now=NOW)


@pytest.mark.parametrize(
    "words",
    [
        "NI 151",
        "ni151",
        "151",
        "NI 0151",
        "employment rate",
        "Employment",
        "ni 151",
        "ni-151",
        "employ",
        "NI151 employment",
        "working age employment",
    ],
)
def test_lookup_is_forgiving(partnership, words):
    reply = ask(partnership, f"indicator {words}")
    assert reply.data["indicator"]["code"] == "NI 151"


@pytest.mark.parametrize(
    "words, code",
    [
        ("LI 1", "LI 01"),
        ("li01", "LI 01"),
        ("1", "LI 01"),  # a bare number is a code, never a word of a title
        ("antisocial", "NI 17"),
        ("anti-social", "NI 17"),
        ("co2", "NI 185"),
        ("15", "NI 15"),
    ],
)
def test_other_codes_and_words(partnership, words, code):
    assert ask(partnership, f"indicator {words}").data["indicator"]["code"] == code


def test_one_indicator_in_full(partnership):
    view = ask(partnership, "indicator NI 151").data["indicator"]
    assert (view["rag"], view["latest"], view["latest_period"], view["trend"]) == (
        "red",
        61.4,
        "2010/11 Q3",
        "worsening",
    )
    text = render_text(ask(partnership, "indicator NI 151"))
    for words in (
        "RED: 61.4 against a target of 66 (7% worse) · 2010/11 Q3",
        "Direction: higher is better",
        "Baseline: 69.8 (2007/08)",
        "Targets: 70.2 (2008/09), 67 (2009/10), 66 (2010/11)",
        "Short term: ↓ worsening (62 in 2010/11 Q2 → 61.4 in 2010/11 Q3)",
        "Lead partner: Luton Borough Council",
        "Other partners: Jobcentre Plus",
        "Board: Environment and Economy Board",
    ):
        assert words in text
    assert "illustrative" in render_text(ask(partnership, "indicator NI 15"))


@pytest.mark.parametrize(
    "words, expected",
    [
        (
            "crime rate",
            "“crime rate” matches several: NI 15 Serious violent crime rate; NI 16 Serious acquisitive crime "
            "rate.\nGive the code, e.g. `indicator NI 15`.",
        ),
        ("NI 999", "I can't find an indicator matching “NI 999”.\n`/forum indicators` lists them."),
        ("NI 1", "I can't find an indicator matching “NI 1”"),  # not every title with a 1 in it
        ("employmnet", "Did you mean `NI 151` (Overall employment rate (working-age))?"),
        (
            "serius crme",
            "Did you mean `NI 15` (Serious violent crime rate) or `NI 16` (Serious acquisitive crime rate)?",
        ),
        (
            "<@U0BREN001|bren>",
            "I can't find an indicator matching “<@U0BREN001|bren>”.\n`/forum indicators` lists them.",
        ),
        ("<#C0FORUM01|forum>", "I can't find an indicator matching “<#C0FORUM01|forum>”."),
        (":fire: 🔥", "I can't find an indicator matching “:fire: 🔥”."),
        ("x" * 900, "I can't find an indicator matching “" + "x" * 60 + "…”."),
        ("", "Which indicator?"),
    ],
)
def test_ambiguous_and_unknown_lookups(partnership, words, expected):
    assert expected in render_text(ask(partnership, f"indicator {words}".strip()))


def test_a_pasted_document_is_refused(partnership):
    assert render_text(ask(partnership, "indicator " + "x" * 5000)).startswith("That is 5,010 characters")


def test_mentions_in_replies_are_escaped_not_pinged(partnership):
    blocks = render_blocks(ask(partnership, "indicator <!channel> <@U0BREN001>"))
    assert "&lt;!channel&gt; &lt;@U0BREN001&gt;" in visible_text(blocks) and "<!channel>" not in visible_text(blocks)


def test_no_status_says_why(partnership):
    text = render_text(ask(partnership, "indicator NI 16"))
    assert "NO STATUS: no target for 2010/11" in text
    assert "NO STATUS: no reading yet" in render_text(ask(partnership, "indicator NI 17"))


def codes(reply) -> list[str]:
    return [i["code"] for i in reply.data["indicators"]]


def test_lists_by_status_and_board_red_first(partnership):
    everything = ask(partnership, "indicators")
    # red, amber, green, then no status; within each, codes in number order (NI 15 before NI 151)
    assert codes(everything) == ["NI 151", "LI 01", "NI 152", "NI 15", "NI 185", "NI 16", "NI 17"]
    assert everything.data["counts"] == {"red": 1, "amber": 2, "green": 2}
    assert codes(ask(partnership, "indicators red")) == ["NI 151"]
    assert codes(ask(partnership, "indicators green")) == ["NI 15", "NI 185"]
    assert codes(ask(partnership, "indicators Red Amber")) == ["NI 151", "LI 01", "NI 152"]
    assert codes(ask(partnership, "indicators economy")) == ["NI 151", "NI 152", "NI 185"]
    assert codes(ask(partnership, "indicators amber economy")) == ["NI 152"]
    assert codes(ask(partnership, "indicators Stronger and Safer green")) == ["NI 15"]


def test_a_status_filter_still_counts_everything_in_scope(partnership):
    reply = ask(partnership, "indicators red")
    assert reply.data["title"] == "Indicators at red"
    assert "1 red · 2 amber · 2 green · 2 without a status" in render_text(reply)
    none = ask(partnership, "indicators red safer")
    assert render_text(none) == (
        "No indicators at red for the Stronger and Safer Communities Board and its boards just now.\n"
        "0 red, 1 amber, 1 green, 2 without a status."
    )


def test_a_board_answers_for_the_boards_under_it(partnership):
    safer = ask(partnership, "indicators safer")
    # the Community Safety Partnership reports to the Stronger and Safer board
    assert codes(safer) == ["LI 01", "NI 15", "NI 16", "NI 17"]
    assert safer.data["title"] == "Indicators: Stronger and Safer Communities Board and its boards"
    assert "· Community Safety Partnership" in render_text(safer)  # which board, when there are several
    assert codes(ask(partnership, "indicators forum")) == codes(ask(partnership, "indicators"))
    assert codes(ask(partnership, "indicators <#C0SAFER01|safer>")) == codes(safer)  # a channel names its board
    assert "· Community Safety Partnership" not in render_text(ask(partnership, "indicators csp"))


@pytest.mark.parametrize(
    "words, expected",
    [
        (
            "purple",
            "I don't know a board called “purple”.\nBoards: `forum`, `economy`, `safer`, `csp`. "
            "Or a status: `red`, `amber`, `green`.",
        ),
        ("red purple", "I don't know a board called “purple”."),
        (
            "s",
            "“s” could be several boards: Stronger and Safer Communities Board (`safer`), Community Safety Partnership (`csp`).",
        ),
        ("<#C0NOBOARD|random>", "That channel has no board of the partnership linked to it."),
        ("<@U0BREN001|bren>", "I don't know a board called “<@U0BREN001|bren>”."),
        ("🔥", "I don't know a board called “🔥”."),
    ],
)
def test_unknown_filters_are_explained(partnership, words, expected):
    assert expected in render_text(ask(partnership, f"indicators {words}"))


def test_indicators_over_signed_http(partnership, bot_factory):
    server = bot_factory(partnership)
    body = slash_command_body("indicator ni151")
    blocks = post(server.url + "/slack/events", body, signed_headers(body)).json()["blocks"]
    assert_valid_blocks(blocks)
    text = visible_text(blocks)
    assert ":red_circle: *NI 151* Overall employment rate (working-age)" in text
    assert "*Targets:* 70.2 (2008/09), 67 (2009/10), 66 (2010/11)" in text


def test_home_shows_the_red_indicators_of_my_boards(engine):
    load_yaml(
        engine,
        PARTNERSHIP.replace(
            "boards:\n", "people: [{name: Colin Chick, slack_user: U0COLIN01, role: chair}]\nboards:\n"
        ).replace("slug: economy, parent: forum}", "slug: economy, parent: forum, chair: Colin Chick}"),
        LONDON,
    )
    from commands.home import home

    reply = home(Context(engine=engine, settings=settings_for(engine), now=NOW, user_id="U0COLIN01", surface="home"))
    blocks = render_blocks(reply)
    assert_valid_blocks(blocks, limit=100)
    assert [i["code"] for i in reply.data["red_indicators"]] == ["NI 151"]
    assert ":red_circle: *NI 151* Overall employment rate (working-age) · 61.4 against a target of 66" in visible_text(
        blocks
    )


def many_indicators(count: int) -> str:
    lines = "\n".join(
        f"  - {{code: LI {n:02d}, title: Local measure number {n}, direction: lower, board: forum,"
        f" targets: {{2010/11: 10}}, readings: {{2010/11 Q1: {10 + n % 4}}}}}"
        for n in range(1, count + 1)
    )
    return (
        f"people: [{{name: Bren McGowan, slack_user: U0BREN001}}]\nboards: [{{name: Luton Forum, slug: forum}}]\n"
        f"indicators:\n{lines}\n"
    )


def test_long_lists_come_a_page_at_a_time_with_nothing_cut_off(engine):
    load_yaml(engine, many_indicators(40), LONDON)
    settings = settings_for(engine)
    seen = []
    for page in (1, 2, 3):
        ctx = Context(engine=engine, settings=settings, now=NOW, user_id="U0BREN001", page=page)
        reply = handle(ctx, "indicators")
        blocks = render_blocks(reply)
        assert_valid_blocks(blocks)
        seen += codes(reply)
        buttons = [e for b in blocks if b["type"] == "actions" for e in b["elements"] if e["action_id"] == "forum_more"]
        assert len(buttons) == (1 if page < 3 else 0)
    assert sorted(seen) == sorted(f"LI {n:02d}" for n in range(1, 41)) and len(seen) == 40
    console = handle(Context(engine=engine, settings=settings, now=NOW, surface="console"), "indicators")
    assert len(codes(console)) == 40 and "Showing" not in render_text(console)


def test_more_button_over_signed_http_shows_the_next_page(sqlite_engine, bot_factory, slack):
    load_yaml(sqlite_engine, many_indicators(24), LONDON)
    server = bot_factory(sqlite_engine)
    body = slash_command_body("indicators red")
    first = post(server.url + "/slack/events", body, signed_headers(body)).json()["blocks"]
    assert_valid_blocks(first)
    assert "Showing 1–15 of 18" in visible_text(first)  # LI 04, 08, … 24 read 10, on target: 18 are red
    more = [e for b in first if b["type"] == "actions" for e in b["elements"] if e["action_id"] == "forum_more"][0]
    body = interaction_body(block_action("forum_more", more["value"], response_url=slack.response_url))
    assert post(server.url + "/slack/events", body, signed_headers(body)).status == 200
    second = slack.responses()[-1].args
    assert second["replace_original"] is True
    assert_valid_blocks(second["blocks"])
    text = visible_text(second["blocks"])
    assert "Showing 16–18 of 18" in text and "*LI 23* Local measure number 23" in text and "LI 19" not in text


@pytest.mark.parametrize(
    "name, value",
    [("FORUM_AMBER_TOLERANCE", "-0.05"), ("FORUM_GREEN_TOLERANCE", "5"), ("FORUM_AMBER_TOLERANCE", "five per cent")],
)
def test_a_nonsense_tolerance_stops_the_bot_at_start(sqlite_engine, name, value):
    from pydantic import ValidationError

    with pytest.raises(ValidationError, match=name):
        settings_for(sqlite_engine, **{name: value})
