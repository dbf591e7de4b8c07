"""Slack messages for the verification desk: read through the Web API, made bulletins,
and each Events API delivery handled once."""

from __future__ import annotations

import logging
from datetime import UTC, datetime
from typing import Any

from slack_sdk import WebClient
from slack_sdk.errors import SlackClientError

from bot.desk import slack_text_to_plain
from newsroom.errors import UserError
from newsroom.messages import Message, MessageBulletin, known_message, message_bulletin
from store.messages import claim_event, release_event
from store.schema import open_db

log = logging.getLogger("wiredesk.slack")
OWN_MESSAGE = "That is one of Wiredesk's own messages: set verdicts with the menu on its items."
#: Channel names Slack gives message shortcuts in conversations that have none.
_NAMELESS = {"", "directmessage", "privategroup"}


def flag_message(
    db_path: str,
    client: WebClient,
    channel: str,
    message: dict[str, Any],
    *,
    channel_name: str | None = None,
) -> MessageBulletin:
    """The bulletin of a Slack message, made on first use: source `#channel`, URL its
    permalink, published at its timestamp."""
    ts = str(message.get("ts") or "")
    db = open_db(db_path)
    try:
        known = known_message(db, channel, ts)
        if known is not None:
            return known
        text = message_text(message)
        if not text:
            raise UserError("That message has no text to flag.")
        return message_bulletin(
            db,
            Message(
                channel=channel,
                ts=ts,
                text=text,
                source=channel_source(client, channel, channel_name),
                url=permalink(client, channel, ts),
            ),
        )
    finally:
        db.close()


def is_own(message: dict[str, Any], bot_user_id: str | None, bot_id: str | None) -> bool:
    """True for a message the bot posted (an answer or a digest is no bulletin)."""
    return bool(
        (bot_user_id and message.get("user") == bot_user_id)
        or (bot_id and message.get("bot_id") == bot_id)
    )


def message_text(message: dict[str, Any]) -> str:
    """A message's text as plain text; attachments' text when it has none of its own."""
    text = message.get("text") or "\n".join(
        a.get("text") or a.get("fallback") or "" for a in message.get("attachments") or []
    )
    return slack_text_to_plain(text).strip()


def channel_source(client: WebClient, channel: str, name: str | None = None) -> str:
    """`#name` of a channel: from the payload when it has one, else conversations.info."""
    if not name or name in _NAMELESS:
        try:
            info = client.conversations_info(channel=channel)["channel"]
            name = "" if info.get("is_im") else info.get("name") or ""
        except (SlackClientError, OSError, KeyError, TypeError) as error:
            log.warning("conversations.info failed for %s: %s", channel, error)
            name = ""
    return f"#{name}" if name and name not in _NAMELESS else f"Slack {channel}"


def permalink(client: WebClient, channel: str, ts: str) -> str | None:
    """The message's permalink, or None when Slack will not give it."""
    try:
        return client.chat_getPermalink(channel=channel, message_ts=ts).get("permalink")
    except (SlackClientError, OSError) as error:
        log.warning("chat.getPermalink failed for %s/%s: %s", channel, ts, error)
        return None


def fetch_message(client: WebClient, channel: str, ts: str) -> dict[str, Any] | None:
    """A message by channel and timestamp: from the channel's history, or from its thread
    when it is a reply. None when it cannot be read."""
    for read in (
        lambda: client.conversations_history(channel=channel, latest=ts, inclusive=True, limit=1),
        # A thread reply: its thread, narrowed to it (Slack puts the parent first).
        lambda: client.conversations_replies(
            channel=channel, ts=ts, oldest=ts, latest=ts, inclusive=True, limit=2
        ),
    ):
        try:
            messages = read().get("messages") or []
        except (SlackClientError, OSError) as error:
            log.warning("Could not read message %s/%s: %s", channel, ts, error)
            continue
        found = next((m for m in messages if m.get("ts") == ts), None)
        if found is not None:
            return found
    return None


def first_delivery(db_path: str, event_id: str) -> bool:
    """True the first time an Events API delivery is seen (Slack retries repeat its id)."""
    db = open_db(db_path)
    try:
        return claim_event(db, event_id, datetime.now(UTC).isoformat())
    finally:
        db.close()


def forget_delivery(db_path: str, event_id: str) -> None:
    """Let a retry of a delivery that failed be handled again."""
    db = open_db(db_path)
    try:
        release_event(db, event_id)
    finally:
        db.close()
