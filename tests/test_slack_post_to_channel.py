"""The "Post to channel" button: the answer goes to the channel, the private copy goes away."""

from __future__ import annotations

import json

import pytest

from tests.support import slack_app
from tests.support.slack_app import (
    LIVE_TOKENS,
    Desk,
    button_value,
    item_ids,
    text_objects,
    texts,
    without_app_tokens,
)

# The app fixtures (see tests/support/slack_app.py), made visible to this module's tests.
clean_env, standin, serve_desk, desk = (
    slack_app.clean_env,
    slack_app.standin,
    slack_app.serve_desk,
    slack_app.desk,
)


@pytest.mark.parametrize("topic", ["Lysychansk", "Лисичанськ", "<#C123|kyiv>"])
def test_post_to_channel_shares_then_deletes(desk: Desk, topic: str) -> None:
    answer = desk.answer(topic)
    url = desk.standin.webhook_url("r1")
    status, body = desk.click(button_value(answer), url, user_id="U777")
    assert (status, body) == (200, b"")

    shared, deleted = desk.standin.wait_for_webhooks(2, name="r1")
    assert shared["response_type"] == "in_channel"
    assert shared["replace_original"] is False
    assert shared["text"] == answer["text"]
    assert item_ids(shared) == item_ids(answer)
    assert shared["blocks"][0] == answer["blocks"][0]
    footer = shared["blocks"][-1]["elements"][0]["text"]
    assert footer.endswith("· shared by <@U777>")
    assert "Post to channel" not in json.dumps(shared["blocks"])  # no button in the channel
    for text in texts(shared):
        bare = without_app_tokens(text, shared_by="U777")
        assert "<" not in bare and not any(t in bare for t in LIVE_TOKENS), text
    assert all(o.get("verbatim") for o in text_objects(shared["blocks"]) if o["type"] == "mrkdwn")

    # delete_original carries nothing else (an empty text is all bolt's respond adds).
    assert deleted["delete_original"] is True
    assert {k: v for k, v in deleted.items() if v not in ("", None)} == {"delete_original": True}
    assert desk.standin.calls("chat.postMessage") == []


OLDER = ":warning: This button is from an older answer; run the command again."
NOTHING = ":warning: Nothing to share: run `/conflict TOPIC` first."


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("", OLDER),
        ("not json", OLDER),
        ("[]", OLDER),
        ('{"other": 1}', OLDER),
        ('{"topic": null}', NOTHING),
        ('{"topic": ""}', NOTHING),
    ],
)
def test_bad_button_value_tells_the_user(desk: Desk, value: str, expected: str) -> None:
    url = desk.standin.webhook_url("stale")
    status, _ = desk.click(value, url)
    assert status == 200
    [message] = desk.standin.wait_for_webhooks(1, name="stale")
    assert message == {"text": expected, "response_type": "ephemeral", "replace_original": False}


def test_button_for_help_topic_is_refused_politely(desk: Desk) -> None:
    url = desk.standin.webhook_url("help")
    status, _ = desk.click(json.dumps({"topic": "help"}), url)
    assert status == 200
    [message] = desk.standin.wait_for_webhooks(1, name="help")
    assert message == {"text": NOTHING, "response_type": "ephemeral", "replace_original": False}
