"""Reading items back: full-text search, linked items, stories, topic vocabulary."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlite_utils import Database

from newsroom.names import fold, name_key
from newsroom.query import TopicQuery
from newsroom.text.analyse import index_terms
from store.bulletins import FIRST_COPIES, content_hash, hour_number
from store.item_days import item_id_range

RECENCY_HALF_LIFE_DAYS = 30.0
"""An item this many days older than the newest news ranks as if half as relevant."""
CANDIDATES = 1000
"""How many of a topic's most recently stored matches are ranked. A topic with more
matches than this is answered from its newest ones."""
COUNT_LIMIT = 10_000
"""Matches are counted up to this many; a topic with more is "more than 10,000" (counting
every mention of the front line's main city would cost more than the rest of the answer)."""
_BM25_K1 = 1.2
_BM25_B = 0.75
_COLUMN_WEIGHTS = (1.0, 1.5)
"""Weights of the index's columns (words, names) in relevance, as passed to bm25()."""

_ITEM_COLUMNS = (
    "i.id, i.bulletin_id, i.position, i.story, i.text, i.attributed_to, i.signals, i.status,"
    " b.source, b.published, b.ingested, b.url, b.title, b.duplicate_of, i.day, b.place"
)


@dataclass
class ItemRow:
    """An item with what the answer needs to know about its bulletin."""

    id: int
    bulletin_id: int
    position: int
    story: int
    text: str
    attributed_to: str | None
    signals: list[str]
    status: str
    source: str
    published: datetime | None
    ingested: datetime
    url: str | None
    title: str | None
    duplicate_of: int | None
    day: float
    place: str | None = None
    """Where its event happened, for a record of an event dataset."""

    @property
    def statement_key(self) -> str:
        """What makes two items the same statement: the same text, and for an event
        dataset's records the same place and day ("Shelling reported." in two towns is two
        events)."""
        if self.place is None:
            return content_hash(self.text)
        return content_hash(self.text, f"{int(self.day)}\x1f{self.place}")

    @classmethod
    def from_row(cls, row: Sequence) -> ItemRow:
        values = list(row)
        values[6] = json.loads(values[6])
        values[9] = datetime.fromisoformat(values[9]) if values[9] else None
        values[10] = datetime.fromisoformat(values[10])
        return cls(*values)


@dataclass
class SearchResult:
    """The best matches of a query, and how many matches there are."""

    total: int
    """Every match, counted up to the limit (:data:`COUNT_LIMIT`); beyond it, the limit and
    ``total_is_exact`` False."""
    total_is_exact: bool
    rows: list[ItemRow]


def search_items(
    db: Database,
    query: TopicQuery,
    *,
    limit: int,
    since_day: float | None = None,
    until_day: float | None = None,
    pool_size: int = CANDIDATES,
    count_limit: int = COUNT_LIMIT,
) -> SearchResult:
    """Items matching a topic, best first by relevance and recency, and their count.

    The FTS5 expression comes from :func:`newsroom.query.build_query`, which quotes every
    term; nothing a user typed reaches FTS5 unquoted.
    """
    newest = db.execute("SELECT max(day) FROM items").fetchone()[0] or 0.0
    windowed = since_day is not None or until_day is not None
    params = {"query": query.fts, "pool": pool_size, "cap": count_limit + 1}
    day_filter = _window_filter(db, since_day, until_day, params)
    if day_filter is None:
        return SearchResult(0, True, [])
    matches = (
        f"FROM items_fts JOIN items i ON i.id = items_fts.rowid WHERE items_fts MATCH :query"
        f"{day_filter}"
        if windowed
        else "FROM items_fts WHERE items_fts MATCH :query"
    )
    if windowed:
        matches += " AND i.retracted IS NULL"
    counted = db.execute(
        f"SELECT count(*) FROM (SELECT 1 {matches} LIMIT :cap)", params
    ).fetchone()[0]
    if not windowed:
        counted -= _retracted_matches(db, query)
    # The newest matches (FTS5 walks its index in rowid order and stops at the pool size),
    # each with its relevance and its day. bm25() would first count every match of each
    # term; beyond the count limit the pool is scored here instead (see _score_on_words).
    exact = counted <= count_limit
    relevance = f"bm25(items_fts, {_COLUMN_WEIGHTS[0]}, {_COLUMN_WEIGHTS[1]})" if exact else "0"
    pool = db.execute(
        f"SELECT items_fts.rowid, {relevance}, i.day FROM items_fts"
        " JOIN items i ON i.id = items_fts.rowid"
        f" WHERE items_fts MATCH :query{day_filter} AND i.retracted IS NULL"
        " ORDER BY items_fts.rowid DESC LIMIT :pool",
        params,
    ).fetchall()
    if not exact:
        pool = _score_on_words(db, query, [(item_id, day) for item_id, _, day in pool])
    ranked = sorted(
        pool,
        key=lambda row: (
            row[1] / (1.0 + max(0.0, newest - row[2]) / RECENCY_HALF_LIFE_DAYS),
            -row[2],
            row[0],  # ties: the newer day, then the earlier sentence (a lede before its echo)
        ),
    )[:limit]
    by_id = {row.id: row for row in items_by_id(db, [item_id for item_id, _, _ in ranked])}
    return SearchResult(
        total=min(counted, count_limit),
        total_is_exact=exact,
        rows=[by_id[item_id] for item_id, _, _ in ranked],
    )


def _retracted_matches(db: Database, query: TopicQuery) -> int:
    """Retracted items matching a query (few: read from the partial index on them, each
    looked up in the full-text index by its id)."""
    return db.execute(
        "SELECT count(*) FROM items i CROSS JOIN items_fts ON items_fts.rowid = i.id"
        " WHERE i.retracted IS NOT NULL AND items_fts MATCH ?",
        [query.fts],
    ).fetchone()[0]


def _score_on_words(
    db: Database, query: TopicQuery, pool: list[tuple[int, float]]
) -> list[tuple[int, float, float]]:
    """BM25 scores (negative, best lowest) of items, computed here as FTS5's bm25() does.

    Used for a topic too common to count. As in FTS5, each quoted term of the query (a
    word's plain spelling in the words column, its name key in the names column) adds
    ``f (k1 + 1) / (f + k1 (1 - b + b |D| / avgdl))``, where ``f`` is its hits times its
    column's weight and ``|D|`` the item's length over both columns. Two things differ:
    every term counts as equally rare (FTS5 would first count each term's matches, which is
    the cost avoided; for a topic this common its rarity weight is near its floor anyway),
    and the average length is the pool's, not the whole index's.
    """
    if not pool:
        return []
    wanted = [(fold(term), name_key(term)) for term in query.terms]
    marks = ",".join("?" * len(pool))
    columns = {
        item_id: [terms.split() for terms in index_terms(text)]
        for item_id, text in db.execute(
            f"SELECT id, text FROM items WHERE id IN ({marks})", [item_id for item_id, _ in pool]
        )
    }
    lengths = {item_id: sum(map(len, both)) for item_id, both in columns.items()}
    average = max(1.0, sum(lengths.values()) / max(1, len(lengths)))
    scored = []
    for item_id, day in pool:
        item_columns = columns.get(item_id, [[], []])
        norm = _BM25_K1 * (1 - _BM25_B + _BM25_B * lengths.get(item_id, 0) / average)
        score = 0.0
        for term in wanted:
            for column, weight in enumerate(_COLUMN_WEIGHTS):
                hits = weight * item_columns[column].count(term[column])
                score += hits * (_BM25_K1 + 1) / (hits + norm)
        scored.append((item_id, -score, day))
    return scored


def linked_items(
    db: Database, item_ids: Sequence[int], kind: str = "disputes"
) -> dict[int, list[int]]:
    """For each item id, the ids linked to it (a claim and its denial)."""
    if not item_ids:
        return {}
    marks = ",".join("?" * len(item_ids))
    found: dict[int, list[int]] = {}
    for item_id, other_id in db.execute(
        f"SELECT item_id, other_id FROM item_links WHERE kind = ? AND item_id IN ({marks})",
        [kind, *item_ids],
    ):
        found.setdefault(item_id, []).append(other_id)
    return found


def items_by_id(db: Database, item_ids: Sequence[int], *, retracted: bool = True) -> list[ItemRow]:
    """Items by id, in no particular order; unknown ids are left out, and retracted ones
    unless ``retracted`` (answers leave them out; history and verdicts keep them)."""
    if not item_ids:
        return []
    marks = ",".join("?" * len(item_ids))
    live = "" if retracted else " AND i.retracted IS NULL"
    rows = db.execute(
        f"SELECT {_ITEM_COLUMNS} FROM items i JOIN bulletins b ON b.id = i.bulletin_id"
        f" WHERE i.id IN ({marks}){live}",
        list(item_ids),
    ).fetchall()
    return [ItemRow.from_row(r) for r in rows]


def bulletin_items(db: Database, bulletin_ids: Sequence[int]) -> list[ItemRow]:
    """Every live (not retracted) item of the given bulletins, in bulletin order."""
    if not bulletin_ids:
        return []
    wanted = sorted(set(bulletin_ids))
    marks = ",".join("?" * len(wanted))
    rows = db.execute(
        f"SELECT {_ITEM_COLUMNS} FROM items i JOIN bulletins b ON b.id = i.bulletin_id"
        f" WHERE i.bulletin_id IN ({marks}) AND i.retracted IS NULL"
        " ORDER BY i.bulletin_id, i.position",
        wanted,
    ).fetchall()
    return [ItemRow.from_row(r) for r in rows]


def story_items(db: Database, stories: Sequence[tuple[int, int]]) -> list[ItemRow]:
    """Every item of the given stories ((bulletin id, story) pairs), in bulletin order."""
    wanted = set(stories)
    found = bulletin_items(db, [bulletin for bulletin, _story in wanted])
    return [row for row in found if (row.bulletin_id, row.story) in wanted]


def _window_filter(
    db: Database, since_day: float | None, until_day: float | None, params: dict[str, object]
) -> str | None:
    """The SQL that keeps a search to a window of days (either end open; "" for all time),
    its values added to ``params``; None when the window holds no item. The ids of the
    window's items bound the index walk (FTS5 seeks rowid ranges), so a common topic is not
    joined match by match over all time; the day filter stays."""
    if since_day is None and until_day is None:
        return ""
    bounds = item_id_range(db, since_day, until_day)
    if bounds is None:
        return None
    params.update(since=since_day, until=until_day, low=bounds[0], high=bounds[1])
    day_filter = "" if since_day is None else " AND i.day >= :since"
    day_filter += "" if until_day is None else " AND i.day <= :until"
    return day_filter + " AND items_fts.rowid BETWEEN :low AND :high"


def count_first_copies(
    db: Database,
    query: TopicQuery,
    *,
    since_day: float | None = None,
    until_day: float | None = None,
    count_limit: int = COUNT_LIMIT,
) -> int:
    """Matching items outside re-published copies (a wire story re-run by other outlets is
    counted once), up to ``count_limit`` + 1; within a window, only the window's part of
    the index is read."""
    params = {"query": query.fts, "cap": count_limit + 1}
    day_filter = _window_filter(db, since_day, until_day, params)
    if day_filter is None:
        return 0
    return db.execute(
        "SELECT count(*) FROM (SELECT 1 FROM items_fts JOIN items i ON i.id = items_fts.rowid"
        " JOIN bulletins b ON b.id = i.bulletin_id"
        f" WHERE items_fts MATCH :query AND +b.duplicate_of IS NULL{day_filter}"
        " AND i.retracted IS NULL"
        " LIMIT :cap)",
        params,
    ).fetchone()[0]


def copies_of(db: Database, bulletin_ids: Sequence[int]) -> dict[int, list[str]]:
    """For each bulletin, the sources of its near-duplicate re-publications."""
    if not bulletin_ids:
        return {}
    marks = ",".join("?" * len(bulletin_ids))
    found: dict[int, list[str]] = {}
    for original, source in db.execute(
        f"SELECT duplicate_of, source FROM bulletins WHERE duplicate_of IN ({marks}) ORDER BY id",
        list(bulletin_ids),
    ):
        found.setdefault(original, []).append(source)
    return found


def active_names(
    db: Database,
    *,
    since_day: float,
    until_day: float | None = None,
    limit: int = 8,
    too_common: float = 0.5,
    too_common_items: float = 0.2,
) -> list[tuple[str, int]]:
    """Names in the most bulletins of a window (then in the most items), each in its most
    used spelling (ties: Latin before Cyrillic, "Kyiv" before "Kyiv's").

    Left out: names in over half of the window's bulletins or over a fifth of its items
    (the parties to a war, named everywhere, tell an editor nothing), and names only ever
    seen opening a sentence ("Shelling hit ...").
    """
    until_day = 1e9 if until_day is None else until_day
    bulletins, items = db.execute(
        "SELECT count(*), (SELECT count(*) FROM items WHERE day >= :since AND day < :until)"
        f" FROM bulletins WHERE day >= :since AND day < :until AND {FIRST_COPIES}",
        {"since": since_day, "until": until_day},
    ).fetchone()
    if not bulletins:
        return []
    rows = db.execute(
        "WITH spellings AS (SELECT key, display, sum(bulletins) AS n, sum(items) AS m"
        " FROM name_hours WHERE hour >= :since AND hour < :until GROUP BY key, display)"
        " SELECT key, (SELECT display FROM spellings s WHERE s.key = t.key"
        " ORDER BY s.n DESC, s.display LIMIT 1), n"
        " FROM (SELECT key, sum(n) AS n, sum(m) AS m FROM spellings GROUP BY key"
        " HAVING n <= :most AND m <= :most_items"
        " AND key IN (SELECT key FROM name_hours WHERE hour >= :since AND hour < :until"
        " AND confirmed > 0)) AS t"
        " ORDER BY n DESC, m DESC, key LIMIT :limit",
        {
            "since": hour_number(since_day),
            "until": hour_number(until_day) if until_day < 1e9 else 2**62,
            "most": max(1, int(bulletins * too_common)) if bulletins > 3 else bulletins,
            "most_items": max(2, int(items * too_common_items)),
            "limit": limit,
        },
    ).fetchall()
    return [(display, count) for _key, display, count in rows]


def latest_day(db: Database) -> float | None:
    """The day of the newest bulletin, or None for an empty database."""
    return db.execute("SELECT max(day) FROM bulletins").fetchone()[0]


def name_vocabulary(db: Database, limit: int = 20000) -> list[tuple[str, str, int]]:
    """(key, display, bulletins) for the most frequent names, one row per spelling seen
    (Lysychansk, Лисичанськ), most frequent first, for "did you mean" hints."""
    return db.execute(
        "SELECT key, display, bulletins FROM names WHERE key IN"
        " (SELECT key FROM names GROUP BY key HAVING sum(confirmed) > 0"
        " ORDER BY sum(bulletins) DESC LIMIT ?)"
        " ORDER BY bulletins DESC, key, display",
        [limit],
    ).fetchall()


def counts(db: Database) -> dict[str, int]:
    """How many bulletins and items the database holds."""
    return {
        "bulletins": db.execute("SELECT count(*) FROM bulletins").fetchone()[0],
        "items": db.execute("SELECT count(*) FROM items").fetchone()[0],
    }
