"""Denials linked to the claims they answer in other bulletins: another outlet, another day,
another language.

Inside one bulletin the analysis links a denial to the claim of its story
(:func:`newsroom.text.analyse.link_disputes`). Across bulletins a denial is linked to a
claim when all of these hold (:func:`answers`):

- **another bulletin, and no re-publication**: neither item is in a near-duplicate of
  another bulletin (a wire story re-run by forty outlets is linked once, through its first
  copy), and the two are not copies of one story;
- **a claim and a denial**: the claim is credited to someone (``attributed_to``), the
  denial carries the ``denial`` signal;
- **opposing parties**: the denier is not the claimant, nor on the claimant's side
  (:func:`newsroom.statements.same_party`): "Ukraine's general staff" does not answer
  "Ukraine's eastern forces";
- **within the window**: published within :data:`WINDOW_DAYS` of each other, either way
  round (a claim repeated after its denial is still denied);
- **the same topic**: they share a name (place, person, organisation, as
  :func:`newsroom.text.topic_names.topic_names` keys, so Sievierodonetsk, Severodonetsk and
  Сєвєродонецьк agree) that one says the statement is about and the other mentions, the
  denier's own title included ("Kharkiv's governor" answers a claim about Kharkiv); with
  only one shared name, they must not each name another place the other lacks;
- **overlapping particulars**: a denial restates only part of the claim ("rejected claims
  that its forces had struck a hospital in Sievierodonetsk as false"), and adds its own
  account after "saying ...". The particulars of the restated part (its content words and
  figures, without the framing of speech, the parties' own words and words common to all
  war news: :data:`newsroom.statements.GENERIC_WORDS`) must recur in the claim: all of them
  when there is one, two and at least half when there are more. A denial that restates
  nothing ("denied the claims") is linked only inside its own bulletin. Between two
  scripts, where words cannot be compared, two shared names or figures are needed (the
  same kind of place or thing named in both, a depot and a "нафтобаза", counts as one
  when neither names another kind).

A wrong link is worse than none, so every rule leans to leaving pairs apart.

One denial is often reported again by another outlet, in another language, in words that
share nothing with the claim ("... він назвав брехнею"): a denial by the same party within
the window, in a bulletin that shares enough names and figures with the first one's,
answers the claims the first one answers.

Links are found at ingest and stored (:mod:`store.disputes`, with when they were found),
and a claim they answer is stored as ``disputed``, so answers, digests and the record all
see them. For the new denials, candidates come from the full-text index: items of the
window's id range that mention one of the denial's names and one of its particulars (or
two of its names). For the new claims, one search over the new items finds those naming a
name of a stored denial of their days. The cost grows with the denials that name
something, never with the archive; most denials ("X denied the claims") are skipped
unread.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import lru_cache
from itertools import combinations

from sqlite_utils import Database

from newsroom.answer import AnswerItem
from newsroom.names import words
from newsroom.statements import (
    Statement,
    fts_happening_terms,
    fts_thing_terms,
    fts_word_forms,
    is_latin,
    keys_shared,
    kinds_of_thing,
    name_keys,
    particulars,
    read_statement,
    same_party,
    shared_particulars,
)
from store import disputes as store
from store.bulletins import transaction
from store.search import ItemRow, items_by_id, linked_items, story_items
from store.statements import item_id_range, last_item_id

WINDOW_DAYS = 3.0
"""Days between a claim and a denial that answers it, either way round. Parties answer a
claim within a news cycle or two (the demo's Sievierodonetsk hospital: hours; the Kharkiv
"drone workshop": the same day), and a claim repeated a day or two after its denial is
still the one denied. Past a few days the same town and the same words more likely belong
to a new incident: towns are shelled again, hospitals hit twice."""
RESTATED_SHARE = 0.5
"""Share of the particulars a denial restates that the claim must contain (and at least
two of them, or the one there is)."""
SCRIPT_ANCHORS = 2
"""Shared names and figures needed between two scripts (a Ukrainian denial of an English
claim), where words cannot be compared."""
SAME_REPORT_ANCHORS = 3
"""Names and figures two bulletins must share, besides the denier's names, for two denials
by one party to be one denial reported twice ("Kharkiv", "Industrialnyi", "58"); a
governor denies more than one thing a week, but rarely two about one district."""
CANDIDATES = 50
"""Most candidates read per denial (the newest in its window)."""
MAX_NAMES = 6
_TERMS_PER_SEARCH = 200
_NAME_TERM = re.compile(r'names:"([^"]+)"')
MAX_PAIRED_NAMES = 4
MAX_WORDS = 12
_COUNTER = re.compile(
    r"(?:,|\s)\s*(?:saying|adding|insisting|arguing|stating|explaining|noting|calling|"
    r"and\s+(?:said|says|added|insisted|called)|but\s+(?:said|says|added))\b"
    r"|;|\s[—–-]\s"
    r"|,\s*(?:заяви\w*|сказа\w*|дода\w*|добави\w*|зазначи\w*|отмети\w*|наголоси\w*|"
    r"подчеркну\w*|поясни\w*|указа\w*|назва\w*|стверджу\w*|утвержда\w*)",
    re.IGNORECASE,
)
"""Where a denial's own account starts ("..., saying the missile hit a furniture factory",
"..., заявив ..."): what comes after is the denier's version, not the claim restated."""


@dataclass(frozen=True)
class Reading:
    """What an item says, ready to compare: its statement, the names it is about (its
    speaker's left out) and its speaker's names, and whether it is in the Latin script."""

    statement: Statement
    topic: list[str]
    """The names it is sure of (not only seen opening a sentence), its speaker's apart."""
    mentions: list[str]
    """Every name it may mention, its speaker's apart ("Kharkiv governor ..." opening it)."""
    party: list[str]
    latin: bool
    focus: Statement
    """For a denial, the part that restates the claim (before "saying ..."); otherwise
    the statement itself."""
    focus_topic: list[str]


def answers(denial: ItemRow, claim: ItemRow) -> bool:
    """True when ``denial`` answers ``claim`` across bulletins (see the module docstring)."""
    if not may_answer(denial, claim):
        return False
    d, c = _reading(denial), _reading(claim)
    anchors = _anchors(d, c)
    if not anchors:
        return False
    if d.latin != c.latin:
        figures = d.statement.numbers & c.statement.numbers
        # The same kind of place or thing (a fuel depot, "нафтобаза") reads across scripts
        # where words cannot be compared: it counts as one anchor when both name that kind
        # and no other ("a power station" is energy and transport: no railway station).
        kinds = kinds_of_thing(d.focus)
        kind = bool(kinds) and kinds == kinds_of_thing(c.statement)
        return len(anchors) + len(figures) + kind >= SCRIPT_ANCHORS
    if len(anchors) == 1 and _names_conflict(d, c):
        return False
    theirs = particulars(c.statement, denial.attributed_to)
    everything = particulars(d.statement, claim.attributed_to)
    if not shared_particulars(everything, theirs):
        return False
    restated = particulars(d.focus, claim.attributed_to) or everything
    shared = shared_particulars(restated, theirs)
    return len(shared) >= min(2, len(restated)) and len(shared) >= RESTATED_SHARE * len(restated)


def may_answer(denial: ItemRow, claim: ItemRow) -> bool:
    """What is asked of any cross-bulletin link before the texts are read: a denial and a
    claim in two first copies, by parties not on one side, within the window."""
    return (
        "denial" in denial.signals
        and is_claim(claim)
        and denial.duplicate_of is None
        and claim.duplicate_of is None
        and denial.bulletin_id != claim.bulletin_id
        and abs(denial.day - claim.day) <= WINDOW_DAYS
        and not same_party(denial.attributed_to, claim.attributed_to)
    )


def is_claim(row: ItemRow) -> bool:
    """A statement credited to a party: the ``claim`` signal and an attribution."""
    return "claim" in row.signals and "denial" not in row.signals and bool(row.attributed_to)


def denial_query(denial: ItemRow) -> str | None:
    """The FTS5 query that finds the claims a denial may answer: one of its names and one
    of its particulars (or a word, in any language, for the kind of thing it names), or two
    of its names (or a name and a figure) for another script;
    None when it names nothing or says nothing particular."""
    d = _reading(denial)
    keys = list(dict.fromkeys([*d.topic, *d.party, *d.mentions]))[:MAX_NAMES]
    names = list(dict.fromkeys(f'names:"{key.split()[-1]}"' for key in keys))
    if not names:
        return None
    chosen = sorted(particulars(d.statement), key=lambda w: (-len(w), w))[:MAX_WORDS]
    forms = fts_word_forms(denial.text, set(chosen)) + fts_happening_terms(chosen)
    forms += fts_thing_terms(kinds_of_thing(d.focus))  # a claim in another script
    figures = [f'words:"{n}"' for n in sorted(d.statement.numbers) if n.isdigit()][:3]
    paired = names[:MAX_PAIRED_NAMES]
    either = [f"({a} AND {b})" for a, b in combinations(paired, 2)]
    either += [f"({name} AND {figure})" for name in paired for figure in figures]
    parts = [f"(({' OR '.join(names)}) AND ({' OR '.join(forms)}))"] if forms else []
    parts += either
    return " OR ".join(parts) or None


def link_denials(db: Database, after: int, *, now: datetime | None = None) -> int:
    """Find and store the cross-bulletin links that the items stored after item ``after``
    make, either as denials or as claims; returns how many links are new.

    Running it again over the same items stores nothing more.
    """
    linkable, links = find_links(db, after)
    if not linkable and not links:
        return 0
    with transaction(db):
        store.add_linkable_denials(db, linkable)
        store.mark_disputed(db, [claim for _denial, claim in links])
        return store.add_denial_links(db, links, (now or datetime.now(UTC)).isoformat())


def find_links(
    db: Database, after: int
) -> tuple[list[tuple[float, int, str]], list[tuple[int, int]]]:
    """The linkable denials among the items stored after item ``after`` (day, id, query)
    and the (denial, claim) links those items make; reads only."""
    last = last_item_id(db)
    if last <= after:
        return [], []
    found: set[tuple[int, int]] = set()
    # Claims stored now, against the denials stored before them.
    if store.has_linkable_denials(db, up_to=after):
        found.update(_claims_of_earlier_denials(db, after, last))
    # Denials stored now, against the claims of their days, whenever those were stored.
    linkable: list[tuple[float, int, str]] = []
    bounds: dict[tuple[int, int], tuple[int, int] | None] = {}
    for denial in _new_denials(db, after):
        query = denial_query(denial)
        if query is None:
            continue
        linkable.append((denial.day, denial.id, query))
        window = (math.floor(denial.day - WINDOW_DAYS), math.ceil(denial.day + WINDOW_DAYS))
        if window not in bounds:
            bounds[window] = item_id_range(db, *window)
        if bounds[window] is None:
            continue
        first, final = bounds[window]
        claims = store.matching_items(
            db,
            query,
            first=first,
            last=final,
            since_day=denial.day - WINDOW_DAYS,
            until_day=denial.day + WINDOW_DAYS,
            limit=CANDIDATES,
        )
        found.update((denial.id, c.id) for c in claims if answers(denial, c))
    found |= _one_denial_reported_twice(db, linkable, found)
    found |= _repeated_claims(db, after, last)
    return linkable, sorted(found)


_REPEATED = re.compile(
    r"\b(?:repeated|reiterated|renewed|restated|maintained|stood\s+by)\s+(?:its|his|her|their"
    r"|the)\s+(?:earlier\s+|previous\s+)?(?:claims?|assertions?|accusations?|allegations?)\b"
    r"|\bagain\s+claimed\b",
    re.IGNORECASE,
)
_REPEATED_QUERY = (
    "words:repeated OR words:reiterated OR words:renewed OR words:restated"
    " OR words:maintained OR words:again OR words:stood"
)
REPEATS = 200
"""Most claims that say they repeat an earlier one read per ingest (the newest)."""


def _repeated_claims(db: Database, after: int, last: int) -> set[tuple[int, int]]:
    """A claim that says it repeats an earlier one ("Russia's defence ministry repeated its
    claim that the village was under its control") is answered by the denials of that
    earlier claim: one by the same party, within the window, in another bulletin, naming a
    name of the repeating claim's story (the repeat itself often names nothing)."""
    repeats = [
        row
        for row in store.matching_items(
            db,
            _REPEATED_QUERY,
            first=after + 1,
            last=last,
            since_day=-math.inf,
            until_day=math.inf,
            limit=REPEATS,
        )
        if is_claim(row) and row.duplicate_of is None and _REPEATED.search(row.text)
    ]
    found: set[tuple[int, int]] = set()
    for repeat in repeats:
        party = set(name_keys(repeat.attributed_to))
        story = story_items(db, [(repeat.bulletin_id, repeat.story)])
        keys = list(
            dict.fromkeys(k for row in story for k in name_keys(row.text) if k not in party)
        )
        names = list(dict.fromkeys(f'names:"{key.split()[-1]}"' for key in keys))[:MAX_NAMES]
        bounds = item_id_range(db, repeat.day - WINDOW_DAYS, repeat.day)
        if not names or bounds is None:
            continue
        earlier = [
            claim
            for claim in store.matching_items(
                db,
                " OR ".join(names),
                first=bounds[0],
                last=min(bounds[1], repeat.id - 1),
                since_day=repeat.day - WINDOW_DAYS,
                until_day=repeat.day,
                limit=CANDIDATES,
            )
            if is_claim(claim)
            and claim.bulletin_id != repeat.bulletin_id
            and same_party(claim.attributed_to, repeat.attributed_to)
        ]
        linked = denial_links(db, [c.id for c in earlier])
        denial_ids = sorted({d for ids in linked.values() for d in ids})

        for denial in items_by_id(db, denial_ids, retracted=False):
            if may_answer(denial, repeat):
                found.add((denial.id, repeat.id))
    return found


def _one_denial_reported_twice(
    db: Database, linkable: list[tuple[float, int, str]], found: set[tuple[int, int]]
) -> set[tuple[int, int]]:
    """Links for the same denial reported by another outlet, in another language ("Kharkiv's
    governor rejected Russia's report ..." in English; "... він назвав брехнею" in
    Ukrainian): a denial by the same party within the window, in a bulletin that shares
    :data:`SAME_REPORT_ANCHORS` names and figures with the other's (those of the people
    quoted apart), answers the claims the other answers. Only the denials new or newly
    linked here are looked at."""
    touched = {item_id for _day, item_id, _query in linkable} | {d for d, _c in found}
    if not touched:
        return set()
    rows = {row.id: row for row in items_by_id(db, sorted(touched))}
    near: dict[int, ItemRow] = {}
    for row in rows.values():
        others = store.linkable_denials_between(
            db, row.day - WINDOW_DAYS, row.day + WINDOW_DAYS, up_to=last_item_id(db)
        )
        near.update((r.id, r) for r in items_by_id(db, [i for i, *_ in others if i not in near]))
    near.update(rows)
    claims_of: dict[int, set[int]] = {}
    for denial, claim in [*found, *_stored_pairs(db, list(near))]:
        claims_of.setdefault(denial, set()).add(claim)
    contexts: dict[int, tuple[set[str], frozenset[str]]] = {}
    extra: set[tuple[int, int]] = set()
    for first in rows.values():
        for second in near.values():
            if (
                second.id == first.id
                or (first.duplicate_of or first.bulletin_id)
                == (second.duplicate_of or second.bulletin_id)
                or abs(first.day - second.day) > WINDOW_DAYS
                or not same_party(first.attributed_to, second.attributed_to)
                or not (claims_of.get(first.id) or claims_of.get(second.id))
                or not _same_report(db, first, second, contexts)
            ):
                continue
            for denial, other in ((first, second), (second, first)):
                extra.update((denial.id, c) for c in claims_of.get(other.id, ()))
    wanted = sorted({c for _d, c in extra})
    claim_rows = {row.id: row for row in items_by_id(db, wanted)}
    return {
        (d, c)
        for d, c in extra
        if c in claim_rows and may_answer(near.get(d) or rows[d], claim_rows[c])
    }


def _stored_pairs(db: Database, denial_ids: list[int]) -> list[tuple[int, int]]:
    links = store.links_of(db, denial_ids)
    return [(d, c) for d in denial_ids for c in links.get(d, [])]


def _same_report(
    db: Database,
    first: ItemRow,
    second: ItemRow,
    contexts: dict[int, tuple[set[str], frozenset[str]]],
) -> bool:
    """Two bulletins report one story: names and figures in common, besides the names of
    whoever they quote and of the outlets (a spokesman quoted every day ties nothing)."""
    for row in (first, second):
        if row.bulletin_id not in contexts:
            text, source, speakers = store.bulletin_context(db, row.bulletin_id)
            statement = read_statement(text)
            people = {t for who in [source, *speakers] for k in name_keys(who) for t in k.split()}
            contexts[row.bulletin_id] = (
                {t for key in statement.confirmed_names for t in key.split()} - people,
                statement.numbers,
            )
    names_a, figures_a = contexts[first.bulletin_id]
    names_b, figures_b = contexts[second.bulletin_id]
    return len((names_a & names_b) | (figures_a & figures_b)) >= SAME_REPORT_ANCHORS


def _claims_of_earlier_denials(db: Database, after: int, last: int) -> set[tuple[int, int]]:
    """The links between the claims stored after item ``after`` and the denials stored
    before them: the new claims naming one of those denials' names are read (one search
    over the new items), each against the denials it shares a name with."""
    span = store.day_span(db, after + 1, last)
    if span is None:
        return set()
    older = store.linkable_denials_between(
        db, span[0] - WINDOW_DAYS, span[1] + WINDOW_DAYS, up_to=after
    )
    by_term: dict[str, list[int]] = {}
    for item_id, _day, query in older:
        for term in set(_NAME_TERM.findall(query)):
            by_term.setdefault(term, []).append(item_id)
    if not by_term:
        return set()
    days = [day for _id, day, _query in older]
    terms = sorted(by_term)
    claims: dict[int, ItemRow] = {}
    for start in range(0, len(terms), _TERMS_PER_SEARCH):
        query = " OR ".join(f'names:"{t}"' for t in terms[start : start + _TERMS_PER_SEARCH])
        for claim in store.matching_items(
            db,
            query,
            first=after + 1,
            last=last,
            since_day=min(days) - WINDOW_DAYS,
            until_day=max(days) + WINDOW_DAYS,
            limit=last - after,
        ):
            claims[claim.id] = claim
    denials = {row.id: row for row in items_by_id(db, [item_id for item_id, *_ in older])}
    found: set[tuple[int, int]] = set()
    for claim in claims.values():
        reading = _reading(claim)
        keys = {key.split()[-1] for key in [*reading.mentions, *reading.party] if key}
        keys |= {key for key in reading.statement.stems if key in by_term}
        for denial_id in {d for key in keys for d in by_term.get(key, [])}:
            denial = denials.get(denial_id)
            if denial is not None and answers(denial, claim):
                found.add((denial_id, claim.id))
    return found


def link_across(db: Database, items: list[AnswerItem]) -> None:
    """Add to each item's ``disputes`` the items linked to it across bulletins, and mark
    the claims among them ``disputed`` (a denial is on record)."""
    links = store.links_of(db, [item.id for item in items])
    for item in items:
        others = links.get(item.id)
        if not others:
            continue
        item.disputes = list(dict.fromkeys([*item.disputes, *others]))
        if "denial" not in item.signals:
            item.status = "disputed"


def denial_links(db: Database, item_ids: list[int]) -> dict[int, list[int]]:
    """For each item id, the items it is linked to as claim and denial, within its bulletin
    and across bulletins (for measuring the links against a gold set)."""
    found: dict[int, list[int]] = {}
    for source in (linked_items(db, item_ids), store.links_of(db, item_ids)):
        for item_id, others in source.items():
            found[item_id] = sorted({*found.get(item_id, []), *others})
    return found


def _new_denials(db: Database, after: int) -> Iterator[ItemRow]:
    """The denials stored after item ``after`` that may be linked across bulletins: in a
    first copy, and naming something outside their own attribution (most denials, "X
    denied the claims", are answered inside their bulletin, and are skipped unread)."""
    for chunk in store.denial_chunks(db, after):
        wanted = [i for i, text, speaker in chunk if _names_something(text, speaker)]
        for row in sorted(items_by_id(db, wanted), key=lambda r: r.id):
            if row.duplicate_of is None:
                yield row


def _names_something(text: str, speaker: str | None) -> bool:
    """A cheap test: a capitalised word past the first, or a word in another script, once
    the attribution is taken out of the text."""
    if speaker:
        at = text.casefold().find(speaker.casefold())
        if at >= 0:
            text = text[:at] + text[at + len(speaker) :]
    found = words(text)
    return any(w[:1].isupper() or not w.isascii() for w in found[1:]) or (
        bool(found) and not found[0].isascii()
    )


@lru_cache(maxsize=4096)
def _read(text: str, attributed_to: str | None, source: str) -> Reading:
    statement = read_statement(text, attributed_to, source)
    cut = _COUNTER.search(text)
    focus = read_statement(text[: cut.start()], attributed_to, source) if cut else statement
    party = [key for key in name_keys(attributed_to) if key not in ("", None)]
    return Reading(
        statement=statement,
        topic=statement.confirmed_names,
        mentions=list(statement.names),
        party=party,
        latin=is_latin(text),
        focus=focus,
        focus_topic=focus.confirmed_names,
    )


def _reading(row: ItemRow) -> Reading:
    return _read(row.text, row.attributed_to, row.source)


def _anchors(d: Reading, c: Reading) -> set[str]:
    """The names that tie a denial to a claim: one both are about (one of them sure it is
    a name), the denier's own (a governor's city) that the claim is about, or the
    claimant's that the denial is about ("rejected Russia's report")."""
    return {
        *keys_shared(c.topic, d.mentions),
        *keys_shared(d.topic, c.mentions),
        *keys_shared(c.topic, d.party),
        *keys_shared(d.topic, c.party),
    }


def _names_conflict(d: Reading, c: Reading) -> bool:
    """Each names a place or person the other does not (two different towns)."""
    only_denial = [k for k in d.focus_topic if not keys_shared([k], [*c.mentions, *c.party])]
    only_claim = [k for k in c.topic if not keys_shared([k], [*d.mentions, *d.party])]
    return bool(only_denial and only_claim)
