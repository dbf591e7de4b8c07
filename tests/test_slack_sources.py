"""`/conflict sources [add URL | remove ID]` through the real bolt app over signed HTTP,
and at the console."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from bot.console import run_line
from bot.desk_sources import SourcesCommand, parse_sources_command
from newsroom.errors import UserError
from newsroom.wire.manage import add_feed
from store.schema import open_db
from tests.support import slack_app
from tests.support.slack_app import Desk, texts
from tests.support.verdicts import OUTSIDER, VERIFIER

clean_env, standin, serve_desk = slack_app.clean_env, slack_app.standin, slack_app.serve_desk


@pytest.fixture
def desk(serve_desk: Callable[..., Desk], db_path: Path) -> Desk:
    open_db(db_path).close()
    return serve_desk(db_path, wiredesk_verifiers=VERIFIER)


def shown(reply: dict) -> str:
    return "\n".join(texts(reply))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("sources", SourcesCommand("list")),
        ("SOURCES", SourcesCommand("list")),
        (
            "sources add https://wire.example/rss",
            SourcesCommand("add", url="https://wire.example/rss"),
        ),
        (
            "sources add <https://wire.example/rss?a=1&amp;b=2|wire.example/rss>",
            SourcesCommand("add", url="https://wire.example/rss?a=1&b=2"),
        ),
        ("sources remove 4", SourcesCommand("remove", source_id=4)),
        ("sources remove #4", SourcesCommand("remove", source_id=4)),
        ("Lysychansk", None),
        ("sourcesx", None),
    ],
)
def test_parsing(text: str, expected: SourcesCommand | None) -> None:
    assert parse_sources_command(text) == expected


@pytest.mark.parametrize("text", ["sources add", "sources remove four", "sources purge 3"])
def test_a_malformed_sources_command_says_how(text: str) -> None:
    with pytest.raises(UserError, match="sources add URL"):
        parse_sources_command(text)


def test_anyone_sees_the_list_with_failing_and_silent_sources_marked(
    desk: Desk, db_path: Path
) -> None:
    db = open_db(db_path)
    healthy, _ = add_feed(db, "https://wire.example/healthy.xml", name="Healthy wire")
    failing, _ = add_feed(db, "https://wire.example/down.xml", name="Down wire")
    silent, _ = add_feed(db, "https://wire.example/quiet.xml", name="Quiet wire")
    two_hours_ago = (datetime.now(UTC) - timedelta(hours=2)).isoformat()
    db.execute(
        "UPDATE sources SET failing_since = ?, last_error = 'HTTP 503 Service Unavailable',"
        " failures = 6 WHERE id = ?",
        [two_hours_ago, failing.id],
    )
    start = datetime.now(UTC) - timedelta(days=2)
    for n in range(6):  # an entry every 10 minutes, two days ago
        db.execute(
            "INSERT INTO source_entries (source_id, entry_key, text_hash, first_seen)"
            " VALUES (?, ?, 'h', ?)",
            [silent.id, f"guid:{n}", (start + timedelta(minutes=10 * n)).isoformat()],
        )
    db.close()
    reply = desk.answer("sources", user_id=OUTSIDER)
    text = shown(reply)
    assert "Healthy wire" in text and "Down wire" in text and "Quiet wire" in text
    assert "failing for 2.0h: HTTP 503 Service Unavailable" in text
    assert "silent for" in text and "usually something every 10m" in text
    sections = [t for t in texts(reply) if "wire" in t and "·" in t]
    marked = {s.split("\n")[0].split("· ")[-1]: s.startswith(":warning:") for s in sections}
    assert marked == {"Healthy wire": False, "Down wire": True, "Quiet wire": True}
    assert healthy.id == 1


def test_a_verifier_adds_and_removes_a_public_source(desk: Desk, db_path: Path) -> None:
    # A public address: the check resolves nothing and no request is made.
    reply = desk.answer("sources add http://93.184.215.14/feed.xml", user_id=VERIFIER)
    assert "Added source 1: http://93.184.215.14/feed.xml" in shown(reply)
    db = open_db(db_path)
    (guarded, added_by) = db.execute("SELECT guarded, added_by FROM sources").fetchone()
    db.close()
    assert (guarded, added_by) == (1, VERIFIER)
    again = desk.answer("sources add http://93.184.215.14/feed.xml#x", user_id=VERIFIER)
    assert "Source 1 is already there" in shown(again)
    gone = desk.answer("sources remove 1", user_id=VERIFIER)
    assert "Removed source 1" in shown(gone) and "No sources yet" in shown(gone)


@pytest.mark.parametrize(
    "url", ["http://127.0.0.1:8080/feed", "http://10.1.2.3/rss", "http://169.254.169.254/"]
)
def test_slack_cannot_add_a_private_address(desk: Desk, db_path: Path, url: str) -> None:
    reply = desk.answer(f"sources add {url}", user_id=VERIFIER)
    assert "private, loopback or link-local" in shown(reply)
    assert "WIREDESK_FETCH_ALLOW" in shown(reply)
    db = open_db(db_path)
    assert db.execute("SELECT count(*) FROM sources").fetchone()[0] == 0
    db.close()


def test_an_allowed_private_network_may_be_added_from_slack(
    serve_desk: Callable[..., Desk], db_path: Path
) -> None:
    open_db(db_path).close()
    desk = serve_desk(db_path, wiredesk_verifiers=VERIFIER, wiredesk_fetch_allow="10.0.0.0/8")
    reply = desk.answer("sources add http://10.1.2.3/rss", user_id=VERIFIER)
    assert "Added source 1" in shown(reply)


@pytest.mark.parametrize("text", ["sources add https://wire.example/x.xml", "sources remove 1"])
def test_others_may_not_add_or_remove(desk: Desk, db_path: Path, text: str) -> None:
    db = open_db(db_path)
    add_feed(db, "https://wire.example/kept.xml")
    db.close()
    reply = desk.answer(text, user_id=OUTSIDER)
    assert "Only the verification desk can add or remove sources" in shown(reply)
    db = open_db(db_path)
    assert db.execute("SELECT target FROM sources").fetchall() == [
        ("https://wire.example/kept.xml",)
    ]
    db.close()


def test_removing_an_unknown_source_is_one_clear_line(desk: Desk) -> None:
    reply = desk.answer("sources remove 9", user_id=VERIFIER)
    assert "There is no source 9" in shown(reply)


def test_the_console_takes_the_same_commands_and_may_add_any_url(db_path: Path) -> None:
    open_db(db_path).close()
    added = run_line(str(db_path), "/conflict sources add http://127.0.0.1:9/feed.xml", by="ed")
    assert "Added source 1" in added and "every 5m" in added
    assert "feed" in run_line(str(db_path), "/conflict sources")
    assert "! There is no source 4" in run_line(str(db_path), "/conflict sources remove 4")


@pytest.mark.parametrize("number", ["99999999999999999999999", "9223372036854775808", "0"])
def test_an_id_no_source_can_have_is_said_so(number: str) -> None:
    with pytest.raises(UserError, match=f"There is no source {int(number)}"):
        parse_sources_command(f"sources remove {number}")


def test_adding_from_slack_a_source_already_there_keeps_its_interval(
    desk: Desk, db_path: Path
) -> None:
    db = open_db(db_path)
    add_feed(db, "http://93.184.215.14/feed.xml", name="Night desk", every=30)
    db.close()
    again = desk.answer("sources add http://93.184.215.14/feed.xml", user_id=VERIFIER)
    assert "Source 1 is already there" in shown(again)
    db = open_db(db_path)
    assert db.execute("SELECT name, every FROM sources").fetchone() == ("Night desk", 30)
    db.close()
