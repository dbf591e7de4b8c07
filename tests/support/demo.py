"""The shipped demo bulletins, loaded into a test database the way `wiredesk demo` does."""

from __future__ import annotations

from datetime import UTC, datetime
from importlib import resources
from pathlib import Path

from sqlite_utils import Database

from newsroom.ingest import IngestReport, ingest
from store import search
from store.schema import open_db

SAMPLES = resources.files("bot") / "samples" / "demo-bulletins.jsonl"
DEMO_NOW = datetime(2026, 11, 24, 12, 0, tzinfo=UTC)
"""The day after the demo's last bulletin: `--days N` counts back from it."""
PHRASES = ("ammunition depot", "sea mine", "cyber attack", "power line", "kindergarten")


def load_demo(path: Path) -> Database:
    """A database at ``path`` holding the demo bulletins, ingested as `wiredesk demo` does."""
    db = open_db(path)
    report = IngestReport()
    with resources.as_file(SAMPLES) as samples:
        ingest(db, str(samples), report, fmt="jsonl")
    assert not report.rejected, report.rejected
    assert report.added == 36, report.summary()
    return db


def demo_topics(db: Database) -> list[str]:
    """Every name the demo's items carry (in each spelling seen), and a few phrases."""
    names = sorted({display for _key, display, _count in search.name_vocabulary(db)})
    return [*names, *PHRASES]
