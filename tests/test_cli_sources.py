"""`wiredesk sources add|list|remove|pause|resume` and `wiredesk watch --once`."""

from __future__ import annotations

import json
import os
import time
from pathlib import Path

import pytest

from store.schema import open_db
from tests.conftest import Wiredesk
from tests.support.feed_server import MORE, WIRE, Entry, FeedServer, Page, feeds, rss

__all__ = ["feeds"]


def make_due(db_path: Path) -> None:
    db = open_db(db_path)
    db.execute("UPDATE sources SET next_due = 0")
    db.close()


def listed(wiredesk: Wiredesk) -> list[dict]:
    result = wiredesk("sources", "list", "--json")
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_done_when_add_a_feed_watch_once_ingests_it_again_adds_nothing_changed_adds_new(
    wiredesk: Wiredesk, feeds: FeedServer, db_path: Path
) -> None:
    feeds.pages["/wire.xml"] = Page(rss(WIRE), etag='"e1"')
    added = wiredesk("sources", "add", feeds.url("/wire.xml"), "--name", "North desk")
    assert added.exit_code == 0, added.output
    assert "feed 1 added: North desk, every 5m" in added.stdout

    first = wiredesk("watch", "--once")
    assert first.exit_code == 0, first.output
    assert "feed 1 (North desk): 3 new, 3 bulletins added" in first.stdout
    ask = wiredesk("ask", "Zarichne")
    assert "Marchenko" in ask.stdout

    make_due(db_path)
    second = wiredesk("watch", "--once")
    assert second.exit_code == 0
    assert second.stdout == ""  # nothing changed: no line
    assert "1 polled, 1 unchanged (1 not modified)" in second.stderr
    assert feeds.requests_to("/wire.xml")[-1].headers["If-None-Match"] == '"e1"'

    feeds.pages["/wire.xml"] = Page(rss(WIRE + MORE), etag='"e2"')
    make_due(db_path)
    third = wiredesk("watch", "--once")
    assert "feed 1 (North desk): 2 new, 2 bulletins added" in third.stdout
    (source,) = listed(wiredesk)
    assert source["entries_added"] == 5 and source["last_error"] is None


def test_a_source_not_due_is_not_polled(wiredesk: Wiredesk, feeds: FeedServer) -> None:
    feeds.pages["/w"] = Page(rss(WIRE))
    wiredesk("sources", "add", feeds.url("/w"))
    wiredesk("watch", "--once")
    wiredesk("watch", "--once")
    assert len(feeds.requests_to("/w")) == 1


@pytest.mark.parametrize(
    "variant",
    [
        "HTTP://127.0.0.1:{port}/wire.xml",
        "http://127.0.0.1:{port}/wire.xml#latest",
        "  http://127.0.0.1:{port}/wire.xml  ",
    ],
)
def test_the_same_url_twice_is_one_source(
    wiredesk: Wiredesk, feeds: FeedServer, variant: str
) -> None:
    wiredesk("sources", "add", feeds.url("/wire.xml"))
    again = wiredesk("sources", "add", variant.format(port=feeds.port), "--every", "1h")
    assert again.exit_code == 0
    assert "feed 1 already there, updated" in again.stdout and "every 1h" in again.stdout
    assert len(listed(wiredesk)) == 1


@pytest.mark.parametrize("kind", ["url", "folder"])
def test_adding_a_source_again_without_options_keeps_its_interval_and_name(
    wiredesk: Wiredesk, feeds: FeedServer, tmp_path: Path, kind: str
) -> None:
    target = [feeds.url("/wire.xml")] if kind == "url" else ["--folder", str(tmp_path)]
    wiredesk("sources", "add", *target, "--name", "Night desk", "--every", "30s")
    again = wiredesk("sources", "add", *target)
    assert again.exit_code == 0, again.output
    assert "already there, kept: Night desk, every 30s" in again.stdout
    (source,) = listed(wiredesk)
    assert (source["name"], source["every_seconds"]) == ("Night desk", 30)


def test_default_ports_and_host_case_are_normalised(wiredesk: Wiredesk) -> None:
    wiredesk("sources", "add", "https://Wire.Example:443/feed?lang=en")
    wiredesk("sources", "add", "https://wire.example/feed?lang=en")
    wiredesk("sources", "add", "https://wire.example/feed?lang=uk")
    assert [s["target"] for s in listed(wiredesk)] == [
        "https://wire.example/feed?lang=en",
        "https://wire.example/feed?lang=uk",
    ]


def test_list_shows_every_field_the_issue_asks_for(
    wiredesk: Wiredesk, feeds: FeedServer, tmp_path: Path
) -> None:
    feeds.pages["/w"] = Page(rss(WIRE))
    feeds.pages["/bad"] = Page(b"gone", 500, "text/plain")
    wiredesk("sources", "add", feeds.url("/w"), "--every", "30s")
    wiredesk("sources", "add", feeds.url("/bad"), "--name", "Broken wire")
    wiredesk("sources", "add", "--folder", str(tmp_path))
    wiredesk("sources", "add", "--slack-channel", "C0WIRE123")
    watched = wiredesk("watch", "--once")
    assert watched.exit_code == 1  # a source failed
    assert "feed 2 (Broken wire): failed: HTTP 500" in watched.stdout
    text = wiredesk("sources", "list").stdout
    for expected in ("feed", "folder", "slack", "every 30s", "3 entries added", "Broken wire"):
        assert expected in text
    assert "last error: HTTP 500 Internal Server Error" in text
    by_kind = {s["kind"] + str(s["id"]): s for s in listed(wiredesk)}
    feed = by_kind["feed1"]
    assert set(feed) >= {
        "kind",
        "name",
        "every",
        "last_attempt",
        "last_success",
        "entries_added",
        "last_error",
        "next_due",
    }
    assert feed["every"] == "30s" and feed["entries_added"] == 3 and feed["last_success"]
    assert (
        by_kind["feed2"]["last_error"].startswith("HTTP 500")
        and not by_kind["feed2"]["last_success"]
    )
    assert by_kind["slack4"]["next_due"] is None


def test_pause_resume_and_remove(wiredesk: Wiredesk, feeds: FeedServer) -> None:
    feeds.pages["/w"] = Page(rss(WIRE))
    wiredesk("sources", "add", feeds.url("/w"))
    assert "feed 1 paused" in wiredesk("sources", "pause", "1").stdout
    wiredesk("watch", "--once")
    assert feeds.requests_to("/w") == []
    assert "paused" in wiredesk("sources", "list").stdout
    assert "feed 1 resumed" in wiredesk("sources", "resume", "1").stdout
    wiredesk("watch", "--once")
    assert len(feeds.requests_to("/w")) == 1
    removed = wiredesk("sources", "remove", "1")
    assert "feed 1 removed" in removed.stdout
    assert listed(wiredesk) == []
    assert "3 added" not in wiredesk("ask", "Stavky").stdout  # bulletins stay
    assert "Stavky" in wiredesk("ask", "Stavky").stdout


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["sources", "add", "ftp://wire.example/feed"], "only http and https"),
        (["sources", "add", "http://"], "no host name"),
        (["sources", "add", "https://wire.example/f", "--every", "5 minutes"], "30s, 5m or 1h"),
        (["sources", "add", "https://wire.example/f", "--every", "10s"], "between 30s and 7d"),
        (["sources", "add", "https://wire.example/f", "--every", "30d"], "between 30s and 7d"),
        (["sources", "add", "--folder", "no/such/folder"], "does not exist"),
        (["sources", "add", "--slack-channel", "general"], "channel id such as C0123456789"),
        (["sources", "add"], "exactly one of URL"),
        (["sources", "add", "https://a.example/", "--folder", "."], "exactly one of URL"),
        (["sources", "remove", "7"], "There is no source 7"),
        (["sources", "pause", "7"], "There is no source 7"),
        # beyond SQLite's integers: still a user's mistake, never an internal error
        (["sources", "remove", "99999999999999999999999"], "is not in the range"),
        (["sources", "pause", "9223372036854775808"], "is not in the range"),
        (["sources", "resume", "9223372036854775808"], "is not in the range"),
    ],
)
def test_bad_arguments_are_one_clear_line(
    wiredesk: Wiredesk, db_path: Path, args: list[str], message: str
) -> None:
    open_db(db_path).close()
    result = wiredesk(*args)
    assert result.exit_code == 2
    assert message in result.stderr and "Traceback" not in result.stderr


def test_a_file_given_as_folder_is_refused(wiredesk: Wiredesk, tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("x", encoding="utf-8")
    result = wiredesk("sources", "add", "--folder", str(tmp_path / "a.txt"))
    assert result.exit_code == 2 and "it is a file" in result.stderr


def test_watch_once_ingests_a_folder_and_reports_rejections(
    wiredesk: Wiredesk, tmp_path: Path
) -> None:
    inbox = tmp_path / "drop"
    inbox.mkdir()
    (inbox / "a.txt").write_text(
        "The harbour authority said the port of Stavky reopened on Monday.", encoding="utf-8"
    )
    (inbox / "b.json").write_text("[1, 2", encoding="utf-8")
    old = time.time() - 60
    for path in inbox.iterdir():
        os.utime(path, (old, old))
    wiredesk("sources", "add", "--folder", str(inbox), "--name", "Drop box")
    result = wiredesk("watch", "--once")
    assert result.exit_code == 1
    assert "folder 1 (Drop box): 2 new, 1 bulletin added" in result.stdout
    assert "rejected:" in result.stderr and "b.json" in result.stderr
    assert sorted(p.name for p in inbox.iterdir()) == ["a.txt", "b.json"]


def test_a_first_large_fetch_shows_progress(
    wiredesk: Wiredesk, feeds: FeedServer, tmp_path: Path
) -> None:
    many = [
        Entry(f"big-{n}", f"Update {n}", f"Officials in Bereg gave update number {n} on repairs.")
        for n in range(120)
    ]
    feeds.pages["/big"] = Page(rss(many))
    wiredesk("sources", "add", feeds.url("/big"))
    result = wiredesk("watch", "--once")
    assert result.exit_code == 0, result.output
    assert "Ingesting feed 1" in result.stderr
    assert "120 new" in result.stdout


def test_sources_and_watch_have_help(wiredesk: Wiredesk) -> None:
    for args in (["sources", "--help"], ["sources", "add", "--help"], ["watch", "--help"]):
        result = wiredesk(*args)
        assert result.exit_code == 0 and "Usage" in result.stdout
    assert "--every" in wiredesk("sources", "add", "--help").stdout


@pytest.mark.parametrize(
    "args", [["sources", "list"], ["watch", "--once"], ["sources", "remove", "1"]]
)
def test_commands_that_do_not_add_need_an_existing_database(
    wiredesk: Wiredesk, db_path: Path, args: list[str]
) -> None:
    result = wiredesk(*args)
    assert result.exit_code == 2 and "does not exist" in result.stderr
    assert not db_path.exists()


def test_an_empty_list_says_how_to_add(wiredesk: Wiredesk, db_path: Path) -> None:
    open_db(db_path).close()
    assert "No sources yet" in wiredesk("sources", "list").stdout
    assert listed(wiredesk) == []


def test_one_entry_is_said_in_the_singular(wiredesk: Wiredesk, feeds: FeedServer) -> None:
    feeds.pages["/one"] = Page(rss(WIRE[:1]))
    wiredesk("sources", "add", feeds.url("/one"))
    wiredesk("watch", "--once")
    text = wiredesk("sources", "list").stdout
    assert "; 1 entry added;" in text, text


def test_resume_polls_a_source_now_and_the_readme_says_so(
    wiredesk: Wiredesk, feeds: FeedServer
) -> None:
    # How an operator (or the issue's walk-through) polls a source before it is due.
    feeds.pages["/w"] = Page(rss(WIRE), etag='"v1"')
    wiredesk("sources", "add", feeds.url("/w"))
    wiredesk("watch", "--once")
    assert "resumed" in wiredesk("sources", "resume", "1").stdout
    again = wiredesk("watch", "--once")
    assert "1 polled, 1 unchanged (1 not modified)" in again.stderr
    assert feeds.requests_to("/w")[-1].headers["If-None-Match"] == '"v1"'
    readme = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")
    assert "`sources resume ID` on a running source polls it at the next pass" in " ".join(
        readme.split()
    )
