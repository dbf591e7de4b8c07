"""`wiredesk run`: Socket Mode when SLACK_APP_TOKEN is set, otherwise HTTP on PORT."""

from __future__ import annotations

import errno
import logging
import re
from collections.abc import Callable, Iterable
from typing import Any
from urllib.error import URLError

from slack_bolt import App
from slack_bolt.adapter.socket_mode import SocketModeHandler
from slack_bolt.adapter.wsgi import SlackRequestHandler
from slack_bolt.error import BoltError
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError
from waitress.server import create_server

from bot.app import build_app
from bot.notifier import Notifier
from bot.scheduler import start_scheduler
from bot.settings import Settings
from bot.wire_schedule import start_wire
from newsroom.errors import UserError

EVENTS_PATH = "/slack/events"
StartResponse = Callable[..., Any]
WSGIApplication = Callable[[dict, StartResponse], Iterable[bytes]]
log = logging.getLogger("wiredesk")


def make_http_server(app: App, host: str = "0.0.0.0", port: int = 3000, threads: int = 8):
    """A waitress server for the app at /slack/events (port 0 picks a free port)."""
    handler = refuse_unreadable_signatures(SlackRequestHandler(app, path=EVENTS_PATH))
    return create_server(handler, host=host, port=port, threads=threads, ident="wiredesk")


def refuse_unreadable_signatures(wsgi_app: WSGIApplication) -> WSGIApplication:
    """Answer 401 to a signature or a body bolt cannot even read, as bolt does to any bad
    signature.

    bolt's check calls ``int()`` on X-Slack-Request-Timestamp and ``hmac.compare_digest`` on
    X-Slack-Signature, so a non-numeric timestamp or a non-ASCII signature raises; and bolt
    parses a JSON body (or a form's ``payload``) before it checks the signature, so malformed
    JSON raises too, signed or not. Each was an HTTP 500 and a logged traceback.
    """

    def guarded(environ: dict, start_response: StartResponse) -> Iterable[bytes]:
        timestamp = environ.get("HTTP_X_SLACK_REQUEST_TIMESTAMP")
        signature = environ.get("HTTP_X_SLACK_SIGNATURE")
        if (timestamp is not None and not (timestamp.isascii() and timestamp.isdigit())) or (
            signature is not None and not signature.isascii()
        ):
            return _refuse(start_response)
        started = False

        def tracking(*args: Any) -> Any:
            nonlocal started
            started = True
            return start_response(*args)

        try:
            return wsgi_app(environ, tracking)
        except ValueError as error:  # json.JSONDecodeError, UnicodeDecodeError
            if started:
                raise
            log.warning("Refused a request whose body is not readable: %s", error)
            return _refuse(start_response)

    return guarded


def _refuse(start_response: StartResponse) -> list[bytes]:
    body = b'{"error": "invalid request"}'
    start_response(
        "401 Unauthorized",
        [("Content-Type", "application/json;charset=utf-8"), ("Content-Length", str(len(body)))],
    )
    return [body]


def run(settings: Settings) -> None:
    """Start the bot and serve until interrupted; the outbox is delivered meanwhile.

    Raises :class:`UserError` when Slack cannot be reached or refuses the bot token, and
    when the HTTP server cannot listen on HOST:PORT.
    """
    settings.require_slack()
    app = connect(settings)
    server = None
    if not settings.slack_app_token:
        server = listen(app, settings.host, settings.port, settings.wiredesk_threads)
    notifier = Notifier(settings.wiredesk_db, app.client).start()
    scheduler = start_wire(settings, start_scheduler(settings, app.client))
    try:
        if server is None:
            log.info("Connecting to Slack in Socket Mode")
            socket_mode(app, settings)
            return
        log.info(
            "Listening for Slack on http://%s:%s%s (%d threads)",
            settings.host,
            settings.port,
            EVENTS_PATH,
            settings.wiredesk_threads,
        )
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


def connect(settings: Settings) -> App:
    """The app, its bot token checked with auth.test; UserError when Slack cannot be reached
    or refuses the token."""
    where = settings.slack_api_url or WebClient.BASE_URL
    try:
        return build_app(settings)
    except (URLError, OSError) as error:
        reason = getattr(error, "reason", None) or error
        raise UserError(
            f"Cannot reach Slack's Web API at {where}: {_plain(reason)}. Check the network "
            "(and SLACK_API_URL, if set), then start again."
        ) from None
    except BoltError as error:
        if answer := re.search(r"non-JSON format: (.*?)'?\}?\)?$", str(error), re.S):
            body = answer[1].strip()
            got = f"not JSON: {body[:60]!r}" if body else "an empty answer"
            raise UserError(
                f"{where} did not answer as Slack's Web API ({got}): check SLACK_API_URL "
                "(leave it unset for Slack's own) and any proxy, then start again."
            ) from None
        code = re.search(r"'error': '([\w.-]+)'", str(error))
        raise UserError(
            f"Slack at {where} refused SLACK_BOT_TOKEN ({code[1] if code else error}). Copy it "
            "again (xoxb-...) from the Slack app's OAuth & Permissions page."
        ) from None


def socket_mode(app: App, settings: Settings) -> None:
    """Serve over Socket Mode until interrupted; UserError when Slack refuses
    SLACK_APP_TOKEN or cannot be reached to open the connection."""
    where = settings.slack_api_url or WebClient.BASE_URL
    try:
        SocketModeHandler(app, settings.slack_app_token.get_secret_value()).start()
    except SlackApiError as error:
        code = error.response.get("error") if error.response is not None else None
        raise UserError(
            f"Slack at {where} refused SLACK_APP_TOKEN ({code or error}). Copy it again "
            "(xapp-..., with the connections:write scope) from the Slack app's Basic "
            "Information page."
        ) from None
    except (URLError, OSError) as error:
        reason = getattr(error, "reason", None) or error
        raise UserError(
            f"Cannot reach Slack's Web API at {where} to open Socket Mode: {_plain(reason)}. "
            "Check the network, then start again."
        ) from None


def listen(app: App, host: str, port: int, threads: int):
    """The HTTP server, already bound to ``host:port``; UserError when it cannot be."""
    try:
        return make_http_server(app, host=host, port=port, threads=threads)
    except OSError as error:
        reason = _plain(error)
        hint = (
            "another program (or another Wiredesk) listens there: set PORT to a free port, "
            "or stop the other program"
            if error.errno == errno.EADDRINUSE
            else "check HOST and PORT"
        )
        raise UserError(f"Cannot listen on {host}:{port}: {reason}; {hint}.") from None
    except ValueError:  # waitress: a HOST that resolves to no address
        raise UserError(
            f"Cannot listen on {host}:{port}: HOST is not an address of this machine (use "
            "0.0.0.0 for every interface or 127.0.0.1 for this machine only)."
        ) from None


def _plain(error: object) -> str:
    """An OS error's words without its number: "Address already in use"."""
    if isinstance(error, OSError) and error.strerror:
        return error.strerror
    return str(error)
