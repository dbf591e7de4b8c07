"""What `/conflict ...` means, for Slack and the console alike."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, datetime

from newsroom.answer import Answer
from newsroom.ask import ask
from newsroom.digest import Digest, build_digest, due_date
from newsroom.errors import UserError
from newsroom.topics import ActiveTopics, active_topics
from newsroom.verdicts import HistoryEntry, Verdict, clean_evidence, current_verdicts, history
from newsroom.verdicts import set_verdict as store_verdict
from store.schema import open_db, thread_db
from store.search import items_by_id

COMMAND = "/conflict"
USAGE = (
    f"`{COMMAND} TOPIC`: what is known about a place, person or organisation, who claims it, "
    f"who denies it, and how far it can be trusted (for example `{COMMAND} Lysychansk`). "
    f"Spellings and scripts don't matter: Kyiv, Kiev and Київ find the same items.\n"
    f"`{COMMAND} help`: this help and the most active topics.\n"
    f"`{COMMAND} verify ITEM [note]`, `{COMMAND} false ITEM [note]`, "
    f"`{COMMAND} dispute ITEM [note]`, `{COMMAND} clear ITEM`: set or clear the desk's verdict "
    f"on an item (ITEM is the number shown as `item N`; a link in the note is kept as evidence; "
    f"in Slack, only the verification desk can).\n"
    f"`{COMMAND} history ITEM`: every verdict change of an item, newest first.\n"
    f"`{COMMAND} digest`: the daily digest that would be posted now.\n"
    f"`{COMMAND} watch TOPIC [here]`: be told (or, with `here`, tell this channel) when a new "
    f"claim, denial or not-verified note about TOPIC arrives; `{COMMAND} unwatch TOPIC [here]` "
    f"stops it, `{COMMAND} watches` lists them; "
    f"`{COMMAND} sources`: the live sources and their health; `{COMMAND} sources add URL`, "
    f"`{COMMAND} sources remove ID` (the verification desk only)."
)
DIGEST_WORD = "digest"
#: The first word of a verdict command, and the verdict it sets.
VERDICT_WORDS = {
    "verify": "verified",
    "verified": "verified",
    "false": "false",
    "dispute": "disputed",
    "disputed": "disputed",
    "clear": "clear",
}
HISTORY_WORD = "history"
_COMMAND_WORD = re.compile(r"\s*(\S+)(?:\s+(.*))?$", re.S)
_ITEM = re.compile(r"(?:item\s*)?#?(\d{1,12})(?=$|\s|[.,;:!?)](?!\d))", re.I)
"""An item number, then the end, a space or punctuation (`verify 12, seen on video`);
never the first digits of a decimal or a list (`verify 1.5`, `false 12,13`)."""
_ITEM_LIKE = re.compile(r"(?:item\b|#|\d)", re.I)
_VERBS = frozenset({"verify", "dispute", "clear"})
"""Command words that are never the start of a topic (unlike `false flag`, `history of`)."""
_LINK = re.compile(r"<(https?://[^|>\s]+)(?:\|[^>]*)?>|(?<![<|\w])(https?://\S+)", re.I)
_SLACK_TOKEN = re.compile(r"<([^>|]*)(?:\|([^>]*))?>")


@dataclass(frozen=True)
class VerdictCommand:
    """`/conflict verify|false|dispute|clear ITEM [note]`."""

    item_id: int
    choice: str
    note: str | None = None
    evidence: str | None = None


@dataclass(frozen=True)
class HistoryCommand:
    """`/conflict history ITEM`."""

    item_id: int


DeskCommand = VerdictCommand | HistoryCommand


@dataclass
class VerdictOutcome:
    """What a verdict change did to one item."""

    item_id: int
    item_text: str
    entry: HistoryEntry
    verdict: Verdict | None
    """The verdict in force now; None after a clear."""
    status: str
    """The status every answer shows now: the verdict, or the one read from the text."""


@dataclass
class ItemHistory:
    """An item and every change of its verdict, newest first."""

    item_id: int
    item_text: str
    entries: list[HistoryEntry]


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
    db = thread_db(db_path)  # kept open: its page cache makes the next answer faster
    if topic.lower() in {"", "help", "-h", "--help", "?"}:
        return Help(USAGE, active_topics(db, now=now))
    return ask(db, topic, now=now)


def is_digest(text: str) -> bool:
    """True for `/conflict digest`."""
    return slack_text_to_plain(text or "").strip().lower() == DIGEST_WORD


def current_digest(
    db_path: str, *, clock: tuple[int, int], zone: str, now: datetime | None = None
) -> Digest:
    """The digest that would be posted now: the one due most recently."""
    db = open_db(db_path)
    try:
        return build_digest(
            db, due_date(now or datetime.now(UTC), clock, zone), clock=clock, zone=zone
        )
    finally:
        db.close()


def parse_command(text: str) -> DeskCommand | None:
    """The desk command in `/conflict TEXT`, or None when TEXT is a topic (or help).

    ITEM may be written `12`, `#12` or `item 12`. The first web link in a note (Slack sends
    `<https://...>` or `<https://...|label>`) becomes the evidence; the rest is the note.
    A command word followed by anything but an item number is a topic (`false flag`).
    """
    match = _COMMAND_WORD.match(text or "")
    word = match.group(1).lower() if match else ""
    if word not in VERDICT_WORDS and word != HISTORY_WORD:
        return None
    rest = (match.group(2) or "").strip()
    if not rest:
        shape = f"{word} ITEM" + ("" if word in {HISTORY_WORD, "clear"} else " [note]")
        raise UserError(
            f"Say which item: `{COMMAND} {shape}`, with the number shown as `item N` in answers."
        )
    item = _ITEM.match(rest)
    if item is None:
        token = rest.split()[0].lstrip("#")
        if token.isascii() and token.isdigit():  # a number, too long for an item id
            raise UserError(
                f"There is no item {token}; item ids are shown in every answer as `item N`."
            )
        if _means_an_item(word, rest):
            raise UserError(
                f"ITEM must be a number, the N shown as `item N` in answers: "
                f"`{COMMAND} {word} ITEM` (got {rest[:40]!r}). To ask about "
                f'“{word} {rest}” as a topic, put it in quotes: `{COMMAND} "{word} {rest}"`.'
            )
        return None
    item_id = int(item.group(1))
    if word == HISTORY_WORD:
        return HistoryCommand(item_id)
    note, evidence = split_evidence(rest[item.end() :])
    return VerdictCommand(item_id, VERDICT_WORDS[word], note, evidence)


def _means_an_item(word: str, rest: str) -> bool:
    """Whether the words after a command word can only be a (mistyped) ITEM: anything
    after a verb (`verify abc`), one word after `history` (`history abc`; `history of
    Kyiv` is a topic), or what looks like an item number (`false #1x`; `false flag` is
    a topic)."""
    if word in _VERBS:
        return True
    if word == HISTORY_WORD and len(rest.split()) == 1:
        return True
    return bool(_ITEM_LIKE.match(rest))


def split_evidence(text: str) -> tuple[str | None, str | None]:
    """(note, evidence link) from a note in Slack's markup: the first http(s) link is the
    evidence; the rest, made plain text, is the note."""
    link = _LINK.search(text)
    evidence = None
    if link:
        evidence = _unescape(link.group(1) or link.group(2))
        text = text[: link.start()] + " " + text[link.end() :]
    note = re.sub(r"[ \t]{2,}", " ", slack_text_to_plain(text)).strip()
    return note.lstrip(".:;,-–— ").strip() or None, evidence


def _unescape(text: str) -> str:
    return text.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")


def item_texts(db_path: str, item_ids: list[int]) -> dict[int, str]:
    """The text of each item, in the order given; UserError for an unknown item."""
    db = open_db(db_path)
    try:
        found = {row.id: row.text for row in items_by_id(db, item_ids)}
    finally:
        db.close()
    for item_id in item_ids:
        if item_id not in found:
            raise UserError(
                f"There is no item {item_id}; item ids are shown in every answer as `item N`."
            )
    return {item_id: found[item_id] for item_id in item_ids}


def set_verdicts(
    db_path: str,
    item_ids: list[int],
    choice: str,
    *,
    by: str,
    origin: str,
    note: str | None = None,
    evidence: str | None = None,
) -> list[VerdictOutcome]:
    """Set (or clear) the same verdict on each item; the evidence is checked before any is."""
    clean_evidence(evidence)
    db = open_db(db_path)
    try:
        entries = [
            store_verdict(db, i, choice, by=by, origin=origin, note=note, evidence=evidence)
            for i in item_ids
        ]
        rows = {row.id: row for row in items_by_id(db, item_ids)}
        verdicts = current_verdicts(db, item_ids)
    finally:
        db.close()
    return [
        VerdictOutcome(
            item_id=entry.item_id,
            item_text=rows[entry.item_id].text,
            entry=entry,
            verdict=verdicts.get(entry.item_id),
            status=(
                verdicts[entry.item_id].status
                if entry.item_id in verdicts
                else rows[entry.item_id].status
            ),
        )
        for entry in entries
    ]


def run_verdict(db_path: str, command: VerdictCommand, *, by: str, origin: str) -> VerdictOutcome:
    """Carry out `/conflict verify|false|dispute|clear ITEM [note]` for ``by``."""
    [outcome] = set_verdicts(
        db_path,
        [command.item_id],
        command.choice,
        by=by,
        origin=origin,
        note=command.note,
        evidence=command.evidence,
    )
    return outcome


def item_history(db_path: str, item_id: int) -> ItemHistory:
    """`/conflict history ITEM`: every verdict change of the item, newest first."""
    db = open_db(db_path)
    try:
        entries = history(db, item_id)
        [row] = items_by_id(db, [item_id])
    finally:
        db.close()
    return ItemHistory(item_id=item_id, item_text=row.text, entries=entries)
