"""`/conflict sources [add URL | remove ID]`: the live wire's sources and their health,
shared by Slack and the console (plain functions over the database)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

from bot.desk import COMMAND
from bot.terminal_sources import render_sources
from bot.verifiers import Verifiers
from newsroom.errors import UserError
from newsroom.wire.manage import add_feed, health_list, remove
from newsroom.wire.watch import Health
from store.schema import open_db

SOURCES_WORD = "sources"
USAGE = (
    f"`{COMMAND} sources`: the live sources and their health; "
    f"`{COMMAND} sources add URL` and `{COMMAND} sources remove ID` (the verification desk only)."
)
_SLACK_LINK = re.compile(r"^<(https?://[^|>\s]+)(?:\|[^>]*)?>$", re.I)


@dataclass(frozen=True)
class SourcesCommand:
    """`/conflict sources`, `... sources add URL`, `... sources remove ID`."""

    action: Literal["list", "add", "remove"]
    url: str | None = None
    source_id: int | None = None

    @property
    def changes(self) -> bool:
        """True for add and remove, which only verifiers may run."""
        return self.action != "list"


def parse_sources_command(text: str) -> SourcesCommand | None:
    """The sources command in `/conflict TEXT`, or None when TEXT is something else."""
    words = (text or "").split()
    if not words or words[0].lower() != SOURCES_WORD:
        return None
    if len(words) == 1:
        return SourcesCommand("list")
    action, rest = words[1].lower(), words[2:]
    if action == "add" and len(rest) == 1:
        link = _SLACK_LINK.match(rest[0])
        return SourcesCommand("add", url=link[1].replace("&amp;", "&") if link else rest[0])
    if action == "remove" and len(rest) == 1 and rest[0].lstrip("#").isdigit():
        number = int(rest[0].lstrip("#"))
        if not 1 <= number <= 2**63 - 1:  # SQLite's largest integer: no id is larger
            raise UserError(f"There is no source {number}: `{COMMAND} sources` lists them.")
        return SourcesCommand("remove", source_id=number)
    raise UserError(f"Use {USAGE}")


@dataclass(frozen=True)
class SourcesReply:
    """What the command did (a line) and the sources as they are now."""

    message: str | None
    sources: list[Health]


def run_sources_command(
    db_path: str, command: SourcesCommand, *, by: str, allow: tuple[str, ...], guarded: bool
) -> SourcesReply:
    """Run the command; ``guarded`` (from Slack): a URL must reach public addresses only,
    unless ``allow`` (WIREDESK_FETCH_ALLOW) names it. UserError for what cannot be done."""
    db = open_db(db_path)
    try:
        message = None
        if command.action == "add":
            source, created = add_feed(
                db, command.url or "", added_by=by, guarded=guarded, allow=allow
            )
            message = (
                f"Added source {source.id}: {source.label}; it is polled within a minute."
                if created
                else f"Source {source.id} is already there: {source.label}."
            )
        elif command.action == "remove":
            gone = remove(db, command.source_id or 0)
            message = f"Removed source {gone.id}: {gone.label} (its bulletins stay)."
        return SourcesReply(message, health_list(db))
    finally:
        db.close()


def render_reply(reply: SourcesReply) -> str:
    """The console's text."""
    listing = render_sources(reply.sources)
    return f"{reply.message}\n\n{listing}" if reply.message else listing


def sources_refusal(verifiers: Verifiers) -> str:
    """What a user who may not add or remove sources is told."""
    return verifiers.refusal().replace("set verdicts", "add or remove sources")
