"""Block Kit for answers and help, built with slack_sdk's classes so limits are checked."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from urllib.parse import urlsplit

from slack_sdk.models.blocks import (
    ActionsBlock,
    Block,
    ButtonElement,
    ContextBlock,
    DividerBlock,
    HeaderBlock,
    MarkdownTextObject,
    Option,
    OverflowMenuElement,
    SectionBlock,
)

from bot.desk import COMMAND, Help, ItemHistory, VerdictOutcome
from handlers.format import escape, item_ref, quote, when
from newsroom.answer import Answer, AnswerItem
from newsroom.counts import count
from newsroom.verdicts import Challenge, HistoryEntry, Verdict

POST_ACTION_ID = "post_to_channel"
VERDICT_MENU_ACTION_ID = "verdict_menu"
#: The verdict menu on each item: (label, choice).
VERDICT_OPTIONS = (
    ("Verified", "verified"),
    ("False", "false"),
    ("Disputed", "disputed"),
    ("Clear", "clear"),
)
#: The desk's verdicts, as their line on an item shows them.
VERDICT_BADGES = {
    "verified": ":white_check_mark: *VERIFIED*",
    "false": ":x: *FALSE*",
    "disputed": ":warning: *DISPUTED*",
}
BADGES = {
    "verified": VERDICT_BADGES["verified"],
    "false": VERDICT_BADGES["false"],
    "disputed": ":warning: *DISPUTED*",
    "unverified": ":grey_question: *UNVERIFIED*",
    "claimed": ":speech_balloon: *CLAIMED*",
    "corroborated": ":link: *CORROBORATED*",
    "reported": ":newspaper: *REPORTED*",
}
_MAX_BLOCKS = 50
_MAX_HEADER = 150
_MAX_TEXT = 3000
_MAX_BLOCK_ID = 255
_MAX_NOTE_SHOWN = 300
_MAX_LINK_SHOWN = 500
_MAX_HISTORY_SHOWN = 40
_SLACK_USER = re.compile(r"[UW](?=[A-Z0-9]*\d)[A-Z0-9]{1,20}")  # a user id, not a name


def _mrkdwn(text: str) -> MarkdownTextObject:
    return MarkdownTextObject(text=text, verbatim=True)


def answer_blocks(
    answer: Answer,
    *,
    shared_by: str | None = None,
    shareable: bool = True,
    browse_url: str = "",
) -> list[Block]:
    """Headline, quoted summary, then each item with its badge, attribution, source and time;
    with ``browse_url`` (WIREDESK_BROWSE_URL), each `item N` links to its row there."""
    topic = escape(answer.topic)
    blocks: list[Block] = [HeaderBlock(text=quote(f"{COMMAND} {answer.topic}", _MAX_HEADER))]
    if not answer.items:
        hint = ""
        if answer.elsewhere:
            hint = f" in the dates asked; {count(answer.elsewhere, 'matching statement')} at other dates."
        elif answer.suggestions:
            hint = ".\nTopics that look close: " + ", ".join(
                f"`{escape(s)}`" for s in answer.suggestions
            )
        blocks.append(SectionBlock(text=_mrkdwn(f"Nothing found about *{topic}*{hint or '.'}")))
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
    shown = answer.fit(room)
    for item in shown:
        blocks.append(
            SectionBlock(
                block_id=item_block_id(item.id, answer.topic, shared_by),
                text=_mrkdwn(_item_text(item, browse_url)),
                accessory=verdict_menu(item.id),
            )
        )
    footer = answer.count_line(shown)
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


def _item_text(item: AnswerItem, browse_url: str = "") -> str:
    """The item's section text; the quote gets whatever room the other parts leave."""
    who = f"*{quote(item.attributed_to, 200)}*" if item.attributed_to else "_no attribution_"
    if item.denied_by:
        who = f"{who}; denied by *{quote(item.denied_by, 200)}*"
    signals = ", ".join(item.signals) if item.signals else "none"
    copies = f" (also carried by {quote(', '.join(item.also_in[:5]), 300)})" if item.also_in else ""
    role = escape(item.context_label())
    role = role if item.matched else f"_{role}_"
    head = f"{BADGES.get(item.status) or escape(item.status)}  {item_ref(item.id, browse_url)} · {role}\n> "
    tail = (
        f"\n{who} · {quote(item.source, 200)}{copies} · {when(item.published)} · signals: {signals}"
    )
    if item.corroborated_by:
        tail += f"\n:link: corroborated by {quote(', '.join(item.corroborated_by[:5]), 300)}"
    if item.verdict:
        tail += "\n" + verdict_line(item.verdict, item_id=item.id, browse_url=browse_url)
    return head + quote(item.text, min(2400, _MAX_TEXT - len(head) - len(tail))) + tail


# ---------------------------------------------------------------------- verdicts


@dataclass(frozen=True)
class ItemPlace:
    """Where a verdict menu was used: the item, and the answer it sits in."""

    item_id: int
    topic: str | None
    """The answer's topic, to redo it after the verdict (None when it did not fit)."""
    shared_by: str | None
    """Who shared the answer with the channel (None for a private answer)."""


def item_block_id(item_id: int, topic: str, shared_by: str | None = None) -> str:
    """The block id of an item's section: `item|ID|SHARED_BY|TOPIC`, read by
    :func:`item_place` when its verdict menu is used (Slack sends the block id back, but
    not the message, for private answers)."""
    block_id = f"item|{item_id}|{shared_by or ''}|{topic}"
    return block_id if len(block_id) <= _MAX_BLOCK_ID else f"item|{item_id}|{shared_by or ''}|"


def item_place(block_id: str) -> ItemPlace | None:
    """The place encoded by :func:`item_block_id`, or None for any other block id."""
    parts = (block_id or "").split("|", 3)
    if len(parts) != 4 or parts[0] != "item" or not parts[1].isdigit():
        return None
    return ItemPlace(int(parts[1]), parts[3] or None, parts[2] or None)


def verdict_menu(item_id: int) -> OverflowMenuElement:
    """The "..." menu on an item: Verified, False, Disputed, Clear."""
    return OverflowMenuElement(
        action_id=VERDICT_MENU_ACTION_ID,
        options=[
            Option(label=label, value=menu_value(item_id, choice))
            for label, choice in VERDICT_OPTIONS
        ],
    )


def menu_value(item_id: int, choice: str) -> str:
    """The value of a verdict menu option: `{"item": ID, "choice": CHOICE}`."""
    return json.dumps({"item": item_id, "choice": choice}, separators=(",", ":"))


def who(by: str) -> str:
    """Who set a verdict: a mention for a Slack user id, else the name, escaped."""
    return f"<@{by}>" if _SLACK_USER.fullmatch(by) else quote(by, 100)


def evidence_link(evidence: str | None, item_id: int | None = None) -> str | None:
    """`<URL|evidence link>` for an http(s) link, escaped so it cannot forge a label (a
    stored link is shown as it was kept, even one an older version accepted with `<`)."""
    url = (evidence or "").strip()
    parts = urlsplit(url)
    if parts.scheme.lower() not in {"http", "https"} or not parts.netloc:
        return None
    shown = escape(url).replace("|", "%7C")
    if len(shown) > _MAX_LINK_SHOWN:
        where = f" (`{COMMAND} history {item_id}`)" if item_id is not None else ""
        return f"evidence link too long to show here{where}"
    return f"<{shown}|evidence link>"


def _note(note: str) -> str:
    return quote(" ".join(note.split()), _MAX_NOTE_SHOWN)


def verdict_line(verdict: Verdict, *, item_id: int | None = None, browse_url: str = "") -> str:
    """`:white_check_mark: *VERIFIED* by <@U1> · time · note · evidence link`, and a line
    for a challenge when later news contradicts it (its item linked with ``browse_url``)."""
    badge = VERDICT_BADGES.get(verdict.status) or f"*{escape(verdict.status.upper())}*"
    parts = [f"{badge} by {who(verdict.by)}", when(verdict.at)]
    if verdict.note:
        parts.append(_note(verdict.note))
    link = evidence_link(verdict.evidence, item_id)
    if link:
        parts.append(link)
    return " · ".join(parts) + _challenge_line(verdict.challenged_by, browse_url)


def _challenge_line(challenges: list[Challenge] | None, browse_url: str = "") -> str:
    """ "\n:rotating_light: challenged by SOURCE at TIME (item N) and 2 more", or ""."""
    if not challenges:
        return ""
    first = challenges[0]
    more = f" and {len(challenges) - 1} more" if len(challenges) > 1 else ""
    return (
        f"\n:rotating_light: challenged by {quote(first.source, 150)} at {when(first.at)} "
        f"({item_ref(first.item_id, browse_url)}){more}"
    )


def verdict_outcome_blocks(outcomes: list[VerdictOutcome], browse_url: str = "") -> list[Block]:
    """The reply to a verdict change: each item's new verdict line (or that it was cleared);
    with ``browse_url`` (WIREDESK_BROWSE_URL), each `item N` links to its row there."""
    blocks: list[Block] = []
    shown = outcomes[: _MAX_BLOCKS - 1]
    per_item = max(200, min(1500, 2000 // max(1, len(shown))))
    for outcome in shown:
        ref = item_ref(outcome.item_id, browse_url)
        if outcome.verdict:
            line = verdict_line(outcome.verdict, item_id=outcome.item_id, browse_url=browse_url)
            head = f"{ref}  {line}"
        else:
            head = (
                f"Verdict cleared on {ref} by {who(outcome.entry.by)}: "
                f"it shows *{escape(outcome.status)}* again, as read from the text."
            )
        blocks.append(SectionBlock(text=_mrkdwn(f"{head}\n> {quote(outcome.item_text, per_item)}")))
    if len(outcomes) > len(shown):
        more = len(outcomes) - len(shown)
        blocks.append(ContextBlock(elements=[_mrkdwn(f"and {more} more items")]))
    return blocks


def verdict_outcome_text(outcomes: list[VerdictOutcome]) -> str:
    """The notification text of a verdict change."""
    if len(outcomes) == 1:
        outcome = outcomes[0]
        if outcome.verdict is None:
            return f"Verdict cleared on item {outcome.item_id}"
        return f"Item {outcome.item_id} marked {escape(outcome.verdict.status)}"
    status = outcomes[0].verdict.status if outcomes and outcomes[0].verdict else "cleared"
    return f"{count(len(outcomes), 'item')} marked {escape(status)}"


def history_blocks(item: ItemHistory, browse_url: str = "") -> list[Block]:
    """`/conflict history ITEM`: the item, then each change newest first; with
    ``browse_url`` (WIREDESK_BROWSE_URL), each `item N` links to its row there."""
    blocks: list[Block] = [
        SectionBlock(
            text=_mrkdwn(
                f"*Verdict history of {item_ref(item.item_id, browse_url)}*, newest first\n"
                f"> {quote(item.item_text, 1000)}"
            )
        )
    ]
    if not item.entries:
        blocks.append(SectionBlock(text=_mrkdwn("No verdicts yet.")))
        return blocks
    for entry in item.entries[:_MAX_HISTORY_SHOWN]:
        blocks.append(SectionBlock(text=_mrkdwn(history_line(entry, browse_url))))
    hidden = len(item.entries) - _MAX_HISTORY_SHOWN
    if hidden > 0:
        blocks.append(
            ContextBlock(
                elements=[
                    _mrkdwn(
                        f"{count(hidden, 'older change')} not shown: "
                        f"`wiredesk history {item.item_id}` lists them all."
                    )
                ]
            )
        )
    return blocks


def history_line(entry: HistoryEntry, browse_url: str = "") -> str:
    """One change: when, who, old → new, how it was made, note and evidence."""
    new = VERDICT_BADGES.get(entry.new_status) or f"*{escape(entry.new_status.upper())}*"
    parts = [
        f"{when(entry.at)} · {who(entry.by)}: {escape(entry.old_status)} → {new}",
        f"via {escape(entry.origin)}",
    ]
    if entry.note:
        parts.append(_note(entry.note))
    link = evidence_link(entry.evidence, entry.item_id)
    if link:
        parts.append(link)
    return " · ".join(parts) + _challenge_line(entry.challenged_by, browse_url)


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
        for name, bulletins in active.topics:  # as many as fit in one section
            entry = f"`{COMMAND} {escape(name)}` ({bulletins})"
            if len(entry) + 2 <= room:
                names.append(entry)
                room -= len(entry) + 2
        blocks.append(SectionBlock(text=_mrkdwn(heading + "  ".join(names))))
    else:
        blocks.append(
            SectionBlock(text=_mrkdwn("No bulletins yet: ingest some with `wiredesk ingest`."))
        )
    return blocks
