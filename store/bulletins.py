"""Writing bulletins and their items: one transaction per call, never a duplicate."""

from __future__ import annotations

import hashlib
import json
import re
from collections import Counter
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime

from sqlite_utils import Database

from newsroom.models import AnalysedBulletin
from newsroom.text.analyse import index_terms, shingles

_SKETCH_SIZE = 8
_SKETCH_SHARED = 3
_NEAR_DUPLICATE_JACCARD = 0.6
_NEAR_DUPLICATE_DAYS = 7
_HOLDERS_PER_HASH = 100
_SHINGLE = 3
_SPACE = re.compile(r"\s+")


@dataclass
class AddResult:
    """What one call of :func:`add_bulletins` did."""

    added: int = 0
    duplicates: int = 0
    near_duplicates: int = 0
    items: int = 0


def day_number(moment: datetime) -> float:
    """Days since the Unix epoch, as stored in ``day`` columns."""
    return moment.timestamp() / 86400.0


def hour_number(day: float) -> int:
    """The hour (since the Unix epoch) a ``day`` value falls in: the topic counts' bucket."""
    return int(day * 24)


@contextmanager
def transaction(db: Database) -> Iterator[None]:
    """BEGIN ... COMMIT, or ROLLBACK on any error: all or nothing."""
    db.execute("BEGIN IMMEDIATE")
    try:
        yield
    except BaseException:
        db.execute("ROLLBACK")
        raise
    db.execute("COMMIT")


def add_bulletins(
    db: Database, bulletins: Iterable[AnalysedBulletin], *, now: datetime | None = None
) -> AddResult:
    """Store analysed bulletins in one transaction; exact duplicates are skipped.

    A near-duplicate (the same wire story re-published) is stored with ``duplicate_of``
    pointing at the first copy, so it is never counted as an independent report.
    """
    ingested = (now or datetime.now(UTC)).isoformat()
    result = AddResult()
    with transaction(db):
        # The write lock is held, so item ids can be assigned here and written in batches.
        next_item = (db.execute("SELECT max(id) FROM items").fetchone()[0] or 0) + 1
        for bulletin in bulletins:
            next_item = _add_one(db, bulletin, ingested, result, next_item)
    return result


def content_hash(text: str) -> str:
    """Identity of a text for exact-duplicate checks: case and spacing do not count."""
    return hashlib.sha256(_SPACE.sub(" ", text.casefold()).strip().encode()).hexdigest()


def _add_one(
    db: Database, bulletin: AnalysedBulletin, ingested: str, result: AddResult, next_item: int
) -> int:
    """Store one bulletin (unless it is a duplicate); returns the next free item id."""
    raw = bulletin.raw
    digest = content_hash(raw.text)
    if db.execute("SELECT 1 FROM bulletins WHERE content_hash = ?", [digest]).fetchone():
        result.duplicates += 1
        return next_item
    published = raw.published.isoformat() if raw.published else None
    day = (
        day_number(raw.published) if raw.published else day_number(datetime.fromisoformat(ingested))
    )
    wording = set(bulletin.shingles) or shingles(raw.text)
    sketch = sorted(wording)[:_SKETCH_SIZE]
    duplicate_of = _near_duplicate_of(db, wording, sketch, day)
    cursor = db.execute(
        "INSERT INTO bulletins (source, title, url, published, ingested, day, text, content_hash,"
        " duplicate_of, origin) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [
            raw.source or "unknown",
            raw.title,
            raw.url,
            published,
            ingested,
            day,
            raw.text,
            digest,
            duplicate_of,
            raw.where,
        ],
    )
    bulletin_id = cursor.lastrowid
    db.conn.executemany(
        "INSERT INTO bulletin_sketch (hash, day, bulletin_id) VALUES (?, ?, ?)",
        [(h, int(day), bulletin_id) for h in sketch],
    )
    item_ids = {item.position: next_item + n for n, item in enumerate(bulletin.items)}
    item_rows = []
    fts_rows = []
    names_seen: dict[str, tuple[str, bool]] = {}
    mentions: Counter[str] = Counter()
    for item in bulletin.items:
        item_id = item_ids[item.position]
        item_rows.append(
            (
                item_id,
                bulletin_id,
                item.position,
                item.story,
                day,
                item.text,
                item.attributed_to,
                json.dumps(item.signals),
                item.status,
            )
        )
        for key, (display, confirmed) in item.topics.items():
            mentions[key] += 1
            if key not in names_seen or (confirmed and not names_seen[key][1]):
                names_seen[key] = (display, confirmed)
        fts_rows.append(
            (item_id, *((item.words, item.names) if item.words else index_terms(item.text)))
        )
    db.conn.executemany(
        "INSERT INTO items (id, bulletin_id, position, story, day, text, attributed_to, signals,"
        " status) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        item_rows,
    )
    db.conn.executemany("INSERT INTO items_fts (rowid, words, names) VALUES (?, ?, ?)", fts_rows)
    links = [
        (item_ids[item.position], item_ids[other], "disputes")
        for item in bulletin.items
        for other in item.disputes
    ]
    db.conn.executemany("INSERT OR IGNORE INTO item_links VALUES (?, ?, ?)", links)
    if duplicate_of is None:
        db.conn.executemany(
            "INSERT INTO name_hours (key, hour, display, bulletins, items, confirmed)"
            " VALUES (?, ?, ?, 1, ?, ?) ON CONFLICT (key, hour) DO UPDATE SET"
            " bulletins = bulletins + 1, items = items + excluded.items,"
            " confirmed = confirmed + excluded.confirmed",
            [
                (key, hour_number(day), display, mentions[key], int(confirmed))
                for key, (display, confirmed) in names_seen.items()
            ],
        )
        db.conn.executemany(
            "INSERT INTO names (key, display, bulletins, confirmed) VALUES (?, ?, 1, ?)"
            " ON CONFLICT (key, display) DO UPDATE SET bulletins = bulletins + 1,"
            " confirmed = confirmed + excluded.confirmed",
            [(key, display, int(confirmed)) for key, (display, confirmed) in names_seen.items()],
        )
    result.added += 1
    result.items += len(bulletin.items)
    result.near_duplicates += duplicate_of is not None
    return next_item + len(bulletin.items)


def shared_wording(a: str, b: str) -> float:
    """How much of the shorter text's wording (3-word shingles) the other one repeats, 0 to 1."""
    first, second = shingles(a), shingles(b)
    return len(first & second) / min(len(first), len(second))


def _near_duplicate_of(
    db: Database, wording: set[int], sketch: list[int], day: float
) -> int | None:
    """The first copy of a story this text mostly repeats, published within a week of it.

    Candidates share part of the bottom-k sketch (the k smallest shingle hashes) and pass
    the sketches' estimate of resemblance (Broder, 1997); since boilerplate shingles crowd
    sketches, each is then confirmed on the full texts before it counts.
    """
    if len(sketch) < _SKETCH_SHARED:
        return None
    # Each hash looks at its most recent holders only: a hash in hundreds of bulletins that
    # week is boilerplate, and says nothing about copies; the work per bulletin is bounded.
    per_hash = (
        "SELECT bulletin_id FROM (SELECT bulletin_id FROM bulletin_sketch WHERE hash = ?"
        " AND day BETWEEN ? AND ? ORDER BY day DESC LIMIT ?)"
    )
    window = [int(day) - _NEAR_DUPLICATE_DAYS, int(day) + _NEAR_DUPLICATE_DAYS, _HOLDERS_PER_HASH]
    candidates = db.execute(
        f"SELECT bulletin_id FROM ({' UNION ALL '.join([per_hash] * len(sketch))})"
        " GROUP BY bulletin_id HAVING count(*) >= ? ORDER BY bulletin_id LIMIT 5",
        [value for h in sketch for value in (h, *window)] + [_SKETCH_SHARED],
    ).fetchall()
    mine = set(sketch)
    ids = [candidate for (candidate,) in candidates]
    sketches: dict[int, set[int]] = {}
    if ids:
        marks = ",".join("?" * len(ids))
        for bulletin_id, value in db.execute(
            f"SELECT bulletin_id, hash FROM bulletin_sketch WHERE bulletin_id IN ({marks})", ids
        ):
            sketches.setdefault(bulletin_id, set()).add(value)
    for candidate in ids:
        theirs = sketches.get(candidate, set())
        union = sorted(mine | theirs)[:_SKETCH_SIZE]
        if (
            sum(1 for h in union if h in mine and h in theirs) / len(union)
            < _NEAR_DUPLICATE_JACCARD
        ):
            continue
        first, text = db.execute(
            "SELECT coalesce(duplicate_of, id), text FROM bulletins WHERE id = ?", [candidate]
        ).fetchone()
        other = shingles(text)
        if len(wording & other) / len(wording | other) >= _NEAR_DUPLICATE_JACCARD:
            return first
    return None
