"""`/conflict verify|false|dispute|clear|history ITEM`: in Slack, and at the console."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from bot.console import run_line
from bot.desk import HistoryCommand, VerdictCommand, parse_command
from newsroom.errors import UserError
from tests.support import slack_app
from tests.support.slack_app import Desk, fill_db, texts
from tests.support.verdicts import OUTSIDER, VERIFIER, entries, rows

clean_env, standin, serve_desk = slack_app.clean_env, slack_app.standin, slack_app.serve_desk


@pytest.fixture
def desk(serve_desk: Callable[..., Desk], db_path: Path) -> Desk:
    return serve_desk(fill_db(db_path), wiredesk_verifiers=f"{VERIFIER} S1")


def shown(reply: dict) -> str:
    return "\n".join(texts(reply))


# ---------------------------------------------------------------------- parsing


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("verify 12", VerdictCommand(12, "verified")),
        ("VERIFY item 12 seen on video", VerdictCommand(12, "verified", "seen on video")),
        ("verify #12", VerdictCommand(12, "verified")),
        ("false item12: fabricated", VerdictCommand(12, "false", "fabricated")),
        ("dispute 3 two accounts", VerdictCommand(3, "disputed", "two accounts")),
        ("clear 7", VerdictCommand(7, "clear")),
        ("verify 12, seen on video", VerdictCommand(12, "verified", "seen on video")),
        ("verify 12.", VerdictCommand(12, "verified")),
        ("dispute 12. Two accounts.", VerdictCommand(12, "disputed", "Two accounts.")),
        ("history item 9", HistoryCommand(9)),
        ("history #9 anything", HistoryCommand(9)),
        (
            "verify 4 see <https://example.org/a?x=1&amp;y=2|example.org> and <@U5>",
            VerdictCommand(4, "verified", "see and @U5", "https://example.org/a?x=1&y=2"),
        ),
        (
            "false 4 <https://a.example/1> <https://b.example/2>",
            VerdictCommand(4, "false", "https://b.example/2", "https://a.example/1"),
        ),
        (
            "verify 4 typed at a console https://c.example/x",
            VerdictCommand(4, "verified", "typed at a console", "https://c.example/x"),
        ),
        ("Lysychansk", None),
        ("false flag attack", None),
        ("history of Kyiv", None),
        ("verified reports", None),
        ("", None),
    ],
)
def test_parse_command(text: str, expected: object) -> None:
    assert parse_command(text) == expected


@pytest.mark.parametrize("text", ["verify", "history", "clear  ", "dispute"])
def test_a_command_word_alone_says_which_item(text: str) -> None:
    with pytest.raises(UserError, match="Say which item"):
        parse_command(text)


# ---------------------------------------------------------------------- Slack


def test_verify_sets_the_verdict_and_replies_with_its_line(desk: Desk, db_path: Path) -> None:
    reply = desk.answer(
        "verify item 1 Confirmed with the general staff <!channel> <https://example.org/p|proof>",
        user_id=VERIFIER,
    )
    assert reply["response_type"] == "ephemeral"
    text = shown(reply)
    assert f":white_check_mark: *VERIFIED* by <@{VERIFIER}>" in text
    assert "`item 1`" in text
    assert "Confirmed with the general staff @channel" in text
    assert "<https://example.org/p|evidence link>" in text
    assert "<!channel>" not in text
    [entry] = entries(db_path, 1)
    assert (entry.new_status, entry.by, entry.origin, entry.evidence) == (
        "verified",
        VERIFIER,
        "command",
        "https://example.org/p",
    )
    answer = desk.answer("Lysychansk")
    assert f":white_check_mark: *VERIFIED* by <@{VERIFIER}>" in shown(answer)


@pytest.mark.parametrize(
    ("word", "status", "badge"),
    [("false", "false", ":x: *FALSE*"), ("dispute", "disputed", ":warning: *DISPUTED*")],
)
def test_false_and_dispute(desk: Desk, db_path: Path, word: str, status: str, badge: str) -> None:
    reply = desk.answer(f"{word} #2 checked", user_id=VERIFIER)
    assert f"{badge} by <@{VERIFIER}>" in shown(reply)
    assert entries(db_path, 2)[0].new_status == status


def test_clear_then_history_newest_first(desk: Desk, db_path: Path) -> None:
    desk.answer("verify 1 first look", user_id=VERIFIER)
    desk.answer("false 1 turned out fake <https://example.org/fake>", user_id=VERIFIER)
    cleared = desk.answer("clear 1", user_id=VERIFIER)
    assert "Verdict cleared on `item 1`" in shown(cleared)
    assert "*disputed* again" in shown(cleared)

    reply = desk.answer("history item 1", user_id=OUTSIDER)  # anyone may read it
    lines = [b["text"]["text"] for b in reply["blocks"] if b["type"] == "section"]
    assert lines[0].startswith("*Verdict history of `item 1`*, newest first")
    assert len(lines) == 4
    assert "false → *CLEARED*" in lines[1]
    assert "via command" in lines[1]
    assert f"<@{VERIFIER}>: verified → :x: *FALSE*" in lines[2]
    assert "turned out fake" in lines[2] and "<https://example.org/fake|evidence link>" in lines[2]
    assert "disputed → :white_check_mark: *VERIFIED*" in lines[3]
    assert "first look" in lines[3]
    assert [e.new_status for e in entries(db_path, 1)] == ["cleared", "false", "verified"]


def test_history_of_an_item_without_verdicts(desk: Desk) -> None:
    reply = desk.answer("history 1")
    assert "No verdicts yet." in shown(reply)


@pytest.mark.parametrize("text", ["verify 999 x", "history 999", "clear 1"])
def test_unknown_item_or_nothing_to_clear_is_a_short_message(desk: Desk, text: str) -> None:
    reply = desk.answer(text, user_id=VERIFIER)
    assert reply["text"].startswith(":warning: ")
    assert "item" in reply["text"].lower()


def test_bad_evidence_in_a_command_is_refused(desk: Desk, db_path: Path) -> None:
    reply = desk.answer(f"verify 1 see <https://example.org/{'x' * 2000}>", user_id=VERIFIER)
    assert reply["text"].startswith(":warning: The evidence link is over 2,000 characters")
    assert entries(db_path, 1) == []


def test_a_non_verifier_is_refused_and_nothing_changes(desk: Desk, db_path: Path) -> None:
    before = rows(db_path, "SELECT count(*) FROM verdicts")
    reply = desk.answer("verify 1 trust me", user_id=OUTSIDER)
    assert reply == {
        "text": f"Only the verification desk can set verdicts (<@{VERIFIER}>, <!subteam^S1>).",
        "response_type": "ephemeral",
    }
    assert rows(db_path, "SELECT count(*) FROM verdicts") == before == [(0,)]


def test_a_user_group_member_is_a_verifier(desk: Desk, db_path: Path) -> None:
    desk.standin.usergroups["S1"] = ["U7"]
    desk.answer("verify 1 group member", user_id="U7")
    desk.answer("dispute 2 again", user_id="U7")
    assert entries(db_path, 1)[0].by == "U7"
    assert entries(db_path, 2)[0].by == "U7"
    calls = desk.standin.calls("usergroups.users.list")
    assert len(calls) == 1  # cached
    assert calls[0].params["usergroup"] == "S1"


def test_a_failing_group_lookup_refuses_without_crashing(desk: Desk, db_path: Path) -> None:
    reply = desk.answer("verify 1 x", user_id="U8")  # S1 unknown to the stand-in
    assert reply["text"].startswith("Only the verification desk")
    assert entries(db_path, 1) == []


def test_an_empty_verifier_list_names_the_setting(
    serve_desk: Callable[..., Desk], db_path: Path
) -> None:
    desk = serve_desk(fill_db(db_path))
    reply = desk.answer("verify 1", user_id=VERIFIER)
    assert reply["text"] == (
        "Nobody can set verdicts yet: an admin must list editors in WIREDESK_VERIFIERS."
    )
    assert entries(db_path, 1) == []
    assert "item 1" in shown(desk.answer("history 1"))


def test_a_topic_that_starts_with_a_command_word_is_still_a_topic(desk: Desk) -> None:
    reply = desk.answer("false flag Lysychansk")
    assert reply["blocks"][0]["text"]["text"] == "/conflict false flag Lysychansk"


@pytest.mark.parametrize("text", ["verify abc", "history abc", "dispute twelve"])
def test_slack_says_that_item_must_be_a_number(desk: Desk, db_path: Path, text: str) -> None:
    reply = desk.answer(text, user_id=VERIFIER)
    assert reply["response_type"] == "ephemeral"
    assert "ITEM must be a number" in shown(reply)
    assert "Nothing found" not in shown(reply)
    assert entries(db_path, 1) == []


# ---------------------------------------------------------------------- console


@pytest.fixture
def console_db(db_path: Path) -> str:
    return str(fill_db(db_path))


def test_console_sets_and_lists_verdicts_without_permissions(console_db: str) -> None:
    out = run_line(
        console_db, "/conflict verify 1 by phone https://example.org/c", by="console:amy"
    )
    assert out.startswith("item 1: Desk verdict: VERIFIED by console:amy")
    assert "note: by phone" in out and "evidence: https://example.org/c" in out
    cleared = run_line(console_db, "/conflict clear item 1", by="console:amy")
    assert cleared.startswith("Verdict cleared on item 1: it shows DISPUTED again")
    history = run_line(console_db, "/conflict history #1").splitlines()
    assert history[0] == "Verdict history of item 1, newest first:"
    assert "verified -> cleared" in history[1] and "(via cli)" in history[1]
    assert "disputed -> verified" in history[2]


def test_console_default_user_is_the_local_login(console_db: str) -> None:
    out = run_line(console_db, "verify 2 ok")
    assert "by console" in out
    assert entries(Path(console_db), 2)[0].by.startswith("console")


def test_console_reports_user_errors(console_db: str) -> None:
    assert run_line(console_db, "/conflict clear 1").startswith("! Item 1 has no verdict")
    assert run_line(console_db, "/conflict verify").startswith("! Say which item")


@pytest.mark.parametrize(
    ("text", "got"),
    [
        ("verify abc", "'abc'"),
        ("verify abc with a note", "'abc with a note'"),
        ("dispute twelve", "'twelve'"),
        ("clear x", "'x'"),
        ("history abc", "'abc'"),
        ("false #x1", "'#x1'"),
        ("verified item x", "'item x'"),
        ("disputed 1x", "'1x'"),
        # a decimal or a list is no item number: never the verdict of its first digits
        ("verify 1.5", "'1.5'"),
        ("false 12,13", "'12,13'"),
        ("dispute 12.3 two accounts", "'12.3 two accounts'"),
        ("history 4.2", "'4.2'"),
    ],
)
def test_a_command_word_with_no_item_number_says_item_must_be_a_number(text: str, got: str) -> None:
    with pytest.raises(UserError) as raised:
        parse_command(text)
    message = str(raised.value)
    assert message.startswith("ITEM must be a number, the N shown as `item N` in answers")
    assert f"(got {got})" in message
    assert f'put it in quotes: `/conflict "{text}"`' in message


@pytest.mark.parametrize("text", ['"verify abc"', "false flag attack", "history of Kyiv"])
def test_topics_that_start_with_a_command_word_parse_as_topics(text: str) -> None:
    assert parse_command(text) is None


@pytest.mark.parametrize("text", ["verify 1234567890123", "history #99999999999999999999"])
def test_an_item_number_too_long_to_exist_is_no_item(text: str) -> None:
    with pytest.raises(UserError, match=r"^There is no item \d{13,};"):
        parse_command(text)
