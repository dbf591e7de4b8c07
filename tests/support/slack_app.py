"""The real Wiredesk Slack app over HTTP, against the Slack stand-in and a file database.

Load the fixtures in a test module with ``pytest_plugins = ["tests.support.slack_app"]`` and
use ``desk.command("Lysychansk")`` / ``desk.click(value, response_url)`` to send signed requests:

- ``standin``: a running :class:`SlackStandIn` (the Web API and ``response_url`` endpoints).
- ``serve_desk``: a factory, ``serve_desk(db_path, timeout=None, **settings) -> Desk``, that
  builds the App (its Web API client's timeout ``timeout`` seconds when given) with
  ``build_app`` (which calls auth.test on the stand-in), serves it with ``make_http_server``
  on 127.0.0.1 and closes it after the test.
- ``desk``: ``serve_desk`` over the database at ``db_path`` (tests/conftest.py, under
  ``tmp_path``) filled with the bulletins of :func:`fill_db`.
- ``clean_env``: keeps the developer's own Slack settings out of ``Settings`` (conftest's autouse
  fixture does so too; this one keeps the helper correct on its own).
"""

from __future__ import annotations

import contextlib
import json
import re
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from slack_bolt import App
from waitress import wasyncore

from bot.app import build_app, build_client
from bot.server import make_http_server
from bot.settings import Settings
from newsroom.models import RawBulletin
from newsroom.text.analyse import analyse
from store.bulletins import add_bulletins
from store.schema import open_db
from tests.support.signed import (
    block_actions_payload,
    interaction_body,
    post_signed,
    slash_command_body,
)
from tests.support.slack_standin import SlackStandIn

SECRET = "secret"
BOT_TOKEN = "xoxb-test"
SETTING_VARS = (
    "SLACK_BOT_TOKEN",
    "SLACK_SIGNING_SECRET",
    "SLACK_APP_TOKEN",
    "SLACK_API_URL",
    "WIREDESK_DB",
    "PORT",
)

#: Bulletin text that tries to ping, mention and link (must reach Slack escaped).
INJECTION = (
    "A post shared in Lysychansk urged readers @channel <!here> <@U999> to "
    "<https://evil.example|click> for Q&A, its author said."
)
#: Strings that must never appear unescaped in anything the bot shows.
LIVE_TOKENS = ("<!channel>", "<!here>", "<!everyone>", "<@U999>", "<https://evil", "<http")


def _bulletins(now: datetime) -> list[RawBulletin]:
    hour = timedelta(hours=1)
    return [
        RawBulletin(
            source="Meridian Wire",
            title="Ukraine says drones hit depot in Lysychansk",
            published=now - 6 * hour,
            url="https://example.org/meridian/lysychansk-depot",
            text=(
                "Ukraine's general staff said on Wednesday its drones had struck an ammunition "
                "depot in occupied Lysychansk overnight. Leonid Bazhenov, a Russian-installed "
                "official, denied that any military site in Lysychansk had been hit. "
                "Meridian Wire could not independently verify either account."
            ),
        ),
        RawBulletin(
            source="Kyiv Desk",
            title="Лисичанськ: склад боєприпасів",
            published=now - 5 * hour,
            text="Військові заявили, що у Лисичанську знищено склад боєприпасів.",
        ),
        RawBulletin(
            source="Rumour Mill <script>",
            title="Viral post",
            published=now - 4 * hour,
            text=INJECTION,
        ),
        RawBulletin(
            source="Northgate Herald",
            title="Air raid alert in Kyiv",
            published=now - 3 * hour,
            text=(
                "City officials in Kyiv said air defences shot down several drones overnight. "
                "Residents spent hours in shelters across the capital."
            ),
        ),
    ]


def fill_db(path: Path, *, now: datetime | None = None) -> Path:
    """A Wiredesk database at ``path`` holding the analysed test bulletins."""
    db = open_db(path)
    try:
        add_bulletins(db, [analyse(b) for b in _bulletins(now or datetime.now(UTC))])
    finally:
        db.close()
    return path


@dataclass
class Desk:
    """The running app: its URL, the stand-in it talks to, and request helpers."""

    url: str
    standin: SlackStandIn
    app: App
    settings: Settings

    def command(self, text: str, **kwargs: Any) -> tuple[int, dict[str, str], bytes]:
        """A signed ``/conflict TEXT`` (``kwargs`` go to :func:`slash_command_body`)."""
        kwargs.setdefault("response_url", self.standin.webhook_url("command"))
        return post_signed(self.url, slash_command_body(text, **kwargs), secret=SECRET)

    def answer(self, text: str, **kwargs: Any) -> dict[str, Any]:
        """``/conflict TEXT``, checked to be a 200 with a JSON body, which is returned."""
        status, headers, body = self.command(text, **kwargs)
        assert status == 200, body
        assert headers["content-type"].startswith("application/json"), (headers, body)
        return json.loads(body)

    def click(self, value: str, response_url: str, **kwargs: Any) -> tuple[int, bytes]:
        """A signed click on the "Post to channel" button of an ephemeral answer."""
        kwargs.setdefault("ephemeral", True)
        payload = block_actions_payload(
            "post_to_channel", value, response_url=response_url, **kwargs
        )
        status, _, body = post_signed(self.url, interaction_body(payload), secret=SECRET)
        return status, body


# ---------------------------------------------------------------------- reading answers

_DATE_TOKEN = re.compile(r"<!date\^\d+\^[^|<>]*\|[^<>]*>")


def texts(message: dict[str, Any]) -> list[str]:
    """Every text a reader sees: top-level ``text`` and each ``text`` in the blocks."""
    found: list[str] = []

    def walk(node: Any) -> None:
        if isinstance(node, dict):
            for key, value in node.items():
                if key == "text" and isinstance(value, str):
                    found.append(value)
                elif key != "value":  # button values are data, never shown
                    walk(value)
        elif isinstance(node, list):
            for child in node:
                walk(child)

    walk(message)
    return found


def without_app_tokens(text: str, *, shared_by: str | None = None) -> str:
    """``text`` minus the ``<…>`` tokens the bot itself writes (dates, the sharer's mention)."""
    text = _DATE_TOKEN.sub("", text)
    if shared_by:
        text = text.replace(f"shared by <@{shared_by}>", "shared by")
    return text


def text_objects(blocks: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Every text object (``{"type": "mrkdwn"|"plain_text", "text": ...}``) in ``blocks``."""
    found: list[dict[str, Any]] = []

    def walk(node: Any) -> None:
        if isinstance(node, dict):
            if node.get("type") in {"mrkdwn", "plain_text"} and "text" in node:
                found.append(node)
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for child in node:
                walk(child)

    walk(blocks)
    return found


def item_ids(message: dict[str, Any]) -> list[int]:
    """The ``item N`` numbers shown in an answer, in order."""
    return [int(n) for t in texts(message) for n in re.findall(r"`item (\d+)`", t)]


def button_value(message: dict[str, Any]) -> str:
    """The value of the answer's "Post to channel" button."""
    for block in message.get("blocks", []):
        for element in block.get("elements", []):
            if element.get("action_id") == "post_to_channel":
                return element["value"]
    raise AssertionError(f"no Post to channel button in {message}")


# ---------------------------------------------------------------------- fixtures


@pytest.fixture
def clean_env(monkeypatch: pytest.MonkeyPatch) -> None:
    """No Wiredesk setting comes from the developer's environment."""
    for name in SETTING_VARS:
        monkeypatch.delenv(name, raising=False)


@pytest.fixture
def standin() -> Iterator[SlackStandIn]:
    with SlackStandIn() as server:
        yield server


@pytest.fixture
def serve_desk(standin: SlackStandIn, clean_env: None) -> Iterator[Callable[[Path], Desk]]:
    servers: list[tuple[Any, threading.Thread]] = []

    def serve(db_path: Path, *, timeout: float | None = None, **overrides: Any) -> Desk:
        settings = Settings(
            _env_file=None,
            slack_bot_token=BOT_TOKEN,
            slack_signing_secret=SECRET,
            slack_api_url=standin.api_url,
            wiredesk_db=str(db_path),
            **overrides,
        )
        client = build_client(settings)
        if timeout is not None:  # the Web API client's timeout, in seconds
            client.timeout = timeout
        app = build_app(settings, client=client)
        server = make_http_server(app, host="127.0.0.1", port=0)
        thread = threading.Thread(target=server.run, name="wiredesk-http", daemon=True)
        thread.start()
        servers.append((server, thread))
        url = f"http://127.0.0.1:{server.effective_port}/slack/events"
        return Desk(url=url, standin=standin, app=app, settings=settings)

    yield serve
    for server, thread in servers:
        stop(server, thread)


def stop(server: Any, thread: threading.Thread) -> None:
    """Close a waitress server from inside its own loop, then its worker threads.

    Closing its sockets from another thread races the loop's ``select`` (EBADF); a trigger
    thunk runs in the loop thread, and the loop ends as soon as nothing is left open.
    """
    # the loop may already have closed its trigger (EBADF): it has ended or is ending
    if thread.is_alive():
        with contextlib.suppress(OSError):
            server.trigger.pull_trigger(lambda: wasyncore.close_all(server._map))
    thread.join(timeout=5)
    server.task_dispatcher.shutdown(timeout=5)


@pytest.fixture
def desk(serve_desk: Callable[[Path], Desk], db_path: Path) -> Desk:
    """The app over a database of the test bulletins, at tests/conftest.py's ``db_path``."""
    return serve_desk(fill_db(db_path))


@pytest.fixture
def slack_url(desk: Desk) -> str:
    """Just the app's ``/slack/events`` URL."""
    return desk.url
