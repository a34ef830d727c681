"""`/forum …`: answered in the acknowledgement, rendered as Block Kit."""

from __future__ import annotations

import logging
from typing import Any

from slack_bolt import Ack, App, BoltResponse, Respond
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError
from sqlalchemy import Engine

from bot.answer_cache import Answers
from bot.listeners.replies import message_args, view_of
from bot.workspace import SlackWorkspace
from commands.core.context import Context
from commands.core.router import handle
from settings import Settings
from templates.agenda_pack import agenda_pack_docx

log = logging.getLogger(__name__)


def _drafting(body: dict[str, Any]) -> bool:
    return (body.get("text") or "").strip().casefold().startswith("draft")


def register(app: App, engine: Engine, settings: Settings) -> None:
    answers = Answers(engine, enabled=settings.answer_cache)

    def context(command: dict[str, Any], client: WebClient) -> Context:
        return Context(
            engine=engine,
            settings=settings,
            user_id=command.get("user_id"),
            channel_id=command.get("channel_id"),
            surface="slack",
            workspace=SlackWorkspace(client),  # who someone is, for setup and adding people (issue 15)
        )

    def send_pack(command: dict[str, Any], client: WebClient, respond: Respond) -> None:
        """After the answer: the drafted pack as a Word document in the officer's DM (the answer
        said it is on its way; if Slack will not take it, the officer is told so)."""
        reply = handle(context(command, client), command.get("text", ""))
        if reply.template != "draft_agenda" or not reply.ok:
            return  # a refusal or a question: the answer already said so
        pack = reply.data["pack"]
        try:
            dm = client.conversations_open(users=command["user_id"])["channel"]["id"]
            client.files_upload_v2(
                channel=dm,
                content=agenda_pack_docx(pack),
                filename=f"agenda-{reply.data['slug']}-{pack['meeting']['iso_date']}.docx",
                title=f"{pack['board']} – agenda pack, {pack['meeting']['date']}",
                initial_comment=f"The draft agenda pack for {pack['board']}, {pack['meeting']['date']}.",
            )
        except SlackApiError as error:
            log.warning("agenda pack not sent: %s", error.response.get("error"))
            respond(
                replace_original=False,
                response_type="ephemeral",
                text="I could not send you the Word document (Slack said "
                f"“{error.response.get('error')}”). `forum draft agenda {reply.data['slug']} --out pack.docx` "
                "writes it on the command line.",
            )

    def forum(ack: Ack, command: dict[str, Any], client: WebClient) -> None:
        ctx = context(command, client)
        key = answers.key(ctx, command.get("text", ""))
        if (kept := answers.get(key)) is not None:  # asked before, and nothing has changed since:
            ack.response = BoltResponse(status=200, body=kept)  # the acknowledgement, as sent last time
            return
        reply = handle(ctx, command.get("text", ""))
        if reply.modal:  # a form: opened with the command's trigger, which Slack honours for 3 seconds
            ack()
            client.views_open(trigger_id=command["trigger_id"], view=view_of(reply))
            return
        answer = {"response_type": reply.visibility, **message_args(reply)}
        if reply.ok:  # not a refusal, nor "the database is unavailable, try again"
            answers.put(key, answer)
        ack(**answer)

    # `draft …` first: answered as any command, then the pack follows (lazily, after the answer)
    app.command("/forum", matchers=[_drafting])(ack=forum, lazy=[send_pack])
    app.command("/forum")(forum)
