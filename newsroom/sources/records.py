"""Assembling a RawBulletin from what a parser found, with the defaults the caller gave."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from urllib.parse import urljoin, urlsplit

from newsroom.models import RawBulletin, Rejection
from newsroom.sources.clean import clean_line, clean_text
from newsroom.sources.dates import DateContext

MAX_TEXT_BYTES = 5 * 1024 * 1024


@dataclass(frozen=True)
class Origin:
    """Where the input came from and the defaults the caller gave for its records."""

    where: str
    """The path or URL as the user typed it."""
    fallback_source: str
    """The file name stem, or the host for a URL: the source of last resort."""
    source: str | None = None
    published: datetime | None = None
    url: str | None = None
    """The target itself when it is a URL."""
    base: str | None = None
    """What relative links in records are resolved against when the target is no URL (a
    JSON Feed's own address)."""
    dates: DateContext = field(default_factory=DateContext)
    """How this input's dates are read (its day/month order and the zone of naive times)."""

    def at(self, unit: str, number: int) -> str:
        """``where`` for one record of a multi-record input: "feed.csv, line 12"."""
        return f"{self.where}, {unit} {number}"

    def reject(self, reason: str, where: str | None = None) -> Rejection:
        """A Rejection at ``where`` (the whole input by default)."""
        return Rejection(where=where or self.where, reason=reason)


def host_of(url: str | None) -> str | None:
    """The host of an http(s) URL without "www.", or None."""
    try:
        host = urlsplit(url).hostname if url else None
    except ValueError:
        return None
    return host.removeprefix("www.") if host else None


def absolute_url(link: str | None, base: str | None) -> str | None:
    """``link`` resolved against ``base`` when it is relative ("/news/2022/05/item-1")."""
    if not link or not base:
        return link
    try:
        return urljoin(base, link)
    except ValueError:
        return link


def make_bulletin(
    origin: Origin,
    where: str,
    *,
    text: str,
    title: str | None = None,
    source: str | None = None,
    published: datetime | None = None,
    url: str | None = None,
    place: str | None = None,
    record_id: str | None = None,
    details: dict[str, str] | None = None,
    relayed_from: str | None = None,
) -> RawBulletin | Rejection:
    """Clean the fields and fill the gaps from ``origin``; reject empty or oversized text.

    Source: the record's own > the caller's > the host of the record's URL > the file name.
    A relative URL is resolved against the target's URL, else ``origin.base``.
    A record with a title and no text (a headline) is a bulletin whose text is its title.
    """
    text = clean_text(text) or clean_text(title or "")
    if not text:
        return origin.reject("no text", where)
    size = len(text.encode("utf-8"))
    if size > MAX_TEXT_BYTES:
        return origin.reject(f"text is {size / 2**20:.1f} MB, more than the 5 MB limit", where)
    url = absolute_url(_line(url), origin.url or origin.base)
    return RawBulletin(
        text=text,
        title=_line(title),
        source=_line(source) or origin.source or host_of(url) or origin.fallback_source,
        published=published or origin.published,
        url=url,
        where=where,
        place=_line(place),
        record_id=_line(record_id),
        details=details or {},
        relayed_from=_line(relayed_from),
    )


def _line(value: str | None) -> str | None:
    return (clean_line(value) or None) if value else None


def plural(count: int, noun: str) -> str:
    """ "1 message", "2 messages", "1,200 messages"."""
    return f"{count:,} {noun}{'' if count == 1 else 's'}"
