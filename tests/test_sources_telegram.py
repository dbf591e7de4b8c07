"""Telegram Desktop exports (result.json) read by their structure (newsroom.sources.telegram)."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlite_utils import Database

from newsroom.ask import ask
from newsroom.ingest import IngestReport, ingest
from newsroom.models import Notice, RawBulletin, Rejection
from newsroom.sources import read_input
from newsroom.sources.telegram import message_text
from tests.conftest import Wiredesk

EXPORT = Path(__file__).parent / "fixtures" / "formats" / "telegram" / "result.json"


def read(path: Path | str) -> list[RawBulletin | Rejection | Notice]:
    return list(read_input(str(path)))


def bulletins(path: Path | str) -> list[RawBulletin]:
    return [r for r in read(path) if isinstance(r, RawBulletin)]


def export_with(tmp_path: Path, *messages: dict, **chat: object) -> Path:
    """A one-chat export holding ``messages``; the chat's fields default to a channel's."""
    document = {"name": "Dnipro Evening", "type": "public_channel", "id": 77, **chat}
    document["messages"] = list(messages)
    path = tmp_path / "result.json"
    path.write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")
    return path


def message(number: int, text: object, **fields: object) -> dict:
    return {
        "id": number,
        "type": "message",
        "date": "2022-07-03T12:00:00",
        "date_unixtime": "1656838800",
        "from": "Dnipro Evening",
        "text": text,
        **fields,
    }


def test_the_fixture_export() -> None:
    results = read(EXPORT)
    assert [type(r).__name__ for r in results] == [
        "RawBulletin",
        "RawBulletin",
        "Rejection",
        "RawBulletin",
        "Notice",
    ]
    first = results[0]
    assert first == RawBulletin(
        text="#Odesa shelling reported in the port area overnight, the regional administration"
        " said. No casualties were reported at the grain terminal.",
        source="Odesa Port Watch",
        published=datetime(2022, 7, 3, 8, 15, tzinfo=UTC),
        url="https://t.me/odesaportwatch/2",
        where=f"{EXPORT}, message 2",
        record_id="telegram:1598203311/2",
    )
    assert str(results[2]) == (
        f"{EXPORT}, message 5: field 'text' is neither text nor a list of text parts"
    )
    assert str(results[4]) == (
        f"{EXPORT}: skipped 2 service messages and 1 message without text (photos, stickers, polls)"
    )


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            [{"type": "hashtag", "text": "#Odesa"}, " shelling reported in the port"],
            "#Odesa shelling reported in the port",
        ),
        (
            ["Sirens in ", {"type": "bold", "text": "Zaporizhzhia"}, " for 40 minutes."],
            "Sirens in Zaporizhzhia for 40 minutes.",
        ),
        (
            [
                {"type": "text_link", "text": "The governor", "href": "https://t.me/x/1"},
                " said ",
                {"type": "mention", "text": "@kharkiv_ova"},
                " had details.",
            ],
            "The governor said @kharkiv_ova had details.",
        ),
        ("A plain string stays as it is.", "A plain string stays as it is."),
    ],
    ids=["hashtag-first", "bold-inside", "link-and-mention", "plain-string"],
)
def test_text_as_a_list_of_strings_and_entities(
    tmp_path: Path, text: object, expected: str
) -> None:
    (bulletin,) = bulletins(export_with(tmp_path, message(1, text)))
    assert bulletin.text == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [(42, None), ({"type": "bold"}, None), (["ok", {"type": "bold"}], None), ([], "")],
)
def test_message_text_that_is_not_text(value: object, expected: str | None) -> None:
    assert message_text(value) == expected


@pytest.mark.parametrize(
    ("local", "unix", "utc"),
    [
        ("2022-07-03T11:15:00", "1656836100", datetime(2022, 7, 3, 8, 15, tzinfo=UTC)),
        ("2022-12-31T23:30:00", "1672522200", datetime(2022, 12, 31, 21, 30, tzinfo=UTC)),
        ("2023-03-26T02:30:00", "1679787000", datetime(2023, 3, 25, 23, 30, tzinfo=UTC)),
    ],
    ids=["summer-kyiv", "new-year-eve", "clock-change-night"],
)
def test_the_time_is_date_unixtime_never_the_naive_local_date(
    tmp_path: Path, local: str, unix: str, utc: datetime
) -> None:
    record = message(1, "Night shift report.", date=local, date_unixtime=unix)
    (bulletin,) = bulletins(export_with(tmp_path, record))
    assert bulletin.published == utc
    assert bulletin.published.replace(tzinfo=None) != datetime.fromisoformat(local)


def test_a_naive_date_alone_is_refused_not_taken_as_utc(tmp_path: Path) -> None:
    record = message(9, "An old export without Unix times.")
    del record["date_unixtime"]
    results = read(export_with(tmp_path, record, message(10, "A good one.")))
    assert isinstance(results[0], Rejection)
    assert results[0].where.endswith("message 9")
    assert "'date' is the exporting computer's local time" in results[0].reason
    assert isinstance(results[1], RawBulletin)


def test_an_unreadable_unix_time_is_rejected_and_the_rest_goes_in(tmp_path: Path) -> None:
    results = read(
        export_with(
            tmp_path,
            message(1, "Before.", date_unixtime="soon"),
            message(2, "After."),
        )
    )
    assert [str(r) for r in results if isinstance(r, Rejection)] == [
        f"{tmp_path / 'result.json'}, message 1: unreadable date 'soon' in field 'date_unixtime'"
    ]
    assert [b.text for b in results if isinstance(b, RawBulletin)] == ["After."]


@pytest.mark.parametrize("chat_type", ["public_channel", "private_channel", "public_supergroup"])
def test_the_chat_name_is_the_source(tmp_path: Path, chat_type: str) -> None:
    path = export_with(tmp_path, message(1, "Text."), name="Kryvyi Rih Now", type=chat_type)
    (bulletin,) = bulletins(path)
    assert bulletin.source == "Kryvyi Rih Now"


def test_the_callers_source_still_wins(tmp_path: Path) -> None:
    path = export_with(tmp_path, message(1, "Text."))
    (bulletin,) = [r for r in read_input(str(path), source="Desk") if isinstance(r, RawBulletin)]
    assert bulletin.source == "Desk"


@pytest.mark.parametrize(
    "service",
    [
        {"action": "create_channel", "title": "Dnipro Evening"},
        {"action": "pin_message", "message_id": 4},
        {"action": "edit_group_photo", "photo": "photos/a.jpg"},
    ],
)
def test_service_messages_are_skipped_and_counted(tmp_path: Path, service: dict) -> None:
    notice = {"id": 1, "type": "service", "date_unixtime": "1656838800", "text": "", **service}
    results = read(export_with(tmp_path, notice, message(2, "News.")))
    assert [type(r).__name__ for r in results] == ["RawBulletin", "Notice"]
    assert "skipped 1 service message and 0 messages without text" in results[1].message


def test_a_forwarded_message_credits_the_original_channel_as_a_relay(
    tmp_path: Path, wiredesk: Wiredesk, db: Database
) -> None:
    forwarded = message(
        5,
        "Two tugboats left the harbour at Chornomorsk before dawn.",
        forwarded_from="Black Sea Monitor",
    )
    own = message(6, "Queues at the Chornomorsk checkpoint eased by noon.")
    path = export_with(tmp_path, forwarded, own, username="dniproevening")
    (relayed, _) = bulletins(path)
    assert (relayed.source, relayed.relayed_from) == ("Dnipro Evening", "Black Sea Monitor")
    assert wiredesk("ingest", str(path)).exit_code == 0
    items = {item.text: item for item in ask(db, "Chornomorsk").items}
    relay = items[forwarded["text"]]
    assert relay.attributed_to == "Black Sea Monitor, via Dnipro Evening"
    assert relay.source == "Dnipro Evening"
    assert relay.url == "https://t.me/dniproevening/5"
    assert items[own["text"]].attributed_to is None  # the channel's own report


def test_a_forwarded_quote_keeps_its_speaker(tmp_path: Path, db: Database) -> None:
    text = "The regional governor said two drones were shot down over Pavlohrad."
    path = export_with(tmp_path, message(1, text, forwarded_from="Pavlohrad Today"))
    ingest(db, str(path), IngestReport())
    (item,) = ask(db, "Pavlohrad").items
    assert item.attributed_to is not None and "governor" in item.attributed_to


def test_no_username_no_link(tmp_path: Path) -> None:
    (bulletin,) = bulletins(export_with(tmp_path, message(3, "Text.")))
    assert bulletin.url is None


def test_the_same_text_posted_twice_is_two_messages_and_reingesting_adds_nothing(
    tmp_path: Path, wiredesk: Wiredesk
) -> None:
    alert = "Air raid alert in Dnipropetrovsk oblast."
    path = export_with(
        tmp_path,
        message(1, alert, date_unixtime="1656838800"),
        message(2, alert, date_unixtime="1656925200"),
    )
    first = wiredesk("ingest", str(path))
    assert first.stdout.startswith("2 added")
    again = wiredesk("ingest", str(path))
    assert again.stdout.startswith("0 added (0 items, 0 linked as re-publications), 2 duplicates")


def test_a_message_that_is_not_an_object_is_rejected(tmp_path: Path) -> None:
    results = read(export_with(tmp_path, "stray", message(2, "Fine.")))
    assert str(results[0]) == f"{tmp_path / 'result.json'}, message 1: not a message object"
    assert isinstance(results[1], RawBulletin)


def test_a_whole_account_export_reads_every_chat(tmp_path: Path) -> None:
    """Telegram's "Export Telegram data" writes every chat into one result.json, under
    chats.list and left_chats.list: each chat is read as its own export, nothing else."""
    chat = {"name": "Dnipro Evening", "type": "public_channel", "id": 77, "username": "dnipro"}
    document = {
        "about": "Here is the data you requested.",
        "personal_information": {"first_name": "Ana", "bio": "Desk editor"},
        "contacts": {"about": "", "list": [{"first_name": "Bo", "phone_number": "+380"}]},
        "chats": {
            "about": "This page lists all chats from this export.",
            "list": [
                {**chat, "messages": [message(1, "Sirens in Dnipro."), message(2, "All clear.")]},
                {"name": "Desk", "type": "private_group", "id": 5, "messages": []},
            ],
        },
        "left_chats": {
            "about": "",
            "list": [
                {
                    "name": "Old Wire",
                    "type": "public_channel",
                    "id": 9,
                    "messages": [message(7, "Ferry to Tesk cancelled.")],
                }
            ],
        },
    }
    path = tmp_path / "result.json"
    path.write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")
    results = read(path)
    assert [(r.source, r.text) for r in results if isinstance(r, RawBulletin)] == [
        ("Dnipro Evening", "Sirens in Dnipro."),
        ("Dnipro Evening", "All clear."),
        ("Old Wire", "Ferry to Tesk cancelled."),
    ]
    assert all(isinstance(r, RawBulletin) for r in results), results
    first, _, old = results
    assert first.where == f"{path}, chat Dnipro Evening, message 1"  # type: ignore[union-attr]
    assert first.url == "https://t.me/dnipro/1"  # type: ignore[union-attr]
    assert old.record_id == "telegram:9/7"  # type: ignore[union-attr]


def test_a_json_object_that_only_looks_similar_is_not_an_export(tmp_path: Path) -> None:
    path = tmp_path / "other.json"
    path.write_text(json.dumps({"name": "x", "type": "report", "messages": [{"text": "Hi."}]}))
    (bulletin,) = bulletins(path)
    assert bulletin.source == "other"  # read as any JSON with a list of records
