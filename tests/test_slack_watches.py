"""`/conflict watch|unwatch|watches` through the real app over signed HTTP, and the alerts a
wire channel's messages raise: in a DM or in the channel, once per interval."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from bot.notifier import deliver_pending
from bot.scheduler import check_watches_job
from store.outbox import outbox_rows
from store.schema import open_db
from tests.support import slack_app
from tests.support.slack_app import Desk, fill_db
from tests.support.verdicts import rows
from tests.support.wire import WIRE, message_event, send, settle, wait_for_row

clean_env, standin, serve_desk = slack_app.clean_env, slack_app.standin, slack_app.serve_desk

EDITOR = "U123"  # the user of slash_command_body
DESK_CHANNEL = "C123"
CLAIM = (
    "Russia's defence ministry said its forces had taken control of Pishchane, a village east "
    "of Kupiansk."
)
DENIAL = "Ukraine's general staff denied that Pishchane had been captured near Kupiansk."
CAVEAT = "Meridian Wire could not independently verify the fighting around Kupiansk."


@pytest.fixture
def desk(serve_desk: Callable[..., Desk], db_path: Path) -> Desk:
    desk = serve_desk(fill_db(db_path), wiredesk_wire_channels=WIRE, wiredesk_watch_interval=10)
    desk.standin.users["U456"] = {"name": "olena.k", "real_name": "Olena Kravets"}
    return desk


def reply(desk: Desk, text: str, **kwargs: str) -> str:
    answer = desk.answer(text, **kwargs)
    assert answer["response_type"] == "ephemeral"
    return answer["text"]


def watch_rows(db_path: Path) -> list[tuple[str, str]]:
    return rows(db_path, "SELECT topic, recipient FROM watches ORDER BY id")


def stamp_ts(moment: datetime) -> str:
    return f"{moment.timestamp():.6f}"


def post_wire(desk: Desk, db_path: Path, text: str, event_id: str) -> None:
    """A wire message about now, waited for until stored (and the watches checked)."""
    ts = stamp_ts(datetime.now(UTC))
    send(desk, message_event(text, ts), event_id=event_id)
    wait_for_row(db_path, "SELECT 1 FROM wire_messages WHERE ts = ?", [ts])
    settle(0.2)  # the check runs after the message is stored


def test_watch_watches_and_unwatch(desk: Desk, db_path: Path) -> None:
    said = reply(desk, "watch Kupiansk")
    assert said.startswith("Watching “Kupiansk” for you")
    assert "every 10 minutes" in said
    assert watch_rows(db_path) == [("Kupiansk", EDITOR)]
    assert reply(desk, "watch kupiansk") == "You already watch “Kupiansk”."
    assert reply(desk, "watch Kupiansk here").startswith("Watching “Kupiansk” for this channel")
    assert watch_rows(db_path) == [("Kupiansk", EDITOR), ("Kupiansk", DESK_CHANNEL)]
    listed = reply(desk, "watches")
    assert "• “Kupiansk”: you" in listed and "• “Kupiansk”: this channel" in listed
    # another user in another channel sees neither
    assert reply(desk, "watches", user_id="U999", channel_id="C999").startswith(
        "Nothing is watched"
    )
    assert reply(desk, "unwatch Kupiansk") == "Stopped watching “Kupiansk” for you."
    assert reply(desk, "unwatch Kupiansk").startswith("You do not watch “Kupiansk”")
    assert watch_rows(db_path) == [("Kupiansk", DESK_CHANNEL)]
    assert reply(desk, "unwatch Kupiansk here") == "Stopped watching “Kupiansk” for this channel."
    assert watch_rows(db_path) == []


@pytest.mark.parametrize(
    ("text", "channel", "expected"),
    [
        ("watch", DESK_CHANNEL, "Say which topic"),
        ("watch Kupiansk here", "D0DM", "`here` means this channel"),
        ("watch ***", DESK_CHANNEL, "has no letters or digits"),
    ],
)
def test_bad_watch_commands_are_explained(
    desk: Desk, db_path: Path, text: str, channel: str, expected: str
) -> None:
    said = reply(desk, text, channel_id=channel)
    assert said.startswith(":warning:") and expected in said
    assert watch_rows(db_path) == []


def test_the_reply_escapes_the_topic(desk: Desk) -> None:
    said = reply(desk, "watch Kupiansk <!here>")
    assert "<!here>" not in said


def test_a_wire_message_alerts_the_editor_by_dm_once(desk: Desk, db_path: Path) -> None:
    reply(desk, "watch Kupiansk")
    post_wire(desk, db_path, CLAIM, "Ev1")
    [queued] = wait_for_row(db_path, "SELECT recipient, text FROM outbox WHERE kind = 'watch'")
    assert queued[0] == EDITOR
    assert deliver_pending(db_path, desk.app.client) == 1
    assert deliver_pending(db_path, desk.app.client) == 0
    [post] = desk.standin.calls("chat.postMessage")
    assert post.params["channel"] == EDITOR  # chat.postMessage to a user id opens the DM
    assert "Pishchane" in post.params["text"] and "Olena Kravets" in post.params["text"]


def test_news_within_the_interval_waits_for_one_message(desk: Desk, db_path: Path) -> None:
    reply(desk, "watch Kupiansk here")
    post_wire(desk, db_path, CLAIM, "Ev1")
    post_wire(desk, db_path, DENIAL, "Ev2")
    post_wire(desk, db_path, CAVEAT, "Ev3")
    assert len(outbox_rows(open_db(db_path), "watch")) == 1  # never one per bulletin
    # The scheduler's job, once the interval has passed, sends what waited, together.
    later = datetime.now(UTC) + timedelta(minutes=11)
    db = open_db(db_path)
    try:
        from newsroom.watches import check_watches

        assert check_watches(db, later, interval=timedelta(minutes=10)) == 1
    finally:
        db.close()
    assert check_watches_job(str(db_path), timedelta(minutes=10)) == 0
    assert deliver_pending(db_path, desk.app.client) == 2
    first, second = desk.standin.calls("chat.postMessage")
    assert first.params["channel"] == second.params["channel"] == DESK_CHANNEL
    assert "1 new statement " in first.params["text"]
    assert "2 new statements on a topic this channel watches" in second.params["text"]
    assert "denied that Pishchane" in second.params["text"]


def test_nothing_is_posted_for_a_topic_nobody_watches(desk: Desk, db_path: Path) -> None:
    reply(desk, "watch Odesa")
    post_wire(desk, db_path, CLAIM, "Ev1")
    assert rows(db_path, "SELECT count(*) FROM outbox") == [(0,)]
    assert deliver_pending(db_path, desk.app.client) == 0
    assert desk.standin.calls("chat.postMessage") == []


def test_an_edit_that_adds_a_denial_is_news(desk: Desk, db_path: Path) -> None:
    from tests.support.wire import changed_event

    reply(desk, "watch Pishchane")
    ts = stamp_ts(datetime.now(UTC))
    plain = "Fighting continued around Pishchane overnight."
    send(desk, message_event(plain, ts), event_id="Ev1")
    wait_for_row(db_path, "SELECT 1 FROM wire_messages WHERE ts = ?", [ts])
    settle(0.2)
    assert rows(db_path, "SELECT count(*) FROM outbox") == [(0,)]
    send(desk, changed_event(f"{plain} {DENIAL}", ts, previous=plain), event_id="Ev2")
    [queued] = wait_for_row(db_path, "SELECT text FROM outbox WHERE kind = 'watch'")
    assert "denial" in queued[0] and "Fighting continued" not in queued[0]
