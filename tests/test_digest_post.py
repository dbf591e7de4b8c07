"""Posting the digest exactly once, against the Slack stand-in with the real WebClient."""

from __future__ import annotations

import logging
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from slack_sdk import WebClient
from sqlite_utils import Database

import bot.digest_poster as poster
from bot.app import build_client
from bot.digest_poster import LEASE, PostResult, post_digest
from bot.settings import Settings
from store.digest import claim_digest, digest_record
from tests.support.digest_data import UKRAINE, UKRAINE_DAY, add_corpus, add_many_verdicts, utc
from tests.support.slack_standin import Response, SlackStandIn

ROOT = Path(__file__).resolve().parents[1]
CHANNEL = "C0DIGEST"
KEY = UKRAINE_DAY.isoformat()
NOW = utc("2022-07-04T08:00")


@pytest.fixture
def standin() -> Iterator[SlackStandIn]:
    with SlackStandIn() as server:
        yield server


@pytest.fixture
def client(standin: SlackStandIn) -> WebClient:
    """The bot's own client: retries dropped connections and honours Retry-After."""
    settings = Settings(_env_file=None, slack_bot_token="xoxb-test", slack_api_url=standin.api_url)
    return build_client(settings)


@pytest.fixture
def desk_db(db: Database, db_path: Path) -> str:
    add_corpus(db, UKRAINE)
    return str(db_path)


def post(db_path: str, client: WebClient, **options: object) -> PostResult:
    options = {"clock": (8, 0), "zone": "UTC", "now": NOW, "sleep": lambda _: None, **options}
    return post_digest(db_path, client, CHANNEL, UKRAINE_DAY, **options)


def posted(standin: SlackStandIn) -> list[dict]:
    """Messages the stand-in stored (answered calls, not failed ones), oldest first."""
    return [m for (channel, _), m in sorted(standin.messages.items()) if channel == CHANNEL]


def record(db: Database) -> dict:
    found = digest_record(db, CHANNEL, KEY)
    assert found is not None
    return found


def test_posted_once(desk_db: str, standin: SlackStandIn, client: WebClient, db: Database) -> None:
    result = post(desk_db, client)
    assert result.outcome == "posted"
    [call] = standin.calls("chat.postMessage")
    assert call.params["channel"] == CHANNEL
    assert call.params["text"].startswith("Conflict desk digest for 4 Jul 2022: 6 bulletins")
    assert call.params["blocks"][0]["type"] == "header"
    assert "Lysychansk" in str(call.params["blocks"])
    saved = record(db)
    assert saved["posted_at"] and saved["ts"] == result.ts == call.response["ts"]
    assert saved["attempts"] == 1 and saved["last_error"] is None


def test_a_restart_posts_nothing(desk_db: str, standin: SlackStandIn, client: WebClient) -> None:
    assert post(desk_db, client).outcome == "posted"
    # A new process (a restart) an hour later, with a new client.
    again = post(desk_db, client, now=NOW + timedelta(hours=1))
    assert (again.outcome, again.detail) == ("skipped", "already posted")
    # Even long after the lease: a posted digest never goes out again.
    assert post(desk_db, client, now=NOW + timedelta(days=3)).outcome == "skipped"
    assert len(standin.calls("chat.postMessage")) == 1


def test_each_channel_and_date_is_posted_once(
    desk_db: str, standin: SlackStandIn, client: WebClient
) -> None:
    assert post(desk_db, client).outcome == "posted"
    other = post_digest(desk_db, client, "C0OTHER", UKRAINE_DAY, clock=(8, 0), zone="UTC", now=NOW)
    next_day = post_digest(
        desk_db,
        client,
        CHANNEL,
        UKRAINE_DAY + timedelta(days=1),
        clock=(8, 0),
        zone="UTC",
        now=NOW + timedelta(days=1),
    )
    assert (other.outcome, next_day.outcome) == ("posted", "posted")
    assert len(standin.calls("chat.postMessage")) == 3


def test_two_threads_at_once_post_once(
    desk_db: str, standin: SlackStandIn, client: WebClient
) -> None:
    for round_ in range(3):
        day = UKRAINE_DAY + timedelta(days=round_)
        start = threading.Barrier(2)
        results: list[PostResult] = []

        def run(day=day, start=start, results=results) -> None:
            start.wait()
            results.append(
                post_digest(desk_db, client, CHANNEL, day, clock=(8, 0), zone="UTC", now=NOW)
            )

        threads = [threading.Thread(target=run) for _ in range(2)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=30)
        assert sorted(r.outcome for r in results) == ["posted", "skipped"]
    assert len(standin.calls("chat.postMessage")) == 3


SUBPROCESS = """
import sys, time
from datetime import date, datetime
from bot.app import build_client
from bot.digest_poster import post_digest
from bot.settings import Settings

db, url, start = sys.argv[1], sys.argv[2], float(sys.argv[3])
client = build_client(Settings(_env_file=None, slack_bot_token="xoxb-test", slack_api_url=url))
time.sleep(max(0.0, start - time.time()))
result = post_digest(db, client, sys.argv[4], date(2022, 7, 4), clock=(8, 0), zone="UTC")
print(result.outcome)
"""


def test_two_processes_at_once_post_once(desk_db: str, standin: SlackStandIn, db: Database) -> None:
    start = time.time() + 1.5  # both interpreters are up by then, and claim together
    processes = [
        subprocess.Popen(
            [sys.executable, "-c", SUBPROCESS, desk_db, standin.api_url, str(start), CHANNEL],
            cwd=ROOT,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for _ in range(2)
    ]
    outputs = [process.communicate(timeout=60) for process in processes]
    assert all(process.returncode == 0 for process in processes), outputs
    assert sorted(out.strip() for out, _ in outputs) == ["posted", "skipped"]
    assert len(standin.calls("chat.postMessage")) == 1
    assert record(db)["posted_at"]


def test_rate_limited_then_posted_once(
    desk_db: str, standin: SlackStandIn, client: WebClient, db: Database
) -> None:
    standin.script(
        "chat.postMessage",
        Response(
            status=429, headers={"Retry-After": "1"}, body={"ok": False, "error": "ratelimited"}
        ),
    )
    began = time.monotonic()
    result = post(desk_db, client)
    assert result.outcome == "posted"
    assert time.monotonic() - began >= 1.0  # Retry-After was honoured
    calls = standin.calls("chat.postMessage")
    assert [c.status for c in calls] == [429, 200]
    assert len(posted(standin)) == 1
    assert record(db)["posted_at"] and record(db)["ts"] == result.ts


def test_a_failing_slack_is_retried_then_left_unposted(
    desk_db: str,
    standin: SlackStandIn,
    client: WebClient,
    db: Database,
    caplog: pytest.LogCaptureFixture,
) -> None:
    for _ in range(2):
        standin.script(
            "chat.postMessage", Response(body={"ok": False, "error": "channel_not_found"})
        )
    waits: list[float] = []
    with caplog.at_level(logging.WARNING, logger="wiredesk.digest"):
        result = post(desk_db, client, attempts=2, backoff=2.0, sleep=waits.append)
    assert result.outcome == "failed"
    assert "channel_not_found" in result.detail
    assert waits == [2.0]  # backoff between the attempts, none after the last
    saved = record(db)
    assert saved["posted_at"] is None and saved["ts"] is None
    assert "channel_not_found" in saved["last_error"]
    assert "failed (attempt 1 of 2)" in caplog.text and "Gave up posting" in caplog.text
    assert posted(standin) == []
    # The claim was released: a later run (the next start, a rerun of --post) posts it.
    later = post(desk_db, client, now=NOW + timedelta(minutes=1))
    assert later.outcome == "posted"
    assert len(standin.calls("chat.postMessage")) == 3
    assert len(posted(standin)) == 1
    assert record(db)["posted_at"] and record(db)["last_error"] is None


def test_backoff_grows_between_attempts(
    desk_db: str, standin: SlackStandIn, client: WebClient
) -> None:
    for _ in range(3):
        standin.script("chat.postMessage", Response(body={"ok": False, "error": "fatal_error"}))
    waits: list[float] = []
    result = post(desk_db, client, attempts=3, backoff=0.5, sleep=waits.append)
    assert result.outcome == "failed"
    assert waits == [0.5, 1.0]


def test_a_dropped_connection_then_posted(
    desk_db: str, standin: SlackStandIn, client: WebClient, db: Database
) -> None:
    standin.script("chat.postMessage", Response(fail=True))
    result = post(desk_db, client)
    assert result.outcome == "posted"
    assert [c.status for c in standin.calls("chat.postMessage")] == [0, 200]
    assert len(posted(standin)) == 1
    assert record(db)["ts"] == result.ts


def test_network_down_every_time_is_not_marked_posted(
    desk_db: str, standin: SlackStandIn, client: WebClient, db: Database
) -> None:
    for _ in range(4):  # the client's own retry, twice
        standin.script("chat.postMessage", Response(fail=True))
    result = post(desk_db, client, attempts=2)
    assert result.outcome == "failed"
    assert record(db)["posted_at"] is None
    assert post(desk_db, client).outcome == "posted"


def test_a_long_digest_goes_on_in_the_thread(
    desk_db: str, standin: SlackStandIn, client: WebClient, db: Database
) -> None:
    add_many_verdicts(db, 100, published=utc("2022-07-03T09:00"), at=utc("2022-07-03T20:00"))
    result = post(desk_db, client)
    assert result.outcome == "posted"
    first, *rest = standin.calls("chat.postMessage")
    assert rest, "a digest with 200 changes should continue in a thread"
    assert "thread_ts" not in first.params
    assert all(call.params["thread_ts"] == first.response["ts"] == result.ts for call in rest)
    assert all(len(call.params["blocks"]) <= 50 for call in [first, *rest])
    assert sum(str(call.params["blocks"]).count("`item ") for call in [first, *rest]) == 200
    # A restart posts neither the message nor its thread again.
    assert post(desk_db, client).outcome == "skipped"
    assert len(standin.calls("chat.postMessage")) == 1 + len(rest)


def test_a_failed_continuation_does_not_repost_the_digest(
    desk_db: str,
    standin: SlackStandIn,
    client: WebClient,
    db: Database,
    caplog: pytest.LogCaptureFixture,
) -> None:
    add_many_verdicts(db, 100, published=utc("2022-07-03T09:00"), at=utc("2022-07-03T20:00"))
    standin.script("chat.postMessage", Response())  # the first message goes through
    standin.script("chat.postMessage", Response(body={"ok": False, "error": "msg_too_long"}))
    with caplog.at_level(logging.ERROR, logger="wiredesk.digest"):
        assert post(desk_db, client).outcome == "posted"
    assert "continuation 2 could not be posted" in caplog.text
    assert record(db)["posted_at"]


def test_a_stale_claim_is_taken_over(
    desk_db: str, standin: SlackStandIn, client: WebClient, db: Database
) -> None:
    # A worker claimed the digest, then crashed before posting.
    crashed = NOW - LEASE - timedelta(minutes=1)
    assert claim_digest(db, CHANNEL, KEY, "crashed:1", crashed, LEASE)
    result = post(desk_db, client)
    assert result.outcome == "posted"
    assert record(db)["claimed_by"] == poster.worker_name()
    assert len(standin.calls("chat.postMessage")) == 1


def test_a_live_claim_is_respected(
    desk_db: str, standin: SlackStandIn, client: WebClient, db: Database
) -> None:
    assert claim_digest(db, CHANNEL, KEY, "busy:1", NOW - timedelta(minutes=1), LEASE)
    result = post(desk_db, client)
    assert (result.outcome, result.detail) == ("skipped", "being posted by another worker")
    assert standin.calls("chat.postMessage") == []
    assert record(db)["claimed_by"] == "busy:1"


def test_a_crash_while_building_releases_the_claim(
    desk_db: str, standin: SlackStandIn, client: WebClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("disk on fire")

    with monkeypatch.context() as patch, pytest.raises(RuntimeError):
        patch.setattr(poster, "build_digest", broken)
        post(desk_db, client)
    # No ten-minute wait for the lease: the next run posts.
    assert post(desk_db, client, now=NOW + timedelta(minutes=1)).outcome == "posted"
    assert len(standin.calls("chat.postMessage")) == 1


def test_the_token_never_reaches_the_logs(
    desk_db: str, standin: SlackStandIn, client: WebClient, caplog: pytest.LogCaptureFixture
) -> None:
    standin.script("chat.postMessage", Response(body={"ok": False, "error": "invalid_auth"}))
    with caplog.at_level(logging.DEBUG):
        post(desk_db, client, attempts=1)
    assert "xoxb-test" not in caplog.text


def test_default_now_is_the_real_clock(
    desk_db: str, standin: SlackStandIn, client: WebClient, db: Database
) -> None:
    before = datetime.now(UTC)
    post_digest(desk_db, client, CHANNEL, UKRAINE_DAY, clock=(8, 0), zone="UTC")
    claimed = datetime.fromisoformat(record(db)["claimed_at"])
    assert before <= claimed <= datetime.now(UTC)


def test_an_unreachable_slack_is_said_in_words(desk_db: str, db: Database) -> None:
    with socket.socket() as probe:  # a loopback port nothing listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    unreachable = WebClient(token="xoxb-test", base_url=f"http://127.0.0.1:{port}/api/")
    result = post(desk_db, unreachable, attempts=1)
    assert result.outcome == "failed"
    assert result.detail == "Slack could not be reached (Connection refused)"
    assert record(db)["last_error"] == "Slack could not be reached (Connection refused)"
