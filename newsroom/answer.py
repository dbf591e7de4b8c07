"""The answer to "what is known about TOPIC": its model, its headline and its summary."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
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


CONTEXT_LABELS = {
    "denial": "denial of a listed claim",
    "story_denial": "denial in the same story, linked to no listed claim",
    "claim": "claim a listed denial answers",
    "caveat": "caveat of the story",
    "story": "same story",
}
"""Why an item that does not match the topic is listed (its ``context``), as shown."""


class AnswerItem(BaseModel):
    """One item in an answer, with where it came from."""

    id: int
    bulletin_id: int
    text: str
    source: str
    published: datetime | None
    url: str | None
    attributed_to: str | None
    denied_by: str | None = None
    """In a sentence that holds a claim and its denial by another party ("Kyiv says the dam
    was mined, a claim Moscow denies"): the denier; ``attributed_to`` is the claimant."""
    signals: list[Signal]
    status: str
    independent_sources: int = 1
    corroborated_by: list[str] = Field(default_factory=list)
    """The other independent sources that report it (see :mod:`newsroom.corroboration`):
    outlets reporting on their own authority ("Dnipro Dispatch"), and parties an outlet
    credits ("Meridian Wire (Vitaliy Horbenko)"); empty for an item nobody else reports."""
    verdict: Verdict | None = None
    matched: bool = True
    """True for a matching statement (it matches the topic); False for context."""
    context: str | None = None
    """Why an item that does not match is listed (a key of :data:`CONTEXT_LABELS`):
    ``denial`` (it denies a listed claim), ``story_denial`` (a denial of the story linked to
    no listed claim), ``claim`` (the claim a listed denial answers),
    ``caveat`` (a not-verified or no-evidence note of a listed item's story), ``story`` (a
    sentence of a match's story that continues it, or that it continues). None for a match."""
    text_status: str = Field(default="", exclude=True)
    disputes: list[int] = Field(default_factory=list, exclude=True)
    also_in: list[str] = Field(default_factory=list, exclude=True)
    group: int | None = Field(default=None, exclude=True)
    """The rank (0 = best) of the match this item is listed with; None when unknown."""
    position: int = Field(default=-1, exclude=True)
    """The item's place in its bulletin (-1 when unknown)."""
    story: int = Field(default=-1, exclude=True)
    """The item's story in its bulletin (-1 when unknown)."""

    def context_label(self) -> str:
        """ "match", or "context: ..." saying why it is listed."""
        if self.matched:
            return "match"
        return f"context: {CONTEXT_LABELS.get(self.context or '', 'same story')}"


class SummarySentence(BaseModel):
    """A sentence of the summary, quoted verbatim from an item."""

    text: str
    item_id: int
    source: str
    published: datetime | None


class Answer(BaseModel):
    """Everything known about a topic; the JSON output is ``model_dump(mode="json")``.

    Counts (the same on every surface): ``total`` counts the **matching statements**, the
    items that match the topic, a statement re-published by other outlets counted once,
    whatever ``--limit``. The items listed are matching statements, each followed by its
    **context** (``matched`` False): its denials, the claims it denies, its story's caveats
    and the sentences of its story that continue it. The headline's counts describe the
    statements it and the summary are about (the best :data:`SUMMARISED` matches and their
    context), so they never change with ``--limit``.
    """

    topic: str
    total: int
    total_is_exact: bool = True
    """False when there were too many matches to count: ``total`` is then a lower bound."""
    headline: str
    summary: list[SummarySentence]
    items: list[AnswerItem]
    suggestions: list[str] = Field(default_factory=list, exclude=True)
    elsewhere: int = Field(default=0, exclude=True)
    """When a window of dates (``--days``) found nothing: the matching statements at other
    dates (up to the count limit), so that "nothing found" is not read as "nothing known"."""

    def nothing_found(self) -> str:
        """What an answer with no items says first: nothing found, and, when the topic is
        known at dates other than those asked, how often (then there are no suggestions)."""
        if self.elsewhere:
            return (
                f"Nothing found about “{self.topic}” in the dates asked; "
                f"{_statements(self.elsewhere)} at other dates (leave out --days for all)."
            )
        return f"Nothing found about “{self.topic}”."

    def count_line(self, shown: Sequence[AnswerItem] | None = None) -> str:
        """The footer, for the items shown (all by default): "8 matching statements",
        "8 matching statements, 4 more shown as context", "20 of 143 matching statements
        shown, 6 more shown as context", "20 of more than 10,000 matching statements shown"."""
        shown = self.items if shown is None else shown
        matching = sum(1 for item in shown if item.matched)
        context = len(shown) - matching
        if self.total_is_exact and matching >= self.total:
            line = _statements(self.total)
        else:
            total = f"{self.total:,}" if self.total_is_exact else f"more than {self.total:,}"
            line = f"{matching:,} of {total} matching statements shown"
        if context:
            line += f", {context:,} more shown as context"
        return line

    def fit(self, room: int) -> list[AnswerItem]:
        """The first items, at most ``room``: cut between matches (a match keeps its
        context) and never between a claim and its denial, when such a cut exists."""
        items = self.items
        if room >= len(items):
            return list(items)
        listed = {item.id for item in items}

        def split_link(cut: int) -> bool:
            kept = {item.id for item in items[:cut]}
            return any(d in listed and d not in kept for i in items[:cut] for d in i.disputes)

        def split_group(cut: int) -> bool:
            return items[cut].group is not None and items[cut].group == items[cut - 1].group

        for rules in ((split_group, split_link), (split_link,)):
            cut = room
            while cut > 0 and any(rule(cut) for rule in rules):
                cut -= 1
            if cut:
                return items[:cut]
        return items[:room]


SUMMARISED = 20
"""How many of the best matches the headline and the summary are about, whatever the limit."""


def _statements(count: int) -> str:
    return f"{count:,} matching statement{'' if count == 1 else 's'}"


def build_answer(
    topic: str,
    total: int,
    items: list[AnswerItem],
    suggestions: list[str],
    *,
    total_is_exact: bool = True,
    summarised: list[AnswerItem] | None = None,
) -> Answer:
    """Headline and summary of ``summarised`` (by default the listed items)."""
    if not items:
        return Answer(
            topic=topic,
            total=0,
            headline=f"Nothing found about {topic}.",
            summary=[],
            items=[],
            suggestions=suggestions,
        )
    summarised = items if summarised is None else summarised
    return Answer(
        topic=topic,
        total=total,
        total_is_exact=total_is_exact,
        headline=headline(summarised, total, total_is_exact=total_is_exact),
        summary=summarise(summarised),
        items=items,
    )


def summarise(items: list[AnswerItem]) -> list[SummarySentence]:
    """2 to 5 quoted sentences, central and varied, claims with their denials, in time order.

    A sentence that needs its story ("He said ...", "Kiev has not commented on the
    incident.") is quoted only after the sentence of its story it follows (or the claim it
    answers), so the summary never opens with one, nor quotes one out of its story.
    """
    index = {item.id: n for n, item in enumerate(items)}
    links = [[index[d] for d in item.disputes if d in index] for item in items]
    rank = [1.0 - n / len(items) if item.matched else 0.0 for n, item in enumerate(items)]
    requires = [_antecedent(n, items, links) for n in range(len(items))]
    chosen = summary.choose([i.text for i in items], links, rank, requires=requires)
    picked = sorted((items[n] for n in chosen), key=_time_order)
    return [
        SummarySentence(text=i.text, item_id=i.id, source=i.source, published=i.published)
        for i in picked
    ]


def _antecedent(n: int, items: list[AnswerItem], links: list[list[int]]) -> list[int] | None:
    """What item ``n`` needs quoted before it: [] for a sentence that stands alone; for one
    that needs its story, the claim it answers (of its story, else an earlier one linked to
    it), else the sentence right before it in its story; None when that is not among the
    items (it cannot be quoted)."""
    item = items[n]
    if not summary.needs_its_story(item.text):
        return []
    known = item.position >= 0
    answered_elsewhere = [
        m
        for m in links[n]
        if items[m].bulletin_id != item.bulletin_id and _time_order(items[m]) < _time_order(item)
    ]
    earlier = [
        m
        for m, other in enumerate(items)
        if m != n
        and other.bulletin_id == item.bulletin_id
        and other.story == item.story
        and (other.position < item.position if known else other.id < item.id)
    ]
    answered = [m for m in links[n] if m in earlier]
    if answered:
        return [max(answered, key=lambda m: (items[m].position, items[m].id))]
    if answered_elsewhere:
        return [max(answered_elsewhere, key=lambda m: _time_order(items[m]))]
    before = [m for m in earlier if known and items[m].position == item.position - 1]
    return before or None


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


def headline(
    items: list[AnswerItem], total: int | None = None, *, total_is_exact: bool = True
) -> str:
    """The state of play in one line: the desk's verdicts first, then disputes, then what
    is unverified or claimed, then the counts of the matching statements it is about
    ("(8 matching statements: 2 disputed, 6 claimed)", or "(20 of 143 ...)" when it is
    about the best 20 of 143). ``total`` defaults to the matching statements given."""
    matched = [item for item in items if item.matched] or items
    statuses = Counter(item.status for item in matched)
    tally = ", ".join(f"{statuses[s]} {s}" for s in STATUS_ORDER if statuses[s])
    total = len(matched) if total is None else total
    if total_is_exact and len(matched) >= total:
        counts = f"({_statements(len(matched))}: {tally})"
    else:
        of = f"{total:,}" if total_is_exact else f"more than {total:,}"
        counts = f"({len(matched):,} of {of} matching statements: {tally})"
    unjudged = [item for item in items if item.verdict is None]
    parts = [_desk_verdicts(items), _state_of_play(unjudged, items) if unjudged else None, counts]
    return " ".join(p for p in parts if p)


def same_party(a: str, b: str) -> bool:
    """ "Sedykh" and "Artyom Sedykh" are one party (an empty name is nobody's)."""
    a, b = a.casefold().strip(), b.casefold().strip()
    return bool(a and b) and (a in b or b in a)


def _denier(claim: AnswerItem, by_id: dict[int, AnswerItem]) -> str | None:
    """Who denies a claim: the party of a linked denial, never the claimant."""
    linked = [by_id[d] for d in claim.disputes if d in by_id]
    linked.sort(key=lambda other: "denial" not in other.signals)
    return next(
        (
            other.attributed_to
            for other in linked
            if other.attributed_to and not same_party(other.attributed_to, claim.attributed_to)
        ),
        None,
    )


def _state_of_play(items: list[AnswerItem], everything: list[AnswerItem]) -> str:
    """The state of play of the unjudged matching statements among ``items`` (their
    context only names who claims or denies: a topic's headline is about the topic)."""
    by_id = {item.id: item for item in everything}
    matched = [item for item in items if item.matched] or items
    ordered = matched
    for item in ordered:
        if item.denied_by and item.attributed_to and item.status == "disputed":
            return f"Disputed: a claim by {item.attributed_to} is denied by {item.denied_by}."
    claims = [i for i in ordered if i.status == "disputed" and "denial" not in i.signals]
    for claim in claims:
        if claim.attributed_to:
            denier = _denier(claim, by_id)
            if denier:
                return f"Disputed: a claim by {claim.attributed_to} is denied by {denier}."
    for denial in (
        i for i in ordered if i.status == "disputed" and "denial" in i.signals and not i.denied_by
    ):
        answered = [by_id[d] for d in denial.disputes if d in by_id]
        claimant = next((c.attributed_to for c in answered if c.attributed_to), None)
        if denial.attributed_to and claimant and not same_party(claimant, denial.attributed_to):
            return f"Disputed: a claim by {claimant} is denied by {denial.attributed_to}."
    if claims and claims[0].attributed_to:
        return f"Disputed: a claim by {claims[0].attributed_to} is contested."
    # A denial linked to no listed claim disputes none of them: with claims listed, the
    # headline is theirs ("Claimed, not confirmed: ..."), and the denial is listed as such.
    claims_listed = any("claim" in i.signals and "denial" not in i.signals for i in matched)
    denials = [
        i
        for i in ordered
        if i.status == "disputed"
        and "denial" in i.signals
        and not i.denied_by
        and (i.disputes or not claims_listed)
    ]
    denier = next((i.attributed_to for i in denials if i.attributed_to), None)
    if denier:
        return f"Disputed: a claim is denied by {denier}."
    if denials or any(
        item.status == "disputed" and "denial" not in item.signals for item in matched
    ):
        return "Disputed: denials are on record."
    statuses = Counter(item.status for item in matched)
    if statuses["unverified"] and statuses["unverified"] >= len(matched) / 2:
        return "Unverified: most reports are hedged or not independently verified."
    if statuses["claimed"]:
        parties: list[str] = []
        for item in matched:
            said_by = item.attributed_to
            if (
                item.status == "claimed"
                and said_by
                and not any(_one_party(said_by, known) for known in parties)
            ):
                parties.append(said_by)
        if not parties:
            return "Claimed, not confirmed: statements credited to unnamed sources."
        return f"Claimed, not confirmed: statements credited to {_listed(parties)}."
    sources = list(dict.fromkeys(i.source for i in matched))
    return f"Reported by {_listed(sources)}; no claims or denials on record."


def _one_party(a: str, b: str) -> bool:
    """Two ways of writing one party: one's words all among the other's ("Sedykh", "Artyom
    Sedykh"; "the monitors at the site", "the monitors stationed at the site"), but not a
    description that a name added makes another party's ("the army", "the Russian army";
    "officials", "Ukrainian officials"), nor a name inside a word ("RIA", "Syria's")."""
    shorter, longer = sorted((a.split(), b.split()), key=len)
    known = {w.casefold() for w in shorter}
    if not known or not known <= {w.casefold() for w in longer}:
        return False
    added = [w for w in longer if w.casefold() not in known]
    named = any(w[:1].isupper() for w in shorter)
    return named or not any(w[:1].isupper() for w in added)


def _listed(names: list[str], most: int = 3) -> str:
    """ "A", "A and B", "A, B and C", "A, B, C and 2 more"."""
    if len(names) > most:
        return f"{', '.join(names[:most])} and {len(names) - most} more"
    if len(names) == 1:
        return names[0]
    return f"{', '.join(names[:-1])} and {names[-1]}"
