"""`search WORDS [board BOARD] [since DATE]` over the demo partnership's records, on SQLite and
PostgreSQL: through the router, a signed slash command, and the App Home's Search form; the index
kept in step with writes and rebuilt by its migration."""

from __future__ import annotations

import json
import re

import pytest
from sqlalchemy import text
from sqlmodel import Session, select

from storage.db import alembic_config
from storage.tables import Action, Minute, SearchDocument
from templates import render_text
from tests.support.asking import ask
from tests.support.blockkit import visible_text
from tests.support.slack_requests import (
    block_action,
    event_callback,
    interaction_body,
    post,
    signed_headers,
    slash_command_body,
    view_submission,
)

OFFICER, MEMBER = "U0BREN001", "U0PETAD01"


@pytest.fixture
def forum(luton):
    return luton


def found(engine, words: str, user: str = MEMBER) -> str:
    return render_text(ask(engine, f"search {words}", user))


def test_a_word_only_in_a_minutes_discussion_finds_that_minute(forum):
    with Session(forum) as session:
        minute = session.exec(select(Minute).where(Minute.discussion.contains("advertising and marketing"))).one()
    assert "marketing" not in minute.title.casefold()
    answer = found(forum, "advertising marketing")
    assert f"Minute  {minute.number} {minute.title}" in answer
    assert "[advertising] and [marketing] for Luton in Harmony" in answer  # the snippet, words marked


def test_a_word_only_in_a_progress_note_finds_the_note_and_its_action(forum):
    answer = found(forum, "banners")
    assert "Progress note A-1  Distribute an update on Luton in Harmony to all partners" in answer
    assert "posters, [banners] and buses" in answer and "action A-1" in answer


def test_stemming_finds_other_forms_of_a_word(forum):
    assert "Luton Whole Systems Strategy for Older People" in found(forum, "circulating")  # "Circulate the …"


def test_decisions_are_found_with_their_reference(forum):
    answer = found(forum, "minutes previous meeting")
    assert "Decision D-" in answer and "decision D-" in answer


def test_a_board_and_a_period_narrow_it(forum):
    assert "Luton in Harmony" in found(forum, "harmony board forum")
    assert "Nothing recorded in Stronger and Safer Communities Board matches “harmony”." in found(
        forum, "harmony board safer"
    )
    assert "Nothing recorded matches" in found(forum, "harmony since 2040")
    assert "There is no board called “nowhere”." in found(forum, "harmony board nowhere")


HOSTILE = [
    'harmony" OR "x',
    "NEAR(harmony budget)",
    "harmony* AND -budget",
    "title:harmony",
    "'; DROP TABLE minute; --",
    "(((harmony",
    "<@U0BREN001> <!channel> &amp;",
    "harmony " * 1000,
    "x" * 5000,
]


def test_hostile_words_are_answered_cleanly(forum):
    for words in HOSTILE:
        reply = ask(forum, f"search {words}", MEMBER)
        answer = render_text(reply)
        assert "Traceback" not in answer and answer.strip(), words
        assert reply.template in ("search", "message"), words
    assert "Luton in Harmony" in found(forum, '"harmony" OR (NEAR*')  # the words, not the syntax
    with Session(forum) as session:
        assert session.exec(select(Minute)).first() is not None  # nothing dropped


def test_no_words_and_no_match_say_so(forum):
    assert "Search for what?" in found(forum, '"*" ()')
    assert "Nothing recorded matches “zebra”." in found(forum, "zebra")


def test_a_record_changed_a_moment_ago_is_found_and_an_archived_one_is_not(forum):
    added = render_text(ask(forum, 'add action "Survey the zebra crossings" due 10 March 2030', OFFICER))
    ref = re.search(r"A-\d+", added).group(0)
    assert f"Action {ref}  Survey the zebra crossings" in found(forum, "zebra")
    render_text(ask(forum, f'done {ref} "the giraffe survey replaced it"', OFFICER))
    assert f"Progress note {ref}" in found(forum, "giraffe")
    render_text(ask(forum, f'drop {ref} "duplicate"', OFFICER))
    assert f"Action {ref}" in found(forum, "zebra")  # dropped is still part of the record
    with Session(forum) as session:  # archived (a soft delete): gone from every list, and from search
        action = session.get(Action, int(ref[2:]))
        action.archived_at = action.updated_at
        session.add(action)
        session.commit()
    assert "Nothing recorded matches" in found(forum, "zebra")


def test_a_write_rolled_back_leaves_the_index_as_it_was(forum):
    with Session(forum) as session:
        action = session.exec(select(Action).where(Action.id == 1)).one()
        action.description = "Walk the okapi"
        session.flush()
        session.rollback()
    assert "Nothing recorded matches" in found(forum, "okapi")


def test_the_migration_indexes_records_already_there(forum):
    from alembic import command

    with forum.begin() as connection:
        connection.execute(text("DELETE FROM search_document"))
    assert "Nothing recorded matches" in found(forum, "harmony")
    config = alembic_config(forum.url.render_as_string(hide_password=False))
    with forum.begin() as connection:
        config.attributes["connection"] = connection
        command.downgrade(config, "0006")
        command.upgrade(config, "head")
    assert "Luton in Harmony" in found(forum, "harmony")
    with Session(forum) as session:
        kinds = set(session.exec(select(SearchDocument.kind)).all())
    assert kinds == {"minute", "decision", "action", "progress", "item", "paper", "consultation", "indicator"}


def test_through_a_signed_slash_command(forum, bot_factory):
    bot = bot_factory(forum)
    body = slash_command_body("search banners", user_id=MEMBER)
    answer = post(bot.url + "/slack/events", body, signed_headers(body))
    assert answer.status == 200
    shown = visible_text(answer.json()["blocks"])
    assert "Progress note A-1" in shown and "posters, *banners* and buses" in shown


def test_the_app_homes_search_button_opens_a_form_whose_answer_comes_to_the_dm(forum, bot_factory, slack):
    bot = bot_factory(forum)
    opened = event_callback({"type": "app_home_opened", "user": MEMBER, "tab": "home", "event_ts": "1700000000.1"})
    post(bot.url + "/slack/events", opened, signed_headers(opened, content_type="application/json"))
    home = slack.calls_to("views.publish")[-1].args["view"]
    buttons = [b["accessory"]["action_id"] for b in home["blocks"] if "accessory" in b]
    assert "home_search" in buttons

    pressed = interaction_body(block_action("home_search", "search", user_id=MEMBER))
    assert post(bot.url + "/slack/events", pressed, signed_headers(pressed)).status == 200
    view = slack.calls_to("views.open")[-1].args["view"]
    view = json.loads(view) if isinstance(view, str) else view
    assert view["callback_id"] == "search_modal"

    empty = interaction_body(
        view_submission("search_modal", "", {"words": {"text": {"type": "plain_text_input", "value": " "}}}, MEMBER)
    )
    refused = post(bot.url + "/slack/events", empty, signed_headers(empty))
    assert refused.json() == {"response_action": "errors", "errors": {"words": "Type a word or two to find."}}

    submitted = interaction_body(
        view_submission(
            "search_modal", "", {"words": {"text": {"type": "plain_text_input", "value": "banners"}}}, MEMBER
        )
    )
    assert post(bot.url + "/slack/events", submitted, signed_headers(submitted)).status == 200
    posted = slack.calls_to("chat.postMessage")[-1].args
    assert posted["channel"] == MEMBER and "Progress note A-1" in visible_text(posted["blocks"])
