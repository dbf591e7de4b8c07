"""Wire channels through the real app over signed HTTP: messages become bulletins once, edits
revise them, deletions retract them, thread replies link to their parent."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

import pytest

from bot.desk import set_verdicts
from store.schema import open_db
from store.wire import thread_parent, thread_replies
from tests.support import slack_app
from tests.support.slack_app import Desk, fill_db, texts
from tests.support.verdicts import rows
from tests.support.wire import (
    WIRE,
    changed_event,
    deleted_event,
    message_event,
    send,
    settle,
    wait_for_row,
)

clean_env, standin, serve_desk = slack_app.clean_env, slack_app.standin, slack_app.serve_desk

TS = "1764460800.000200"  # 30 Nov 2025 00:00:00 UTC
REPORT = (
    "*BREAKING* Kharkiv's regional governor said a missile struck a grain warehouse in the "
    "Slobidskyi district overnight, injuring three workers. Russia's defence ministry denied "
    "targeting civilian sites in Kharkiv. <https://example.org/kharkiv-grain|Meridian Wire> "
    "could not independently verify the reports &amp; the casualty figures."
)
PLAIN = (
    "BREAKING Kharkiv's regional governor said a missile struck a grain warehouse in the "
    "Slobidskyi district overnight, injuring three workers. Russia's defence ministry denied "
    "targeting civilian sites in Kharkiv. Meridian Wire could not independently verify the "
    "reports & the casualty figures."
)
EDITED = (
    "*BREAKING* Kharkiv's regional governor said a missile struck a grain warehouse in the "
    "Slobidskyi district overnight, injuring three workers. Kharkiv's mayor later said the "
    "number of injured in the Slobidskyi strike had risen to five."
)


@pytest.fixture
def desk(serve_desk: Callable[..., Desk], db_path: Path) -> Desk:
    desk = serve_desk(fill_db(db_path), wiredesk_wire_channels=f"{WIRE} GPRIVWIRE")
    desk.standin.users["U456"] = {"name": "olena.k", "real_name": "Olena Kravets"}
    return desk


def wire_bulletin(db_path: Path, ts: str = TS, channel: str = WIRE) -> tuple:
    """(id, source, url, published, text, retracted, updated) of a message's bulletin."""
    [row] = wait_for_row(
        db_path,
        "SELECT b.id, b.source, b.url, b.published, b.text, b.retracted, b.updated"
        " FROM bulletins b JOIN wire_messages w ON w.bulletin_id = b.id"
        " WHERE w.channel = ? AND w.ts = ?",
        [channel, ts],
    )
    return row


def items_of(db_path: Path, bulletin_id: int) -> list[tuple[int, str, str | None]]:
    """(id, text, retracted) of a bulletin's items, live ones first in reading order."""
    return rows(
        db_path,
        "SELECT id, text, retracted FROM items WHERE bulletin_id = ?"
        " ORDER BY retracted IS NOT NULL, position",
        [bulletin_id],
    )


def answer_text(desk: Desk, topic: str) -> str:
    return "\n".join(texts(desk.answer(topic)))


def test_a_persons_message_becomes_a_bulletin(desk: Desk, db_path: Path) -> None:
    assert send(desk, message_event(REPORT, TS), event_id="Ev1") == 200
    bulletin_id, source, url, published, text, retracted, _ = wire_bulletin(db_path)
    assert text == PLAIN
    assert source == "Olena Kravets"  # users.info's real name
    assert url == f"https://example.slack.com/archives/{WIRE}/p{TS.replace('.', '')}"
    assert datetime.fromisoformat(published) == datetime(2025, 11, 30, 0, 0, 0, 200, tzinfo=UTC)
    assert retracted is None
    said = answer_text(desk, "Kharkiv")
    assert "grain warehouse" in said and "Olena Kravets" in said
    assert len(items_of(db_path, bulletin_id)) == 3


@pytest.mark.parametrize(
    ("extra", "expected", "bots_info"),
    [
        (
            {"subtype": "bot_message", "bot_id": "BRSS", "username": "Meridian Wire Desk"},
            "Meridian Wire Desk",
            0,
        ),
        (
            {"bot_id": "BAPP", "bot_profile": {"id": "BAPP", "name": "Northgate Alerts"}},
            "Northgate Alerts",
            0,
        ),
        ({"subtype": "bot_message", "bot_id": "BFEED"}, "Harbour Agency Feed", 1),
    ],
    ids=["username of the post", "bot profile", "bots.info"],
)
def test_a_wire_apps_message_is_credited_to_the_app(
    desk: Desk, db_path: Path, extra: dict, expected: str, bots_info: int
) -> None:
    desk.standin.bots["BFEED"] = {"name": "Harbour Agency Feed"}
    event = message_event(REPORT, TS, user=None, **extra)
    send(desk, event, event_id="EvBot")
    _, source, *_ = wire_bulletin(db_path)
    assert source == expected
    assert len(desk.standin.calls("bots.info")) == bots_info
    assert desk.standin.calls("users.info") == []


def test_attachments_carry_the_text_of_a_wire_app_without_text(desk: Desk, db_path: Path) -> None:
    event = message_event(
        "",
        TS,
        user=None,
        subtype="bot_message",
        bot_id="BRSS",
        username="Meridian Wire Desk",
        attachments=[{"fallback": "Kharkiv grain store hit", "text": REPORT}],
    )
    send(desk, event, event_id="EvAtt")
    assert wire_bulletin(db_path)[4] == PLAIN


def test_a_posters_name_is_read_once(desk: Desk, db_path: Path) -> None:
    send(desk, message_event(REPORT, TS), event_id="Ev1")
    wire_bulletin(db_path)
    second = "1764460900.000300"
    send(
        desk,
        message_event("Air raid sirens sounded again in Kharkiv at dawn.", second),
        event_id="Ev2",
    )
    assert wire_bulletin(db_path, second)[1] == "Olena Kravets"
    assert len(desk.standin.calls("users.info")) == 1


def test_a_mention_reads_as_the_persons_name(desk: Desk, db_path: Path) -> None:
    desk.standin.users["U777"] = {"name": "taras", "real_name": "Taras Melnyk"}
    text = "<@U777> reports from Kharkiv that the Slobidskyi warehouse fire is out."
    send(desk, message_event(text, TS), event_id="Ev1")
    assert wire_bulletin(db_path)[4] == (
        "@Taras Melnyk reports from Kharkiv that the Slobidskyi warehouse fire is out."
    )


def test_a_retried_delivery_is_ingested_once(desk: Desk, db_path: Path) -> None:
    send(desk, message_event(REPORT, TS), event_id="Ev1")
    wire_bulletin(db_path)
    assert send(desk, message_event(REPORT, TS), event_id="Ev1", retry=1) == 200
    assert send(desk, message_event(REPORT, TS), event_id="Ev1", retry=2) == 200
    # the same message under another event id (a replay): still one bulletin
    send(desk, message_event(REPORT, TS), event_id="Ev1-again")
    settle()
    assert rows(db_path, "SELECT count(*) FROM wire_messages") == [(1,)]
    assert rows(db_path, "SELECT count(*) FROM bulletins WHERE origin LIKE 'slack:%'") == [(1,)]
    assert len(desk.standin.calls("chat.getPermalink")) == 2  # the retries stopped early


def test_a_retry_whose_first_delivery_never_arrived_is_ingested(desk: Desk, db_path: Path) -> None:
    assert send(desk, message_event(REPORT, TS), event_id="EvLost", retry=1) == 200
    assert wire_bulletin(db_path)[4] == PLAIN


def test_two_messages_with_the_same_text_are_two_bulletins(desk: Desk, db_path: Path) -> None:
    text = "Explosions heard in Kharkiv, the regional governor said."
    send(desk, message_event(text, TS), event_id="Ev1")
    send(desk, message_event(text, "1764460900.000300"), event_id="Ev2")
    first, second = wire_bulletin(db_path)[0], wire_bulletin(db_path, "1764460900.000300")[0]
    assert first != second


def test_an_edit_revises_the_bulletin_and_verdicts_stay(desk: Desk, db_path: Path) -> None:
    send(desk, message_event(REPORT, TS), event_id="Ev1")
    bulletin_id = wire_bulletin(db_path)[0]
    kept, denied, caveat = items_of(db_path, bulletin_id)
    set_verdicts(str(db_path), [kept[0]], "verified", by="U1", origin="cli")
    send(desk, changed_event(EDITED, TS, previous=REPORT), event_id="Ev2")
    wait_for_row(
        db_path, "SELECT 1 FROM bulletins WHERE id = ? AND updated IS NOT NULL", [bulletin_id]
    )
    same_id, _, _, _, text, retracted, updated = wire_bulletin(db_path)
    assert same_id == bulletin_id and retracted is None and updated
    assert "risen to five" in text
    live = [(i, t) for i, t, gone in items_of(db_path, bulletin_id) if gone is None]
    gone = [i for i, _, r in items_of(db_path, bulletin_id) if r is not None]
    assert live[0] == (kept[0], kept[1])  # the surviving sentence keeps its item ...
    assert rows(db_path, "SELECT new_status FROM verdicts WHERE item_id = ?", [kept[0]]) == [
        ("verified",)
    ]  # ... and its verdict
    assert sorted(gone) == sorted([denied[0], caveat[0]])  # kept for the audit
    assert "risen to five" in live[1][1] and live[1][0] > caveat[0]
    said = answer_text(desk, "Slobidskyi")
    assert "risen to five" in said
    assert "denied targeting" not in answer_text(desk, "Kharkiv")
    assert rows(db_path, "SELECT edited IS NOT NULL FROM wire_messages") == [(1,)]


def test_an_edit_that_changes_nothing_in_the_text_changes_nothing(
    desk: Desk, db_path: Path
) -> None:
    send(desk, message_event(REPORT, TS), event_id="Ev1")
    bulletin_id = wire_bulletin(db_path)[0]
    before = items_of(db_path, bulletin_id)
    # an unfurl or a reply count changes the message, not its text
    send(desk, changed_event(REPORT, TS, previous=REPORT, reply_count=2), event_id="Ev2")
    settle()
    assert items_of(db_path, bulletin_id) == before
    assert wire_bulletin(db_path)[6] is None


def test_an_edit_of_a_message_never_seen_adds_it(desk: Desk, db_path: Path) -> None:
    send(desk, changed_event(EDITED, TS, previous=REPORT), event_id="Ev2")
    assert "risen to five" in wire_bulletin(db_path)[4]


@pytest.mark.parametrize("how", ["message_deleted", "tombstone"])
def test_a_deletion_retracts_the_bulletin(desk: Desk, db_path: Path, how: str) -> None:
    send(desk, message_event(REPORT, TS), event_id="Ev1")
    bulletin_id = wire_bulletin(db_path)[0]
    first_item = items_of(db_path, bulletin_id)[0][0]
    set_verdicts(str(db_path), [first_item], "verified", by="U1", origin="cli")
    assert "grain warehouse" in answer_text(desk, "Kharkiv")
    if how == "tombstone":  # a parent with replies, deleted: Slack leaves a tombstone
        event = changed_event("This message was deleted.", TS, previous=REPORT, subtype="tombstone")
    else:
        event = deleted_event(TS, previous=REPORT)
    send(desk, event, event_id="Ev2")
    wait_for_row(
        db_path, "SELECT 1 FROM bulletins WHERE id = ? AND retracted IS NOT NULL", [bulletin_id]
    )
    said = answer_text(desk, "Kharkiv")
    assert "grain warehouse" not in said and "Slobidskyi" not in said
    assert all(gone for _, _, gone in items_of(db_path, bulletin_id))
    assert wire_bulletin(db_path)[4] == PLAIN  # kept for the audit, with its verdict
    assert rows(db_path, "SELECT count(*) FROM verdicts WHERE item_id = ?", [first_item]) == [(1,)]
    # a later edit event does not bring it back
    send(desk, changed_event(EDITED, TS, previous=REPORT), event_id="Ev3")
    settle()
    assert wire_bulletin(db_path)[5] is not None


def test_the_digest_leaves_retracted_bulletins_out(desk: Desk, db_path: Path) -> None:
    from store.digest import window_counts

    send(desk, message_event(REPORT, TS), event_id="Ev1")
    wire_bulletin(db_path)
    window = (datetime(2025, 11, 29, tzinfo=UTC), datetime(2025, 12, 1, tzinfo=UTC))
    db = open_db(db_path)
    try:
        assert window_counts(db, *window)["bulletins"] == 1
        send(desk, deleted_event(TS, previous=REPORT), event_id="Ev2")
        wait_for_row(db_path, "SELECT 1 FROM bulletins WHERE retracted IS NOT NULL")
        counts = window_counts(db, *window)
        assert (counts["bulletins"], counts["items"]) == (0, 0)
    finally:
        db.close()


def test_a_thread_reply_is_a_bulletin_linked_to_its_parent(desk: Desk, db_path: Path) -> None:
    reply_ts = "1764461000.000400"
    reply = "Update: the governor now says five workers were injured in Kharkiv."
    send(desk, message_event(REPORT, TS), event_id="Ev1")
    parent = wire_bulletin(db_path)[0]
    send(desk, message_event(reply, reply_ts, thread_ts=TS), event_id="Ev2")
    child = wire_bulletin(db_path, reply_ts)[0]
    db = open_db(db_path)
    try:
        assert thread_parent(db, child) == parent
        assert thread_parent(db, parent) is None
        assert thread_replies(db, parent) == [child]
    finally:
        db.close()
    assert "five workers" in answer_text(desk, "Kharkiv")


def test_a_private_wire_channel_works_too(desk: Desk, db_path: Path) -> None:
    event = message_event(REPORT, TS, channel="GPRIVWIRE", channel_type="group")
    send(desk, event, event_id="Ev1")
    assert wire_bulletin(db_path, channel="GPRIVWIRE")[4] == PLAIN


@pytest.mark.parametrize(
    "event",
    [
        message_event(REPORT, TS, channel="CRANDOM"),
        message_event("<@U456> has joined the channel", TS, subtype="channel_join"),
        message_event(REPORT, TS, user="UBOT", bot_id="B0001"),  # Wiredesk's own post
        message_event("", TS, subtype="file_share"),
    ],
    ids=["another channel", "a join", "wiredesk's own message", "a file without text"],
)
def test_what_is_no_wire_message_adds_nothing(desk: Desk, db_path: Path, event: dict) -> None:
    before = rows(db_path, "SELECT count(*) FROM bulletins")
    assert send(desk, event, event_id="EvX") == 200
    settle()
    assert rows(db_path, "SELECT count(*) FROM bulletins") == before
    assert rows(db_path, "SELECT count(*) FROM wire_messages") == [(0,)]


# ---------------------------------------------------------------------- manifest and docs

ROOT = Path(__file__).resolve().parent.parent


def test_the_manifest_subscribes_to_the_wire_channels_messages() -> None:
    from tests.test_slack_verdicts_manifest import MANIFEST, listed

    assert listed(MANIFEST, "bot_events") == [
        "reaction_added",
        "message.channels",
        "message.groups",
    ]
    scopes = listed(MANIFEST, "bot")
    for scope in ("channels:history", "groups:history", "users:read"):
        assert scope in scopes, scope


@pytest.mark.parametrize(
    "needle",
    [
        "### Wire channels",
        "message.channels",
        "message.groups",
        "users:read",
        "### Watching topics",
        "/conflict watch TOPIC",
        "/conflict unwatch TOPIC",
        "/conflict watches",
        "WIREDESK_WATCH_INTERVAL",
    ],
)
def test_the_readme_documents_wire_channels_and_watches(needle: str) -> None:
    assert needle in (ROOT / "README.md").read_text(encoding="utf-8")


def test_a_post_and_its_edit_arriving_together_make_one_bulletin(desk: Desk, db_path: Path) -> None:
    import threading

    stamps = [f"17644608{n:02d}.000500" for n in range(6)]
    senders = []
    for n, ts in enumerate(stamps):
        for event, event_id in (
            (message_event(REPORT, ts), f"EvPost{n}"),
            (changed_event(EDITED, ts, previous=REPORT), f"EvEdit{n}"),
        ):
            senders.append(
                threading.Thread(target=send, args=(desk, event), kwargs={"event_id": event_id})
            )
    for sender in senders:
        sender.start()
    for sender in senders:
        sender.join()
    for ts in stamps:
        wait_for_row(db_path, "SELECT 1 FROM wire_messages WHERE ts = ?", [ts])
    settle()
    # whichever came first, each message is one bulletin, and it reads as edited
    assert rows(db_path, "SELECT count(*) FROM bulletins WHERE origin LIKE 'slack:%'") == [(6,)]
    for ts in stamps:
        assert "risen to five" in wire_bulletin(db_path, ts)[4]
