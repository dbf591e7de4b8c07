"""`/conflict digest` over Slack HTTP, the digest's "See all" button, and the console's digest."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

from bot.console import run_line
from tests.support import slack_app
from tests.support.signed import block_actions_payload, interaction_body, post_signed
from tests.support.slack_app import SECRET, Desk, fill_db, texts

clean_env, standin, serve_desk = slack_app.clean_env, slack_app.standin, slack_app.serve_desk


def _due_now() -> str:
    """A digest time a minute ago, so the digest due now covers the test bulletins."""
    return (datetime.now(UTC) - timedelta(minutes=1)).strftime("%H:%M")


def test_conflict_digest_answers_ephemerally_with_the_digest(
    serve_desk: Callable[..., Desk], tmp_path: Path
) -> None:
    desk = serve_desk(fill_db(tmp_path / "w.db"), wiredesk_digest_time=_due_now())
    answer = desk.answer("digest")
    assert answer["response_type"] == "ephemeral"
    assert answer["text"].startswith("Conflict desk digest for")
    shown = "\n".join(texts(answer))
    assert "new bulletins" in shown
    assert "Lysychansk" in shown
    assert "<!channel>" not in json.dumps(answer)
    buttons = [
        b["accessory"]
        for b in answer["blocks"]
        if b.get("accessory", {}).get("action_id") == "digest_topic"
    ]
    assert buttons, "each topic has a button that runs /conflict TOPIC"
    assert desk.standin.calls("chat.postMessage") == []  # shown to the user only, never posted


def test_see_all_button_shows_the_topic_to_whoever_clicked(
    serve_desk: Callable[..., Desk], tmp_path: Path
) -> None:
    desk = serve_desk(fill_db(tmp_path / "w.db"))
    payload = block_actions_payload(
        "digest_topic",
        json.dumps({"topic": "Lysychansk"}),
        response_url=desk.standin.webhook_url("see"),
    )
    status, _, _ = post_signed(desk.url, interaction_body(payload), secret=SECRET)
    assert status == 200
    [reply] = desk.standin.wait_for_webhooks(1, name="see")
    assert reply["response_type"] == "ephemeral" and reply["replace_original"] is False
    assert "Lysychansk" in reply["text"]


def test_console_digest(tmp_path: Path) -> None:
    db = fill_db(tmp_path / "w.db")
    clock = datetime.now(UTC) - timedelta(minutes=1)
    reply = run_line(str(db), "/conflict digest", clock=(clock.hour, clock.minute), zone="UTC")
    assert reply.startswith("Conflict desk digest for")
    assert "Lysychansk" in reply
