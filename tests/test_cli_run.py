"""`wiredesk run` as a user starts it: a real process serving signed requests over HTTP."""

from __future__ import annotations

import json
import logging
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
from tests.support.slack_standin import Response, SlackStandIn

WIREDESK = [sys.executable, "-c", "from bot.cli import main; main()"]


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _environment(**settings: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("SLACK_", "WIREDESK_"))}
    env.pop("PORT", None)
    env.pop("HOST", None)
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
            HOST="127.0.0.1",
            WIREDESK_THREADS="3",
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
        log = process.stdout.read().decode()
        assert f"Listening for Slack on http://127.0.0.1:{port}/slack/events (3 threads)" in log
        assert "will be unused" not in log, "bolt's warning about the token is not logged"


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


def _run_until_it_stops(tmp_path: Path, **settings: str) -> subprocess.CompletedProcess:
    fill_db(tmp_path / "w.db")
    env = _environment(
        SLACK_BOT_TOKEN=BOT_TOKEN,
        SLACK_SIGNING_SECRET=SECRET,
        WIREDESK_DB=str(tmp_path / "w.db"),
        **settings,
    )
    return subprocess.run(
        [*WIREDESK, "run"], cwd=tmp_path, env=env, capture_output=True, text=True, timeout=60
    )


def _assert_stopped_with(done: subprocess.CompletedProcess, *fragments: str) -> None:
    assert done.returncode == 2, done.stderr
    assert "Traceback" not in done.stderr + done.stdout
    assert "internal error" not in done.stderr
    last = done.stderr.strip().splitlines()[-1]
    for fragment in fragments:
        assert fragment in last, last


def test_run_when_slack_cannot_be_reached_says_where(tmp_path: Path) -> None:
    nobody = f"http://127.0.0.1:{_free_port()}/api/"  # a loopback port nothing listens on
    done = _run_until_it_stops(tmp_path, SLACK_API_URL=nobody, PORT=str(_free_port()))
    _assert_stopped_with(
        done, f"Cannot reach Slack's Web API at {nobody}: Connection refused", "SLACK_API_URL"
    )


def test_run_when_slack_refuses_the_token_names_it(tmp_path: Path) -> None:
    with SlackStandIn() as standin:
        standin.valid_tokens = {"xoxb-the-real-one"}
        api_url = standin.api_url
        done = _run_until_it_stops(tmp_path, SLACK_API_URL=api_url, PORT=str(_free_port()))
    _assert_stopped_with(done, "refused SLACK_BOT_TOKEN (invalid_auth)", api_url)


def test_run_when_slack_api_url_is_not_slack_says_so(tmp_path: Path) -> None:
    with SlackStandIn() as standin:
        # a web server that is not Slack's Web API: a proxy's or a mistyped path's page
        standin.script("auth.test", Response(status=404, body="<html>Not Found</html>"))
        api_url = standin.api_url
        done = _run_until_it_stops(tmp_path, SLACK_API_URL=api_url, PORT=str(_free_port()))
    _assert_stopped_with(
        done,
        f"{api_url} did not answer as Slack's Web API (not JSON: '<html>Not Found</html>')",
        "check SLACK_API_URL",
    )
    assert "refused SLACK_BOT_TOKEN" not in done.stderr


def test_run_in_socket_mode_when_slack_refuses_the_app_token_names_it(tmp_path: Path) -> None:
    with SlackStandIn() as standin:  # the stand-in takes bot tokens only: xapp- is refused
        api_url = standin.api_url
        done = _run_until_it_stops(
            tmp_path, SLACK_API_URL=api_url, SLACK_APP_TOKEN="xapp-1-A111-3333-revoked"
        )
    _assert_stopped_with(done, "refused SLACK_APP_TOKEN (invalid_auth)", api_url)


@pytest.mark.parametrize("host", ["127.0.0.1", "0.0.0.0"])
def test_run_when_its_port_is_taken_says_so_and_names_the_port(tmp_path: Path, host: str) -> None:
    with socket.socket() as taken, SlackStandIn() as standin:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        done = _run_until_it_stops(
            tmp_path, SLACK_API_URL=standin.api_url, PORT=str(port), HOST=host
        )
    _assert_stopped_with(
        done, f"Cannot listen on {host}:{port}: Address already in use", "set PORT"
    )


def test_run_on_an_address_of_another_machine_says_so(tmp_path: Path) -> None:
    with SlackStandIn() as standin:
        done = _run_until_it_stops(
            tmp_path,
            SLACK_API_URL=standin.api_url,
            PORT=str(_free_port()),
            HOST="192.0.2.7",  # TEST-NET-1: never an address of this machine
        )
    _assert_stopped_with(done, "Cannot listen on 192.0.2.7:", "Cannot assign requested address")


def test_the_app_does_not_log_that_the_token_is_unused(
    caplog: pytest.LogCaptureFixture, monkeypatch: pytest.MonkeyPatch
) -> None:
    from bot.app import build_app
    from bot.settings import Settings

    with SlackStandIn() as standin:
        monkeypatch.setenv("SLACK_BOT_TOKEN", BOT_TOKEN)  # bolt reads it from here as well
        settings = Settings(
            _env_file=None, slack_signing_secret=SECRET, slack_api_url=standin.api_url
        )
        with caplog.at_level(logging.DEBUG):
            app = build_app(settings)
    assert app.client.token == BOT_TOKEN
    assert standin.calls("auth.test")
    assert not [r for r in caplog.records if "will be unused" in r.getMessage()]
    assert not [r for r in caplog.records if r.levelno >= logging.WARNING]


def test_the_http_server_binds_host_with_the_threads_asked(tmp_path: Path) -> None:
    from bot.app import build_app
    from bot.server import listen
    from bot.settings import Settings

    with SlackStandIn() as standin:
        settings = Settings(
            _env_file=None,
            slack_bot_token=BOT_TOKEN,
            slack_signing_secret=SECRET,
            slack_api_url=standin.api_url,
        )
        server = listen(build_app(settings), "127.0.0.1", 0, 5)
    try:
        assert server.effective_host == "127.0.0.1"
        assert server.adj.threads == 5
    finally:
        server.close()


@pytest.fixture
def restored_logging() -> Iterator[None]:
    root = logging.getLogger()
    scheduler = logging.getLogger("apscheduler")
    handlers, levels = list(root.handlers), (root.level, scheduler.level)
    yield
    root.handlers[:] = handlers
    root.setLevel(levels[0])
    scheduler.setLevel(levels[1])


def test_the_bot_logs_wiredesk_at_info_and_not_each_scheduler_run(restored_logging: None) -> None:
    from bot.cli import configure_logging

    logging.getLogger().handlers[:] = []  # as in a fresh process: basicConfig installs one
    configure_logging()
    assert logging.getLogger("wiredesk.wire").isEnabledFor(logging.INFO)
    assert not logging.getLogger("apscheduler.executors.default").isEnabledFor(logging.INFO)
    assert logging.getLogger("apscheduler.scheduler").isEnabledFor(logging.WARNING)
