"""How and what each person chooses to hear: their notification preferences (issue 18).

`preferences(person)` is the one place the reminder sweep and the e-mail delivery ask. Stored on
the person (`Person.notify`, JSON); anything not said takes the default. Without a choice a person
hears by Slack when they have a Slack account, else by e-mail when they have an address.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from storage.tables import Person

Route = Literal["slack", "email", "both"]
ROUTES: tuple[Route, ...] = ("slack", "email", "both")


@dataclass(frozen=True)
class Preferences:
    route: Route  # how to hear: Slack DM, e-mail, or both


def preferences(person: Person) -> Preferences:
    chosen = (person.notify or {}).get("route")
    if chosen in ROUTES:
        route: Route = chosen
    else:
        route = "slack" if person.slack_user_id else "email"
    return Preferences(route)


def routes(person: Person) -> set[str]:
    """The routes a message to this person goes by, as far as they can be reached: "slack" needs a
    Slack account, "email" an address."""
    wanted = preferences(person).route
    found = set()
    if wanted in ("slack", "both") and person.slack_user_id:
        found.add("slack")
    if wanted in ("email", "both") and person.email:
        found.add("email")
    return found
