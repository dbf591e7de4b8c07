"""A loopback stand-in for Slack's Web API and ``response_url`` endpoints.

A real ``ThreadingHTTPServer`` on 127.0.0.1 (ephemeral port) answers like Slack does: HTTP 200
with a JSON body carrying ``"ok"`` and, on failure, ``"error"``. Point the real
``slack_sdk.WebClient(base_url=standin.api_url)`` (or ``SLACK_API_URL``) at it::

    with SlackStandIn() as slack:
        client = WebClient(token="xoxb-test", base_url=slack.api_url)
        client.chat_postMessage(channel="C1", text="hi")
        assert slack.calls("chat.postMessage")[0].params["text"] == "hi"

Everything received is recorded as a :class:`Call`; one-shot answers can be queued per method
with :meth:`SlackStandIn.script`, such as :func:`rate_limited`, :func:`server_error`,
:func:`too_slow`, :func:`dropped` and :func:`response_url_refused`. The server never talks to
anything but 127.0.0.1.
"""

from __future__ import annotations

import contextlib
import copy
import itertools
import json
import socketserver
import threading
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from email.parser import BytesParser
from email.policy import HTTP
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import TracebackType
from typing import Any
from urllib.parse import parse_qsl, quote, unquote, urlsplit

TEAM_ID = "T0001"
TEAM_NAME = "Example Newsroom"
TEAM_DOMAIN = "example"
WORKSPACE_URL = f"https://{TEAM_DOMAIN}.slack.com/"
BOT_USER_ID = "UBOT"
BOT_USER_NAME = "wiredesk"
BOT_ID = "B0001"
APP_ID = "A0001"

#: Token prefixes accepted when ``SlackStandIn.valid_tokens`` is ``None``.
VALID_TOKEN_PREFIXES = ("xoxb-", "xoxp-")
#: Methods Slack serves without a bearer token.
NO_AUTH_METHODS = frozenset({"api.test", "oauth.access", "oauth.v2.access", "oauth.v2.exchange"})
#: Parameters that carry JSON; form-encoded string values are decoded into objects in ``params``.
JSON_PARAMS = frozenset({"blocks", "attachments", "view", "metadata", "user_auth_blocks"})
#: ``Call.method`` prefix for posts to :meth:`SlackStandIn.webhook_url` endpoints.
WEBHOOK_PREFIX = "webhook:"

Body = dict[str, Any]


@dataclass(frozen=True)
class Response:
    """A scripted one-shot answer.

    ``body`` is sent as JSON when it is a dict, as ``text/plain`` when str/bytes, and as
    ``{"ok": true}`` when ``None``. ``fail=True`` drops the connection without answering;
    ``delay`` sleeps (seconds) before answering.
    """

    status: int = 200
    body: dict[str, Any] | str | bytes | None = None
    headers: dict[str, str] = field(default_factory=dict)
    fail: bool = False
    delay: float = 0.0


def rate_limited(retry_after: int = 1) -> Response:
    """HTTP 429 with ``Retry-After`` (seconds), as Slack answers a method called too often."""
    return Response(
        status=429,
        body={"ok": False, "error": "ratelimited"},
        headers={"Retry-After": str(retry_after)},
    )


def server_error(status: int = 500) -> Response:
    """A 5xx answer (500 internal_error, 503 service_unavailable...)."""
    error = {503: "service_unavailable", 504: "request_timeout"}.get(status, "internal_error")
    return Response(status=status, body={"ok": False, "error": error})


def too_slow(seconds: float) -> Response:
    """A normal answer after ``seconds``: longer than the client's timeout, it is a timeout."""
    return Response(delay=seconds)


def dropped() -> Response:
    """The connection closed without an answer."""
    return Response(fail=True)


def response_url_refused(status: int = 400, error: str = "invalid_blocks") -> Response:
    """What a ``response_url`` answers to a message it refuses: ``invalid_blocks`` (400),
    ``expired_url`` (404) or ``used_url``; plain text, as Slack sends it."""
    return Response(status=status, body=error, headers={"Content-Type": "text/html"})


@dataclass(frozen=True)
class Call:
    """One request received by the stand-in.

    ``method`` is the Web API method (``"chat.postMessage"``) or ``"webhook:<name>"``.
    ``params`` merges query string and form/multipart/JSON body (JSON-carrying form fields such
    as ``blocks`` or ``view`` are decoded). ``headers`` has lower-cased names. ``status`` is the
    HTTP status answered (0 when the connection was dropped), ``response`` the body answered.
    """

    method: str
    params: dict[str, Any]
    headers: dict[str, str]
    status: int
    token: str | None = None
    path: str = ""
    body: bytes = b""
    response: Any = None


class _SlackError(Exception):
    """Raised by default answers to produce ``{"ok": false, "error": ...}``."""

    def __init__(self, error: str, *, missing: str | None = None) -> None:
        super().__init__(error)
        self.error = error
        self.missing = missing


class _BadBody(Exception):
    """The request body could not be parsed."""


def _ts_key(ts: Any) -> Decimal:
    try:
        return Decimal(str(ts))
    except (InvalidOperation, ValueError):
        return Decimal(0)


def _truthy(value: Any) -> bool:
    return str(value).strip().lower() in {"1", "true", "yes"}


def _require(params: dict[str, Any], name: str, error: str = "invalid_arguments") -> Any:
    value = params.get(name)
    if value is None or value == "":
        raise _SlackError(error, missing=name)
    return value


def _parse_body(content_type: str, body: bytes) -> dict[str, Any]:
    """Parse a form-encoded, multipart or JSON request body into a flat dict."""
    ctype = content_type.split(";", 1)[0].strip().lower()
    if not body:
        return {}
    if ctype == "application/json":
        try:
            data = json.loads(body)
        except ValueError as exc:
            raise _BadBody("invalid_json") from exc
        if not isinstance(data, dict):
            raise _BadBody("json_not_object")
        return data
    if ctype == "multipart/form-data":
        head = f"Content-Type: {content_type}\r\n\r\n".encode()
        message = BytesParser(policy=HTTP).parsebytes(head + body)
        params: dict[str, Any] = {}
        for part in message.iter_parts():
            name = part.get_param("name", header="content-disposition")
            payload = part.get_payload(decode=True) or b""
            if name:
                params[str(name)] = (
                    payload if part.get_filename() else payload.decode("utf-8", "replace")
                )
        return params
    try:
        return dict(parse_qsl(body.decode("utf-8"), keep_blank_values=True))
    except UnicodeDecodeError as exc:
        raise _BadBody("invalid_form_data") from exc


def _decode_json_params(params: dict[str, Any]) -> dict[str, Any]:
    for name in JSON_PARAMS:
        value = params.get(name)
        if isinstance(value, str) and value[:1] in ("[", "{"):
            with contextlib.suppress(ValueError):
                params[name] = json.loads(value)
    return params


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    request_queue_size = 128
    standin: SlackStandIn

    def server_bind(self) -> None:
        # HTTPServer.server_bind calls socket.getfqdn(), which may do a reverse DNS lookup.
        socketserver.TCPServer.server_bind(self)
        host, port = self.server_address[:2]
        self.server_name = str(host)
        self.server_port = int(port)


class _Handler(BaseHTTPRequestHandler):
    server: _Server
    server_version = "SlackStandIn/1.0"

    def log_message(self, format: str, *args: Any) -> None:
        """Stay quiet."""

    def do_GET(self) -> None:
        self._serve()

    def do_POST(self) -> None:
        self._serve()

    def _serve(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else b""
        answer = self.server.standin._answer(self.path, dict(self.headers.items()), body)
        if answer.delay:
            time.sleep(answer.delay)
        if answer.fail:
            self.close_connection = True
            return
        payload, content_type = _encode(answer.body)
        try:
            self.send_response(answer.status)
            if not any(k.lower() == "content-type" for k in answer.headers):
                self.send_header("Content-Type", content_type)
            for name, value in answer.headers.items():
                self.send_header(name, value)
            self.send_header("Content-Length", str(len(payload)))
            self.end_headers()
            self.wfile.write(payload)
        except (BrokenPipeError, ConnectionResetError):
            pass


def _encode(body: dict[str, Any] | str | bytes | None) -> tuple[bytes, str]:
    if body is None:
        body = {"ok": True}
    if isinstance(body, dict):
        return json.dumps(body).encode(), "application/json; charset=utf-8"
    if isinstance(body, str):
        return body.encode(), "text/plain; charset=utf-8"
    return body, "application/octet-stream"


class SlackStandIn:
    """Loopback HTTP server that answers Slack Web API calls and records them.

    Settable state (read by the default answers, safe to edit between calls):

    - ``messages[(channel, ts)] = {"text": ..., "user": ..., "ts": ..., "thread_ts"?,
      "reactions"?}``; chat.postMessage/update/delete keep it up to date.
    - ``channels["C123"] = {"name": "desk", ...}`` (or just ``"desk"``).
    - ``users["U123"] = {"name": ..., "real_name": ..., ...}``.
    - ``usergroups["S123"] = ["U1", "U2"]``.
    - ``bots["B123"] = {"name": ...}`` (bots.info; unknown bots answer ``bot_not_found``).
    - ``valid_tokens``: ``None`` accepts any ``xoxb-``/``xoxp-`` token, a set restricts to it.

    Unknown channels and users get a synthesized record; unknown usergroups answer
    ``no_such_subteam``, unknown messages ``message_not_found`` / ``thread_not_found``.
    """

    def __init__(self) -> None:
        self.messages: dict[tuple[str, str], dict[str, Any]] = {}
        self.channels: dict[str, dict[str, Any] | str] = {}
        self.users: dict[str, dict[str, Any]] = {}
        self.usergroups: dict[str, list[str]] = {}
        self.bots: dict[str, dict[str, Any]] = {}
        self.valid_tokens: set[str] | None = None
        self._cond = threading.Condition()
        self._calls: list[Call] = []
        self._webhooks: list[tuple[str, dict[str, Any]]] = []
        self._scripts: dict[str, deque[Response]] = {}
        self._last_ts_us = 0
        self._ids = itertools.count(1)
        self._views: dict[str, dict[str, Any]] = {}
        self._server: _Server | None = None
        self._thread: threading.Thread | None = None
        self._handlers: dict[str, Callable[[dict[str, Any]], Body]] = {
            "api.test": lambda p: {"ok": True, "args": p},
            "auth.test": self._auth_test,
            "chat.postMessage": self._chat_post_message,
            "chat.postEphemeral": self._chat_post_ephemeral,
            "chat.update": self._chat_update,
            "chat.delete": self._chat_delete,
            "chat.getPermalink": self._chat_get_permalink,
            "chat.scheduleMessage": self._chat_schedule_message,
            "views.open": self._views_open,
            "views.push": self._views_open,
            "views.update": self._views_update,
            "views.publish": self._views_publish,
            "conversations.history": self._conversations_history,
            "conversations.replies": self._conversations_replies,
            "conversations.info": self._conversations_info,
            "users.info": self._users_info,
            "bots.info": self._bots_info,
            "usergroups.users.list": self._usergroups_users_list,
            "reactions.get": self._reactions_get,
            "reactions.add": self._reactions_add,
            "reactions.remove": self._reactions_remove,
        }

    # ------------------------------------------------------------------ lifecycle

    def start(self) -> SlackStandIn:
        """Bind 127.0.0.1 on an ephemeral port and serve in a daemon thread."""
        if self._server is not None:
            raise RuntimeError("SlackStandIn already started")
        server = _Server(("127.0.0.1", 0), _Handler)
        server.standin = self
        self._server = server
        self._thread = threading.Thread(
            target=server.serve_forever,
            kwargs={"poll_interval": 0.05},
            name="slack-standin",
            daemon=True,
        )
        self._thread.start()
        return self

    def stop(self) -> None:
        """Stop serving and close the socket (idempotent)."""
        server, thread = self._server, self._thread
        self._server, self._thread = None, None
        if server is not None:
            server.shutdown()
            server.server_close()
        if thread is not None:
            thread.join(timeout=5)

    def __enter__(self) -> SlackStandIn:
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()

    @property
    def base_url(self) -> str:
        """``http://127.0.0.1:PORT/`` of the running server."""
        if self._server is None:
            raise RuntimeError("SlackStandIn is not running; call start()")
        return f"http://127.0.0.1:{self._server.server_port}/"

    @property
    def api_url(self) -> str:
        """Web API base URL for ``WebClient(base_url=...)`` / ``SLACK_API_URL``."""
        return self.base_url + "api/"

    def webhook_url(self, name: str = "default") -> str:
        """A ``response_url`` stand-in: JSON posted there is recorded under ``name``."""
        return self.base_url + "webhook/" + quote(name, safe="")

    # ------------------------------------------------------------------ inspection

    def calls(self, method: str | None = None) -> list[Call]:
        """Every request received, in order (webhook posts appear as ``webhook:<name>``)."""
        with self._cond:
            return [c for c in self._calls if method is None or c.method == method]

    def webhooks(self, name: str | None = None) -> list[dict[str, Any]]:
        """JSON bodies posted to ``webhook_url`` endpoints (all names, or only ``name``)."""
        with self._cond:
            return [copy.deepcopy(b) for n, b in self._webhooks if name is None or n == name]

    def script(self, method: str, *responses: Response) -> None:
        """Queue one-shot answers for the next calls of ``method`` (or ``webhook:<name>``)."""
        with self._cond:
            self._scripts.setdefault(method, deque()).extend(responses)

    def wait_for(self, method: str, count: int = 1, timeout: float = 5.0) -> list[Call]:
        """Block until ``count`` calls of ``method`` arrived; AssertionError on timeout."""
        with self._cond:
            done = self._cond.wait_for(
                lambda: sum(c.method == method for c in self._calls) >= count, timeout
            )
            got = [c for c in self._calls if c.method == method]
            if not done:
                seen = [c.method for c in self._calls]
                raise AssertionError(
                    f"expected {count} {method!r} call(s) within {timeout}s, got {len(got)};"
                    f" received: {seen}"
                )
            return got

    def wait_for_webhooks(
        self, count: int = 1, name: str | None = None, timeout: float = 5.0
    ) -> list[dict[str, Any]]:
        """Block until ``count`` webhook bodies (for ``name``, or any) arrived."""
        with self._cond:
            done = self._cond.wait_for(
                lambda: sum(name is None or n == name for n, _ in self._webhooks) >= count,
                timeout,
            )
            if not done:
                raise AssertionError(
                    f"expected {count} webhook post(s) to {name or 'any'} within {timeout}s,"
                    f" got {[b for _, b in self._webhooks]}"
                )
        return self.webhooks(name)

    def reset(self, *, keep_data: bool = False) -> None:
        """Forget calls, webhooks and scripts; also seeded data unless ``keep_data``."""
        with self._cond:
            self._calls.clear()
            self._webhooks.clear()
            self._scripts.clear()
            if not keep_data:
                self.messages.clear()
                self.channels.clear()
                self.users.clear()
                self.usergroups.clear()
                self._views.clear()
                self.valid_tokens = None

    # ------------------------------------------------------------------ request handling

    def _answer(self, raw_path: str, raw_headers: dict[str, str], body: bytes) -> Response:
        """Decide the answer for one HTTP request and record it (called on server threads)."""
        split = urlsplit(raw_path)
        headers = {k.lower(): v for k, v in raw_headers.items()}
        if split.path.startswith("/api/"):
            method = split.path[len("/api/") :].strip("/")
            webhook: str | None = None
        elif split.path.startswith("/webhook/"):
            webhook = unquote(split.path[len("/webhook/") :]) or "default"
            method = WEBHOOK_PREFIX + webhook
        else:
            return Response(status=404, body="Not Found")

        params: dict[str, Any] = dict(parse_qsl(split.query, keep_blank_values=True))
        parse_error: str | None = None
        try:
            params.update(_parse_body(headers.get("content-type", ""), body))
        except _BadBody as exc:
            parse_error = str(exc)
        _decode_json_params(params)
        auth = headers.get("authorization", "")
        token = auth[7:].strip() if auth.lower().startswith("bearer ") else None
        token = token or (params.get("token") if isinstance(params.get("token"), str) else None)

        with self._cond:
            queue = self._scripts.get(method)
            if queue:
                answer = queue.popleft()
            elif webhook is not None:
                answer = self._webhook_answer(webhook, headers, body)
            else:
                answer = Response(body=self._api_answer(method, params, token, parse_error))
            response = answer.body if answer.body is not None else {"ok": True}
            self._calls.append(
                Call(
                    method=method,
                    params=params,
                    headers=headers,
                    status=0 if answer.fail else answer.status,
                    token=token,
                    path=split.path,
                    body=body,
                    response=copy.deepcopy(response),
                )
            )
            self._cond.notify_all()
        return answer

    def _webhook_answer(self, name: str, headers: dict[str, str], body: bytes) -> Response:
        data: Any = None
        try:
            if "json" in headers.get("content-type", ""):
                data = json.loads(body or b"null")
            else:  # incoming-webhook style ``payload=<json>``
                data = json.loads(_parse_body(headers.get("content-type", ""), body)["payload"])
        except (ValueError, KeyError, TypeError, _BadBody):
            data = None
        if not isinstance(data, dict):
            return Response(status=400, body="invalid_payload")
        self._webhooks.append((name, data))
        return Response(body="ok", headers={"Content-Type": "text/html"})

    def _api_answer(
        self, method: str, params: dict[str, Any], token: str | None, parse_error: str | None
    ) -> Body:
        if method not in NO_AUTH_METHODS:
            if not token:
                return {"ok": False, "error": "not_authed"}
            if not self._token_ok(token):
                return {"ok": False, "error": "invalid_auth"}
        if parse_error:
            return {"ok": False, "error": parse_error}
        handler = self._handlers.get(method)
        if handler is None:
            return {"ok": True}
        try:
            return handler(params)
        except _SlackError as exc:
            answer: Body = {"ok": False, "error": exc.error}
            if exc.error == "invalid_arguments" and exc.missing:
                answer["response_metadata"] = {
                    "messages": [f"[ERROR] missing required field: {exc.missing}"]
                }
            return answer

    def _token_ok(self, token: str) -> bool:
        if self.valid_tokens is not None:
            return token in self.valid_tokens
        return token.startswith(VALID_TOKEN_PREFIXES) and len(token) > 5

    # ------------------------------------------------------------------ default answers
    # These run with self._cond held.

    def _next_ts(self) -> str:
        now_us = time.time_ns() // 1000
        self._last_ts_us = max(now_us, self._last_ts_us + 1)
        return f"{self._last_ts_us // 1_000_000}.{self._last_ts_us % 1_000_000:06d}"

    def _next_id(self, prefix: str) -> str:
        return f"{prefix}{next(self._ids):08X}"

    def _message_from(self, params: dict[str, Any], ts: str) -> dict[str, Any]:
        message: dict[str, Any] = {
            "type": "message",
            "user": BOT_USER_ID,
            "bot_id": BOT_ID,
            "app_id": APP_ID,
            "team": TEAM_ID,
            "text": params.get("text") or "",
            "ts": ts,
            "blocks": params.get("blocks") or [],
        }
        for extra in ("attachments", "thread_ts", "metadata"):
            if params.get(extra):
                message[extra] = params[extra]
        return message

    @staticmethod
    def _require_content(params: dict[str, Any]) -> None:
        if not any(params.get(k) for k in ("text", "blocks", "attachments")):
            raise _SlackError("no_text")

    def _stored(self, channel: str, ts: str) -> dict[str, Any] | None:
        message = self.messages.get((channel, ts))
        if message is None:
            return None
        return {"type": "message", "ts": ts, **copy.deepcopy(message)}

    def _auth_test(self, params: dict[str, Any]) -> Body:
        return {
            "ok": True,
            "url": WORKSPACE_URL,
            "team": TEAM_NAME,
            "user": BOT_USER_NAME,
            "team_id": TEAM_ID,
            "user_id": BOT_USER_ID,
            "bot_id": BOT_ID,
            "is_enterprise_install": False,
        }

    def _chat_post_message(self, params: dict[str, Any]) -> Body:
        channel = _require(params, "channel", "channel_not_found")
        self._require_content(params)
        ts = self._next_ts()
        message = self._message_from(params, ts)
        self.messages[(channel, ts)] = copy.deepcopy(message)
        return {"ok": True, "channel": channel, "ts": ts, "message": message}

    def _chat_post_ephemeral(self, params: dict[str, Any]) -> Body:
        _require(params, "channel", "channel_not_found")
        _require(params, "user")
        self._require_content(params)
        return {"ok": True, "message_ts": self._next_ts()}

    def _chat_update(self, params: dict[str, Any]) -> Body:
        channel = _require(params, "channel", "channel_not_found")
        ts = _require(params, "ts")
        self._require_content(params)
        stored = self.messages.get((channel, ts))
        message = self._message_from(params, ts)
        if stored is not None:
            stored.update(
                {
                    k: copy.deepcopy(params[k])
                    for k in ("text", "blocks", "attachments")
                    if k in params
                }
            )
            stored["edited"] = {"user": BOT_USER_ID, "ts": self._next_ts()}
            message = {"type": "message", "ts": ts, **copy.deepcopy(stored)}
        return {
            "ok": True,
            "channel": channel,
            "ts": ts,
            "text": message.get("text", ""),
            "message": message,
        }

    def _chat_delete(self, params: dict[str, Any]) -> Body:
        channel = _require(params, "channel", "channel_not_found")
        ts = _require(params, "ts")
        self.messages.pop((channel, ts), None)
        return {"ok": True, "channel": channel, "ts": ts}

    def _chat_get_permalink(self, params: dict[str, Any]) -> Body:
        channel = _require(params, "channel", "channel_not_found")
        ts = str(_require(params, "message_ts"))
        permalink = f"{WORKSPACE_URL}archives/{channel}/p{ts.replace('.', '')}"
        return {"ok": True, "channel": channel, "permalink": permalink}

    def _chat_schedule_message(self, params: dict[str, Any]) -> Body:
        channel = _require(params, "channel", "channel_not_found")
        post_at = _require(params, "post_at", "invalid_time")
        self._require_content(params)
        message = self._message_from(params, "")
        message.pop("ts")
        return {
            "ok": True,
            "channel": channel,
            "scheduled_message_id": self._next_id("Q"),
            "post_at": int(post_at),
            "message": message,
        }

    def _view_from(self, params: dict[str, Any], view_id: str) -> dict[str, Any]:
        view = params.get("view")
        if not isinstance(view, dict):
            raise _SlackError("invalid_arguments", missing="view")
        result = {
            "id": view_id,
            "team_id": TEAM_ID,
            "type": view.get("type", "modal"),
            "blocks": view.get("blocks", []),
            "private_metadata": view.get("private_metadata", ""),
            "callback_id": view.get("callback_id", ""),
            "state": {"values": {}},
            "hash": f"{int(time.time())}.{next(self._ids):08x}",
            "title": view.get("title"),
            "clear_on_close": bool(view.get("clear_on_close", False)),
            "notify_on_close": bool(view.get("notify_on_close", False)),
            "close": view.get("close"),
            "submit": view.get("submit"),
            "previous_view_id": None,
            "root_view_id": view_id,
            "app_id": APP_ID,
            "external_id": view.get("external_id") or params.get("external_id") or "",
            "app_installed_team_id": TEAM_ID,
            "bot_id": BOT_ID,
        }
        self._views[view_id] = result
        return copy.deepcopy(result)

    def _views_open(self, params: dict[str, Any]) -> Body:
        _require(params, "trigger_id")
        _require(params, "view")
        return {"ok": True, "view": self._view_from(params, self._next_id("V"))}

    def _views_update(self, params: dict[str, Any]) -> Body:
        _require(params, "view")
        view_id = params.get("view_id")
        external_id = params.get("external_id")
        if not view_id and not external_id:
            raise _SlackError("invalid_arguments", missing="view_id")
        if not view_id:
            found = [v for v, body in self._views.items() if body["external_id"] == external_id]
            view_id = found[0] if found else self._next_id("V")
        return {"ok": True, "view": self._view_from(params, str(view_id))}

    def _views_publish(self, params: dict[str, Any]) -> Body:
        user_id = _require(params, "user_id")
        _require(params, "view")
        view_id = f"VHOME{user_id}"
        return {"ok": True, "view": self._view_from(params, view_id)}

    def _conversations_history(self, params: dict[str, Any]) -> Body:
        channel = _require(params, "channel", "channel_not_found")
        inclusive = _truthy(params.get("inclusive", "0"))
        oldest = _ts_key(params.get("oldest") or 0)
        latest = _ts_key(params["latest"]) if params.get("latest") else None
        limit = int(params.get("limit") or 100)
        found = []
        for (chan, ts), raw in self.messages.items():
            thread_ts = raw.get("thread_ts")
            if chan != channel or (thread_ts and thread_ts != ts):
                continue
            key = _ts_key(ts)
            if key < oldest or (key == oldest and oldest and not inclusive):
                continue
            if latest is not None and (key > latest or (key == latest and not inclusive)):
                continue
            found.append(self._stored(chan, ts))
        found.sort(key=lambda m: _ts_key(m["ts"]), reverse=True)
        return {
            "ok": True,
            "messages": found[:limit],
            "has_more": len(found) > limit,
            "pin_count": 0,
            "channel_actions_ts": None,
            "channel_actions_count": 0,
            "response_metadata": {"next_cursor": ""},
        }

    def _conversations_replies(self, params: dict[str, Any]) -> Body:
        channel = _require(params, "channel", "channel_not_found")
        ts = str(_require(params, "ts"))
        limit = int(params.get("limit") or 1000)
        found = [
            self._stored(chan, mts)
            for (chan, mts), raw in self.messages.items()
            if chan == channel and (mts == ts or raw.get("thread_ts") == ts)
        ]
        if not found:
            raise _SlackError("thread_not_found")
        found.sort(key=lambda m: _ts_key(m["ts"]))
        return {
            "ok": True,
            "messages": found[:limit],
            "has_more": len(found) > limit,
            "response_metadata": {"next_cursor": ""},
        }

    def _conversations_info(self, params: dict[str, Any]) -> Body:
        channel = str(_require(params, "channel", "channel_not_found"))
        seeded = self.channels.get(channel)
        extra = {"name": seeded} if isinstance(seeded, str) else copy.deepcopy(seeded or {})
        name = extra.get("name", channel.lower())
        info = {
            "id": channel,
            "name": name,
            "name_normalized": name,
            "is_channel": True,
            "is_group": False,
            "is_im": False,
            "is_private": False,
            "is_archived": False,
            "is_member": True,
            "created": 1_700_000_000,
            "creator": "U0000",
            "context_team_id": TEAM_ID,
            "topic": {"value": "", "creator": "", "last_set": 0},
            "purpose": {"value": "", "creator": "", "last_set": 0},
            **extra,
        }
        return {"ok": True, "channel": info}

    def _users_info(self, params: dict[str, Any]) -> Body:
        user_id = str(_require(params, "user"))
        extra = copy.deepcopy(self.users.get(user_id, {}))
        is_bot = user_id == BOT_USER_ID
        name = extra.get("name", BOT_USER_NAME if is_bot else user_id.lower())
        real_name = extra.get("real_name", name)
        user = {
            "id": user_id,
            "team_id": TEAM_ID,
            "name": name,
            "real_name": real_name,
            "deleted": False,
            "is_bot": is_bot,
            "is_admin": False,
            "tz": "Europe/London",
            "tz_label": "Greenwich Mean Time",
            "tz_offset": 0,
            "profile": {
                "real_name": real_name,
                "real_name_normalized": real_name,
                "display_name": name,
                "display_name_normalized": name,
                "team": TEAM_ID,
            },
            **extra,
        }
        return {"ok": True, "user": user}

    def _bots_info(self, params: dict[str, Any]) -> Body:
        bot_id = str(_require(params, "bot"))
        if bot_id not in self.bots and bot_id != BOT_ID:
            raise _SlackError("bot_not_found")
        extra = copy.deepcopy(self.bots.get(bot_id, {}))
        bot = {"id": bot_id, "deleted": False, "name": BOT_USER_NAME, "app_id": APP_ID, **extra}
        return {"ok": True, "bot": bot}

    def _usergroups_users_list(self, params: dict[str, Any]) -> Body:
        group = str(_require(params, "usergroup"))
        if group not in self.usergroups:
            raise _SlackError("no_such_subteam")
        return {"ok": True, "users": list(self.usergroups[group])}

    def _reactions_get(self, params: dict[str, Any]) -> Body:
        channel = _require(params, "channel", "channel_not_found")
        ts = str(_require(params, "timestamp"))
        message = self._stored(channel, ts)
        if message is None:
            raise _SlackError("message_not_found")
        message["permalink"] = f"{WORKSPACE_URL}archives/{channel}/p{ts.replace('.', '')}"
        return {"ok": True, "type": "message", "channel": channel, "message": message}

    def _reactions_add(self, params: dict[str, Any]) -> Body:
        channel = _require(params, "channel", "channel_not_found")
        ts = str(_require(params, "timestamp"))
        name = str(_require(params, "name"))
        stored = self.messages.get((channel, ts))
        if stored is not None:
            reactions = stored.setdefault("reactions", [])
            reaction = next((r for r in reactions if r["name"] == name), None)
            if reaction is None:
                reaction = {"name": name, "users": [], "count": 0}
                reactions.append(reaction)
            if BOT_USER_ID in reaction["users"]:
                raise _SlackError("already_reacted")
            reaction["users"].append(BOT_USER_ID)
            reaction["count"] = len(reaction["users"])
        return {"ok": True}

    def _reactions_remove(self, params: dict[str, Any]) -> Body:
        channel = _require(params, "channel", "channel_not_found")
        ts = str(_require(params, "timestamp"))
        name = str(_require(params, "name"))
        stored = self.messages.get((channel, ts))
        if stored is not None:
            reactions = stored.get("reactions", [])
            reaction = next((r for r in reactions if r["name"] == name), None)
            if reaction is None or BOT_USER_ID not in reaction["users"]:
                raise _SlackError("no_reaction")
            reaction["users"].remove(BOT_USER_ID)
            reaction["count"] = len(reaction["users"])
            if not reaction["users"]:
                reactions.remove(reaction)
        return {"ok": True}
