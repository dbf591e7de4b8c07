"""What a digest needs from the database: a window's counts and verdict changes, and the
(channel, date) claims that make each digest post exactly once."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlite_utils import Database

from store.bulletins import FIRST_COPIES, day_number

WINDOW_STATUSES = (
    "verified",
    "false",
    "disputed",
    "unverified",
    "claimed",
    "corroborated",
    "reported",
)
"""The statuses a window's items are counted by, in the order the digest lists them."""
_LATEST_VERDICTS = (
    "SELECT item_id, new_status FROM verdicts"
    " WHERE id IN (SELECT max(id) FROM verdicts GROUP BY item_id)"
)


def window_counts(db: Database, start: datetime, end: datetime) -> dict[str, int]:
    """New bulletins and items published in [start, end), and items by status (a verdict
    in force outranks the status read from the text)."""
    since, until = day_number(start), day_number(end)
    bulletins = db.execute(
        f"SELECT count(*) FROM bulletins WHERE day >= ? AND day < ? AND {FIRST_COPIES}"
        " AND retracted IS NULL",
        [since, until],
    ).fetchone()[0]
    statuses: Counter[str] = Counter()
    for status, count in db.execute(
        "SELECT CASE WHEN v.new_status IN ('verified', 'false', 'disputed') THEN v.new_status"
        " ELSE i.status END AS effective, count(*) FROM items i"
        f" LEFT JOIN ({_LATEST_VERDICTS}) v ON v.item_id = i.id"
        " WHERE i.day >= ? AND i.day < ? AND i.retracted IS NULL GROUP BY effective",
        [since, until],
    ):
        statuses[status] = count
    counts = {"bulletins": bulletins, "items": sum(statuses.values())}
    for status in WINDOW_STATUSES:
        counts[status] = statuses.get(status, 0)
    return counts


@dataclass(frozen=True)
class VerdictChange:
    """A verdict set, changed, cleared or challenged in a window."""

    kind: str  # "verdict" or "challenge"
    item_id: int
    text: str
    old_status: str
    new_status: str
    by: str
    at: str
    note: str | None
    source: str | None = None


def verdict_changes(db: Database, start: datetime, end: datetime) -> list[VerdictChange]:
    """Verdict history rows and challenges recorded in [start, end), oldest first."""
    window = [start.isoformat(), end.isoformat()]
    changes = [
        VerdictChange("verdict", *row)
        for row in db.execute(
            "SELECT v.item_id, i.text, v.old_status, v.new_status, v.by, v.at, v.note"
            " FROM verdicts v JOIN items i ON i.id = v.item_id WHERE v.at >= ? AND v.at < ?"
            " ORDER BY v.id",
            window,
        )
    ]
    changes += [
        VerdictChange("challenge", item_id, text, "verified", "challenged", by, at, None, source)
        for item_id, text, by, at, source in db.execute(
            "SELECT c.item_id, i.text, v.by, c.at, c.source FROM challenges c"
            " JOIN verdicts v ON v.id = c.verdict_id JOIN items i ON i.id = c.item_id"
            " WHERE c.at >= ? AND c.at < ? ORDER BY c.id",
            window,
        )
    ]
    return changes


def claim_digest(
    db: Database, channel: str, date: str, worker: str, now: datetime, lease: timedelta
) -> bool:
    """Claim the (channel, date) digest for this worker; False if it is posted or another
    worker holds a live claim. A claim older than ``lease`` (a crashed worker) is taken over."""
    db.execute("BEGIN IMMEDIATE")
    try:
        row = db.execute(
            "SELECT posted_at, claimed_at FROM digests WHERE channel = ? AND date = ?",
            [channel, date],
        ).fetchone()
        if row and (row[0] or (row[1] and datetime.fromisoformat(row[1]) > now - lease)):
            db.execute("COMMIT")
            return False
        db.execute(
            "INSERT INTO digests (channel, date, claimed_by, claimed_at) VALUES (?, ?, ?, ?)"
            " ON CONFLICT (channel, date) DO UPDATE SET claimed_by = excluded.claimed_by,"
            " claimed_at = excluded.claimed_at",
            [channel, date, worker, now.isoformat()],
        )
        db.execute("COMMIT")
        return True
    except BaseException:
        db.execute("ROLLBACK")
        raise


def mark_posted(db: Database, channel: str, date: str, ts: str, now: datetime) -> None:
    """Record that the digest went out (and its message ts, for thread replies)."""
    db.execute(
        "UPDATE digests SET posted_at = ?, ts = ?, attempts = attempts + 1, last_error = NULL"
        " WHERE channel = ? AND date = ?",
        [now.isoformat(), ts, channel, date],
    )


def release_failed(db: Database, channel: str, date: str, error: str) -> None:
    """Give up a claim after a failed post, so a later run may try again."""
    db.execute(
        "UPDATE digests SET claimed_at = '', attempts = attempts + 1, last_error = ?"
        " WHERE channel = ? AND date = ? AND posted_at IS NULL",
        [error[:500], channel, date],
    )


def digest_record(db: Database, channel: str, date: str) -> dict | None:
    """The (channel, date) row: claim, post time, ts, attempts, last error."""
    row = db.execute(
        "SELECT claimed_by, claimed_at, posted_at, ts, attempts, last_error FROM digests"
        " WHERE channel = ? AND date = ?",
        [channel, date],
    ).fetchone()
    keys = ("claimed_by", "claimed_at", "posted_at", "ts", "attempts", "last_error")
    return dict(zip(keys, row, strict=True)) if row else None
