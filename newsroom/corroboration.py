"""Corroboration: how many independent sources report a statement on their own authority.

An item's ``independent_sources`` counts the outlets that report its statement themselves
(the item's own outlet included), each once, and leaves out:

- **re-publications**: a near-duplicate bulletin (``duplicate_of``), the same story, or
  an item worded like one already counted (most of its 3-word runs recur): reporters who
  find a fact on their own do not write the same sentence;
- **relays and claims**: only items whose status is ``reported`` count; a claim credited
  to a party stays one claim however many outlets repeat it, and "citing", "quoting",
  "according to", "X, via Y" and "told Reuters" are someone else's word;
- **other events**: a report counts only if its names agree with this item's (one
  shared, and not each naming something the other does not: two different bridges), it
  gives no figure this one contradicts, is negated where this one is and only there,
  shares at least half of all the words the two use, names apart (Jaccard), and was
  published within :data:`WINDOW_DAYS` of it. News of one event arrives within days; the
  same words months apart usually describe another. The rule is symmetric: two reports
  of one statement count each other.

A ``reported`` item with two or more gets the status ``corroborated`` (an editor's verdict
still outranks it). Candidates come from the full-text index: one of the item's names,
and one of enough of its longest words that any report sharing half its words must
contain one of them (so nothing that could pass is missed), within the window, newest
first.
"""

from __future__ import annotations

import math
import re

from sqlite_utils import Database

from newsroom.answer import AnswerItem
from newsroom.statements import (
    Statement,
    fts_names,
    fts_word_prefixes,
    names_agree,
    numbers_agree,
    read_statement,
    word_jaccard,
)
from newsroom.text.wording import shared_wording
from store.search import ItemRow, items_by_id
from store.statements import reported_matching

WINDOW_DAYS = 3.0
SAME_REPORT = 0.5
"""Jaccard of two items' words (names apart) at or above which they report the same thing."""
COPIED = 0.8
"""Share of 3-word runs at or above which one item's wording is a copy of the other's."""
CANDIDATES = 50
"""Most candidate reports read per item (the newest); a count is never overstated."""
_RELAYED = re.compile(r"\b(?:citing|quoting|according\s+to|(?:cited|quoted)\s+(?:by|as))\b", re.I)
_TOLD_OUTLET = re.compile(r"\btold\s+(?:the\s+)?[A-ZА-ЯІЇЄҐ]")
"""Someone "told Reuters" or "told the BBC": their word, passed on."""


def corroborate(db: Database, items: list[AnswerItem]) -> None:
    """Set each item's ``independent_sources``, and raise ``reported`` items that two or
    more independent sources report to ``corroborated``."""
    rows = {row.id: row for row in items_by_id(db, [item.id for item in items])}
    for item in items:
        row = rows.get(item.id)
        item.independent_sources = independent_sources(db, row) if row else 1
        if item.status == "reported" and item.independent_sources >= 2:
            item.status = "corroborated"


def independent_sources(db: Database, row: ItemRow) -> int:
    """How many independent sources report this item's statement on their own authority
    (1 for an item that is itself a claim, a relay or hedged: one claim is one claim)."""
    if not own_authority(row):
        return 1
    statement = _statement(row)
    query = _candidate_query(statement)
    if query is None:
        return 1
    candidates = reported_matching(
        db,
        query,
        since_day=row.day - WINDOW_DAYS,
        until_day=row.day + WINDOW_DAYS,
        limit=CANDIDATES,
    )
    counted = [row]
    for other in sorted(candidates, key=lambda r: (r.day, r.id)):
        if (
            other.bulletin_id == row.bulletin_id
            or not own_authority(other)
            or any(_same_outlet_or_story(other, seen) for seen in counted)
            or not reports_same(statement, _statement(other))
            or any(shared_wording(other.text, seen.text) >= COPIED for seen in counted)
        ):
            continue
        counted.append(other)
    return len(counted)


def own_authority(row: ItemRow) -> bool:
    """The outlet states it itself: status ``reported``, not relayed from anyone."""
    return (
        row.status == "reported"
        and not (row.attributed_to and ", via " in row.attributed_to)
        and not _RELAYED.search(row.text)
        and not _TOLD_OUTLET.search(row.text)
    )


def reports_same(mine: Statement, other: Statement) -> bool:
    """The other item reports this statement (see the module docstring)."""
    return (
        names_agree(mine, other)
        and mine.negated == other.negated
        and numbers_agree(mine, other)
        and bool(mine.words & other.words)
        and word_jaccard(mine, other) >= SAME_REPORT
    )


def _same_outlet_or_story(a: ItemRow, b: ItemRow) -> bool:
    """One outlet, or one story (a re-publication: the same bulletin or a near-duplicate)."""
    return a.source.casefold() == b.source.casefold() or (a.duplicate_of or a.bulletin_id) == (
        b.duplicate_of or b.bulletin_id
    )


def _candidate_query(statement: Statement) -> str | None:
    """One of the names, and one of the longest words out of as many as a report sharing
    half of the statement's words must contain one of (the pigeonhole principle)."""
    names = fts_names(statement)
    words = sorted(statement.words, key=lambda w: (-len(w), w))
    if not names or not words:
        return None
    needed = max(1, math.ceil(len(words) * SAME_REPORT))
    chosen = words[: len(words) - needed + 1]
    return f"({' OR '.join(names)}) AND ({' OR '.join(fts_word_prefixes(chosen))})"


def _statement(row: ItemRow) -> Statement:
    return read_statement(row.text, row.attributed_to, row.source)
