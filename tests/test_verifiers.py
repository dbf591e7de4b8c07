"""Who may set verdicts: listed users, and members of listed user groups (cached)."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor

import pytest
from slack_sdk import WebClient

from bot.settings import Settings
from bot.verifiers import Verifiers, refusal
from tests.support.slack_standin import Response, SlackStandIn


@pytest.fixture
def slack() -> Iterator[SlackStandIn]:
    with SlackStandIn() as server:
        yield server


def verifiers(slack: SlackStandIn, listed: str, **kwargs: object) -> Verifiers:
    settings = Settings(_env_file=None, wiredesk_verifiers=listed)
    client = WebClient(token="xoxb-test", base_url=slack.api_url)
    return Verifiers(settings, client, **kwargs)


def test_listed_users_are_allowed_without_asking_slack(slack: SlackStandIn) -> None:
    check = verifiers(slack, "U1, W2")
    assert check.allowed("U1") and check.allowed("W2")
    assert not check.allowed("U3") and not check.allowed(None) and not check.allowed("")
    assert slack.calls() == []


def test_group_members_are_cached_for_five_minutes(slack: SlackStandIn) -> None:
    slack.usergroups["S1"] = ["U7"]
    now = [1000.0]
    check = verifiers(slack, "U1 S1", clock=lambda: now[0])
    assert check.allowed("U7")
    assert not check.allowed("U8")
    assert len(slack.calls("usergroups.users.list")) == 1
    slack.usergroups["S1"] = ["U8"]
    now[0] += 299
    assert check.allowed("U7")
    now[0] += 2
    assert check.allowed("U8") and not check.allowed("U7")
    assert len(slack.calls("usergroups.users.list")) == 2


def test_an_api_error_counts_as_an_empty_group_for_that_check(
    slack: SlackStandIn, caplog: pytest.LogCaptureFixture
) -> None:
    slack.usergroups["S1"] = ["U7"]
    slack.script("usergroups.users.list", Response(body={"ok": False, "error": "ratelimited"}))
    check = verifiers(slack, "S1")
    with caplog.at_level(logging.WARNING, "wiredesk.verifiers"):
        assert not check.allowed("U7")
    assert "S1" in caplog.text
    assert check.allowed("U7")  # the failure was not cached


def test_an_unreachable_api_refuses_without_crashing(slack: SlackStandIn) -> None:
    slack.script("usergroups.users.list", Response(fail=True), Response(fail=True))
    assert not verifiers(slack, "S1").allowed("U7")


def test_many_threads_share_the_cache(slack: SlackStandIn) -> None:
    slack.usergroups["S1"] = [f"U{n}" for n in range(50)]
    check = verifiers(slack, "S1")
    assert check.allowed("U0")
    with ThreadPoolExecutor(8) as pool:
        assert all(pool.map(check.allowed, [f"U{n}" for n in range(50)] * 4))
    assert len(slack.calls("usergroups.users.list")) == 1


def test_refusals_name_who_can() -> None:
    assert refusal([]) == (
        "Nobody can set verdicts yet: an admin must list editors in WIREDESK_VERIFIERS."
    )
    assert refusal(["U1", "S1"]) == (
        "Only the verification desk can set verdicts (<@U1>, <!subteam^S1>)."
    )
    assert "<" not in refusal(["U1"], mentions=False)


def test_a_refusal_is_logged(slack: SlackStandIn, caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.WARNING, "wiredesk.verifiers"):
        text = verifiers(slack, "U1").refuse("U9", 12, "verified (command)")
    assert text == "Only the verification desk can set verdicts (<@U1>)."
    assert "U9" in caplog.text and "12" in caplog.text and "verified (command)" in caplog.text
