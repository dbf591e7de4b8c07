"""The answer to "what is known about TOPIC": its model, its headline and its summary."""

from __future__ import annotations

from collections import Counter
from datetime import datetime

from pydantic import BaseModel, Field

from newsroom import summary
from newsroom.models import Signal
from newsroom.verdicts import Verdict

STATUS_ORDER = (
    "false",
    "verified",
    "disputed",
    "unverified",
    "claimed",
    "corroborated",
    "reported",
)


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
    independent_sources: int = 1
    verdict: Verdict | None = None
    text_status: str = Field(default="", exclude=True)
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
    total_is_exact: bool = True
    """False when there were too many matches to count: ``total`` is then a lower bound."""
    headline: str
    summary: list[SummarySentence]
    items: list[AnswerItem]
    suggestions: list[str] = Field(default_factory=list, exclude=True)

    def count_line(self) -> str:
        """ "20 of 143 matching items shown", "20 of more than 10,000 ...", "3 matching items"."""
        shown = len(self.items)
        total = f"{self.total:,}" if self.total_is_exact else f"more than {self.total:,}"
        if self.total > shown or not self.total_is_exact:
            return f"{shown} of {total} matching items shown"
        return f"{total} matching item{'s' if self.total != 1 else ''}"


def build_answer(
    topic: str,
    total: int,
    items: list[AnswerItem],
    suggestions: list[str],
    *,
    total_is_exact: bool = True,
) -> Answer:
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
        total_is_exact=total_is_exact,
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


def _desk_verdicts(items: list[AnswerItem]) -> str | None:
    """The desk's own verdicts, which lead the headline: false first, then challenges."""
    judged = [i for i in items if i.verdict]
    if not judged:
        return None
    false = [i for i in judged if i.verdict.status == "false"]
    challenged = [i for i in judged if i.verdict.status == "verified" and i.verdict.challenged_by]
    verified = [i for i in judged if i.verdict.status == "verified" and not i.verdict.challenged_by]
    parts = []
    if false:
        who = next((i.attributed_to for i in false if i.attributed_to), None)
        parts.append(
            f"Marked false by the desk: {_count(false)}" + (f" credited to {who}" if who else "")
        )
    if challenged:
        source = challenged[0].verdict.challenged_by[0].source
        parts.append(f"verified by the desk but challenged by {source}: {_count(challenged)}")
    if verified:
        parts.append(f"verified by the desk: {_count(verified)}")
    disputed = [i for i in judged if i.verdict.status == "disputed"]
    if disputed:
        parts.append(f"disputed by the desk: {_count(disputed)}")
    text = "; ".join(parts)
    return text[0].upper() + text[1:] + "."


def _count(items: list[AnswerItem]) -> str:
    return "1 statement" if len(items) == 1 else f"{len(items)} statements"


def headline(items: list[AnswerItem]) -> str:
    """The state of play in one line: the desk's verdicts first, then disputes, then what
    is unverified or claimed, then the counts."""
    statuses = Counter(item.status for item in items)
    tally = ", ".join(f"{statuses[s]} {s}" for s in STATUS_ORDER if statuses[s])
    noun = "item" if len(items) == 1 else "items"
    counts = f"({len(items)} {noun}: {tally})"
    unjudged = [item for item in items if item.verdict is None]
    parts = [_desk_verdicts(items), _state_of_play(unjudged, items) if unjudged else None, counts]
    return " ".join(p for p in parts if p)


def _state_of_play(items: list[AnswerItem], everything: list[AnswerItem]) -> str:
    statuses = Counter(item.status for item in items)
    by_id = {item.id: item for item in everything}
    for item in items:
        if item.status == "disputed" and "denial" not in item.signals and item.attributed_to:
            deniers = [by_id[d].attributed_to for d in item.disputes if d in by_id]
            denier = next((d for d in deniers if d), None)
            if denier:
                return f"Disputed: a claim by {item.attributed_to} is denied by {denier}."
            return f"Disputed: a claim by {item.attributed_to} is contested."
    if statuses["disputed"]:
        return "Disputed: denials are on record."
    if statuses["unverified"] and statuses["unverified"] >= len(items) / 2:
        return "Unverified: most reports are hedged or not independently verified."
    if statuses["claimed"]:
        parties = list(dict.fromkeys(i.attributed_to for i in items if i.status == "claimed"))
        shown = ", ".join(p for p in parties[:3] if p)
        more = f" and {len(parties) - 3} more" if len(parties) > 3 else ""
        return f"Claimed, not confirmed: statements credited to {shown}{more}."
    sources = list(dict.fromkeys(i.source for i in items))
    return f"Reported by {', '.join(sources[:3])}; no claims or denials on record."
