"""A new partnership's first day, entirely from Slack (issue 15): the Harbourside Partnership (made
up, not Luton) goes from an installed app and an empty database to correct answers and reminders for
its own people and boards. Every step is a signed request to the real bolt app over HTTP; Slack's
side is the stand-in on loopback, holding the workspace's people and channels.

The officer's part of the day is counted as it goes: `COMMANDS` typed and `CLICKS` (buttons and
form submissions) — reported by the test, and checked so that it stays small.
"""

from __future__ import annotations

import time
import uuid
from datetime import date, timedelta

import pytest
from slack_sdk.models.views import View
from sqlmodel import Session, select

from bot.workspace import forget_members
from storage.tables import Attendance, AuditEvent, Board, BoardMember, Organisation, PartnershipDetails, Person
from storage.types import utcnow
from tests.support.blockkit import assert_valid_blocks, visible_text
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

ADA, RAJ, MEI, TOM, LINDA, SAM, PRIYA, BOT = (
    "U0ADA0001",
    "U0RAJ0001",
    "U0MEI0001",
    "U0TOM0001",
    "U0LIN0001",
    "U0SAM0001",
    "U0PRI0001",
    "U0FORUMBOT",
)
MAIN, HEALTH = "C0HBRMAIN1", "C0HBRHLTH1"


class Day:
    """The officer's day, counted: each command typed and each click (button, form submitted)."""

    def __init__(self, server, slack):
        self.server, self.slack = server, slack
        self.commands = 0
        self.clicks = 0

    def _post(self, body: bytes, content_type: str = "application/x-www-form-urlencoded"):
        answer = post(self.server.url + "/slack/events", body, signed_headers(body, content_type=content_type))
        assert answer.status == 200, answer.body
        return answer

    def command(self, text: str, user: str, channel: str = MAIN, count: bool = True) -> str:
        """`/forum TEXT`; what the user reads (empty when a form opened instead)."""
        self.commands += count
        answer = self._post(slash_command_body(text, user_id=user, channel_id=channel))
        if not answer.body:
            return ""
        reply = answer.json()
        assert_valid_blocks(reply["blocks"])
        return visible_text(reply["blocks"])

    def opened_view(self) -> dict:
        view = self.slack.calls_to("views.open")[-1].args["view"]
        View(**view).validate_json()
        return view

    def submit(self, callback_id: str, state: dict, user: str = ADA, metadata: str = "", **view_extra) -> dict:
        self.clicks += 1
        payload = view_submission(callback_id, metadata, state, user_id=user)
        payload["view"].update(view_extra)
        answer = self._post(interaction_body(payload))
        return answer.json() if answer.body else {}

    def press(self, action_id: str, value: str, user: str = ADA) -> None:
        self.clicks += 1
        payload = block_action(action_id, value, user_id=user, view={"id": "V0BOARDS", "type": "modal"})
        self._post(interaction_body(payload))

    def upload(self, name: str, content: str, user: str = ADA, channel: str = "D0ADA0001") -> dict:
        """A paper dropped into the officer's DM with the bot (one click): the dry run posted back."""
        self.clicks += 1
        self.slack.files[name] = content.encode()
        file_id = "F0" + uuid.uuid4().hex[:8].upper()
        for _ in range(3):  # read for the dry run, again after Review, again at Import
            self.slack.scripted.setdefault("files.info", []).append(
                (
                    200,
                    {
                        "ok": True,
                        "file": {
                            "id": file_id,
                            "name": name,
                            "size": len(content.encode()),
                            "url_private_download": self.slack.file_url(name),
                        },
                    },
                    {},
                )
            )
        before = len(self.slack.calls_to("chat.postMessage"))
        self.event(
            {"type": "file_shared", "file_id": file_id, "user_id": user, "file": {"id": file_id}, "channel_id": channel}
        )
        return self.posted(before)

    def posted(self, before: int) -> dict:
        """The next message the bot posts (its lazy listeners answer after Slack's acknowledgement)."""
        deadline = time.monotonic() + 15
        while time.monotonic() < deadline:
            calls = self.slack.calls_to("chat.postMessage")
            if len(calls) > before:
                assert_valid_blocks(calls[before].args["blocks"])
                return calls[before].args
            time.sleep(0.05)
        raise AssertionError("the bot did not answer in time")

    def press_in_dm(self, action_id: str, value: str, user: str = ADA, channel: str = "D0ADA0001") -> None:
        self.clicks += 1
        payload = block_action(action_id, value, user_id=user, channel_id=channel, response_url=self.slack.response_url)
        self._post(interaction_body(payload))

    def event(self, event: dict) -> None:
        # an id of its own: the replay guard remembers event ids (and a test run reuses its counter)
        self._post(
            event_callback(event, event_id=f"Ev{uuid.uuid4().hex[:12].upper()}"), content_type="application/json"
        )


def text(value: str) -> dict:
    return {"value": {"type": "plain_text_input", "value": value}}


def picked(kind: str, key: str, value: str) -> dict:
    return {"value": {"type": kind, key: value}}


@pytest.fixture
def workspace(slack):
    forget_members()
    slack.add_user(
        ADA,
        "Ada Okafor",
        title="Partnership Manager",
        email="ada.okafor@harbourside.gov.uk",
        is_owner=True,
        channels=(MAIN, HEALTH),
    )
    slack.add_user(RAJ, "Raj Patel", title="Head of Policy", email="raj@harbourside.gov.uk", is_admin=True)
    slack.add_user(
        MEI,
        "Mei Chen",
        display_name="Mei",
        title="Public Health Lead",
        email="mei.chen@harbour.nhs.example",
        fields={"Organisation": "Harbour NHS Trust"},
        channels=(MAIN, HEALTH),
    )
    slack.add_user(
        TOM, "Tom Briggs", title="Community Safety Manager", email="tom@harbourpolice.example", channels=(MAIN,)
    )
    slack.add_user(LINDA, "Linda Ross", display_name="Cllr Linda Ross", title="Leader of the Council", channels=(MAIN,))
    slack.add_user(BOT, "Forum bot", is_bot=True, channels=(MAIN, HEALTH))
    return slack


def _session(engine) -> Session:
    return Session(engine)


def test_a_new_partnership_gets_going_in_slack(engine, bot_factory, workspace):
    slack = workspace
    day = Day(bot_factory(engine), slack)
    today = utcnow().astimezone(LONDON).date()

    # Before anything: every command points to setup; the App Home is an unticked checklist.
    assert "/forum setup" in day.command("next-meeting", TOM, count=False)
    assert "/forum setup" in day.command("actions mine", TOM, count=False)
    day.event({"type": "app_home_opened", "user": TOM, "channel": "D0TOM", "tab": "home"})
    home = visible_text(slack.calls_to("views.publish")[-1].args["view"]["blocks"])
    assert "Getting started" in home and ":white_large_square: Set up the partnership" in home

    # A member who is no workspace admin cannot claim the partnership.
    refused = day.command("setup", MEI, count=False)
    assert "first workspace admin or owner" in refused and not slack.calls_to("views.open")

    # 1. Ada, the workspace's owner, claims it and gets the form.
    assert day.command("setup", ADA) == ""
    view = day.opened_view()
    assert view["callback_id"] == "setup_partnership"
    with _session(engine) as session:
        ada = session.exec(select(Person).where(Person.slack_user_id == ADA)).one()
        assert (ada.name, ada.role, ada.title) == ("Ada Okafor", "admin", "Partnership Manager")

    # 2. The partnership: a bad time zone is said beside the field, and nothing is saved.
    details = {
        "name": text("Harbourside Partnership"),
        "timezone": text("Europe/Harbourside"),
        "hour": picked("timepicker", "selected_time", "08:30"),
        "organisation_field": text("Organisation"),
        "email_domains": text("harbourside.gov.uk = Harbourside Council"),
    }
    answer = day.submit("setup_partnership", details)
    assert answer["response_action"] == "errors" and "not a time zone" in answer["errors"]["timezone"]
    answer = day.submit("setup_partnership", {**details, "timezone": text("Europe/London")})
    assert answer["response_action"] == "update" and answer["view"]["callback_id"] == "setup_boards"
    View(**answer["view"]).validate_json()
    assert "No boards yet" in visible_text(answer["view"]["blocks"])

    # 3. Its main board, with its channel and chair; the channel's people become its members.
    day.press("setup_board_add", "new")
    pushed = slack.calls_to("views.push")[-1].args["view"]
    View(**pushed).validate_json()
    assert pushed["callback_id"] == "setup_board"
    day.submit(
        "setup_board",
        {
            "name": text("Harbourside Partnership Board"),
            "slug": text("main"),
            "channel": picked("conversations_select", "selected_conversation", MAIN),
            "chair": picked("users_select", "selected_user", LINDA),
        },
        metadata=pushed["private_metadata"],
        previous_view_id="V0BOARDS",
        root_view_id="V0BOARDS",
    )
    redrawn = slack.calls_to("views.update")[-1].args
    assert redrawn["view_id"] == "V0BOARDS"
    shown = visible_text(redrawn["view"]["blocks"])
    assert "Harbourside Partnership Board" in shown and "chair: Linda Ross" in shown and "4 members" in shown

    # 4. A theme board under it.
    day.press("setup_board_add", "new")
    pushed = slack.calls_to("views.push")[-1].args["view"]
    parents = [o["value"] for b in pushed["blocks"] if b["block_id"] == "parent" for o in b["element"]["options"]]
    assert parents == ["main"]
    day.submit(
        "setup_board",
        {
            "name": text("Healthy Harbourside Board"),
            "slug": text(""),  # made from the name
            "parent": {"value": {"type": "static_select", "selected_option": {"value": "main"}}},
            "channel": picked("conversations_select", "selected_conversation", HEALTH),
        },
        metadata=pushed["private_metadata"],
        previous_view_id="V0BOARDS",
    )
    assert "2 members" in visible_text(slack.calls_to("views.update")[-1].args["view"]["blocks"])
    answer = day.submit("setup_boards", {})
    assert answer == {"response_action": "clear"}
    finished = slack.calls_to("chat.postMessage")[-1].args
    assert finished["channel"] == ADA and "Harbourside Partnership is set up: 2 boards" in finished["text"]
    assert "agenda pack" in finished["text"]

    with _session(engine) as session:
        own = session.exec(select(PartnershipDetails)).one()
        assert (own.name, own.timezone_name, own.working_hour) == ("Harbourside Partnership", "Europe/London", "08:30")
        main, health = (
            session.exec(select(Board).where(Board.slug == s)).one() for s in ("main", "healthy-harbourside")
        )
        assert (main.kind, health.kind, health.parent_id, health.slack_channel_id) == (
            "forum",
            "theme_board",
            main.id,
            HEALTH,
        )
        members = {
            session.get(Person, m.person_id).name
            for m in session.exec(select(BoardMember).where(BoardMember.board_id == main.id)).all()
        }
        assert members == {"Ada Okafor", "Mei Chen", "Tom Briggs", "Linda Ross"}  # the bot is no member
        mei = session.exec(select(Person).where(Person.slack_user_id == MEI)).one()
        assert session.get(Organisation, mei.organisation_id).name == "Harbour NHS Trust"  # from the profile field
        ada = session.get(Person, ada.id)
        assert session.get(Organisation, ada.organisation_id).name == "Harbourside Council"  # from the domain
        tom = session.exec(select(Person).where(Person.slack_user_id == TOM)).one()
        assert tom.organisation_id is None  # neither field nor known domain: left empty, not guessed
        audited = {(e.entity, e.verb) for e in session.exec(select(AuditEvent).where(AuditEvent.actor == ADA)).all()}
        assert {
            ("partnership", "create"),
            ("board", "create"),
            ("board_member", "create"),
            ("person", "update"),
        } <= audited

    # A second workspace admin cannot claim it now; a member cannot run setup.
    assert "Only admins can set up the partnership" in day.command("setup", RAJ, count=False)
    assert "Only admins can set up the partnership" in day.command("setup", MEI, count=False)
    assert len(slack.calls_to("views.open")) == 1

    # 5. Roles: granting someone the bot has not met yet makes them from their Slack profile.
    assert "Raj Patel is now an officer" in day.command(f"grant <@{RAJ}|raj> officer", ADA)
    assert "Raj Patel is now a member of the Healthy Harbourside Board" in day.command(
        f"add member <@{RAJ}|raj> healthy-harbourside", ADA
    )

    # 6. The first meeting, from the form; members ask about it.
    assert "agenda pack" in day.command("next-meeting", TOM, count=False)
    assert day.command("new meeting", ADA) == ""
    meeting_form = day.opened_view()
    meeting_day = today + timedelta(days=10)
    answer = day.submit(
        "forum_form",
        {
            "board": {"value": {"type": "static_select", "selected_option": {"value": "main"}}},
            "date": picked("datepicker", "selected_date", meeting_day.isoformat()),
            "time": picked("timepicker", "selected_time", "14:00"),
            "venue": text("Harbour Hall"),
            "address": text("Quay Street"),
        },
        metadata=meeting_form["private_metadata"],
    )
    assert answer == {}, answer
    next_meeting = day.command("next-meeting", TOM, count=False)
    assert "Harbourside Partnership Board" in next_meeting and "Harbour Hall" in next_meeting
    assert f"{meeting_day:%A} {meeting_day.day} {meeting_day:%B}" in next_meeting and "2:00" in next_meeting

    # 7. An action for Mei, who is linked to her Slack account: she sees it as hers.
    due = today + timedelta(days=6)
    added = day.command(
        f'add action "Circulate the health profile" <@{MEI}|mei> due {due.isoformat()} board health', ADA
    )
    assert "Mei Chen" in added
    mine = day.command("actions mine", MEI, channel=HEALTH, count=False)
    assert "Circulate the health profile" in mine
    assert "Circulate the health profile" not in day.command("actions mine", TOM, count=False)

    # 8. Reminders name the right people, at the partnership's own working hour.
    preview = day.command("reminders 14", ADA)
    assert "Mei Chen" in preview and "Harbourside Partnership Board" in preview
    assert "8:30" in preview and "9:00" not in preview

    # 9. People keep in step with the channels: joining adds, leaving ends membership and keeps history.
    slack.add_user(SAM, "Sam Ade", email="sam.ade@harbourside.gov.uk")
    day.event(
        {"type": "member_joined_channel", "user": SAM, "channel": HEALTH, "channel_type": "C", "team": "T0LUTON01"}
    )
    assert "Priya Shah by name" in day.command('add person "Priya Shah"', ADA)
    slack.add_user(PRIYA, "Priya Shah", title="Voluntary Sector Lead")
    day.event(
        {"type": "member_joined_channel", "user": PRIYA, "channel": MAIN, "channel_type": "C", "team": "T0LUTON01"}
    )
    tom_action = day.command(f'add action "Walk the quay with the police" <@{TOM}|tom> board main', ADA)
    assert "Tom Briggs" in tom_action
    day.event({"type": "member_left_channel", "user": TOM, "channel": MAIN, "channel_type": "C", "team": "T0LUTON01"})
    with _session(engine) as session:
        sam = session.exec(select(Person).where(Person.slack_user_id == SAM)).one()
        assert session.get(Organisation, sam.organisation_id).name == "Harbourside Council"
        assert (
            session.exec(select(BoardMember).where(BoardMember.person_id == sam.id, BoardMember.board_id == health.id))
            .one()
            .archived_at
            is None
        )
        priyas = session.exec(select(Person).where(Person.name == "Priya Shah")).all()
        assert len(priyas) == 1 and priyas[0].slack_user_id == PRIYA  # linked, not doubled
        assert priyas[0].title == "Voluntary Sector Lead"
        tom_row = session.exec(
            select(BoardMember).where(BoardMember.person_id == tom.id, BoardMember.board_id == main.id)
        ).one()
        assert tom_row.archived_at is not None  # ended, not deleted
        assert session.get(Person, tom.id).archived_at is None
    assert "Walk the quay with the police" in day.command("actions mine", TOM, count=False)  # his history stays

    # 10. Papers (issue 14, 15): minutes and an agenda pack dropped into Ada's DM. Names meet people:
    # Mei Chen exactly (her Slack name), "R Patel" likely (Raj Patel; Ada confirms it in Review),
    # Olu Bankole nobody yet (a person by name, linked when he joins the channel).
    def said(day_: date) -> str:
        return f"{day_:%A} {day_.day} {day_:%B %Y}"

    held, next_day = today - timedelta(days=14), today + timedelta(days=5)
    mei_due, olu_due = today + timedelta(days=3), today + timedelta(days=12)
    minutes = (
        f"HEALTHY HARBOURSIDE BOARD\n\nMINUTES of the meeting held on {said(held)} at 10.00 am\nVenue: Harbour Hall\n\n"
        "Present:\nMei Chen (Chair)\nR Patel, Harbourside Council\nOlu Bankole, Harbour Housing\n\n"
        "1. HEALTH PROFILE\n\nMei Chen introduced the draft health profile.\n\n"
        "RESOLVED – that the draft profile be noted.\n\n"
        f"ACTION: Mei Chen to publish the health profile – by {said(mei_due)}\n\n"
        f"ACTION: Olu Bankole to review the housing figures – by {said(olu_due)}\n"
    )
    dry_run = day.upload("health-minutes.txt", minutes)
    shown = visible_text(dry_run["blocks"])
    assert "Dry run: health-minutes.txt" in shown and "Healthy Harbourside Board" in shown
    assert "“R Patel” may be Raj Patel (initials and surname) — left unlinked, as written" in shown
    buttons = {e["action_id"]: e["value"] for b in dry_run["blocks"] if b["type"] == "actions" for e in b["elements"]}
    slack.calls.clear()  # only this review's views.open below
    day.press_in_dm("paper_review", buttons["paper_review"])
    deadline = time.monotonic() + 10
    while not slack.calls_to("views.open") and time.monotonic() < deadline:
        time.sleep(0.05)
    review = day.opened_view()
    assert review["callback_id"] == "paper_review"
    who = next(b for b in review["blocks"] if b.get("block_id") == "person_0")
    raj_option = who["element"]["options"][0]
    assert raj_option["text"]["text"] == "Raj Patel (initials and surname)"
    before = len(slack.calls_to("chat.postMessage"))
    assert day.submit("paper_review", {"person_0": {"value": {"type": "static_select", "selected_option": raj_option}}},
                      metadata=review["private_metadata"]) == {}  # fmt: skip
    redrawn = day.posted(before)
    assert "you chose *Raj Patel*" in visible_text(redrawn["blocks"])
    again = {e["action_id"]: e["value"] for b in redrawn["blocks"] if b["type"] == "actions" for e in b["elements"]}
    day.press_in_dm("paper_import", again["paper_import"])
    deadline = time.monotonic() + 15
    while not slack.responses() and time.monotonic() < deadline:
        time.sleep(0.05)
    assert "Imported: health-minutes.txt" in visible_text(slack.responses()[-1].args["blocks"])

    agenda = (
        f"HEALTHY HARBOURSIDE BOARD\n\nDate: {said(next_day)}\nTime: 2.30 pm\nVenue: Harbour Hall\n\nAGENDA\n\n"
        "Item\tSubject\tLead\tPurpose\n1\tApologies and introductions\tChair\t\n"
        "2\tMinutes of the last meeting\tChair\tFor approval\n"
        "3\tHousing and health (report attached)\tOlu Bankole\tFor discussion\n"
    )
    pack = day.upload("health-agenda.txt", agenda)
    assert "Housing and health" in visible_text(pack["blocks"])
    pack_buttons = {e["action_id"]: e["value"] for b in pack["blocks"] if b["type"] == "actions" for e in b["elements"]}
    answered = len(slack.responses())
    day.press_in_dm("paper_import", pack_buttons["paper_import"])
    deadline = time.monotonic() + 15
    while len(slack.responses()) <= answered and time.monotonic() < deadline:
        time.sleep(0.05)
    assert "Imported: health-agenda.txt" in visible_text(slack.responses()[-1].args["blocks"])

    OLU = "U0OLU0001"
    slack.add_user(OLU, "Olu Bankole", title="Housing Lead")
    forget_members()
    day.event(
        {"type": "member_joined_channel", "user": OLU, "channel": HEALTH, "channel_type": "C", "team": "T0LUTON01"}
    )
    with _session(engine) as session:
        raj = session.exec(select(Person).where(Person.slack_user_id == RAJ)).one()
        olus = session.exec(select(Person).where(Person.name == "Olu Bankole")).all()
        assert len(olus) == 1 and olus[0].slack_user_id == OLU  # made by name from the paper, then linked
        assert session.exec(select(Person).where(Person.name == "R Patel")).first() is None
        present = set(session.exec(select(Attendance.person_id)).all())
        assert {raj.id, olus[0].id, mei.id} <= present  # Raj, as Ada confirmed
    upcoming = day.command("next-meeting", MEI, channel=HEALTH, count=False)
    assert "Housing and health" in upcoming and f"{next_day:%A} {next_day.day} {next_day:%B}" in upcoming
    assert "Publish the health profile" in day.command("actions mine", MEI, channel=HEALTH, count=False)
    olu_actions = day.command("actions mine", OLU, channel=HEALTH, count=False)
    assert "Review the housing figures" in olu_actions and "Publish the health profile" not in olu_actions
    reminders = day.command("reminders 14", ADA)
    assert "Olu Bankole" in reminders and "Mei Chen" in reminders

    # The App Home ticks off what is done.
    day.event({"type": "app_home_opened", "user": ADA, "channel": "D0ADA", "tab": "home"})
    home = visible_text(slack.calls_to("views.publish")[-1].args["view"]["blocks"])
    assert ":white_check_mark: ~Add its boards" in home and ":white_check_mark: ~The next meeting" in home
    assert ":white_large_square: Indicators" in home

    # The officer's day: commands typed and clicks made.
    print(f"\nfirst day: {day.commands} commands, {day.clicks} clicks")
    # clicks: 8 for setup, meeting form and boards (one corrects a mistyped time zone); 6 for papers
    # (two files dropped, Review, its form saved, two Imports); commands: 9, one of them `reminders`
    assert (day.commands, day.clicks) == (9, 14)


def test_two_admins_claiming_at_once_make_exactly_one_admin(engine, bot_factory, workspace):
    """`/forum setup` from two workspace admins at the same moment: exactly one claims the partnership."""
    import threading

    server = bot_factory(engine)
    bodies = [slash_command_body("setup", user_id=user, channel_id=MAIN) for user in (ADA, RAJ)]
    start = threading.Barrier(len(bodies))
    answers: list = []

    def claim(body: bytes) -> None:
        headers = signed_headers(body)
        start.wait()
        answers.append(post(server.url + "/slack/events", body, headers))

    threads = [threading.Thread(target=claim, args=(body,)) for body in bodies]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    assert [a.status for a in answers] == [200, 200]
    with _session(engine) as session:
        admins = session.exec(select(Person).where(Person.role == "admin")).all()
    assert len(admins) == 1 and admins[0].slack_user_id in {ADA, RAJ}
    said = [visible_text(a.json()["blocks"]).casefold() for a in answers if a.body]
    refused = [t for t in said if "only admins can set up the partnership" in t]
    assert len(refused) == 1 and len(workspace.calls_to("views.open")) == 1
