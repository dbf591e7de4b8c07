"""Build Slack request bodies and send them, signed, to a real HTTP endpoint.

Signing follows api.slack.com/authentication/verifying-requests-from-slack via
``slack_sdk.signature.SignatureVerifier.generate_signature``; sending uses ``urllib.request``
with proxies disabled. Payload builders produce the shapes Slack posts for slash commands,
``block_actions``, ``message_action``, ``shortcut``, ``view_submission`` and Events API callbacks.
"""

from __future__ import annotations

import itertools
import json
import secrets
import time
import urllib.error
import urllib.request
from typing import Any
from urllib.parse import urlencode

from slack_sdk.signature import SignatureVerifier

TEAM_ID = "T0001"
TEAM_DOMAIN = "example"
API_APP_ID = "A0001"
BOT_USER_ID = "UBOT"
BOT_ID = "B0001"
#: Slack's deprecated verification token field; bolt ignores it.
VERIFICATION_TOKEN = "verification-token"
#: Default ``response_url``: loopback port 9 (refused), so a forgotten URL fails fast and never
#: reaches hooks.slack.com. Pass ``standin.webhook_url()`` instead.
DEFAULT_RESPONSE_URL = "http://127.0.0.1:9/commands/T0001/1/unset"
_TRIGGERS = itertools.count(1)


def new_trigger_id() -> str:
    """A fresh trigger id, as Slack gives every command and interaction its own (so two
    otherwise equal requests never share a signature and pass as a replay)."""
    return f"{int(time.time())}.{next(_TRIGGERS)}.{secrets.token_hex(8)}"


DEFAULT_MESSAGE_TS = "1700000000.000100"

FORM = "application/x-www-form-urlencoded"
JSON = "application/json"


def stale_timestamp(age_seconds: int = 600) -> int:
    """A request timestamp ``age_seconds`` in the past (Slack rejects > 5 minutes)."""
    return int(time.time()) - age_seconds


def signature_headers(body: str, *, secret: str, timestamp: int | None = None) -> dict[str, str]:
    """``X-Slack-Request-Timestamp`` and ``X-Slack-Signature`` for ``body``."""
    ts = str(int(time.time()) if timestamp is None else timestamp)
    signature = SignatureVerifier(secret).generate_signature(timestamp=ts, body=body)
    return {"X-Slack-Request-Timestamp": ts, "X-Slack-Signature": signature}


def post_signed(
    url: str,
    body: str,
    *,
    secret: str,
    content_type: str | None = None,
    timestamp: int | None = None,
    forge: bool = False,
    unsigned: bool = False,
    extra_headers: dict[str, str] | None = None,
    timeout: float = 10,
) -> tuple[int, dict[str, str], bytes]:
    """POST ``body`` to ``url`` signed with ``secret``; return (status, headers, body).

    ``content_type`` defaults to JSON for bodies starting with ``{``, else form-encoded.
    ``forge`` signs with a wrong secret, ``timestamp`` overrides the signed timestamp (see
    :func:`stale_timestamp`), ``unsigned`` omits both signature headers. Response header names
    are lower-cased. HTTP error statuses are returned, not raised.
    """
    if content_type is None:
        content_type = JSON if body.lstrip().startswith("{") else FORM
    headers = {"Content-Type": content_type}
    if not unsigned:
        signing_secret = f"{secret}-forged" if forge else secret
        headers.update(signature_headers(body, secret=signing_secret, timestamp=timestamp))
    headers.update(extra_headers or {})
    request = urllib.request.Request(url, data=body.encode(), headers=headers, method="POST")
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
    try:
        with opener.open(request, timeout=timeout) as response:
            return response.status, _lower(response.headers), response.read()
    except urllib.error.HTTPError as error:
        with error:
            return error.code, _lower(error.headers), error.read()


def _lower(headers: Any) -> dict[str, str]:
    return {k.lower(): v for k, v in headers.items()} if headers else {}


# ---------------------------------------------------------------------- bodies


def slash_command_body(
    text: str,
    *,
    command: str = "/conflict",
    user_id: str = "U123",
    channel_id: str = "C123",
    response_url: str = DEFAULT_RESPONSE_URL,
    trigger_id: str | None = None,
    team_id: str = TEAM_ID,
    user_name: str = "reporter",
    channel_name: str = "conflict-desk",
    team_domain: str = TEAM_DOMAIN,
    api_app_id: str = API_APP_ID,
) -> str:
    """Form-encoded slash command with every field Slack sends (non-Grid workspace)."""
    return urlencode(
        {
            "token": VERIFICATION_TOKEN,
            "team_id": team_id,
            "team_domain": team_domain,
            "channel_id": channel_id,
            "channel_name": channel_name,
            "user_id": user_id,
            "user_name": user_name,
            "command": command,
            "text": text,
            "api_app_id": api_app_id,
            "is_enterprise_install": "false",
            "response_url": response_url,
            "trigger_id": trigger_id or new_trigger_id(),
        }
    )


def interaction_body(payload: dict[str, Any]) -> str:
    """``payload=<urlencoded json>``, as Slack posts interactivity payloads."""
    return urlencode({"payload": json.dumps(payload)})


def event_body(event: dict[str, Any], *, event_id: str = "Ev1", team_id: str = TEAM_ID) -> str:
    """JSON ``event_callback`` envelope around ``event``."""
    return json.dumps(
        {
            "token": VERIFICATION_TOKEN,
            "team_id": team_id,
            "context_team_id": team_id,
            "context_enterprise_id": None,
            "api_app_id": API_APP_ID,
            "event": event,
            "type": "event_callback",
            "event_id": event_id,
            "event_time": int(time.time()),
            "authorizations": [
                {
                    "enterprise_id": None,
                    "team_id": team_id,
                    "user_id": BOT_USER_ID,
                    "is_bot": True,
                    "is_enterprise_install": False,
                }
            ],
            "is_ext_shared_channel": False,
            "event_context": f"4-{event_id}",
        }
    )


# ---------------------------------------------------------------------- payloads


def _user(user_id: str, team_id: str) -> dict[str, Any]:
    return {"id": user_id, "username": "reporter", "name": "reporter", "team_id": team_id}


def _team(team_id: str) -> dict[str, Any]:
    return {"id": team_id, "domain": TEAM_DOMAIN}


def block_actions_payload(
    action_id: str,
    value: str = "",
    *,
    block_id: str = "actions",
    button_text: str = "Button",
    user_id: str = "U123",
    channel_id: str = "C123",
    channel_name: str = "conflict-desk",
    message_ts: str = DEFAULT_MESSAGE_TS,
    message_text: str = "",
    message_blocks: list[dict[str, Any]] | None = None,
    ephemeral: bool = False,
    response_url: str = DEFAULT_RESPONSE_URL,
    trigger_id: str | None = None,
    team_id: str = TEAM_ID,
) -> dict[str, Any]:
    """A ``block_actions`` payload for a button click in a message.

    Ephemeral containers carry no ``message`` (as with Slack).
    """
    payload: dict[str, Any] = {
        "type": "block_actions",
        "user": _user(user_id, team_id),
        "api_app_id": API_APP_ID,
        "token": VERIFICATION_TOKEN,
        "container": {
            "type": "message",
            "message_ts": message_ts,
            "channel_id": channel_id,
            "is_ephemeral": ephemeral,
        },
        "trigger_id": trigger_id or new_trigger_id(),
        "team": _team(team_id),
        "enterprise": None,
        "is_enterprise_install": False,
        "channel": {"id": channel_id, "name": channel_name},
        "state": {"values": {}},
        "response_url": response_url,
        "actions": [
            {
                "action_id": action_id,
                "block_id": block_id,
                "text": {"type": "plain_text", "text": button_text, "emoji": True},
                "value": value,
                "type": "button",
                "action_ts": f"{time.time():.6f}",
            }
        ],
    }
    if not ephemeral:
        payload["message"] = {
            "type": "message",
            "user": BOT_USER_ID,
            "bot_id": BOT_ID,
            "app_id": API_APP_ID,
            "team": team_id,
            "text": message_text,
            "ts": message_ts,
            "blocks": message_blocks or [],
        }
    return payload


def message_action_payload(
    callback_id: str,
    *,
    message_text: str = "Officials deny the report.",
    message_user: str = "U456",
    message_ts: str = DEFAULT_MESSAGE_TS,
    thread_ts: str | None = None,
    user_id: str = "U123",
    channel_id: str = "C123",
    channel_name: str = "conflict-desk",
    response_url: str = DEFAULT_RESPONSE_URL,
    trigger_id: str | None = None,
    team_id: str = TEAM_ID,
) -> dict[str, Any]:
    """A ``message_action`` payload (message shortcut) on a user's message."""
    message: dict[str, Any] = {
        "type": "message",
        "user": message_user,
        "ts": message_ts,
        "text": message_text,
        "team": team_id,
    }
    if thread_ts:
        message["thread_ts"] = thread_ts
    return {
        "type": "message_action",
        "token": VERIFICATION_TOKEN,
        "action_ts": f"{time.time():.6f}",
        "team": _team(team_id),
        "user": _user(user_id, team_id),
        "channel": {"id": channel_id, "name": channel_name},
        "is_enterprise_install": False,
        "enterprise": None,
        "callback_id": callback_id,
        "trigger_id": trigger_id or new_trigger_id(),
        "response_url": response_url,
        "message_ts": message_ts,
        "message": message,
    }


def shortcut_payload(
    callback_id: str,
    *,
    user_id: str = "U123",
    trigger_id: str | None = None,
    team_id: str = TEAM_ID,
) -> dict[str, Any]:
    """A global ``shortcut`` payload (no channel, no response_url)."""
    return {
        "type": "shortcut",
        "token": VERIFICATION_TOKEN,
        "action_ts": f"{time.time():.6f}",
        "team": _team(team_id),
        "user": _user(user_id, team_id),
        "is_enterprise_install": False,
        "enterprise": None,
        "callback_id": callback_id,
        "trigger_id": trigger_id or new_trigger_id(),
    }


def view_submission_payload(
    callback_id: str,
    values: dict[str, dict[str, Any]] | None = None,
    *,
    private_metadata: str = "",
    view_id: str = "V0001",
    blocks: list[dict[str, Any]] | None = None,
    user_id: str = "U123",
    trigger_id: str | None = None,
    team_id: str = TEAM_ID,
    response_urls: list[dict[str, Any]] | None = None,
) -> dict[str, Any]:
    """A ``view_submission`` payload for a modal.

    ``values`` is ``state.values``: ``{block_id: {action_id: element_state}}``; a plain string
    element state is shorthand for ``{"type": "plain_text_input", "value": <str>}``.
    """
    state = {
        block: {
            action: (
                {"type": "plain_text_input", "value": element}
                if isinstance(element, str)
                else element
            )
            for action, element in actions.items()
        }
        for block, actions in (values or {}).items()
    }
    return {
        "type": "view_submission",
        "team": _team(team_id),
        "user": _user(user_id, team_id),
        "api_app_id": API_APP_ID,
        "token": VERIFICATION_TOKEN,
        "trigger_id": trigger_id or new_trigger_id(),
        "view": {
            "id": view_id,
            "team_id": team_id,
            "type": "modal",
            "blocks": blocks or [],
            "private_metadata": private_metadata,
            "callback_id": callback_id,
            "state": {"values": state},
            "hash": "1700000000.abcdef12",
            "title": {"type": "plain_text", "text": "Wiredesk", "emoji": True},
            "clear_on_close": False,
            "notify_on_close": False,
            "close": {"type": "plain_text", "text": "Cancel", "emoji": True},
            "submit": {"type": "plain_text", "text": "Submit", "emoji": True},
            "previous_view_id": None,
            "root_view_id": view_id,
            "app_id": API_APP_ID,
            "external_id": "",
            "app_installed_team_id": team_id,
            "bot_id": BOT_ID,
        },
        "response_urls": response_urls or [],
        "is_enterprise_install": False,
        "enterprise": None,
    }


def reaction_added_event(
    reaction: str,
    *,
    user: str = "U123",
    channel: str = "C123",
    ts: str = DEFAULT_MESSAGE_TS,
    item_user: str = "U456",
) -> dict[str, Any]:
    """A ``reaction_added`` event (wrap with :func:`event_body`)."""
    return {
        "type": "reaction_added",
        "user": user,
        "reaction": reaction,
        "item_user": item_user,
        "item": {"type": "message", "channel": channel, "ts": ts},
        "event_ts": f"{time.time():.6f}",
    }
