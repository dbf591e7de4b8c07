"""Wire channels: Slack messages that become bulletins as they are posted, edited and deleted.

A message is a bulletin once, identified by its channel and timestamp (its ``record_id`` is
``slack:CHANNEL/TS``, so two messages with the same text are two bulletins, and the same
message met twice is one). Its text is Slack's mrkdwn made plain
(:func:`newsroom.sources.slack.mrkdwn_to_text`), its source the poster's name, its URL the
permalink and its published time the message's timestamp. An edit revises the bulletin
(:func:`store.revisions.revise_bulletin`: sentences that survive keep their items and
verdicts); a deletion retracts it (hidden from answers and digests, kept for the audit).
A thread reply is a bulletin like any other, linked to its parent's
(:func:`store.wire.thread_parent`).
"""

from __future__ import annotations

import logging
import sqlite3
import threading
import time
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Literal

from pydantic import BaseModel
from sqlite_utils import Database

from newsroom.errors import UserError
from newsroom.messages import message_time, where
from newsroom.models import RawBulletin
from newsroom.sources.slack import mrkdwn_to_text
from newsroom.text.analyse import analyse
from newsroom.wire.revise import after_new_items, revise
from store.bulletins import add_prepared, prepare
from store.messages import bulletin_of_message, bulletin_with_hash
from store.revisions import retract_bulletin
from store.schema import open_db
from store.sources import channel_sources, count_channel_message
from store.statements import item_ids_after, last_item_id
from store.wire import mark_deleted, mark_edited, record_wire_message, wire_message

log = logging.getLogger("wiredesk.wire")

Outcome = Literal["added", "known", "empty", "revised", "unchanged", "retracted", "unknown"]


class WireMessage(BaseModel):
    """A message posted in a wire channel, as the Slack listener read it."""

    channel: str
    ts: str
    text: str
    """Slack mrkdwn, as posted."""
    source: str
    """Who posted it: a person's, a bot's or an app's name."""
    poster: str | None = None
    """The poster's Slack id (user U..., bot B...)."""
    url: str | None = None
    thread_ts: str | None = None
    """The parent's timestamp for a thread reply."""
    users: dict[str, str] = {}
    """Names of the users it mentions, by id (``<@U1>`` reads "@name")."""


@dataclass
class WireResult:
    """What handling one message event did."""

    outcome: Outcome
    bulletin_id: int | None = None
    new_items: list[int] = field(default_factory=list)
    """Items stored by this event (a new message's, or an edit's new sentences)."""


def plain_text(text: str, users: Mapping[str, str] | None = None) -> str:
    """A message's mrkdwn as the plain text stored."""
    return mrkdwn_to_text(text, users).strip()


def _raw(message: WireMessage, text: str) -> RawBulletin:
    origin = where(message.channel, message.ts)
    return RawBulletin(
        text=text,
        source=message.source,
        published=message_time(message.ts),
        url=message.url,
        where=origin,
        record_id=origin,
    )


def ingest_message(db: Database, message: WireMessage) -> WireResult:
    """Store a new wire message as a bulletin, once; "known" when it is one already (a
    retried or repeated event, or a message flagged before), "empty" when it has no text."""
    stored = wire_message(db, message.channel, message.ts)
    if stored is not None:
        return WireResult("known", stored.bulletin_id)
    flagged = bulletin_of_message(db, message.channel, message.ts)
    if flagged is not None:  # made a bulletin by a reaction or the shortcut first
        record_wire_message(
            db,
            message.channel,
            message.ts,
            flagged,
            thread_ts=message.thread_ts,
            poster=message.poster,
        )
        return WireResult("known", flagged)
    text = plain_text(message.text, message.users)
    if not text:
        return WireResult("empty")
    before = last_item_id(db)
    prepared = prepare(analyse(_raw(message, text)))
    add_prepared(db, [prepared])
    bulletin_id = bulletin_with_hash(db, prepared.content_hash)
    if bulletin_id is None:  # pragma: no cover - add_prepared stores it or finds it stored
        raise RuntimeError(f"bulletin for {prepared.origin} was not stored")
    record_wire_message(
        db,
        message.channel,
        message.ts,
        bulletin_id,
        thread_ts=message.thread_ts,
        poster=message.poster,
    )
    new_items = item_ids_after(db, before)
    after_new_items(db, before, new_items)
    return WireResult("added", bulletin_id, new_items)


def edit_message(db: Database, message: WireMessage, now: datetime) -> WireResult:
    """Apply an edit: the bulletin is analysed anew ("unchanged" when its plain text is the
    same); a message never seen is ingested as new; a deleted one stays retracted."""
    stored = wire_message(db, message.channel, message.ts)
    if stored is None:
        return ingest_message(db, message)
    if stored.deleted:
        return WireResult("unknown", stored.bulletin_id)
    text = plain_text(message.text, message.users)
    if not text:  # edited down to nothing (only a file or an attachment left)
        return delete_message(db, message.channel, message.ts, now)
    current = db.execute(
        "SELECT text, origin FROM bulletins WHERE id = ?", [stored.bulletin_id]
    ).fetchone()
    if current[0] == text:
        return WireResult("unchanged", stored.bulletin_id)
    if current[1] != where(message.channel, message.ts):
        log.info(
            "Message %s/%s was edited, but its bulletin %s came from elsewhere; left as it is",
            message.channel,
            message.ts,
            stored.bulletin_id,
        )
        return WireResult("unchanged", stored.bulletin_id)
    revision = revise(db, stored.bulletin_id, _raw(message, text), now)
    mark_edited(db, message.channel, message.ts, now)
    return WireResult("revised", stored.bulletin_id, revision.added)


def delete_message(db: Database, channel: str, ts: str, now: datetime) -> WireResult:
    """Retract the bulletin of a deleted message; "unknown" for a message never stored."""
    stored = wire_message(db, channel, ts)
    if stored is None:
        return WireResult("unknown")
    origin = db.execute("SELECT origin FROM bulletins WHERE id = ?", [stored.bulletin_id])
    if origin.fetchone()[0] == where(channel, ts):
        retract_bulletin(db, stored.bulletin_id, now)
    mark_deleted(db, channel, ts, now)
    return WireResult("retracted", stored.bulletin_id)


def count_on_source(db: Database, channel: str, ts: str, result: WireResult, now: datetime) -> None:
    """Count a message added or revised on its channel's source, if the channel is one."""
    if result.outcome in ("added", "revised") and result.bulletin_id is not None:
        count_channel_message(db, channel, ts, result.bulletin_id, now)


class WireChannels:
    """Which channels are wire channels: those of WIREDESK_WIRE_CHANNELS and the Slack
    channels added as sources (``wiredesk sources add --slack-channel``), less the channel
    sources that are paused. The sources are read again at most every ``refresh`` seconds,
    so a channel added, paused or removed takes effect within that time."""

    def __init__(self, db_path: str, configured: list[str], *, refresh: float = 10.0) -> None:
        self.db_path = db_path
        self.configured = frozenset(configured)
        self.refresh = refresh
        self._sources: dict[str, bool] = {}
        self._read_at: float | None = None
        self._lock = threading.Lock()

    def __contains__(self, channel: object) -> bool:
        if not isinstance(channel, str):
            return False
        paused = self._channel_sources().get(channel)
        if paused is not None:
            return not paused
        return channel in self.configured

    def _channel_sources(self) -> dict[str, bool]:
        with self._lock:
            moment = time.monotonic()
            if self._read_at is None or moment - self._read_at >= self.refresh:
                try:
                    db = open_db(self.db_path)
                    try:
                        self._sources = channel_sources(db)
                    finally:
                        db.close()
                except (sqlite3.Error, UserError) as error:  # the last list stays in force
                    log.warning("Cannot read the Slack channel sources: %s", error)
                self._read_at = moment
            return self._sources
