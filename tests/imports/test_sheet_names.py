"""Names in a spreadsheet or a partnership file sent in Slack meet the workspace's people (issue 15,
point 4): the real bolt app over HTTP with signed requests, the stand-in Slack's users.list. A member's
exact name is that member (a person made from their Slack profile); "B McGowan" when Slack has Bren
McGowan is kept as written and said to the officer, never a new person; a name nobody has is a new
person by name; a role stays text. On SQLite and PostgreSQL."""

from __future__ import annotations

import pytest
from sqlmodel import col, select

from storage.db import read_only
from storage.tables import Action, Attendance, Person
from tests.imports.test_paper_slack import wait_for
from tests.imports.test_upload_files import audits_by, counts, csv_bytes, has_button, import_button, offer, upload
from tests.support.blockkit import visible_text
from tests.support.clock import LONDON
from tests.support.partnerships import load_yaml
from tests.support.slack_requests import block_action, interaction_body, post, signed_headers

OFFICER, DM = "U0RAJ0001", "D0RAJ0001"
DANA, BREN = "U0DANA001", "U0BREN001"

PEOPLE = """
organisations: [{name: Harbourside Council, sector: statutory}]
people:
  - {name: Raj Patel, organisation: Harbourside Council, slack_user: U0RAJ0001, role: officer}
  - {name: Sarah Allen, organisation: Harbourside Council}
boards:
  - {name: Harbourside Forum, slug: forum, kind: forum, channel: C0FORUM01}
"""

OWNERS = {
    "Review the housing strategy": "Dana Okafor",  # a member of the workspace the bot does not know yet
    "Circulate the partnership plan": "B McGowan",  # Slack has Bren McGowan: may be him
    "Chase the community grants": "Quentin Blackwood",  # nobody's name: a new person by name
    "Book the venue": "the LSP Manager",  # a role: text, as always
    "Draft the safety report": "S Allen",  # may be Sarah Allen, whom the bot knows
}

BREN_MAY_BE = "“B McGowan” (line 3) may be Bren McGowan (initials and surname) — kept as written, linked to nobody"
SARAH_MAY_BE = "“S Allen” (line 6) may be Sarah Allen (initials and surname) — kept as written, linked to nobody"


@pytest.fixture
def bot(engine, bot_factory, slack):
    load_yaml(engine, PEOPLE, LONDON)
    slack.add_user(OFFICER, "Raj Patel", email="raj@harbourside.gov.uk")
    slack.add_user(DANA, "Dana Okafor", title="Housing Lead", email="dana@harbourside.gov.uk")
    slack.add_user(BREN, "Bren McGowan", title="Partnership Manager")
    return bot_factory(engine), engine


def press(server, slack, answer):
    """The officer clicks Import in their DM; the bot's answer to the response_url."""
    answered = len(slack.responses())
    body = interaction_body(
        block_action(
            "paper_import",
            import_button(answer)["value"],
            user_id=OFFICER,
            channel_id=DM,
            response_url=slack.response_url,
        )
    )
    assert post(server.url + "/slack/events", body, signed_headers(body)).status == 200
    return wait_for(lambda: slack.responses()[answered:])[0]


def sheet(owners: dict[str, str]) -> bytes:
    return csv_bytes([["Description", "Owner", "Board"], *([d, o, "forum"] for d, o in owners.items())])


def owners(engine) -> dict[str, tuple[str | None, str | None, str | None]]:
    """Each action's owner: (the person's name, their Slack user id, the text kept as written)."""
    with read_only(engine) as session:
        found = {}
        for action in session.exec(select(Action)).all():
            person = session.get(Person, action.owner_id) if action.owner_id else None
            found[action.description] = (
                person.name if person else None,
                person.slack_user_id if person else None,
                action.owner_text,
            )
        return found


def people_named(engine, word: str) -> list[str]:
    with read_only(engine) as session:
        return [p.name for p in session.exec(select(Person).where(col(Person.name).contains(word))).all()]


def test_a_spreadsheets_owners_meet_the_workspaces_people(bot, slack):
    server, engine = bot
    offer(slack, "actions.csv", sheet(OWNERS), "F0NAMES01")
    before = counts(engine)
    answer = upload(server, slack, "F0NAMES01", user=OFFICER, channel=DM)
    text = visible_text(answer.args["blocks"])
    assert "Dry run: actions.csv" in text and "Actions: 5 added" in text
    assert "New people: Dana Okafor (from Slack), Quentin Blackwood." in text
    assert BREN_MAY_BE + "; to link it, send the sheet again with the full name." in text
    assert SARAH_MAY_BE + "; to link it, send the sheet again with the full name." in text
    assert "LSP Manager”" not in text  # a role is no doubt
    assert "reassign" not in text  # a dry run's refs are not yet the actions'
    assert counts(engine) == before  # the dry run wrote nothing

    reply = press(server, slack, answer)
    text = visible_text(reply.args["blocks"])
    assert "Imported: actions.csv" in text and "New people: Dana Okafor (from Slack), Quentin Blackwood." in text
    assert BREN_MAY_BE + "; to link it, send the sheet again with the full name." in text  # Bren is only in Slack
    held = owners(engine)
    with read_only(engine) as session:
        ref = session.exec(select(Action).where(Action.description == "Draft the safety report")).one().ref
    assert SARAH_MAY_BE + f"; to link it, `reassign {ref} Sarah Allen` (or send the sheet again" in text

    assert held == {
        "Review the housing strategy": ("Dana Okafor", DANA, None),  # (a) linked to her Slack account
        "Circulate the partnership plan": (None, None, "B McGowan"),  # (b) kept as written
        "Chase the community grants": ("Quentin Blackwood", None, None),  # (c) a person by name
        "Book the venue": (None, None, "the LSP Manager"),
        "Draft the safety report": (None, None, "S Allen"),
    }
    assert people_named(engine, "McGowan") == [] and people_named(engine, "Allen") == ["Sarah Allen"]
    with read_only(engine) as session:
        dana = session.exec(select(Person).where(Person.slack_user_id == DANA)).one()
        assert (dana.title, dana.email) == ("Housing Lead", "dana@harbourside.gov.uk")  # from her profile
    made = [e for e in audits_by(engine, OFFICER, "person") if e.verb == "create"]
    assert sorted(e.after["name"] for e in made) == ["Dana Okafor", "Quentin Blackwood"]  # audited, as the officer

    # Sent again with the full name: Bren is linked now, made from his Slack profile.
    offer(slack, "actions.csv", sheet({**OWNERS, "Circulate the partnership plan": "Bren McGowan"}), "F0NAMES02")
    again = upload(server, slack, "F0NAMES02", user=OFFICER, channel=DM)
    text = visible_text(again.args["blocks"])
    assert "Actions: 0 added" not in text and "1 changed" in text and "New people: Bren McGowan (from Slack)." in text
    assert "“B McGowan”" not in text and SARAH_MAY_BE in text
    press(server, slack, again)
    assert owners(engine)["Circulate the partnership plan"] == ("Bren McGowan", BREN, None)
    assert people_named(engine, "McGowan") == ["Bren McGowan"]


PARTNERSHIP_FILE = b"""
meetings:
  - board: forum
    starts: 2027-03-04 10:00
    attendance:
      - {name: Dana Okafor, kind: present}
      - {name: B McGowan, kind: present}
actions:
  - {description: Review the housing strategy, owner: Dana Okafor, board: forum}
  - {description: Circulate the partnership plan, owner: B McGowan, board: forum}
  - {description: Chase the community grants, owner: Quentin Blackwood, board: forum}
  - {description: Book the venue, owner: the LSP Manager, board: forum}
"""


def test_a_partnership_files_names_meet_the_workspaces_people(bot, slack):
    server, engine = bot
    offer(slack, "partnership.yaml", PARTNERSHIP_FILE, "F0NAMES03")
    before = counts(engine)
    answer = upload(server, slack, "F0NAMES03", user=OFFICER, channel=DM)
    text = visible_text(answer.args["blocks"])
    assert "Dry run: partnership.yaml" in text and "Created or updated:" in text
    may_be = "may be Bren McGowan (initials and surname) — kept as written, linked to nobody"
    assert (
        "“B McGowan” (meetings #1 (forum 2027-03-04 10:00), attendance, "
        "actions #2 (Circulate the partnership plan), owner) "
        + may_be + "; to link it, send the file again with the full name."
        in text
    )
    assert counts(engine) == before and has_button(answer)

    reply = press(server, slack, answer)
    assert may_be in visible_text(reply.args["blocks"])
    assert owners(engine) == {
        "Review the housing strategy": ("Dana Okafor", DANA, None),
        "Circulate the partnership plan": (None, None, "B McGowan"),
        "Chase the community grants": ("Quentin Blackwood", None, None),
        "Book the venue": (None, None, "the LSP Manager"),
    }
    assert people_named(engine, "McGowan") == []
    with read_only(engine) as session:
        attended = {(a.person_id is not None, a.name_text) for a in session.exec(select(Attendance)).all()}
    assert attended == {(True, "Dana Okafor"), (False, "B McGowan")}  # recorded as written, nobody's
