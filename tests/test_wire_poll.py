"""Polling feeds over loopback: each entry once, conditional GET, the publisher's pacing,
failures and backoff, limits, updated entries, private addresses."""

from __future__ import annotations

import random
from collections.abc import Iterator
from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest
from sqlite_utils import Database

from newsroom.ask import ask
from newsroom.errors import UserError
from newsroom.verdicts import current_verdicts, set_verdict
from newsroom.wire.http import Limits, make_client
from newsroom.wire.manage import add_feed
from newsroom.wire.poll import Poller, PollResult
from store.sources import Source, add_source, get_source
from tests.support.feed_server import (
    MORE,
    WIRE,
    Entry,
    FeedServer,
    Page,
    atom,
    feeds,
    http_date,
    json_feed,
    rss,
)

__all__ = ["feeds"]

FAST = Limits(connect_timeout=2.0, read_timeout=0.5, max_bytes=200_000, max_redirects=3)


@pytest.fixture
def poller() -> Iterator[Poller]:
    client = make_client(FAST)
    yield Poller("test:1:aa", client, limits=FAST, rng=random.Random(7))
    client.close()


def due_now(db: Database, source: Source) -> Source:
    """The source made due (its stored state otherwise kept)."""
    db.execute("UPDATE sources SET next_due = 0 WHERE id = ?", [source.id])
    found = get_source(db, source.id)
    assert found is not None
    return found


def poll(poller: Poller, db: Database, source: Source, **kw) -> PollResult:
    return poller.poll(db, due_now(db, source), **kw)


def bulletin_count(db: Database) -> int:
    return db.execute("SELECT count(*) FROM bulletins").fetchone()[0]


def feed_source(db: Database, feeds: FeedServer, path: str, **kw) -> Source:
    source, _ = add_feed(db, feeds.url(path), **kw)
    return source


@pytest.mark.parametrize(
    ("render", "content_type"),
    [
        (rss, "application/rss+xml"),
        (atom, "application/atom+xml"),
        (json_feed, "application/feed+json"),
    ],
)
def test_each_entry_once_and_a_second_poll_is_conditional(
    db: Database, feeds: FeedServer, poller: Poller, render, content_type: str
) -> None:
    feeds.pages["/wire"] = Page(render(WIRE), content_type=content_type, etag='"v1"')
    source = feed_source(db, feeds, "/wire")

    first = poll(poller, db, source)
    assert (first.outcome, first.new, first.added) == ("new", 3, 3)
    assert bulletin_count(db) == 3

    second = poll(poller, db, source)
    assert second.outcome == "not-modified" and second.new == 0
    assert feeds.requests_to("/wire")[-1].headers.get("If-None-Match") == '"v1"'
    assert feeds.requests_to("/wire")[-1].status == 304
    assert bulletin_count(db) == 3

    feeds.pages["/wire"] = Page(render(WIRE + MORE), content_type=content_type, etag='"v2"')
    third = poll(poller, db, source)
    assert (third.new, third.updated, third.added) == (2, 0, 2)
    assert bulletin_count(db) == 5
    stored = get_source(db, source.id)
    assert stored is not None and stored.entries_added == 5 and stored.etag == '"v2"'


def test_last_modified_alone_is_sent_back_as_if_modified_since(
    db: Database, feeds: FeedServer, poller: Poller
) -> None:
    stamp = http_date(1741080000)
    feeds.pages["/lm"] = Page(rss(WIRE), last_modified=stamp)
    source = feed_source(db, feeds, "/lm")
    poll(poller, db, source)
    again = poll(poller, db, source)
    assert again.outcome == "not-modified"
    assert feeds.requests_to("/lm")[-1].headers.get("If-Modified-Since") == stamp


def test_a_feed_unchanged_but_without_validators_adds_nothing(
    db: Database, feeds: FeedServer, poller: Poller
) -> None:
    feeds.pages["/plain"] = Page(rss(WIRE))
    source = feed_source(db, feeds, "/plain")
    poll(poller, db, source)
    again = poll(poller, db, source)
    assert (again.outcome, again.new, again.added) == ("unchanged", 0, 0)
    assert not again.changed
    assert bulletin_count(db) == 3


@pytest.mark.parametrize(
    ("entries", "expected_key"),
    [
        ([Entry("urn:nd:77", "A", "The mayor of Zarichne said the curfew ends at dawn.")], "guid:"),
        (
            [
                Entry(
                    None,
                    "B",
                    "The mayor of Zarichne said the curfew ends at dawn.",
                    link="https://wire.example/2025/curfew",
                )
            ],
            "link:",
        ),
        ([Entry(None, "C", "The mayor of Zarichne said the curfew ends at dawn.")], "text:"),
    ],
)
def test_entries_are_known_by_guid_else_link_else_text(
    db: Database, feeds: FeedServer, poller: Poller, entries: list[Entry], expected_key: str
) -> None:
    feeds.pages["/k"] = Page(rss(entries))
    source = feed_source(db, feeds, "/k")
    poll(poller, db, source)
    poll(poller, db, source)
    keys = [row[0] for row in db.execute("SELECT entry_key FROM source_entries")]
    assert len(keys) == 1 and keys[0].startswith(expected_key)
    assert bulletin_count(db) == 1


def test_an_entry_whose_text_changes_revises_its_bulletin_in_place(
    db: Database, feeds: FeedServer, poller: Poller
) -> None:
    first = replace(
        WIRE[2],
        text="A convoy of forty lorries carrying grain reached the port of Stavky on Tuesday, "
        "the harbour authority said. Dockers began unloading at dawn.",
    )
    feeds.pages["/u"] = Page(rss([WIRE[0], WIRE[1], first]))
    source = feed_source(db, feeds, "/u")
    poll(poller, db, source)
    (bulletin_id,) = db.execute("SELECT id FROM bulletins WHERE text LIKE '%forty%'").fetchone()
    items = dict(
        db.execute("SELECT text, id FROM items WHERE bulletin_id = ?", [bulletin_id]).fetchall()
    )
    kept_id = items["Dockers began unloading at dawn."]
    set_verdict(db, kept_id, "verified", by="U0EDITOR", origin="cli")
    revised = replace(
        first,
        text="A convoy of fifty-two lorries carrying grain reached the port of Stavky on "
        "Tuesday, the harbour authority said. Dockers began unloading at dawn.",
    )
    feeds.pages["/u"] = Page(rss([WIRE[0], WIRE[1], revised]))
    result = poll(poller, db, source)
    assert (result.new, result.updated, result.added) == (0, 1, 0)
    # one bulletin, revised: its text, an "updated" time, the surviving item with its verdict
    assert bulletin_count(db) == 3
    text, updated = db.execute(
        "SELECT text, updated FROM bulletins WHERE id = ?", [bulletin_id]
    ).fetchone()
    assert "fifty-two" in text and updated is not None
    live = dict(
        db.execute(
            "SELECT text, id FROM items WHERE bulletin_id = ? AND retracted IS NULL",
            [bulletin_id],
        ).fetchall()
    )
    assert live["Dockers began unloading at dawn."] == kept_id
    assert current_verdicts(db, [kept_id])[kept_id].status == "verified"
    # the old sentence is kept for the audit, retracted, and answers no longer show it
    (old_id,) = [i for t, i in items.items() if "forty" in t]
    assert db.execute("SELECT retracted IS NOT NULL FROM items WHERE id = ?", [old_id]).fetchone()
    shown = [i.text for i in ask(db, "Stavky").items]
    assert any("fifty-two" in t for t in shown) and not any("forty" in t for t in shown)
    assert db.execute(
        "SELECT bulletin_id FROM source_entries WHERE entry_key = ?", ["guid:nd-1003"]
    ).fetchone() == (bulletin_id,)
    # The same revision polled again is not another update.
    assert poll(poller, db, source).updated == 0


class Killed(BaseException):
    """The process dies here: nothing after this point runs (as under ``kill -9``)."""


def test_a_revision_cut_short_is_redone_whole_with_its_denial_links(
    db: Database, feeds: FeedServer, poller: Poller, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Found by the feed-poll crash bench: a revision committed before the denial links its new
    # items make were stored lost those links for good (the re-run, finding the text already
    # revised, kept every item and linked nothing).
    claim = Entry(
        "mw-1",
        "Depot destroyed near Kherson",
        "Russia's defence ministry said its forces had destroyed a Ukrainian ammunition depot "
        "near Kherson overnight.",
        published="Wed, 03 Mar 2027 06:00:00 +0000",
    )
    holding = Entry(
        "em-1",
        "Kherson",
        "Eastern Monitor will update this report.",
        published="Thu, 04 Mar 2027 09:00:00 +0000",
    )
    feeds.pages["/k"] = Page(rss([claim, holding]))
    source = feed_source(db, feeds, "/k")
    poll(poller, db, source)
    denial = replace(
        holding,
        text="Ukraine's southern command denied that any ammunition depot near Kherson had "
        "been hit, saying the Russian missiles destroyed a grain store.",
    )
    feeds.pages["/k"] = Page(rss([claim, denial]))

    def killed(*args: object, **kwargs: object) -> int:
        raise Killed

    with monkeypatch.context() as patch:
        patch.setattr("newsroom.wire.revise.link_denials", killed)
        with pytest.raises(Killed):
            poll(poller, db, source)
    assert (
        db.execute("SELECT count(*) FROM bulletins WHERE text LIKE '%grain store%'").fetchone()[0]
        == 0
    )  # all or nothing: the revision went with its links
    assert poll(poller, db, source).updated == 1
    links = db.execute(
        "SELECT d.text, c.text FROM denial_links JOIN items d ON d.id = denial_id"
        " JOIN items c ON c.id = claim_id"
    ).fetchall()
    assert len(links) == 1 and "denied" in links[0][0] and "destroyed" in links[0][1]


def test_an_entry_already_stored_from_another_feed_is_not_stored_again(
    db: Database, feeds: FeedServer, poller: Poller
) -> None:
    feeds.pages["/a"] = Page(rss(WIRE))
    feeds.pages["/b"] = Page(atom(WIRE[:1]))
    poll(poller, db, feed_source(db, feeds, "/a"))
    other = poll(poller, db, feed_source(db, feeds, "/b"))
    assert (other.new, other.added) == (1, 0)
    assert bulletin_count(db) == 3


def test_429_with_retry_after_waits_as_asked(
    db: Database, feeds: FeedServer, poller: Poller
) -> None:
    feeds.pages["/busy"] = Page(b"slow down", 429, "text/plain", headers={"Retry-After": "1800"})
    source = feed_source(db, feeds, "/busy")
    now = datetime(2025, 3, 4, 12, 0, tzinfo=UTC)
    result = poll(poller, db, source, now=now)
    assert result.outcome == "failed" and "HTTP 429" in (result.error or "")
    stored = get_source(db, source.id)
    assert stored is not None and stored.failures == 1
    assert stored.next_due >= now.timestamp() + 1800
    assert "HTTP 429" in (stored.last_error or "")


def test_503_with_an_http_date_retry_after(db: Database, feeds: FeedServer, poller: Poller) -> None:
    now = datetime.now(UTC).replace(microsecond=0)
    later = http_date((now + timedelta(hours=2)).timestamp())
    feeds.pages["/down"] = Page(b"maintenance", 503, "text/plain", headers={"Retry-After": later})
    source = feed_source(db, feeds, "/down", every=60)
    result = poll(poller, db, source, now=now)
    assert result.outcome == "failed" and result.next_in == pytest.approx(7200, abs=2)


def test_failures_back_off_exponentially_with_jitter_and_success_resets(
    db: Database, feeds: FeedServer, poller: Poller
) -> None:
    feeds.pages["/flaky"] = Page(b"oops", 500, "text/plain")
    source = feed_source(db, feeds, "/flaky", every=60)
    delays = []
    for _ in range(4):
        result = poll(poller, db, source)
        assert result.outcome == "failed" and result.error == "HTTP 500 Internal Server Error"
        delays.append(result.next_in)
    for failures, delay in enumerate(delays, 1):
        base = 60 * 2**failures
        assert base / 2 <= delay <= base
    stored = get_source(db, source.id)
    assert stored is not None and stored.failures == 4 and stored.failing_since
    feeds.pages["/flaky"] = Page(rss(WIRE))
    assert poll(poller, db, source).outcome == "new"
    stored = get_source(db, source.id)
    assert stored is not None
    assert (stored.failures, stored.failing_since, stored.last_error) == (0, None, None)


@pytest.mark.parametrize(
    ("every", "control", "expected"),
    [
        (300, "max-age=1800", 1800),  # never faster than the publisher allows
        (300, "public, max-age=60", 300),  # never slower than asked
        (300, "max-age=864000", 3600),  # a mistaken max-age is capped
        (300, "no-cache, max-age=1800", 300),
        (300, None, 300),
    ],
)
def test_cache_control_max_age_paces_the_next_poll(
    db: Database,
    feeds: FeedServer,
    poller: Poller,
    every: int,
    control: str | None,
    expected: float,
) -> None:
    headers = {"Cache-Control": control} if control else {}
    feeds.pages["/cc"] = Page(rss(WIRE), headers=headers, etag='"c"')
    source = feed_source(db, feeds, "/cc", every=every)
    assert poll(poller, db, source).next_in == expected
    assert poll(poller, db, source).next_in == expected  # a 304 too


def test_a_slow_answer_past_the_timeout_fails_the_poll(
    db: Database, feeds: FeedServer, poller: Poller
) -> None:
    feeds.pages["/slow"] = Page(rss(WIRE), delay=2.0)
    source = feed_source(db, feeds, "/slow")
    result = poll(poller, db, source)
    assert result.outcome == "failed" and "timeout" in (result.error or "")
    assert bulletin_count(db) == 0


def test_a_body_dripped_slower_than_the_total_timeout_fails(
    db: Database, feeds: FeedServer
) -> None:
    limits = replace(FAST, total_timeout=0.5)
    feeds.pages["/drip"] = Page(rss(WIRE * 10), drip=0.2)
    source = feed_source(db, feeds, "/drip")
    with make_client(limits) as client:
        result = Poller("t:1:x", client, limits=limits).poll(db, due_now(db, source))
    assert result.outcome == "failed" and "took over 0.5 s" in (result.error or "")


@pytest.mark.parametrize("declared", [True, False])
def test_a_body_over_the_size_cap_is_refused(
    db: Database, feeds: FeedServer, poller: Poller, declared: bool
) -> None:
    many = [replace(WIRE[0], guid=f"big-{n}", text=WIRE[0].text + f" ({n})") for n in range(900)]
    body = rss(many)
    assert len(body) > FAST.max_bytes
    feeds.pages["/huge"] = Page(body, send_length=declared)
    source = feed_source(db, feeds, "/huge")
    result = poll(poller, db, source)
    assert result.outcome == "failed" and "too large" in (result.error or "")
    assert bulletin_count(db) == 0


def test_redirects_are_followed_and_validators_kept(
    db: Database, feeds: FeedServer, poller: Poller
) -> None:
    feeds.pages["/old"] = Page(status=301, location="/moved")
    feeds.pages["/moved"] = Page(status=302, location=feeds.url("/wire"))
    feeds.pages["/wire"] = Page(rss(WIRE), etag='"r1"')
    source = feed_source(db, feeds, "/old")
    result = poll(poller, db, source)
    assert (result.outcome, result.new, result.requests) == ("new", 3, 3)


@pytest.mark.parametrize(
    ("pages", "message"),
    [
        ({"/loop-a": "/loop-b", "/loop-b": "/loop-a"}, "redirect loop"),
        ({"/r1": "/r2", "/r2": "/r3", "/r3": "/r4", "/r4": "/r5"}, "too many redirects"),
    ],
)
def test_a_redirect_loop_or_chain_stops(
    db: Database, feeds: FeedServer, poller: Poller, pages: dict[str, str], message: str
) -> None:
    for path, target in pages.items():
        feeds.pages[path] = Page(status=302, location=target)
    source = feed_source(db, feeds, next(iter(pages)))
    result = poll(poller, db, source)
    assert result.outcome == "failed" and message in (result.error or "")


def test_not_a_feed_is_a_failure_named_on_the_source(
    db: Database, feeds: FeedServer, poller: Poller
) -> None:
    feeds.pages["/bin"] = Page(b"\x00\x01\x02binary" * 50, content_type="application/octet-stream")
    source = feed_source(db, feeds, "/bin")
    result = poll(poller, db, source)
    assert result.outcome == "failed" and "binary" in (result.error or "")


@pytest.mark.parametrize(
    ("path", "body"),
    [
        ("/rss", b"Service Unavailable. Please try again later."),
        ("/news/feed", b"garbage <<<"),
        ("/latest.txt", b"Officials in Kharkiv said the metro would stay open."),
    ],
)
def test_plain_text_where_a_feed_or_page_should_be_is_a_failure_not_a_bulletin(
    db: Database, feeds: FeedServer, poller: Poller, path: str, body: bytes
) -> None:
    """An error notice or a captive portal's text served with 200 is no bulletin: the poll
    fails, named on the source, and the record stays as it was."""
    feeds.pages[path] = Page(body, content_type="text/plain")
    source = feed_source(db, feeds, path)
    result = poll(poller, db, source)
    assert result.outcome == "failed" and "plain text" in (result.error or "")
    assert body.decode()[:20] in (result.error or "")
    assert bulletin_count(db) == 0
    stored = get_source(db, source.id)
    assert stored is not None and stored.last_error and "plain text" in stored.last_error


def test_records_at_a_url_without_an_extension_are_read_not_refused_as_text(
    db: Database, feeds: FeedServer, poller: Poller
) -> None:
    """A spreadsheet's or an API's CSV export ("/export?format=csv") is records, though its
    path names no format: its header names a text column, so it is no server's notice."""
    feeds.pages["/export"] = Page(
        b"date,source,text\n"
        b"2024-05-01,Desk,Officials in Kharkiv said the metro would stay open.\n"
        b"2024-05-01,Desk,Two drones were shot down over Odesa overnight.\n",
        content_type="text/csv",
    )
    source = feed_source(db, feeds, "/export")
    result = poll(poller, db, source)
    assert (result.outcome, result.new) == ("new", 2)


def test_a_bad_entry_is_rejected_on_the_source_and_the_others_go_in(
    db: Database, feeds: FeedServer, poller: Poller
) -> None:
    empty = Entry("nd-bad", "", "")
    feeds.pages["/mixed"] = Page(rss([WIRE[0], empty, WIRE[1]]))
    source = feed_source(db, feeds, "/mixed")
    result = poll(poller, db, source)
    assert (result.new, len(result.rejections)) == (2, 1)
    assert "entry 2" in result.rejections[0] and "no text" in result.rejections[0]
    stored = get_source(db, source.id)
    assert stored is not None and stored.rejected == 1
    assert stored.recent_rejections == result.rejections


def test_a_bad_entry_still_in_the_feed_is_reported_once(
    db: Database, feeds: FeedServer, poller: Poller
) -> None:
    empty = Entry("nd-bad", "", "")
    feeds.pages["/mixed"] = Page(rss([WIRE[0], empty]))  # no validators: fetched in full
    source = feed_source(db, feeds, "/mixed")
    assert len(poll(poller, db, source).rejections) == 1
    again = poll(poller, db, source)
    assert again.rejections == [] and not again.changed
    feeds.pages["/mixed"] = Page(rss([WIRE[0], empty, WIRE[1]]))
    later = poll(poller, db, source)
    assert (later.new, later.rejections) == (1, [])
    stored = get_source(db, source.id)
    assert stored is not None and stored.rejected == 1


# ------------------------------------------------------------------ private addresses


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1:9/feed",
        "http://localhost/feed",
        "http://10.20.30.40/rss",
        "http://192.168.1.10/rss",
        "http://169.254.169.254/latest/meta-data/",
        "http://[::1]/feed",
        "http://[fe80::1]/feed",
        "http://0.0.0.0/feed",
        "http://[::ffff:127.0.0.1]/feed",
        "http://100.64.0.1/feed",
    ],
)
def test_slack_may_not_add_a_private_loopback_or_link_local_address(db: Database, url: str) -> None:
    with pytest.raises(UserError, match="private, loopback or link-local"):
        add_feed(db, url, guarded=True, added_by="U123")
    add_feed(db, url)  # the operator's CLI may


def test_allowed_private_hosts_may_be_added_and_polled(db: Database, feeds: FeedServer) -> None:
    feeds.pages["/intra"] = Page(rss(WIRE))
    allow = ("127.0.0.0/8",)
    source, _ = add_feed(db, feeds.url("/intra"), guarded=True, allow=allow)
    with make_client(FAST) as client:
        result = Poller("t:1:y", client, limits=FAST, allow=allow).poll(db, due_now(db, source))
    assert result.outcome == "new" and result.new == 3


def test_a_guarded_source_is_checked_at_every_poll_and_every_redirect(
    db: Database, feeds: FeedServer
) -> None:
    feeds.pages["/hop"] = Page(status=302, location=f"http://127.0.0.2:{feeds.port}/wire")
    feeds.pages["/wire"] = Page(rss(WIRE))
    allow = ("127.0.0.1",)
    source, _ = add_feed(db, feeds.url("/hop"), guarded=True, allow=allow)
    with make_client(FAST) as client:
        hop = Poller("t:1:z", client, limits=FAST, allow=allow).poll(db, due_now(db, source))
        assert hop.outcome == "failed" and "127.0.0.2" in (hop.error or "")
        # The same source polled without the allowance is refused before any request.
        before = len(feeds.seen)
        direct = Poller("t:1:z", client, limits=FAST).poll(db, due_now(db, source))
    assert direct.outcome == "failed" and "refused" in (direct.error or "")
    assert len(feeds.seen) == before
    assert bulletin_count(db) == 0


def test_a_source_registered_as_guarded_in_the_store_is_polled_guarded(
    db: Database, feeds: FeedServer, poller: Poller
) -> None:
    feeds.pages["/wire"] = Page(rss(WIRE))
    source, _ = add_source(
        db,
        "feed",
        feeds.url("/wire"),
        name=None,
        every=300,
        default_every=300,
        added_by="U1",
        guarded=True,
        now=datetime.now(UTC),
    )
    result = poll(poller, db, source)
    assert result.outcome == "failed" and "127.0.0.1" in (result.error or "")
    assert feeds.requests_to("/wire") == []


def test_the_user_agent_names_wiredesk(db: Database, feeds: FeedServer, poller: Poller) -> None:
    feeds.pages["/wire"] = Page(rss(WIRE))
    poll(poller, db, feed_source(db, feeds, "/wire"))
    agent = feeds.requests_to("/wire")[0].headers["User-Agent"]
    assert agent.startswith("Wiredesk/") and "poller" in agent
