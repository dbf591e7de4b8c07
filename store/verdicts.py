"""The verdict history (append-only), challenges, and the items verdicts are set on."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from sqlite_utils import Database

_HISTORY_COLUMNS = "id, item_id, old_status, new_status, by, at, note, evidence, origin"


@dataclass(frozen=True)
class VerdictRow:
    """One row of the history: a verdict set, changed or cleared."""

    id: int
    item_id: int
    old_status: str
    new_status: str
    by: str
    at: str
    note: str | None
    evidence: str | None
    origin: str


@dataclass(frozen=True)
class ChallengeRow:
    """A later item that contradicts a verdict."""

    verdict_id: int
    item_id: int
    challenger_item_id: int
    source: str
    at: str


def item_text_status(db: Database, item_id: int) -> str | None:
    """The status read from an item's text, or None when there is no such item."""
    row = db.execute("SELECT status FROM items WHERE id = ?", [item_id]).fetchone()
    return row[0] if row else None


def has_verdicts(db: Database) -> bool:
    """True once any verdict has been set (challenges can only be raised then)."""
    return db.execute("SELECT 1 FROM verdicts LIMIT 1").fetchone() is not None


def append_verdict(db: Database, row: VerdictRow) -> VerdictRow:
    """Add a row to the history (the id is assigned by the database)."""
    cursor = db.execute(
        "INSERT INTO verdicts (item_id, old_status, new_status, by, at, note, evidence, origin)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        [
            row.item_id,
            row.old_status,
            row.new_status,
            row.by,
            row.at,
            row.note,
            row.evidence,
            row.origin,
        ],
    )
    return VerdictRow(
        cursor.lastrowid, *[getattr(row, f) for f in _HISTORY_COLUMNS.split(", ")[1:]]
    )


def latest_verdicts(db: Database, item_ids: Sequence[int]) -> dict[int, VerdictRow]:
    """The newest history row of each item that has one (including "cleared" rows)."""
    if not item_ids:
        return {}
    marks = ",".join("?" * len(item_ids))
    rows = db.execute(
        f"SELECT {_HISTORY_COLUMNS} FROM verdicts WHERE id IN (SELECT max(id) FROM verdicts"
        f" WHERE item_id IN ({marks}) GROUP BY item_id)",
        list(item_ids),
    ).fetchall()
    return {row[1]: VerdictRow(*row) for row in rows}


def verdict_history(db: Database, item_id: int) -> list[VerdictRow]:
    """Every history row of an item, newest first."""
    rows = db.execute(
        f"SELECT {_HISTORY_COLUMNS} FROM verdicts WHERE item_id = ? ORDER BY id DESC", [item_id]
    ).fetchall()
    return [VerdictRow(*row) for row in rows]


def verdicts_since(db: Database, since: str | None = None) -> list[VerdictRow]:
    """The current verdict rows (newest per item, not cleared), set at or after ``since``."""
    rows = db.execute(
        f"SELECT {_HISTORY_COLUMNS} FROM verdicts WHERE id IN (SELECT max(id) FROM verdicts"
        " GROUP BY item_id) AND new_status != 'cleared' AND (? IS NULL OR at >= ?) ORDER BY id",
        [since, since],
    ).fetchall()
    return [VerdictRow(*row) for row in rows]


def add_challenge(db: Database, challenge: ChallengeRow) -> bool:
    """Record a challenge; False when it was already on record."""
    cursor = db.execute(
        "INSERT OR IGNORE INTO challenges (verdict_id, item_id, challenger_item_id, source, at)"
        " VALUES (?, ?, ?, ?, ?)",
        [
            challenge.verdict_id,
            challenge.item_id,
            challenge.challenger_item_id,
            challenge.source,
            challenge.at,
        ],
    )
    return cursor.rowcount == 1


def challenges_of(db: Database, verdict_ids: Sequence[int]) -> dict[int, list[ChallengeRow]]:
    """The challenges raised against each verdict, oldest first."""
    if not verdict_ids:
        return {}
    marks = ",".join("?" * len(verdict_ids))
    found: dict[int, list[ChallengeRow]] = {}
    for row in db.execute(
        "SELECT verdict_id, item_id, challenger_item_id, source, at FROM challenges"
        f" WHERE verdict_id IN ({marks}) ORDER BY id",
        list(verdict_ids),
    ):
        found.setdefault(row[0], []).append(ChallengeRow(*row))
    return found


@dataclass(frozen=True)
class ReviewedItem:
    """A current verdict with the item and bulletin it is about, for exports."""

    verdict: VerdictRow
    text: str
    attributed_to: str | None
    source: str
    url: str | None
    published: str | None


def reviewed_items(db: Database, since: str | None = None) -> list[ReviewedItem]:
    """Every verdict in force (not cleared) set at or after ``since``, oldest first."""
    rows = db.execute(
        f"SELECT {', '.join('v.' + c for c in _HISTORY_COLUMNS.split(', '))},"
        " i.text, i.attributed_to, b.source, b.url, b.published"
        " FROM verdicts v JOIN items i ON i.id = v.item_id JOIN bulletins b ON b.id = i.bulletin_id"
        " WHERE v.id IN (SELECT max(id) FROM verdicts GROUP BY item_id)"
        " AND v.new_status != 'cleared' AND (:since IS NULL OR v.at >= :since) ORDER BY v.id",
        {"since": since},
    ).fetchall()
    return [ReviewedItem(VerdictRow(*row[:9]), *row[9:]) for row in rows]
