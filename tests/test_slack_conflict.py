"""`/conflict` over real HTTP: signed requests in, ephemeral Block Kit answers out."""

from __future__ import annotations

import json
import time
from typing import Any

import pytest

from handlers.blocks import BADGES
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

ACK_DEADLINE = 3.0


def shown(message: dict[str, Any]) -> str:
    return "\n".join(texts(message))


def assert_safe(message: dict[str, Any]) -> None:
    """Nothing from bulletins or users can ping, mention or link; mrkdwn is verbatim."""
    for text in texts(message):
        bare = without_app_tokens(text)
        for token in LIVE_TOKENS:
            assert token not in bare, text
        assert "<" not in bare, text
    for obj in text_objects(message.get("blocks", [])):
        if obj["type"] == "mrkdwn":
            assert obj.get("verbatim") is True, obj


def test_answer_is_ephemeral_and_complete(desk: Desk) -> None:
    started = time.monotonic()
    answer = desk.answer("Lysychansk")
    assert time.monotonic() - started < ACK_DEADLINE
    assert answer["response_type"] == "ephemeral"
    assert "Lysychansk" in answer["text"]
    blocks = answer["blocks"]
    assert blocks[0] == {
        "type": "header",
        "text": {"type": "plain_text", "text": "/conflict Lysychansk", "emoji": True},
    }
    body = shown(answer)
    assert "Disputed" in blocks[1]["text"]["text"]
    # The summary quotes the claim and its denial, with their source.
    summary = [b["elements"][0]["text"] for b in blocks if b["type"] == "context"][:-1]
    assert any("drones had struck an ammunition depot" in s for s in summary)
    assert any("denied that any military site" in s for s in summary)
    assert all(s.startswith("> ") and "\n— " in s for s in summary)
    assert any("\n— Meridian Wire, <!date^" in s for s in summary)
    # Each item: badge, `item N`, quoted text, attribution and source.
    items = [b["text"]["text"] for b in blocks if "`item " in b.get("text", {}).get("text", "")]
    assert len(items) == len(item_ids(answer)) >= 3
    for text in items:
        assert any(text.startswith(badge) for badge in BADGES.values()), text
        assert "\n> " in text and " · " in text
    claim = next(t for t in items if "drones had struck" in t)
    # the denial in the same wire item is on record, so the claim shows as disputed
    assert claim.startswith(BADGES["disputed"]) and "*Ukraine's general staff*" in claim
    assert "Meridian Wire" in claim
    denial = next(t for t in items if "denied that any military site" in t)
    assert denial.startswith(BADGES["disputed"]) and "*Leonid Bazhenov*" in denial
    assert any("Лисичанську" in t and "Kyiv Desk" in t for t in items)
    assert "matching statement" in body
    assert json.loads(button_value(answer)) == {"topic": "Lysychansk"}
    button = blocks[-1]["elements"][0]
    assert button["text"]["text"] == "Post to channel"
    assert_safe(answer)


@pytest.mark.parametrize("spelling", ["Лисичанськ", "Лисичанск", "lysychansk", "Lisichansk"])
def test_spellings_find_the_same_items(desk: Desk, spelling: str) -> None:
    latin = set(item_ids(desk.answer("Lysychansk")))
    other = desk.answer(spelling)
    assert set(item_ids(other)) == latin
    assert other["blocks"][0]["text"]["text"] == f"/conflict {spelling}"


@pytest.mark.parametrize("text", ["", "help", "  HELP ", "--help", "?"])
def test_usage_and_active_topics(desk: Desk, text: str) -> None:
    answer = desk.answer(text)
    assert answer["response_type"] == "ephemeral"
    body = shown(answer)
    assert "`/conflict TOPIC`" in body and "`/conflict help`" in body
    assert "Most active topics" in body
    assert "`/conflict Kyiv`" in body or "`/conflict Bazhenov`" in body
    assert "Post to channel" not in body
    assert_safe(answer)


@pytest.mark.parametrize("text", ["<#C123|kyiv>", "  <#C123|kyiv>  ", "kyiv"])
def test_escaped_channel_mention_reads_as_its_name(desk: Desk, text: str) -> None:
    answer = desk.answer(text)
    assert answer["blocks"][0]["text"]["text"] == "/conflict kyiv"
    assert json.loads(button_value(answer)) == {"topic": "kyiv"}
    assert "Kyiv" in shown(answer) and item_ids(answer)


def test_entities_in_command_text_are_decoded(desk: Desk) -> None:
    answer = desk.answer("Lysychansk &amp; drones")
    assert answer["blocks"][0]["text"]["text"] == "/conflict Lysychansk &amp; drones"
    assert json.loads(button_value(answer)) == {"topic": "Lysychansk & drones"}
    assert item_ids(answer)


def test_no_match_suggests_close_topics(desk: Desk) -> None:
    answer = desk.answer("Bazhenof")
    assert answer["response_type"] == "ephemeral"
    body = shown(answer)
    assert "Nothing found about *Bazhenof*" in body
    assert "Topics that look close: `Bazhenov`" in body
    assert "Post to channel" not in body
    assert_safe(answer)


def test_no_match_without_suggestions(desk: Desk) -> None:
    answer = desk.answer("Zanzibar")
    assert "Nothing found about *Zanzibar*" in shown(answer)
    assert "look close" not in shown(answer)


# ---------------------------------------------------------------------- escaping


@pytest.mark.parametrize(
    "text", ["Lysychansk", "Лисичанськ", "help", "", "Bazhenof", "channel here", "evil click"]
)
def test_bulletin_text_never_pings_or_links(desk: Desk, text: str) -> None:
    status, _, raw = desk.command(text)
    assert status == 200
    answer = json.loads(raw)
    assert_safe(answer)
    # The raw body too: only the bot's own date tokens (and button values) may hold a `<`.
    for token in (b"<!channel>", b"<!here>", b"<@U999>", b"<https://evil"):
        assert token not in raw


def test_injection_bulletin_is_shown_escaped(desk: Desk) -> None:
    answer = desk.answer("Lysychansk")
    item = next(t for t in texts(answer) if "urged readers" in t)
    assert "@channel &lt;!here&gt; &lt;@U999&gt;" in item
    assert "&lt;https://evil.example|click&gt;" in item
    assert "Q&amp;A" in item
    assert "Rumour Mill &lt;script&gt;" in item
    assert_safe(answer)


@pytest.mark.parametrize(
    "typed",
    [
        "&lt;!channel&gt; <!here>",  # what Slack sends for `<!channel> @here` with should_escape
        "<!channel> @here",  # the same, had escaping been off
        "&lt;@U999&gt; &lt;https://evil.example|click&gt; &amp;",
        "<script>Kyiv</script> & <b>",
    ],
)
def test_user_topic_is_echoed_escaped(desk: Desk, typed: str) -> None:
    answer = desk.answer(typed)
    assert_safe(answer)
    header = answer["blocks"][0]["text"]["text"]
    assert header.startswith("/conflict ")
    assert "<" not in header and ">" not in header


def test_topic_with_live_tokens_echoes_entities(desk: Desk) -> None:
    answer = desk.answer("&lt;!channel&gt; <!here>")
    assert answer["blocks"][0]["text"]["text"].startswith("/conflict &lt;!channel&gt;")
    assert answer["text"].startswith("&lt;!channel&gt;")
