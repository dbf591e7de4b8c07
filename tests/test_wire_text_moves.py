"""An entry whose text changes to a text already stored (another entry's, another feed's),
or whose old text a new entry now carries: nothing is lost, nothing stored twice, and the
poll (and the pass) goes on. Found by the issue 11 audit: the revision clashed with the
stored text's unique hash, the pass stopped with an IntegrityError at every poll."""

from __future__ import annotations

import random
from collections.abc import Iterator
from dataclasses import replace

import pytest
from sqlite_utils import Database

from newsroom.wire.http import Limits, make_client
from newsroom.wire.manage import add_feed
from newsroom.wire.poll import Poller
from store.sources import get_source
from tests.support.feed_server import WIRE, FeedServer, Page, feeds, rss

__all__ = ["feeds"]

FAST = Limits(connect_timeout=2.0, read_timeout=0.5, max_bytes=200_000, max_redirects=3)


@pytest.fixture
def poller() -> Iterator[Poller]:
    client = make_client(FAST)
    yield Poller("test:1:bb", client, limits=FAST, rng=random.Random(7))
    client.close()


def poll(poller: Poller, db: Database, source_id: int):
    db.execute("UPDATE sources SET next_due = 0 WHERE id = ?", [source_id])
    source = get_source(db, source_id)
    assert source is not None
    return poller.poll(db, source)


def texts(db: Database) -> list[str]:
    return [t for (t,) in db.execute("SELECT text FROM bulletins ORDER BY id")]


def entry_bulletin(db: Database, source_id: int, guid: str) -> int | None:
    return db.execute(
        "SELECT bulletin_id FROM source_entries WHERE source_id = ? AND entry_key = ?",
        [source_id, f"guid:{guid}"],
    ).fetchone()[0]


def test_an_entry_changed_to_the_text_of_a_new_entry(
    db: Database, feeds: FeedServer, poller: Poller
) -> None:
    first, other = WIRE[0], WIRE[1]
    feeds.pages["/f"] = Page(rss([first]))
    source, _ = add_feed(db, feeds.url("/f"))
    poll(poller, db, source.id)
    # the publisher rewrites the first entry, and posts the same text under a new guid
    moved = replace(first, text=other.text)
    fresh = replace(other, guid="nd-new")
    feeds.pages["/f"] = Page(rss([moved, fresh]))
    result = poll(poller, db, source.id)
    assert result.outcome != "failed", result.error
    assert sorted(texts(db)) == [other.text]  # the text once, the old one revised away
    assert entry_bulletin(db, source.id, first.guid) == entry_bulletin(db, source.id, "nd-new")
    assert poll(poller, db, source.id).outcome == "unchanged"


def test_an_entry_changed_to_a_text_stored_from_elsewhere(
    db: Database, feeds: FeedServer, poller: Poller
) -> None:
    first, other = WIRE[0], WIRE[1]
    feeds.pages["/a"] = Page(rss([first]))
    feeds.pages["/b"] = Page(rss([other], title="Agency"))
    a, _ = add_feed(db, feeds.url("/a"))
    b, _ = add_feed(db, feeds.url("/b"))
    poll(poller, db, a.id)
    poll(poller, db, b.id)
    feeds.pages["/a"] = Page(rss([replace(first, text=other.text)]))
    result = poll(poller, db, a.id)
    assert result.outcome != "failed", result.error
    assert result.updated == 1
    # one bulletin per text; the entry now points at the stored copy
    assert sorted(texts(db)) == sorted([first.text, other.text])
    assert entry_bulletin(db, a.id, first.guid) == entry_bulletin(db, b.id, other.guid)
    assert poll(poller, db, a.id).outcome == "unchanged"


def test_a_new_entry_with_the_old_text_of_a_changed_one(
    db: Database, feeds: FeedServer, poller: Poller
) -> None:
    first, other = WIRE[0], WIRE[1]
    feeds.pages["/f"] = Page(rss([first]))
    source, _ = add_feed(db, feeds.url("/f"))
    poll(poller, db, source.id)
    # the first entry now reads otherwise, and its old text comes back under a new guid
    feeds.pages["/f"] = Page(rss([replace(first, text=other.text), replace(first, guid="nd-re")]))
    result = poll(poller, db, source.id)
    assert result.outcome != "failed", result.error
    assert sorted(texts(db)) == sorted([first.text, other.text])  # neither text lost
    assert entry_bulletin(db, source.id, "nd-re") is not None


def test_a_constraint_broken_on_one_source_fails_that_source_not_the_pass(
    db_path, feeds: FeedServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A bug that breaks a constraint while storing one source's entries (as the revision
    # above did) is that source's failure: the pass goes on and the others are polled.
    import sqlite3

    import newsroom.wire.poll as poll_module
    from newsroom.wire.watch import watch_once
    from store.schema import open_db

    feeds.pages["/bad"] = Page(rss([WIRE[0]]))
    feeds.pages["/good"] = Page(rss([WIRE[1]], title="Agency"))
    db = open_db(db_path)
    bad, _ = add_feed(db, feeds.url("/bad"))
    good, _ = add_feed(db, feeds.url("/good"))
    db.close()
    real = poll_module.store_bulletins

    def breaks_on_the_bad_feed(db, raws, *args, **kwargs):
        raws = list(raws)
        if any(raw.text == WIRE[0].text for raw in raws):
            raise sqlite3.IntegrityError("UNIQUE constraint failed: bulletins.content_hash")
        return real(db, raws, *args, **kwargs)

    monkeypatch.setattr(poll_module, "store_bulletins", breaks_on_the_bad_feed)
    results = {r.source.id: r for r in watch_once(db_path, limits=FAST)}
    assert results[bad.id].outcome == "failed" and "IntegrityError" in results[bad.id].error
    assert results[good.id].outcome == "new"
