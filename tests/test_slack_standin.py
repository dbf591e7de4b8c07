"""The Slack stand-in and signed-request helpers, driven by the real slack_sdk and bolt."""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from urllib.error import URLError

import pytest
from slack_bolt import App
from slack_bolt.adapter.wsgi import SlackRequestHandler
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError
from slack_sdk.http_retry.builtin_handlers import RateLimitErrorRetryHandler
from slack_sdk.webhook import WebhookClient
from waitress import create_server

from tests.support.signed import (
    block_actions_payload,
    event_body,
    interaction_body,
    message_action_payload,
    post_signed,
    reaction_added_event,
    shortcut_payload,
    slash_command_body,
    stale_timestamp,
    view_submission_payload,
)
from tests.support.slack_app import stop
from tests.support.slack_standin import Response, SlackStandIn

SECRET = "s"


@pytest.fixture
def standin() -> Iterator[SlackStandIn]:
    with SlackStandIn() as server:
        yield server


@pytest.fixture
def client(standin: SlackStandIn) -> WebClient:
    return WebClient(token="xoxb-test", base_url=standin.api_url)


# ---------------------------------------------------------------------- default answers


def test_auth_test_default(standin: SlackStandIn, client: WebClient) -> None:
    resp = client.auth_test()
    assert resp["ok"] is True
    assert (resp["team_id"], resp["user_id"], resp["bot_id"]) == ("T0001", "UBOT", "B0001")
    assert resp["url"].startswith("https://")
    [call] = standin.calls("auth.test")
    assert call.headers["authorization"] == "Bearer xoxb-test"
    assert call.token == "xoxb-test"
    assert call.status == 200


def test_post_message_json_body_and_increasing_ts(standin: SlackStandIn, client: WebClient) -> None:
    blocks = [{"type": "section", "text": {"type": "mrkdwn", "text": "*hi*"}}]
    first = client.chat_postMessage(channel="C1", text="hi", blocks=blocks)
    second = client.chat_postMessage(channel="C1", text="again")
    assert first["channel"] == "C1"
    assert first["message"]["text"] == "hi"
    assert first["message"]["blocks"] == blocks
    assert float(second["ts"]) > float(first["ts"])

    call = standin.calls("chat.postMessage")[0]
    assert call.headers["content-type"].startswith("application/json")
    assert call.params["blocks"] == blocks
    # Posted messages become readable history.
    history = client.conversations_history(channel="C1")
    assert [m["text"] for m in history["messages"]] == ["again", "hi"]


def test_form_encoded_params_and_decoded_json_fields(
    standin: SlackStandIn, client: WebClient
) -> None:
    blocks = [{"type": "divider"}]
    client.api_call(
        "chat.postEphemeral", params={"channel": "C1", "user": "U1", "blocks": json.dumps(blocks)}
    )
    call = standin.calls("chat.postEphemeral")[0]
    assert call.headers["content-type"] == "application/x-www-form-urlencoded"
    assert call.params["channel"] == "C1"
    assert call.params["blocks"] == blocks
    assert call.response["message_ts"]


def test_token_in_form_body_is_accepted(standin: SlackStandIn) -> None:
    anonymous = WebClient(base_url=standin.api_url)
    resp = anonymous.api_call("auth.test", params={"token": "xoxb-in-body"})
    assert resp["user_id"] == "UBOT"
    assert standin.calls()[0].token == "xoxb-in-body"


def test_update_permalink_and_views(standin: SlackStandIn, client: WebClient) -> None:
    posted = client.chat_postMessage(channel="C9", text="draft")
    updated = client.chat_update(channel="C9", ts=posted["ts"], text="final")
    assert updated["message"]["text"] == "final"
    assert standin.messages[("C9", posted["ts"])]["text"] == "final"

    link = client.chat_getPermalink(channel="C9", message_ts="1700000000.000100")
    assert link["permalink"] == "https://example.slack.com/archives/C9/p1700000000000100"

    view = {"type": "modal", "callback_id": "verify", "title": {"type": "plain_text", "text": "V"}}
    opened = client.views_open(trigger_id="T.1", view=view)["view"]
    assert opened["id"].startswith("V") and opened["callback_id"] == "verify"
    again = client.views_update(view_id=opened["id"], view=view)["view"]
    assert again["id"] == opened["id"]
    home = client.views_publish(user_id="U1", view={"type": "home", "blocks": []})["view"]
    assert home["id"] and home["type"] == "home"


def test_seeded_data(standin: SlackStandIn, client: WebClient) -> None:
    standin.messages[("C1", "1700000000.000100")] = {"text": "claim", "user": "U1"}
    standin.messages[("C1", "1700000001.000100")] = {
        "text": "reply",
        "user": "U2",
        "thread_ts": "1700000000.000100",
        "reactions": [{"name": "white_check_mark", "users": ["U2"], "count": 1}],
    }
    standin.channels["C1"] = {"name": "conflict-desk"}
    standin.users["U1"] = {"real_name": "Ada Reporter"}
    standin.usergroups["S123"] = ["U1", "U2"]

    one = client.conversations_history(
        channel="C1", latest="1700000000.000100", inclusive=True, limit=1
    )
    assert [m["text"] for m in one["messages"]] == ["claim"]
    assert one["messages"][0]["ts"] == "1700000000.000100"
    replies = client.conversations_replies(channel="C1", ts="1700000000.000100")
    assert [m["text"] for m in replies["messages"]] == ["claim", "reply"]
    assert client.conversations_info(channel="C1")["channel"]["name"] == "conflict-desk"
    assert client.users_info(user="U1")["user"]["real_name"] == "Ada Reporter"
    assert client.usergroups_users_list(usergroup="S123")["users"] == ["U1", "U2"]
    got = client.reactions_get(channel="C1", timestamp="1700000001.000100")
    assert got["message"]["reactions"][0]["name"] == "white_check_mark"

    for call, error in [
        (lambda: client.reactions_get(channel="C1", timestamp="1.0"), "message_not_found"),
        (lambda: client.conversations_replies(channel="C1", ts="1.0"), "thread_not_found"),
        (lambda: client.usergroups_users_list(usergroup="S404"), "no_such_subteam"),
    ]:
        with pytest.raises(SlackApiError) as info:
            call()
        assert info.value.response["error"] == error


def test_other_methods_answer_ok(client: WebClient) -> None:
    assert client.api_call("team.info").data == {"ok": True}


# ---------------------------------------------------------------------- errors


def test_missing_and_invalid_tokens(standin: SlackStandIn) -> None:
    with pytest.raises(SlackApiError) as missing:
        WebClient(base_url=standin.api_url).auth_test()
    assert missing.value.response["error"] == "not_authed"
    with pytest.raises(SlackApiError) as invalid:
        WebClient(token="nope", base_url=standin.api_url).auth_test()
    assert invalid.value.response["error"] == "invalid_auth"

    standin.valid_tokens = {"xoxb-only"}
    with pytest.raises(SlackApiError):
        WebClient(token="xoxb-test", base_url=standin.api_url).auth_test()
    assert WebClient(token="xoxb-only", base_url=standin.api_url).auth_test()["ok"]


def test_missing_arguments(client: WebClient) -> None:
    cases = [
        (lambda: client.api_call("chat.postMessage", json={"text": "x"}), "channel_not_found"),
        (lambda: client.api_call("chat.postMessage", json={"channel": "C1"}), "no_text"),
        (lambda: client.api_call("users.info"), "invalid_arguments"),
    ]
    for call, error in cases:
        with pytest.raises(SlackApiError) as info:
            call()
        assert info.value.response.status_code == 200
        assert info.value.response["error"] == error


def test_scripted_error_raises_once(standin: SlackStandIn, client: WebClient) -> None:
    standin.script("chat.postMessage", Response(body={"ok": False, "error": "channel_not_found"}))
    with pytest.raises(SlackApiError) as info:
        client.chat_postMessage(channel="C1", text="hi")
    assert info.value.response["error"] == "channel_not_found"
    assert client.chat_postMessage(channel="C1", text="hi")["ok"]  # one-shot
    assert [c.status for c in standin.calls("chat.postMessage")] == [200, 200]


def test_rate_limit_then_success_with_retry_handler(standin: SlackStandIn) -> None:
    standin.script(
        "chat.postMessage",
        Response(
            status=429, headers={"Retry-After": "0"}, body={"ok": False, "error": "ratelimited"}
        ),
    )
    client = WebClient(
        token="xoxb-test",
        base_url=standin.api_url,
        retry_handlers=[RateLimitErrorRetryHandler(max_retry_count=1)],
    )
    assert client.chat_postMessage(channel="C1", text="hi")["ok"]
    assert [c.status for c in standin.calls("chat.postMessage")] == [429, 200]


def test_rate_limit_without_handler_raises(standin: SlackStandIn, client: WebClient) -> None:
    standin.script(
        "chat.postMessage",
        Response(
            status=429, headers={"Retry-After": "7"}, body={"ok": False, "error": "ratelimited"}
        ),
    )
    with pytest.raises(SlackApiError) as info:
        client.chat_postMessage(channel="C1", text="hi")
    assert info.value.response.status_code == 429
    assert info.value.response.headers["Retry-After"] == "7"
    assert info.value.response["error"] == "ratelimited"


def test_dropped_connection(standin: SlackStandIn, client: WebClient) -> None:
    standin.script("auth.test", Response(fail=True))
    assert client.auth_test()["ok"]  # default ConnectionErrorRetryHandler retries once
    assert [c.status for c in standin.calls("auth.test")] == [0, 200]

    standin.script("auth.test", Response(fail=True))
    no_retry = WebClient(token="xoxb-test", base_url=standin.api_url, retry_handlers=[])
    with pytest.raises((ConnectionError, URLError)):
        no_retry.auth_test()


# ---------------------------------------------------------------------- recording


def test_webhook_recording(standin: SlackStandIn) -> None:
    resp = WebhookClient(standin.webhook_url()).send(text="checking", response_type="ephemeral")
    assert (resp.status_code, resp.body) == (200, "ok")
    WebhookClient(standin.webhook_url("cmd-2")).send(text="done", replace_original=True)
    assert [b["text"] for b in standin.webhooks()] == ["checking", "done"]
    assert standin.webhooks("cmd-2") == [{"text": "done", "replace_original": True}]
    assert [c.method for c in standin.calls()] == ["webhook:default", "webhook:cmd-2"]

    standin.script("webhook:default", Response(status=404, body="expired_url"))
    expired = WebhookClient(standin.webhook_url()).send(text="late")
    assert (expired.status_code, expired.body) == (404, "expired_url")
    assert len(standin.webhooks()) == 2


def test_wait_for_and_reset(standin: SlackStandIn, client: WebClient) -> None:
    timer = threading.Timer(0.1, lambda: client.chat_postMessage(channel="C1", text="later"))
    timer.start()
    [call] = standin.wait_for("chat.postMessage", timeout=5)
    timer.join()
    assert call.params["text"] == "later"

    started = time.monotonic()
    with pytest.raises(AssertionError, match=r"chat\.postMessage"):
        standin.wait_for("chat.postMessage", count=2, timeout=0.1)
    assert time.monotonic() - started < 2

    standin.script("auth.test", Response(body={"ok": False, "error": "account_inactive"}))
    standin.reset()
    assert standin.calls() == [] and standin.messages == {}
    assert client.auth_test()["ok"]


def test_concurrent_calls_are_all_recorded(standin: SlackStandIn, client: WebClient) -> None:
    with ThreadPoolExecutor(max_workers=8) as pool:
        results = list(
            pool.map(lambda i: client.chat_postMessage(channel="C1", text=str(i)), range(40))
        )
    assert len({r["ts"] for r in results}) == 40
    assert sorted(int(c.params["text"]) for c in standin.calls("chat.postMessage")) == list(
        range(40)
    )


# ---------------------------------------------------------------------- bolt over HTTP


@dataclass
class BoltServer:
    url: str
    seen: list[str]


@pytest.fixture
def bolt_server(standin: SlackStandIn) -> Iterator[BoltServer]:
    app = App(
        client=WebClient(token="xoxb-test", base_url=standin.api_url),
        signing_secret=SECRET,
        token_verification_enabled=False,
    )
    seen: list[str] = []

    @app.command("/conflict")
    def conflict(ack, respond, client, command) -> None:  # type: ignore[no-untyped-def]
        ack(text=f"Checking {command['text']}")
        respond(text="Done", response_type="ephemeral")
        client.chat_postMessage(channel=command["channel_id"], text=command["text"])

    @app.action("verify")
    def verify(ack, body) -> None:  # type: ignore[no-untyped-def]
        ack()
        seen.append(f"action:{body['actions'][0]['value']}:{body['container']['message_ts']}")

    @app.shortcut("flag_verified")
    def flag(ack, shortcut) -> None:  # type: ignore[no-untyped-def]
        ack()
        seen.append(f"{shortcut['type']}:{shortcut['callback_id']}")

    @app.view("verify_modal")
    def submitted(ack, view) -> None:  # type: ignore[no-untyped-def]
        ack()
        seen.append(f"view:{view['private_metadata']}:{view['state']['values']['b']['a']['value']}")

    @app.event("reaction_added")
    def reacted(event) -> None:  # type: ignore[no-untyped-def]
        seen.append(f"event:{event['reaction']}")

    server = create_server(SlackRequestHandler(app), host="127.0.0.1", port=0)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    try:
        yield BoltServer(url=f"http://127.0.0.1:{server.effective_port}/slack/events", seen=seen)
    finally:
        stop(server, thread)  # closed from inside its loop: closing from here races select()


def test_bolt_slash_command_signed(standin: SlackStandIn, bolt_server: BoltServer) -> None:
    body = slash_command_body("ceasefire", response_url=standin.webhook_url())
    status, headers, payload = post_signed(bolt_server.url, body, secret=SECRET)
    assert status == 200
    assert headers["content-type"].startswith("text/plain")
    assert payload == b"Checking ceasefire"  # bolt sends a text-only ack as plain text
    assert standin.wait_for_webhooks(1) == [{"text": "Done", "response_type": "ephemeral"}]
    [post] = standin.wait_for("chat.postMessage")
    assert (post.params["channel"], post.params["text"]) == ("C123", "ceasefire")


@pytest.mark.parametrize(
    "kwargs",
    [{"forge": True}, {"timestamp": stale_timestamp()}, {"unsigned": True}],
    ids=["forged", "stale", "unsigned"],
)
def test_bolt_rejects_bad_signatures(
    standin: SlackStandIn, bolt_server: BoltServer, kwargs: dict
) -> None:
    body = slash_command_body("ceasefire", response_url=standin.webhook_url())
    status, _, payload = post_signed(bolt_server.url, body, secret=SECRET, **kwargs)
    assert status == 401
    assert json.loads(payload) == {"error": "invalid request"}
    assert standin.calls("chat.postMessage") == [] and standin.webhooks() == []


def test_bolt_accepts_built_payloads(standin: SlackStandIn, bolt_server: BoltServer) -> None:
    url = standin.webhook_url()
    bodies = [
        interaction_body(block_actions_payload("verify", "item-7", response_url=url)),
        interaction_body(message_action_payload("flag_verified", response_url=url)),
        interaction_body(shortcut_payload("flag_verified")),
        interaction_body(
            view_submission_payload("verify_modal", {"b": {"a": "yes"}}, private_metadata="m1")
        ),
        event_body(reaction_added_event("white_check_mark")),
    ]
    for body in bodies:
        status, _, _ = post_signed(bolt_server.url, body, secret=SECRET)
        assert status == 200, body

    deadline = time.monotonic() + 5
    while len(bolt_server.seen) < len(bodies) and time.monotonic() < deadline:
        time.sleep(0.02)
    assert sorted(bolt_server.seen) == sorted(
        [
            "action:item-7:1700000000.000100",
            "message_action:flag_verified",
            "shortcut:flag_verified",
            "view:m1:yes",
            "event:white_check_mark",
        ]
    )
