"""Finding items that state the same thing as another: candidates for challenges of
verdicts and for corroboration, always through the full-text index, never a scan."""

from __future__ import annotations

from sqlite_utils import Database

from store.item_days import item_id_range
from store.search import ItemRow, items_by_id
from store.verdicts import _HISTORY_COLUMNS, VerdictRow


def last_item_id(db: Database) -> int:
    """The id of the newest stored item (0 when there is none)."""
    return db.execute("SELECT max(id) FROM items").fetchone()[0] or 0


def item_ids_after(db: Database, after: int) -> list[int]:
    """Ids of the items stored after item ``after``, in order."""
    return [row[0] for row in db.execute("SELECT id FROM items WHERE id > ? ORDER BY id", [after])]


def current_verified(db: Database) -> list[tuple[VerdictRow, ItemRow]]:
    """Each item whose verdict in force is ``verified``, with that verdict row.

    Reads the verdict history (as many rows as editors wrote), not the items.
    """
    rows = [
        VerdictRow(*row)
        for row in db.execute(
            f"SELECT {_HISTORY_COLUMNS} FROM verdicts WHERE id IN"
            " (SELECT max(id) FROM verdicts GROUP BY item_id) AND new_status = 'verified'"
            " ORDER BY id"
        )
    ]
    items = {item.id: item for item in items_by_id(db, [row.item_id for row in rows])}
    return [(row, items[row.item_id]) for row in rows if row.item_id in items]


def matching_between(db: Database, fts_query: str, first: int, last: int) -> list[int]:
    """Ids of items from ``first`` to ``last`` matching an FTS5 query (the rowid range is
    applied inside the index, so only the new items are read)."""
    return [
        row[0]
        for row in db.execute(
            "SELECT rowid FROM items_fts WHERE items_fts MATCH ? AND rowid BETWEEN ? AND ?",
            [fts_query, first, last],
        )
    ]


def reported_matching(
    db: Database,
    fts_query: str,
    *,
    since_day: float,
    until_day: float,
    limit: int,
    statuses: tuple[str, ...] = ("reported",),
) -> list[ItemRow]:
    """The newest live (not retracted) items with one of ``statuses`` (by default, those
    the outlets report on their own authority), published between two days, matching an
    FTS5 query; at most ``limit``."""
    bounds = item_id_range(db, since_day, until_day)
    if bounds is None:
        return []
    marks = ",".join("?" * len(statuses))
    ids = [
        row[0]
        for row in db.execute(
            "SELECT i.id FROM items_fts JOIN items i ON i.id = items_fts.rowid"
            " WHERE items_fts MATCH ? AND items_fts.rowid BETWEEN ? AND ?"
            f" AND i.day BETWEEN ? AND ? AND i.status IN ({marks}) AND i.retracted IS NULL"
            " ORDER BY items_fts.rowid DESC LIMIT ?",
            [fts_query, *bounds, since_day, until_day, *statuses, limit],
        )
    ]
    return items_by_id(db, ids)
