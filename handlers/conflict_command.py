"""`/conflict [TOPIC | help]`: answered ephemerally, inside Slack's 3 seconds."""

from __future__ import annotations

import logging
from collections.abc import Callable

from slack_bolt import Ack, Respond

from bot.desk import Help, conflict
from bot.settings import Settings
from handlers.blocks import answer_blocks, answer_fallback, help_blocks
from handlers.errors import replies_errors


def make_listener(settings: Settings) -> Callable[..., None]:
    """The `/conflict` listener over the configured database."""

    @replies_errors
    def handle_conflict(ack: Ack, respond: Respond, logger: logging.Logger, command: dict) -> None:
        result = conflict(settings.wiredesk_db, command.get("text", ""))
        if isinstance(result, Help):
            blocks = help_blocks(result)
            ack(response_type="ephemeral", text="How to use /conflict", blocks=blocks)
        else:
            ack(
                response_type="ephemeral",
                text=answer_fallback(result),
                blocks=answer_blocks(result),
            )

    return handle_conflict
