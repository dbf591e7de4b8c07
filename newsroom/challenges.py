"""Challenges: a later bulletin that denies or contradicts an item the desk verified.

The verdict is never changed. The challenge is recorded beside it, so every answer shows
"verified, challenged by SOURCE at TIME" until an editor acts, and the verifier who set
it is told once, by a direct message queued in the outbox (see :mod:`bot.notifier`).

A new item challenges a verified item when all of these hold:

- it is **later**: its bulletin was published (or, with no publication time, ingested)
  after the verdict was set. What came before, the verifier could already weigh;
- it is **not a re-publication**: a near-duplicate of an earlier bulletin repeats a
  denial that was already on record (one wire story copied by forty outlets is one);
- it **points the other way**: a denial, or a negation, where the verified item has
  neither ("was destroyed" / "was not destroyed"), or the reverse; or it is a denial
  linked, in its own bulletin, to a claim that restates the verified item ("X said the
  bridge was destroyed. Y denied the claims.");
- it is **about the same statement**: see :func:`same_statement`.

Candidates come from the full-text index: for each verified item, the new items (a rowid
range inside the index) that mention one of its names. The cost grows with the number of
verdicts and of new items, never with the archive. The verifier is messaged when the
verdict's author is a Slack user id (a verdict set from the CLI under another name is
still marked challenged everywhere).
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime

from sqlite_utils import Database

from newsroom.slack_text import slack_quote
from newsroom.statements import (
    Statement,
    fts_names,
    names_agree,
    numbers_agree,
    read_statement,
    word_overlap,
)
from store.bulletins import transaction
from store.outbox import queue_message
from store.search import ItemRow, items_by_id, linked_items
from store.statements import current_verified, matching_between
from store.verdicts import ChallengeRow, VerdictRow, add_challenge

log = logging.getLogger("wiredesk")

KIND = "challenge"
SAME_WORDS = 0.5
"""A challenger repeats at least half of the shorter statement's words (names apart)..."""
DENIAL_WORDS = 1
"""... at least one word for a denial ("denied that the bridge was closed") ..."""
NEGATION_WORDS = 2
"""... and two for a bare negation, which says less than "denied" does: "the bridge did
not reopen" shares only "bridge" with "flooding closed the bridge", and agrees with it."""
_SLACK_USER = re.compile(r"^[UW][A-Z0-9]{2,}$")
_QUOTE = 500


@dataclass(frozen=True)
class FoundChallenge:
    """A challenge raised by this run, and whether its notification was queued."""

    verdict_id: int
    item_id: int
    challenger_item_id: int
    source: str
    at: datetime
    notified: bool


def find_challenges(
    db: Database, new_item_ids: Sequence[int], now: datetime | None = None
) -> list[FoundChallenge]:
    """Record the challenges that new items raise against verified items, and queue a
    message for each verifier; returns the challenges new to the database.

    Running it again over the same items records and queues nothing more.
    """
    now = now or datetime.now(UTC)
    new_ids = sorted(set(new_item_ids))
    if not new_ids:
        return []
    verified = current_verified(db)
    if not verified:
        return []
    first, last, is_new = new_ids[0], new_ids[-1], set(new_ids)
    matches: dict[int, list[int]] = {}
    for verdict, item in verified:
        names = fts_names(_statement(item))
        if names:
            found = matching_between(db, " OR ".join(names), first, last)
            matches[verdict.id] = [i for i in found if i in is_new and i != item.id]
    matched = sorted({i for ids in matches.values() for i in ids})
    rows = {row.id: row for chunk in _chunks(matched) for row in items_by_id(db, chunk)}
    # A re-published bulletin repeats what was already on record: it challenges nothing.
    originals = [i for i in matched if i in rows and rows[i].duplicate_of is None]
    links = {k: v for chunk in _chunks(originals) for k, v in linked_items(db, chunk).items()}
    linked = sorted({i for ids in links.values() for i in ids if i in is_new} - rows.keys())
    rows.update((row.id, row) for chunk in _chunks(linked) for row in items_by_id(db, chunk))
    # Against a plain statement, only an item that points against something (a denial, a
    # negation), or that is denied in its own bulletin, can raise a challenge.
    relevant = {
        i
        for i in originals
        if _points_against(rows[i], _statement(rows[i]))
        or any("denial" in rows[d].signals for d in links.get(i, []) if d in rows)
    }
    raised: list[tuple[VerdictRow, ItemRow, ItemRow, datetime]] = []
    for verdict, item in verified:
        verdict_at = _aware(datetime.fromisoformat(verdict.at))
        negative = _points_against(item, _statement(item))  # "no one was hurt"
        seen: set[int] = set()
        for match in matches.get(verdict.id, []):
            if match not in rows or not (negative or match in relevant):
                continue
            # A bulletin published before the verdict was there for the verifier to weigh.
            if _published(rows[match]) <= verdict_at:
                continue
            for challenger in _challengers(item, rows[match], links.get(match, []), rows):
                if challenger.id not in seen:
                    seen.add(challenger.id)
                    raised.append((verdict, item, challenger, _published(challenger)))
    return _record(db, raised, now)


def same_statement(verified: Statement, other: Statement, min_words: int = DENIAL_WORDS) -> bool:
    """The other item restates the verified one: the names agree (one is shared, and they do
    not each name something the other lacks: two different bridges), no figure differs
    (when both give figures, one is shared), and at least half of the shorter one's words
    recur, ``min_words`` at least."""
    return (
        names_agree(verified, other)
        and numbers_agree(verified, other)
        and len(verified.words & other.words) >= min_words
        and word_overlap(verified, other) >= SAME_WORDS
    )


def _challengers(
    verified: ItemRow, match: ItemRow, linked: list[int], rows: dict[int, ItemRow]
) -> list[ItemRow]:
    """The items that challenge ``verified`` through ``match``: the match itself when it
    points the other way, and denials of the match when it restates the verified item."""
    if match.bulletin_id == verified.bulletin_id:
        return []
    claim, other = _statement(verified), _statement(match)
    found = []
    if _points_against(verified, claim) != _points_against(match, other):
        needed = DENIAL_WORDS if "denial" in match.signals else NEGATION_WORDS
        if same_statement(claim, other, needed):
            found.append(match)
    elif "denial" not in match.signals:
        denials = [rows[i] for i in linked if i in rows and "denial" in rows[i].signals]
        if denials and same_statement(claim, other):
            found.extend(denials)
    return found


def _chunks(ids: list[int], size: int = 500) -> Iterator[list[int]]:
    for start in range(0, len(ids), size):
        yield ids[start : start + size]


def _points_against(row: ItemRow, statement: Statement) -> bool:
    return "denial" in row.signals or statement.negated


def _statement(row: ItemRow) -> Statement:
    return read_statement(row.text, row.attributed_to, row.source)


def _published(row: ItemRow) -> datetime:
    return _aware(row.published or row.ingested)


def _aware(moment: datetime) -> datetime:
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def _record(
    db: Database, raised: list[tuple[VerdictRow, ItemRow, ItemRow, datetime]], now: datetime
) -> list[FoundChallenge]:
    """Store the challenges and queue their messages, all in one transaction."""
    found: list[FoundChallenge] = []
    if not raised:
        return found
    with transaction(db):
        for verdict, item, challenger, at in raised:
            added = add_challenge(
                db,
                ChallengeRow(
                    verdict_id=verdict.id,
                    item_id=item.id,
                    challenger_item_id=challenger.id,
                    source=challenger.source,
                    at=at.isoformat(),
                ),
            )
            if not added:
                continue
            notified = bool(_SLACK_USER.match(verdict.by)) and queue_message(
                db,
                kind=KIND,
                recipient=verdict.by,
                text=challenge_message(verdict, item, challenger, at),
                dedupe_key=f"challenge:{verdict.id}:{challenger.id}",
                now=now,
            )
            if not notified:
                log.info(
                    "Verdict %s on item %s is challenged by item %s; %r is not a Slack user,"
                    " so nobody is messaged",
                    verdict.id,
                    item.id,
                    challenger.id,
                    verdict.by,
                )
            found.append(
                FoundChallenge(verdict.id, item.id, challenger.id, challenger.source, at, notified)
            )
    return found


def challenge_message(verdict: VerdictRow, item: ItemRow, challenger: ItemRow, at: datetime) -> str:
    """The direct message to the verifier, ready for Slack: every quoted text is escaped,
    so nothing in a bulletin can mention anyone or forge a link."""
    note = f" (your note: “{_escape(verdict.note, 200)}”)" if verdict.note else ""
    return (
        f"A verdict you set is challenged. You marked item {item.id} *verified* on "
        f"{_time(datetime.fromisoformat(verdict.at))}{note}:\n"
        f"“{_escape(item.text)}” ({_escape(item.source, 100)}, {_time(item.published)})\n"
        f"Since then, {_escape(challenger.source, 100)} at {_time(at)} (item {challenger.id}):\n"
        f"“{_escape(challenger.text)}”\n"
        f"The verdict stands until an editor changes it; `/conflict history {item.id}` "
        "shows who set it and why."
    )


def _escape(text: str, limit: int = _QUOTE) -> str:
    return slack_quote(text, limit)


def _time(moment: datetime | None) -> str:
    if moment is None:
        return "an unknown time"
    return _aware(moment).astimezone(UTC).strftime("%-d %b %Y %H:%M UTC")
