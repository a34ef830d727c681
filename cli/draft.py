"""`forum draft agenda BOARD --out FILE.docx`: the next meeting's agenda pack, drafted in Word."""

from __future__ import annotations

from pathlib import Path

import click

from cli.engine import open_engine
from settings import Settings


@click.group()
def draft() -> None:
    """Draft papers from what the bot holds."""


@draft.command("agenda")
@click.argument("board")
@click.option(
    "--out",
    "out",
    required=True,
    metavar="FILE.docx",
    type=click.Path(dir_okay=False, writable=True, path_type=Path),
    help="Where to write the Word document.",
)
@click.pass_obj
def agenda(settings: Settings, board: str, out: Path) -> None:
    """The BOARD's next meeting: front sheet and agenda, the previous minutes, Matters Arising and
    an Exceptions report, as a Word document `forum import` reads back."""
    from commands.core.context import Context
    from commands.core.router import handle
    from templates import render_text
    from templates.agenda_pack import agenda_pack_docx

    ctx = Context(engine=open_engine(settings), settings=settings, user_id=None, surface="console")
    reply = handle(ctx, f"draft agenda {board}")
    if reply.template != "draft_agenda":
        raise click.ClickException(render_text(reply).strip())
    data = agenda_pack_docx(reply.data["pack"])
    partial = out.with_name(out.name + ".part")  # a failed write never leaves half a document
    try:
        partial.write_bytes(data)
        partial.replace(out)
    except OSError as error:
        partial.unlink(missing_ok=True)
        raise click.ClickException(f"could not write {out}: {error.strerror}") from None
    pack = reply.data["pack"]
    click.echo(f"Wrote the agenda pack for {pack['board']}, {pack['meeting']['date']}, to {out}.", err=True)
