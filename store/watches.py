"""Topic watches: who is told about what, and how far each has been told.

A watch holds the highest item id and challenge id already looked at (``seen_item``,
``seen_challenge``) and when its last message was queued (``notified``, UTC ISO 8601, see
:func:`store.outbox.stamp`). Advancing them is a compare-and-set, so two processes checking
at once queue one message.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlite_utils import Database

from store.outbox import stamp

_COLUMNS = "id, topic, topic_key, recipient, added_by, added, seen_item, seen_challenge, notified"


@dataclass(frozen=True)
class WatchRow:
    """One watch: a topic, and the user (U...) or channel (C..., G...) told about it."""

    id: int
    topic: str
    topic_key: str
    recipient: str
    added_by: str
    added: str
    seen_item: int
    seen_challenge: int
    notified: str | None


def add_watch(
    db: Database, *, topic: str, topic_key: str, recipient: str, added_by: str, now: datetime
) -> tuple[WatchRow, bool]:
    """Watch a topic from now on; (the watch, False) when the recipient watched it already."""
    cursor = db.execute(
        "INSERT OR IGNORE INTO watches (topic, topic_key, recipient, added_by, added, seen_item,"
        " seen_challenge) VALUES (?, ?, ?, ?, ?, (SELECT coalesce(max(id), 0) FROM items),"
        " (SELECT coalesce(max(id), 0) FROM challenges))",
        [topic, topic_key, recipient, added_by, stamp(now)],
    )
    row = db.execute(
        f"SELECT {_COLUMNS} FROM watches WHERE topic_key = ? AND recipient = ?",
        [topic_key, recipient],
    ).fetchone()
    return WatchRow(*row), cursor.rowcount == 1


def remove_watch(db: Database, topic_key: str, recipient: str) -> bool:
    """Stop a watch; False when there was none."""
    cursor = db.execute(
        "DELETE FROM watches WHERE topic_key = ? AND recipient = ?", [topic_key, recipient]
    )
    return cursor.rowcount == 1


def watches_of(db: Database, recipients: list[str]) -> list[WatchRow]:
    """The watches of these recipients, oldest first."""
    if not recipients:
        return []
    marks = ",".join("?" * len(recipients))
    return [
        WatchRow(*row)
        for row in db.execute(
            f"SELECT {_COLUMNS} FROM watches WHERE recipient IN ({marks}) ORDER BY id",
            recipients,
        )
    ]


def due_watches(db: Database, quiet_since: datetime) -> list[WatchRow]:
    """Watches not told anything since ``quiet_since`` (or never)."""
    return [
        WatchRow(*row)
        for row in db.execute(
            f"SELECT {_COLUMNS} FROM watches WHERE notified IS NULL OR notified <= ? ORDER BY id",
            [stamp(quiet_since)],
        )
    ]


def newest_ids(db: Database) -> tuple[int, int]:
    """The highest item id and challenge id stored (0 for none)."""
    row = db.execute(
        "SELECT (SELECT coalesce(max(id), 0) FROM items),"
        " (SELECT coalesce(max(id), 0) FROM challenges)"
    ).fetchone()
    return row[0], row[1]


def matching_items_between(db: Database, fts: str, after: int, upto: int) -> list[int]:
    """Ids of the items in (``after``, ``upto``] the full-text query matches, in order."""
    return [
        row[0]
        for row in db.execute(
            "SELECT rowid FROM items_fts WHERE items_fts MATCH ? AND rowid > ? AND rowid <= ?"
            " ORDER BY rowid",
            [fts, after, upto],
        )
    ]


def items_matching(db: Database, fts: str, item_ids: list[int]) -> set[int]:
    """Which of these items the full-text query matches."""
    marks = ",".join("?" * len(item_ids))
    return {
        row[0]
        for row in db.execute(
            f"SELECT rowid FROM items_fts WHERE items_fts MATCH ? AND rowid IN ({marks})",
            [fts, *item_ids],
        )
    }


def challenges_between(db: Database, after: int, upto: int) -> list[tuple[int, int, int, str]]:
    """(id, challenged item, challenger item, challenger's source) of the challenges in
    (``after``, ``upto``], oldest first."""
    return [
        tuple(row)
        for row in db.execute(
            "SELECT id, item_id, challenger_item_id, source FROM challenges"
            " WHERE id > ? AND id <= ? ORDER BY id",
            [after, upto],
        )
    ]


def advance_watch(
    db: Database,
    watch: WatchRow,
    *,
    seen_item: int,
    seen_challenge: int,
    notified: datetime | None,
) -> bool:
    """Move a watch past what was looked at (and, with ``notified``, record the message);
    False when another process moved it first."""
    cursor = db.execute(
        "UPDATE watches SET seen_item = ?, seen_challenge = ?, notified = coalesce(?, notified)"
        " WHERE id = ? AND seen_item = ? AND seen_challenge = ?",
        [
            seen_item,
            seen_challenge,
            stamp(notified) if notified else None,
            watch.id,
            watch.seen_item,
            watch.seen_challenge,
        ],
    )
    return cursor.rowcount == 1
