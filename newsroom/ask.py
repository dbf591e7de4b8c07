"""Answering "what is known about TOPIC" from the store.

Counts (see :class:`newsroom.answer.Answer`): ``total`` counts the matching statements, a
statement re-published by other outlets (or repeated word for word) counted once. It is
exact whenever a topic has at most :data:`READ` matching items: they are all read and
collapsed the way the listing collapses them, so the two cannot disagree. A topic with more
is counted in the store as its matches outside re-published copies, up to 10,000.

Each match is listed with its context, the items of its story that bear on it: the claims
and denials linked to it (``disputes``, within the bulletin and, once linked, across
bulletins), a denial in its story by another party, its story's caveats (a not-verified or
no-evidence note), the sentences of its story right after it up to one that turns to
another subject (a new name with nothing tying it back: no pronoun, no definite
description, no specific name already named; a guard against a missed story boundary),
and, for a match that cannot be read alone ("It comes after ..."), the sentences before it
that it follows. Never an item of another story, except a linked claim or denial (and that
item's caveats).
"""

from __future__ import annotations

import difflib
from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from sqlite_utils import Database

from newsroom.answer import SUMMARISED, Answer, AnswerItem, build_answer, same_party
from newsroom.corroboration import corroborate
from newsroom.disputes import link_across
from newsroom.errors import UserError
from newsroom.names import fold, name_key, words
from newsroom.query import build_query
from newsroom.summary import needs_its_story
from newsroom.text.analyse import second_party
from newsroom.text.stories import DEMONYM, STOPWORDS
from newsroom.text.wording import shared_wording
from newsroom.verdicts import current_verdicts
from store import search
from store.bulletins import day_number
from store.search import ItemRow

DEFAULT_LIMIT = 20
MAX_LIMIT = 200
MAX_DAYS = 36_525
"""The longest --days: 100 years (longer spans cannot be told from all dates)."""
_OVERFETCH = 20
READ = MAX_LIMIT + _OVERFETCH
"""How many of a topic's best matches are read, whatever the limit: all of them, for a
topic with no more, so that its count is exact."""
_SAME_STATEMENT = 0.8
_REACH = 4
"""Most sentences a match brings from its story before or after it (continuations)."""
_CAVEATS = frozenset({"not_independently_verified", "no_evidence"})
_NOT_NAMES = STOPWORDS | frozenset(
    "january february march april may june july august september october november december "
    "a an".split()
)


def ask(
    db: Database,
    topic: str,
    *,
    limit: int = DEFAULT_LIMIT,
    days: int | None = None,
    now: datetime | None = None,
    window: tuple[datetime, datetime] | None = None,
) -> Answer:
    """Search, collapse re-publications, gather each match's context, summarise.

    ``limit`` is how many of the best matching statements are listed, each with its
    context; the headline and the summary are about the best :data:`SUMMARISED` whatever
    the limit. ``days`` keeps the last N days before ``now``; ``window`` (start, end) keeps
    a span.
    """
    if not 1 <= limit <= MAX_LIMIT:
        raise UserError(f"--limit must be between 1 and {MAX_LIMIT}, not {limit}.")
    if days is not None and not 1 <= days <= MAX_DAYS:
        raise UserError(
            f"--days must be between 1 and {MAX_DAYS:,} (100 years), not {days:,}; leave it "
            "out for all dates."
        )
    query = build_query(topic)
    now = now or datetime.now(UTC)
    since, until = (
        (day_number(now - timedelta(days=days)), day_number(now)) if days else (None, None)
    )
    if window:
        since, until = day_number(window[0]), day_number(window[1])
    found = search.search_items(db, query, limit=READ, since_day=since, until_day=until)
    if not found.rows:
        if since is None and until is None:
            return build_answer(query.topic, 0, [], suggest(db, query.terms))
        # Nothing in the dates asked: say if the topic is known at other dates, rather than
        # offer its own spellings as "topics that look close".
        elsewhere = search.search_items(db, query, limit=1).total
        answer = build_answer(query.topic, 0, [], [] if elsewhere else suggest(db, query.terms))
        answer.elsewhere = elsewhere
        return answer
    statements = _collapse_copies(db, found.rows)
    total, exact = len(statements), True
    if len(found.rows) < found.total or not found.total_is_exact:
        total, exact = found.total, found.total_is_exact
        if exact:
            counted = search.count_first_copies(db, query, since_day=since, until_day=until)
            total = max(len(statements), counted)
    matching = {s.row.id for s in statements}
    # The headline and the summary read the best SUMMARISED matches with their context,
    # gathered the same way whatever the limit, so that they never change with it.
    summarised = _listing(db, statements[:SUMMARISED], matching)
    listed = summarised if limit <= SUMMARISED else _listing(db, statements[:limit], matching)
    return build_answer(
        query.topic,
        total,
        [item for item in listed if item.group is not None and item.group < limit],
        [],
        total_is_exact=exact,
        summarised=[i for i in summarised if i.group is not None and i.group < SUMMARISED],
    )


def _listing(db: Database, statements: list[_Statement], matching: set[int]) -> list[AnswerItem]:
    """The answer items of these ranked statements: each with its context, its links
    completed across bulletins, its corroboration and the desk's verdicts."""
    items = _with_context(db, statements, matching)
    link_across(db, items)  # denials in other bulletins, before the links are completed
    items = complete_links(db, items, matching)
    corroborate(db, items)
    apply_verdicts(db, items)
    return items


def apply_verdicts(db: Database, items: list[AnswerItem]) -> None:
    """An editor's verdict outranks the status read from the text."""
    verdicts = current_verdicts(db, [item.id for item in items])
    for item in items:
        item.text_status = item.status
        verdict = verdicts.get(item.id)
        if verdict:
            item.verdict = verdict
            item.status = verdict.status


@dataclass
class _Statement:
    """A matching statement: the item listed for it, and the outlets of its copies."""

    row: ItemRow
    copies: list[str]


def _collapse_copies(db: Database, rows: list[ItemRow]) -> list[_Statement]:
    """One entry per statement, at the rank of its best match, with the sources of its copies.

    Copies are the same text, or nearly the same text in a re-publication of its bulletin
    (a wire item under another outlet's dateline). The first publication is the one listed.
    """
    groups: list[list[ItemRow]] = []
    by_text: dict[str, list[ItemRow]] = {}
    by_story: dict[int, list[list[ItemRow]]] = {}
    for row in rows:
        key = row.statement_key
        story = row.duplicate_of or row.bulletin_id
        group = by_text.get(key) or next(
            (
                g
                for g in by_story.get(story, [])
                if any(
                    other.bulletin_id != row.bulletin_id  # two sentences of one bulletin differ
                    and (other.duplicate_of or other.bulletin_id) == story
                    and shared_wording(other.text, row.text) >= _SAME_STATEMENT
                    for other in g
                )
            ),
            None,
        )
        if group is None:
            group = []
            groups.append(group)
        group.append(row)
        by_text.setdefault(key, group)
        story_groups = by_story.setdefault(story, [])
        if not any(g is group for g in story_groups):
            story_groups.append(group)
    listed = [next((r for r in g if r.duplicate_of is None), g[0]) for g in groups]
    copies = search.copies_of(db, [row.bulletin_id for row in listed])
    collapsed = []
    for row, group in zip(listed, groups, strict=True):
        sources = [*copies.get(row.bulletin_id, []), *(other.source for other in group)]
        collapsed.append(_Statement(row, [s for s in dict.fromkeys(sources) if s != row.source]))
    return collapsed


@dataclass
class _Loader:
    """Items, their links and their stories, read in batches as the context grows."""

    db: Database
    extra_links: dict[int, list[int]] = field(default_factory=dict)
    rows: dict[int, ItemRow] = field(default_factory=dict)
    links: dict[int, list[int]] = field(default_factory=dict)
    stories: dict[tuple[int, int], list[ItemRow]] = field(default_factory=dict)
    bulletins: dict[int, list[ItemRow]] = field(default_factory=dict)
    common: dict[int, set[str]] = field(default_factory=dict)

    def prefetch(self, rows: list[ItemRow]) -> None:
        """Read the links and stories of ``rows``, and the items they link to."""
        for row in rows:
            self.rows.setdefault(row.id, row)
        unread = [row.id for row in rows if row.id not in self.links]
        found = search.linked_items(self.db, unread)
        for item_id in unread:
            self.links[item_id] = found.get(item_id, [])
        unread_bulletins = {row.bulletin_id for row in rows} - self.bulletins.keys()
        for bulletin in unread_bulletins:
            self.bulletins[bulletin] = []
        for row in search.bulletin_items(self.db, sorted(unread_bulletins)):
            self.bulletins[row.bulletin_id].append(row)
            self.stories.setdefault((row.bulletin_id, row.story), []).append(row)
            self.rows.setdefault(row.id, row)
        wanted = {o for row in rows for o in self.linked(row.id) if o not in self.rows}
        for row in search.items_by_id(self.db, sorted(wanted), retracted=False):
            self.rows[row.id] = row

    def linked(self, item_id: int) -> list[int]:
        """The claims and denials linked to an item: in the store, and given."""
        return list(
            dict.fromkeys([*self.links.get(item_id, []), *self.extra_links.get(item_id, [])])
        )

    def story(self, row: ItemRow) -> list[ItemRow]:
        return self.stories.get((row.bulletin_id, row.story), [])

    def common_terms(self, bulletin: int) -> set[str]:
        """Names in so many of a bulletin's sentences that they tie nothing
        together ("Ukraine" on a Ukraine live blog): in more than a fifth of them, and more
        than two, in a bulletin of six sentences or more."""
        if bulletin not in self.common:
            sentences = self.bulletins.get(bulletin, [])
            counts: Counter[str] = Counter()
            for row in sentences:
                counts.update(_names(row.text, skip_first=False))
            floor = max(2, len(sentences) / 5) if len(sentences) >= 6 else len(sentences) + 1
            self.common[bulletin] = {term for term, n in counts.items() if n > floor}
        return self.common[bulletin]


def _names(text: str, *, skip_first: bool) -> set[str]:
    """Keys of the capitalised words of a text (not weekdays, months or common words), cut
    to five letters so that a country and its adjective agree (Ukraine, Ukrainian)."""
    found = words(text)[1:] if skip_first else words(text)
    return {
        name_key(w)[:5]
        for w in found
        if w[:1].isupper() and fold(w) not in _NOT_NAMES and not DEMONYM.match(w)
    }


def _turns_away(row: ItemRow, names: set[str], common: set[str]) -> bool:
    """The next sentence starts another subject (a story boundary the segmenter missed):
    it brings a name the story so far did not (its own speaker and the outlet apart), and
    nothing ties it back: no pronoun or definite description, no specific name already
    named (names on every other line of the bulletin, "Ukraine", tie nothing). "The backup
    power line to the Zaporizhzhia plant ..." after a sentence about Kharkiv turns away;
    "According to Sedykh, ..." or "The caretaker, Halyna, ..." does not."""
    own = _names(row.text, skip_first=True) - common
    speaker = _names(f"{row.attributed_to or ''} {row.source}", skip_first=False)
    if not own - names - speaker:
        return False
    return not (needs_its_story(row.text) or (_names(row.text, skip_first=False) & names) - common)


def _continuations(row: ItemRow, story: list[ItemRow], common: set[str]) -> list[ItemRow]:
    """The sentences of its story right after a match, up to one that turns away."""
    by_position = {other.position: other for other in story}
    names = _names(row.text, skip_first=False)
    found: list[ItemRow] = []
    position = row.position + 1
    while position in by_position and len(found) < _REACH:
        following = by_position[position]
        if _turns_away(following, names, common):
            break
        found.append(following)
        names |= _names(following.text, skip_first=False)
        position += 1
    return found


def _antecedents(row: ItemRow, story: list[ItemRow]) -> list[ItemRow]:
    """For a match that cannot be read alone, the sentences before it that it follows."""
    by_position = {other.position: other for other in story}
    found: list[ItemRow] = []
    current = row
    while needs_its_story(current.text) and len(found) < _REACH:
        before = by_position.get(current.position - 1)
        if before is None:
            break
        found.append(before)
        current = before
    return found


def _is_caveat(row: ItemRow) -> bool:
    """The outlet's own note on its story: not verified, or no evidence given."""
    return bool(_CAVEATS & set(row.signals)) and not {"claim", "denial"} & set(row.signals)


def _is_claim(row: ItemRow) -> bool:
    return "claim" in row.signals and "denial" not in row.signals


def _related(row: ItemRow, seed: bool, loader: _Loader) -> list[tuple[ItemRow, str]]:
    """The items that come with ``row``, and why: its linked claims and denials, its
    story's caveats, a denial in its story by another party (for a claim), and, for a
    match, the sentences of its story that continue it or that it follows."""
    found: list[tuple[ItemRow, str]] = []
    for other_id in loader.linked(row.id):
        other = loader.rows.get(other_id)
        if other is not None:
            denies = "denial" in row.signals and "denial" not in other.signals
            found.append((other, "claim" if denies else "denial"))
    story = loader.story(row)
    if seed:
        found += [(other, "story") for other in _antecedents(row, story)]
        common = loader.common_terms(row.bulletin_id)
        found += [(other, "story") for other in _continuations(row, story, common)]
    if _is_claim(row) and row.attributed_to:
        found += [
            (other, "story_denial")
            for other in story
            if "denial" in other.signals
            and not same_party(other.attributed_to or "", row.attributed_to)
            and other.id != row.id
        ]
    if not _is_caveat(row):
        found += [(other, "caveat") for other in story if other.id != row.id and _is_caveat(other)]
    return found


def _gather(
    loader: _Loader,
    seeds: list[tuple[ItemRow, int]],
    *,
    stories: bool = True,
    matches: set[int] | frozenset[int] = frozenset(),
) -> dict[int, list[tuple[ItemRow, str | None]]]:
    """For each group (the rank of its match), the seed and everything that comes with it,
    gathered until nothing more comes (a claim never without its denial). A match among
    ``matches`` that comes brings its story as a seed does."""
    members: dict[int, dict[int, tuple[ItemRow, str | None]]] = {}
    frontier: list[tuple[int, ItemRow, bool]] = []
    for row, group in seeds:
        members.setdefault(group, {})[row.id] = (row, None)
        frontier.append((group, row, stories))
    while frontier:
        loader.prefetch([row for _, row, _ in frontier])
        following: list[tuple[int, ItemRow, bool]] = []
        for group, row, seed in frontier:
            for other, reason in _related(row, seed, loader):
                if other.id not in members[group]:
                    members[group][other.id] = (other, reason)
                    following.append((group, other, other.id in matches))
        frontier = following
    return {group: list(found.values()) for group, found in members.items()}


def _with_context(
    db: Database, statements: list[_Statement], matching: set[int]
) -> list[AnswerItem]:
    """The matches in rank order, each followed by its context (see the module docstring);
    an item that comes with several matches is listed once, with the best of them, and a
    sentence of a story in words already listed (a page repeating a paragraph) is not
    listed again, unless a claim or denial is linked to it."""
    loader = _Loader(db)
    gathered = _gather(loader, [(s.row, group) for group, s in enumerate(statements)])
    copies = {s.row.id: s.copies for s in statements}
    seen = {s.row.statement_key for s in statements}
    listed: dict[int, AnswerItem] = {}
    for group in sorted(gathered):
        seed, *context = gathered[group]
        context.sort(key=lambda pair: (pair[0].day, pair[0].bulletin_id, pair[0].position))
        for row, reason in [seed, *context]:
            if row.id in listed:
                continue
            if row is not seed[0] and row.id not in matching and not loader.linked(row.id):
                key = row.statement_key
                if key in seen:
                    continue
                seen.add(key)
            listed[row.id] = _item(row, group, loader.linked(row.id), copies, matching, reason)
    return list(listed.values())


def _item(
    row: ItemRow,
    group: int,
    disputes: list[int],
    copies: dict[int, list[str]],
    matching: set[int],
    reason: str | None,
) -> AnswerItem:
    matched = row.id in matching
    return AnswerItem(
        id=row.id,
        bulletin_id=row.bulletin_id,
        text=row.text,
        source=row.source,
        published=row.published,
        url=row.url,
        attributed_to=row.attributed_to,
        denied_by=second_party(row.text, row.attributed_to)
        if "claim" in row.signals and "denial" in row.signals
        else None,
        signals=row.signals,
        status=row.status,
        disputes=disputes,
        also_in=copies.get(row.id, []),
        matched=matched,
        context=None if matched else _why(row, disputes, reason),
        group=group,
        position=row.position,
        story=row.story,
    )


def _why(row: ItemRow, disputes: list[int], reason: str | None) -> str:
    """Why a context item is listed, by what it is: a denial, a claim a denial answers, a
    caveat, else a sentence of the story."""
    if "denial" in row.signals:
        return "denial" if disputes or reason == "denial" else "story_denial"
    if disputes:
        return "claim"
    if _is_caveat(row):
        return "caveat"
    return reason if reason in {"denial", "claim"} else "story"


def complete_links(db: Database, items: list[AnswerItem], matching: set[int]) -> list[AnswerItem]:
    """Whatever links ``items`` hold (``disputes``, set here or by a cross-bulletin linker)
    are honoured: links are made mutual; a linked claim or denial missing from the list is
    brought, with its story's caveats, to the group of the item that links to it; an item
    with no group (added by a linker) joins the group of an item it is linked with and
    brings its caveats; and the items are put in group order."""
    by_id = {item.id: item for item in items}
    pending = [item for item in items if item.group is None]
    for _ in range(_REACH):
        for item in items:
            for other in item.disputes:
                if other in by_id and item.id not in by_id[other].disputes:
                    by_id[other].disputes.append(item.id)
        for item in items:
            if item.group is None:
                partners = [by_id[d].group for d in item.disputes if d in by_id]
                item.group = min((g for g in partners if g is not None), default=None)
        pending += [i for i in items if any(d not in by_id for d in i.disputes)]
        if not pending:
            break
        loader = _Loader(db, extra_links={i.id: list(i.disputes) for i in items})
        rows = {
            row.id: row for row in search.items_by_id(db, [i.id for i in pending], retracted=False)
        }
        seeds = [(rows[i.id], -1 if i.group is None else i.group) for i in pending if i.id in rows]
        added = []
        for group, found in _gather(loader, seeds, stories=False, matches=matching).items():
            for row, reason in found:
                if row.id not in by_id:
                    item = _item(row, group, loader.linked(row.id), {}, matching, reason)
                    item.group = None if group < 0 else group
                    by_id[row.id] = item
                    added.append(item)
        items.extend(added)
        link_across(db, added)  # a claim brought here brings its denials in other bulletins
        pending = []
    for item in items:  # a link to an item that does not exist is dropped
        item.disputes = [d for d in item.disputes if d in by_id]
    last = max((i.group for i in items if i.group is not None), default=-1) + 1
    for item in items:
        if item.group is None:
            item.group = last
    # A claim and its denial listed with different matches: the later match's group joins
    # the earlier one, so that no limit lists one without the other.
    joined: dict[int, int] = {}

    def first(group: int) -> int:
        while joined.get(group, group) != group:
            group = joined[group]
        return group

    for item in items:
        for other in item.disputes:
            a, b = first(item.group), first(by_id[other].group)
            if a != b:
                joined[max(a, b)] = min(a, b)
    # Within a joined group, the earlier match's items come first, whatever brought them:
    # a larger limit only adds items after those a smaller one lists.
    before_joining = {item.id: item.group for item in items}
    for item in items:
        item.group = first(item.group)
    return sorted(items, key=lambda item: (item.group, before_joining[item.id]))


def suggest(db: Database, terms: tuple[str, ...], limit: int = 5) -> list[str]:
    """Names in the database that look like the topic, most common first, each in the
    spelling seen that is closest to the one typed."""
    vocabulary = search.name_vocabulary(db)
    if not vocabulary:
        return []
    spellings: dict[str, list[str]] = {}
    by_display: dict[str, str] = {}
    for key, display, _count in vocabulary:
        spellings.setdefault(key, []).append(display)
        by_display.setdefault(display.casefold(), display)
        parts = display.split()
        if len(parts) > 1:  # "Leonid Bazhenov": each word of a name can be looked up alone
            for part in parts:
                spellings.setdefault(name_key(part), []).append(part)
                by_display.setdefault(part.casefold(), part)
    found: dict[str, str] = {}  # one spelling per name: Kharkiv, not also Kharkiv's, Kharkov
    for term in terms:
        typed = term.casefold()
        for key in difflib.get_close_matches(name_key(term), list(spellings), n=limit, cutoff=0.7):
            closest = max(
                spellings[key],
                key=lambda d: difflib.SequenceMatcher(None, typed, d.casefold()).ratio(),
            )
            found.setdefault(_spelling_key(closest), closest)
        for display in difflib.get_close_matches(typed, list(by_display), n=limit, cutoff=0.7):
            found.setdefault(_spelling_key(by_display[display]), by_display[display])
    return list(found.values())[:limit]


def _spelling_key(display: str) -> str:
    """What two spellings of one name share ("Kharkiv", "Kharkiv's", "Kharkov")."""
    return " ".join(name_key(word) for word in words(display))
