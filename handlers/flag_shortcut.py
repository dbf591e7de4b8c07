"""The "Flag as verified" message shortcut: the message becomes a bulletin, then the verdict
modal opens for its statements."""

from __future__ import annotations

import logging
from collections.abc import Callable

from slack_bolt import Ack, BoltContext, Respond
from slack_sdk import WebClient

from bot.settings import Settings
from bot.verifiers import Verifiers
from handlers.errors import replies_errors
from handlers.slack_messages import OWN_MESSAGE, flag_message, is_own
from handlers.verdict_view import ModalState, verdict_view
from newsroom.errors import UserError

CALLBACK_ID = "flag_verified"


def make_listener(settings: Settings, verifiers: Verifiers) -> Callable[..., None]:
    """The shortcut listener over the configured database."""

    @replies_errors
    def flag_verified(
        ack: Ack,
        respond: Respond,
        logger: logging.Logger,
        body: dict,
        client: WebClient,
        context: BoltContext,
    ) -> None:
        ack()
        user = (body.get("user") or {}).get("id")
        channel = body.get("channel") or {}
        message = body.get("message") or {}
        if not verifiers.allowed(user):
            refusal = verifiers.refuse(
                user, f"message {channel.get('id')}/{message.get('ts')}", "verified (shortcut)"
            )
            respond(text=refusal, response_type="ephemeral", replace_original=False)
            return
        if is_own(message, context.bot_user_id, context.bot_id):
            raise UserError(OWN_MESSAGE)
        flagged = flag_message(
            settings.wiredesk_db, client, channel["id"], message, channel_name=channel.get("name")
        )
        state = ModalState(
            items=[item.id for item in flagged.items],
            choice="verified",
            origin="shortcut",
            channel=channel["id"],
            confirm_url=body.get("response_url"),
        )
        view = verdict_view(state, {item.id: item.text for item in flagged.items})
        client.views_open(trigger_id=body["trigger_id"], view=view)

    return flag_verified
