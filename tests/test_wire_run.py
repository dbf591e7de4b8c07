"""The live wire inside `wiredesk run`: the bot's APScheduler polls the due sources."""

from __future__ import annotations

import logging
import time
from pathlib import Path

import pytest
from apscheduler.schedulers.background import BackgroundScheduler

from bot.settings import Settings
from bot.wire_schedule import JOB_ID, start_wire
from newsroom.wire.manage import add_feed
from store.schema import open_db
from tests.support.feed_server import WIRE, FeedServer, Page, feeds, rss

__all__ = ["feeds"]


def stored(db_path: Path) -> int:
    db = open_db(db_path)
    try:
        return db.execute("SELECT count(*) FROM bulletins").fetchone()[0]
    finally:
        db.close()


@pytest.mark.parametrize("with_digest_scheduler", [True, False])
def test_the_bot_scheduler_polls_due_sources_and_logs_what_changed(
    feeds: FeedServer,
    db_path: Path,
    caplog: pytest.LogCaptureFixture,
    with_digest_scheduler: bool,
) -> None:
    feeds.pages["/wire"] = Page(rss(WIRE), etag='"a"')
    db = open_db(db_path)
    add_feed(db, feeds.url("/wire"), name="North desk")
    db.close()
    settings = Settings(_env_file=None, wiredesk_db=str(db_path))
    existing = BackgroundScheduler() if with_digest_scheduler else None
    if existing is not None:
        existing.start()
    caplog.set_level(logging.INFO, logger="wiredesk.wire")
    scheduler = start_wire(settings, existing, every=0.2)
    try:
        assert scheduler.get_job(JOB_ID) is not None
        deadline = time.monotonic() + 30
        while stored(db_path) < 3:
            assert time.monotonic() < deadline, "the wire job never stored the feed"
            time.sleep(0.1)
        time.sleep(0.6)  # a few more passes: the source is not due again, nothing more
    finally:
        scheduler.shutdown(wait=True)
    assert stored(db_path) == 3
    assert len(feeds.requests_to("/wire")) == 1
    assert any("feed 1 (North desk): 3 new" in r.getMessage() for r in caplog.records)
