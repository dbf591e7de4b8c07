"""Delivering the outbox: with the real WebClient against the loopback Slack stand-in, each
message reaches Slack once, through retries, 429s, errors, restarts and parallel senders."""

from __future__ import annotations

import json
import logging
import os
import socket
import subprocess
import sys
import threading
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from slack_sdk import WebClient
from sqlite_utils import Database

from bot.app import build_client
from bot.notifier import Notifier, deliver_pending, retry_delay
from bot.settings import Settings
from newsroom.ingest import IngestReport, ingest
from newsroom.verdicts import set_verdict
from store.bulletins import add_bulletins
from store.outbox import LEASE, MAX_ATTEMPTS, claim_next, outbox_rows, queue_message
from tests.conftest import item_ids_with, make_bulletin
from tests.support.slack_standin import Response, SlackStandIn

TOKEN = "xoxb-notifier-test"
VERIFIER = "U0VERIFY"
NOW = datetime(2024, 3, 4, 12, 0, tzinfo=UTC)
ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture
def slack() -> SlackStandIn:
    with SlackStandIn() as standin:
        yield standin


@pytest.fixture
def client(slack: SlackStandIn) -> WebClient:
    """The client `wiredesk run` uses (retries on 429 and dropped connections)."""
    return build_client(
        Settings(_env_file=None, slack_bot_token=TOKEN, slack_api_url=slack.api_url)
    )


def _queue(db: Database, count: int = 1, recipient: str = VERIFIER) -> None:
    for n in range(count):
        queue_message(
            db,
            kind="challenge",
            recipient=recipient,
            text=f"Message {n} for you",
            dedupe_key=f"challenge:1:{n}",
            now=NOW,
        )


def _posts(slack: SlackStandIn) -> list[tuple[str, str]]:
    return [(c.params["channel"], c.params["text"]) for c in slack.calls("chat.postMessage")]


def test_a_queued_message_is_sent_once_as_a_dm_to_the_verifier(
    db: Database, db_path: Path, client: WebClient, slack: SlackStandIn
) -> None:
    _queue(db)

    assert deliver_pending(db_path, client, NOW) == 1
    assert deliver_pending(db_path, client, NOW + timedelta(hours=1)) == 0

    assert _posts(slack) == [(VERIFIER, "Message 0 for you")]
    call = slack.calls("chat.postMessage")[0]
    assert call.token == TOKEN and call.params["unfurl_links"] in ("0", "false", False)
    (row,) = outbox_rows(db)
    assert row.sent_at == "2024-03-04T12:00:00.000000+00:00"
    assert (row.attempts, row.last_error) == (0, None)


def test_queuing_the_same_message_again_does_nothing(db: Database) -> None:
    _queue(db)
    _queue(db)

    assert len(outbox_rows(db)) == 1


def test_a_challenge_reaches_the_verifier(
    db: Database, db_path: Path, client: WebClient, slack: SlackStandIn, tmp_path: Path
) -> None:
    verified = "Flooding closed the Vasco da Gama bridge in Lisbon on Monday morning."
    add_bulletins(
        db, [make_bulletin(verified, source="Lisbon Daily", published="2024-03-04T08:00Z")]
    )
    (item_id,) = item_ids_with(db, "Flooding closed")
    set_verdict(db, item_id, "verified", by=VERIFIER, origin="cli", now=NOW - timedelta(hours=3))
    later = tmp_path / "later.jsonl"
    denial = "The roads agency denied that flooding closed the Vasco da Gama bridge <!channel>."
    later.write_text(
        json.dumps({"source": "Iberia Wire", "published": "2024-03-04T11:00Z", "text": denial})
    )
    ingest(db, str(later), IngestReport(), fmt="jsonl")

    assert deliver_pending(db_path, client, NOW) == 1
    assert deliver_pending(db_path, client, NOW) == 0

    ((channel, text),) = _posts(slack)
    assert channel == VERIFIER
    assert "Iberia Wire" in text and f"item {item_id}" in text
    assert "&lt;!channel&gt;" in text and "<!channel>" not in text


def test_parallel_senders_in_threads_send_each_message_once(
    db: Database, db_path: Path, client: WebClient, slack: SlackStandIn
) -> None:
    _queue(db, 12)
    slack.script("chat.postMessage", *[Response(delay=0.02) for _ in range(12)])
    sent: list[int] = []

    def sender() -> None:
        sent.append(deliver_pending(db_path, client))

    threads = [threading.Thread(target=sender) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)

    assert sum(sent) == 12
    assert len(slack.calls("chat.postMessage")) == 12
    assert all(row.sent_at for row in outbox_rows(db))


def test_parallel_sender_processes_send_each_message_once(
    db: Database, db_path: Path, slack: SlackStandIn
) -> None:
    _queue(db, 10)
    slack.script("chat.postMessage", *[Response(delay=0.03) for _ in range(10)])
    program = (
        "import sys; from bot.app import build_client; from bot.settings import Settings;"
        " from bot.notifier import deliver_pending;"
        f" client = build_client(Settings(_env_file=None, slack_bot_token={TOKEN!r},"
        f" slack_api_url={slack.api_url!r}));"
        f" print(deliver_pending({str(db_path)!r}, client))"
    )
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    processes = [
        subprocess.Popen([sys.executable, "-c", program], env=env, stdout=subprocess.PIPE)
        for _ in range(2)
    ]
    counts = [int(p.communicate(timeout=60)[0]) for p in processes]

    assert sum(counts) == 10
    assert len(slack.calls("chat.postMessage")) == 10


def test_a_429_is_waited_out_and_the_message_sent_once(
    db: Database, db_path: Path, client: WebClient, slack: SlackStandIn
) -> None:
    _queue(db)
    slack.script(
        "chat.postMessage",
        Response(
            status=429, headers={"Retry-After": "0"}, body={"ok": False, "error": "ratelimited"}
        ),
    )

    assert deliver_pending(db_path, client, NOW) == 1

    assert [c.status for c in slack.calls("chat.postMessage")] == [429, 200]
    (row,) = outbox_rows(db)
    assert row.sent_at and row.attempts == 0
    assert deliver_pending(db_path, client, NOW + timedelta(hours=1)) == 0


def test_a_slack_error_is_logged_and_retried_later(
    db: Database,
    db_path: Path,
    client: WebClient,
    slack: SlackStandIn,
    caplog: pytest.LogCaptureFixture,
) -> None:
    _queue(db)
    slack.script("chat.postMessage", Response(body={"ok": False, "error": "channel_not_found"}))

    with caplog.at_level(logging.WARNING, logger="wiredesk.notifier"):
        assert deliver_pending(db_path, client, NOW) == 0

    (row,) = outbox_rows(db)
    assert (row.sent_at, row.attempts) == (None, 1)
    assert "channel_not_found" in row.last_error
    (record,) = [r for r in caplog.records if r.name == "wiredesk.notifier"]
    assert record.levelno == logging.WARNING
    assert "channel_not_found" in record.getMessage() and VERIFIER in record.getMessage()
    assert TOKEN not in caplog.text
    # Not before its backoff has passed ...
    assert deliver_pending(db_path, client, NOW + timedelta(seconds=10)) == 0
    # ... then it goes, once.
    assert deliver_pending(db_path, client, NOW + retry_delay(1)) == 1
    assert deliver_pending(db_path, client, NOW + timedelta(days=1)) == 0
    assert len(slack.calls("chat.postMessage")) == 2
    (row,) = outbox_rows(db)
    assert row.sent_at and row.attempts == 1


def test_a_dropped_connection_counts_as_a_failed_attempt(
    db: Database, db_path: Path, client: WebClient, slack: SlackStandIn
) -> None:
    _queue(db)
    # The client retries a dropped connection once by itself; both attempts fail here.
    slack.script("chat.postMessage", Response(fail=True), Response(fail=True))

    assert deliver_pending(db_path, client, NOW) == 0

    (row,) = outbox_rows(db)
    assert row.attempts == 1 and row.last_error and row.sent_at is None
    assert deliver_pending(db_path, client, NOW + retry_delay(1)) == 1


def test_backoff_doubles_up_to_an_hour() -> None:
    assert [retry_delay(n).total_seconds() for n in (1, 2, 3, 4)] == [30, 60, 120, 240]
    assert retry_delay(20) == timedelta(hours=1)


def test_after_the_last_attempt_the_message_is_left_with_its_error(
    db: Database,
    db_path: Path,
    client: WebClient,
    slack: SlackStandIn,
    caplog: pytest.LogCaptureFixture,
) -> None:
    _queue(db)
    db.execute("UPDATE outbox SET attempts = ?", [MAX_ATTEMPTS - 1])
    slack.script("chat.postMessage", Response(body={"ok": False, "error": "user_not_found"}))

    with caplog.at_level(logging.ERROR, logger="wiredesk.notifier"):
        assert deliver_pending(db_path, client, NOW) == 0

    assert "Giving up" in caplog.text
    assert deliver_pending(db_path, client, NOW + timedelta(days=7)) == 0
    (row,) = outbox_rows(db)
    assert (row.attempts, row.sent_at) == (MAX_ATTEMPTS, None)
    assert len(slack.calls("chat.postMessage")) == 1


def test_a_claim_left_by_a_crashed_sender_lapses(
    db: Database, db_path: Path, client: WebClient, slack: SlackStandIn
) -> None:
    _queue(db)
    assert claim_next(db, NOW) is not None  # a sender took it, then died

    assert deliver_pending(db_path, client, NOW + timedelta(minutes=1)) == 0
    assert deliver_pending(db_path, client, NOW + LEASE) == 1
    assert len(slack.calls("chat.postMessage")) == 1


def test_the_notifier_thread_delivers_in_the_background(
    db: Database, db_path: Path, client: WebClient, slack: SlackStandIn
) -> None:
    notifier = Notifier(db_path, client, interval=0.02).start()
    try:
        _queue(db, 3)
        slack.wait_for("chat.postMessage", 3)
    finally:
        notifier.stop()

    assert not notifier._thread.is_alive()
    assert all(row.sent_at for row in outbox_rows(db))
    assert len(slack.calls("chat.postMessage")) == 3


def test_the_notifier_keeps_going_when_the_database_fails(
    tmp_path: Path, client: WebClient, caplog: pytest.LogCaptureFixture
) -> None:
    notifier = Notifier(tmp_path / "missing" / "w.db", client, interval=0.01)
    with caplog.at_level(logging.ERROR, logger="wiredesk.notifier"):
        notifier.start()
        deadline = time.monotonic() + 5
        while caplog.text.count("Outbox delivery failed") < 2 and time.monotonic() < deadline:
            time.sleep(0.01)
        notifier.stop()

    assert caplog.text.count("Outbox delivery failed") >= 2


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def test_wiredesk_run_delivers_the_outbox(
    db: Database, db_path: Path, slack: SlackStandIn, tmp_path: Path
) -> None:
    _queue(db, 2)
    env = {k: v for k, v in os.environ.items() if not k.startswith(("SLACK_", "WIREDESK_"))}
    env.update(
        PYTHONPATH=str(ROOT),
        SLACK_BOT_TOKEN=TOKEN,
        SLACK_SIGNING_SECRET="secret",
        SLACK_API_URL=slack.api_url,
        WIREDESK_DB=str(db_path),
        PORT=str(_free_port()),
    )
    process = subprocess.Popen(
        [sys.executable, "-c", "from bot.cli import main; main()", "run"],
        cwd=tmp_path,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        slack.wait_for("chat.postMessage", 2, timeout=20)
        deadline = time.monotonic() + 10
        while not all(row.sent_at for row in outbox_rows(db)) and time.monotonic() < deadline:
            time.sleep(0.05)
    finally:
        process.terminate()
        process.wait(timeout=10)

    assert sorted(_posts(slack)) == [
        (VERIFIER, "Message 0 for you"),
        (VERIFIER, "Message 1 for you"),
    ]
    assert all(row.sent_at for row in outbox_rows(db))
