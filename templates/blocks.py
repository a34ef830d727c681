"""Block Kit's shapes, by their Block Kit names, for the block templates.

A block template reads like the JSON it produces — `header(title)`, `section(text)`,
`context(note)`, `actions([button("Send apologies", "meeting_apologies", value=id)])` — so a
reviewer can hold it against Slack's Block Kit Builder. Each function returns the plain dict
Slack expects; the template ends in `blocks | tojson`, so no user text is ever pasted into JSON.

Texts given to `section` and `context` are mrkdwn the template has already escaped (the `mrkdwn`
filter); Block Kit's length limits are applied here, so no template has to remember them.
"""

from __future__ import annotations

from typing import Any

from commands.core.invisible import visible

SECTION_LIMIT = 3000  # Block Kit's limit on a section's text
HEADER_LIMIT = 150  # … on a header's
BUTTON_LIMIT = 75  # … on a button's label
LABEL_LIMIT = 2000  # … on an input's label

Block = dict[str, Any]


def _cut(value: object, limit: int) -> str:
    text = visible(str(value if value is not None else ""))
    return text if len(text) <= limit else text[: limit - 1] + "…"


def plain_text(text: object, limit: int = HEADER_LIMIT) -> Block:
    return {"type": "plain_text", "text": _cut(text, limit)}


def mrkdwn_text(text: object, limit: int = SECTION_LIMIT) -> Block:
    return {"type": "mrkdwn", "text": _cut(text, limit)}


def header(text: object) -> Block:
    return {"type": "header", "text": plain_text(text, HEADER_LIMIT)}


def section(text: object, accessory: Block | None = None, block_id: str | None = None) -> Block:
    block: Block = {"type": "section", "text": mrkdwn_text(text)}
    if accessory is not None:
        block["accessory"] = accessory
    if block_id:
        block["block_id"] = block_id
    return block


def context(*texts: object) -> Block:
    return {"type": "context", "elements": [mrkdwn_text(text) for text in texts]}


ALT_LIMIT = 2000  # … on an image's alt text


def image(url: str, alt_text: object, title: object = None) -> Block:
    """An image block: a picture the bot serves (`/charts/…png`), with its words for screen readers."""
    block: Block = {"type": "image", "image_url": url, "alt_text": _cut(alt_text, ALT_LIMIT) or "chart"}
    if title:
        block["title"] = plain_text(title, HEADER_LIMIT)
    return block


def image_element(url: str, alt_text: object) -> Block:
    """A small picture in a section's accessory or a context block (a sparkline)."""
    return {"type": "image", "image_url": url, "alt_text": _cut(alt_text, ALT_LIMIT) or "chart"}


def divider() -> Block:
    return {"type": "divider"}


def button(
    text: object, action_id: str, value: object = None, url: str | None = None, style: str | None = None
) -> Block:
    element: Block = {"type": "button", "action_id": action_id, "text": plain_text(text, BUTTON_LIMIT)}
    if value is not None:
        element["value"] = str(value)
    if url:
        element["url"] = url
    if style:
        element["style"] = style
    return element


def actions(elements: list[Block], block_id: str | None = None) -> Block:
    block: Block = {"type": "actions", "elements": elements}
    if block_id:
        block["block_id"] = block_id
    return block


def option(text: object, value: object) -> Block:
    return {"text": plain_text(text, 75), "value": str(value)}


def text_field(
    initial: object = None,
    placeholder: object = None,
    multiline: bool = False,
    max_length: int = 300,
    action_id: str = "value",
) -> Block:
    element: Block = {
        "type": "plain_text_input",
        "action_id": action_id,
        "multiline": multiline,
        "max_length": max_length,
    }
    if initial:
        element["initial_value"] = str(initial)
    if placeholder:
        element["placeholder"] = plain_text(placeholder, 150)
    return element


def static_select(options: list[Block], initial: object = None, action_id: str = "value") -> Block:
    """`options` made with option(); `initial` is the value of the one chosen already, if any."""
    element: Block = {"type": "static_select", "action_id": action_id, "options": options}
    chosen = [o for o in options if initial is not None and o["value"] == str(initial)]
    if chosen:
        element["initial_option"] = chosen[0]
    return element


def checkboxes(options: list[Block], initial: list[object] | None = None, action_id: str = "value") -> Block:
    """Ticks for `options` (made with option()); `initial`: the values ticked already."""
    element: Block = {"type": "checkboxes", "action_id": action_id, "options": options[:10]}
    ticked = [o for o in options[:10] if o["value"] in {str(v) for v in initial or []}]
    if ticked:
        element["initial_options"] = ticked
    return element


def multi_static_select(options: list[Block], initial: list[object] | None = None, action_id: str = "value") -> Block:
    """Several of `options` chosen; `initial`: the values chosen already."""
    element: Block = {"type": "multi_static_select", "action_id": action_id, "options": options[:100]}
    chosen = [o for o in options[:100] if o["value"] in {str(v) for v in initial or []}]
    if chosen:
        element["initial_options"] = chosen
    return element


def users_select(initial: str | None = None, action_id: str = "value") -> Block:
    element: Block = {"type": "users_select", "action_id": action_id}
    if initial:
        element["initial_user"] = initial
    return element


def conversations_select(initial: str | None = None, action_id: str = "value") -> Block:
    element: Block = {
        "type": "conversations_select",
        "action_id": action_id,
        "filter": {"include": ["public", "private"], "exclude_bot_users": True},
    }
    if initial:
        element["initial_conversation"] = initial
    return element


def datepicker(initial: str | None = None, action_id: str = "value") -> Block:
    element: Block = {"type": "datepicker", "action_id": action_id}
    if initial:
        element["initial_date"] = initial
    return element


def timepicker(initial: str | None = None, action_id: str = "value") -> Block:
    element: Block = {"type": "timepicker", "action_id": action_id}
    if initial:
        element["initial_time"] = initial
    return element


def input_block(block_id: str, label: object, element: Block, optional: bool = False, hint: object = None) -> Block:
    block: Block = {
        "type": "input",
        "block_id": block_id,
        "optional": optional,
        "label": plain_text(label, LABEL_LIMIT),
        "element": element,
    }
    if hint:
        block["hint"] = plain_text(hint, LABEL_LIMIT)
    return block


def modal(
    callback_id: str,
    title: object,
    blocks: list[Block],
    submit: object = None,
    close: object = None,
    private_metadata: str | None = None,
) -> Block:
    view: Block = {"type": "modal", "callback_id": callback_id, "title": plain_text(title, 24), "blocks": blocks}
    if submit:
        view["submit"] = plain_text(submit, 24)
    if close:
        view["close"] = plain_text(close, 24)
    if private_metadata is not None:
        view["private_metadata"] = private_metadata
    return view


BUILDERS: dict[str, object] = {
    "plain_text": plain_text,
    "mrkdwn_text": mrkdwn_text,
    "header": header,
    "section": section,
    "context": context,
    "divider": divider,
    "image": image,
    "image_element": image_element,
    "button": button,
    "actions": actions,
    "option": option,
    "input_block": input_block,
    "text_field": text_field,
    "static_select": static_select,
    "checkboxes": checkboxes,
    "multi_static_select": multi_static_select,
    "users_select": users_select,
    "conversations_select": conversations_select,
    "datepicker": datepicker,
    "timepicker": timepicker,
    "modal": modal,
}
BUILDERS["kit"] = dict(BUILDERS)  # the same, for a template whose data has a key of one of these names ("button")
