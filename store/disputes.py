"""Denials linked to the claims they answer in other bulletins (see :mod:`newsroom.disputes`).

Two tables (schema 4): ``denial_links`` holds each link once, with when it was found, and
``linkable_denials`` the denials that can be linked at all (they name a place or person and
say something particular), each with the full-text query that finds its claims, so a claim
stored later is matched against the denials of its days without reading them again.
Denials are found among new items through a partial index on the ``denial`` signal.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence

from sqlite_utils import Database

from store.search import ItemRow, items_by_id

DENIAL_SIGNAL = "instr(signals, '\"denial\"') > 0"
"""SQL condition for items with the ``denial`` signal, worded exactly as the partial index
``items_denials`` is, so that SQLite answers it from that index."""
_CLAIM_SIGNAL = "instr(i.signals, '\"claim\"') > 0"
_DENIAL_SIGNAL_I = "instr(i.signals, '\"denial\"') > 0"

SCHEMA = f"""
CREATE TABLE IF NOT EXISTS denial_links (
    denial_id INTEGER NOT NULL REFERENCES items(id),
    claim_id INTEGER NOT NULL REFERENCES items(id),
    found TEXT NOT NULL,
    PRIMARY KEY (denial_id, claim_id)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS denial_links_claim ON denial_links(claim_id);

CREATE TABLE IF NOT EXISTS linkable_denials (
    day REAL NOT NULL,
    item_id INTEGER NOT NULL REFERENCES items(id),
    query TEXT NOT NULL,
    PRIMARY KEY (day, item_id)
) WITHOUT ROWID;

CREATE INDEX IF NOT EXISTS items_denials ON items(id) WHERE {DENIAL_SIGNAL};
"""
"""Schema 4 (see :mod:`store.schema`)."""


def denial_chunks(
    db: Database, after: int, size: int = 2000
) -> Iterator[list[tuple[int, str, str | None]]]:
    """(id, text, attributed_to) of the items stored after item ``after`` that carry the
    ``denial`` signal, a chunk at a time, in id order."""
    last = after
    while chunk := db.execute(
        f"SELECT id, text, attributed_to FROM items WHERE id > ? AND {DENIAL_SIGNAL}"
        " ORDER BY id LIMIT ?",
        [last, size],
    ).fetchall():
        last = chunk[-1][0]
        yield chunk


def matching_items(
    db: Database,
    fts_query: str,
    *,
    first: int,
    last: int,
    since_day: float,
    until_day: float,
    limit: int,
    denials: bool = False,
) -> list[ItemRow]:
    """The newest live claims (or, with ``denials``, denials) from item ``first`` to ``last``,
    published between two days, matching an FTS5 query; at most ``limit``."""
    signal = _DENIAL_SIGNAL_I if denials else _CLAIM_SIGNAL
    ids = [
        row[0]
        for row in db.execute(
            "SELECT i.id FROM items_fts JOIN items i ON i.id = items_fts.rowid"
            " WHERE items_fts MATCH ? AND items_fts.rowid BETWEEN ? AND ?"
            f" AND i.day BETWEEN ? AND ? AND {signal} AND i.retracted IS NULL"
            " ORDER BY items_fts.rowid DESC LIMIT ?",
            [fts_query, first, last, since_day, until_day, limit],
        )
    ]
    return items_by_id(db, ids)


def linkable_denials_between(
    db: Database, since_day: float, until_day: float, *, up_to: int
) -> list[tuple[int, float, str]]:
    """(item id, day, query) of the live linkable denials published between two days,
    among the items up to ``up_to``: a retracted denial answers no claim stored since."""
    return db.execute(
        "SELECT l.item_id, l.day, l.query FROM linkable_denials l JOIN items i"
        " ON i.id = l.item_id WHERE l.day BETWEEN ? AND ? AND l.item_id <= ?"
        " AND i.retracted IS NULL ORDER BY l.item_id",
        [since_day, until_day, up_to],
    ).fetchall()


def has_linkable_denials(db: Database, *, up_to: int) -> bool:
    """Whether any linkable denial is stored among the items up to ``up_to``."""
    return (
        db.execute("SELECT 1 FROM linkable_denials WHERE item_id <= ? LIMIT 1", [up_to]).fetchone()
        is not None
    )


def day_span(db: Database, first: int, last: int) -> tuple[float, float] | None:
    """The earliest and latest day of the items from ``first`` to ``last``."""
    low, high = db.execute(
        "SELECT min(day), max(day) FROM items WHERE id BETWEEN ? AND ?", [first, last]
    ).fetchone()
    return None if low is None else (low, high)


def add_linkable_denials(db: Database, rows: Iterable[tuple[float, int, str]]) -> None:
    """Store (day, item id, query) rows of linkable denials; a stored one is kept."""
    db.conn.executemany(
        "INSERT OR IGNORE INTO linkable_denials (day, item_id, query) VALUES (?, ?, ?)", rows
    )


def add_denial_links(db: Database, links: Iterable[tuple[int, int]], found: str) -> int:
    """Store (denial id, claim id) links found at ``found``; returns how many were new."""
    before = db.conn.total_changes
    db.conn.executemany(
        "INSERT OR IGNORE INTO denial_links (denial_id, claim_id, found) VALUES (?, ?, ?)",
        [(denial, claim, found) for denial, claim in links],
    )
    return db.conn.total_changes - before


def mark_disputed(db: Database, item_ids: Iterable[int]) -> None:
    """Set the stored status of claims that a denial in another bulletin answers to
    ``disputed`` (a denial is on record; the link row says which and since when)."""
    db.conn.executemany(
        "UPDATE items SET status = 'disputed' WHERE id = ? AND status IN ('claimed', 'unverified')",
        [(item_id,) for item_id in sorted(set(item_ids))],
    )


def links_of(db: Database, item_ids: Sequence[int]) -> dict[int, list[int]]:
    """For each item id, the live items it is linked to across bulletins, either way round
    (a denial's claims, a claim's denials); a retracted one is no longer on record."""
    found: dict[int, list[int]] = {}
    for chunk in chunks(list(dict.fromkeys(item_ids))):
        marks = ",".join("?" * len(chunk))
        for item_id, other_id in db.execute(
            "SELECT l.item_id, l.other_id FROM ("
            f"SELECT denial_id AS item_id, claim_id AS other_id FROM denial_links"
            f" WHERE denial_id IN ({marks}) UNION ALL SELECT claim_id, denial_id"
            f" FROM denial_links WHERE claim_id IN ({marks})) AS l"
            " JOIN items o ON o.id = l.other_id WHERE o.retracted IS NULL ORDER BY 1, 2",
            [*chunk, *chunk],
        ):
            found.setdefault(item_id, []).append(other_id)
    return found


def bulletin_context(db: Database, bulletin_id: int) -> tuple[str, str, list[str]]:
    """The text, the source and the attributions of the items of a stored bulletin."""
    row = db.execute("SELECT text, source FROM bulletins WHERE id = ?", [bulletin_id]).fetchone()
    speakers = [
        speaker
        for (speaker,) in db.execute(
            "SELECT DISTINCT attributed_to FROM items WHERE bulletin_id = ?"
            " AND attributed_to IS NOT NULL",
            [bulletin_id],
        )
    ]
    return (row[0], row[1], speakers) if row else ("", "", [])


def chunks(ids: list[int], size: int = 400) -> Iterable[list[int]]:
    """``ids`` in lists of at most ``size``: SQLite's limit on a statement's values."""
    for start in range(0, len(ids), size):
        yield ids[start : start + size]
