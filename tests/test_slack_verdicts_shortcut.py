"""The "Flag as verified" message shortcut: the message becomes a bulletin once, then the
verdict modal sets "verified" on its statements."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.support import slack_app
from tests.support.slack_app import Desk, fill_db, texts
from tests.support.verdicts import OUTSIDER, VERIFIER, entries, opened_view, rows, shortcut, submit

clean_env, standin, serve_desk = slack_app.clean_env, slack_app.standin, slack_app.serve_desk

TEXT = (
    "Officials in Sievierodonetsk said the bridge was destroyed overnight. "
    "Residents reported heavy shelling near the bridge &amp; the market."
)
TS = "1700000123.000200"


@pytest.fixture
def desk(serve_desk: Callable[..., Desk], db_path: Path) -> Desk:
    return serve_desk(fill_db(db_path), wiredesk_verifiers=VERIFIER)


def bulletins(db_path: Path) -> list[tuple]:
    return rows(
        db_path,
        "SELECT b.id, b.source, b.url, b.published, b.origin, b.text FROM bulletins b"
        " JOIN message_bulletins m ON m.bulletin_id = b.id",
    )


def test_shortcut_makes_a_bulletin_and_opens_the_modal(desk: Desk, db_path: Path) -> None:
    status, body = shortcut(
        desk, message_text=TEXT, message_ts=TS, channel_id="C9", channel_name="wire-desk"
    )
    assert (status, body) == (200, b"")
    view = opened_view(desk)
    [(bulletin_id, source, url, published, origin, text)] = bulletins(db_path)
    assert source == "#wire-desk"
    assert url == "https://example.slack.com/archives/C9/p1700000123000200"
    assert published.startswith("2023-11-14T22:15:23")
    assert origin == f"slack:C9/{TS}"
    assert "&amp;" not in text and "bridge & the market" in text
    items = [
        r[0] for r in rows(db_path, "SELECT id FROM items WHERE bulletin_id = ?", [bulletin_id])
    ]
    assert len(items) == 2

    assert view["callback_id"] == "verdict_modal"
    assert view["title"]["text"] == "Mark verified"
    state = json.loads(view["private_metadata"])
    assert state["items"] == items
    assert (state["choice"], state["origin"], state["channel"]) == ("verified", "shortcut", "C9")
    assert "response_url" not in state
    assert "these 2 statements" in view["blocks"][0]["text"]["text"]

    # The same message again: the same bulletin, no second one.
    shortcut(desk, message_text=TEXT, message_ts=TS, channel_id="C9", channel_name="wire-desk")
    assert opened_view(desk, 2)["private_metadata"] == view["private_metadata"]
    assert len(bulletins(db_path)) == 1
    assert rows(db_path, "SELECT count(*) FROM bulletins WHERE origin = ?", [origin]) == [(1,)]
    assert len(desk.standin.calls("chat.getPermalink")) == 1

    status, reply = submit(desk, view, note="Seen on satellite images")
    assert (status, reply) == (200, None)
    for item in items:
        [entry] = entries(db_path, item)
        assert (entry.new_status, entry.origin, entry.by) == ("verified", "shortcut", VERIFIER)
    [confirm] = desk.standin.wait_for("chat.postEphemeral")
    assert (confirm.params["channel"], confirm.params["user"]) == ("C9", VERIFIER)
    shown = "\n".join(texts(confirm.params))
    assert shown.count(":white_check_mark: *VERIFIED*") == 2
    assert "Seen on satellite images" in shown


def test_a_message_already_ingested_links_to_its_bulletin(desk: Desk, db_path: Path) -> None:
    existing = rows(db_path, "SELECT id, text FROM bulletins WHERE source = 'Meridian Wire'")
    [(bulletin_id, text)] = existing
    shortcut(desk, message_text=text, channel_id="C9", channel_name="wire-desk")
    state = json.loads(opened_view(desk)["private_metadata"])
    ids = rows(
        db_path, "SELECT id FROM items WHERE bulletin_id = ? ORDER BY position", [bulletin_id]
    )
    assert state["items"] == [i for (i,) in ids]
    assert rows(db_path, "SELECT bulletin_id FROM message_bulletins") == [(bulletin_id,)]


def test_a_direct_message_takes_its_name_from_the_api(desk: Desk, db_path: Path) -> None:
    desk.standin.channels["D1"] = {"name": "", "is_im": True}
    shortcut(desk, message_text=TEXT, channel_id="D1", channel_name="directmessage")
    opened_view(desk)
    assert bulletins(db_path)[0][1] == "Slack D1"


def test_a_non_verifier_is_refused_and_nothing_is_stored(desk: Desk, db_path: Path) -> None:
    before = rows(db_path, "SELECT count(*) FROM bulletins")
    status, _ = shortcut(desk, user_id=OUTSIDER, message_text=TEXT)
    assert status == 200
    [reply] = desk.standin.wait_for_webhooks(1, name="shortcut")
    assert reply["text"] == f"Only the verification desk can set verdicts (<@{VERIFIER}>)."
    assert reply["replace_original"] is False
    assert desk.standin.calls("views.open") == []
    assert rows(db_path, "SELECT count(*) FROM bulletins") == before
    assert bulletins(db_path) == []


def test_a_message_without_text_gets_a_short_message(desk: Desk) -> None:
    shortcut(desk, message_text="")
    [reply] = desk.standin.wait_for_webhooks(1, name="shortcut")
    assert reply["text"] == ":warning: That message has no text to flag."
    assert desk.standin.calls("views.open") == []


def test_the_bots_own_message_is_not_flagged(desk: Desk, db_path: Path) -> None:
    shortcut(desk, message_text="Lysychansk: Disputed", message_user="UBOT")
    [reply] = desk.standin.wait_for_webhooks(1, name="shortcut")
    assert reply["text"].startswith(":warning: That is one of Wiredesk's own messages")
    assert bulletins(db_path) == []
