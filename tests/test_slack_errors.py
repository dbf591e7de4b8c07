"""Errors reach the user as a short ephemeral message, never as a traceback or an HTTP 500."""

from __future__ import annotations

import json
import logging
import re
import sqlite3
from collections.abc import Callable
from pathlib import Path

import pytest

from bot.settings import Settings
from handlers.errors import APOLOGY
from newsroom.errors import UserError
from store.schema import SCHEMA_VERSION
from tests.support import slack_app
from tests.support.slack_app import Desk

# The app fixtures (see tests/support/slack_app.py), made visible to this module's tests.
clean_env, standin, serve_desk, desk = (
    slack_app.clean_env,
    slack_app.standin,
    slack_app.serve_desk,
    slack_app.desk,
)

CLASS_NAME = re.compile(r"\b\w*(?:Error|Exception|Warning)\b|Traceback|File \"")


def assert_short_and_clean(text: str) -> None:
    assert len(text) < 300, text
    assert not CLASS_NAME.search(text), text


@pytest.mark.parametrize(
    ("topic", "problem"),
    [
        ("x" * 10_000, "That topic is 10,000 characters long; keep it under 200"),
        ("Kyiv " * 2_000, "keep it under 200"),
        ("!!! ??? ...", "has no letters or digits to search for"),
        ("one two three four five six seven eight nine", "That topic has 9 words"),
    ],
    ids=["10k-chars", "10k-words", "no-letters", "too-many-words"],
)
def test_bad_topic_gets_a_short_message(desk: Desk, topic: str, problem: str) -> None:
    status, _, raw = desk.command(topic)
    assert status == 200
    answer = json.loads(raw)
    assert answer["response_type"] == "ephemeral"
    assert answer["text"].startswith(":warning: ")
    assert problem in answer["text"]
    assert "blocks" not in answer
    assert_short_and_clean(answer["text"])


def test_bad_topic_is_not_logged_as_a_failure(desk: Desk, caplog: pytest.LogCaptureFixture) -> None:
    desk.answer("x" * 10_000)
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR]


# ---------------------------------------------------------------------- internal failures


def incompatible_db(path: Path) -> Path:
    """A valid SQLite file claiming the current schema, whose tables are not Wiredesk's."""
    connection = sqlite3.connect(path)
    connection.executescript(
        "CREATE TABLE items (id INTEGER PRIMARY KEY, body BLOB);"
        "CREATE TABLE bulletins (id INTEGER PRIMARY KEY, body BLOB);"
        "CREATE TABLE name_hours (key TEXT);"
        f"PRAGMA user_version = {SCHEMA_VERSION};"
    )
    connection.close()
    return path


@pytest.fixture
def broken_desk(serve_desk: Callable[[Path], Desk], tmp_path: Path) -> Desk:
    return serve_desk(incompatible_db(tmp_path / "other.db"))


def failure_records(caplog: pytest.LogCaptureFixture) -> list[logging.LogRecord]:
    return [r for r in caplog.records if r.levelno >= logging.ERROR and r.exc_info]


@pytest.mark.parametrize("topic", ["Lysychansk", "help", ""])
def test_internal_failure_apologises_and_logs_the_traceback(
    broken_desk: Desk, topic: str, caplog: pytest.LogCaptureFixture
) -> None:
    status, _, raw = broken_desk.command(topic)
    assert status == 200
    assert b"OperationalError" not in raw and b"Traceback" not in raw
    assert b"no such" not in raw and b"sqlite" not in raw.lower()
    assert json.loads(raw) == {"text": APOLOGY, "response_type": "ephemeral"}

    [record] = failure_records(caplog)
    assert record.exc_info[0] is sqlite3.OperationalError
    assert "handle_conflict" in record.getMessage()
    assert "Traceback" in caplog.text and "OperationalError" in caplog.text


def test_internal_failure_after_ack_apologises_by_response_url(
    broken_desk: Desk, caplog: pytest.LogCaptureFixture
) -> None:
    url = broken_desk.standin.webhook_url("broken")
    status, body = broken_desk.click(json.dumps({"topic": "Lysychansk"}), url)
    assert (status, body) == (200, b"")
    [message] = broken_desk.standin.wait_for_webhooks(1, name="broken")
    assert message == {"text": APOLOGY, "response_type": "ephemeral", "replace_original": False}
    [record] = failure_records(caplog)
    assert record.exc_info[0] is sqlite3.OperationalError
    assert "post_to_channel" in record.getMessage()


def test_apology_is_short_and_clean() -> None:
    assert_short_and_clean(APOLOGY)


# ---------------------------------------------------------------------- start-up checks


def settings(**values: str) -> Settings:
    return Settings(_env_file=None, **values)


@pytest.mark.usefixtures("clean_env")
@pytest.mark.parametrize(
    ("values", "named", "not_named"),
    [
        ({"slack_signing_secret": "secret"}, "SLACK_BOT_TOKEN", "SLACK_SIGNING_SECRET"),
        ({"slack_bot_token": "", "slack_signing_secret": "s"}, "SLACK_BOT_TOKEN", "SIGNING"),
        ({"slack_bot_token": "xoxb-1"}, "SLACK_SIGNING_SECRET", "SLACK_BOT_TOKEN"),
        ({}, "SLACK_BOT_TOKEN", None),
        ({}, "SLACK_SIGNING_SECRET", None),
        ({"slack_bot_token": "xoxb-1", "slack_app_token": "xoxb-2"}, "xapp-", "SIGNING"),
    ],
    ids=[
        "no-bot-token",
        "empty-bot-token",
        "no-secret-or-app-token",
        "nothing-1",
        "nothing-2",
        "app-token-not-xapp",
    ],
)
def test_require_slack_names_what_is_missing(
    values: dict, named: str, not_named: str | None
) -> None:
    with pytest.raises(UserError) as info:
        settings(**values).require_slack()
    message = str(info.value)
    assert named in message
    assert ".env.example" in message
    if not_named:
        assert not_named not in message


@pytest.mark.usefixtures("clean_env")
@pytest.mark.parametrize(
    "values",
    [
        {"slack_bot_token": "xoxb-1", "slack_signing_secret": "s"},
        {"slack_bot_token": "xoxb-1", "slack_app_token": "xapp-1"},
    ],
    ids=["http", "socket-mode"],
)
def test_require_slack_accepts_a_complete_setup(values: dict) -> None:
    settings(**values).require_slack()


@pytest.mark.usefixtures("clean_env")
def test_environment_supplies_settings(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SLACK_BOT_TOKEN", "xoxb-env")
    with pytest.raises(UserError, match="SLACK_SIGNING_SECRET") as info:
        settings().require_slack()
    assert "SLACK_BOT_TOKEN" not in str(info.value)
