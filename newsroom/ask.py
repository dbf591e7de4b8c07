"""Answering "what is known about TOPIC" from the store."""

from __future__ import annotations

import difflib
from datetime import UTC, datetime, timedelta

from sqlite_utils import Database

from newsroom.answer import Answer, AnswerItem, build_answer
from newsroom.errors import UserError
from newsroom.names import name_key
from newsroom.query import build_query
from newsroom.text.stories import opens_continuation
from store import search
from store.bulletins import content_hash, day_number
from store.search import ItemRow

DEFAULT_LIMIT = 20
MAX_LIMIT = 200
_OVERFETCH = 20


def ask(
    db: Database,
    topic: str,
    *,
    limit: int = DEFAULT_LIMIT,
    days: int | None = None,
    now: datetime | None = None,
) -> Answer:
    """Search, gather each match's story companions, collapse re-publications, summarise."""
    if not 1 <= limit <= MAX_LIMIT:
        raise UserError(f"--limit must be between 1 and {MAX_LIMIT}, not {limit}.")
    if days is not None and days < 1:
        raise UserError(f"--days must be 1 or more, not {days}.")
    query = build_query(topic)
    since = day_number((now or datetime.now(UTC)) - timedelta(days=days)) if days else None
    total, matches = search.search_items(db, query.fts, limit=limit + _OVERFETCH, since_day=since)
    if not matches:
        return build_answer(query.topic, 0, [], suggest(db, query.terms))
    items = _with_companions(db, _collapse_copies(db, matches), limit)
    return build_answer(query.topic, total, items, [])


def _collapse_copies(db: Database, rows: list[ItemRow]) -> list[tuple[ItemRow, list[str]]]:
    """One entry per distinct text; the sources of re-publications come along."""
    copies = search.copies_of(db, list({r.bulletin_id for r in rows}))
    kept: dict[str, tuple[ItemRow, list[str]]] = {}
    for row in rows:
        key = content_hash(row.text)
        if key in kept:
            first, sources = kept[key]
            if row.source != first.source and row.source not in sources:
                sources.append(row.source)
            continue
        kept[key] = (row, [s for s in copies.get(row.bulletin_id, []) if s != row.source])
    return list(kept.values())


def _with_companions(
    db: Database, matches: list[tuple[ItemRow, list[str]]], limit: int
) -> list[AnswerItem]:
    """Matches in rank order, each followed by the items of its story that bear on it:
    the claims and denials linked to it, and a next sentence that continues it."""
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
        for companion in sorted(companions, key=lambda c: (c.bulletin_id, c.position)):
            if len(listed) < limit and companion.id not in listed:
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
    """Names in the database that look like the topic, most common first."""
    vocabulary = search.name_vocabulary(db)
    if not vocabulary:
        return []
    by_key: dict[str, str] = {}
    by_display: dict[str, str] = {}
    for key, display, _count in vocabulary:
        by_key.setdefault(key, display)
        by_display.setdefault(display.casefold(), display)
    found: list[str] = []
    for term in terms:
        for key in difflib.get_close_matches(name_key(term), list(by_key), n=limit, cutoff=0.7):
            found.append(by_key[key])
        for display in difflib.get_close_matches(
            term.casefold(), list(by_display), n=limit, cutoff=0.7
        ):
            found.append(by_display[display])
    return list(dict.fromkeys(found))[:limit]
