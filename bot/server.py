"""`wiredesk run`: Socket Mode when SLACK_APP_TOKEN is set, otherwise HTTP on PORT."""

from __future__ import annotations

import logging

from slack_bolt import App
from slack_bolt.adapter.socket_mode import SocketModeHandler
from slack_bolt.adapter.wsgi import SlackRequestHandler
from waitress.server import create_server

from bot.app import build_app
from bot.settings import Settings

EVENTS_PATH = "/slack/events"
log = logging.getLogger("wiredesk")


def make_http_server(app: App, host: str = "0.0.0.0", port: int = 3000, threads: int = 8):
    """A waitress server for the app at /slack/events (port 0 picks a free port)."""
    handler = SlackRequestHandler(app, path=EVENTS_PATH)
    return create_server(handler, host=host, port=port, threads=threads, ident="wiredesk")


def run(settings: Settings) -> None:
    """Start the bot and serve until interrupted."""
    settings.require_slack()
    app = build_app(settings)
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
