"""Answers and help rendered for a terminal: the same content as in Slack."""

from __future__ import annotations

import textwrap
from datetime import datetime

from bot.desk import COMMAND, Help
from newsroom.answer import Answer
from newsroom.counts import count
from newsroom.digest import Digest
from newsroom.verdicts import HistoryEntry, Verdict

BADGES = {
    "verified": "VERIFIED",
    "false": "FALSE",
    "disputed": "DISPUTED",
    "unverified": "UNVERIFIED",
    "claimed": "CLAIMED",
    "corroborated": "CORROBORATED",
    "reported": "REPORTED",
}
_WIDTH = 100


def when(moment: datetime | None) -> str:
    return moment.strftime("%Y-%m-%d %H:%M UTC") if moment else "time unknown"


def _wrap(text: str, indent: str) -> str:
    return textwrap.fill(text, _WIDTH, initial_indent=indent, subsequent_indent=indent)


def render_answer(answer: Answer) -> str:
    """Headline, summary and items, as plain text."""
    lines = [f"{COMMAND} {answer.topic}", ""]
    if not answer.items:
        lines.append(_wrap(answer.nothing_found(), ""))
        if answer.suggestions:
            lines.append("Topics that look close: " + ", ".join(answer.suggestions))
        return "\n".join(lines)
    lines += [_wrap(answer.headline, ""), "", "Summary:"]
    for sentence in answer.summary:
        lines.append(_wrap(f"“{sentence.text}”", "  "))
        lines.append(f"    — {sentence.source}, {when(sentence.published)}")
    lines += ["", "Items:"]
    for item in answer.items:
        who = item.attributed_to or "no attribution"
        if item.denied_by:
            who = f"{who}; denied by {item.denied_by}"
        copies = f" (also carried by {', '.join(item.also_in[:5])})" if item.also_in else ""
        signals = ", ".join(item.signals) or "none"
        lines.append(
            f"  [{BADGES.get(item.status, item.status)}] item {item.id} · {item.context_label()}"
        )
        lines.append(_wrap(f"“{item.text}”", "    "))
        lines.append(
            f"    {who} · {item.source}{copies} · {when(item.published)} · signals: {signals}"
        )
        if item.corroborated_by:
            lines.append(_wrap(f"corroborated by {', '.join(item.corroborated_by)}", "    "))
        if item.verdict:
            lines.append("    " + verdict_line(item.verdict))
    lines += ["", answer.count_line()]
    return "\n".join(lines)


def verdict_line(verdict: Verdict) -> str:
    """ "Desk verdict: VERIFIED by U1 at ... · note · evidence", and any challenges."""
    parts = [f"Desk verdict: {verdict.status.upper()} by {verdict.by} at {when(verdict.at)}"]
    if verdict.note:
        parts.append(f"note: {verdict.note}")
    if verdict.evidence:
        parts.append(f"evidence: {verdict.evidence}")
    line = " · ".join(parts)
    for challenge in verdict.challenged_by or []:
        line += f"\n    CHALLENGED by {challenge.source} at {when(challenge.at)} (item {challenge.item_id})"
    return line


def render_history(item_id: int, entries: list[HistoryEntry]) -> str:
    """An item's verdict history, newest first."""
    if not entries:
        return f"Item {item_id} has no verdicts yet."
    lines = [f"Verdict history of item {item_id}, newest first:"]
    for entry in entries:
        lines.append(
            f"  {when(entry.at)}  {entry.old_status} -> {entry.new_status}  by {entry.by} "
            f"(via {entry.origin})"
        )
        if entry.note:
            lines.append(f"      note: {entry.note}")
        if entry.evidence:
            lines.append(f"      evidence: {entry.evidence}")
        for challenge in entry.challenged_by or []:
            lines.append(
                f"      CHALLENGED by {challenge.source} at {when(challenge.at)} "
                f"(item {challenge.item_id})"
            )
    return "\n".join(lines)


def render_digest(digest: Digest) -> str:
    """The digest as plain text: counts, verdict changes, then each topic."""
    counts = digest.counts
    by_status = ", ".join(f"{counts[s]} {s}" for s in BADGES if counts.get(s))
    lines = [
        f"Conflict desk digest for {digest.date.isoformat()}",
        f"Window: {when(digest.window.start)} to {when(digest.window.end)}",
        "",
        f"{count(counts['bulletins'], 'new bulletin')}, {count(counts['items'], 'item')}"
        + (f": {by_status}" if by_status else ""),
    ]
    if digest.changes:
        lines += ["", "Verdict changes (downgrades and challenges first):"]
        for change in digest.changes:
            if change.kind == "challenge":
                what = f"verified by {change.by}, challenged by {change.source}"
            else:
                what = f"was {change.was}, now {change.now} (by {change.by})"
            lines.append(
                _wrap(f"item {change.item_id}: {what}, {when(change.at)}: “{change.text}”", "  ")
            )
    lines += ["", "Topics:" if digest.topics else "No bulletins arrived in this window."]
    for topic in digest.topics:
        lines.append(_wrap(f"{topic.topic}: {topic.headline}", "  "))
        for sentence in topic.summary:
            lines.append(_wrap(f"“{sentence.text}”", "    "))
            lines.append(f"      — {sentence.source}, {when(sentence.published)}")
        lines.append(f"    More: {COMMAND} {topic.topic}")
    return "\n".join(lines)


def render_help(help_: Help) -> str:
    """Usage and the most active topics, as plain text."""
    lines = [help_.usage.replace("`", ""), ""]
    active = help_.active
    if active.topics:
        label = (
            "Most active topics of the last days"
            if active.recent
            else (f"Nothing new in the last days; most active topics up to {active.end:%Y-%m-%d}")
        )
        lines.append(label + ":")
        lines += [
            f"  {COMMAND} {name}  ({count(bulletins, 'bulletin')})"
            for name, bulletins in active.topics
        ]
    else:
        lines.append("No bulletins yet: ingest some with `wiredesk ingest`.")
    return "\n".join(lines)
