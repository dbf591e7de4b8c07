"""Slack export folders read by their structure (newsroom.sources.slack)."""

from __future__ import annotations

import json
import shutil
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlite_utils import Database

from newsroom.ask import ask
from newsroom.errors import UserError
from newsroom.ingest import IngestReport, ingest
from newsroom.models import Notice, RawBulletin, Rejection
from newsroom.sources import check_target, read_input
from newsroom.sources.slack import is_slack_export, mrkdwn_to_text
from tests.conftest import Wiredesk

EXPORT = Path(__file__).parent / "fixtures" / "formats" / "slack"
USERS = {"U02ORYNA": "Oryna", "U03MAREK": "Marek Dorn"}
CHANNELS = {"C01UKR": "desk-ukraine"}


def read(path: Path | str) -> list[RawBulletin | Rejection | Notice]:
    return list(read_input(str(path)))


def bulletins(path: Path | str) -> list[RawBulletin]:
    return [r for r in read(path) if isinstance(r, RawBulletin)]


def export_with(tmp_path: Path, days: dict[str, list], *, users: list | None = None) -> Path:
    """An export with one channel, "desk-test", holding ``days`` (file name: messages)."""
    root = tmp_path / "export"
    (root / "desk-test").mkdir(parents=True)
    if users is not None:
        (root / "users.json").write_text(json.dumps(users), encoding="utf-8")
    for name, messages in days.items():
        (root / "desk-test" / name).write_text(json.dumps(messages), encoding="utf-8")
    return root


def test_the_fixture_export() -> None:
    results = read(EXPORT)
    texts = [r.text for r in results if isinstance(r, RawBulletin)]
    assert texts == [
        "Convoy attacked near Djibo, local officials told #desk-ukraine colleagues; the army has"
        " not commented.",
        "Regional governor says the Lysychansk refinery was hit again overnight & fires are still"
        " burning. Source: Eastern Wire",
        "@Oryna the ministry has not confirmed the strike; treat it as unverified until we hear"
        " back.",
        "@here Kremenchuk: rescuers say 18 people are still missing after the strike on the"
        " shopping centre <update 3>",
        "Power restored in parts of Sloviansk, the city council said this morning.",
    ]
    day = EXPORT / "desk-ukraine" / "2022-07-04.json"
    assert [str(r) for r in results if isinstance(r, Rejection)] == [
        f"{day}, message 2: unreadable date 'yesterday morning' in field 'ts'"
    ]
    (notice,) = [r for r in results if isinstance(r, Notice)]
    assert notice.message == (
        "skipped 2 Slack system messages (joins, topic changes) and 1 message without text"
    )


def test_ts_is_the_time_and_the_channel_the_source() -> None:
    refinery = next(b for b in bulletins(EXPORT) if "refinery" in b.text)
    assert refinery.published == datetime(2022, 7, 3, 7, 30, 0, tzinfo=UTC)  # whole seconds
    assert refinery.source == "#desk-ukraine"
    assert refinery.where == f"{EXPORT / 'desk-ukraine' / '2022-07-03.json'}, message 2"


@pytest.mark.parametrize(
    ("mrkdwn", "plain"),
    [
        ("<@U02ORYNA> can you check?", "@Oryna can you check?"),
        ("cc <@U03MAREK> and <@U09NOBODY>", "cc @Marek Dorn and @U09NOBODY"),
        ("<@U05X|olek> filed it", "@olek filed it"),
        ("see <https://wire.example.org/a/7781|Eastern Wire>", "see Eastern Wire"),
        ("see <https://wire.example.org/a/7781>", "see https://wire.example.org/a/7781"),
        ("<mailto:desk@example.org|desk@example.org>", "desk@example.org"),
        ("<!everyone> evacuation ordered", "@everyone evacuation ordered"),
        ("<!here> sirens", "@here sirens"),
        ("<!channel> update", "@channel update"),
        ("<!subteam^S0123|@verification> please look", "@verification please look"),
        ("<!date^1656833400^{date_short}|Jul 3, 2022> briefing", "Jul 3, 2022 briefing"),
        ("moved to <#C01UKR>", "moved to #desk-ukraine"),
        ("moved to <#C09|sahel-desk>", "moved to #sahel-desk"),
        ("Salt &amp; grain &lt;confirmed&gt;", "Salt & grain <confirmed>"),
        ("*Breaking*: _two_ ~three~ strikes", "Breaking: two three strikes"),
        ("run `verify.py` first", "run verify.py first"),
        ("```casualty list```", "casualty list"),
        ("a snake_case_name and 2*3*4", "a snake_case_name and 2*3*4"),
    ],
)
def test_mrkdwn_becomes_plain_text(mrkdwn: str, plain: str) -> None:
    assert mrkdwn_to_text(mrkdwn, USERS, CHANNELS) == plain


@pytest.mark.parametrize(
    "subtype",
    ["channel_join", "channel_leave", "channel_topic", "channel_purpose", "pinned_item"],
)
def test_system_messages_are_skipped(tmp_path: Path, subtype: str) -> None:
    day = [
        {"type": "message", "subtype": subtype, "ts": "1656833400.000100", "text": "notice"},
        {"type": "message", "ts": "1656833500.000100", "text": "A report."},
    ]
    results = read(export_with(tmp_path, {"2022-07-03.json": day}))
    assert [r.text for r in results if isinstance(r, RawBulletin)] == ["A report."]
    assert not [r for r in results if isinstance(r, Rejection)]


@pytest.mark.parametrize("subtype", ["bot_message", "thread_broadcast", "me_message"])
def test_messages_people_and_bots_write_are_kept(tmp_path: Path, subtype: str) -> None:
    day = [{"type": "message", "subtype": subtype, "ts": "1656833400.1", "text": "Wire item."}]
    assert [b.text for b in bulletins(export_with(tmp_path, {"2022-07-03.json": day}))] == [
        "Wire item."
    ]


def test_attachments_are_part_of_the_text(tmp_path: Path) -> None:
    day = [
        {
            "type": "message",
            "ts": "1656833400.000100",
            "text": "See thread",
            "attachments": [{"title": "Pokrovka station hit", "text": "Two carriages burned."}],
        },
        {
            "type": "message",
            "subtype": "bot_message",
            "ts": "1656833500.000100",
            "text": "",
            "attachments": [{"fallback": "Feed: Ferry service to Ochakiv suspended"}],
        },
        {"type": "message", "ts": "1656833600.000100", "text": "", "attachments": [{}]},
    ]
    results = read(export_with(tmp_path, {"2022-07-03.json": day}))
    assert [r.text for r in results if isinstance(r, RawBulletin)] == [
        "See thread\n\nPokrovka station hit\n\nTwo carriages burned.",
        "Feed: Ferry service to Ochakiv suspended",
    ]
    notices = [r for r in results if isinstance(r, Notice)]
    assert [n.message for n in notices] == ["skipped 1 message without text"]


def test_thread_replies_are_kept(tmp_path: Path) -> None:
    parent = {"type": "message", "ts": "1656833400.000100", "thread_ts": "1656833400.000100"}
    day = [
        {**parent, "text": "Strike on the Lysychansk refinery reported."},
        {
            "type": "message",
            "ts": "1656834000.000200",
            "thread_ts": "1656833400.000100",
            "parent_user_id": "U1",
            "text": "The ministry has not confirmed it.",
        },
    ]
    texts = [b.text for b in bulletins(export_with(tmp_path, {"2022-07-03.json": day}))]
    assert texts == [day[0]["text"], day[1]["text"]]


def test_users_json_resolves_mentions_when_present(tmp_path: Path) -> None:
    day = [{"type": "message", "ts": "1656833400.1", "text": "<@U7> confirmed it."}]
    users = [{"id": "U7", "name": "tkach", "profile": {"display_name": "", "real_name": "T."}}]
    with_users = bulletins(export_with(tmp_path / "a", {"2022-07-03.json": day}, users=users))
    without = bulletins(export_with(tmp_path / "b", {"2022-07-03.json": day}))
    assert [with_users[0].text, without[0].text] == ["@T. confirmed it.", "@U7 confirmed it."]


def test_a_damaged_users_json_is_reported_and_messages_still_go_in(tmp_path: Path) -> None:
    day = [{"type": "message", "ts": "1656833400.1", "text": "<@U7> confirmed it."}]
    root = export_with(tmp_path, {"2022-07-03.json": day})
    (root / "users.json").write_text("[{", encoding="utf-8")
    results = read(root)
    assert str(results[0]).startswith(f"{root / 'users.json'}: invalid JSON (")
    assert str(results[0]).endswith("; users are shown by id")
    assert results[1].text == "@U7 confirmed it."


def test_a_damaged_day_file_is_rejected_by_name_and_the_other_days_go_in(tmp_path: Path) -> None:
    good = [{"type": "message", "ts": "1656920000.1", "text": "Second day report."}]
    root = export_with(tmp_path, {"2022-07-04.json": good})
    (root / "desk-test" / "2022-07-03.json").write_text('[{"ts": "1"', encoding="utf-8")
    results = read(root)
    assert str(results[0]).startswith(f"{root / 'desk-test' / '2022-07-03.json'}: invalid JSON")
    assert results[1].text == "Second day report."


def test_a_control_character_in_a_day_file_is_named_once(tmp_path: Path) -> None:
    root = export_with(tmp_path, {})
    (root / "desk-test" / "2022-07-03.json").write_text('[{"text": "a\x01b"}]', encoding="utf-8")
    reason = str(read(root)[0])
    assert "invalid JSON (Invalid control character at line 1, column 13)" in reason
    assert " at at " not in reason


@pytest.mark.parametrize(
    ("message", "reason"),
    [
        ({"type": "message", "text": "No time."}, "no 'ts' (the message's time)"),
        ({"type": "message", "ts": "x", "text": "Bad."}, "unreadable date 'x' in field 'ts'"),
        ({"type": "message", "ts": "1656833400.1", "text": ["a"]}, "field 'text' is not text"),
        ("a string", "not a message object"),
    ],
)
def test_damaged_messages_are_rejected_where_they_are(
    tmp_path: Path, message: object, reason: str
) -> None:
    good = {"type": "message", "ts": "1656833500.1", "text": "Good."}
    root = export_with(tmp_path, {"2022-07-03.json": [message, good]})
    results = read(root)
    assert str(results[0]) == f"{root / 'desk-test' / '2022-07-03.json'}, message 1: {reason}"
    assert results[1].text == "Good."


def test_a_channel_folder_alone_is_an_export(tmp_path: Path) -> None:
    channel = tmp_path / "copy" / "desk-ukraine"
    shutil.copytree(EXPORT / "desk-ukraine", channel)
    check_target(str(channel))
    texts = [b.text for b in bulletins(channel)]
    assert len(texts) == 4 and all(b.source == "#desk-ukraine" for b in bulletins(channel))


def test_check_target_accepts_an_export_and_refuses_other_folders(tmp_path: Path) -> None:
    check_target(str(EXPORT))
    assert is_slack_export(EXPORT)
    (tmp_path / "photos").mkdir()
    (tmp_path / "photos" / "a.jpg").write_bytes(b"\xff\xd8")
    (tmp_path / "notes-2022.json").write_text("[]")
    assert not is_slack_export(tmp_path)
    with pytest.raises(UserError, match="is a folder but not a Slack export"):
        check_target(str(tmp_path))


def test_ingest_and_ask_over_an_export(wiredesk: Wiredesk, db: Database) -> None:
    first = wiredesk("ingest", str(EXPORT))
    assert first.exit_code == 1  # the message with a broken timestamp
    assert first.stdout == (
        "5 added (6 items, 0 linked as re-publications), 0 duplicates skipped, 1 rejected;"
        f" {EXPORT}: skipped 2 Slack system messages (joins, topic changes) and 1 message"
        " without text\n"
    )
    again = wiredesk("ingest", str(EXPORT))
    assert again.stdout.startswith("0 added (0 items, 0 linked as re-publications), 5 duplicates")
    (item,) = [i for i in ask(db, "Kremenchuk").items if i.matched]
    assert item.source == "#desk-ukraine"
    assert "<!here>" not in item.text


def test_the_same_text_in_two_channels_is_two_messages(tmp_path: Path, db: Database) -> None:
    root = export_with(
        tmp_path, {"2022-07-03.json": [{"ts": "1656833400.1", "text": "Sirens in Sumy."}]}
    )
    other = root / "desk-other"
    other.mkdir()
    (other / "2022-07-03.json").write_text(
        json.dumps([{"ts": "1656833400.1", "text": "Sirens in Sumy."}])
    )
    report = IngestReport()
    ingest(db, str(root), report)
    assert (report.added, report.duplicates) == (2, 0)
