"""The outbox: messages for Slack, each delivered once across retries, restarts and processes.

A message is queued once (its ``dedupe_key`` is unique, so queuing it again does nothing),
taken by one deliverer at a time (an atomic ``UPDATE`` sets ``claimed_at``), and marked
``sent_at`` once Slack has it. A claim lapses after a lease, so a deliverer that died
mid-way never strands a message. A failed attempt counts in ``attempts``, keeps its error
in ``last_error``, and keeps the row claimed until its retry is due: ``claimed_at`` is set
so that the lease lapses at that moment (``retry_at - lease``).

Times are UTC ISO 8601 with microseconds (:func:`stamp`), so they compare as text.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from sqlite_utils import Database

LEASE = timedelta(minutes=5)
"""How long a claim holds; longer than any one delivery, retries on 429 included."""
MAX_ATTEMPTS = 10
"""Failed attempts after which a message is left undelivered (its last_error says why)."""

_COLUMNS = (
    "id, kind, recipient, text, dedupe_key, created, claimed_at, sent_at, attempts, last_error"
)


@dataclass(frozen=True)
class OutboxRow:
    """One message to deliver, and how its delivery is going."""

    id: int
    kind: str
    recipient: str
    text: str
    dedupe_key: str
    created: str
    claimed_at: str | None
    sent_at: str | None
    attempts: int
    last_error: str | None


def stamp(moment: datetime) -> str:
    """A time as the outbox stores it: UTC, ISO 8601, microseconds always written."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC).isoformat(timespec="microseconds")


def queue_message(
    db: Database, *, kind: str, recipient: str, text: str, dedupe_key: str, now: datetime
) -> bool:
    """Queue a message; False when one with this ``dedupe_key`` was ever queued."""
    cursor = db.execute(
        "INSERT OR IGNORE INTO outbox (kind, recipient, text, dedupe_key, created)"
        " VALUES (?, ?, ?, ?, ?)",
        [kind, recipient, text, dedupe_key, stamp(now)],
    )
    return cursor.rowcount == 1


def claim_next(
    db: Database, now: datetime, *, lease: timedelta = LEASE, max_attempts: int = MAX_ATTEMPTS
) -> OutboxRow | None:
    """Take the oldest message that is due, for this deliverer alone; None when none is.

    Due: not sent, under ``max_attempts``, and not claimed or its claim lapsed. One
    ``UPDATE`` both checks and claims, so two deliverers (threads or processes) never
    take the same message.
    """
    lapsed = stamp(now - lease)
    rows = db.execute(
        "UPDATE outbox SET claimed_at = :now WHERE id = (SELECT id FROM outbox"
        " WHERE sent_at IS NULL AND attempts < :max AND (claimed_at IS NULL OR claimed_at <= :lapsed)"
        " ORDER BY id LIMIT 1)"
        " AND sent_at IS NULL AND (claimed_at IS NULL OR claimed_at <= :lapsed)"
        f" RETURNING {_COLUMNS}",
        {"now": stamp(now), "max": max_attempts, "lapsed": lapsed},
    ).fetchall()  # fetched in full, so the statement (and its write) is finished
    return OutboxRow(*rows[0]) if rows else None


def mark_sent(db: Database, row_id: int, now: datetime) -> bool:
    """Record the delivery; False when the message was already marked sent."""
    cursor = db.execute(
        "UPDATE outbox SET sent_at = ? WHERE id = ? AND sent_at IS NULL", [stamp(now), row_id]
    )
    return cursor.rowcount == 1


def mark_failed(
    db: Database,
    row_id: int,
    error: str,
    retry_at: datetime,
    *,
    lease: timedelta = LEASE,
) -> None:
    """Count a failed attempt, keep its error, and hold the message until ``retry_at``."""
    db.execute(
        "UPDATE outbox SET attempts = attempts + 1, last_error = ?, claimed_at = ?"
        " WHERE id = ? AND sent_at IS NULL",
        [error[:500], stamp(retry_at - lease), row_id],
    )


def outbox_rows(db: Database, kind: str | None = None) -> list[OutboxRow]:
    """Every message (of one kind, or all), oldest first."""
    return [
        OutboxRow(*row)
        for row in db.execute(
            f"SELECT {_COLUMNS} FROM outbox WHERE ? IS NULL OR kind = ? ORDER BY id", [kind, kind]
        )
    ]
