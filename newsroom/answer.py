"""The answer to "what is known about TOPIC": its model, its headline and its summary."""

from __future__ import annotations

from collections import Counter
from datetime import datetime

from pydantic import BaseModel, Field

from newsroom import summary
from newsroom.models import Signal

STATUS_ORDER = ("disputed", "unverified", "claimed", "corroborated", "reported")


class AnswerItem(BaseModel):
    """One item in an answer, with where it came from."""

    id: int
    bulletin_id: int
    text: str
    source: str
    published: datetime | None
    url: str | None
    attributed_to: str | None
    signals: list[Signal]
    status: str
    disputes: list[int] = Field(default_factory=list, exclude=True)
    also_in: list[str] = Field(default_factory=list, exclude=True)
    matched: bool = Field(default=True, exclude=True)


class SummarySentence(BaseModel):
    """A sentence of the summary, quoted verbatim from an item."""

    text: str
    item_id: int
    source: str
    published: datetime | None


class Answer(BaseModel):
    """Everything known about a topic; the JSON output is ``model_dump(mode="json")``."""

    topic: str
    total: int
    headline: str
    summary: list[SummarySentence]
    items: list[AnswerItem]
    suggestions: list[str] = Field(default_factory=list, exclude=True)


def build_answer(topic: str, total: int, items: list[AnswerItem], suggestions: list[str]) -> Answer:
    """Headline and summary for the listed items."""
    if not items:
        return Answer(
            topic=topic,
            total=0,
            headline=f"Nothing found about {topic}.",
            summary=[],
            items=[],
            suggestions=suggestions,
        )
    return Answer(
        topic=topic,
        total=total,
        headline=headline(items),
        summary=summarise(items),
        items=items,
    )


def summarise(items: list[AnswerItem]) -> list[SummarySentence]:
    """2 to 5 quoted sentences, central and varied, claims with their denials, in time order."""
    index = {item.id: n for n, item in enumerate(items)}
    links = [[index[d] for d in item.disputes if d in index] for item in items]
    rank = [1.0 - n / len(items) if item.matched else 0.0 for n, item in enumerate(items)]
    chosen = summary.choose([i.text for i in items], links, rank)
    picked = sorted((items[n] for n in chosen), key=_time_order)
    return [
        SummarySentence(text=i.text, item_id=i.id, source=i.source, published=i.published)
        for i in picked
    ]


def _time_order(item: AnswerItem) -> tuple:
    return (item.published is None, item.published or datetime.min, item.bulletin_id, item.id)


def headline(items: list[AnswerItem]) -> str:
    """The state of play in one line: disputes first, then what is unverified or claimed."""
    statuses = Counter(item.status for item in items)
    by_id = {item.id: item for item in items}
    tally = ", ".join(f"{statuses[s]} {s}" for s in STATUS_ORDER if statuses[s])
    noun = "item" if len(items) == 1 else "items"
    counts = f"({len(items)} {noun}: {tally})"
    for item in items:
        if item.status == "disputed" and "denial" not in item.signals and item.attributed_to:
            deniers = [by_id[d].attributed_to for d in item.disputes if d in by_id]
            denier = next((d for d in deniers if d), None)
            if denier:
                return f"Disputed: a claim by {item.attributed_to} is denied by {denier}. {counts}"
            return f"Disputed: a claim by {item.attributed_to} is contested. {counts}"
    if statuses["disputed"]:
        return f"Disputed: denials are on record. {counts}"
    if statuses["unverified"] and statuses["unverified"] >= len(items) / 2:
        return f"Unverified: most reports are hedged or not independently verified. {counts}"
    if statuses["claimed"]:
        parties = list(dict.fromkeys(i.attributed_to for i in items if i.status == "claimed"))
        shown = ", ".join(p for p in parties[:3] if p)
        more = f" and {len(parties) - 3} more" if len(parties) > 3 else ""
        return f"Claimed, not confirmed: statements credited to {shown}{more}. {counts}"
    sources = list(dict.fromkeys(i.source for i in items))
    return f"Reported by {', '.join(sources[:3])}; no claims or denials on record. {counts}"
