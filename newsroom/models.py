"""Records passed between the parsers, the analysis, the store and the renderers."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Literal

from pydantic import BaseModel, Field

Signal = Literal["claim", "denial", "hedged", "not_independently_verified", "no_evidence"]
Status = Literal["reported", "claimed", "unverified", "disputed", "corroborated"]
SIGNALS: tuple[Signal, ...] = (
    "claim",
    "denial",
    "hedged",
    "not_independently_verified",
    "no_evidence",
)


class RawBulletin(BaseModel):
    """One bulletin as a parser found it, before analysis.

    ``where`` names its place in the input ("feed.csv, line 12") for messages.
    """

    text: str
    title: str | None = None
    source: str | None = None
    published: datetime | None = None
    url: str | None = None
    where: str = ""
    place: str | None = None
    """Where the event happened, from a record's place columns ("Bakhmut, Donetsk, Ukraine")."""
    record_id: str | None = None
    """The record's own identifier in its source (an event id, a channel and message id)."""
    details: dict[str, str] = Field(default_factory=dict)
    """A record's structured fields (location, admin1, country, actor1, event_type, ...) by
    the names the input gave them; searchable with the bulletin."""
    relayed_from: str | None = None
    """The channel or outlet a forwarded message came from: its items are credited to it
    as a relay ("Original channel, via Source")."""
    guid: str | None = None
    """A feed entry's own id (RSS guid, Atom id, JSON Feed id): how a live source knows the
    entry again when it is polled again. Not part of the bulletin's identity."""


class Notice(BaseModel):
    """Something about an input a run reports without rejecting anything ("records read
    from response.results")."""

    where: str
    message: str

    def __str__(self) -> str:
        return f"{self.where}: {self.message}"


class Rejection(BaseModel):
    """A record a parser could not use: where it was and why."""

    where: str
    reason: str

    def __str__(self) -> str:
        return f"{self.where}: {self.reason}"


@dataclass(slots=True, kw_only=True)
class Item:
    """A statement inside a story, usually one sentence, as read from the text.

    A dataclass, not a model: the analysis builds millions of them from values it made
    itself, so there is nothing to validate (the parsers' records, RawBulletin, are)."""

    position: int
    story: int
    text: str
    attributed_to: str | None = None
    signals: list[Signal] = field(default_factory=list)
    status: Status = "reported"
    disputes: list[int] = field(default_factory=list)
    """Positions of items in the same bulletin this one is linked to as claim and denial."""
    words: str = ""
    """The item's words folded for search (see :mod:`newsroom.names`), space-separated."""
    names: str = ""
    """The name keys of its names and non-Latin words, space-separated."""
    topics: dict[str, tuple[str, bool]] = field(default_factory=dict)
    """The names it mentions as topics (see :mod:`newsroom.text.topic_names`)."""


@dataclass(slots=True, kw_only=True)
class AnalysedBulletin:
    """A bulletin with its stories and items, ready to store."""

    raw: RawBulletin
    items: list[Item]
