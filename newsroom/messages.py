"""A Slack message as a bulletin: made once, found again by its channel and timestamp."""

from __future__ import annotations

from datetime import UTC, datetime

from pydantic import BaseModel
from sqlite_utils import Database

from newsroom.challenges import find_challenges
from newsroom.disputes import link_denials
from newsroom.errors import UserError
from newsroom.models import RawBulletin
from newsroom.text.analyse import analyse
from store.bulletins import add_bulletins, content_hash
from store.messages import (
    bulletin_of_message,
    bulletin_with_hash,
    items_of_bulletin,
    record_message_bulletin,
)
from store.statements import item_ids_after, last_item_id


class Message(BaseModel):
    """A message's plain text (Slack markup already undone) and where it was posted."""

    channel: str
    ts: str
    text: str
    source: str
    url: str | None = None


class MessageItem(BaseModel):
    """One statement of a message's bulletin."""

    id: int
    text: str


class MessageBulletin(BaseModel):
    """The bulletin a message became, with its items in reading order."""

    bulletin_id: int
    items: list[MessageItem]


def message_time(ts: str) -> datetime:
    """A Slack message timestamp ("1700000000.000100") as a UTC time."""
    try:
        return datetime.fromtimestamp(float(ts), UTC)
    except (ValueError, OverflowError):
        raise UserError(f"{ts!r} is not a Slack message timestamp.") from None


def where(channel: str, ts: str) -> str:
    """The bulletin's origin for a message: ``slack:CHANNEL/TS``."""
    return f"slack:{channel}/{ts}"


def known_message(db: Database, channel: str, ts: str) -> MessageBulletin | None:
    """The bulletin a message was already made into, or None."""
    bulletin_id = bulletin_of_message(db, channel, ts)
    return _with_items(db, bulletin_id) if bulletin_id is not None else None


def message_bulletin(db: Database, message: Message) -> MessageBulletin:
    """The message's bulletin, adding it if it is not one yet.

    A text already stored (the same wire copy pasted into Slack) is linked to the existing
    bulletin, so a verdict lands on the items every answer shows. Asking twice, or at once
    from two threads, gives the same bulletin.
    """
    known = known_message(db, message.channel, message.ts)
    if known is not None:
        return known
    text = message.text.strip()
    if not text:
        raise UserError("That message has no text to flag.")
    raw = RawBulletin(
        text=text,
        source=message.source,
        published=message_time(message.ts),
        url=message.url,
        where=where(message.channel, message.ts),
    )
    before = last_item_id(db)
    add_bulletins(db, [analyse(raw)])
    find_challenges(db, item_ids_after(db, before))  # a Slack message may contradict a verdict
    link_denials(db, before)  # ... or deny a claim, or be denied
    bulletin_id = bulletin_with_hash(db, content_hash(text))
    if bulletin_id is None:  # pragma: no cover - add_bulletins stores it or finds its twin
        raise RuntimeError(f"bulletin for {raw.where} was not stored")
    bulletin_id = record_message_bulletin(db, message.channel, message.ts, bulletin_id)
    return _with_items(db, bulletin_id)


def _with_items(db: Database, bulletin_id: int) -> MessageBulletin:
    items = [MessageItem(id=i, text=t) for i, t in items_of_bulletin(db, bulletin_id)]
    if not items:
        raise UserError("That message has no statement to flag.")
    return MessageBulletin(bulletin_id=bulletin_id, items=items)
