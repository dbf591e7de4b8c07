"""Writing bulletins and their items: one transaction per call, never a duplicate."""

from __future__ import annotations

import hashlib
import itertools
import json
from collections import Counter
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import lru_cache
from typing import NamedTuple

from sqlite_utils import Database

from newsroom.models import AnalysedBulletin, RawBulletin
from newsroom.names import name_key
from newsroom.text.analyse import index_terms
from newsroom.text.wording import (
    band_keys,
    estimated_resemblance,
    pack,
    resemblance,
    shingles,
    signature,
)
from store.item_days import record_item_days

_NEAR_DUPLICATE_JACCARD = 0.6
_NEAR_DUPLICATE_DAYS = 7
_HOLDERS_PER_BAND = 20
_CANDIDATES = 5
_RECENT_WORDING = 4096
_SIGNATURE_AGREEMENT = 7 / 16
"""Bins two signatures must share before their texts are compared. A pair whose wording
resembles at 0.8 (a copy with its own dateline and credit line) falls below it 0.02% of
the time, one at 0.6 (the threshold) 6%; one at 0.2 passes 3%, one at 0.1 0.05%."""
FIRST_COPIES = "+duplicate_of IS NULL"
"""SQL condition for bulletins that are not re-publications. The unary plus keeps SQLite
from answering it with the duplicate_of index, which every first copy is in (a window's
bulletins are found by day instead: 0.5 s saved per count at a million bulletins)."""
_CHUNK = 256
"""Bulletins whose items, index entries and name counts are written together."""
_WRITE_CACHE_KIB = 256 * 1024
"""SQLite page cache of a connection that writes bulletins (taken as needed, not up front)."""


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
    """BEGIN ... COMMIT, or ROLLBACK on any error: all or nothing. Inside another
    transaction it is a savepoint, committed (or rolled back) with the outer one."""
    if db.conn.in_transaction:
        db.execute("SAVEPOINT inner_work")
        try:
            yield
        except BaseException:
            db.execute("ROLLBACK TO inner_work")
            db.execute("RELEASE inner_work")
            raise
        db.execute("RELEASE inner_work")
        return
    db.execute("BEGIN IMMEDIATE")
    try:
        yield
    except BaseException:
        db.execute("ROLLBACK")
        raise
    db.execute("COMMIT")


class PreparedBulletin(NamedTuple):
    """An analysed bulletin as the rows it becomes, built without the database.

    Worker processes prepare bulletins so the one process that writes only writes; plain
    tuples also cross between processes far more cheaply than models.
    """

    source: str
    title: str | None
    url: str | None
    published: str | None
    day: float | None
    """None for an undated bulletin: it takes the time it was ingested."""
    text: str
    content_hash: str
    origin: str
    shingles: list[int]
    """Its wording (:func:`newsroom.text.wording.shingles`), sorted."""
    wording: bytes
    """The packed signature of its wording (:mod:`newsroom.text.wording`)."""
    bands: list[int]
    items: list[tuple[int, int, str, str | None, str, str, str, str]]
    """(position, story, text, attributed_to, signals as JSON, status, words, names)."""
    links: list[tuple[int, int]]
    """(position, position) of items that dispute each other."""
    names: list[tuple[str, str, int, int]]
    """(key, display, confirmed, items mentioning it) for each name the bulletin mentions."""
    place: str | None = None
    record_id: str | None = None
    details: str | None = None
    """Its structured fields as a JSON object, or None."""
    text_hash: str | None = None
    """For a bulletin with an identity (see :func:`identity`), the hash of its text alone:
    a copy stored before identities were kept is found by it."""


def prepare(bulletin: AnalysedBulletin) -> PreparedBulletin:
    """The rows of one analysed bulletin, ids left to :func:`add_prepared`."""
    raw = bulletin.raw
    wording = shingles(raw.text)
    text_signature = signature(wording)
    items = []
    mentions: Counter[str] = Counter()
    seen: dict[str, tuple[str, bool]] = {}
    # The outlet naming itself ("Meridian Wire could not verify ...") is no topic.
    outlet = " ".join(name_key(word) for word in (raw.source or "").split())
    for item in bulletin.items:
        terms = (item.words, item.names) if item.words else index_terms(item.text)
        items.append(
            (
                item.position,
                item.story,
                item.text,
                item.attributed_to,
                _signals_json(tuple(item.signals)),
                item.status,
                *terms,
            )
        )
        for key, (display, confirmed) in item.topics.items():
            if key == outlet:
                continue
            mentions[key] += 1
            if key not in seen or (confirmed and not seen[key][1]):
                seen[key] = (display, confirmed)
    identified = identity(bulletin)
    return PreparedBulletin(
        source=raw.source or "unknown",
        title=raw.title,
        url=raw.url,
        published=raw.published.isoformat() if raw.published else None,
        day=day_number(raw.published) if raw.published else None,
        text=raw.text,
        content_hash=content_hash(raw.text, identified),
        origin=raw.where,
        shingles=sorted(wording),
        wording=pack(text_signature),
        bands=band_keys(text_signature),
        items=items,
        links=[(item.position, other) for item in bulletin.items for other in item.disputes],
        names=[
            (key, display, int(confirmed), mentions[key])
            for key, (display, confirmed) in seen.items()
        ],
        place=raw.place,
        record_id=raw.record_id,
        details=json.dumps(raw.details, ensure_ascii=False) if raw.details else None,
        text_hash=content_hash(raw.text) if identified else None,
    )


@lru_cache(maxsize=256)
def _signals_json(signals: tuple[str, ...]) -> str:
    """Signals as stored (a JSON array): a handful of combinations, each encoded once."""
    return json.dumps(list(signals))


def identity(bulletin: AnalysedBulletin) -> str | None:
    """What tells a record apart from another with the same text: its time, place and id in
    its source, for a record that has a place or an id (an event dataset's row, a chat
    message); None for the rest, whose text alone is their identity (one wire copy met in
    two files is one bulletin)."""
    return raw_identity(bulletin.raw)


def raw_identity(raw: RawBulletin) -> str | None:
    """:func:`identity` of a bulletin before its analysis."""
    if not raw.place and not raw.record_id:
        return None
    published = raw.published.isoformat() if raw.published else ""
    return f"{published}\x1f{raw.place or ''}\x1f{raw.record_id or ''}"


def add_bulletins(
    db: Database, bulletins: Iterable[AnalysedBulletin], *, now: datetime | None = None
) -> AddResult:
    """Store analysed bulletins in one transaction; exact duplicates are skipped.

    A near-duplicate (the same wire story re-published) is stored with ``duplicate_of``
    pointing at the first copy, so it is never counted as an independent report.
    """
    return add_prepared(db, map(prepare, bulletins), now=now)


def add_prepared(
    db: Database, bulletins: Iterable[PreparedBulletin], *, now: datetime | None = None
) -> AddResult:
    """Store prepared bulletins in one transaction, as :func:`add_bulletins` does."""
    ingested = now or datetime.now(UTC)
    result = AddResult()
    # A large input is one transaction: with SQLite's small default page cache its dirty
    # index pages would spill to the WAL, and be written there again and again. The cache
    # is given back afterwards (the bot's connections stay small).
    (usual,) = db.execute("PRAGMA cache_size").fetchone()
    db.execute(f"PRAGMA cache_size=-{_WRITE_CACHE_KIB}")
    try:
        with transaction(db):
            writer = _Writer(db, ingested, result)
            stream = iter(bulletins)
            while chunk := tuple(itertools.islice(stream, _CHUNK)):
                writer.write(chunk)
    finally:
        db.execute(f"PRAGMA cache_size={usual}")
    return result


def add_bands(db: Database, rows: Iterable[tuple[int, int, int]]) -> None:
    """Store re-publication keys: (band, day, bulletin id) rows."""
    db.conn.executemany(
        "INSERT OR IGNORE INTO bulletin_bands (band, day, bulletin_id) VALUES (?, ?, ?)", rows
    )


def content_hash(text: str, identity: str | None = None) -> str:
    """Identity of a text (and of the record's :func:`identity`, if any) for exact-duplicate
    checks: case and spacing do not count."""
    normal = " ".join(text.casefold().split())  # every whitespace run one space, none at the ends
    if identity is not None:
        normal = f"{normal}\x1f{identity}"
    return hashlib.sha256(normal.encode()).hexdigest()


class _Writer:
    """Writes chunks of prepared bulletins inside one transaction.

    Each bulletin row (and its re-publication keys) is written at once, since the next
    bulletin may be a copy of it; items, their index, links and name counts are written
    once per chunk.
    """

    def __init__(self, db: Database, ingested: datetime, result: AddResult) -> None:
        self.db = db
        self.ingested = ingested.isoformat()
        self.ingested_day = day_number(ingested)
        self.result = result
        self.recent_wording: dict[int, set[int]] = {}
        """The shingles of the bulletins written last, by id: copies are usually recent."""
        # The write lock is held, so item ids can be assigned here and written in batches.
        self.next_item = (db.execute("SELECT max(id) FROM items").fetchone()[0] or 0) + 1

    def write(self, chunk: tuple[PreparedBulletin, ...]) -> None:
        db, result = self.db, self.result
        marks = ",".join("?" * len(chunk))
        stored = {
            digest
            for (digest,) in db.execute(
                f"SELECT content_hash FROM bulletins WHERE content_hash IN ({marks})",
                [bulletin.content_hash for bulletin in chunk],
            )
        }
        stored.update(self.stored_before_identities(chunk))
        items, fts, links = [], [], []
        hours: dict[tuple[str, int], list] = {}
        names: dict[tuple[str, str], list[int]] = {}
        for bulletin in chunk:
            if bulletin.content_hash in stored:
                result.duplicates += 1
                continue
            stored.add(bulletin.content_hash)
            day = self.ingested_day if bulletin.day is None else bulletin.day
            wording = set(bulletin.shingles)
            duplicate_of = self.near_duplicate_of(bulletin, wording, day)
            bulletin_id = db.execute(
                "INSERT INTO bulletins (source, title, url, published, ingested, day, text,"
                " content_hash, duplicate_of, origin, wording, place, record_id, details)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [
                    bulletin.source,
                    bulletin.title,
                    bulletin.url,
                    bulletin.published,
                    self.ingested,
                    day,
                    bulletin.text,
                    bulletin.content_hash,
                    duplicate_of,
                    bulletin.origin,
                    bulletin.wording,
                    bulletin.place,
                    bulletin.record_id,
                    bulletin.details,
                ],
            ).lastrowid
            self.recent_wording[bulletin_id] = wording
            if len(self.recent_wording) > _RECENT_WORDING:
                del self.recent_wording[next(iter(self.recent_wording))]
            add_bands(db, [(band, int(day), bulletin_id) for band in bulletin.bands])
            item_ids = {row[0]: self.next_item + n for n, row in enumerate(bulletin.items)}
            for position, story, text, speaker, signals, status, words, keys in bulletin.items:
                items.append(
                    (
                        item_ids[position],
                        bulletin_id,
                        position,
                        story,
                        day,
                        text,
                        speaker,
                        signals,
                        status,
                    )
                )
                fts.append((item_ids[position], words, keys))
            links.extend((item_ids[a], item_ids[b], "disputes") for a, b in bulletin.links)
            self.next_item += len(bulletin.items)
            if duplicate_of is None:
                hour = hour_number(day)
                for key, display, confirmed, mentions in bulletin.names:
                    counts = hours.setdefault((key, hour), [display, 0, 0, 0])
                    counts[1] += 1
                    counts[2] += mentions
                    counts[3] += confirmed
                    counted = names.setdefault((key, display), [0, 0])
                    counted[0] += 1
                    counted[1] += confirmed
            result.added += 1
            result.items += len(bulletin.items)
            result.near_duplicates += duplicate_of is not None
        db.conn.executemany(
            "INSERT INTO items (id, bulletin_id, position, story, day, text, attributed_to,"
            " signals, status) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            items,
        )
        record_item_days(db, ((row[0], row[4]) for row in items))
        db.conn.executemany("INSERT INTO items_fts (rowid, words, names) VALUES (?, ?, ?)", fts)
        db.conn.executemany("INSERT OR IGNORE INTO item_links VALUES (?, ?, ?)", links)
        db.conn.executemany(
            "INSERT INTO name_hours (key, hour, display, bulletins, items, confirmed)"
            " VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (key, hour) DO UPDATE SET"
            " bulletins = bulletins + excluded.bulletins, items = items + excluded.items,"
            " confirmed = confirmed + excluded.confirmed",
            [(key, hour, *counts) for (key, hour), counts in hours.items()],
        )
        db.conn.executemany(
            "INSERT INTO names (key, display, bulletins, confirmed) VALUES (?, ?, ?, ?)"
            " ON CONFLICT (key, display) DO UPDATE SET"
            " bulletins = bulletins + excluded.bulletins,"
            " confirmed = confirmed + excluded.confirmed",
            [(key, display, *counts) for (key, display), counts in names.items()],
        )

    def stored_before_identities(self, chunk: tuple[PreparedBulletin, ...]) -> set[str]:
        """The content hashes of the chunk's bulletins stored without their identity (by a
        Wiredesk that kept none), with the same text and time: re-ingesting adds nothing."""
        by_text: dict[str, list[PreparedBulletin]] = {}
        for bulletin in chunk:
            if bulletin.text_hash is not None:
                by_text.setdefault(bulletin.text_hash, []).append(bulletin)
        if not by_text:
            return set()
        marks = ",".join("?" * len(by_text))
        return {
            bulletin.content_hash
            for digest, published in self.db.execute(
                "SELECT content_hash, published FROM bulletins WHERE content_hash IN"
                f" ({marks}) AND place IS NULL AND record_id IS NULL",
                list(by_text),
            )
            for bulletin in by_text[digest]
            if bulletin.published == published
        }

    def near_duplicate_of(
        self, bulletin: PreparedBulletin, wording: set[int], day: float
    ) -> int | None:
        """The first copy of a story this text mostly repeats, published within a week of it.

        Candidates share a band of the text's signature (see :mod:`newsroom.text.wording`);
        those whose signatures agree on enough bins are confirmed on their full wording. A
        record with a place (an event dataset's row) repeats only a record of the same place
        and day.
        """
        if not bulletin.bands:
            return None
        # Each band looks at its most recent holders only: a band in hundreds of bulletins that
        # week is boilerplate, and says nothing about copies; the work per bulletin is bounded.
        per_band = (
            "SELECT bulletin_id FROM (SELECT bulletin_id FROM bulletin_bands WHERE band = ?"
            " AND day BETWEEN ? AND ? ORDER BY day DESC LIMIT ?)"
        )
        window = [
            int(day) - _NEAR_DUPLICATE_DAYS,
            int(day) + _NEAR_DUPLICATE_DAYS,
            _HOLDERS_PER_BAND,
        ]
        candidates = self.db.execute(
            "SELECT id, coalesce(duplicate_of, id), wording, place, day FROM bulletins WHERE id IN"
            f" (SELECT bulletin_id FROM ({' UNION ALL '.join([per_band] * len(bulletin.bands))})"
            "  GROUP BY bulletin_id ORDER BY count(*) DESC, bulletin_id LIMIT ?)"
            " ORDER BY id",
            [value for band in bulletin.bands for value in (band, *window)] + [_CANDIDATES],
        ).fetchall()
        for candidate, first, theirs, place, their_day in candidates:
            if (bulletin.place or place) and (
                place != bulletin.place or int(their_day) != int(day)
            ):
                continue  # an event elsewhere or on another day, however alike its description
            if estimated_resemblance(bulletin.wording, theirs) < _SIGNATURE_AGREEMENT:
                continue
            if resemblance(wording, self.wording_of(candidate)) >= _NEAR_DUPLICATE_JACCARD:
                return first
        return None

    def wording_of(self, bulletin_id: int) -> set[int]:
        """The shingles of a stored bulletin."""
        if bulletin_id in self.recent_wording:
            return self.recent_wording[bulletin_id]
        (text,) = self.db.execute(
            "SELECT text FROM bulletins WHERE id = ?", [bulletin_id]
        ).fetchone()
        return shingles(text)
