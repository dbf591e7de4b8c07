"""What `/conflict ...` means, for Slack and the console alike."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime

from newsroom.answer import Answer
from newsroom.ask import ask
from newsroom.topics import ActiveTopics, active_topics
from store.schema import open_db

COMMAND = "/conflict"
USAGE = (
    f"`{COMMAND} TOPIC`: what is known about a place, person or organisation, who claims it, "
    f"who denies it, and how far it can be trusted (for example `{COMMAND} Lysychansk`). "
    f"Spellings and scripts don't matter: Kyiv, Kiev and Київ find the same items.\n"
    f"`{COMMAND} help`: this help and the most active topics."
)
_SLACK_TOKEN = re.compile(r"<([^>|]*)(?:\|([^>]*))?>")


@dataclass
class Help:
    """The answer to `/conflict` alone or `/conflict help`."""

    usage: str
    active: ActiveTopics


def slack_text_to_plain(text: str) -> str:
    """Undo Slack's escaping of command text: `<#C1|kyiv>` -> kyiv, `&amp;` -> &."""

    def label(match: re.Match[str]) -> str:
        if match.group(2):
            return match.group(2)
        inner = match.group(1)
        return "@" + inner[1:] if inner.startswith("!") else inner

    text = _SLACK_TOKEN.sub(label, text)
    return text.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")


def conflict(db_path: str, text: str, *, now: datetime | None = None) -> Answer | Help:
    """Run `/conflict TEXT` against the database at ``db_path``."""
    topic = slack_text_to_plain(text or "").strip()
    db = open_db(db_path)
    try:
        if topic.lower() in {"", "help", "-h", "--help", "?"}:
            return Help(USAGE, active_topics(db, now=now))
        return ask(db, topic, now=now)
    finally:
        db.close()
