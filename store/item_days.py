"""The first and last item id of each day: the rowid range of a window in the full-text index.

A search bounded to a window of days (an answer's ``--days``, the digest's day, the few
days around a statement for corroboration and denials) gives FTS5 the ids of the window's
items, so that it reads only that part of each term's list. Finding those ids from the
items' day index reads every item of the window (60,000 a day on a busy desk of a million
bulletins); ``item_days`` holds them per whole day (UTC day number, rounded down), kept by
every write that adds items, so a window costs a row per day.

The range of a window is a superset: whole days, and, since items are numbered as they are
stored, not as they were published, ids of other days in between. Every search that uses
it keeps its own day filter.
"""

from __future__ import annotations

import logging
import math
from collections.abc import Iterable

from sqlite_utils import Database

SCHEMA = """
CREATE TABLE IF NOT EXISTS item_days (
    day INTEGER PRIMARY KEY,
    first_item INTEGER NOT NULL,
    last_item INTEGER NOT NULL
) WITHOUT ROWID
"""
_SLOW = 1_000_000
"""Stored items from which the migration says first that it will take a while."""
_log = logging.getLogger(__name__)


def record_item_days(db: Database, items: Iterable[tuple[int, float]]) -> None:
    """Widen each day's range to the new items, given as (item id, day number)."""
    spans: dict[int, list[int]] = {}
    for item_id, day in items:
        span = spans.setdefault(math.floor(day), [item_id, item_id])
        span[0] = min(span[0], item_id)
        span[1] = max(span[1], item_id)
    db.conn.executemany(
        "INSERT INTO item_days (day, first_item, last_item) VALUES (?, ?, ?)"
        " ON CONFLICT (day) DO UPDATE SET first_item = min(first_item, excluded.first_item),"
        " last_item = max(last_item, excluded.last_item)",
        [(day, first, last) for day, (first, last) in spans.items()],
    )


def item_id_range(
    db: Database, since_day: float | None, until_day: float | None
) -> tuple[int, int] | None:
    """The lowest and highest ids of the items published between two day numbers (either
    end open), or None when there are none: read from a row per day.

    Items stored after the last one the table knows (by a Wiredesk older than the table,
    still running while a newer one upgraded the file) are inside the range whatever their
    day: a search never misses them; its own day filter sorts them out.
    """
    low, high, known = db.execute(
        "SELECT min(first_item), max(last_item), (SELECT max(last_item) FROM item_days)"
        " FROM item_days WHERE day >= coalesce(?, -1e9) AND day <= coalesce(?, 1e9)",
        [
            None if since_day is None else math.floor(since_day),
            None if until_day is None else math.floor(until_day),
        ],
    ).fetchone()
    (newest,) = db.execute("SELECT max(id) FROM items").fetchone()
    if newest is not None and newest > (known or 0):
        low = (known or 0) + 1 if low is None else low
        high = newest
    return None if low is None else (low, high)


def item_days_for_stored_items(db: Database) -> None:
    """Migration 10: the table, filled from the stored items (one pass over the day index)."""
    db.execute(SCHEMA)
    (stored,) = db.execute("SELECT max(id) FROM items").fetchone()
    if (stored or 0) >= _SLOW:
        _log.warning(
            "Upgrading the database: indexing the days of %s stored items (about %d "
            "seconds, once).",
            f"{stored:,}",
            max(1, stored // 1_000_000),
        )
    # floor(day) for negative days too (before 1970): CAST truncates towards zero.
    db.execute(
        "INSERT OR REPLACE INTO item_days (day, first_item, last_item)"
        " SELECT CAST(day AS INTEGER) - (day < CAST(day AS INTEGER)) AS whole, min(id), max(id)"
        " FROM items GROUP BY whole"
    )
