"""Helpers for the reminder tests: a stand-in Slack that tells DMs apart and keeps what it
accepted, a clock whose sleeps take no time, and a scripted partnership year (2027)."""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass
from datetime import datetime

from slack_sdk import WebClient

from bot.delivery import SlackPoster
from tests.support.slack_standin import SlackStandIn


@dataclass
class Post:
    channel: str
    text: str
    blocks: list
    at: datetime | None = None  # the sweep's moment, filled in by the test


class RecordingSlack(SlackStandIn):
    """The stand-in, answering conversations.open with a DM channel per person (D + user id) and
    keeping the chat.postMessage calls it accepted (answered ok) apart from those it refused."""

    def __init__(self) -> None:
        super().__init__()
        self.accepted: list[Post] = []
        self.delay = 0.0  # seconds each post takes to answer
        self.answer_delay = 0.0  # seconds between taking a post and answering (a sender killed then never hears)
        self.hold_after: int | None = None  # the post after this many accepted ones hangs …
        self.held = threading.Event()  # … and this is set while it hangs …
        self._released = threading.Event()  # … until release(); then it is answered with a 500
        # The post after this many accepted ones is accepted (it is in the channel), but its answer
        # hangs until release(): the sender never hears that it went.
        self.swallow_after: int | None = None
        # Message ts: seconds from here on, one a post. Later than any moment the tests set the
        # bot's clock to, so a search of a channel "since" such a moment finds what was posted.
        self.ts_base = 1900000000

    def _next_ts(self) -> str:
        self._posts += 1
        return f"{self.ts_base + self._posts}.000100"

    def release(self) -> None:
        self._released.set()

    def _answer(self, method: str, args: dict, headers: dict):
        if method == "chat.postMessage":
            if self.delay:
                time.sleep(self.delay)
            if self.hold_after is not None and len(self.accepted) >= self.hold_after:
                self.hold_after = None
                self.held.set()
                self._released.wait(60)  # the sender is killed meanwhile: this post never completes
                return 500, {"ok": False, "error": "internal_error"}, {}
        status, body, extra = super()._answer(method, args, headers)
        if method == "conversations.open" and status == 200 and body.get("ok") and "users" in args:
            body = {"ok": True, "channel": {"id": "D" + str(args["users"])[1:]}}
        if method == "chat.postMessage" and status == 200 and body.get("ok"):
            with self._lock:
                self.accepted.append(Post(args["channel"], args.get("text", ""), args.get("blocks") or []))
                swallow = self.swallow_after is not None and len(self.accepted) > self.swallow_after
                if swallow:
                    self.swallow_after = None
            if swallow:
                self.held.set()
                self._released.wait(60)  # the sender is killed meanwhile and never hears of it
            elif self.answer_delay:
                time.sleep(self.answer_delay)
        return status, body, extra


class InstantClock:
    """monotonic() and sleep() for the poster: sleeping moves the clock on at once, and is noted."""

    def __init__(self) -> None:
        self.now = 1000.0
        self.sleeps: list[float] = []

    def monotonic(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)
        self.now += seconds


def poster_for(slack: SlackStandIn, clock: InstantClock | None = None) -> SlackPoster:
    clock = clock or InstantClock()
    return SlackPoster(
        WebClient(token="xoxb-test-token", base_url=slack.api_url, timeout=5), sleep=clock.sleep, clock=clock.monotonic
    )


def dm(user_id: str) -> str:
    """The DM channel RecordingSlack opens with a user."""
    return "D" + user_id[1:]


YEAR_2027 = """
organisations:
  - {name: Luton Borough Council, sector: statutory}
people:
  - {name: Bren McGowan, organisation: Luton Borough Council, title: Partnership Manager, slack_user: U0BREN001, role: officer}
  - {name: Hazel Simmons, title: Councillor, slack_user: U0HAZEL01, role: chair}
  - {name: Dave Kempson, title: Head of Corporate Finance, slack_user: U0DAVEK01}
  - {name: Anwar Haque, slack_user: U0ANWAR01}
  - {name: Prue Canham}
boards:
  - {name: Luton Forum, slug: forum, kind: forum, channel: C0FORUM01, chair: Hazel Simmons}
  - {name: Stronger and Safer Communities Board, slug: safer, parent: forum, channel: C0SAFER01, chair: Anwar Haque}
meetings:
  - {board: forum, starts: 2027-01-21 14:00, venue: Hat Factory}
  - board: forum
    starts: 2027-04-01 14:00
    venue: Central Library
    agenda:
      - {number: "1", title: Introductions and Apologies}
      - {number: "6", title: Sustainable Community Strategy priorities, presenter: Dave Kempson, purpose: decision, paper: report}
  - {board: safer, starts: 2027-03-30 10:00, venue: Police HQ}
  - {board: forum, starts: 2027-06-10 14:00, venue: Town Hall}
  - {board: forum, starts: 2027-07-15 14:00, venue: Town Hall}
  - board: forum
    starts: 2027-11-01 14:00
    venue: Hat Factory
    agenda:
      - {number: "3", title: Matters arising, presenter: Bren McGowan}
      - {number: "5", title: Theme updates, presenter: Bren McGowan}
actions:
  - {description: Circulate the budget presentation, owner: Dave Kempson, due: 2027-02-10, meeting: forum 2027-01-21}
  - {description: Report the Forum's comments on priorities, owner: Bren McGowan, due: 2027-03-29, meeting: forum 2027-01-21}
  - {description: Nominate representatives to the reducing reoffending group, owner: all partners, board: safer, due: 2027-05-03}
consultations:
  - {title: Compact code of good practice on consultation, issuer: Compact Development Group, closes: 2027-02-18, owner: Bren McGowan, board: forum, status: drafting}
  - {title: Community safety plan refresh, issuer: Home Office, closes: 2027-09-06, owner: Dave Kempson, board: safer, status: not_started}
  - {title: Local transport plan, issuer: Luton Borough Council, closes: 2027-10-31, owner: Prue Canham, board: forum, status: drafting}
"""

# The Safer board sends at 08:00, posts no week-ahead agenda, and nudges on consultations 3 days
# before and on the day.
SAFER_SETTINGS = {"reminders": {"hour": "08:00", "agenda_week_days": None, "consultation_days": [3, 0]}}
