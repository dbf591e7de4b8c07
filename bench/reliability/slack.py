"""Slack's side, against a running ``wiredesk run``: bad requests refused, replays answered
once, and Web API or ``response_url`` failures survived with the user told.

Requests that must be refused (401, no listener run): forged, stale (ten minutes old),
from the future, unsigned, and a genuine signature on another body. A replay (the same
signed request again) must get an empty 200. Faults are scripted on the Slack stand-in the
bot talks to: a share refused (``invalid_blocks``), expired (``expired_url``) or dropped
must keep the private answer and tell the user; a ``chat.postEphemeral`` answered 429,
500, 503 or too slowly must be retried, or for a timeout, the user told another way.
"""

from __future__ import annotations

import json
import time
from collections import Counter
from dataclasses import dataclass, field

from bench.bot_process import SECRET, RunningBot
from tests.support.signed import (
    block_actions_payload,
    interaction_body,
    post_signed,
    signature_headers,
    slash_command_body,
)
from tests.support.slack_standin import (
    Response,
    SlackStandIn,
    dropped,
    rate_limited,
    response_url_refused,
    server_error,
    too_slow,
)

REFUSED = {
    "forged": {"forge": True},
    "stale": {"timestamp_shift": -600},
    "future": {"timestamp_shift": 600},
    "unsigned": {"unsigned": True},
    "tampered": {"tampered": True},
}


@dataclass
class SlackFigures:
    """Requests sent and faults injected, by kind, and how many were handled right."""

    sent: Counter[str] = field(default_factory=Counter)
    handled: Counter[str] = field(default_factory=Counter)
    failures: list[str] = field(default_factory=list)

    def check(self, kind: str, ok: bool, detail: str) -> None:
        self.sent[kind] += 1
        if ok:
            self.handled[kind] += 1
        else:
            self.failures.append(f"{kind}: {detail}"[:400])


def slack_runs(bot: RunningBot, *, rounds: int, timeouts: int = 1) -> SlackFigures:
    """``rounds`` of every bad request and every fault; ``timeouts`` Web API timeouts (each
    waits out the client's 30-second timeout)."""
    assert bot.standin is not None
    figures = SlackFigures()
    for number in range(rounds):
        for kind, how in REFUSED.items():
            _refused(bot, figures, kind, how)
        _replayed(bot, figures)
        for kind, fault in (
            ("share invalid_blocks", response_url_refused(400, "invalid_blocks")),
            ("share expired_url", response_url_refused(404, "expired_url")),
            ("share dropped twice", None),
        ):
            _share_fails(bot, figures, kind, fault, f"{number}")
        for kind, fault in (
            ("Web API 429", rate_limited(1)),
            ("Web API 500", server_error(500)),
            ("Web API 503", server_error(503)),
            ("Web API dropped", dropped()),
        ):
            _web_api_retried(bot, figures, kind, fault, f"{number}")
    for number in range(timeouts):
        _web_api_timeout(bot, figures, f"{number}")
    return figures


def _command(bot: RunningBot, topic: str = "Kharkiv") -> str:
    assert bot.standin is not None
    return slash_command_body(topic, response_url=bot.standin.webhook_url("commands"))


def _refused(bot: RunningBot, figures: SlackFigures, kind: str, how: dict) -> None:
    body = _command(bot)
    if how.get("tampered"):
        headers = signature_headers(_command(bot, "Kyiv"), secret=SECRET)
        answer = post_signed(bot.url, body, secret=SECRET, unsigned=True, extra_headers=headers)
    elif "timestamp_shift" in how:
        stamp = int(time.time()) + how["timestamp_shift"]
        answer = post_signed(bot.url, body, secret=SECRET, timestamp=stamp)
    else:
        answer = post_signed(bot.url, body, secret=SECRET, **how)
    status, _, text = answer
    figures.check(kind, status == 401, f"HTTP {status} {text[:100]!r}")


def _replayed(bot: RunningBot, figures: SlackFigures) -> None:
    body = _command(bot)
    headers = signature_headers(body, secret=SECRET)
    first, second = (
        post_signed(bot.url, body, secret=SECRET, unsigned=True, extra_headers=headers)
        for _ in range(2)
    )
    answered = first[0] == 200 and bool(json.loads(first[2]).get("blocks"))
    figures.check("replayed", answered and second[:1] == (200,) and second[2] == b"", f"{second}")


def _click(bot: RunningBot, webhook: str) -> int:
    assert bot.standin is not None
    payload = block_actions_payload(
        "post_to_channel",
        json.dumps({"topic": "Kharkiv"}),
        response_url=bot.standin.webhook_url(webhook),
        ephemeral=True,
        user_id="U777",
    )
    status, _, _ = post_signed(bot.url, interaction_body(payload), secret=SECRET)
    return status


def _told(standin: SlackStandIn, before: int, timeout: float = 10) -> list:
    """The chat.postEphemeral calls after the first ``before``, once one arrived."""
    return standin.wait_for("chat.postEphemeral", before + 1, timeout)[before:]


def _share_fails(
    bot: RunningBot, figures: SlackFigures, kind: str, fault: Response | None, number: str
) -> None:
    standin = bot.standin
    assert standin is not None
    webhook = f"{kind.replace(' ', '-')}-{number}"
    standin.script(f"webhook:{webhook}", *([fault] if fault else [dropped(), dropped()]))
    before = len(standin.calls("chat.postEphemeral"))
    status = _click(bot, webhook)
    try:
        [told] = _told(standin, before)
    except (AssertionError, ValueError) as error:
        figures.check(kind, False, f"click HTTP {status}; the user was not told once: {error}")
        return
    kept = standin.webhooks(webhook) == [] and "kept" in told.params.get("text", "")
    figures.check(kind, status == 200 and kept, f"click HTTP {status}; told {told.params}")


def _web_api_retried(
    bot: RunningBot, figures: SlackFigures, kind: str, fault: Response, number: str
) -> None:
    standin = bot.standin
    assert standin is not None
    webhook = f"retry-{kind.replace(' ', '-')}-{number}"
    standin.script(f"webhook:{webhook}", response_url_refused(400, "invalid_blocks"))
    standin.script("chat.postEphemeral", fault)
    before = len(standin.calls("chat.postEphemeral"))
    _click(bot, webhook)
    try:
        calls = standin.wait_for("chat.postEphemeral", before + 2, timeout=10)[before:]
    except AssertionError as error:
        figures.check(kind, False, f"not retried: {error}")
        return
    figures.check(kind, calls[-1].status == 200, f"statuses {[c.status for c in calls]}")


def _web_api_timeout(bot: RunningBot, figures: SlackFigures, number: str) -> None:
    standin = bot.standin
    assert standin is not None
    webhook = f"timeout-{number}"
    standin.script(f"webhook:{webhook}", response_url_refused(400, "invalid_blocks"))
    standin.script("chat.postEphemeral", too_slow(35))  # past slack_sdk's 30-second timeout
    before = len(standin.calls("chat.postEphemeral"))
    _click(bot, webhook)
    try:
        [told] = standin.wait_for_webhooks(1, name=webhook, timeout=60)
    except AssertionError as error:
        figures.check("Web API timeout", False, f"the user was not told: {error}")
        return
    once = len(standin.calls("chat.postEphemeral")) == before + 1
    figures.check("Web API timeout", once and "kept" in told.get("text", ""), f"{told}")
