"""The digest's "See all" button: the full `/conflict TOPIC` answer, shown only to whoever clicked."""

from __future__ import annotations

import json
import logging
from collections.abc import Callable

from slack_bolt import Ack, Respond

from bot.desk import Help, conflict
from bot.settings import Settings
from handlers.blocks import answer_blocks, answer_fallback
from handlers.digest_blocks import TOPIC_ACTION_ID
from handlers.errors import replies_errors
from newsroom.errors import UserError

ACTION_ID = TOPIC_ACTION_ID


def make_listener(settings: Settings) -> Callable[..., None]:
    """The button listener over the configured database."""

    @replies_errors
    def show_topic(ack: Ack, respond: Respond, logger: logging.Logger, action: dict) -> None:
        ack()
        try:
            topic = json.loads(action.get("value") or "{}")["topic"]
        except (ValueError, KeyError, TypeError):
            raise UserError(
                "This button is from an older digest; type `/conflict TOPIC` instead."
            ) from None
        result = conflict(settings.wiredesk_db, topic)
        if isinstance(result, Help):
            raise UserError("This digest topic is empty; type `/conflict TOPIC` instead.")
        respond(
            response_type="ephemeral",
            replace_original=False,
            text=answer_fallback(result),
            blocks=answer_blocks(result, browse_url=settings.wiredesk_browse_url),
        )

    return show_topic
