"""Opening the database and keeping its schema current."""

from __future__ import annotations

import logging
import os
import sqlite3
import threading
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import quote

from sqlite_utils import Database

from newsroom.disputes import find_links
from newsroom.errors import UserError
from newsroom.text.wording import band_keys, pack, shingles, signature
from store.bulletins import add_bands
from store.disputes import SCHEMA as DENIAL_LINKS_SCHEMA
from store.disputes import add_denial_links, add_linkable_denials, mark_disputed
from store.item_days import item_days_for_stored_items
from store.sources import create_tables as live_wire_tables
from store.views import replace_views

SCHEMA_VERSION = 11
_SLOW_MIGRATION = 10_000
BUSY_TIMEOUT = 30.0
"""Seconds a connection waits for another one's write lock before giving up."""
"""Stored bulletins from which a migration that reads every text says so first."""
_log = logging.getLogger(__name__)

_SCHEMA = """
CREATE TABLE IF NOT EXISTS bulletins (
    id INTEGER PRIMARY KEY,
    source TEXT NOT NULL,
    title TEXT,
    url TEXT,
    published TEXT,
    ingested TEXT NOT NULL,
    day REAL NOT NULL,
    text TEXT NOT NULL,
    content_hash TEXT NOT NULL UNIQUE,
    duplicate_of INTEGER REFERENCES bulletins(id),
    origin TEXT
);
CREATE INDEX IF NOT EXISTS bulletins_day ON bulletins(day);
CREATE INDEX IF NOT EXISTS bulletins_duplicate_of ON bulletins(duplicate_of);

CREATE TABLE IF NOT EXISTS bulletin_sketch (
    hash INTEGER NOT NULL,
    day INTEGER NOT NULL,
    bulletin_id INTEGER NOT NULL REFERENCES bulletins(id)
);
CREATE INDEX IF NOT EXISTS bulletin_sketch_hash ON bulletin_sketch(hash, day);
CREATE INDEX IF NOT EXISTS bulletin_sketch_bulletin ON bulletin_sketch(bulletin_id);

CREATE TABLE IF NOT EXISTS items (
    id INTEGER PRIMARY KEY,
    bulletin_id INTEGER NOT NULL REFERENCES bulletins(id),
    position INTEGER NOT NULL,
    story INTEGER NOT NULL,
    day REAL NOT NULL,
    text TEXT NOT NULL,
    attributed_to TEXT,
    signals TEXT NOT NULL,
    status TEXT NOT NULL,
    UNIQUE (bulletin_id, position)
);
CREATE INDEX IF NOT EXISTS items_day ON items(day);

CREATE TABLE IF NOT EXISTS item_links (
    item_id INTEGER NOT NULL REFERENCES items(id),
    other_id INTEGER NOT NULL REFERENCES items(id),
    kind TEXT NOT NULL,
    PRIMARY KEY (item_id, other_id, kind)
) WITHOUT ROWID;

CREATE VIRTUAL TABLE IF NOT EXISTS items_fts USING fts5(
    words, names, content='', tokenize='unicode61 remove_diacritics 2'
);

CREATE TABLE IF NOT EXISTS names (
    key TEXT NOT NULL,
    display TEXT NOT NULL,
    bulletins INTEGER NOT NULL,
    confirmed INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (key, display)
) WITHOUT ROWID;

CREATE TABLE IF NOT EXISTS name_hours (
    key TEXT NOT NULL,
    hour INTEGER NOT NULL,
    display TEXT NOT NULL,
    bulletins INTEGER NOT NULL,
    items INTEGER NOT NULL DEFAULT 0,
    confirmed INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (key, hour)
) WITHOUT ROWID;
"""


_VERIFICATION = """
CREATE TABLE IF NOT EXISTS verdicts (
    id INTEGER PRIMARY KEY,
    item_id INTEGER NOT NULL REFERENCES items(id),
    old_status TEXT NOT NULL,
    new_status TEXT NOT NULL CHECK (new_status IN ('verified', 'false', 'disputed', 'cleared')),
    by TEXT NOT NULL,
    at TEXT NOT NULL,
    note TEXT,
    evidence TEXT,
    origin TEXT NOT NULL CHECK (origin IN ('button', 'command', 'shortcut', 'reaction', 'cli'))
);
CREATE INDEX IF NOT EXISTS verdicts_item ON verdicts(item_id, id);
CREATE TRIGGER IF NOT EXISTS verdicts_never_updated BEFORE UPDATE ON verdicts
BEGIN SELECT RAISE(ABORT, 'verdict history is append-only: rows cannot be changed'); END;
CREATE TRIGGER IF NOT EXISTS verdicts_never_deleted BEFORE DELETE ON verdicts
BEGIN SELECT RAISE(ABORT, 'verdict history is append-only: rows cannot be deleted'); END;

CREATE TABLE IF NOT EXISTS challenges (
    id INTEGER PRIMARY KEY,
    verdict_id INTEGER NOT NULL REFERENCES verdicts(id),
    item_id INTEGER NOT NULL REFERENCES items(id),
    challenger_item_id INTEGER NOT NULL REFERENCES items(id),
    source TEXT NOT NULL,
    at TEXT NOT NULL,
    UNIQUE (verdict_id, challenger_item_id)
);
CREATE INDEX IF NOT EXISTS challenges_item ON challenges(item_id);

CREATE TABLE IF NOT EXISTS outbox (
    id INTEGER PRIMARY KEY,
    kind TEXT NOT NULL,
    recipient TEXT NOT NULL,
    text TEXT NOT NULL,
    dedupe_key TEXT NOT NULL UNIQUE,
    created TEXT NOT NULL,
    claimed_at TEXT,
    sent_at TEXT,
    attempts INTEGER NOT NULL DEFAULT 0,
    last_error TEXT
);

CREATE TABLE IF NOT EXISTS processed_events (
    event_id TEXT PRIMARY KEY,
    at TEXT NOT NULL
) WITHOUT ROWID;

CREATE TABLE IF NOT EXISTS digests (
    channel TEXT NOT NULL,
    date TEXT NOT NULL,
    claimed_by TEXT NOT NULL,
    claimed_at TEXT NOT NULL,
    posted_at TEXT,
    ts TEXT,
    attempts INTEGER NOT NULL DEFAULT 0,
    last_error TEXT,
    PRIMARY KEY (channel, date)
) WITHOUT ROWID;

CREATE TABLE IF NOT EXISTS message_bulletins (
    channel TEXT NOT NULL,
    ts TEXT NOT NULL,
    bulletin_id INTEGER NOT NULL REFERENCES bulletins(id),
    PRIMARY KEY (channel, ts)
) WITHOUT ROWID;
"""
_BANDS = (
    "DROP TABLE IF EXISTS bulletin_sketch",
    "ALTER TABLE bulletins ADD COLUMN wording BLOB",
    # Clustered on its one lookup (a band's holders, newest first): a single B-tree, where
    # a table and its index would be two, both written at random places by every bulletin.
    """CREATE TABLE bulletin_bands (
    band INTEGER NOT NULL,
    day INTEGER NOT NULL,
    bulletin_id INTEGER NOT NULL REFERENCES bulletins(id),
    PRIMARY KEY (band, day, bulletin_id)
) WITHOUT ROWID""",
    # The digest ranks a window's names from their hourly counts: a range of hours.
    "CREATE INDEX IF NOT EXISTS name_hours_hour ON name_hours(hour)",
)


def _bands_for_stored_bulletins(db: Database) -> None:
    """Migration 3: re-publication keys (see newsroom.text.wording) for the stored texts."""
    for statement in _BANDS:
        db.execute(statement)
    (stored,) = db.execute("SELECT count(*) FROM bulletins").fetchone()
    if stored >= _SLOW_MIGRATION:
        _log.warning(
            "Upgrading the database: computing re-publication keys for %s stored bulletins "
            "(about %d seconds, once).",
            f"{stored:,}",
            max(1, stored * 13 // 100_000),
        )
    last = 0
    while batch := db.execute(
        "SELECT id, day, text FROM bulletins WHERE id > ? ORDER BY id LIMIT 10000", [last]
    ).fetchall():
        last = batch[-1][0]
        signatures = [(i, int(day), signature(shingles(text))) for i, day, text in batch]
        db.conn.executemany(
            "UPDATE bulletins SET wording = ? WHERE id = ?",
            [(pack(sig), bulletin_id) for bulletin_id, _, sig in signatures],
        )
        add_bands(db, [(band, day, i) for i, day, sig in signatures for band in band_keys(sig)])


def _denial_links_for_stored_items(db: Database) -> None:
    """Migration 4: tables for denials linked across bulletins (see store.disputes), and
    the links the stored items make."""
    for statement in _statements(DENIAL_LINKS_SCHEMA):
        db.execute(statement)
    (stored,) = db.execute("SELECT count(*) FROM bulletins").fetchone()
    if stored >= _SLOW_MIGRATION:
        _log.warning(
            "Upgrading the database: linking the denials among %s stored bulletins to the "
            "claims they answer in other bulletins (about %d seconds, once).",
            f"{stored:,}",
            max(1, stored // 300_000),
        )
    linkable, links = find_links(db, 0)
    add_linkable_denials(db, linkable)
    mark_disputed(db, [claim for _denial, claim in links])
    add_denial_links(db, links, datetime.now(UTC).isoformat())


_RECORD_COLUMNS = ("place", "record_id", "details")


def _record_fields(db: Database) -> None:
    """Migration 5: a record's place, its id in its source and its structured fields (JSON),
    for bulletins; the stored ones have none, and keep their identity (see store.bulletins)."""
    present = {row[1] for row in db.execute("PRAGMA table_info(bulletins)")}
    for column in _RECORD_COLUMNS:
        if column not in present:
            db.execute(f"ALTER TABLE bulletins ADD COLUMN {column} TEXT")


_WIRE_AND_WATCHES = """
CREATE TABLE IF NOT EXISTS wire_messages (
    channel TEXT NOT NULL,
    ts TEXT NOT NULL,
    bulletin_id INTEGER NOT NULL REFERENCES bulletins(id),
    thread_ts TEXT,
    poster TEXT,
    edited TEXT,
    deleted TEXT,
    PRIMARY KEY (channel, ts)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS wire_messages_bulletin ON wire_messages(bulletin_id);

CREATE TABLE IF NOT EXISTS watches (
    id INTEGER PRIMARY KEY,
    topic TEXT NOT NULL,
    topic_key TEXT NOT NULL,
    recipient TEXT NOT NULL,
    added_by TEXT NOT NULL,
    added TEXT NOT NULL,
    seen_item INTEGER NOT NULL,
    seen_challenge INTEGER NOT NULL,
    notified TEXT,
    UNIQUE (topic_key, recipient)
);
"""


def _retractions_and_watches(db: Database) -> None:
    """Migration 7: a ``retracted`` time on bulletins and items (a deleted Slack message, a
    sentence an edit removed: hidden from answers and digests, kept for the audit), an
    ``updated`` time on bulletins, the Slack messages of the wire channels, and topic
    watches (see store.wire and store.watches)."""
    columns = {
        table: {row[1] for row in db.execute(f"PRAGMA table_info({table})")}
        for table in ("bulletins", "items")
    }
    for table, column in (
        ("bulletins", "retracted"),
        ("bulletins", "updated"),
        ("items", "retracted"),
    ):
        if column not in columns[table]:
            db.execute(f"ALTER TABLE {table} ADD COLUMN {column} TEXT")
    # Few rows are ever retracted: the index holds only those, for subtracting them from counts.
    db.execute(
        "CREATE INDEX IF NOT EXISTS items_retracted ON items(id) WHERE retracted IS NOT NULL"
    )
    for statement in _statements(_WIRE_AND_WATCHES):
        db.execute(statement)


def _views_come_later(db: Database) -> None:
    """Migration 6 once created the readable views; they read columns that migrations 7 and
    8 add (``retracted``), so migration 9 creates them (and replaces any made by 6)."""


_MIGRATIONS: dict[int, str | Callable[[Database], None]] = {
    1: _SCHEMA,
    2: _VERIFICATION,
    3: _bands_for_stored_bulletins,
    4: _denial_links_for_stored_items,
    5: _record_fields,
    6: _views_come_later,
    7: _retractions_and_watches,
    8: live_wire_tables,  # sources, what they delivered, their leases (store.sources)
    9: replace_views,  # readable views (store.views); a view changed later is a new migration
    10: item_days_for_stored_items,  # each day's item ids, for windowed searches
    11: replace_views,  # the source_health view
}


def open_db(path: str | Path, *, create: bool = True) -> Database:
    """Open (creating if needed, unless ``create`` is False) the Wiredesk database at
    ``path``, schema up to date.

    Opened in WAL mode with a busy timeout so the bot, the CLI and the scheduler can share
    one file. Each thread must open its own (sqlite3 connections are per-thread).
    """
    path = Path(path)
    if not create and not path.exists():
        raise missing_database(path)
    if path.exists() and path.is_dir():
        raise UserError(
            f"Database path {path} is a directory; give a file name such as wiredesk.db."
        )
    if path.parent and not path.parent.exists():
        raise UserError(f"Cannot create database {path}: folder {path.parent} does not exist.")
    try:
        connection = sqlite3.connect(str(path), timeout=BUSY_TIMEOUT, isolation_level=None)
        db = Database(connection)
        db.execute("PRAGMA journal_mode=WAL")
        db.execute("PRAGMA synchronous=NORMAL")
        db.execute("PRAGMA foreign_keys=ON")
        ensure_schema(db)
    except sqlite3.DatabaseError as error:
        if (problem := database_problem(error, path)) is None:
            raise
        raise problem from None
    return db


def open_readonly(path: str | Path) -> Database:
    """Open the existing Wiredesk database at ``path`` for reading only (SQLite ``mode=ro``).

    Works on a read-only file, and on one in a read-only folder. Raises :class:`UserError`
    when the file does not exist (it is never created), is not a Wiredesk database, or
    cannot be read. A database of an older schema is upgraded first, which needs write access.
    """
    path = Path(path)
    if not path.exists():
        raise missing_database(path)
    if path.is_dir():
        raise UserError(
            f"Database path {path} is a directory; give a file name such as wiredesk.db."
        )
    try:
        db = _connect_readonly(path)
        version = db.execute("PRAGMA user_version").fetchone()[0]
    except sqlite3.DatabaseError as error:
        if (problem := database_problem(error, path)) is None:
            raise
        raise problem from None
    if version == SCHEMA_VERSION:
        return db
    db.close()
    if version == 0:
        raise UserError(f"{path} is not a Wiredesk database (it has no Wiredesk tables).")
    open_db(path).close()  # an older schema: upgraded once (a newer one is refused)
    return open_readonly(path)


def missing_database(path: Path) -> UserError:
    """The error for a command that needs an existing database."""
    return UserError(
        f"Database {path} does not exist. Ingest bulletins into it first "
        "(wiredesk ingest FILE), or name the right file with --db or WIREDESK_DB."
    )


def _connect_readonly(path: Path) -> Database:
    """A ``mode=ro`` connection. A WAL database needs a ``-shm`` file beside it; where
    there is none and SQLite may not create one (a read-only folder or file system), no
    writer is connected either, and the file is read with ``immutable=1``."""
    uri = f"file:{quote(str(path.resolve()))}?mode=ro"
    connection = sqlite3.connect(uri, uri=True, timeout=BUSY_TIMEOUT, isolation_level=None)
    try:
        connection.execute("PRAGMA user_version").fetchone()
    except sqlite3.OperationalError as error:
        connection.close()
        # "unable to open database file": a read-only file system (a mounted archive)
        cannot_write_beside = "readonly" in str(error) or "unable to open" in str(error)
        if not cannot_write_beside or path.with_name(path.name + "-shm").exists():
            raise
        connection = sqlite3.connect(
            uri + "&immutable=1", uri=True, timeout=BUSY_TIMEOUT, isolation_level=None
        )
    return Database(connection)


def database_problem(error: sqlite3.DatabaseError, path: str | Path) -> UserError | None:
    """A :class:`UserError` naming ``path`` for an error of the database's environment (a
    read-only, locked, full, damaged or unreadable file); None for anything else (a bug)."""
    text = str(error)
    folder = Path(path).absolute().parent
    if "readonly" in text or "read-only" in text:
        return UserError(
            f"Cannot write to database {path}: it is read-only. Wiredesk needs write access "
            f"to the file and to its folder {folder} (for its -wal and -shm files)."
        )
    if "locked" in text or "busy" in text:
        return UserError(
            f"Database {path} is locked: another Wiredesk process has held it for over "
            f"{BUSY_TIMEOUT:g} seconds (a large upgrade or ingest, perhaps); try again when "
            "it is done."
        )
    if "full" in text:
        return UserError(
            f"Cannot write to database {path}: the disk is full (or a file size limit was "
            "reached). What was written before is kept; free some space and run again."
        )
    if "disk I/O error" in text:
        return UserError(
            f"Cannot read or write database {path}: disk I/O error (a full disk, a file size "
            "limit or a failing device)."
        )
    if "unable to open" in text:
        return UserError(f"Cannot open database {path}: {_access_problem(Path(path))}.")
    if "not a database" in text or "malformed" in text or "encrypted" in text:
        return UserError(f"Cannot open database {path}: {text} (is it a Wiredesk SQLite file?)")
    return None


def _access_problem(path: Path) -> str:
    """Why SQLite could not open ``path``, in words."""
    if not path.parent.is_dir():
        return f"folder {path.parent} does not exist"
    for place, mode in ((path, os.R_OK), (path.parent, os.W_OK | os.X_OK)):
        if place.exists() and not os.access(place, mode):
            return f"permission denied on {place}"
    return "the file cannot be opened"


_threads = threading.local()


def thread_db(path: str | Path) -> Database:
    """This thread's connection to ``path``, opened on first use and kept.

    Slack listeners run on a small pool of threads; a kept connection keeps SQLite's page
    cache warm between answers. A connection is never shared between threads.
    """
    cache: dict[str, Database] = _threads.__dict__.setdefault("connections", {})
    key = str(Path(path).resolve())
    if key not in cache:
        cache[key] = open_db(path)
    return cache[key]


def ensure_schema(db: Database) -> None:
    """Bring the schema up to date, one migration at a time, each in its own transaction."""
    version = db.execute("PRAGMA user_version").fetchone()[0]
    if version > SCHEMA_VERSION:
        raise UserError(
            f"This database was written by a newer Wiredesk (schema {version}, this one knows "
            f"{SCHEMA_VERSION}); upgrade Wiredesk."
        )
    for target in range(version + 1, SCHEMA_VERSION + 1):
        db.execute("BEGIN IMMEDIATE")
        try:
            # Another connection (the bot's other threads, the CLI) may have applied it
            # while this one waited for the write lock.
            if db.execute("PRAGMA user_version").fetchone()[0] < target:
                migration = _MIGRATIONS[target]
                if callable(migration):
                    migration(db)
                else:
                    for statement in _statements(migration):
                        db.execute(statement)
                db.execute(f"PRAGMA user_version={target}")
        except BaseException:
            db.execute("ROLLBACK")
            raise
        db.execute("COMMIT")


def _statements(script: str) -> Iterator[str]:
    """The statements of an SQL script, one at a time (a trigger's body stays whole)."""
    pending = ""
    for line in script.splitlines(keepends=True):
        pending += line
        if sqlite3.complete_statement(pending):
            yield pending.strip()
            pending = ""
    if pending.strip():
        yield pending.strip()
