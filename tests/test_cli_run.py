"""`wiredesk run` as a user starts it: a real process serving signed requests over HTTP."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.support.signed import post_signed, slash_command_body
from tests.support.slack_app import BOT_TOKEN, SECRET, fill_db
from tests.support.slack_standin import SlackStandIn

WIREDESK = [sys.executable, "-c", "from bot.cli import main; main()"]


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _environment(**settings: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("SLACK_", "WIREDESK_"))}
    env.pop("PORT", None)
    env["PYTHONPATH"] = str(Path(__file__).resolve().parents[1])
    return {**env, **settings}


@pytest.fixture
def running_bot(tmp_path: Path) -> Iterator[tuple[str, SlackStandIn]]:
    db = fill_db(tmp_path / "w.db")
    port = _free_port()
    with SlackStandIn() as standin:
        env = _environment(
            SLACK_BOT_TOKEN=BOT_TOKEN,
            SLACK_SIGNING_SECRET=SECRET,
            SLACK_API_URL=standin.api_url,
            WIREDESK_DB=str(db),
            PORT=str(port),
        )
        process = subprocess.Popen(
            [*WIREDESK, "run"],
            cwd=tmp_path,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
        )
        url = f"http://127.0.0.1:{port}/slack/events"
        try:
            deadline = time.monotonic() + 20
            while time.monotonic() < deadline:
                try:
                    socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
                    break
                except OSError:
                    assert process.poll() is None, process.stdout.read().decode()
                    time.sleep(0.1)
            yield url, standin
        finally:
            process.terminate()
            process.wait(timeout=10)


def test_run_serves_conflict_over_http(running_bot: tuple[str, SlackStandIn]) -> None:
    url, standin = running_bot
    status, _, body = post_signed(url, slash_command_body("Lysychansk"), secret=SECRET)
    assert status == 200
    answer = json.loads(body)
    assert answer["response_type"] == "ephemeral"
    assert "Lysychansk" in answer["text"]
    assert standin.calls("auth.test"), "start-up checks the bot token with auth.test"
    forged, _, _ = post_signed(url, slash_command_body("Lysychansk"), secret=SECRET, forge=True)
    assert forged == 401


@pytest.mark.parametrize(
    ("settings", "named"),
    [
        ({}, "SLACK_BOT_TOKEN"),
        ({"SLACK_BOT_TOKEN": "xoxb-1"}, "SLACK_SIGNING_SECRET"),
        ({"SLACK_BOT_TOKEN": "xoxb-1", "SLACK_APP_TOKEN": "not-an-app-token"}, "SLACK_APP_TOKEN"),
    ],
)
def test_run_without_credentials_stops_with_a_message_naming_them(
    tmp_path: Path, settings: dict[str, str], named: str
) -> None:
    done = subprocess.run(
        [*WIREDESK, "run"],
        cwd=tmp_path,
        env=_environment(**settings),
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 2
    assert named in done.stderr
    assert "Traceback" not in done.stderr + done.stdout
