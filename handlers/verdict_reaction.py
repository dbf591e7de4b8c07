"""Reactions in the wire channels: the verify or false emoji on a message sets that verdict
on each of its statements (the message is made a bulletin first if it is not one yet).

Events are acknowledged by bolt before this runs; a retried delivery (same event id) is
handled once.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from slack_bolt import BoltContext
from slack_sdk import WebClient
from slack_sdk.errors import SlackClientError

from bot.desk import set_verdicts
from bot.settings import Settings
from bot.verifiers import Verifiers
from handlers.blocks import verdict_outcome_blocks, verdict_outcome_text
from handlers.format import escape
from handlers.slack_messages import (
    OWN_MESSAGE,
    fetch_message,
    first_delivery,
    flag_message,
    forget_delivery,
    is_own,
)
from newsroom.errors import UserError
from newsroom.wire.slack_channels import WireChannels

EVENT = "reaction_added"


def make_listener(settings: Settings, verifiers: Verifiers) -> Callable[..., None]:
    """The reaction listener for the configured channels and emoji."""
    channels = WireChannels(settings.wiredesk_db, settings.wire_channel_ids)
    choices = {
        settings.wiredesk_verify_emoji: "verified",
        settings.wiredesk_false_emoji: "false",
    }

    def reaction_added(
        body: dict, event: dict, client: WebClient, context: BoltContext, logger: logging.Logger
    ) -> None:
        item = event.get("item") or {}
        channel, ts, user = item.get("channel"), item.get("ts"), event.get("user")
        emoji = (event.get("reaction") or "").split("::")[0]  # drop a skin tone
        choice = choices.get(emoji)
        if item.get("type") != "message" or not choice or not ts or channel not in channels:
            return
        event_id = body.get("event_id") or f"{channel}/{ts}/{user}/{emoji}"
        if not first_delivery(settings.wiredesk_db, event_id):
            logger.info("Event %s was handled already (a Slack retry)", event_id)
            return

        def tell(text: str, blocks: list | None = None) -> None:
            try:
                client.chat_postEphemeral(channel=channel, user=user, text=text, blocks=blocks)
            except SlackClientError as error:
                logger.warning("chat.postEphemeral failed in %s: %s", channel, error)

        try:
            if not verifiers.allowed(user):
                tell(verifiers.refuse(user, f"message {channel}/{ts}", f"{choice} (reaction)"))
                return
            if is_own({"user": event.get("item_user")}, context.bot_user_id, None):
                raise UserError(OWN_MESSAGE)
            message = fetch_message(client, channel, ts)
            if message is None:
                raise UserError("Wiredesk could not read that message, so no verdict was set.")
            if is_own(message, context.bot_user_id, context.bot_id):
                raise UserError(OWN_MESSAGE)
            flagged = flag_message(settings.wiredesk_db, client, channel, message)
            outcomes = set_verdicts(
                settings.wiredesk_db,
                [i.id for i in flagged.items],
                choice,
                by=user,
                origin="reaction",
            )
        except UserError as error:
            tell(f":warning: {escape(str(error))}")
            return
        except Exception:
            logger.exception("Reaction %s on %s/%s failed", emoji, channel, ts)
            forget_delivery(settings.wiredesk_db, event_id)
            return
        tell(
            verdict_outcome_text(outcomes),
            verdict_outcome_blocks(outcomes, settings.wiredesk_browse_url),
        )

    return reaction_added
