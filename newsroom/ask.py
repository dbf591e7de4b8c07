"""Answering "what is known about TOPIC" from the store."""

from __future__ import annotations

import difflib
from datetime import UTC, datetime, timedelta

from sqlite_utils import Database

from newsroom.answer import Answer, AnswerItem, build_answer
from newsroom.corroboration import corroborate
from newsroom.errors import UserError
from newsroom.names import name_key
from newsroom.query import build_query
from newsroom.text.stories import opens_continuation
from newsroom.text.wording import shared_wording
from newsroom.verdicts import current_verdicts
from store import search
from store.bulletins import content_hash, day_number
from store.search import ItemRow

DEFAULT_LIMIT = 20
MAX_LIMIT = 200
_OVERFETCH = 20
_SAME_STATEMENT = 0.8


def ask(
    db: Database,
    topic: str,
    *,
    limit: int = DEFAULT_LIMIT,
    days: int | None = None,
    now: datetime | None = None,
    window: tuple[datetime, datetime] | None = None,
) -> Answer:
    """Search, gather each match's story companions, collapse re-publications, summarise.

    ``days`` keeps the last N days before ``now``; ``window`` (start, end) keeps a span.
    """
    if not 1 <= limit <= MAX_LIMIT:
        raise UserError(f"--limit must be between 1 and {MAX_LIMIT}, not {limit}.")
    if days is not None and days < 1:
        raise UserError(f"--days must be 1 or more, not {days}.")
    query = build_query(topic)
    now = now or datetime.now(UTC)
    since, until = (
        (day_number(now - timedelta(days=days)), day_number(now)) if days else (None, None)
    )
    if window:
        since, until = day_number(window[0]), day_number(window[1])
    found = search.search_items(
        db, query, limit=limit + _OVERFETCH, since_day=since, until_day=until
    )
    if not found.rows:
        return build_answer(query.topic, 0, [], suggest(db, query.terms))
    items = _with_companions(db, _collapse_copies(db, found.rows), limit)
    corroborate(db, items)
    apply_verdicts(db, items)
    return build_answer(query.topic, found.total, items, [], total_is_exact=found.total_is_exact)


def apply_verdicts(db: Database, items: list[AnswerItem]) -> None:
    """An editor's verdict outranks the status read from the text."""
    verdicts = current_verdicts(db, [item.id for item in items])
    for item in items:
        item.text_status = item.status
        verdict = verdicts.get(item.id)
        if verdict:
            item.verdict = verdict
            item.status = verdict.status


def _collapse_copies(db: Database, rows: list[ItemRow]) -> list[tuple[ItemRow, list[str]]]:
    """One entry per statement, at the rank of its best match, with the sources of its copies.

    Copies are the same text, or nearly the same text within one re-published story (a wire
    item under another outlet's dateline). The first publication is the one listed.
    """
    groups: list[list[ItemRow]] = []
    by_text: dict[str, list[ItemRow]] = {}
    by_story: dict[int, list[list[ItemRow]]] = {}
    for row in rows:
        key = content_hash(row.text)
        story = row.duplicate_of or row.bulletin_id
        group = by_text.get(key) or next(
            (
                g
                for g in by_story.get(story, [])
                if any(
                    (other.duplicate_of or other.bulletin_id) == story
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
        collapsed.append((row, [s for s in dict.fromkeys(sources) if s != row.source]))
    return collapsed


def _with_companions(
    db: Database, matches: list[tuple[ItemRow, list[str]]], limit: int
) -> list[AnswerItem]:
    """Matches in rank order, each followed by the items of its story that bear on it:
    the claims and denials linked to it, and a next sentence that continues it. ``limit``
    caps the items listed, except that linked claims and denials always come together."""
    listed: dict[int, AnswerItem] = {}
    seen_texts: set[str] = set()
    links = search.linked_items(db, [row.id for row, _ in matches])
    for row, copies in matches:
        if len(listed) >= limit:
            break
        _add(listed, seen_texts, row, copies, links.get(row.id, []), matched=True)
        companions = search.items_by_id(db, [i for i in links.get(row.id, []) if i not in listed])
        following = search.next_in_story(db, row)
        if following and opens_continuation(following.text):
            companions.append(following)
        companion_links = search.linked_items(db, [c.id for c in companions])
        linked = set(links.get(row.id, []))
        for companion in sorted(companions, key=lambda c: (c.bulletin_id, c.position)):
            # A claim never goes without its denial (nor a denial without its claim), even
            # past the limit; a continuing sentence only comes when there is room.
            if companion.id not in listed and (len(listed) < limit or companion.id in linked):
                _add(
                    listed,
                    seen_texts,
                    companion,
                    [],
                    companion_links.get(companion.id, []),
                    matched=False,
                )
    return list(listed.values())


def _add(
    listed: dict[int, AnswerItem],
    seen_texts: set[str],
    row: ItemRow,
    copies: list[str],
    disputes: list[int],
    *,
    matched: bool,
) -> None:
    if row.id in listed:  # listed as a companion first, and a match in its own right
        listed[row.id].matched = listed[row.id].matched or matched
        return
    key = content_hash(row.text)
    if key in seen_texts:
        return
    seen_texts.add(key)
    listed[row.id] = AnswerItem(
        id=row.id,
        bulletin_id=row.bulletin_id,
        text=row.text,
        source=row.source,
        published=row.published,
        url=row.url,
        attributed_to=row.attributed_to,
        signals=row.signals,
        status=row.status,
        disputes=disputes,
        also_in=copies,
        matched=matched,
    )


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
    found: list[str] = []
    for term in terms:
        typed = term.casefold()
        for key in difflib.get_close_matches(name_key(term), list(spellings), n=limit, cutoff=0.7):
            found.append(
                max(
                    spellings[key],
                    key=lambda d: difflib.SequenceMatcher(None, typed, d.casefold()).ratio(),
                )
            )
        for display in difflib.get_close_matches(typed, list(by_display), n=limit, cutoff=0.7):
            found.append(by_display[display])
    return list(dict.fromkeys(found))[:limit]
