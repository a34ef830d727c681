"""Who an owner is: "Dean" → Dean Stokes (from the paper's attendance); "the LSP Manager" → the
person who holds that role, when the paper or the database says who, else the role as written;
"the Chair of the … Group" → that board's chair when known. Nobody is made up: an owner that
cannot be found stays as written, and is reported."""

from __future__ import annotations

import re

from sqlmodel import Session, select

from commands.imports.papers.found import Findings
from commands.imports.papers.wording import bare_name, looks_like_name
from storage import boards as board_queries
from storage.tables import Board, Person

_GROUPS = re.compile(
    r"^(?:all\s+)?(?:the\s+)?(?:partner(?:s|\s+organisations?|\s+agencies)?|officers?|members?|"
    r"organisations?|agencies|theme\s+boards?|boards?|partnerships?|everyone|all)\b",
    re.I,
)


class Owners:
    def __init__(self, session: Session, findings: Findings, board: Board | None):
        self.session, self.board = session, board
        self.roles: dict[str, set[str]] = {}  # person's name -> what the paper calls them
        for meeting in findings.meetings:
            for person in meeting.attendance:
                self.roles.setdefault(person.name, set()).update(t for t in (person.organisation, person.title) if t)
            for item in meeting.items:
                if item.presenter and looks_like_name(item.presenter):
                    self.roles.setdefault(item.presenter, set()).update([item.presenter_title or ""])
        self._people: list[Person] | None = None

    def _database(self) -> list[Person]:
        if self._people is None:
            self._people = list(self.session.exec(select(Person).where(Person.archived_at.is_(None))).all())  # type: ignore[union-attr]
        return self._people

    def resolve(self, owner: str | None) -> tuple[str | None, str | None]:
        """(owner to record, doubt to report or None)."""
        if not owner:
            return None, "no owner named"
        owner = owner.strip()
        if re.fullmatch(r"[A-Z][a-z]+", owner):  # a first name, as minutes say: "Dean advised he would…"
            return self._first_name(owner)
        if re.fullmatch(r"[A-Z]{2,4}", owner):  # initials, as action lines say: "Action: RK"
            return self._initials(owner)
        if looks_like_name(owner):
            return bare_name(owner), None
        if _GROUPS.match(owner) or " or " in owner:
            return owner, None  # a group ("partner organisations") or a choice of people: as written
        chair_of = re.match(r"^(?:the\s+)?chair(?:man|woman|person)?\s+of\s+(?:the\s+)?(?P<board>.+)$", owner, re.I)
        if chair_of:
            return self._chair(chair_of.group("board"), owner)
        if re.fullmatch(r"(?:the\s+)?chair(?:man|woman|person)?", owner, re.I):
            return self._chair(None, owner)
        return self._role(re.sub(r"^the\s+", "", owner, flags=re.I), owner)

    def _first_name(self, first: str) -> tuple[str | None, str | None]:
        in_paper = {name for name in self.roles if name.split()[0] == first}
        if len(in_paper) == 1:
            return in_paper.pop(), None
        known = {p.name for p in self._database() if bare_name(p.name).split()[:1] == [first]}
        if len(known) == 1 and not in_paper:
            return known.pop(), None
        return None, f"“{first}”: I could not tell who that is, so the action has no owner"

    def _initials(self, initials: str) -> tuple[str | None, str | None]:
        """Initials against the paper's own attendance: "RK" is Ruth Kemp when she alone of those
        recorded has them (written in brackets after her name, or as her name's first letters)."""
        said = {name for name, titles in self.roles.items() if initials in titles}
        if not said:
            said = {
                name
                for name in self.roles
                if "".join(w[0] for w in bare_name(name).split() if w[:1].isupper()) == initials
            }
        if len(said) == 1:
            return said.pop(), None
        return initials, f"“{initials}”: initials I could not match to exactly one person in the paper; kept as written"

    def _role(self, role: str, written: str) -> tuple[str | None, str | None]:
        pattern = re.compile(rf"\b{re.escape(role)}\b", re.I)
        in_paper = {name for name, titles in self.roles.items() if any(pattern.search(t) for t in titles)}
        if len(in_paper) == 1:
            return in_paper.pop(), None
        known = {p.name for p in self._database() if p.title and pattern.search(p.title)}
        if len(known) == 1:
            return known.pop(), None
        return written, f"“{written}”: nobody in the paper or the database holds that role, so it is kept as written"

    def _chair(self, board_words: str | None, written: str) -> tuple[str | None, str | None]:
        board = self.board
        if board_words:
            found = [
                b for b in board_queries.active_boards(self.session) if _same_words(b.name, board_words)
            ] or board_queries.find_boards(self.session, board_words)
            board = found[0] if len(found) == 1 else None
        if board is not None and board.chair_id:
            chair = self.session.get(Person, board.chair_id)
            if chair is not None:
                return chair.name, None
        return written, f"“{written}”: I do not know who that is, so it is kept as written"


def _same_words(a: str, b: str) -> bool:
    def words(text: str) -> set[str]:
        return {
            w.rstrip("s")[:7] for w in re.findall(r"[a-z]+", text.casefold()) if w not in {"the", "and", "of", "group"}
        }

    return words(a) == words(b)
