"""Messages in the wire channels (WIREDESK_WIRE_CHANNELS, and the channels added with
``wiredesk sources add --slack-channel``) become bulletins as they are posted; an edit updates
the bulletin, a deletion retracts it (see :mod:`newsroom.wire.slack_channels`).

Bolt acknowledges each event before this runs. A delivery Slack repeats (a retry after a
timeout carries ``X-Slack-Retry-Num`` and the same event id) is handled once; and a message
is one bulletin whatever delivers it, since its channel and timestamp identify it.
After a message adds statements, the topic watches are checked (:mod:`newsroom.watches`).
"""

from __future__ import annotations

import logging
import re
import threading
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

from slack_bolt import BoltContext
from slack_sdk import WebClient
from slack_sdk.errors import SlackClientError

from bot.settings import Settings
from handlers.slack_messages import first_delivery, forget_delivery, is_own, permalink
from newsroom.errors import UserError
from newsroom.sources.slack import MESSAGE_SUBTYPES
from newsroom.watches import check_watches
from newsroom.wire.slack_channels import (
    WireChannels,
    WireMessage,
    WireResult,
    count_on_source,
    delete_message,
    edit_message,
    ingest_message,
)
from store.schema import open_db

EVENT = "message"
_MENTION = re.compile(r"<@([UW][A-Z0-9]+)>")
_LOCKS = 64
"""Locks striped over messages, so the events of one message are applied one at a time."""
_MENTIONS_NAMED = 10
"""Mentioned users looked up per message, at most (the rest read as their ids)."""


class PosterNames:
    """People's and apps' names by Slack id, each read once per process (users.info,
    bots.info) and kept; a failed look-up is not kept, so the next message tries again."""

    def __init__(self, client: WebClient, *, size: int = 5000) -> None:
        self.client = client
        self.size = size
        self._names: dict[str, str] = {}
        self._lock = threading.Lock()

    def user(self, user_id: str) -> str | None:
        """A person's name (real name, else display name), or None when Slack will not say."""
        return self._cached(user_id, lambda: _user_name(self.client, user_id))

    def bot(self, bot_id: str) -> str | None:
        """An app's or bot's name, or None when Slack will not say."""
        return self._cached(bot_id, lambda: _bot_name(self.client, bot_id))

    def poster(self, message: dict[str, Any]) -> tuple[str, str | None]:
        """(source name, poster id) of a message: a bot's own username for this message,
        its profile's name or the app's name; a person's name; else the id itself."""
        bot_id, user_id = message.get("bot_id"), message.get("user")
        if bot_id or message.get("subtype") == "bot_message":
            profile = message.get("bot_profile") or {}
            name = (
                _text(message.get("username"))
                or _text(profile.get("name"))
                or (self.bot(bot_id) if bot_id else None)
            )
            return name or f"Slack app {bot_id or 'unknown'}", bot_id or user_id
        if user_id:
            profile = message.get("user_profile") or {}
            name = _text(profile.get("real_name")) or _text(profile.get("display_name"))
            return name or self.user(user_id) or f"Slack user {user_id}", user_id
        return "Slack", None

    def mentioned(self, text: str) -> dict[str, str]:
        """Names of the users a message mentions by id (``<@U1>``), for its plain text."""
        ids = list(dict.fromkeys(_MENTION.findall(text or "")))[:_MENTIONS_NAMED]
        return {user_id: name for user_id in ids if (name := self.user(user_id))}

    def _cached(self, key: str, look_up: Callable[[], str | None]) -> str | None:
        with self._lock:
            if key in self._names:
                return self._names[key]
        name = look_up()
        if name:
            with self._lock:
                if len(self._names) >= self.size:
                    self._names.pop(next(iter(self._names)))
                self._names[key] = name
        return name


def _text(value: Any) -> str | None:
    return value.strip() if isinstance(value, str) and value.strip() else None


def _user_name(client: WebClient, user_id: str) -> str | None:
    try:
        user = client.users_info(user=user_id)["user"]
    except (SlackClientError, OSError, KeyError, TypeError) as error:
        logging.getLogger("wiredesk.wire").warning("users.info failed for %s: %s", user_id, error)
        return None
    profile = user.get("profile") or {}
    for name in (
        profile.get("real_name"),
        user.get("real_name"),
        profile.get("display_name"),
        user.get("name"),
    ):
        if _text(name):
            return _text(name)
    return None


def _bot_name(client: WebClient, bot_id: str) -> str | None:
    try:
        bot = client.bots_info(bot=bot_id)["bot"]
    except (SlackClientError, OSError, KeyError, TypeError) as error:
        logging.getLogger("wiredesk.wire").warning("bots.info failed for %s: %s", bot_id, error)
        return None
    return _text(bot.get("name"))


def make_listener(settings: Settings, names: PosterNames) -> Callable[..., None]:
    """The message listener for the wire channels (configured, or added as sources)."""
    channels = WireChannels(settings.wiredesk_db, settings.wire_channel_ids)
    # Bolt runs listeners on a pool of threads: a message's post, edit and deletion may
    # arrive together, and are applied one at a time (in the order they get the lock).
    locks = [threading.Lock() for _ in range(_LOCKS)]

    def wire_message(
        body: dict, event: dict, client: WebClient, context: BoltContext, logger: logging.Logger
    ) -> None:
        channel = event.get("channel")
        if channel not in channels:
            return
        subtype = event.get("subtype")
        if subtype == "message_changed":
            message = event.get("message") or {}
            action = "delete" if message.get("subtype") == "tombstone" else "edit"
        elif subtype == "message_deleted":
            message = {**(event.get("previous_message") or {}), "ts": event.get("deleted_ts")}
            action = "delete"
        elif subtype is None or subtype in MESSAGE_SUBTYPES:
            message, action = event, "add"
        else:
            return  # joins, topic changes, pins: no news
        ts = str(message.get("ts") or "")
        if not ts or is_own(message, context.bot_user_id, context.bot_id):
            return  # Wiredesk's own answers, digests and alerts are no bulletins
        event_id = body.get("event_id") or f"{channel}/{ts}/{subtype or 'message'}"
        if not first_delivery(settings.wiredesk_db, event_id):
            logger.info("Event %s was handled already (a Slack retry)", event_id)
            return
        try:
            with locks[hash((channel, ts)) % _LOCKS]:
                result = _handle(settings, client, names, action, channel, ts, message)
        except UserError as error:
            logger.warning("Wire message %s/%s not stored: %s", channel, ts, error)
        except Exception:
            logger.exception("Wire message %s/%s (%s) failed", channel, ts, action)
            forget_delivery(settings.wiredesk_db, event_id)
        else:
            logger.info("Wire message %s/%s: %s", channel, ts, result.outcome)

    return wire_message


def _handle(
    settings: Settings,
    client: WebClient,
    names: PosterNames,
    action: str,
    channel: str,
    ts: str,
    message: dict[str, Any],
) -> WireResult:
    now = datetime.now(UTC)
    db = open_db(settings.wiredesk_db)
    try:
        if action == "delete":
            return delete_message(db, channel, ts, now)
        source, poster = names.poster(message)
        thread_ts = message.get("thread_ts")
        wire = WireMessage(
            channel=channel,
            ts=ts,
            text=_message_text(message),
            source=source,
            poster=poster,
            url=permalink(client, channel, ts),
            thread_ts=thread_ts if thread_ts and thread_ts != ts else None,
            users=names.mentioned(_message_text(message)),
        )
        result = ingest_message(db, wire) if action == "add" else edit_message(db, wire, now)
        count_on_source(db, channel, ts, result, now)
        if result.new_items:
            check_watches(db, now, interval=settings.watch_interval)
        return result
    finally:
        db.close()


def _message_text(message: dict[str, Any]) -> str:
    """A message's mrkdwn; its attachments' text (a wire app's usual shape) when it has none."""
    text = message.get("text")
    if isinstance(text, str) and text.strip():
        return text
    return "\n".join(
        str(a.get("text") or a.get("fallback") or "")
        for a in message.get("attachments") or []
        if isinstance(a, dict)
    )
