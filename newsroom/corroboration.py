"""Corroboration: how many independent sources report a statement or its event.

An item's ``independent_sources`` counts the sources that report what it states (its own
outlet included), each once, and ``corroborated_by`` names the others. A source is an
outlet reporting on its own authority, or a party whose statement an outlet carries:

- **re-publications** are one source: a near-duplicate bulletin (``duplicate_of``), the
  same story, or an item worded like one already counted (most of its 3-word runs recur):
  reporters who find a fact on their own do not write the same sentence. Each outlet
  counts once, whatever it carries;
- **a claim is one source however many outlets repeat it**: a statement credited to a
  party counts as that party (:func:`newsroom.statements.same_party`), once; a relay
  ("citing", "quoting", "according to", "X, via Y", "told Reuters") counts not at all, it
  is someone else's word passed on; a hedged or disputed item counts not at all;
- **only the same statement or the same event**: another report counts when it states
  the same (:func:`reports_same`: names agree, no figure contradicts, negated alike, at
  least half of all the words the two use shared, within :data:`WINDOW_DAYS`), or
  reports the same event in its own words (:func:`same_event`: within
  :data:`EVENT_DAYS`, two names shared (a city and its district: "Kharkiv's Saltivskyi
  district", "the Saltivka neighbourhood"), no name, figure, weekday or hour that
  disagrees, and the same particular or the same kind of thing hit: "a nine-storey
  apartment block" and "a residential building" are both a dwelling, a school is not a
  hospital).

Only an item the outlet reports on its own authority (status ``reported``, or credited to
its own reporter: "our reporter in the city said") is raised to ``corroborated``, when two
or more sources report it (an editor's verdict still outranks it); a claim stays a claim.
Candidates come from the full-text index, within the window, newest first: one of the
item's names with one of enough of its longest words that any report sharing half its
words must contain one of them (the pigeonhole principle), or two of its names.
"""

from __future__ import annotations

import math
import re

from sqlite_utils import Database

from newsroom.answer import AnswerItem
from newsroom.names import fold, words
from newsroom.statements import (
    Statement,
    fts_names,
    fts_word_forms,
    kinds_of_happening,
    kinds_of_thing,
    names_agree,
    names_agree_loosely,
    names_shared,
    numbers_agree,
    place_root,
    read_statement,
    same_party,
    word_jaccard,
)
from newsroom.text.wording import shared_wording
from store.search import ItemRow, items_by_id
from store.statements import reported_matching

WINDOW_DAYS = 3.0
"""Days apart at most for two reports of one statement: news of one event arrives within
days; the same words months apart usually describe another."""
EVENT_DAYS = 1.0
"""Days apart at most for two reports of one event in different words: fewer words in
common, so less time. Independent reports of a strike are filed within hours of it; a
town, even a district, is hit again within the week ("the third strike on the district
this month")."""
EVENT_NAMES = 2
"""Names two reports of one event in different words must share (a city and its
district, a town and a person): one name is a topic, not an event."""
SAME_HOUR = 2
"""Hours apart at most of two times of day the reports give for the event ("shortly
before 9am", "at about 8:50am")."""
SAME_REPORT = 0.5
"""Jaccard of two items' words (names apart) at or above which they report the same thing."""
COPIED = 0.8
"""Share of 3-word runs at or above which one item's wording is a copy of the other's."""
CANDIDATES = 50
"""Most candidate reports read per item (the newest); a count is never overstated."""
_RELAYED = re.compile(
    r"\b(?:citing|quoting|according\s+to|(?:cited|quoted)\s+(?:by|as))\b"
    r"|(?<!\w)(?:по\s+(?:данным|словам|информации|сведениям)|со\s+ссылкой|цитирует"
    r"|за\s+(?:даними|словами|інформацією|відомостями)|з\s+посиланням|цитує)(?!\w)",
    re.I,
)
"""Someone else's word passed on: "citing", "according to", "по данным", "за словами"."""
_TOLD_OUTLET = re.compile(r"\btold\s+(?:the\s+)?[A-ZА-ЯІЇЄҐ]")
"""Someone "told Reuters" or "told the BBC": their word, passed on."""
_OWN_STAFF = frozenset(
    "reporter reporters correspondent correspondents journalist journalists".split()
)
_OWN = frozenset("our own".split())
_HOUR = re.compile(r"\b(\d{1,2})(?:[:.](\d{2}))?\s?(am|pm|a\.m\.|p\.m\.)?(?=\W|$)", re.I)
_WEEKDAYS = {
    day: n
    for n, names in enumerate(
        [
            "monday понедельник понеділок",
            "tuesday вторник вівторок",
            "wednesday среда среду середа середу",
            "thursday четверг четвер",
            "friday пятница пятницу пятниця пятницю",
            "saturday суббота субботу субота суботу",
            "sunday воскресенье неділя неділю",
        ]
    )
    for day in names.split()
}


def corroborate(db: Database, items: list[AnswerItem]) -> None:
    """Set each item's ``independent_sources`` and ``corroborated_by``, and raise the items
    its outlet reports itself that two or more sources report to ``corroborated``."""
    rows = {row.id: row for row in items_by_id(db, [item.id for item in items])}
    for item in items:
        row = rows.get(item.id)
        others = corroborating(db, row) if row else []
        item.independent_sources = 1 + len(others)
        item.corroborated_by = [source_name(other) for other in others]
        # Only what its outlet reports itself has corroborators (a claim has none), and a
        # status set since (disputed, by a denial in another bulletin) stands.
        if others and item.status in ("reported", "claimed"):
            item.status = "corroborated"


def independent_sources(db: Database, row: ItemRow) -> int:
    """How many independent sources report this item's statement or its event (1 for an
    item that is itself a claim, a relay or hedged: one claim is one claim)."""
    return 1 + len(corroborating(db, row))


def corroborating(db: Database, row: ItemRow) -> list[ItemRow]:
    """The items of the other independent sources that report what ``row`` reports on its
    outlet's own authority, each source once, earliest first; none for a claim."""
    if not own_authority(row):
        return []
    statement = _statement(row)
    query = _candidate_query(row.text, statement)
    if query is None:
        return []
    candidates = reported_matching(
        db,
        query,
        since_day=row.day - WINDOW_DAYS,
        until_day=row.day + WINDOW_DAYS,
        limit=CANDIDATES,
        statuses=("reported", "claimed"),
    )
    counted = [row]
    parties: list[str] = []
    for other in sorted(candidates, key=lambda r: (r.day, r.id)):
        if (
            other.bulletin_id == row.bulletin_id
            or any(_same_outlet_or_story(other, seen) for seen in counted)
            or any(shared_wording(other.text, seen.text) >= COPIED for seen in counted)
        ):
            continue
        if own_authority(other):
            party = None
        elif credited(other) and not any(same_party(other.attributed_to, p) for p in parties):
            party = other.attributed_to
        else:
            continue
        theirs = _statement(other)
        if reports_same(statement, theirs) or same_event(row, other, statement, theirs):
            counted.append(other)
            if party:
                parties.append(party)
    return counted[1:]


def source_name(row: ItemRow) -> str:
    """How a corroborating source is named: its outlet, and the party it credits."""
    return row.source if own_authority(row) else f"{row.source} ({row.attributed_to})"


def own_authority(row: ItemRow) -> bool:
    """The outlet states it itself: status ``reported``, or credited to its own reporter
    ("our correspondent"), and not relayed from anyone."""
    own = row.status == "reported" or (row.status == "claimed" and own_staff(row))
    return (
        own
        and not (row.attributed_to and ", via " in row.attributed_to)
        and not _RELAYED.search(row.text)
        and not _TOLD_OUTLET.search(row.text)
    )


def own_staff(row: ItemRow) -> bool:
    """Credited to the outlet's own reporter: "our reporter in the city", "Eastern
    Monitor's correspondent", "a Dnipro Dispatch reporter"."""
    said_by = [fold(w) for w in words(row.attributed_to or "")]
    if not _OWN_STAFF.intersection(said_by):
        return False
    outlet = [fold(w) for w in words(row.source)]
    return bool(_OWN.intersection(said_by[:2])) or (
        bool(outlet) and " ".join(outlet) in " ".join(said_by)
    )


def credited(row: ItemRow) -> bool:
    """A statement credited to a party, as it said it: status ``claimed`` (not hedged, not
    disputed), and not passed on through someone else."""
    return (
        row.status == "claimed"
        and bool(row.attributed_to)
        and ", via " not in (row.attributed_to or "")
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


def same_event(mine: ItemRow, other: ItemRow, a: Statement, b: Statement) -> bool:
    """The other item reports this item's event in its own words (see the module
    docstring)."""
    if abs(mine.day - other.day) > EVENT_DAYS or a.negated != b.negated:
        return False
    if not numbers_agree(a, b) or names_shared(a, b) < EVENT_NAMES:
        return False
    if not names_agree_loosely(a, b) or _times_disagree(mine.text, other.text):
        return False
    # The same kind of thing, and the same kind of thing happening to it: "an apartment
    # block" struck and "a residential building" hit; not a school and a market, nor a
    # block hit and a block told to boil its water.
    return bool(
        kinds_of_thing(a) & kinds_of_thing(b) and kinds_of_happening(a) & kinds_of_happening(b)
    )


def _times_disagree(a: str, b: str) -> bool:
    """Both give a weekday and none is the same, or both a time of day and none within
    :data:`SAME_HOUR` hours of the other's."""
    days_a, days_b = _weekdays(a), _weekdays(b)
    if days_a and days_b and not days_a & days_b:
        return True
    hours_a, hours_b = _hours(a), _hours(b)
    return bool(hours_a and hours_b) and all(
        min(abs(x - y), 24 - abs(x - y)) > SAME_HOUR for x in hours_a for y in hours_b
    )


def _weekdays(text: str) -> set[int]:
    return {_WEEKDAYS[w] for w in (word.casefold() for word in words(text)) if w in _WEEKDAYS}


def _hours(text: str) -> list[float]:
    """Times of day written with am/pm or as hh:mm, in hours."""
    found = []
    for hour, minute, half in _HOUR.findall(text):
        if not half and not minute:
            continue
        value = int(hour) % 12 if half else int(hour)
        if half and half.casefold().startswith("p"):
            value += 12
        if value < 24:
            found.append(value + int(minute or 0) / 60)
    return found


def _same_outlet_or_story(a: ItemRow, b: ItemRow) -> bool:
    """One outlet, or one story (a re-publication: the same bulletin or a near-duplicate)."""
    return a.source.casefold() == b.source.casefold() or (a.duplicate_of or a.bulletin_id) == (
        b.duplicate_of or b.bulletin_id
    )


def _candidate_query(text: str, statement: Statement) -> str | None:
    """One of the names with one of the longest words out of as many as a report sharing
    half of the statement's words must contain one of (the pigeonhole principle), or two
    of the names (a district also by its root: "Saltivskyi", "Saltivka")."""
    names = fts_names(statement)
    if not names:
        return None
    parts = []
    words_ = sorted(statement.words, key=lambda w: (-len(w), w))
    if words_:
        needed = max(1, math.ceil(len(words_) * SAME_REPORT))
        chosen = words_[: len(words_) - needed + 1]
        parts.append(
            f"({' OR '.join(names)}) AND ({' OR '.join(fts_word_forms(text, set(chosen)))})"
        )
    tokens = list(dict.fromkeys(t for key in statement.confirmed_names for t in key.split()))[
        :_PAIRED
    ]
    terms = [_name_forms(t) for t in tokens]
    parts += [f"({a} AND {b})" for i, a in enumerate(terms) for b in terms[i + 1 :]]
    return " OR ".join(f"({p})" for p in parts) if parts else None


_PAIRED = 4
_PLACE_ENDINGS = ("", "k", "sk", "c", "ck")


def _name_forms(token: str) -> str:
    """An FTS5 term for a name, and for a place also the names of its districts (the keys
    on its root: Saltivka "saltavk", Saltivskyi "saltavsk"), spelled out: a prefix query
    would read the whole list of a common town."""
    root = place_root(token)
    if root is None:
        return f'names:"{token}"'
    forms = dict.fromkeys([token, *(root + ending for ending in _PLACE_ENDINGS)])
    return "(" + " OR ".join(f'names:"{form}"' for form in forms) + ")"


def _statement(row: ItemRow) -> Statement:
    return read_statement(row.text, row.attributed_to, row.source)
