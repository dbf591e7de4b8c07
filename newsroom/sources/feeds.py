"""RSS and Atom feeds, read with feedparser: one bulletin per entry."""

from __future__ import annotations

import calendar
import io
import re
from collections.abc import Iterator
from datetime import UTC, datetime

import feedparser

from newsroom.models import RawBulletin, Rejection
from newsroom.sources.clean import clean_line, html_to_text
from newsroom.sources.dates import parse_date
from newsroom.sources.records import Origin, host_of, make_bulletin

_DATE_FIELDS = ("published", "updated", "created")
_SAX_POSITION = re.compile(r"^<unknown>:\d+:\d+: ")
"""The parser's position is left out: feedparser may have added a line before the first."""


def read_feed(data: bytes, origin: Origin) -> Iterator[RawBulletin | Rejection]:
    """Yield each entry with its text from content or summary, HTML reduced to plain text.

    The source is the caller's, else the feed's title. A feed with problems (feedparser's
    "bozo") is used as far as its entries go; the problem is reported only if there are none.
    """
    # A stream, not bytes: feedparser would try bytes as a file name first.
    parsed = feedparser.parse(io.BytesIO(data))
    if not parsed.entries:
        if not parsed.get("version"):
            yield origin.reject(f"not an RSS or Atom feed{_problem(parsed)}")
        elif parsed.get("bozo"):
            yield origin.reject(f"unreadable feed{_problem(parsed)}")
        else:
            yield origin.reject("the feed has no entries")
        return
    feed_title = clean_line(parsed.feed.get("title", "")) or None
    for number, entry in enumerate(parsed.entries, 1):
        where = origin.at("entry", number)
        text, title = _entry_text(entry), _plain(entry.get("title_detail"))
        if not text.strip() and not title.strip():  # a headline alone is a bulletin
            yield origin.reject("no text (the entry has no title, content or summary)", where)
            continue
        try:
            published = _entry_date(entry)
        except ValueError as exc:
            yield origin.reject(str(exc), where)
            continue
        link = entry.get("link")
        bulletin = make_bulletin(
            origin,
            where,
            text=text,
            title=title,
            source=origin.source or feed_title or host_of(link),
            published=published,
            url=link,
        )
        guid = clean_line(str(entry.get("id") or ""))
        if guid and isinstance(bulletin, RawBulletin):
            bulletin.guid = guid
        yield bulletin


def _entry_text(entry: feedparser.FeedParserDict) -> str:
    """The first non-empty content, else the summary."""
    for detail in [*entry.get("content", []), entry.get("summary_detail")]:
        text = _plain(detail)
        if text.strip():
            return text
    return ""


def _plain(detail: feedparser.FeedParserDict | None) -> str:
    """The value of a feedparser text construct, as plain text whatever its type."""
    if not detail:
        return ""
    value = detail.get("value", "")
    return value if detail.get("type") == "text/plain" else html_to_text(value)


def _entry_date(entry: feedparser.FeedParserDict) -> datetime | None:
    """The first date the entry has; feedparser's reading of it first, then ours."""
    for field in _DATE_FIELDS:
        parsed = entry.get(f"{field}_parsed")
        if parsed:
            return datetime.fromtimestamp(calendar.timegm(parsed), UTC)
        raw = entry.get(field)
        if raw:
            try:
                return parse_date(raw)
            except ValueError as exc:
                raise ValueError(f"{exc} in field {field!r}") from exc
    return None


def _problem(parsed: feedparser.FeedParserDict) -> str:
    problem = parsed.get("bozo_exception")
    if not problem:
        return ""
    return f": {_SAX_POSITION.sub('', str(problem))}"
