"""Checks that a reply is Block Kit Slack would accept, and the words a person would read in it."""

from __future__ import annotations

from slack_sdk.models.blocks import Block

MESSAGE_BLOCK_LIMIT = 50


def assert_valid_blocks(blocks: list[dict], limit: int = MESSAGE_BLOCK_LIMIT) -> None:
    assert isinstance(blocks, list) and blocks, "a reply has at least one block"
    assert len(blocks) <= limit, f"{len(blocks)} blocks, Slack allows {limit}"
    for raw in blocks:
        block = Block.parse(raw)
        assert block is not None, f"not a Block Kit block: {raw}"
        block.validate_json()  # raises on text over its limit, missing fields, …


def visible_text(blocks: list[dict]) -> str:
    """All the text in the blocks, in order, as a person would read it."""
    parts: list[str] = []

    def walk(node):
        if isinstance(node, dict):
            if node.get("type") in {"mrkdwn", "plain_text"} and isinstance(node.get("text"), str):
                parts.append(node["text"])
            for key, value in node.items():
                if key != "text" or not isinstance(value, str):
                    walk(value)
        elif isinstance(node, list):
            for item in node:
                walk(item)

    walk(blocks)
    return "\n".join(parts)
