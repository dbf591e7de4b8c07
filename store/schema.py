"""Opening the database and keeping its schema current."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from sqlite_utils import Database

from newsroom.errors import UserError

SCHEMA_VERSION = 1

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

CREATE TABLE IF NOT EXISTS name_days (
    key TEXT NOT NULL,
    day INTEGER NOT NULL,
    display TEXT NOT NULL,
    bulletins INTEGER NOT NULL,
    confirmed INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (key, day)
) WITHOUT ROWID;
"""


def open_db(path: str | Path) -> Database:
    """Open (creating if needed) the Wiredesk database at ``path``, schema up to date.

    Opened in WAL mode with a busy timeout so the bot, the CLI and the scheduler can share
    one file. Each thread must open its own (sqlite3 connections are per-thread).
    """
    path = Path(path)
    if path.exists() and path.is_dir():
        raise UserError(
            f"Database path {path} is a directory; give a file name such as wiredesk.db."
        )
    if path.parent and not path.parent.exists():
        raise UserError(f"Cannot create database {path}: folder {path.parent} does not exist.")
    try:
        connection = sqlite3.connect(str(path), timeout=30, isolation_level=None)
        db = Database(connection)
        db.execute("PRAGMA journal_mode=WAL")
        db.execute("PRAGMA synchronous=NORMAL")
        db.execute("PRAGMA foreign_keys=ON")
        ensure_schema(db)
    except sqlite3.DatabaseError as error:
        raise UserError(
            f"Cannot open database {path}: {error} (is it a Wiredesk SQLite file?)"
        ) from None
    return db


def ensure_schema(db: Database) -> None:
    """Create every table and index that is missing, and record the schema version."""
    version = db.execute("PRAGMA user_version").fetchone()[0]
    if version > SCHEMA_VERSION:
        raise UserError(
            f"This database was written by a newer Wiredesk (schema {version}, this one knows "
            f"{SCHEMA_VERSION}); upgrade Wiredesk."
        )
    if version < SCHEMA_VERSION:
        db.conn.executescript(_SCHEMA)
        db.execute(f"PRAGMA user_version={SCHEMA_VERSION}")
