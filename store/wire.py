"""The Slack messages of the wire channels and the bulletins they became."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlite_utils import Database

from store.outbox import stamp


@dataclass(frozen=True)
class WireRow:
    """A wire channel's message as stored: its bulletin, thread and state."""

    channel: str
    ts: str
    bulletin_id: int
    thread_ts: str | None
    poster: str | None
    edited: str | None
    deleted: str | None


def wire_message(db: Database, channel: str, ts: str) -> WireRow | None:
    """The stored message at (channel, ts), or None."""
    row = db.execute(
        "SELECT channel, ts, bulletin_id, thread_ts, poster, edited, deleted FROM wire_messages"
        " WHERE channel = ? AND ts = ?",
        [channel, ts],
    ).fetchone()
    return WireRow(*row) if row else None


def record_wire_message(
    db: Database,
    channel: str,
    ts: str,
    bulletin_id: int,
    *,
    thread_ts: str | None,
    poster: str | None,
) -> bool:
    """Link a message to its bulletin (and to ``message_bulletins``, where reactions and the
    flag shortcut look); False when it was linked already."""
    cursor = db.execute(
        "INSERT OR IGNORE INTO wire_messages (channel, ts, bulletin_id, thread_ts, poster)"
        " VALUES (?, ?, ?, ?, ?)",
        [channel, ts, bulletin_id, thread_ts, poster],
    )
    db.execute(
        "INSERT OR IGNORE INTO message_bulletins (channel, ts, bulletin_id) VALUES (?, ?, ?)",
        [channel, ts, bulletin_id],
    )
    return cursor.rowcount == 1


def mark_edited(db: Database, channel: str, ts: str, at: datetime) -> None:
    """Record when the message was last edited."""
    db.execute(
        "UPDATE wire_messages SET edited = ? WHERE channel = ? AND ts = ?", [stamp(at), channel, ts]
    )


def mark_deleted(db: Database, channel: str, ts: str, at: datetime) -> None:
    """Record when the message was deleted (its bulletin is retracted, see store.revisions)."""
    db.execute(
        "UPDATE wire_messages SET deleted = coalesce(deleted, ?) WHERE channel = ? AND ts = ?",
        [stamp(at), channel, ts],
    )


def thread_parent(db: Database, bulletin_id: int) -> int | None:
    """The bulletin of the message a thread reply answers, when that message is one."""
    row = db.execute(
        "SELECT parent.bulletin_id FROM wire_messages reply JOIN wire_messages parent"
        " ON parent.channel = reply.channel AND parent.ts = reply.thread_ts"
        " WHERE reply.bulletin_id = ? AND reply.thread_ts != reply.ts",
        [bulletin_id],
    ).fetchone()
    return row[0] if row else None


def thread_replies(db: Database, bulletin_id: int) -> list[int]:
    """The bulletins of a message's thread replies, oldest first."""
    return [
        row[0]
        for row in db.execute(
            "SELECT reply.bulletin_id FROM wire_messages parent JOIN wire_messages reply"
            " ON reply.channel = parent.channel AND reply.thread_ts = parent.ts"
            " AND reply.ts != parent.ts WHERE parent.bulletin_id = ? ORDER BY reply.ts",
            [bulletin_id],
        )
    ]
