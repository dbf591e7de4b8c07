"""The daily digest: the last 24 hours of conflict news, with verification status.

The digest due at time T on day D covers [T on D-1, T on D) in the desk's time zone. Its
topics are the names that recur most across the window's bulletins (never a fixed list),
each with the headline state of play and one or two quoted summary sentences; then the
window's counts, and the verdict changes, downgrades and challenges first.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from pydantic import BaseModel
from sqlite_utils import Database

from newsroom.answer import Answer, AnswerItem, SummarySentence
from newsroom.ask import ask
from newsroom.errors import UserError
from newsroom.local_time import due_date as due_date  # where callers have found it
from newsroom.local_time import due_instant
from store import digest as store
from store.bulletins import day_number
from store.search import active_names

TOPICS = 8
WINDOW_STATUSES = store.WINDOW_STATUSES
"""The statuses in a digest's counts, in the order it lists them."""
SUMMARY_SENTENCES = 2
_RANK = {
    "verified": 3,
    "disputed": 2,
    "reported": 1,
    "claimed": 1,
    "unverified": 1,
    "corroborated": 1,
    "false": 0,
    "cleared": 0,
}


class Window(BaseModel):
    """The span a digest covers, in UTC."""

    start: datetime
    end: datetime


class DigestTopic(BaseModel):
    """One topic of the digest."""

    topic: str
    headline: str
    summary: list[SummarySentence]
    counts: dict[str, int]


class Change(BaseModel):
    """A verdict change in the window, as the desk reads it: "was verified, now false"."""

    kind: str
    item_id: int
    text: str
    was: str
    now: str
    by: str
    at: datetime
    note: str | None = None
    source: str | None = None
    downgrade: bool


class Digest(BaseModel):
    """The digest; its JSON is ``model_dump(mode="json")``."""

    date: date
    window: Window
    counts: dict[str, int]
    topics: list[DigestTopic]
    changes: list[Change]


def window_for(day: date, clock: tuple[int, int], zone: str) -> Window:
    """[T on day-1, T on day) for the digest due at ``clock`` on ``day`` in ``zone`` (a
    time skipped by a clock change is reached at the change; see ``local_time``)."""
    return Window(
        start=due_instant(day - timedelta(days=1), clock, zone),
        end=due_instant(day, clock, zone),
    )


def build_digest(
    db: Database, day: date, *, clock: tuple[int, int] = (8, 0), zone: str = "UTC"
) -> Digest:
    """The digest due on ``day`` at ``clock`` in ``zone``."""
    window = window_for(day, clock, zone)
    span = (window.start, window.end)
    names = _active_names(db, window)
    topics = [_topic(name, answer) for name, answer in _one_name_per_story(db, names, span)]
    return Digest(
        date=day,
        window=window,
        counts=store.window_counts(db, *span),
        topics=topics,
        changes=_changes(db, *span),
    )


def _active_names(db: Database, window: Window) -> list[tuple[str, int]]:
    """The window's most active names. The rule that leaves out names in too many of the
    window's items (the parties to a war, named all over one long page) only drops a name
    seen in a single bulletin: a name that recurs across bulletins is a story, even on a quiet
    day when that story fills most of the window's items."""
    span = {"since_day": day_number(window.start), "until_day": day_number(window.end)}
    kept = {name for name, _ in active_names(db, **span, limit=TOPICS * 2)}
    every = active_names(db, **span, limit=TOPICS * 2, too_common_items=1.0)
    return [(name, count) for name, count in every if name in kept or count > 1]


def _one_name_per_story(
    db: Database, names: list[tuple[str, int]], span: tuple[datetime, datetime]
) -> list[tuple[str, Answer]]:
    """The active names, one per story: names whose answers mostly share items (Luhansk and
    Lysychansk in one report) are one topic, in the order of the group's most active name."""
    groups: list[list[tuple[str, Answer]]] = []
    bulletins: dict[int, int] = {}
    for name, count in names:
        try:
            answer = ask(db, name, window=span, limit=20)
        except UserError:
            continue
        shown = _matching(answer)
        if not shown:
            continue
        for group in groups:
            other = _matching(group[0][1])
            if len(shown & other) > min(len(shown), len(other)) / 2:
                group.append((name, answer))
                break
        else:
            bulletins[len(groups)] = count
            groups.append([(name, answer)])
    # As active as each other, a story with a dispute or a desk verdict comes first.
    order = sorted(
        range(len(groups)),
        key=lambda n: (-bulletins[n], not any(_contested(a) for _, a in groups[n]), n),
    )
    firsts = [_matching(group[0][1]) for group in groups]
    return [
        _most_specific_in_lede(groups[n], set().union(*firsts[:n], *firsts[n + 1 :]), dict(names))
        for n in order[:TOPICS]
    ]


def _matching(answer: Answer) -> set[int]:
    """The statements an answer found, with the claims and denials linked to them (not the
    rest of their stories, which another topic's answer may list as context)."""
    return {item.id for item in answer.items if item.matched or item.context in {"claim", "denial"}}


def _contested(answer: Answer) -> bool:
    return any(item.status in {"disputed", "false"} or item.verdict for item in answer.items)


def _most_specific_in_lede(
    group: list[tuple[str, Answer]], elsewhere: set[int], bulletins: dict[str, int]
) -> tuple[str, Answer]:
    """Of the names of one story, one its first sentence names: first one whose answer
    stays within this story (not the region or a party, also named in the other topics'
    stories), then one that recurs across bulletins (not a bystander named once, "the
    ministry in Moscow said", whose answer would leave out the rest of the story), then the
    fewest matches ("Lysychansk" rather than "Luhansk")."""
    lede = min(item.id for _, answer in group for item in answer.items if item.matched)
    in_lede = [pair for pair in group if any(i.id == lede and i.matched for i in pair[1].items)]

    def specificity(pair: tuple[str, Answer]) -> tuple[bool, bool, int, int]:
        name, answer = pair
        strays = bool(_matching(answer) & elsewhere)
        # Past the count limit totals tie; the window's bulletin count still tells.
        return strays, bulletins.get(name, 0) < 2, answer.total, bulletins.get(name, 0)

    return min(in_lede or group, key=specificity)


def _topic(name: str, answer: Answer) -> DigestTopic:
    """The topic's counts are those of its headline: its matching statements, by status
    (``items`` counts them; the context listed with them is not counted)."""
    matching = [item for item in answer.items if item.matched]
    counts: dict[str, int] = {"items": len(matching)}
    for item in matching:
        counts[item.status] = counts.get(item.status, 0) + 1
    return DigestTopic(
        topic=name,
        headline=answer.headline,
        summary=_pick_summary(answer.summary, answer.items),
        counts=counts,
    )


def _pick_summary(summary: list[SummarySentence], items: list[AnswerItem]) -> list[SummarySentence]:
    """One or two quoted sentences: first the statement the headline is about (a matching
    one the desk has judged, else a matching disputed claim), then the summary's first
    sentences; never a claim
    without its denial: a chosen sentence's linked items come along even past the usual two."""
    by_id = {item.id: item for item in items}
    quotes = {s.item_id: s for s in summary}
    for item in items:
        quotes.setdefault(
            item.id,
            SummarySentence(
                text=item.text, item_id=item.id, source=item.source, published=item.published
            ),
        )
    # The headline is about the matching statements: a dispute that only comes along as
    # context (a claim in the story of a match) is not what it says, so not what is quoted.
    matching = [i for i in items if i.matched]
    disputed = [i for i in matching if i.status == "disputed" and i.disputes]
    claims = [i for i in disputed if "denial" not in i.signals]
    focus = next((i for i in matching if i.verdict), None) or next(iter(claims + disputed), None)
    chosen: list[int] = []
    for item_id in [*([focus.id] if focus else []), *(s.item_id for s in summary)]:
        if len(chosen) >= SUMMARY_SENTENCES:
            break
        if item_id in chosen:
            continue
        chosen.append(item_id)
        linked = by_id[item_id].disputes if item_id in by_id else []
        chosen += [d for d in linked if d in quotes and d not in chosen]
    return sorted((quotes[i] for i in chosen), key=_time_order)


def _time_order(sentence: SummarySentence) -> tuple:
    published = sentence.published
    return (published is None, published or datetime.min.replace(tzinfo=UTC), sentence.item_id)


def _changes(db: Database, start: datetime, end: datetime) -> list[Change]:
    changes = [
        Change(
            kind=row.kind,
            item_id=row.item_id,
            text=row.text,
            was=row.old_status,
            now=row.new_status,
            by=row.by,
            at=datetime.fromisoformat(row.at),
            note=row.note,
            source=row.source,
            downgrade=row.kind == "challenge"
            or _RANK.get(row.new_status, 1) < _RANK.get(row.old_status, 1),
        )
        for row in store.verdict_changes(db, start, end)
    ]
    return sorted(changes, key=lambda c: (not c.downgrade, c.at))
