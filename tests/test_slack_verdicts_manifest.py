"""The manifest grants what the verification desk needs, every entry has a listener, and the
README documents it."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from bot.settings import Settings
from tests.support import slack_app
from tests.support.signed import (
    event_body,
    interaction_body,
    message_action_payload,
    post_signed,
    reaction_added_event,
    view_submission_payload,
)
from tests.support.slack_app import SECRET, Desk
from tests.support.verdicts import choose

clean_env, standin, serve_desk, desk = (
    slack_app.clean_env,
    slack_app.standin,
    slack_app.serve_desk,
    slack_app.desk,
)

ROOT = Path(__file__).resolve().parent.parent
MANIFEST = (ROOT / "manifest.yml").read_text(encoding="utf-8")
README = (ROOT / "README.md").read_text(encoding="utf-8")
SCOPES = (
    "commands",
    "chat:write",
    "reactions:read",
    "channels:history",
    "groups:history",
    "channels:read",
    "groups:read",
    "usergroups:read",
)


def block(text: str, key: str) -> list[str]:
    """The lines nested under the first ``key:`` line (comments and blanks dropped)."""
    lines = text.splitlines()
    start = next(n for n, line in enumerate(lines) if re.match(rf"^\s*{key}:\s*$", line))
    indent = len(lines[start]) - len(lines[start].lstrip())
    found = []
    for line in lines[start + 1 :]:
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        if len(line) - len(line.lstrip()) <= indent:
            break
        found.append(line.strip())
    return found


def listed(text: str, key: str) -> list[str]:
    """The scalar items (``- x``) directly under ``key:``."""
    return [line[2:].strip() for line in block(text, key) if line.startswith("- ")]


def entries(text: str, key: str) -> list[dict[str, str]]:
    """The mappings listed under ``key:`` (``- a: 1`` then ``b: 2`` lines)."""
    found: list[dict[str, str]] = []
    for line in block(text, key):
        match = re.match(r"^(- )?(\w+):\s*(.*)$", line)
        if match and match[1]:
            found.append({})
        if match and found:
            found[-1][match[2]] = match[3].strip().strip('"')
    return found


def test_the_manifest_declares_the_shortcut() -> None:
    [flag] = entries(MANIFEST, "shortcuts")
    assert flag["callback_id"] == "flag_verified"
    assert flag["type"] == "message"
    assert flag["name"] == "Flag as verified"
    assert 0 < len(flag["name"]) <= 24
    assert 0 < len(flag["description"]) <= 150


def test_the_manifest_subscribes_to_reactions() -> None:
    assert listed(MANIFEST, "bot_events")[0] == "reaction_added"
    assert "bot_events:" in "\n".join(block(MANIFEST, "event_subscriptions"))


def test_the_manifest_grants_the_scopes() -> None:
    scopes = listed(MANIFEST, "bot")
    for scope in SCOPES:
        assert scope in scopes, scope
    assert len(scopes) == len(set(scopes))


def test_every_listener_exists(desk: Desk) -> None:
    """Each kind of request the manifest makes Slack send is answered (unknown ones get 404)."""

    def status_of(body: str) -> int:
        return post_signed(desk.url, body, secret=SECRET)[0]

    shortcut = message_action_payload("flag_verified", response_url=desk.standin.webhook_url())
    assert status_of(interaction_body(shortcut)) == 200
    assert status_of(interaction_body(message_action_payload("nope"))) == 404
    view = view_submission_payload("verdict_modal", private_metadata="{}")
    assert status_of(interaction_body(view)) == 200
    assert status_of(interaction_body(view_submission_payload("nope"))) == 404
    assert status_of(event_body(reaction_added_event("thumbsup"), event_id="EvL")) == 200
    answer = desk.answer("Lysychansk")
    item = json.loads(
        next(b for b in answer["blocks"] if b.get("accessory"))["accessory"]["options"][0]["value"]
    )["item"]
    assert choose(desk, answer, item, "verified", response_url=desk.standin.webhook_url())[0] == 200


@pytest.mark.parametrize(
    "needle",
    [
        "### Verification desk",
        "Flag as verified",
        "/conflict verify ITEM",
        "/conflict false ITEM",
        "/conflict dispute ITEM",
        "/conflict clear ITEM",
        "/conflict history ITEM",
        "reaction_added",
        "usergroups:read",
    ],
)
def test_the_readme_documents_the_desk(needle: str) -> None:
    assert needle in README


def test_the_readme_lists_the_desk_settings() -> None:
    table = set(re.findall(r"^\| `([A-Z_]+)` \|", README, re.M))
    for name in (
        "WIREDESK_VERIFIERS",
        "WIREDESK_WIRE_CHANNELS",
        "WIREDESK_VERIFY_EMOJI",
        "WIREDESK_FALSE_EMOJI",
    ):
        assert name in table, name
        assert name.lower() in Settings.model_fields
