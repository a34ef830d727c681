"""Names in a partnership file or a spreadsheet → the people they mean (issue 15, point 4).

Both readers ask `FileNames`, which asks the one matcher (commands/core/name_matching.py) with the
workspace's members (none outside Slack):

- exact → that person; a workspace member the bot does not know yet becomes a person made from
  their Slack profile (`link_or_create`, audited);
- likely ("B McGowan" when Slack has "Bren McGowan") → linked to nobody: the name is kept as written
  beside the record, and the officer is told whom it may be and how to settle it — never a new
  person for a likely name;
- none → a new person by that name if it looks like a person's name, else text as written.

A role or a group ("the LSP Manager", "all partners") stays text, as it always has.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from sqlmodel import Session

from commands.core.name_matching import Candidate, NameMatch, link_or_create, match_name
from commands.core.workspace import Profile
from storage.people import find_person
from storage.tables import Person

MAX_PLACES = 5  # where a doubted name is written: the first few, then "and N more"

_ROLE_WORDS = {
    "manager",
    "chair",
    "chairs",
    "officer",
    "officers",
    "group",
    "board",
    "boards",
    "partners",
    "services",
    "director",
    "team",
    "council",
    "forum",
    "assembly",
    "partnership",
    "lsp",
}


def looks_like_a_name(text: str) -> bool:
    """ "Sarah Allen" is a person; "the LSP Manager", "Governance Working Group" or "all partners"
    is a role or a group, kept as text rather than invented as a person."""
    words = text.replace(",", " ").split()
    return (
        1 < len(words) <= 4 and all(w[:1].isupper() for w in words) and not {w.casefold() for w in words} & _ROLE_WORDS
    )


@dataclass
class Doubt:
    """A name that may be someone, kept as written: where it is written and whom it may be."""

    written: str
    candidates: tuple[Candidate, ...]
    places: list[str] = field(default_factory=list)  # "line 4", "actions #2 (…), owner"
    refs: list[str] = field(default_factory=list)  # the records it was kept on: "A-12"

    def note(self, resend: str) -> str:
        names = [c.name for c in self.candidates]
        if len(set(names)) == 1 and len(names) > 1:
            who = f"one of the {len(names)} people named {names[0]}"
        else:
            who = " or ".join(f"{c.name} ({c.why})" for c in self.candidates[:4])
            if len(self.candidates) > 4:
                who += f" or {len(self.candidates) - 4} more"
        where = ", ".join(self.places[:MAX_PLACES])
        if len(self.places) > MAX_PLACES:
            where += f" and {len(self.places) - MAX_PLACES} more"
        fix = f"{resend} with the full name"
        known = [c for c in self.candidates if c.person_id is not None]
        if self.refs and len(self.candidates) == 1 and known:  # reassign takes a person the bot knows
            refs = ", ".join(f"`reassign {ref} {known[0].name}`" for ref in self.refs[:MAX_PLACES])
            fix = f"{refs} (or {fix})"
        where = f" ({where})" if where else ""
        return f"“{self.written}”{where} may be {who} — kept as written, linked to nobody; to link it, {fix}."


class FileNames:
    """The people a file names, each settled once per import, and what the officer must be told."""

    def __init__(
        self,
        session: Session,
        actor: str,
        members: Sequence[Profile] = (),
        source: str | None = None,
        dry_run: bool = False,
    ) -> None:
        # actor: who the audit log says wrote it; source: where new people came from; dry_run: the
        # records' refs are not theirs for good (a rolled-back PostgreSQL sequence moves on), so the
        # notes do not offer to reassign them.
        self.session, self.actor, self.members = session, actor, tuple(members)
        self.source, self.dry_run = source or actor, dry_run
        self.new_people: list[str] = []
        self.doubts: dict[str, Doubt] = {}

    def _new(self, person: Person, from_slack: bool) -> None:
        label = f"{person.name} (from Slack)" if from_slack else person.name
        if label not in self.new_people:
            self.new_people.append(label)

    def _linked(self, written: str, found: NameMatch) -> Person | None:
        """`link_or_create` for an exact or unknown name, noting who is new."""
        from_slack = found.best is not None and found.best.person_id is None
        new = from_slack or (found.verdict == "none" and find_person(self.session, written.split(",")[0]) is None)
        person = link_or_create(self.session, self.actor, written, members=self.members, source=self.source)
        if person is not None and new:
            self._new(person, from_slack)
        return person

    def _doubt(self, written: str, found: NameMatch, where: str | None) -> None:
        doubt = self.doubts.setdefault(written, Doubt(written, found.candidates))
        if where and where not in doubt.places:
            doubt.places.append(where)

    def person_or_text(self, written: str | None, where: str | None = None) -> tuple[Person | None, str | None]:
        """The person `written` means, or None and the text to keep beside the record: a role or a
        group, or a name that may be someone (noted for the officer)."""
        written = " ".join((written or "").split())
        if not written:
            return None, None
        found = match_name(self.session, written, members=self.members)
        name_like = looks_like_a_name(written)
        if found.verdict == "exact" and found.best is not None:
            if found.best.why.startswith("holds the title") and not name_like:
                return None, written  # a role stays a role, as it always has
            return self._linked(written, found), None
        if found.verdict == "likely":
            self._doubt(written, found, where)
            return None, written
        if name_like:
            return self._linked(written, found), None
        return None, written

    def person(self, written: str | None, where: str | None = None) -> Person | None:
        """For a field that must name someone (an attendee, a board member): as `person_or_text`, but
        a role or group is a person by that name, as it has always been; a likely name is nobody."""
        person, text = self.person_or_text(written, where)
        if person is not None or text is None or text in self.doubts:
            return person
        found = find_person(self.session, text)
        if found is None:
            from commands.core.workspace_people import person_named

            found = person_named(self.session, self.actor, text, self.source)
            self._new(found, from_slack=False)
        return found

    def kept_on(self, written: str | None, ref: str) -> None:
        """The record a doubted name was kept on ("A-12"), so the note can say how to reassign it."""
        doubt = self.doubts.get(" ".join((written or "").split()))
        if doubt is not None and not self.dry_run and ref not in doubt.refs:
            doubt.refs.append(ref)

    def notes(self, resend: str) -> list[str]:
        """One line per doubted name. `resend`: how to send the file again ("send the sheet again")."""
        return [doubt.note(resend) for doubt in self.doubts.values()]
