"""`wiredesk run`: Socket Mode when SLACK_APP_TOKEN is set, otherwise HTTP on PORT."""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from typing import Any

from slack_bolt import App
from slack_bolt.adapter.socket_mode import SocketModeHandler
from slack_bolt.adapter.wsgi import SlackRequestHandler
from waitress.server import create_server

from bot.app import build_app
from bot.notifier import Notifier
from bot.scheduler import start_scheduler
from bot.settings import Settings

EVENTS_PATH = "/slack/events"
StartResponse = Callable[..., Any]
WSGIApplication = Callable[[dict, StartResponse], Iterable[bytes]]
log = logging.getLogger("wiredesk")


def make_http_server(app: App, host: str = "0.0.0.0", port: int = 3000, threads: int = 8):
    """A waitress server for the app at /slack/events (port 0 picks a free port)."""
    handler = refuse_unreadable_signatures(SlackRequestHandler(app, path=EVENTS_PATH))
    return create_server(handler, host=host, port=port, threads=threads, ident="wiredesk")


def refuse_unreadable_signatures(wsgi_app: WSGIApplication) -> WSGIApplication:
    """Answer 401 to a signature bolt cannot even read, as bolt does to any bad signature.

    bolt's check calls ``int()`` on X-Slack-Request-Timestamp and ``hmac.compare_digest`` on
    X-Slack-Signature, so a non-numeric timestamp or a non-ASCII signature raises: an HTTP 500
    and a logged traceback for every such request.
    """

    def guarded(environ: dict, start_response: StartResponse) -> Iterable[bytes]:
        timestamp = environ.get("HTTP_X_SLACK_REQUEST_TIMESTAMP")
        signature = environ.get("HTTP_X_SLACK_SIGNATURE")
        if (timestamp is not None and not (timestamp.isascii() and timestamp.isdigit())) or (
            signature is not None and not signature.isascii()
        ):
            body = b'{"error": "invalid request"}'
            start_response(
                "401 Unauthorized",
                [
                    ("Content-Type", "application/json;charset=utf-8"),
                    ("Content-Length", str(len(body))),
                ],
            )
            return [body]
        return wsgi_app(environ, start_response)

    return guarded


def run(settings: Settings) -> None:
    """Start the bot and serve until interrupted; the outbox is delivered meanwhile."""
    settings.require_slack()
    app = build_app(settings)
    notifier = Notifier(settings.wiredesk_db, app.client).start()
    scheduler = start_scheduler(settings, app.client)
    try:
        if settings.slack_app_token:
            log.info("Connecting to Slack in Socket Mode")
            SocketModeHandler(app, settings.slack_app_token.get_secret_value()).start()
            return
        server = make_http_server(app, port=settings.port)
        log.info("Listening for Slack on http://0.0.0.0:%s%s", settings.port, EVENTS_PATH)
        try:
            server.run()
        except KeyboardInterrupt:
            log.info("Stopped")
        finally:
            server.close()
    finally:
        notifier.stop()
        if scheduler is not None:
            scheduler.shutdown(wait=False)
