"""Block Kit for answers and help, built with slack_sdk's classes so limits are checked."""

from __future__ import annotations

import json

from slack_sdk.models.blocks import (
    ActionsBlock,
    Block,
    ButtonElement,
    ContextBlock,
    DividerBlock,
    HeaderBlock,
    MarkdownTextObject,
    SectionBlock,
)

from bot.desk import COMMAND, Help
from handlers.format import escape, quote, when
from newsroom.answer import Answer, AnswerItem

POST_ACTION_ID = "post_to_channel"
BADGES = {
    "disputed": ":warning: *DISPUTED*",
    "unverified": ":grey_question: *UNVERIFIED*",
    "claimed": ":speech_balloon: *CLAIMED*",
    "corroborated": ":link: *CORROBORATED*",
    "reported": ":newspaper: *REPORTED*",
}
_MAX_BLOCKS = 50
_MAX_HEADER = 150
_MAX_TEXT = 3000


def _mrkdwn(text: str) -> MarkdownTextObject:
    return MarkdownTextObject(text=text, verbatim=True)


def answer_blocks(
    answer: Answer, *, shared_by: str | None = None, shareable: bool = True
) -> list[Block]:
    """Headline, quoted summary, then each item with its badge, attribution, source and time."""
    topic = escape(answer.topic)
    blocks: list[Block] = [HeaderBlock(text=quote(f"{COMMAND} {answer.topic}", _MAX_HEADER))]
    if not answer.items:
        hint = ""
        if answer.suggestions:
            hint = "\nTopics that look close: " + ", ".join(
                f"`{escape(s)}`" for s in answer.suggestions
            )
        blocks.append(SectionBlock(text=_mrkdwn(f"Nothing found about *{topic}*.{hint}")))
        return blocks
    blocks.append(SectionBlock(text=_mrkdwn(f"*{quote(answer.headline, _MAX_TEXT - 2)}*")))
    for sentence in answer.summary:
        blocks.append(
            ContextBlock(
                elements=[
                    _mrkdwn(
                        f"> {quote(sentence.text, 1500)}\n— {quote(sentence.source, 200)}, {when(sentence.published)}"
                    )
                ]
            )
        )
    blocks.append(DividerBlock())
    room = _MAX_BLOCKS - len(blocks) - 3
    for item in answer.items[:room]:
        blocks.append(SectionBlock(text=_mrkdwn(_item_text(item))))
    footer = (
        f"{len(answer.items)} of {answer.total} matching items shown"
        if answer.total > len(answer.items)
        else (f"{answer.total} matching item{'s' if answer.total != 1 else ''}")
    )
    if shared_by:
        footer += f" · shared by <@{shared_by}>"
    blocks.append(ContextBlock(elements=[_mrkdwn(footer)]))
    if shareable:
        blocks.append(
            ActionsBlock(
                elements=[
                    ButtonElement(
                        text="Post to channel",
                        action_id=POST_ACTION_ID,
                        value=json.dumps({"topic": answer.topic[:1500]}),
                        style="primary",
                    )
                ]
            )
        )
    return blocks


def _item_text(item: AnswerItem) -> str:
    """The item's section text; the quote gets whatever room the other parts leave."""
    who = f"*{quote(item.attributed_to, 200)}*" if item.attributed_to else "_no attribution_"
    signals = ", ".join(item.signals) if item.signals else "none"
    copies = f" (also carried by {quote(', '.join(item.also_in[:5]), 300)})" if item.also_in else ""
    head = f"{BADGES.get(item.status) or escape(item.status)}  `item {item.id}`\n> "
    tail = (
        f"\n{who} · {quote(item.source, 200)}{copies} · {when(item.published)} · signals: {signals}"
    )
    return head + quote(item.text, min(2400, _MAX_TEXT - len(head) - len(tail))) + tail


def answer_fallback(answer: Answer) -> str:
    """The notification text of an answer message."""
    return escape(f"{answer.topic}: {answer.headline}")


def help_blocks(help_: Help) -> list[Block]:
    """Usage, then the most active topics as commands to type."""
    blocks: list[Block] = [
        HeaderBlock(text=f"{COMMAND}: what is known, who says it, who denies it"),
        SectionBlock(text=_mrkdwn(help_.usage)),
    ]
    active = help_.active
    if active.topics:
        label = (
            "Most active topics of the last days"
            if active.recent
            else (f"Nothing new in the last days; most active topics up to {active.end:%-d %b %Y}")
        )
        heading = f"*{label}:*\n"
        names, room = [], _MAX_TEXT - len(heading)
        for name, count in active.topics:  # as many as fit in one section
            entry = f"`{COMMAND} {escape(name)}` ({count})"
            if len(entry) + 2 <= room:
                names.append(entry)
                room -= len(entry) + 2
        blocks.append(SectionBlock(text=_mrkdwn(heading + "  ".join(names))))
    else:
        blocks.append(
            SectionBlock(text=_mrkdwn("No bulletins yet: ingest some with `wiredesk ingest`."))
        )
    return blocks
