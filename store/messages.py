"""Slack messages made bulletins, and the Events API deliveries already handled."""

from __future__ import annotations

from sqlite_utils import Database


def bulletin_of_message(db: Database, channel: str, ts: str) -> int | None:
    """The bulletin a Slack message was made into, or None."""
    row = db.execute(
        "SELECT bulletin_id FROM message_bulletins WHERE channel = ? AND ts = ?", [channel, ts]
    ).fetchone()
    return row[0] if row else None


def record_message_bulletin(db: Database, channel: str, ts: str, bulletin_id: int) -> int:
    """Link a message to its bulletin; the first link wins. Returns the linked bulletin id."""
    db.execute(
        "INSERT OR IGNORE INTO message_bulletins (channel, ts, bulletin_id) VALUES (?, ?, ?)",
        [channel, ts, bulletin_id],
    )
    return bulletin_of_message(db, channel, ts) or bulletin_id


def bulletin_with_hash(db: Database, digest: str) -> int | None:
    """The bulletin whose text has this content hash (see ``store.bulletins.content_hash``)."""
    row = db.execute("SELECT id FROM bulletins WHERE content_hash = ?", [digest]).fetchone()
    return row[0] if row else None


def items_of_bulletin(db: Database, bulletin_id: int) -> list[tuple[int, str]]:
    """(id, text) of a bulletin's items, in reading order."""
    return [
        (row[0], row[1])
        for row in db.execute(
            "SELECT id, text FROM items WHERE bulletin_id = ? ORDER BY position", [bulletin_id]
        ).fetchall()
    ]


def claim_event(db: Database, event_id: str, at: str) -> bool:
    """Record an Events API delivery; False when it was handled (or is being handled) already."""
    cursor = db.execute(
        "INSERT OR IGNORE INTO processed_events (event_id, at) VALUES (?, ?)", [event_id, at]
    )
    return cursor.rowcount == 1


def release_event(db: Database, event_id: str) -> None:
    """Forget a delivery whose handling failed, so Slack's retry is handled again."""
    db.execute("DELETE FROM processed_events WHERE event_id = ?", [event_id])
