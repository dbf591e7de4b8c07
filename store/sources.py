"""Live sources (feeds, folders, Slack channels), what each has delivered, and the lease that
keeps two pollers off one source: all the SQL of the live wire.

Times people read (last attempt, last success) are ISO 8601 UTC text; times the scheduler
compares (``next_due``, a lease's ``expires``) are Unix seconds (REAL).
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime

from sqlite_utils import Database

from store.bulletins import transaction

KINDS = ("feed", "folder", "slack")
_USERINFO = re.compile(r"^(https?://[^/@:]*:)[^/@]*@")

SCHEMA = """
CREATE TABLE IF NOT EXISTS sources (
    id INTEGER PRIMARY KEY,
    kind TEXT NOT NULL CHECK (kind IN ('feed', 'folder', 'slack')),
    target TEXT NOT NULL,
    name TEXT,
    every REAL NOT NULL,
    paused INTEGER NOT NULL DEFAULT 0,
    guarded INTEGER NOT NULL DEFAULT 0,
    added_by TEXT NOT NULL,
    added_at TEXT NOT NULL,
    etag TEXT,
    last_modified TEXT,
    last_attempt TEXT,
    last_success TEXT,
    last_new TEXT,
    last_error TEXT,
    failing_since TEXT,
    failures INTEGER NOT NULL DEFAULT 0,
    entries_added INTEGER NOT NULL DEFAULT 0,
    entries_updated INTEGER NOT NULL DEFAULT 0,
    rejected INTEGER NOT NULL DEFAULT 0,
    last_rejections TEXT,
    next_due REAL NOT NULL,
    UNIQUE (kind, target)
);
CREATE INDEX IF NOT EXISTS sources_due ON sources(paused, next_due);

CREATE TABLE IF NOT EXISTS source_entries (
    source_id INTEGER NOT NULL REFERENCES sources(id) ON DELETE CASCADE,
    entry_key TEXT NOT NULL,
    text_hash TEXT NOT NULL,
    bulletin_id INTEGER REFERENCES bulletins(id),
    first_seen TEXT NOT NULL,
    updated TEXT,
    PRIMARY KEY (source_id, entry_key)
) WITHOUT ROWID;

CREATE TABLE IF NOT EXISTS bulletin_versions (
    bulletin_id INTEGER NOT NULL REFERENCES bulletins(id),
    previous_id INTEGER NOT NULL REFERENCES bulletins(id),
    source_id INTEGER,
    entry_key TEXT NOT NULL,
    at TEXT NOT NULL,
    PRIMARY KEY (bulletin_id, previous_id)
) WITHOUT ROWID;

CREATE TABLE IF NOT EXISTS source_leases (
    source_id INTEGER PRIMARY KEY REFERENCES sources(id) ON DELETE CASCADE,
    holder TEXT NOT NULL,
    expires REAL NOT NULL
);
"""
"""The live-wire tables (a schema migration of :mod:`store.schema`)."""

_RECENT_REJECTIONS = 20


def create_tables(db: Database) -> None:
    """The schema migration that adds the live-wire tables."""
    from store.schema import _statements  # the one script splitter

    for statement in _statements(SCHEMA):
        db.execute(statement)


@dataclass(frozen=True)
class Source:
    """One row of ``sources``."""

    id: int
    kind: str
    target: str
    name: str | None
    every: float
    paused: bool
    guarded: bool
    added_by: str
    added_at: str
    etag: str | None
    last_modified: str | None
    last_attempt: str | None
    last_success: str | None
    last_new: str | None
    last_error: str | None
    failing_since: str | None
    failures: int
    entries_added: int
    entries_updated: int
    rejected: int
    last_rejections: str | None
    next_due: float

    @property
    def label(self) -> str:
        """The name, else the target (a password in a URL masked): how messages name it."""
        return self.name or _USERINFO.sub(r"\1***@", self.target)

    @property
    def recent_rejections(self) -> list[str]:
        """The last rejections reported on the source, newest last."""
        return json.loads(self.last_rejections) if self.last_rejections else []


_COLUMNS = ", ".join(Source.__dataclass_fields__)


def _source(row: tuple) -> Source:
    values = list(row)
    values[5], values[6] = bool(values[5]), bool(values[6])
    return Source(*values)


def add_source(
    db: Database,
    kind: str,
    target: str,
    *,
    name: str | None,
    every: float | None,
    default_every: float,
    added_by: str,
    guarded: bool,
    now: datetime,
) -> tuple[Source, bool]:
    """Register a source, due at once; the same kind and target again is the stored one.

    Returns (source, created). A new source without ``every`` is polled every
    ``default_every``. An existing source keeps its state; a name or interval given again
    replaces the stored one, and one not given is kept.
    """
    with transaction(db):
        row = db.execute(
            "SELECT id FROM sources WHERE kind = ? AND target = ?", [kind, target]
        ).fetchone()
        if row is None:
            source_id = db.execute(
                "INSERT INTO sources (kind, target, name, every, guarded, added_by, added_at,"
                " next_due) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                [
                    kind,
                    target,
                    name,
                    default_every if every is None else every,
                    int(guarded),
                    added_by,
                    now.isoformat(),
                    0.0,
                ],
            ).lastrowid
            created = True
        else:
            source_id = row[0]
            db.execute(
                "UPDATE sources SET name = coalesce(?, name), every = coalesce(?, every) WHERE id = ?",
                [name, every, source_id],
            )
            created = False
    found = get_source(db, source_id)
    assert found is not None
    return found, created


def get_source(db: Database, source_id: int) -> Source | None:
    """The source with this id, or None."""
    row = db.execute(f"SELECT {_COLUMNS} FROM sources WHERE id = ?", [source_id]).fetchone()
    return _source(row) if row else None


def list_sources(db: Database) -> list[Source]:
    """Every source, by id."""
    return [_source(row) for row in db.execute(f"SELECT {_COLUMNS} FROM sources ORDER BY id")]


def due_sources(db: Database, now: float, kinds: Iterable[str]) -> list[Source]:
    """Sources of these kinds, not paused, whose next poll is due at ``now``, soonest first."""
    kinds = list(kinds)
    marks = ",".join("?" * len(kinds))
    return [
        _source(row)
        for row in db.execute(
            f"SELECT {_COLUMNS} FROM sources WHERE paused = 0 AND next_due <= ?"
            f" AND kind IN ({marks}) ORDER BY next_due, id",
            [now, *kinds],
        )
    ]


def next_due(db: Database, kinds: Iterable[str]) -> float | None:
    """The earliest ``next_due`` of the active sources of these kinds, or None."""
    kinds = list(kinds)
    marks = ",".join("?" * len(kinds))
    (value,) = db.execute(
        f"SELECT min(next_due) FROM sources WHERE paused = 0 AND kind IN ({marks})", kinds
    ).fetchone()
    return value


def remove_source(db: Database, source_id: int) -> bool:
    """Forget a source and what it delivered (its bulletins stay); False if there is none."""
    with transaction(db):
        db.execute("DELETE FROM source_leases WHERE source_id = ?", [source_id])
        db.execute("DELETE FROM source_entries WHERE source_id = ?", [source_id])
        return db.execute("DELETE FROM sources WHERE id = ?", [source_id]).rowcount > 0


def set_paused(db: Database, source_id: int, paused: bool) -> bool:
    """Pause or resume a source (a resumed one is due at once); False if there is none."""
    with transaction(db):
        return (
            db.execute(
                "UPDATE sources SET paused = ?, next_due = CASE WHEN ? THEN next_due ELSE 0 END"
                " WHERE id = ?",
                [int(paused), int(paused), source_id],
            ).rowcount
            > 0
        )


# ----------------------------------------------------------------------------- the lease


def take_lease(db: Database, source_id: int, holder: str, now: float, ttl: float) -> bool:
    """Take (or renew) the right to poll a source until ``now + ttl``, in a write
    transaction; False while another holder's lease runs."""
    with transaction(db):
        db.execute(
            "INSERT INTO source_leases (source_id, holder, expires) VALUES (?, ?, ?)"
            " ON CONFLICT (source_id) DO UPDATE SET holder = excluded.holder,"
            " expires = excluded.expires"
            " WHERE source_leases.holder = excluded.holder OR source_leases.expires <= ?",
            [source_id, holder, now + ttl, now],
        )
        row = db.execute(
            "SELECT holder FROM source_leases WHERE source_id = ?", [source_id]
        ).fetchone()
    return row is not None and row[0] == holder


def steal_lease(
    db: Database,
    source_id: int,
    holder: str,
    now: float,
    ttl: float,
    is_dead: Callable[[str], bool],
) -> bool:
    """Take over a lease whose holder ``is_dead`` says is gone (a process killed mid-poll),
    before it expires; False when the holder is alive or unknown."""
    with transaction(db):
        row = db.execute(
            "SELECT holder FROM source_leases WHERE source_id = ?", [source_id]
        ).fetchone()
        if row is None or row[0] == holder or not is_dead(row[0]):
            return False
        db.execute(
            "UPDATE source_leases SET holder = ?, expires = ? WHERE source_id = ? AND holder = ?",
            [holder, now + ttl, source_id, row[0]],
        )
    return True


def release_lease(db: Database, source_id: int, holder: str) -> None:
    """Give the lease back (a no-op if it is not ours any more)."""
    with transaction(db):
        db.execute(
            "DELETE FROM source_leases WHERE source_id = ? AND holder = ?", [source_id, holder]
        )


def holds_lease(db: Database, source_id: int, holder: str) -> bool:
    """True while ``holder`` holds the source's lease (call inside a write transaction)."""
    row = db.execute("SELECT holder FROM source_leases WHERE source_id = ?", [source_id]).fetchone()
    return row is not None and row[0] == holder


# ----------------------------------------------------------------------------- entries


def known_entries(db: Database, source_id: int, keys: list[str]) -> dict[str, tuple[str, int]]:
    """(text hash, bulletin id) of the entries of a source already seen, by key."""
    found: dict[str, tuple[str, int]] = {}
    for start in range(0, len(keys), 500):
        chunk = keys[start : start + 500]
        marks = ",".join("?" * len(chunk))
        for key, text_hash, bulletin_id in db.execute(
            "SELECT entry_key, text_hash, bulletin_id FROM source_entries"
            f" WHERE source_id = ? AND entry_key IN ({marks})",
            [source_id, *chunk],
        ):
            found[key] = (text_hash, bulletin_id)
    return found


def bulletin_ids(db: Database, content_hashes: list[str]) -> dict[str, int]:
    """Stored bulletins' ids by content hash."""
    found: dict[str, int] = {}
    for start in range(0, len(content_hashes), 500):
        chunk = content_hashes[start : start + 500]
        marks = ",".join("?" * len(chunk))
        found.update(
            db.execute(
                f"SELECT content_hash, id FROM bulletins WHERE content_hash IN ({marks})", chunk
            ).fetchall()
        )
    return found


@dataclass(frozen=True)
class EntryRow:
    """An entry seen on a source: its key, the hash of its text and its bulletin (None for
    a folder's file), and the bulletin it replaces when its text changed."""

    key: str
    text_hash: str
    bulletin_id: int | None
    previous_id: int | None = None
    counted: bool = True
    """False for an entry seen again unchanged (a file only touched): not counted."""


class LeaseLost(Exception):
    """Another poller took the source's lease: this poll's bookkeeping is dropped."""


def record_entries(
    db: Database, source_id: int, holder: str, entries: list[EntryRow], now: datetime
) -> None:
    """Remember entries as delivered, and count them on the source (new ones, and known
    ones whose bulletin changed), in one write transaction under the source's lease.

    Raises :class:`LeaseLost` (nothing written) when the lease is another holder's.
    """
    at = now.isoformat()
    with transaction(db):
        if not holds_lease(db, source_id, holder):
            raise LeaseLost(source_id)
        known = set(known_entries(db, source_id, [e.key for e in entries]))
        new = sum(e.counted and e.key not in known for e in entries)
        updated = sum(e.counted and e.key in known for e in entries)
        db.execute(
            "UPDATE sources SET entries_added = entries_added + ?,"
            " entries_updated = entries_updated + ?,"
            " last_new = CASE WHEN ? > 0 THEN ? ELSE last_new END WHERE id = ?",
            [new, updated, new + updated, at, source_id],
        )
        db.conn.executemany(
            "INSERT INTO source_entries (source_id, entry_key, text_hash, bulletin_id,"
            " first_seen) VALUES (?, ?, ?, ?, ?) ON CONFLICT (source_id, entry_key) DO UPDATE"
            " SET text_hash = excluded.text_hash, bulletin_id = excluded.bulletin_id,"
            " updated = excluded.first_seen",
            [(source_id, e.key, e.text_hash, e.bulletin_id, at) for e in entries],
        )
        db.conn.executemany(
            "INSERT OR IGNORE INTO bulletin_versions (bulletin_id, previous_id, source_id,"
            " entry_key, at) VALUES (?, ?, ?, ?, ?)",
            [
                (e.bulletin_id, e.previous_id, source_id, e.key, at)
                for e in entries
                if e.previous_id is not None
                and e.bulletin_id is not None
                and e.bulletin_id != e.previous_id
            ],
        )


# ----------------------------------------------------------------------------- outcomes


def record_success(
    db: Database,
    source_id: int,
    *,
    now: datetime,
    next_due: float,
    etag: str | None,
    last_modified: str | None,
    rejections: Sequence[str] = (),
) -> None:
    """A poll that worked: failures reset, validators kept for the next conditional GET."""
    at = now.isoformat()
    with transaction(db):
        row = db.execute("SELECT last_rejections FROM sources WHERE id = ?", [source_id]).fetchone()
        if row is None:
            return  # removed meanwhile
        recent = (json.loads(row[0]) if row[0] else []) + list(rejections)
        db.execute(
            "UPDATE sources SET last_attempt = ?, last_success = ?, failures = 0,"
            " failing_since = NULL, last_error = NULL, etag = ?, last_modified = ?,"
            " rejected = rejected + ?, last_rejections = ?, next_due = ? WHERE id = ?",
            [
                at,
                at,
                etag,
                last_modified,
                len(rejections),
                json.dumps(recent[-_RECENT_REJECTIONS:], ensure_ascii=False) if recent else None,
                next_due,
                source_id,
            ],
        )


def record_failure(
    db: Database, source_id: int, *, now: datetime, next_due: float, error: str
) -> None:
    """A poll that failed: the error kept, the failure counted for the backoff."""
    at = now.isoformat()
    with transaction(db):
        db.execute(
            "UPDATE sources SET last_attempt = ?, last_error = ?, failures = failures + 1,"
            " failing_since = coalesce(failing_since, ?), next_due = ? WHERE id = ?",
            [at, error, at, next_due, source_id],
        )


def arrival_times(db: Database, source_id: int, limit: int = 50) -> list[datetime]:
    """When the source's last entries were first seen, oldest first."""
    rows = db.execute(
        "SELECT first_seen FROM (SELECT DISTINCT first_seen FROM source_entries"
        " WHERE source_id = ? ORDER BY first_seen DESC LIMIT ?) ORDER BY first_seen",
        [source_id, limit],
    ).fetchall()
    return [datetime.fromisoformat(value).astimezone(UTC) for (value,) in rows]


# ----------------------------------------------------------------------------- Slack channels


def channel_sources(db: Database) -> dict[str, bool]:
    """The Slack channels added as sources: whether each is paused, by channel id."""
    return {
        target: bool(paused)
        for target, paused in db.execute("SELECT target, paused FROM sources WHERE kind = 'slack'")
    }


def count_channel_message(
    db: Database, channel: str, ts: str, bulletin_id: int, now: datetime
) -> None:
    """Count a message stored (or revised) from a Slack channel on the channel's source, as a
    feed's entries are counted: a new message as added, a changed one as updated (its arrival
    kept, so a channel silent for longer than usual is marked). Nothing when the channel is
    no source, or the message is known with this text already."""
    at = now.isoformat()
    key = f"message:{ts}"
    with transaction(db):
        row = db.execute(
            "SELECT id FROM sources WHERE kind = 'slack' AND target = ?", [channel]
        ).fetchone()
        if row is None:
            return
        source_id = row[0]
        (text_hash,) = db.execute(
            "SELECT content_hash FROM bulletins WHERE id = ?", [bulletin_id]
        ).fetchone()
        known = db.execute(
            "SELECT text_hash FROM source_entries WHERE source_id = ? AND entry_key = ?",
            [source_id, key],
        ).fetchone()
        if known is not None and known[0] == text_hash:
            return
        db.execute(
            "INSERT INTO source_entries (source_id, entry_key, text_hash, bulletin_id,"
            " first_seen) VALUES (?, ?, ?, ?, ?) ON CONFLICT (source_id, entry_key) DO UPDATE"
            " SET text_hash = excluded.text_hash, updated = excluded.first_seen",
            [source_id, key, text_hash, bulletin_id, at],
        )
        new = int(known is None)
        db.execute(
            "UPDATE sources SET entries_added = entries_added + ?,"
            " entries_updated = entries_updated + ?, last_new = ?, last_attempt = ?,"
            " last_success = ? WHERE id = ?",
            [new, 1 - new, at, at, at, source_id],
        )
