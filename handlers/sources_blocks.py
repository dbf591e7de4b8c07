"""`/conflict sources` as Block Kit: one section per source, problems marked."""

from __future__ import annotations

from datetime import datetime

from slack_sdk.models.blocks import (
    Block,
    ContextBlock,
    HeaderBlock,
    MarkdownTextObject,
    SectionBlock,
)

from bot.desk_sources import USAGE, SourcesReply
from newsroom.counts import count
from newsroom.wire.targets import format_every
from newsroom.wire.watch import Health

_MOST = 45
"""Sources shown (Slack allows 50 blocks in a message)."""


def sources_fallback(reply: SourcesReply) -> str:
    """The notification text."""
    troubled = sum(bool(h.problems) for h in reply.sources)
    head = f"{reply.message} " if reply.message else ""
    return f"{head}{len(reply.sources)} sources, {troubled} needing attention"


def sources_blocks(reply: SourcesReply) -> list[Block]:
    """A header, the message of an add or remove, a section per source."""
    blocks: list[Block] = [HeaderBlock(text="Live sources")]
    if reply.message:
        blocks.append(SectionBlock(text=MarkdownTextObject(text=reply.message)))
    if not reply.sources:
        blocks.append(SectionBlock(text=MarkdownTextObject(text="No sources yet. " + USAGE)))
        return blocks
    for health in reply.sources[:_MOST]:
        blocks.append(SectionBlock(text=MarkdownTextObject(text=_source_text(health))))
    if len(reply.sources) > _MOST:
        more = len(reply.sources) - _MOST
        blocks.append(
            ContextBlock(
                elements=[MarkdownTextObject(text=f"{more} more: `wiredesk sources list`.")]
            )
        )
    blocks.append(ContextBlock(elements=[MarkdownTextObject(text=USAGE)]))
    return blocks


def _source_text(health: Health) -> str:
    source = health.source
    mark = ":warning: " if health.problems else ""
    lines = [f"{mark}*{source.id}* · {source.kind} · {_escape(source.label)}"]
    if source.kind != "slack":
        success = _when(source.last_success)
        lines.append(
            f"every {format_every(source.every)} · last success {success} · "
            f"{count(source.entries_added, 'entry', 'entries')}"
        )
    else:
        lines.append(
            f"<#{source.target}> · last message {_when(source.last_new)} · "
            f"{count(source.entries_added, 'message')}"
        )
    lines += [f"_{_escape(problem)}_" for problem in health.problems]
    return "\n".join(lines)[:2900]


def _when(value: str | None) -> str:
    if not value:
        return "never"
    moment = datetime.fromisoformat(value)
    return f"<!date^{int(moment.timestamp())}^{{date_short_pretty}} {{time}}|{value[:16]} UTC>"


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
