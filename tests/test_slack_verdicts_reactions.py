"""Reactions in the wire channels set verdicts; retries, other emoji and other channels do not."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from tests.support import slack_app
from tests.support.slack_app import Desk, fill_db, texts
from tests.support.verdicts import OUTSIDER, VERIFIER, WIRE, entries, quiet, react, rows

clean_env, standin, serve_desk = slack_app.clean_env, slack_app.standin, slack_app.serve_desk

TS = "1700000500.000100"
REPLY_TS = "1700000600.000100"
TEXT = "Kharkiv's governor said two people were injured in a strike on a depot, officials said."


@pytest.fixture
def desk(serve_desk: Callable[..., Desk], db_path: Path) -> Desk:
    desk = serve_desk(
        fill_db(db_path),
        wiredesk_verifiers=VERIFIER,
        wiredesk_wire_channels=f"{WIRE}, COTHER",
        wiredesk_false_emoji="no_entry",
    )
    desk.standin.channels[WIRE] = "wire"
    desk.standin.messages[(WIRE, TS)] = {"text": TEXT, "user": "U456", "ts": TS}
    return desk


def message_items(db_path: Path, ts: str = TS) -> list[int]:
    return [
        i
        for (i,) in rows(
            db_path,
            "SELECT i.id FROM items i JOIN message_bulletins m ON m.bulletin_id = i.bulletin_id"
            " WHERE m.ts = ? ORDER BY i.position",
            [ts],
        )
    ]


def test_the_verify_emoji_sets_verified(desk: Desk, db_path: Path) -> None:
    assert react(desk, "white_check_mark", event_id="Ev1", ts=TS) == 200
    [confirm] = desk.standin.wait_for("chat.postEphemeral")
    assert (confirm.params["channel"], confirm.params["user"]) == (WIRE, VERIFIER)
    assert ":white_check_mark: *VERIFIED*" in "\n".join(texts(confirm.params))
    [history_call] = desk.standin.calls("conversations.history")
    assert history_call.params["latest"] == TS
    assert history_call.params["limit"] == "1"
    [item] = message_items(db_path)
    [entry] = entries(db_path, item)
    assert (entry.new_status, entry.by, entry.origin) == ("verified", VERIFIER, "reaction")
    [(source, url, origin)] = rows(
        db_path,
        "SELECT source, url, origin FROM bulletins b JOIN message_bulletins m"
        " ON m.bulletin_id = b.id",
    )
    assert source == "#wire"
    assert url == f"https://example.slack.com/archives/{WIRE}/p{TS.replace('.', '')}"
    assert origin == f"slack:{WIRE}/{TS}"


def test_a_retried_event_is_handled_once(desk: Desk, db_path: Path) -> None:
    react(desk, "white_check_mark", event_id="Ev1", ts=TS)
    desk.standin.wait_for("chat.postEphemeral")
    assert react(desk, "white_check_mark", event_id="Ev1", ts=TS, retry=1) == 200
    quiet(desk, "conversations.history", 1)
    quiet(desk, "chat.postEphemeral", 1, seconds=0)
    [item] = message_items(db_path)
    assert len(entries(db_path, item)) == 1
    assert rows(db_path, "SELECT event_id FROM processed_events") == [("Ev1",)]


def test_the_false_emoji_overrides_and_a_skin_tone_counts(desk: Desk, db_path: Path) -> None:
    react(desk, "white_check_mark::skin-tone-3", event_id="Ev1", ts=TS)
    desk.standin.wait_for("chat.postEphemeral")
    react(desk, "no_entry", event_id="Ev2", ts=TS)
    desk.standin.wait_for("chat.postEphemeral", 2)
    [item] = message_items(db_path)
    assert [e.new_status for e in entries(db_path, item)] == ["false", "verified"]
    assert len(rows(db_path, "SELECT * FROM message_bulletins")) == 1


@pytest.mark.parametrize(
    ("reaction", "channel"),
    [("thumbsup", WIRE), ("x", WIRE), ("white_check_mark", "CRANDOM")],
    ids=["other emoji", "default false emoji renamed", "other channel"],
)
def test_other_emoji_and_channels_are_ignored(
    desk: Desk, db_path: Path, reaction: str, channel: str
) -> None:
    desk.standin.messages[(channel, TS)] = {"text": TEXT, "user": "U456", "ts": TS}
    assert react(desk, reaction, event_id="Ev9", channel=channel, ts=TS) == 200
    quiet(desk, "conversations.history", 0)
    assert desk.standin.calls("chat.postEphemeral") == []
    assert rows(db_path, "SELECT count(*) FROM verdicts") == [(0,)]
    assert rows(db_path, "SELECT count(*) FROM message_bulletins") == [(0,)]


def test_a_non_verifier_is_refused_and_nothing_changes(desk: Desk, db_path: Path) -> None:
    before = rows(db_path, "SELECT count(*) FROM bulletins")
    react(desk, "white_check_mark", event_id="Ev1", user=OUTSIDER, ts=TS)
    [refusal] = desk.standin.wait_for("chat.postEphemeral")
    assert refusal.params["user"] == OUTSIDER
    assert refusal.params["text"] == f"Only the verification desk can set verdicts (<@{VERIFIER}>)."
    assert rows(db_path, "SELECT count(*) FROM verdicts") == [(0,)]
    assert rows(db_path, "SELECT count(*) FROM bulletins") == before
    assert desk.standin.calls("conversations.history") == []


def test_a_thread_reply_is_read_from_its_thread(desk: Desk, db_path: Path) -> None:
    desk.standin.messages[(WIRE, REPLY_TS)] = {
        "text": "Update: the governor later said three people were injured.",
        "user": "U456",
        "ts": REPLY_TS,
        "thread_ts": TS,
    }
    react(desk, "white_check_mark", event_id="Ev3", ts=REPLY_TS)
    desk.standin.wait_for("chat.postEphemeral")
    assert len(desk.standin.calls("conversations.replies")) == 1
    [item] = message_items(db_path, REPLY_TS)
    assert entries(db_path, item)[0].new_status == "verified"
    assert message_items(db_path, TS) == []


def test_an_unreadable_message_is_reported_to_the_verifier(desk: Desk, db_path: Path) -> None:
    react(desk, "white_check_mark", event_id="Ev4", ts="1700009999.000100")
    [reply] = desk.standin.wait_for("chat.postEphemeral")
    assert reply.params["text"] == (
        ":warning: Wiredesk could not read that message, so no verdict was set."
    )
    assert rows(db_path, "SELECT count(*) FROM verdicts") == [(0,)]


def test_a_reaction_on_the_bots_own_message_sets_nothing(desk: Desk, db_path: Path) -> None:
    desk.standin.messages[(WIRE, TS)]["user"] = "UBOT"
    react(desk, "white_check_mark", event_id="Ev5", ts=TS, item_user="UBOT")
    [reply] = desk.standin.wait_for("chat.postEphemeral")
    assert reply.params["text"].startswith(":warning: That is one of Wiredesk's own messages")
    assert desk.standin.calls("conversations.history") == []
    assert rows(db_path, "SELECT count(*) FROM message_bulletins") == [(0,)]
