"""The "Post to channel" button: shares an answer with the channel, then removes the private copy.

The private copy is removed only once the share has succeeded. A share Slack refuses
(``invalid_blocks``, an expired ``response_url``, no connection) is logged and the user is
told with ``chat.postEphemeral`` (or, failing that, through the ``response_url``) what failed;
their private answer stays.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable
from typing import Any

from slack_bolt import Ack, Respond
from slack_sdk import WebClient
from slack_sdk.errors import SlackClientError
from slack_sdk.http_retry.builtin_handlers import (
    ConnectionErrorRetryHandler,
    RateLimitErrorRetryHandler,
)
from slack_sdk.webhook import WebhookClient

from bot.desk import Help, conflict
from bot.settings import Settings
from handlers.blocks import POST_ACTION_ID, answer_blocks, answer_fallback
from handlers.errors import replies_errors
from handlers.format import escape
from newsroom.errors import UserError

ACTION_ID = POST_ACTION_ID
log = logging.getLogger("wiredesk.slack")
KEPT = "Your private answer is kept."


def make_listener(settings: Settings) -> Callable[..., None]:
    """The button listener over the configured database."""

    @replies_errors
    def post_to_channel(
        ack: Ack,
        respond: Respond,
        logger: logging.Logger,
        body: dict,
        action: dict,
        client: WebClient,
    ) -> None:
        ack()
        try:
            topic = json.loads(action.get("value") or "{}")["topic"]
        except (ValueError, KeyError, TypeError):
            raise UserError("This button is from an older answer; run the command again.") from None
        result = conflict(settings.wiredesk_db, topic)
        if isinstance(result, Help):
            raise UserError("Nothing to share: run `/conflict TOPIC` first.")
        user = body.get("user", {}).get("id")
        channel = (body.get("channel") or {}).get("id")
        url = body["response_url"]
        failure = send(
            url,
            {
                "response_type": "in_channel",
                "replace_original": False,
                "text": answer_fallback(result),
                "blocks": [
                    b.to_dict()
                    for b in answer_blocks(
                        result,
                        shared_by=user,
                        shareable=False,
                        browse_url=settings.wiredesk_browse_url,
                    )
                ],
            },
        )
        if failure:
            log.warning(
                "Post to channel failed for %s in %s (topic %r): %s; the private answer is kept",
                user,
                channel,
                topic,
                failure,
            )
            tell_privately(client, respond, channel, user, share_failed(failure))
            return
        # delete_original must be the only field.
        failure = send(url, {"delete_original": True})
        if failure:
            log.warning("The answer was shared but its private copy stays: %s", failure)

    return post_to_channel


def send(url: str, message: dict[str, Any]) -> str | None:
    """Post ``message`` to a ``response_url``; None when Slack took it, else what failed.

    Dropped connections and 429 are retried; timeouts and refusals are not (a share that
    timed out may have been posted, and posting it again would duplicate it)."""
    client = WebhookClient(
        url,
        timeout=10,
        retry_handlers=[
            ConnectionErrorRetryHandler(),
            RateLimitErrorRetryHandler(max_retry_count=2),
        ],
    )
    try:
        response = client.send_dict(message)
    except (OSError, SlackClientError) as error:
        return f"Slack could not be reached ({type(error).__name__}: {error})"
    body = (response.body or "").strip()
    if response.status_code == 200:
        refused = _refusal(body)
        return None if refused is None else f"Slack answered {refused}"
    return f"Slack answered HTTP {response.status_code} {body[:200]!r}"


def _refusal(body: str) -> str | None:
    """The error of a 200 answer whose JSON says ``"ok": false``; None for a success."""
    try:
        answer = json.loads(body)
    except ValueError:
        return None  # "ok", or nothing
    if isinstance(answer, dict) and answer.get("ok") is False:
        return str(answer.get("error") or "ok: false")[:200]
    return None


def share_failed(failure: str) -> str:
    """What the user reads when their share did not go out."""
    if "HTTP 404" in failure or "expired_url" in failure:
        return (
            ":warning: Could not post to the channel: this answer's button has expired (Slack"
            f" keeps it for 30 minutes). Run the command again to share a new answer. {KEPT}"
        )
    if failure.startswith("Slack could not be reached"):
        return f":warning: Could not post to the channel: Slack could not be reached. {KEPT}"
    code = failure.removeprefix("Slack answered ")
    return (
        f":warning: Could not post to the channel: Slack refused it ({escape(code)})."
        f" It has been logged. {KEPT}"
    )


def tell_privately(
    client: WebClient, respond: Respond, channel: str | None, user: str | None, text: str
) -> None:
    """Tell the user with chat.postEphemeral; through the response_url if that fails."""
    if channel and user:
        try:
            client.chat_postEphemeral(channel=channel, user=user, text=text)
            return
        except (SlackClientError, OSError) as error:
            log.warning("chat.postEphemeral to %s in %s failed: %s", user, channel, error)
    try:
        respond(text=text, response_type="ephemeral", replace_original=False)
    except (SlackClientError, OSError, ValueError) as error:
        log.warning("Could not tell %s that the share failed: %s", user, error)
