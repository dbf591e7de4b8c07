"""The "Post to channel" button: shares an answer with the channel, then removes the private copy."""

from __future__ import annotations

import json
import logging
from collections.abc import Callable

from slack_bolt import Ack, Respond
from slack_sdk.webhook import WebhookClient

from bot.desk import Help, conflict
from bot.settings import Settings
from handlers.blocks import POST_ACTION_ID, answer_blocks, answer_fallback
from handlers.errors import replies_errors
from newsroom.errors import UserError

ACTION_ID = POST_ACTION_ID


def make_listener(settings: Settings) -> Callable[..., None]:
    """The button listener over the configured database."""

    @replies_errors
    def post_to_channel(
        ack: Ack, respond: Respond, logger: logging.Logger, body: dict, action: dict
    ) -> None:
        ack()
        try:
            topic = json.loads(action.get("value") or "{}")["topic"]
        except (ValueError, KeyError, TypeError):
            raise UserError("This button is from an older answer; run the command again.") from None
        result = conflict(settings.wiredesk_db, topic)
        if isinstance(result, Help):
            raise UserError("Nothing to share: run `/conflict TOPIC` first.")
        user = body.get("user", {}).get("id")
        respond(
            response_type="in_channel",
            replace_original=False,
            text=answer_fallback(result),
            blocks=answer_blocks(
                result,
                shared_by=user,
                shareable=False,
                browse_url=settings.wiredesk_browse_url,
            ),
        )
        # delete_original must be the only field, and bolt's respond() always adds text.
        WebhookClient(body["response_url"]).send_dict({"delete_original": True})

    return post_to_channel
