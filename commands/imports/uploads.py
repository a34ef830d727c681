"""A file an officer sends the bot (issue 4): a paper, a partnership file or a spreadsheet, told
apart by its extension — `.yaml`/`.yml` a partnership file, `.csv` a spreadsheet, anything else a
paper (whose reader names the kinds it takes).

`preview_upload` is the dry run: the file is loaded into a transaction that is rolled back, so it
says exactly what an import would write; `import_upload` does the same and commits — all of it, or
nothing. A bad file is refused with its problem (entry and field, or line and column), and nothing
is written. No Slack here: the listener fetches the bytes and posts the Reply.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from pathlib import PurePath
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import Engine
from sqlmodel import col, select

from commands.core.context import Context
from commands.core.permissions import EDITORS, check
from commands.core.reply import Reply, refusal
from commands.core.workspace import Profile
from commands.imports.load_partnership import LoadReport, load
from commands.imports.papers.build import MAX_PEOPLE_OFFERED, Choices
from commands.imports.papers.importer import import_paper, preview
from commands.imports.papers.text import EXTENSIONS as PAPER_EXTENSIONS
from commands.imports.papers.text import MAX_BYTES
from commands.imports.partnership_file import PartnershipFile, PartnershipFileError, parse
from commands.spreadsheets.files import SpreadsheetError, import_sheet
from storage import boards as board_queries
from storage import paper_reviews
from storage.db import read_only, transaction
from storage.tables import PaperReview, Person

PARTNERSHIP_FILE, SPREADSHEET, PAPER = "partnership file", "spreadsheet", "paper"
_BY_EXTENSION = {".yaml": PARTNERSHIP_FILE, ".yml": PARTNERSHIP_FILE, ".csv": SPREADSHEET}
IMPORT_TEMPLATES = frozenset({"paper_import", "file_import"})  # the dry runs that can offer *Import*
NOTHING = "Nothing was imported."


def kind_of(name: str) -> str:
    return _BY_EXTENSION.get(PurePath(name).suffix.casefold(), PAPER)


def kinds_of(name: str) -> str:
    """ "papers", "partnership files", "spreadsheets": for "… up to 5 MB can be imported"."""
    return kind_of(name) + "s"


def preview_upload(
    engine: Engine,
    tz: ZoneInfo,
    name: str,
    data: bytes,
    board: str | None = None,
    members: Sequence[Profile] = (),
) -> Reply:
    """The dry run. `members`: the workspace's, whom the file's names may mean (none outside Slack)."""
    return _run(engine, tz, name, data, board, actor="dry-run", commit=False, members=members)


def import_upload(
    engine: Engine,
    tz: ZoneInfo,
    name: str,
    data: bytes,
    board: str | None,
    actor: str,
    members: Sequence[Profile] = (),
) -> Reply:
    return _run(engine, tz, name, data, board, actor=actor[:100], commit=True, members=members)


def _run(
    engine: Engine,
    tz: ZoneInfo,
    name: str,
    data: bytes,
    board: str | None,
    actor: str,
    commit: bool,
    members: Sequence[Profile] = (),
) -> Reply:
    name = PurePath(name).name or "file"
    kind = kind_of(name)
    if kind == PAPER and PurePath(name).suffix.casefold() not in PAPER_EXTENSIONS:
        return refusal(
            f"{name}: I can import papers ({', '.join(PAPER_EXTENSIONS)}), partnership files (.yaml) and "
            "spreadsheets (.csv: in Excel, Save As “CSV UTF-8”).",
            NOTHING,
        )
    if kind == PAPER:
        return import_paper(engine, tz, name, data, board, actor) if commit else preview(engine, tz, name, data, board)
    if len(data) > MAX_BYTES:
        return refusal(
            f"{name} is {len(data) / 1024 / 1024:.1f} MB; {kind}s up to {MAX_BYTES // 1024 // 1024} MB "
            "can be imported.",
            NOTHING,
        )
    found = None
    if kind == SPREADSHEET:
        try:
            changes, writes = import_sheet(
                engine, tz, name, data, dry_run=not commit, actor=actor if commit else None, members=members
            )
        except SpreadsheetError as error:
            return refusal(f"{name}: {error}", NOTHING)
    else:
        try:
            report, partnership = load_partnership_file(engine, tz, data, actor, commit, members)
        except PartnershipFileError as error:
            return refusal(f"{name}: {error}", NOTHING)
        changes, writes, found = report.summary(), bool(report.written), _found(partnership)
    return Reply(
        "file_import",
        {"file": name, "kind": kind, "dry_run": not commit, "found": found, "changes": changes, "writes": writes},
    )


def load_partnership_file(
    engine: Engine, tz: ZoneInfo, data: bytes, actor: str, commit: bool, members: Sequence[Profile] = ()
) -> tuple[LoadReport, PartnershipFile]:
    """Load a partnership file (YAML bytes) in one transaction, committed or (a dry run) rolled back;
    what was (or would be) written. Its names are matched against the people and `members` (the
    workspace's; none outside Slack). Raises PartnershipFileError naming the entry and field."""
    partnership = parse(_text(data))
    with (transaction if commit else read_only)(engine) as session:  # read_only rolls back
        return load(session, partnership, actor, tz, members=members, dry_run=not commit), partnership


def _text(data: bytes) -> str:
    if b"\x00" in data[:8192]:
        raise PartnershipFileError("this is not a text file (it looks like a binary file)")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise PartnershipFileError("this is not a text (UTF-8) file") from None


def _found(data: PartnershipFile) -> str | None:
    """ "2 meetings, 1 agenda item, 1 action": what the file holds, whatever is already in the database."""
    counts = {
        "organisation": len(data.organisations),
        "person": len(data.people),
        "board": len(data.boards),
        "meeting": len(data.meetings),
        "agenda item": sum(len(m.agenda) for m in data.meetings),
        "attendance": sum(len(m.attendance) for m in data.meetings),
        "minute": sum(len(m.minutes) for m in data.meetings),
        "action": len(data.actions),
        "consultation": len(data.consultations),
        "indicator": len(data.indicators),
    }
    plural = {"person": "people", "attendance": "attendance"}
    parts = [f"{n} {word if n == 1 else plural.get(word, word + 's')}" for word, n in counts.items() if n]
    return ", ".join(parts) or None


def board_named(engine: Engine, words: str) -> str | None:
    """A board named in the message that came with the file ("minutes of the safer board")."""
    if not words.strip():
        return None
    with read_only(engine) as session:
        boards = board_queries.active_boards(session)
        lowered = words.casefold()
        named = [b for b in boards if b.slug in lowered.split() or b.name.casefold() in lowered]
        return named[0].slug if len(named) == 1 else None


def import_refused(engine: Engine, ctx: Context) -> Reply | None:
    """Why this caller may not import files (officers and admins may), or None."""
    with read_only(engine) as session:
        return check(session, ctx, EDITORS, "import papers, spreadsheets or partnership files")


# --- a paper's review in Slack (issue 14) ---------------------------------------------------------
# The dry run in an officer's DM is kept as a `paper_review` row: the file, a hash of its bytes, what
# the Review form offered and what the officer chose. The buttons and the form carry only its id,
# which is checked against the officer (and the DM); every choice is checked against what was offered.

MAX_FACT_BLOCKS = 60  # checkbox groups of 10 in one modal (Slack: 100 blocks a view)
FACTS_PER_BLOCK = 10  # Slack: 10 options a checkbox group
MAX_PEOPLE_ASKED = 20
EXPIRED = (
    "I can only import a file I answered you about here: that dry run has expired or is not yours; "
    "send me the file again."
)
CHANGED = "That file has changed since I read it; send it to me again and I will read it afresh."


def file_hash(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _members(ctx: Context) -> list[Profile]:
    return list(ctx.workspace.members()) if ctx.workspace is not None else []


def _offered(session: Any, summary: dict[str, Any] | None) -> dict[str, Any]:
    """What the Review form may show, and so the only values it may send back."""
    boards = [[b.slug, b.name] for b in board_queries.active_boards(session)][:99]
    if not summary:
        return {"boards": boards, "new_board": None, "people": [], "facts": []}
    known = session.exec(select(Person).where(col(Person.archived_at).is_(None)).order_by(col(Person.name))).all()
    people = []
    for entry in summary.get("people", [])[:MAX_PEOPLE_ASKED]:
        options = [[c["value"], f"{c['name']} ({c['why']})"] for c in entry["candidates"]]
        seen = {value for value, _ in options}
        for person in known:
            if len(options) >= MAX_PEOPLE_OFFERED - 2:
                break
            if f"p:{person.id}" not in seen:
                options.append([f"p:{person.id}", person.name])
        options += [["new", "Someone new, by this name"], ["unlinked", "Leave unlinked, as written"]]
        people.append({"written": entry["written"], "options": options, "chosen": entry.get("chosen")})
    facts = [
        {k: f[k] for k in ("key", "group", "text", "doubt", "unticked")}
        for f in summary.get("facts", [])[: MAX_FACT_BLOCKS * FACTS_PER_BLOCK]
    ]
    return {
        "boards": boards,
        "new_board": summary.get("new_board"),
        "board": summary.get("board_slug"),
        "people": people,
        "facts": facts,
        "more_facts": max(0, len(summary.get("facts", [])) - len(facts)),
        "more_people": max(0, len(summary.get("people", [])) - len(people)),
    }


def review_upload(ctx: Context, file_id: str, name: str, data: bytes, words: str = "") -> Reply:
    """An officer's upload in their DM: the dry run, kept as a review its *Import* and *Review*
    buttons name. A board the paper names but the database lacks is proposed: *Import* creates it."""
    board = board_named(ctx.engine, words)
    choices = Choices(board=board)
    if kind_of(name) == PAPER and PurePath(name).suffix.casefold() in PAPER_EXTENSIONS:
        reply = preview(ctx.engine, ctx.tz, name, data, board, choices, _members(ctx))
        if reply.ok and reply.data.get("new_board"):
            choices.new_board = dict(reply.data["new_board"])  # shown, so Import does what was seen
    else:
        reply = preview_upload(ctx.engine, ctx.tz, name, data, board, _members(ctx))
    if reply.ok and reply.template in IMPORT_TEMPLATES and ctx.user_id and ctx.channel_id:
        with transaction(ctx.engine) as session:
            review = paper_reviews.start(
                session,
                officer=ctx.user_id,
                channel=ctx.channel_id,
                file_id=file_id,
                file_name=name,
                file_hash=file_hash(data),
                board_words=words,
                offered=_offered(session, reply.data if reply.template == "paper_import" else None),
                choices=choices.to_json(),
            )
            reply.data["button"] = json.dumps({"review": review.id})
    return reply


def review_id(value: str | None) -> int | None:
    """The review a button names ({"review": id}); None for anything else."""
    try:
        found = json.loads(value or "{}").get("review")
    except (ValueError, AttributeError):
        return None
    return found if isinstance(found, int) and not isinstance(found, bool) and 1 <= found < 2**31 else None


def review_file(ctx: Context, review: int | None, in_dm: bool = True) -> tuple[str, str] | Reply:
    """(file id, DM channel) of this officer's review (in this DM); else a refusal."""
    with read_only(ctx.engine) as session:
        found = paper_reviews.mine(session, review, ctx.user_id, ctx.channel_id if in_dm else None)
        if found is None:
            return refusal(EXPIRED, NOTHING)
        return found.file_id, found.channel


def _live(session: Any, ctx: Context, review: int | None, data: bytes, in_dm: bool) -> PaperReview | Reply:
    found = paper_reviews.mine(session, review, ctx.user_id, ctx.channel_id if in_dm else None)
    if found is None:
        return refusal(EXPIRED, NOTHING)
    if found.file_hash != file_hash(data):
        return refusal(CHANGED, NOTHING)
    return found


def import_reviewed(ctx: Context, review: int | None, name: str, data: bytes) -> Reply:
    """*Import*: exactly the choices the officer saw and made, on the same bytes, or nothing."""
    if refused := import_refused(ctx.engine, ctx):
        return refused
    with read_only(ctx.engine) as session:
        found = _live(session, ctx, review, data, in_dm=True)
        if isinstance(found, Reply):
            return found
        choices = Choices.from_json(found.choices)
        name = found.file_name
    actor = (ctx.user_id or "slack")[:100]
    if kind_of(name) != PAPER:
        return import_upload(ctx.engine, ctx.tz, name, data, choices.board, actor, _members(ctx))
    return import_paper(ctx.engine, ctx.tz, name, data, choices.board, actor, choices=choices, members=_members(ctx))


def reviewed_again(ctx: Context, review: int | None, data: bytes) -> Reply:
    """The dry run again after the officer's choices in the Review form, with its buttons."""
    with read_only(ctx.engine) as session:
        found = _live(session, ctx, review, data, in_dm=False)
        if isinstance(found, Reply):
            return found
        choices, name = Choices.from_json(found.choices), found.file_name
    reply = preview(ctx.engine, ctx.tz, name, data, choices.board, choices, _members(ctx))
    if reply.ok and reply.template == "paper_import":
        with transaction(ctx.engine) as session:
            row = session.get(PaperReview, review)
            if row is not None:
                paper_reviews.save(session, row, _offered(session, reply.data), choices.to_json())
        reply.data["button"] = json.dumps({"review": review})
    return reply


def review_form(ctx: Context, review: int | None) -> Reply:
    """The Review form (a modal) for this officer's dry run in this DM."""
    if refused := import_refused(ctx.engine, ctx):
        return refused
    with read_only(ctx.engine) as session:
        found = paper_reviews.mine(session, review, ctx.user_id, ctx.channel_id)
        if found is None:
            return refusal(EXPIRED, NOTHING)
        offered, choices, file_name = found.offered or {}, Choices.from_json(found.choices), found.file_name
    groups: list[dict[str, Any]] = []
    for fact in offered.get("facts", []):
        if not groups or groups[-1]["group"] != fact["group"] or len(groups[-1]["facts"]) >= FACTS_PER_BLOCK:
            groups.append({"group": fact["group"], "facts": []})
        groups[-1]["facts"].append(fact)
    board = "new" if choices.new_board else (choices.board or offered.get("board"))
    return Reply(
        "paper_review_modal",
        {
            "metadata": str(review),
            "file": file_name,
            "boards": offered.get("boards", []),
            "new_board": offered.get("new_board") or choices.new_board,
            "board": board,
            "people": [
                {**p, "chosen": choices.people.get(p["written"]) or p.get("chosen")} for p in offered.get("people", [])
            ],
            "groups": groups[:MAX_FACT_BLOCKS],
            "untick": sorted(choices.untick),
            "more_facts": offered.get("more_facts", 0),
            "more_people": offered.get("more_people", 0),
        },
        modal=True,
    )


def save_review(ctx: Context, review: int | None, values: dict[str, Any]) -> dict[str, str] | Reply | None:
    """The Review form submitted: checked against what it offered and saved. Errors by block id
    (shown in the form), a refusal, or None when saved."""
    if refused := import_refused(ctx.engine, ctx):
        return refused
    with transaction(ctx.engine) as session:
        found = paper_reviews.mine(session, review, ctx.user_id)
        if found is None:
            return refusal(EXPIRED, NOTHING)
        offered = found.offered or {}
        choices = Choices.from_json(found.choices)
        board = values.get("board")
        slugs = {slug for slug, _ in offered.get("boards", [])}
        if board == "new" and offered.get("new_board"):
            choices.board, choices.new_board = None, dict(offered["new_board"])
        elif isinstance(board, str) and board.startswith("b:") and board[2:] in slugs:
            choices.board, choices.new_board = board[2:], None
        elif board is not None:
            return {"board": "Choose one of the boards offered."}
        for n, person in enumerate(offered.get("people", [])):
            chosen = values.get(f"person_{n}")
            if chosen is None:
                continue
            if chosen not in {value for value, _ in person["options"]}:
                return {f"person_{n}": "Choose one of the people offered."}
            choices.people[person["written"]] = chosen
        facts = offered.get("facts", [])
        shown: dict[str, set[str]] = {}
        for n, block in enumerate(_blocks_of(facts)):
            shown[f"facts_{n}"] = set(block)
        for block_id, keys in shown.items():
            if not isinstance(values.get(block_id), list):
                continue  # not sent: left as it was
            ticked = set(values[block_id])
            choices.untick -= keys
            choices.untick |= keys - ticked
        paper_reviews.save(session, found, offered, choices.to_json())
    return None


def _blocks_of(facts: list[dict[str, Any]]) -> list[list[str]]:
    """The fact keys in each checkbox group, as review_form groups them."""
    blocks: list[list[str]] = []
    last = None
    for fact in facts:
        if not blocks or last != fact["group"] or len(blocks[-1]) >= FACTS_PER_BLOCK:
            blocks.append([])
        blocks[-1].append(fact["key"])
        last = fact["group"]
    return blocks[:MAX_FACT_BLOCKS]
