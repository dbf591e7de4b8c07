"""What a Wiredesk database holds, reduced to something two runs can be compared by.

Every stored table is read whole, minus the columns that say *when* a run happened
(``ingested``, ``found``...), and hashed; the full-text index (contentless, so unreadable
row by row) is compared through the items a few searches find.
"""

from __future__ import annotations

import hashlib
import sqlite3
from pathlib import Path

#: Columns that record when something was stored, not what: they differ between runs.
RUN_TIME_COLUMNS = frozenset({"ingested", "found", "created", "claimed_at", "at"})
#: Searches whose matching item ids stand for the full-text index.
SEARCHES = ("Kharkiv", "Kyiv", "denied", "reportedly", "Лисичанськ", "Zorianivka", "shelling")


def snapshot(path: Path, *, when_only: frozenset[str] = frozenset()) -> dict[str, tuple[int, str]]:
    """(row count, hash of the sorted rows) per stored table and per search; the columns in
    ``when_only`` (times that differ between runs but whose presence matters, such as a
    retraction's) compared only as set or not."""
    with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as db:
        tables = [
            name
            for (name,) in db.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table'"
                " AND name NOT LIKE 'sqlite_%' AND name NOT LIKE 'items_fts%' ORDER BY name"
            )
        ]
        state: dict[str, tuple[int, str]] = {}
        for table in tables:
            columns = [
                f"[{name}] IS NOT NULL" if name in when_only else f"[{name}]"
                for _, name, *_ in db.execute(f"PRAGMA table_info([{table}])")
                if name not in RUN_TIME_COLUMNS
            ]
            rows = db.execute(f"SELECT {', '.join(columns)} FROM [{table}]").fetchall()
            state[table] = _digest(rows)
        for term in SEARCHES:
            rows = db.execute(
                "SELECT rowid FROM items_fts WHERE items_fts MATCH ?", [f'"{term}"']
            ).fetchall()
            state[f"search {term}"] = _digest(rows)
    return state


def differences(
    found: dict[str, tuple[int, str]], expected: dict[str, tuple[int, str]]
) -> list[str]:
    """What differs, table by table: "items: 7,120 rows, a clean run has 7,204"."""
    said = []
    for name in sorted(set(found) | set(expected)):
        have, want = found.get(name), expected.get(name)
        if have == want:
            continue
        if have is None or want is None:
            said.append(f"{name}: {'missing' if have is None else 'unexpected'}")
        elif have[0] != want[0]:
            said.append(f"{name}: {have[0]:,} rows, a clean run has {want[0]:,}")
        else:
            said.append(f"{name}: {have[0]:,} rows, as many as a clean run, but different ones")
    return said


def duplicates(path: Path) -> int:
    """Bulletins stored twice (same content hash) plus items stored twice (same place)."""
    with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as db:
        (bulletins,) = db.execute(
            "SELECT count(*) - count(DISTINCT content_hash) FROM bulletins"
        ).fetchone()
        (items,) = db.execute(
            "SELECT count(*) - (SELECT count(*) FROM (SELECT DISTINCT bulletin_id, position"
            " FROM items)) FROM items"
        ).fetchone()
    return bulletins + items


def integrity(path: Path) -> str:
    """``PRAGMA integrity_check`` and the full-text index's own check: "ok" or what is wrong."""
    with sqlite3.connect(path) as db:
        problems = [row[0] for row in db.execute("PRAGMA integrity_check")]
        try:
            db.execute("INSERT INTO items_fts(items_fts, rank) VALUES ('integrity-check', 0)")
        except sqlite3.DatabaseError as error:
            problems.append(f"items_fts: {error}")
    return "ok" if problems == ["ok"] else "; ".join(problems)


def _digest(rows: list[tuple]) -> tuple[int, str]:
    hashed = hashlib.sha256()
    for row in sorted(rows, key=repr):
        hashed.update(repr(row).encode())
    return len(rows), hashed.hexdigest()
