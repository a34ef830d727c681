"""Trend charts: drawn for every shape of indicator and opened back as images; their addresses signed,
served over HTTP only with a valid token; shown as image blocks with the trend in words."""

from __future__ import annotations

import io
import json
import re
import string
import struct
from datetime import timedelta

import pytest
from matplotlib import image as mpimg

from commands.core import charts
from commands.core.context import Context
from commands.core.router import handle
from commands.scorecard import chart_views
from storage.types import utcnow
from templates import render_blocks, render_text
from templates.charts import indicator_png, scorecard_png, sparkline_png
from tests.support.blockkit import assert_valid_blocks, visible_text
from tests.support.bot_server import settings_for
from tests.support.clock import LONDON
from tests.support.partnerships import load_yaml
from tests.support.slack_requests import get

PUBLIC = "https://forum.luton.example"

PARTNERSHIP = """
people:
  - {name: Bren McGowan, slack_user: U0BREN001, role: officer}
boards:
  - {name: Luton Forum, slug: forum, kind: forum}
  - {name: Stronger and Safer Communities Board, slug: safer, parent: forum}
indicators:
  - {code: NI 15, title: Serious violent crime rate, unit: per 1000, direction: lower, baseline: 1.10,
     baseline_period: 2007/08, board: safer, targets: {2009/10: 1.00, 2010/11: 0.95},
     readings: {2009/10 Q2: 1.12, 2009/10 Q4: 1.09, 2010/11 Q2: 1.05, 2010/11 Q4: 1.02}}
  - {code: NI 151, title: Overall employment rate, unit: "%", direction: higher, baseline: 66.0, board: forum,
     targets: {2009/10: 66.0, 2010/11: 66.5}, readings: {2009/10 Q2: 64.0, 2009/10 Q4: 65.1, 2010/11 Q2: 66.9}}
  - {code: NI 152, title: Working age people on out of work benefits, direction: lower, board: forum,
     targets: {2010/11: 14.0}, readings: {2009/10 Q4: 14.0, 2010/11 Q2: 15.5}}
  - {code: NI 30, title: Re-offending rate of prolific offenders, direction: lower, board: safer,
     targets: {2010/11: 1.0}, readings: {2009/10 Q4: 0.9, 2010/11 Q2: 0.9, 2010/11 Q4: 0.9}}
  - {code: NI 32, title: Repeat incidents of domestic violence, direction: lower, board: safer,
     targets: {2010/11: 28}}
  - {code: NI 8, title: Adult participation in sport, direction: higher, board: forum,
     readings: {2009/10: 21.0, 2010/11: 22.4}}
  - {code: NI 17, title: Perceptions of anti-social behaviour, direction: higher, board: forum,
     targets: {2010/11: 27}, readings: {2010/11 Q1: 26.0, 2010/11 Q2: 26.5}}
"""
SHAPES = {  # code: what it shows
    "NI 15": "falling, lower is better (improving, red)",
    "NI 151": "rising, higher is better (green)",
    "NI 152": "rising, lower is better (worsening, red)",
    "NI 30": "flat (green)",
    "NI 32": "no reading yet",
    "NI 8": "no target",
    "NI 17": "rising, higher is better, just short (amber)",
}


@pytest.fixture
def world(engine):
    load_yaml(engine, PARTNERSHIP, LONDON)
    return engine


def ask_with(engine, text: str, user: str | None = None, **settings):
    ctx = Context(engine=engine, settings=settings_for(engine, **settings), user_id=user, now=utcnow())
    reply = handle(ctx, text)
    assert_valid_blocks(render_blocks(reply))
    return reply


def public(engine, **more):
    return settings_for(engine, FORUM_PUBLIC_URL=PUBLIC, **more)


def views_of(engine):
    ctx = Context(engine=engine, settings=settings_for(engine))
    return {code: chart_views(ctx, "indicator", code)[1][0] for code in SHAPES}


def assert_png(data: bytes, width: int, height: int) -> None:
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    assert struct.unpack(">II", data[16:24]) == (width, height)  # IHDR
    assert 2_000 < len(data) < 400_000
    pixels = mpimg.imread(io.BytesIO(data), format="png")
    assert pixels.shape[:2] == (height, width)
    assert pixels[..., :3].std() > 0.05, "the picture is not blank"
    assert len({tuple(p) for p in pixels[::7, ::7, :3].reshape(-1, 3).round(2)}) > 8, "more than a few colours"


@pytest.mark.parametrize("code", list(SHAPES))
def test_each_shape_of_indicator_draws_a_chart_a_sparkline_and_words(world, code):
    view = views_of(world)[code]
    assert_png(indicator_png(view, 0.05, 0.005), 1000, 640)
    assert_png(sparkline_png(view, 0.05, 0.005), 240, 240)
    words = charts.alt_text(view)
    assert words.startswith(f"{code} {view['title']}: ") and view["direction"] in words


def test_the_alt_text_says_the_trend_in_words(world):
    views = views_of(world)
    assert charts.alt_text(views["NI 15"]) == (
        "NI 15 Serious violent crime rate: red, 1.02 against a target of 0.95 (7.4% worse) in 2010/11 Q4; "
        "improving from 1.05 in 2010/11 Q2; 4 readings since 2009/10 Q2; baseline 1.1; lower is better"
    )
    assert "worsening from 14 in 2009/10 Q4" in charts.alt_text(views["NI 152"])
    assert "no change from 0.9" in charts.alt_text(views["NI 30"])
    assert "no reading yet" in charts.alt_text(views["NI 32"])
    assert "no status (no target for 2010/11), 22.4 in 2010/11" in charts.alt_text(views["NI 8"])
    assert "no targets set" in charts.alt_text(views["NI 8"])


def test_a_scorecard_draws_small_multiples(world):
    ctx = Context(engine=world, settings=settings_for(world))
    title, views = chart_views(ctx, "scorecard", "forum")
    assert title == "Luton Forum" and [v["rag"] for v in views][:2] == ["red", "red"]
    assert_png(scorecard_png(views, title, 0.05, 0.005), 1080, round((0.55 + 2.05 * 3) * 150))
    assert_png(scorecard_png(views[:1], title, 0.05, 0.005), 1080, round((0.55 + 2.05) * 150))


def test_tokens_round_trip_and_refuse_tampering_expiry_and_another_indicator(world):
    settings, now = public(world), utcnow()
    signed = charts.token(settings, "indicator", "NI 15", now)
    assert charts.read_token(settings, signed, now).subject == "NI 15"
    other = charts.token(settings, "indicator", "NI 151", now)
    swapped = other.split(".")[0] + "." + signed.split(".")[1]  # NI 151's payload, NI 15's signature
    for bad in (swapped, signed[:-2] + ("AA" if not signed.endswith("AA") else "BB"), signed + "x"):
        with pytest.raises(charts.BadToken) as refused:
            charts.read_token(settings, bad, now)
        assert not refused.value.malformed
    with pytest.raises(charts.BadToken) as expired:
        charts.read_token(settings, signed, now + timedelta(days=31))
    assert not expired.value.malformed
    with pytest.raises(charts.BadToken):  # another bot's secret
        charts.read_token(public(world, SLACK_SIGNING_SECRET="another"), signed, now)
    for junk in ("", "abc", "a.b.c", "x" * 1000):
        with pytest.raises(charts.BadToken):
            charts.read_token(settings, junk, now)
    # URL-safe as it stands, and the code not written out in it (the signature is random: any two letters may
    # show, so the test looks for the whole code as a URL could spell it)
    assert set(signed) <= set(string.ascii_letters + string.digits + "-_.")
    assert re.search(r"NI[-_]?15", signed) is None


def test_no_public_address_means_no_picture_and_nothing_said_broken(world):
    reply = ask_with(world, "indicator NI 15")
    blocks = render_blocks(reply)
    assert not any(b["type"] == "image" for b in blocks)
    assert "Chart" not in render_text(reply) and "FORUM_PUBLIC_URL" not in visible_text(blocks)
    assert charts.chart_url(settings_for(world, SLACK_SIGNING_SECRET=""), "indicator", "NI 15", utcnow()) is None


def test_the_indicator_reply_carries_its_chart_as_an_image_block(world):
    reply = ask_with(world, "indicator NI 15", FORUM_PUBLIC_URL=PUBLIC)
    images = [b for b in render_blocks(reply) if b["type"] == "image"]
    assert len(images) == 1
    assert images[0]["image_url"].startswith(PUBLIC + "/charts/") and images[0]["image_url"].endswith(".png")
    assert images[0]["alt_text"].startswith("NI 15 Serious violent crime rate: red, 1.02 against a target of 0.95")
    assert "Chart: " + images[0]["image_url"] in render_text(reply)
    again = render_blocks(ask_with(world, "indicator NI 15", FORUM_PUBLIC_URL=PUBLIC))
    assert [b for b in again if b["type"] == "image"][0]["image_url"] == images[0]["image_url"]  # same figures


def test_scorecard_shows_the_picture_and_the_table_red_first(world):
    reply = ask_with(world, "scorecard safer", FORUM_PUBLIC_URL=PUBLIC)
    blocks = render_blocks(reply)
    images = [b for b in blocks if b["type"] == "image"]
    assert len(images) == 1 and images[0]["alt_text"].startswith("Scorecard, Stronger and Safer Communities Board:")
    text = visible_text(blocks)
    assert text.index("NI 15") < text.index("NI 30") and "target 0.95" in text
    console = render_text(ask_with(world, "scorecard"))
    assert console.startswith("Scorecard: Luton Forum") and "2 red" in console and "Chart" not in console
    assert console.index("NI 152") < console.index("NI 151") < console.index("NI 32")


def test_scorecard_of_an_unknown_board_says_so(world):
    assert "I don't know a board" in render_text(ask_with(world, "scorecard nowhere"))


# --- served over HTTP ------------------------------------------------------------------------------


@pytest.fixture
def server(world, bot_factory):
    return bot_factory(world, FORUM_PUBLIC_URL=PUBLIC)


def local(server, url: str) -> str:
    return server.url + url.removeprefix(PUBLIC)


def image_url(engine, text: str) -> str:
    blocks = render_blocks(ask_with(engine, text, FORUM_PUBLIC_URL=PUBLIC))
    return [b for b in blocks if b["type"] == "image"][0]["image_url"]


def test_charts_are_served_as_png_and_cached_until_a_reading_changes(server, world, monkeypatch):
    import bot.http

    drawn = []
    draw = bot.http._draw
    monkeypatch.setattr(bot.http, "_draw", lambda *args: drawn.append(args[0]) or draw(*args))
    url = image_url(world, "indicator NI 15")
    answer = get(local(server, url))
    assert answer.status == 200 and answer.headers["Content-Type"] == "image/png"
    assert "max-age" in answer.headers["Cache-Control"]
    assert_png(answer.body, 1000, 640)
    assert get(local(server, url)).body == answer.body
    assert drawn == ["indicator"]  # the second asking was answered from the kept picture
    ask_with(world, "add reading NI 15 0.97 for 2011/12 Q2", user="U0BREN001")
    newer = image_url(world, "indicator NI 15")
    assert newer != url  # a new reading, a new address: no kept copy of the old picture is shown
    fresh = get(local(server, newer))
    assert fresh.status == 200 and fresh.body != answer.body
    assert drawn == ["indicator", "indicator"]
    score = get(local(server, image_url(world, "scorecard safer")))
    assert score.status == 200 and score.body[:4] == b"\x89PNG"


def test_a_sparkline_token_and_head_requests(server, world):
    url = charts.chart_url(public(world), "sparkline", "NI 151", utcnow())
    answer = get(local(server, url))
    assert answer.status == 200 and answer.headers["Content-Type"] == "image/png"
    assert_png(answer.body, 240, 240)
    import urllib.request

    head = urllib.request.urlopen(urllib.request.Request(local(server, url), method="HEAD"), timeout=10)
    assert head.status == 200 and head.headers["Content-Type"] == "image/png" and head.read() == b""


def test_charts_are_refused_without_a_valid_token(server, world):
    settings, now = public(world), utcnow()
    good = charts.token(settings, "indicator", "NI 15", now)
    other = charts.token(settings, "indicator", "NI 151", now)
    forged = charts.token(public(world, SLACK_SIGNING_SECRET="guessed"), "indicator", "NI 15", now)
    expired = charts.token(settings, "indicator", "NI 15", now - timedelta(days=31))
    gone = charts.token(settings, "indicator", "NI 999", now)
    cases = {
        "/charts/.png": 404,  # missing
        "/charts/1.png": 404,  # a database id alone
        "/charts/NI%2015.png": 404,
        f"/charts/{good}": 404,  # not a picture's address
        f"/charts/{good}x.png": 403,  # tampered signature
        f"/charts/{other.split('.')[0]}.{good.split('.')[1]}.png": 403,  # another indicator
        f"/charts/{forged}.png": 403,
        f"/charts/{expired}.png": 403,
        f"/charts/{gone}.png": 404,  # signed, but no such indicator now
        "/charts/../healthz.png": 404,
    }
    for path, status in cases.items():
        answer = get(server.url + path)
        assert answer.status == status, path
        assert answer.headers["Content-Type"] == "application/json" and "Traceback" not in answer.body.decode()
        assert json.loads(answer.body)["error"]
    assert get(server.url + f"/charts/{good}.png").status == 200


def test_charts_without_a_signing_secret_are_not_served(world, bot_factory):
    server = bot_factory(world, FORUM_PUBLIC_URL=PUBLIC)
    signed = charts.token(public(world), "indicator", "NI 15", utcnow())
    server.settings.slack_signing_secret = None  # as a Socket Mode bot would be
    assert get(server.url + f"/charts/{signed}.png").status == 404


def test_the_home_tab_shows_red_then_amber_indicators_with_sparklines(server, world):
    from commands.home import home

    def home_blocks(**settings):
        ctx = Context(engine=world, settings=settings_for(world, **settings), user_id="U0BREN001", surface="home")
        reply = home(ctx)
        blocks = render_blocks(reply)
        assert_valid_blocks(blocks, limit=100)
        return reply, blocks

    reply, blocks = home_blocks(FORUM_PUBLIC_URL=PUBLIC)
    assert [i["code"] for i in reply.data["red_indicators"] + reply.data["amber_indicators"]] == ["NI 152", "NI 17"]
    assert any(b.get("text", {}).get("text") == "Indicators at red and amber" for b in blocks)
    pictured = [b for b in blocks if b.get("accessory", {}).get("type") == "image"]
    assert [b["text"]["text"].split("*")[1] for b in pictured] == ["NI 152", "NI 17"]
    assert pictured[0]["text"]["text"].startswith(":red_circle: *NI 152*")
    assert pictured[1]["text"]["text"].startswith(":large_orange_circle: *NI 17*")
    assert pictured[1]["accessory"]["alt_text"].startswith("NI 17 Perceptions of anti-social behaviour: amber")
    answer = get(local(server, pictured[0]["accessory"]["image_url"]))
    assert answer.status == 200 and answer.headers["Content-Type"] == "image/png"
    assert_png(answer.body, 240, 240)
    _, plain = home_blocks()
    assert not any(b.get("accessory", {}).get("type") == "image" for b in plain)
    assert ":large_orange_circle: *NI 17* Perceptions of anti-social behaviour" in visible_text(plain)
