"""A Slack channel added with `wiredesk sources add --slack-channel` is a wire channel, as one
listed in WIREDESK_WIRE_CHANNELS is: its messages become bulletins, counted on the source; a
paused channel source is not read. Through the real app over signed HTTP."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from newsroom.wire.manage import add_channel, health_list, pause
from store.schema import open_db
from tests.support import slack_app
from tests.support.slack_app import Desk, fill_db
from tests.support.verdicts import rows
from tests.support.wire import changed_event, message_event, send, settle, wait_for_row

clean_env, standin, serve_desk = slack_app.clean_env, slack_app.standin, slack_app.serve_desk

WIRE = "C0WIRE1234"
TS = "1764460800.000200"
REPORT = (
    "Kharkiv's regional governor said a missile struck a grain warehouse in the Slobidskyi "
    "district overnight, injuring three workers."
)
EDITED = REPORT + " Kharkiv's mayor later said the number of injured had risen to five."


def register(db_path: Path, channel: str = WIRE, *, paused: bool = False) -> int:
    db = open_db(db_path)
    try:
        source, _ = add_channel(db, channel, name="Agency wire")
        if paused:
            pause(db, source.id, True)
        return source.id
    finally:
        db.close()


def health(db_path: Path):
    db = open_db(db_path)
    try:
        (found,) = health_list(db)
        return found
    finally:
        db.close()


def wire_rows(db_path: Path) -> list[tuple]:
    return rows(db_path, "SELECT count(*) FROM wire_messages")


def test_a_channel_added_as_a_source_is_read_without_the_setting(
    serve_desk: Callable[..., Desk], db_path: Path
) -> None:
    register(fill_db(db_path))
    desk = serve_desk(db_path)  # WIREDESK_WIRE_CHANNELS not set
    assert send(desk, message_event(REPORT, TS, channel=WIRE), event_id="Ev1") == 200
    [(text,)] = wait_for_row(
        db_path,
        "SELECT b.text FROM bulletins b JOIN wire_messages w ON w.bulletin_id = b.id"
        " WHERE w.channel = ? AND w.ts = ?",
        [WIRE, TS],
    )
    assert "grain warehouse" in text
    # counted on the source, as a feed's entries are
    wait_for_row(db_path, "SELECT 1 FROM sources WHERE entries_added = 1")
    source = health(db_path).source
    assert source.last_success is not None and source.entries_updated == 0
    send(desk, changed_event(EDITED, TS, previous=REPORT, channel=WIRE), event_id="Ev2")
    wait_for_row(db_path, "SELECT 1 FROM sources WHERE entries_updated = 1")
    # a repeat of the message adds and counts nothing
    send(desk, message_event(REPORT, TS, channel=WIRE), event_id="Ev3")
    settle()
    assert health(db_path).source.entries_added == 1
    from bot.terminal_sources import source_lines

    shown = source_lines(health(db_path))
    assert "1 added, 1 edited; last message 20" in shown, shown


def test_a_paused_channel_source_is_not_read(
    serve_desk: Callable[..., Desk], db_path: Path
) -> None:
    register(fill_db(db_path), paused=True)
    desk = serve_desk(db_path, wiredesk_wire_channels=WIRE)
    assert send(desk, message_event(REPORT, TS, channel=WIRE), event_id="Ev1") == 200
    settle()
    assert wire_rows(db_path) == [(0,)]


def test_other_channels_stay_unread(serve_desk: Callable[..., Desk], db_path: Path) -> None:
    register(fill_db(db_path), "COTHER0001")
    desk = serve_desk(db_path)
    assert send(desk, message_event(REPORT, TS, channel=WIRE), event_id="Ev1") == 200
    settle()
    assert wire_rows(db_path) == [(0,)]


def test_a_reaction_in_a_channel_source_sets_a_verdict(
    serve_desk: Callable[..., Desk], db_path: Path
) -> None:
    from tests.support.verdicts import VERIFIER, react

    register(fill_db(db_path))
    desk = serve_desk(db_path, wiredesk_verifiers=VERIFIER)
    desk.standin.channels[WIRE] = "agency-wire"
    desk.standin.messages[(WIRE, TS)] = {"text": REPORT, "user": "U456", "ts": TS}
    assert react(desk, "white_check_mark", event_id="Ev1", channel=WIRE, ts=TS) == 200
    desk.standin.wait_for("chat.postEphemeral")
    assert set(rows(db_path, "SELECT new_status FROM verdicts")) == {("verified",)}
