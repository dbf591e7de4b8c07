"""Real processes on one database: two watchers at once, and a watcher killed with SIGKILL
in the middle of a pass. Nothing is polled twice in a pass, lost, or stored twice."""

from __future__ import annotations

import os
import signal
import subprocess
import time
from pathlib import Path

import pytest

from store.schema import open_db
from tests.support.browse_server import WIREDESK, environment
from tests.support.feed_server import Entry, FeedServer, Page, feeds, rss

__all__ = ["feeds"]

PLACES = ["Zarichne", "Lisove", "Stavky", "Korsunka", "Bereg", "Dubky", "Tykhe", "Ozerne"]


def serve_feeds(feeds: FeedServer, count: int, entries: int) -> None:
    for n in range(count):
        items = [
            Entry(
                f"f{n}-e{m}",
                f"Report {n}.{m}",
                f"Officials in {PLACES[(n + m) % len(PLACES)]} said repair crew {n * 100 + m} "
                f"restored water to district {m} of sector {n} on Tuesday.",
            )
            for m in range(entries)
        ]
        feeds.pages[f"/feed/{n}"] = Page(rss(items, title=f"Regional wire {n}"), etag=f'"{n}"')


def add_sources(db_path: Path, feeds: FeedServer, count: int) -> None:
    from newsroom.wire.manage import add_feed

    db = open_db(db_path)
    for n in range(count):
        add_feed(db, feeds.url(f"/feed/{n}"))
    db.close()


def watch_once(db_path: Path, cwd: Path) -> subprocess.Popen:
    return subprocess.Popen(
        [*WIREDESK, "--db", str(db_path), "watch", "--once"],
        cwd=cwd,
        env={**environment(), "no_proxy": "*"},
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def totals(db_path: Path) -> tuple[int, int, int]:
    db = open_db(db_path)
    try:
        return (
            db.execute("SELECT count(*) FROM bulletins").fetchone()[0],
            db.execute("SELECT count(*) FROM source_entries").fetchone()[0],
            db.execute("SELECT count(*) FROM source_leases").fetchone()[0],
        )
    finally:
        db.close()


def test_two_watchers_at_once_poll_each_source_once_and_store_each_entry_once(
    feeds: FeedServer, db_path: Path, tmp_path: Path
) -> None:
    serve_feeds(feeds, 16, 8)
    add_sources(db_path, feeds, 16)
    first, second = watch_once(db_path, tmp_path), watch_once(db_path, tmp_path)
    outputs = [p.communicate(timeout=180) for p in (first, second)]
    assert [p.returncode for p in (first, second)] == [0, 0], outputs
    assert "Traceback" not in "".join(err for _, err in outputs)
    assert totals(db_path) == (128, 128, 0)
    for n in range(16):
        assert len(feeds.requests_to(f"/feed/{n}")) == 1, n
    lines = [line for out, _ in outputs for line in out.splitlines()]
    assert len(lines) == 16  # each source reported once, by whichever watcher polled it


@pytest.mark.parametrize("kill_at", [2, 7, 13])
def test_a_watcher_killed_mid_pass_loses_nothing_and_duplicates_nothing(
    feeds: FeedServer, db_path: Path, tmp_path: Path, kill_at: int
) -> None:
    serve_feeds(feeds, 16, 10)
    add_sources(db_path, feeds, 16)
    victim = watch_once(db_path, tmp_path)
    deadline = time.monotonic() + 120
    while len(feeds.seen) < kill_at and victim.poll() is None:
        assert time.monotonic() < deadline
        time.sleep(0.005)
    os.kill(victim.pid, signal.SIGKILL)
    victim.wait(timeout=30)
    assert victim.returncode == -signal.SIGKILL
    stored_before, _, _ = totals(db_path)
    assert stored_before < 160  # killed before the pass was over

    again = watch_once(db_path, tmp_path)
    _out, err = again.communicate(timeout=180)
    assert again.returncode == 0, err
    assert totals(db_path) == (160, 160, 0)
    db = open_db(db_path)
    try:
        per_source = db.execute("SELECT count(*) FROM source_entries GROUP BY source_id").fetchall()
        assert per_source == [(10,)] * 16
        added = db.execute("SELECT sum(entries_added) FROM sources").fetchone()[0]
        assert added == 160  # counted with the entries, in one transaction
    finally:
        db.close()


def test_watch_without_once_polls_until_interrupted(
    feeds: FeedServer, db_path: Path, tmp_path: Path
) -> None:
    serve_feeds(feeds, 2, 3)
    add_sources(db_path, feeds, 2)
    looping = subprocess.Popen(
        [*WIREDESK, "--db", str(db_path), "watch"],
        cwd=tmp_path,
        env={**environment(), "no_proxy": "*"},
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    deadline = time.monotonic() + 60
    while totals(db_path)[1] < 6:
        assert looping.poll() is None and time.monotonic() < deadline
        time.sleep(0.1)
    # A new entry on one feed is picked up by a later pass once that source is due again.
    db = open_db(db_path)
    db.execute("UPDATE sources SET next_due = 0 WHERE id = 1")
    db.close()
    feeds.pages["/feed/0"] = Page(
        rss([Entry("late-1", "Late", "Officials in Tykhe said the school reopened on Friday.")]),
        etag='"late"',
    )
    while totals(db_path)[1] < 7:
        assert looping.poll() is None and time.monotonic() < deadline
        time.sleep(0.1)
    looping.send_signal(signal.SIGINT)
    out, err = looping.communicate(timeout=30)
    assert looping.returncode == 0, err
    assert "Stopped." in err and "Traceback" not in err
    assert "feed 1" in out and "1 new" in out
