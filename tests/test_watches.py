"""Topic watches without Slack's listeners: what is news, one message per interval, exactly
once through the outbox, and the CLI ingest path."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from slack_sdk import WebClient
from sqlite_utils import Database

from bot.app import build_client
from bot.notifier import deliver_pending
from bot.settings import Settings
from newsroom.errors import UserError
from newsroom.ingest import IngestReport, ingest
from newsroom.verdicts import set_verdict
from newsroom.watches import (
    WatchCommand,
    check_watches,
    parse_watch,
    unwatch,
    watch,
    watch_message,
    watches,
)
from store.bulletins import add_bulletins
from store.outbox import outbox_rows
from tests.conftest import Wiredesk, item_ids_with, make_bulletin
from tests.support.slack_standin import SlackStandIn

EDITOR = "U0EDITOR"
NOW = datetime(2025, 11, 30, 9, 0, tzinfo=UTC)
INTERVAL = timedelta(minutes=10)

CLAIM = (
    "Russia's defence ministry said its forces had taken control of Pishchane, a village east "
    "of Kupiansk."
)
DENIAL = "Ukraine's general staff denied that Pishchane had been captured near Kupiansk."
CAVEAT = "Meridian Wire could not independently verify the fighting around Kupiansk."
PLAIN_REPORT = "Power was restored to most homes in Kupiansk on Sunday evening."
ELSEWHERE = "Odesa's governor said a drone struck a port warehouse, officials claimed."


def add(db: Database, text: str, *, at: datetime = NOW, source: str = "Meridian Wire") -> None:
    add_bulletins(db, [make_bulletin(text, source=source, published=at)])


@pytest.fixture
def slack() -> SlackStandIn:
    with SlackStandIn() as standin:
        yield standin


@pytest.fixture
def client(slack: SlackStandIn) -> WebClient:
    return build_client(
        Settings(_env_file=None, slack_bot_token="xoxb-test", slack_api_url=slack.api_url)
    )


def posts(slack: SlackStandIn) -> list[tuple[str, str]]:
    return [(c.params["channel"], c.params["text"]) for c in slack.calls("chat.postMessage")]


# ---------------------------------------------------------------------- parsing


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("watch Kupiansk", WatchCommand("watch", "Kupiansk")),
        ("watch  Kupiansk   here", WatchCommand("watch", "Kupiansk", True)),
        ("WATCH Zaporizhzhia nuclear plant", WatchCommand("watch", "Zaporizhzhia nuclear plant")),
        ("unwatch Kupiansk", WatchCommand("unwatch", "Kupiansk")),
        ("unwatch Kupiansk here", WatchCommand("unwatch", "Kupiansk", True)),
        ("watches", WatchCommand("list")),
        (" watches ", WatchCommand("list")),
    ],
)
def test_watch_commands_are_parsed(text: str, expected: WatchCommand) -> None:
    assert parse_watch(text) == expected


@pytest.mark.parametrize(
    "text", ["Kupiansk", "watchtower Kupiansk", "watches of Kupiansk", "verify 12", ""]
)
def test_other_text_is_no_watch_command(text: str) -> None:
    assert parse_watch(text) is None


@pytest.mark.parametrize("text", ["watch", "unwatch  ", "watch here"])
def test_a_watch_without_a_topic_is_refused(text: str) -> None:
    with pytest.raises(UserError, match="Say which topic"):
        parse_watch(text)


def test_one_topic_in_two_spellings_is_one_watch(db: Database) -> None:
    first, created = watch(db, "Kupiansk", EDITOR, by=EDITOR, now=NOW)
    again, created_again = watch(db, "  kupiansk ", EDITOR, by=EDITOR, now=NOW)
    assert created and not created_again and first.id == again.id


@pytest.mark.parametrize("other", ["Лисичанськ", "Lisichansk", "Лисичанск", "LYSYCHANSK"])
def test_one_place_in_another_script_or_spelling_is_the_same_watch(
    db: Database, other: str
) -> None:
    first, _ = watch(db, "Lysychansk", EDITOR, by=EDITOR, now=NOW)
    again, created = watch(db, other, EDITOR, by=EDITOR, now=NOW)
    assert not created and again.id == first.id
    assert unwatch(db, other, EDITOR)
    assert watches(db, [EDITOR]) == []


# ---------------------------------------------------------------------- news


def test_claims_denials_and_caveats_are_news_plain_reports_are_not(db: Database) -> None:
    watch(db, "Kupiansk", EDITOR, by=EDITOR, now=NOW)
    add(db, PLAIN_REPORT)
    assert check_watches(db, NOW, interval=INTERVAL) == 0
    add(db, CLAIM)
    add(db, DENIAL, source="Kyiv Desk")
    add(db, CAVEAT)
    assert check_watches(db, NOW, interval=INTERVAL) == 1
    [row] = outbox_rows(db, "watch")
    assert row.recipient == EDITOR
    lines = row.text.splitlines()
    assert lines[0].startswith("*Kupiansk*: 3 new statements")
    assert any(line.startswith("• _claim, ") and "Pishchane" in line for line in lines)
    assert any(line.startswith("• _denial, ") and "Kyiv Desk" in line for line in lines)
    assert any(line.startswith("• _not verified, ") for line in lines)
    assert "Power was restored" not in row.text


def test_what_arrived_before_the_watch_is_not_news(db: Database) -> None:
    add(db, CLAIM)
    watch(db, "Kupiansk", EDITOR, by=EDITOR, now=NOW)
    assert check_watches(db, NOW, interval=INTERVAL) == 0
    assert outbox_rows(db) == []


def test_a_topic_nobody_watches_sends_nothing(
    db: Database, client: WebClient, db_path: Path, slack: SlackStandIn
) -> None:
    watch(db, "Kupiansk", EDITOR, by=EDITOR, now=NOW)
    add(db, ELSEWHERE)
    assert check_watches(db, NOW, interval=INTERVAL) == 0
    assert deliver_pending(db_path, client, NOW) == 0
    assert posts(slack) == []


def test_one_message_per_interval_listing_what_waited(
    db: Database, db_path: Path, client: WebClient, slack: SlackStandIn
) -> None:
    watch(db, "Kupiansk", EDITOR, by=EDITOR, now=NOW)
    add(db, CLAIM)
    assert check_watches(db, NOW, interval=INTERVAL) == 1
    # More news inside the interval waits, however many checks run ...
    add(db, DENIAL, source="Kyiv Desk")
    for minutes in (1, 5, 9):
        assert check_watches(db, NOW + timedelta(minutes=minutes), interval=INTERVAL) == 0
    add(db, CAVEAT)
    # ... and goes out together once it has passed.
    assert check_watches(db, NOW + timedelta(minutes=10), interval=INTERVAL) == 1
    assert check_watches(db, NOW + timedelta(minutes=30), interval=INTERVAL) == 0
    assert deliver_pending(db_path, client, NOW) == 2
    assert deliver_pending(db_path, client, NOW) == 0
    first, second = posts(slack)
    assert first[0] == second[0] == EDITOR  # a user id: Slack opens the bot's DM
    assert "1 new statement " in first[1] and "Pishchane had been captured" not in first[1]
    assert "2 new statements" in second[1]
    assert "denied that Pishchane" in second[1] and "could not independently" in second[1]


def test_two_checks_at_once_queue_one_message(db: Database, db_path: Path) -> None:
    from store.schema import open_db

    watch(db, "Kupiansk", EDITOR, by=EDITOR, now=NOW)
    add(db, CLAIM)
    other = open_db(db_path)
    try:
        from newsroom import watches as core

        # Both read the same due watch; the second's compare-and-set finds it moved.
        due = core.due_watches(db, NOW - INTERVAL)
        assert check_watches(other, NOW, interval=INTERVAL) == 1
        assert not core.advance_watch(db, due[0], seen_item=99, seen_challenge=0, notified=NOW)
    finally:
        other.close()
    assert len(outbox_rows(db, "watch")) == 1


def test_retracted_items_and_re_publications_are_not_news(db: Database) -> None:
    from store.revisions import retract_bulletin

    watch(db, "Kupiansk", EDITOR, by=EDITOR, now=NOW)
    add(db, CLAIM)
    [bulletin_id] = [r[0] for r in db.execute("SELECT id FROM bulletins")]
    retract_bulletin(db, bulletin_id, NOW)
    assert check_watches(db, NOW, interval=INTERVAL) == 0
    add(db, DENIAL, source="Kyiv Desk")
    add(db, DENIAL + " The statement was issued on Sunday.", source="Copycat Times")
    assert check_watches(db, NOW + INTERVAL, interval=INTERVAL) == 1
    [row] = outbox_rows(db, "watch")
    assert "1 new statement " in row.text and "Copycat" not in row.text


def test_a_verified_item_challenged_is_news(db: Database, tmp_path: Path) -> None:
    verified = "Flooding closed the only road bridge into Kupiansk on Monday morning."
    add(db, verified, at=NOW - timedelta(hours=5), source="Harbour Agency")
    (item_id,) = item_ids_with(db, "Flooding closed")
    set_verdict(db, item_id, "verified", by=EDITOR, origin="cli", now=NOW - timedelta(hours=4))
    watch(db, "Kupiansk", "CDESK", by=EDITOR, now=NOW - timedelta(hours=3))
    later = tmp_path / "later.jsonl"
    denial = "The roads agency denied that flooding closed the bridge into Kupiansk."
    later.write_text(
        json.dumps({"source": "Iberia Wire", "published": NOW.isoformat(), "text": denial})
    )
    report = IngestReport()
    ingest(db, str(later), report, fmt="jsonl")
    assert report.challenged == 1
    assert check_watches(db, NOW, interval=INTERVAL) == 1
    [row] = outbox_rows(db, "watch")
    assert row.recipient == "CDESK"
    assert f"challenges a verified item (item {item_id}, verified)" in row.text
    assert "this channel watches" in row.text


def test_the_message_escapes_what_bulletins_say(db: Database) -> None:
    watch(db, "Kupiansk", EDITOR, by=EDITOR, now=NOW)
    add(db, "Officials in Kupiansk said <!channel> <@U999> should <https://evil.example|click>.")
    check_watches(db, NOW, interval=INTERVAL)
    [row] = outbox_rows(db, "watch")
    assert "<!channel>" not in row.text and "<@U999>" not in row.text and "<https" not in row.text
    assert "&lt;!channel&gt;" in row.text


def test_a_long_list_is_cut_and_counted(db: Database) -> None:
    [row] = [watch(db, "Kupiansk", EDITOR, by=EDITOR, now=NOW)[0]]
    for n in range(14):
        add(db, f"Officials in Kupiansk said {n + 2} shells hit the district of Zone {n}.")
    check_watches(db, NOW, interval=INTERVAL)
    [queued] = outbox_rows(db, "watch")
    assert "14 new statements" in queued.text
    assert queued.text.count("\n• ") == 10 and "…and 4 more." in queued.text
    assert watch_message(row, []).startswith("*Kupiansk*: 0 new statements")


# ---------------------------------------------------------------------- CLI ingest


def test_cli_ingest_checks_the_watches(db: Database, wiredesk: Wiredesk, tmp_path: Path) -> None:
    watch(db, "Kupiansk", EDITOR, by=EDITOR)
    feed = tmp_path / "wire.jsonl"
    feed.write_text(
        json.dumps({"source": "Kyiv Desk", "published": "2025-11-30T08:00Z", "text": DENIAL})
    )
    result = wiredesk("ingest", str(feed))
    assert result.exit_code == 0, result.stderr
    assert "1 watch alert queued for Slack" in result.stderr
    [row] = outbox_rows(db, "watch")
    assert row.recipient == EDITOR and "denied that Pishchane" in row.text
    again = wiredesk("ingest", str(feed))
    assert "watch alert" not in again.stderr
    assert len(outbox_rows(db, "watch")) == 1


# ---------------------------------------------------------------------- console


def test_the_console_watches_and_prints_its_alerts(db: Database, db_path: Path) -> None:
    from bot.console import console_user, run_console

    out: list[str] = []

    def keyboard():
        yield "/conflict watch Kupiansk"
        yield "/conflict watches"
        # news arrives (another terminal ingests it) while the console is open
        add(db, "Officials in Kupiansk said <b>two</b> shells & a drone hit the depot.")
        yield "Kupiansk"
        yield "Kupiansk"

    run_console(str(db_path), keyboard(), out.append)
    assert out[1].startswith("Watching “Kupiansk” for you")
    assert "• “Kupiansk”: you" in out[2]
    alerts = [line for line in out if line.startswith("! *Kupiansk*")]
    assert len(alerts) == 1  # said once, not after every line
    assert "<b>two</b> shells & a drone" in alerts[0]  # plain text at a terminal
    # the console's watches never reach Slack's outbox
    assert outbox_rows(db) == []
    [(recipient,)] = db.execute("SELECT recipient FROM watches").fetchall()
    assert recipient == console_user()
