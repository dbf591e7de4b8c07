"""Message events of a wire channel, sent signed to the real app, and waiting for their effect.

Bolt acknowledges an event before its listener runs, so a test waits for what the listener
writes (:func:`wait_for_row`), or for a quiet period when nothing should happen.
"""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

from tests.support.signed import event_body, post_signed
from tests.support.slack_app import SECRET, Desk
from tests.support.verdicts import rows

WIRE = "CWIRE"


def message_event(
    text: str,
    ts: str,
    *,
    channel: str = WIRE,
    user: str | None = "U456",
    subtype: str | None = None,
    thread_ts: str | None = None,
    **extra: Any,
) -> dict[str, Any]:
    """A ``message`` event as Slack sends it for a new message (``extra``: bot_id,
    username, bot_profile, attachments...)."""
    event: dict[str, Any] = {
        "type": "message",
        "channel": channel,
        "text": text,
        "ts": ts,
        "event_ts": ts,
        "channel_type": "channel",
    }
    if user:
        event["user"] = user
    if subtype:
        event["subtype"] = subtype
    if thread_ts:
        event["thread_ts"] = thread_ts
    event.update(extra)
    return event


def changed_event(
    text: str, ts: str, *, previous: str, channel: str = WIRE, user: str = "U456", **extra: Any
) -> dict[str, Any]:
    """A ``message_changed`` event: the message at ``ts`` now reads ``text``."""
    edited_ts = f"{float(ts) + 60:.6f}"
    return {
        "type": "message",
        "subtype": "message_changed",
        "hidden": True,
        "channel": channel,
        "ts": edited_ts,
        "event_ts": edited_ts,
        "message": {
            "type": "message",
            "user": user,
            "text": text,
            "ts": ts,
            "edited": {"user": user, "ts": edited_ts},
            **extra,
        },
        "previous_message": {"type": "message", "user": user, "text": previous, "ts": ts},
        "channel_type": "channel",
    }


def deleted_event(ts: str, *, previous: str, channel: str = WIRE) -> dict[str, Any]:
    """A ``message_deleted`` event for the message at ``ts``."""
    deleted_at = f"{float(ts) + 120:.6f}"
    return {
        "type": "message",
        "subtype": "message_deleted",
        "hidden": True,
        "channel": channel,
        "ts": deleted_at,
        "event_ts": deleted_at,
        "deleted_ts": ts,
        "previous_message": {"type": "message", "user": "U456", "text": previous, "ts": ts},
        "channel_type": "channel",
    }


def send(desk: Desk, event: dict[str, Any], *, event_id: str, retry: int | None = None) -> int:
    """Send an event signed (as Slack's ``retry``-th retry when given); the HTTP status."""
    headers = (
        {"X-Slack-Retry-Num": str(retry), "X-Slack-Retry-Reason": "http_timeout"} if retry else None
    )
    status, _, _ = post_signed(
        desk.url, event_body(event, event_id=event_id), secret=SECRET, extra_headers=headers
    )
    return status


def wait_for_row(
    db_path: Path, sql: str, params: list[Any] | None = None, *, timeout: float = 5.0
) -> list[tuple]:
    """The rows of ``sql`` once there are any (fails after ``timeout`` seconds)."""
    deadline = time.monotonic() + timeout
    while True:
        found = rows(db_path, sql, params)
        if found:
            return found
        if time.monotonic() > deadline:
            raise AssertionError(f"no rows for {sql!r} {params} after {timeout} s")
        time.sleep(0.05)


def settle(seconds: float = 0.6) -> None:
    """Give an event that should change nothing the time to have changed something."""
    time.sleep(seconds)
