"""Block Kit for the daily digest, split into messages that fit Slack's limits."""

from __future__ import annotations

import json

from slack_sdk.models.blocks import (
    Block,
    ButtonElement,
    ContextBlock,
    DividerBlock,
    HeaderBlock,
    MarkdownTextObject,
    SectionBlock,
)

from handlers.format import escape, item_ref, quote, when
from newsroom.counts import count
from newsroom.digest import WINDOW_STATUSES, Change, Digest, DigestTopic

TOPIC_ACTION_ID = "digest_topic"
MAX_BLOCKS = 45
"""Blocks per message (Slack allows 50; a margin for the continuation notes)."""


def _mrkdwn(text: str) -> MarkdownTextObject:
    return MarkdownTextObject(text=text, verbatim=True)


def digest_fallback(digest: Digest) -> str:
    """The notification text of the digest message."""
    counts = digest.counts
    return escape(
        f"Conflict desk digest for {digest.date:%-d %b %Y}: {count(counts['bulletins'], 'bulletin')}, "
        f"{count(counts['items'], 'item')}, {counts['disputed']:,} disputed, "
        f"{counts['false']:,} marked false"
    )


def digest_messages(digest: Digest, zone: str, browse_url: str = "") -> list[list[Block]]:
    """The digest as one or more messages: the first is posted, the rest go in its thread.
    With ``browse_url`` (WIREDESK_BROWSE_URL), each `item N` links to its row there."""
    blocks: list[Block] = [
        HeaderBlock(text=f"Conflict desk digest · {digest.date:%-d %b %Y}"),
        ContextBlock(
            elements=[
                _mrkdwn(
                    f"From {when(digest.window.start)} to {when(digest.window.end)} "
                    f"(due {digest.window.end.strftime('%H:%M UTC')}; desk time zone {escape(zone)})"
                )
            ]
        ),
        SectionBlock(text=_mrkdwn(_counts_text(digest.counts))),
    ]
    if digest.changes:
        blocks.append(DividerBlock())
        blocks.append(
            SectionBlock(text=_mrkdwn("*Verdict changes* (downgrades and challenges first)"))
        )
        blocks += _change_sections(digest.changes, browse_url)
    blocks.append(DividerBlock())
    if not digest.topics:
        blocks.append(SectionBlock(text=_mrkdwn("No bulletins arrived in this window.")))
    for topic in digest.topics:
        blocks += _topic_blocks(topic)
    return _split(blocks)


def _counts_text(counts: dict[str, int]) -> str:
    by_status = ", ".join(f"{counts[s]} {s}" for s in WINDOW_STATUSES if counts.get(s))
    return f"*{count(counts['bulletins'], 'new bulletin')}, {count(counts['items'], 'item')}*" + (
        f": {by_status}" if by_status else ""
    )


def _change_sections(changes: list[Change], browse_url: str) -> list[Block]:
    lines = [_change_line(change, browse_url) for change in changes]
    sections: list[Block] = []
    chunk = ""
    for line in lines:
        if len(chunk) + len(line) + 1 > 2900:
            sections.append(SectionBlock(text=_mrkdwn(chunk)))
            chunk = ""
        chunk += line + "\n"
    if chunk:
        sections.append(SectionBlock(text=_mrkdwn(chunk)))
    return sections


def _change_line(change: Change, browse_url: str = "") -> str:
    mark = (
        ":rotating_light:"
        if change.kind == "challenge"
        else (":small_red_triangle_down:" if change.downgrade else ":small_blue_diamond:")
    )
    by = quote(change.by, 100)
    if change.kind == "challenge":
        source = quote(change.source or "a later report", 100)
        what = f"verified by {by}, now challenged by {source}"
    else:
        what = f"was {escape(change.was)}, now {escape(change.now)} (by {by})"
    note = f" — _{quote(change.note, 200)}_" if change.note else ""
    return f"{mark} {item_ref(change.item_id, browse_url)} {what}, {when(change.at)}: “{quote(change.text, 300)}”{note}"


def _topic_blocks(topic: DigestTopic) -> list[Block]:
    section = SectionBlock(
        text=_mrkdwn(f"*{quote(topic.topic, 150)}*: {quote(topic.headline, 1500)}"),
        accessory=ButtonElement(
            text="See all",
            action_id=TOPIC_ACTION_ID,
            value=json.dumps({"topic": topic.topic[:1500]}),
        ),
    )
    quotes = [
        _mrkdwn(f"> {quote(s.text, 600)}\n— {quote(s.source, 100)}, {when(s.published)}")
        for s in topic.summary[:9]
    ]
    hint = _mrkdwn(f"More: `/conflict {escape(topic.topic)}`")
    return [section, ContextBlock(elements=[*quotes, hint])]


def _split(blocks: list[Block]) -> list[list[Block]]:
    messages = [blocks[i : i + MAX_BLOCKS] for i in range(0, len(blocks), MAX_BLOCKS)]
    for n, message in enumerate(messages[:-1]):
        message.append(
            ContextBlock(elements=[_mrkdwn(f"Continued in the thread ({n + 2}/{len(messages)}).")])
        )
    return messages
