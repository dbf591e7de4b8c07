"""`wiredesk run` started as a user starts it, beside a Slack stand-in, for timing over HTTP.

The bot is a subprocess (``python -c "from bot.cli import main; main()" run``) in HTTP mode
on a free port, its Web API pointed at :class:`tests.support.slack_standin.SlackStandIn`;
requests are signed slash commands sent with :func:`tests.support.signed.post_signed`.
"""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from bench.measure import process_memory_mb
from tests.support.signed import post_signed, slash_command_body
from tests.support.slack_standin import SlackStandIn

WIREDESK = [sys.executable, "-c", "from bot.cli import main; main()"]
BOT_TOKEN = "xoxb-bench"
SECRET = "bench-signing-secret"
EVENTS_PATH = "/slack/events"
ROOT = Path(__file__).resolve().parents[1]


class BotError(RuntimeError):
    """The bot did not start, or did not answer a command with an answer."""


@dataclass
class RunningBot:
    """A `wiredesk run` process serving signed requests at ``url``."""

    url: str
    process: subprocess.Popen
    log_path: Path
    standin: SlackStandIn | None = None
    """The Slack stand-in its Web API calls and ``response_url`` posts go to."""

    def command(self, text: str, *, timeout: float = 60) -> dict:
        """Send `/conflict TEXT`, signed; the JSON answer. Raises BotError on anything but
        HTTP 200 with an answer (an apology or a warning is not an answer)."""
        status, _, body = post_signed(
            self.url, slash_command_body(text), secret=SECRET, timeout=timeout
        )
        if status != 200:
            raise BotError(f"/conflict {text}: HTTP {status}: {body[:200]!r}\n{self.log_tail()}")
        answer = json.loads(body)
        if answer.get("text", "").startswith(":"):
            raise BotError(f"/conflict {text}: {answer['text']}\n{self.log_tail()}")
        return answer

    def refused(self) -> None:
        """Send `/conflict` signed with a wrong secret; raises BotError unless refused (401)."""
        status, _, _ = post_signed(self.url, slash_command_body("x"), secret=SECRET, forge=True)
        if status != 401:
            raise BotError(f"a forged request got HTTP {status}, not 401\n{self.log_tail()}")

    def memory_mb(self) -> dict[str, float | None]:
        """The bot's peak (VmHWM) and current (VmRSS) resident set, in MB."""
        return process_memory_mb(self.process.pid)

    def log_tail(self, lines: int = 20) -> str:
        """The end of the bot's own output."""
        text = self.log_path.read_text(encoding="utf-8", errors="replace")
        return "\n".join(text.splitlines()[-lines:])


def free_port() -> int:
    """A TCP port nobody listens on now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def bot_environment(**settings: str) -> dict[str, str]:
    """This environment without any Slack or Wiredesk setting, plus ``settings``; this
    checkout first on PYTHONPATH."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("SLACK_", "WIREDESK_"))}
    env.pop("PORT", None)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT), env.get("PYTHONPATH")]))
    return {**env, **settings}


@contextmanager
def running_bot(db_path: Path, work: Path, *, start_timeout: float = 60) -> Iterator[RunningBot]:
    """Start `wiredesk run` over ``db_path`` (working folder ``work``, so no .env is read) and
    stop it afterwards; ready once its port answers."""
    port = free_port()
    log_path = work / "bot.log"
    with SlackStandIn() as standin, log_path.open("wb") as log:
        env = bot_environment(
            SLACK_BOT_TOKEN=BOT_TOKEN,
            SLACK_SIGNING_SECRET=SECRET,
            SLACK_API_URL=standin.api_url,
            WIREDESK_DB=str(db_path),
            PORT=str(port),
        )
        process = subprocess.Popen(
            [*WIREDESK, "run"], cwd=work, env=env, stdout=log, stderr=subprocess.STDOUT
        )
        bot = RunningBot(f"http://127.0.0.1:{port}{EVENTS_PATH}", process, log_path, standin)
        try:
            _wait_for_port(bot, port, start_timeout)
            yield bot
        finally:
            process.terminate()
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


def _wait_for_port(bot: RunningBot, port: int, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            return
        except OSError:
            if bot.process.poll() is not None:
                raise BotError(f"wiredesk run exited early:\n{bot.log_tail()}") from None
            time.sleep(0.05)
    raise BotError(f"wiredesk run did not listen on port {port} in {timeout:.0f} s")
