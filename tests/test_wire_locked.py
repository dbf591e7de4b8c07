"""`wiredesk watch` (the loop) outlives a database held locked by another process for longer
than the busy timeout (a large ingest, a backup): the pass is skipped and said, the next one
polls. It never stops polling for good over a lock."""

from __future__ import annotations

import sqlite3
import threading
import time
from pathlib import Path

import pytest

import store.schema
from newsroom.wire import watch as wire_watch
from newsroom.wire.manage import add_feed
from store.schema import open_db
from tests.support.feed_server import WIRE, FeedServer, Page, feeds, rss

__all__ = ["feeds"]


def test_the_watch_loop_skips_a_locked_pass_and_polls_the_next(
    feeds: FeedServer, db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    feeds.pages["/wire.xml"] = Page(rss(WIRE))
    db = open_db(db_path)
    add_feed(db, feeds.url("/wire.xml"))
    db.close()
    monkeypatch.setattr(store.schema, "BUSY_TIMEOUT", 0.1)
    monkeypatch.setattr(wire_watch, "PROBLEM_WAIT", 0.1)

    holder = sqlite3.connect(str(db_path), isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")  # another process writing, for longer than the timeout
    holder.execute("UPDATE sources SET name = name")

    problems: list[str] = []
    crashed: list[BaseException] = []
    stop = threading.Event()

    def loop() -> None:
        try:
            wire_watch.watch_forever(str(db_path), stop, on_problem=problems.append)
        except BaseException as error:  # what the test reports
            crashed.append(error)

    thread = threading.Thread(target=loop, daemon=True)
    thread.start()
    try:
        deadline = time.monotonic() + 30
        while not problems and not crashed:
            assert time.monotonic() < deadline, "no pass was tried"
            time.sleep(0.02)
        holder.execute("COMMIT")
        while not crashed:
            db = open_db(db_path)
            try:
                stored = db.execute("SELECT count(*) FROM bulletins").fetchone()[0]
            finally:
                db.close()
            if stored:
                break
            assert time.monotonic() < deadline, "the loop never polled again"
            time.sleep(0.05)
    finally:
        if holder.in_transaction:
            holder.execute("ROLLBACK")
        holder.close()
        stop.set()
        thread.join(timeout=30)
    assert crashed == []
    assert "locked" in problems[0]
    assert stored == len(WIRE)
