"""When Slack fails: a share refused or expired keeps the private answer and says so; the
Web API client retries 429 (after Retry-After), 500/503 and dropped connections; a timeout
is not retried but still reaches the user another way.

Everything goes through the real bolt App over HTTP, signed, against the Slack stand-in.
"""

from __future__ import annotations

import json
import logging
import time
from pathlib import Path

import pytest
from slack_sdk.errors import SlackApiError

from tests.support import slack_app
from tests.support.slack_app import Desk, button_value, fill_db
from tests.support.slack_standin import (
    Response,
    dropped,
    rate_limited,
    response_url_refused,
    server_error,
    too_slow,
)

clean_env, standin, serve_desk, desk = (
    slack_app.clean_env,
    slack_app.standin,
    slack_app.serve_desk,
    slack_app.desk,
)
KEPT = "Your private answer is kept."


def share(desk: Desk, name: str, *, user: str = "U777", channel: str = "C123") -> None:
    """Ask for Lysychansk, then click "Post to channel" with the response_url ``name``."""
    answer = desk.answer("Lysychansk")
    url = desk.standin.webhook_url(name)
    status, body = desk.click(button_value(answer), url, user_id=user, channel_id=channel)
    assert (status, body) == (200, b"")


def webhook_calls(desk: Desk, name: str) -> list:
    return desk.standin.calls(f"webhook:{name}")


# ---------------------------------------------------------------------- the share fails


@pytest.mark.parametrize(
    ("refusal", "says"),
    [
        (
            response_url_refused(400, "invalid_blocks"),
            "Slack refused it (HTTP 400 'invalid_blocks')",
        ),
        (
            response_url_refused(400, "invalid_payload"),
            "Slack refused it (HTTP 400 'invalid_payload')",
        ),
        (response_url_refused(404, "expired_url"), "button has expired"),
        (response_url_refused(404, "used_url"), "button has expired"),
        (response_url_refused(403, "action_prohibited"), "Slack refused it (HTTP 403"),
    ],
    ids=["invalid-blocks", "invalid-payload", "expired", "used", "prohibited"],
)
def test_a_refused_share_keeps_the_private_answer_and_tells_the_user(
    desk: Desk, refusal: Response, says: str, caplog: pytest.LogCaptureFixture
) -> None:
    # The response_url refuses the share and would take the next call (a delete) with 200.
    desk.standin.script("webhook:r1", refusal)
    with caplog.at_level(logging.WARNING, logger="wiredesk.slack"):
        share(desk, "r1")
        [told] = desk.standin.wait_for("chat.postEphemeral")
    [attempt] = webhook_calls(desk, "r1")  # the share only: no delete_original followed
    assert attempt.status == refusal.status
    assert json.loads(attempt.body)["response_type"] == "in_channel"
    assert desk.standin.webhooks("r1") == []
    assert (told.params["channel"], told.params["user"]) == ("C123", "U777")
    assert says in told.params["text"] and KEPT in told.params["text"]
    [logged] = [r for r in caplog.records if "Post to channel failed" in r.getMessage()]
    assert logged.levelno == logging.WARNING
    assert str(refusal.status) in logged.getMessage() and refusal.body in logged.getMessage()
    assert "U777" in logged.getMessage() and "C123" in logged.getMessage()


def test_a_share_answered_200_but_not_ok_keeps_the_private_answer(
    desk: Desk, caplog: pytest.LogCaptureFixture
) -> None:
    # An answer of 200 whose JSON says it failed: the share did not go out either.
    desk.standin.script(
        "webhook:r8", Response(status=200, body={"ok": False, "error": "invalid_blocks"})
    )
    with caplog.at_level(logging.WARNING, logger="wiredesk.slack"):
        share(desk, "r8")
        [told] = desk.standin.wait_for("chat.postEphemeral")
    assert len(webhook_calls(desk, "r8")) == 1  # the share only: no delete_original followed
    assert "Slack refused it (invalid_blocks)" in told.params["text"]
    assert KEPT in told.params["text"]
    assert "Post to channel failed" in caplog.text and "invalid_blocks" in caplog.text


def test_a_share_after_a_refusal_works(desk: Desk) -> None:
    desk.standin.script("webhook:r2", response_url_refused(400, "invalid_blocks"))
    share(desk, "r2")
    desk.standin.wait_for("chat.postEphemeral")
    share(desk, "r2")  # the user tries again: shared, then the private copy removed
    shared, deleted = desk.standin.wait_for_webhooks(2, name="r2")
    assert shared["response_type"] == "in_channel"
    assert deleted["delete_original"] is True


def test_a_share_slack_cannot_be_reached_for_is_kept(
    desk: Desk, caplog: pytest.LogCaptureFixture
) -> None:
    # Dropped twice: the retry of a dropped connection is dropped too.
    desk.standin.script("webhook:r3", dropped(), dropped())
    with caplog.at_level(logging.WARNING, logger="wiredesk.slack"):
        share(desk, "r3")
        [told] = desk.standin.wait_for("chat.postEphemeral")
    assert "Slack could not be reached" in told.params["text"]
    assert KEPT in told.params["text"]
    assert len(webhook_calls(desk, "r3")) == 2
    assert desk.standin.webhooks("r3") == []
    assert "could not be reached" in caplog.text


def test_a_dropped_connection_to_the_response_url_is_retried(desk: Desk) -> None:
    desk.standin.script("webhook:r4", dropped())
    share(desk, "r4")
    shared, deleted = desk.standin.wait_for_webhooks(2, name="r4")
    assert shared["response_type"] == "in_channel" and deleted["delete_original"] is True
    assert desk.standin.calls("chat.postEphemeral") == []


def test_a_rate_limited_response_url_is_retried_after_retry_after(desk: Desk) -> None:
    desk.standin.script("webhook:r5", rate_limited(1))
    started = time.monotonic()
    share(desk, "r5")
    shared, _ = desk.standin.wait_for_webhooks(2, name="r5")
    assert time.monotonic() - started >= 1
    assert shared["response_type"] == "in_channel"


def test_where_the_bot_cannot_post_ephemeral_the_response_url_tells_the_user(
    desk: Desk, caplog: pytest.LogCaptureFixture
) -> None:
    # A conversation the bot is not in: chat.postEphemeral answers channel_not_found.
    desk.standin.script("webhook:r6", response_url_refused(400, "invalid_blocks"))
    desk.standin.script(
        "chat.postEphemeral", Response(body={"ok": False, "error": "channel_not_found"})
    )
    with caplog.at_level(logging.WARNING, logger="wiredesk.slack"):
        share(desk, "r6", channel="D042")
        [told] = desk.standin.wait_for_webhooks(1, name="r6")
    assert told["response_type"] == "ephemeral" and told["replace_original"] is False
    assert "invalid_blocks" in told["text"] and KEPT in told["text"]
    assert "channel_not_found" in caplog.text


# ---------------------------------------------------------------------- the Web API client


@pytest.mark.parametrize(
    "first",
    [rate_limited(1), server_error(500), server_error(503), dropped()],
    ids=["429", "500", "503", "dropped"],
)
def test_web_api_calls_are_retried(desk: Desk, first: Response) -> None:
    desk.standin.script("webhook:w1", response_url_refused(400, "invalid_blocks"))
    desk.standin.script("chat.postEphemeral", first)
    share(desk, "w1")
    calls = desk.standin.wait_for("chat.postEphemeral", 2)
    assert [c.status for c in calls] == [first.status if not first.fail else 0, 200]
    assert calls[0].params == calls[1].params
    assert desk.standin.webhooks("w1") == []  # told once, by the retried call


def test_web_api_429_waits_for_retry_after(desk: Desk) -> None:
    client = desk.app.client
    desk.standin.script("chat.postMessage", rate_limited(2))
    started = time.monotonic()
    assert client.chat_postMessage(channel="C1", text="after the limit")["ok"] is True
    assert time.monotonic() - started >= 2
    assert len(desk.standin.calls("chat.postMessage")) == 2


def test_web_api_gives_up_after_its_retries(desk: Desk) -> None:
    desk.standin.script("chat.postMessage", *[server_error(503)] * 3)
    with pytest.raises(SlackApiError) as raised:
        desk.app.client.chat_postMessage(channel="C1", text="never")
    assert raised.value.response.status_code == 503
    assert len(desk.standin.calls("chat.postMessage")) == 3  # one call, two retries


def test_a_web_api_timeout_is_not_retried_and_the_user_still_hears(
    serve_desk, db_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    desk = serve_desk(fill_db(db_path), timeout=0.5)
    desk.standin.script("webhook:t1", response_url_refused(400, "invalid_blocks"))
    desk.standin.script("chat.postEphemeral", too_slow(2))
    with caplog.at_level(logging.WARNING, logger="wiredesk.slack"):
        share(desk, "t1")
        [told] = desk.standin.wait_for_webhooks(1, name="t1")
    assert len(desk.standin.calls("chat.postEphemeral")) == 1  # a timeout is not retried
    assert told["response_type"] == "ephemeral" and KEPT in told["text"]
    assert "chat.postEphemeral" in caplog.text and "timed out" in caplog.text
