"""Driving the verification desk through the real app: the verdict menu, the modal, the
shortcut and reactions, as signed Slack requests (see tests/support/slack_app.py)."""

from __future__ import annotations

import json
import time
from pathlib import Path
from typing import Any

from newsroom.verdicts import HistoryEntry, history
from store.schema import open_db
from tests.support.signed import (
    block_actions_payload,
    event_body,
    interaction_body,
    message_action_payload,
    post_signed,
    reaction_added_event,
    view_submission_payload,
)
from tests.support.slack_app import SECRET, Desk

VERIFIER = "U1"
OUTSIDER = "U2"
WIRE = "CWIRE"
LABELS = {"verified": "Verified", "false": "False", "disputed": "Disputed", "clear": "Clear"}


def menus(message: dict[str, Any]) -> dict[int, tuple[str, dict[str, str]]]:
    """Each item's verdict menu in an answer: item id -> (block id, {choice: option value})."""
    found = {}
    for block in message.get("blocks", []):
        accessory = block.get("accessory") or {}
        if accessory.get("action_id") == "verdict_menu":
            values = {json.loads(o["value"])["choice"]: o["value"] for o in accessory["options"]}
            item = json.loads(accessory["options"][0]["value"])["item"]
            found[item] = (block["block_id"], values)
    return found


def choose(
    desk: Desk,
    message: dict[str, Any],
    item_id: int,
    choice: str,
    *,
    user_id: str = VERIFIER,
    response_url: str,
    ephemeral: bool = True,
    trigger_id: str = "T.menu",
) -> tuple[int, bytes]:
    """A signed pick of ``choice`` in the verdict menu of ``item_id`` in ``message``."""
    block_id, values = menus(message)[item_id]
    payload = block_actions_payload(
        "verdict_menu",
        block_id=block_id,
        user_id=user_id,
        response_url=response_url,
        ephemeral=ephemeral,
        trigger_id=trigger_id,
        message_blocks=message.get("blocks"),
    )
    action = payload["actions"][0]
    for key in ("value", "text"):
        action.pop(key)
    action["type"] = "overflow"
    action["selected_option"] = {
        "text": {"type": "plain_text", "text": LABELS[choice], "emoji": True},
        "value": values[choice],
    }
    status, _, body = post_signed(desk.url, interaction_body(payload), secret=SECRET)
    return status, body


def submit(
    desk: Desk,
    view: dict[str, Any],
    *,
    note: str | None = None,
    evidence: str | None = None,
    user_id: str = VERIFIER,
) -> tuple[int, dict[str, Any] | None]:
    """Submit the modal ``view`` (as views.open got it); returns (status, JSON body or None)."""
    values: dict[str, dict[str, Any]] = {
        "note": {"note": {"type": "plain_text_input", "value": note}}
    }
    if any(b.get("block_id") == "evidence" for b in view["blocks"]):
        values["evidence"] = {"evidence": {"type": "url_text_input", "value": evidence}}
    payload = view_submission_payload(
        view["callback_id"],
        values,
        private_metadata=view["private_metadata"],
        blocks=view["blocks"],
        user_id=user_id,
    )
    status, _, body = post_signed(desk.url, interaction_body(payload), secret=SECRET)
    return status, (json.loads(body) if body.strip() else None)


def shortcut(
    desk: Desk, *, user_id: str = VERIFIER, trigger_id: str = "T.shortcut", **kwargs: Any
) -> tuple[int, bytes]:
    """A signed "Flag as verified" on a message (``kwargs`` go to message_action_payload)."""
    kwargs.setdefault("response_url", desk.standin.webhook_url("shortcut"))
    payload = message_action_payload(
        "flag_verified", user_id=user_id, trigger_id=trigger_id, **kwargs
    )
    status, _, body = post_signed(desk.url, interaction_body(payload), secret=SECRET)
    return status, body


def react(
    desk: Desk,
    reaction: str,
    *,
    event_id: str,
    user: str = VERIFIER,
    channel: str = WIRE,
    ts: str,
    retry: int | None = None,
    item_user: str = "U456",
) -> int:
    """A signed reaction_added event; returns the HTTP status (bolt acks before handling)."""
    event = reaction_added_event(reaction, user=user, channel=channel, ts=ts, item_user=item_user)
    body = event_body(event, event_id=event_id)
    headers = (
        {"X-Slack-Retry-Num": str(retry), "X-Slack-Retry-Reason": "http_timeout"} if retry else None
    )
    status, _, _ = post_signed(desk.url, body, secret=SECRET, extra_headers=headers)
    return status


def opened_view(desk: Desk, count: int = 1) -> dict[str, Any]:
    """The view of the ``count``-th views.open call (waits for it)."""
    return desk.standin.wait_for("views.open", count)[count - 1].params["view"]


def entries(db_path: Path, item_id: int) -> list[HistoryEntry]:
    """The item's verdict history, newest first."""
    db = open_db(db_path)
    try:
        return history(db, item_id)
    finally:
        db.close()


def rows(db_path: Path, sql: str, params: list[Any] | None = None) -> list[tuple]:
    """Rows of a query on the test database."""
    db = open_db(db_path)
    try:
        return db.execute(sql, params or []).fetchall()
    finally:
        db.close()


def quiet(desk: Desk, method: str, count: int, seconds: float = 0.6) -> None:
    """Wait ``seconds`` and check ``method`` was called exactly ``count`` times (for events,
    which bolt handles after answering)."""
    time.sleep(seconds)
    got = len(desk.standin.calls(method))
    assert got == count, f"{method} called {got} times, expected {count}"
