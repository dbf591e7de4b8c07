"""Only requests signed by Slack, recently, for exactly this body reach a listener, once."""

from __future__ import annotations

import json
import logging
import time
from concurrent.futures import ThreadPoolExecutor

import pytest

from bot.replay import WINDOW, ReplayGuard
from tests.support import slack_app
from tests.support.signed import (
    block_actions_payload,
    interaction_body,
    post_signed,
    signature_headers,
    slash_command_body,
    stale_timestamp,
)
from tests.support.slack_app import SECRET, Desk

# The app fixtures (see tests/support/slack_app.py), made visible to this module's tests.
clean_env, standin, serve_desk, desk = (
    slack_app.clean_env,
    slack_app.standin,
    slack_app.serve_desk,
    slack_app.desk,
)

REJECTED = {"error": "invalid request"}


def command_body(desk: Desk, text: str = "Lysychansk") -> str:
    return slash_command_body(text, response_url=desk.standin.webhook_url("bad"))


def click_body(desk: Desk, topic: str = "Lysychansk", webhook: str = "bad") -> str:
    payload = block_actions_payload(
        "post_to_channel",
        json.dumps({"topic": topic}),
        response_url=desk.standin.webhook_url(webhook),
        ephemeral=True,
    )
    return interaction_body(payload)


def assert_nothing_reached_slack(desk: Desk, calls_before: int) -> None:
    """No Web API call and no response_url post came of the rejected requests.

    A good click sent afterwards is awaited, so a listener wrongly run would have posted too.
    """
    status, _, _ = post_signed(desk.url, click_body(desk, webhook="good"), secret=SECRET)
    assert status == 200
    desk.standin.wait_for_webhooks(2, name="good")
    assert desk.standin.webhooks("bad") == []
    assert [c.method for c in desk.standin.calls()][calls_before:] == [
        "webhook:good",
        "webhook:good",
    ]


@pytest.mark.parametrize("make_body", [command_body, click_body], ids=["command", "click"])
@pytest.mark.parametrize(
    "kwargs",
    [
        {"forge": True},
        {"timestamp": stale_timestamp(600)},
        {"timestamp": int(time.time()) + 600},
        {"unsigned": True},
    ],
    ids=["forged", "stale-10-min", "future-10-min", "unsigned"],
)
def test_bad_signatures_are_refused(desk: Desk, make_body, kwargs: dict) -> None:
    calls_before = len(desk.standin.calls())
    status, _, body = post_signed(desk.url, make_body(desk), secret=SECRET, **kwargs)
    assert status == 401
    assert json.loads(body) == REJECTED
    assert_nothing_reached_slack(desk, calls_before)


@pytest.mark.parametrize(
    ("original", "tampered"),
    [
        ("help", "Lysychansk"),
        ("Lysychansk", "Lysychansk&user_id=UADMIN"),
    ],
)
def test_tampered_command_with_valid_old_signature_is_refused(
    desk: Desk, original: str, tampered: str
) -> None:
    calls_before = len(desk.standin.calls())
    signed = command_body(desk, original)
    headers = signature_headers(signed, secret=SECRET, timestamp=int(time.time()) - 120)
    # The genuine request, with its two-minute-old signature, is accepted...
    status, _, _ = post_signed(
        desk.url, signed, secret=SECRET, unsigned=True, extra_headers=headers
    )
    assert status == 200
    # ...but the same signature on another body is not.
    forged = command_body(desk, tampered)
    status, _, body = post_signed(
        desk.url, forged, secret=SECRET, unsigned=True, extra_headers=headers
    )
    assert status == 401
    assert json.loads(body) == REJECTED
    assert_nothing_reached_slack(desk, calls_before)


def test_tampered_click_with_valid_signature_is_refused(desk: Desk) -> None:
    calls_before = len(desk.standin.calls())
    headers = signature_headers(click_body(desk, "Kyiv"), secret=SECRET)
    status, _, body = post_signed(
        desk.url,
        click_body(desk, "Lysychansk"),
        secret=SECRET,
        unsigned=True,
        extra_headers=headers,
    )
    assert status == 401
    assert json.loads(body) == REJECTED
    assert_nothing_reached_slack(desk, calls_before)


@pytest.mark.parametrize(
    "headers",
    [
        {"X-Slack-Request-Timestamp": "yesterday", "X-Slack-Signature": "v0=00"},
        {"X-Slack-Request-Timestamp": str(int(time.time())), "X-Slack-Signature": ""},
        {"X-Slack-Request-Timestamp": "", "X-Slack-Signature": "v0=00"},
        {"X-Slack-Request-Timestamp": "1.5e9", "X-Slack-Signature": "v0=00"},
        {"X-Slack-Request-Timestamp": str(int(time.time())), "X-Slack-Signature": "v0=\xff"},
    ],
    ids=["text-timestamp", "empty-signature", "empty-timestamp", "float-timestamp", "latin-1"],
)
def test_malformed_signature_headers_are_refused(
    desk: Desk, headers: dict, caplog: pytest.LogCaptureFixture
) -> None:
    calls_before = len(desk.standin.calls())
    status, _, body = post_signed(
        desk.url, command_body(desk), secret=SECRET, unsigned=True, extra_headers=headers
    )
    assert status == 401
    assert json.loads(body) == REJECTED
    assert_nothing_reached_slack(desk, calls_before)
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR]


def test_app_checked_its_token_once_at_start(desk: Desk) -> None:
    [auth] = desk.standin.calls("auth.test")
    assert auth.token == "xoxb-test"


# ---------------------------------------------------------------------- replays


def replay(desk: Desk, body: str, times: int = 2) -> list[tuple[int, dict[str, str], bytes]]:
    """Send the same signed request ``times`` times: one signature, one timestamp."""
    headers = signature_headers(body, secret=SECRET)
    return [
        post_signed(desk.url, body, secret=SECRET, unsigned=True, extra_headers=headers)
        for _ in range(times)
    ]


def test_a_replayed_command_is_answered_once(desk: Desk, caplog: pytest.LogCaptureFixture) -> None:
    first, second = replay(desk, command_body(desk))
    assert first[0] == 200 and json.loads(first[2])["blocks"]
    assert second[0] == 200 and second[2] == b""
    assert second[1]["x-slack-no-retry"] == "1"
    assert "replayed Slack request" in caplog.text


def test_a_replayed_click_is_acted_on_once(desk: Desk) -> None:
    responses = replay(desk, click_body(desk, webhook="once"), times=3)
    assert [status for status, _, _ in responses] == [200, 200, 200]
    shared, deleted = desk.standin.wait_for_webhooks(2, name="once")
    assert shared["response_type"] == "in_channel" and deleted["delete_original"] is True
    # Were a replay acted on, a second share would arrive before this good click's.
    good = click_body(desk, webhook="after")
    assert post_signed(desk.url, good, secret=SECRET)[0] == 200
    desk.standin.wait_for_webhooks(2, name="after")
    assert len(desk.standin.webhooks("once")) == 2


def test_concurrent_replays_are_answered_once(desk: Desk) -> None:
    body = command_body(desk, "Kyiv")
    headers = signature_headers(body, secret=SECRET)

    def send(_: int) -> tuple[int, dict[str, str], bytes]:
        return post_signed(desk.url, body, secret=SECRET, unsigned=True, extra_headers=headers)

    with ThreadPoolExecutor(max_workers=8) as pool:
        answers = list(pool.map(send, range(8)))
    assert all(status == 200 for status, _, _ in answers)
    assert sum(bool(body) for _, _, body in answers) == 1


def test_the_same_body_signed_again_later_is_a_new_request(desk: Desk) -> None:
    # Slack re-signs what it resends: a new timestamp makes a new signature.
    body = command_body(desk)
    for age in (120, 60):
        headers = signature_headers(body, secret=SECRET, timestamp=int(time.time()) - age)
        status, _, answer = post_signed(
            desk.url, body, secret=SECRET, unsigned=True, extra_headers=headers
        )
        assert status == 200 and json.loads(answer)["blocks"]


def test_the_guard_forgets_a_signature_once_its_timestamp_is_stale() -> None:
    now = [1_800_000_000.0]
    guard = ReplayGuard(clock=lambda: now[0])
    stamp = str(int(now[0]))
    assert guard.first_time("v0=aa", stamp) is True
    assert guard.first_time("v0=aa", stamp) is False
    assert guard.first_time("v0=bb", stamp) is True  # another request
    now[0] += WINDOW  # still inside Slack's five minutes
    assert guard.first_time("v0=aa", stamp) is False
    now[0] += 2  # stale: bolt refuses it before the guard is asked; memory freed
    assert guard.first_time("v0=aa", stamp) is True


@pytest.mark.parametrize(
    ("body", "content_type"),
    [
        ("payload=%7Bbad", "application/x-www-form-urlencoded"),
        ("{not json", "application/json"),
    ],
    ids=["form-payload", "json-body"],
)
@pytest.mark.parametrize("unsigned", [True, False], ids=["unsigned", "signed"])
def test_an_unreadable_body_is_refused_without_a_traceback(
    desk: Desk, body: str, content_type: str, unsigned: bool, caplog: pytest.LogCaptureFixture
) -> None:
    calls_before = len(desk.standin.calls())
    status, _, answer = post_signed(
        desk.url, body, secret=SECRET, content_type=content_type, unsigned=unsigned
    )
    assert status == 401
    assert json.loads(answer) == REJECTED
    assert_nothing_reached_slack(desk, calls_before)
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR]
