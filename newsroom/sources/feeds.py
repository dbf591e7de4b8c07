"""RSS and Atom feeds, read with feedparser: one bulletin per entry.

Encoding: feedparser gets the bytes :mod:`newsroom.sources.feed_bytes` prepares; a feed
whose encoding is doubtful or whose declared encoding does not fit its bytes (feedparser's
encoding "bozo") is refused whole: its text would be mojibake.

Links are made absolute against the entry's ``xml:base``, else the fetched URL, else the
feed's own link. The source of an entry is, in order: the caller's ``--source``; the
entry's ``<source>`` element (the feed it was taken from); in an aggregator feed, the
entry's author, else its link's site; the feed's title. A feed is an aggregator when its
entries come from two or more sites other than the feed's own, told by their ``<source>``
elements or their links. In any other feed an author is a byline, not the outlet.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterator
from datetime import datetime
from email.utils import parseaddr

import feedparser

from newsroom.models import RawBulletin, Rejection
from newsroom.sources.clean import clean_line, html_to_text
from newsroom.sources.dates import parse_date
from newsroom.sources.encodings import UnclearEncoding
from newsroom.sources.feed_bytes import feed_as_utf8
from newsroom.sources.records import Origin, absolute_url, host_of, make_bulletin

_DATE_FIELDS = ("published", "updated", "created")
_SAX_POSITION = re.compile(r"^<unknown>:\d+:\d+: ")
"""The parser's position is left out: feedparser may have added a line before the first."""
_ENCODING_PROBLEMS = (feedparser.CharacterEncodingOverride, feedparser.CharacterEncodingUnknown)
_FULL_TEXT = "yandex_full-text"
"""Where feedparser puts Yandex's ``<yandex:full-text>``: the article's whole text."""
_AGGREGATOR_SITES = 2
_ENTRY_START = re.compile(rb"<(?:[\w-]+:)?(?:item|entry)[\s/>]", re.IGNORECASE)
_ENTRY_END = re.compile(rb"</(?:[\w-]+:)?(?:item|entry|channel|feed|rss|RDF)\s*>", re.IGNORECASE)


def read_feed(data: bytes, origin: Origin) -> Iterator[RawBulletin | Rejection]:
    """Yield each entry with its text from content, full text or summary, as plain text.

    A feed with problems of structure (feedparser's "bozo") is used as far as its entries
    go, and the problem is reported only if there are none; a problem of encoding rejects
    the whole feed (see the module doc). An entry the file ends inside (a truncated file or
    download) is rejected: its text may be cut, and stored it would be a headline or a
    fragment that the whole entry, read later, would duplicate.
    """
    try:
        data = feed_as_utf8(data)
    except UnclearEncoding as exc:
        yield origin.reject(str(exc))
        return
    if data is None:
        yield origin.reject("binary file, not text")
        return
    # A stream, not bytes: feedparser would try bytes as a file name first.
    headers = {"content-location": origin.url} if origin.url else None
    parsed = feedparser.parse(io.BytesIO(data), response_headers=headers)
    if isinstance(parsed.get("bozo_exception"), _ENCODING_PROBLEMS):
        yield origin.reject(
            f"the feed's text cannot be decoded reliably{_problem(parsed)}; nothing was stored"
        )
        return
    if not parsed.entries:
        if not parsed.get("version"):
            yield origin.reject(f"not an RSS or Atom feed{_problem(parsed)}")
        elif parsed.get("bozo"):
            yield origin.reject(f"unreadable feed{_problem(parsed)}")
        else:
            yield origin.reject("the feed has no entries")
        return
    feed_title = clean_line(parsed.feed.get("title", "")) or None
    feed_link = parsed.feed.get("link") or origin.url
    aggregator = _is_aggregator(parsed.entries, feed_link)
    cut = len(parsed.entries) if parsed.get("bozo") and _ends_inside_an_entry(data) else 0
    for number, entry in enumerate(parsed.entries, 1):
        where = origin.at("entry", number)
        if number == cut:
            yield origin.reject(
                "the file ends inside this entry, so its text may be cut off; the feed is "
                f"broken{_problem(parsed)}",
                where,
            )
            continue
        text, title = _entry_text(entry), _plain(entry.get("title_detail"))
        if not text.strip() and not title.strip():  # a headline alone is a bulletin
            broken = f"; the feed is broken{_problem(parsed)}" if parsed.get("bozo") else ""
            yield origin.reject(
                f"no text (the entry has no title, content or summary{broken})", where
            )
            continue
        try:
            published = _entry_date(entry, origin)
        except ValueError as exc:
            yield origin.reject(str(exc), where)
            continue
        link = absolute_url(entry.get("link"), feed_link)
        bulletin = make_bulletin(
            origin,
            where,
            text=text,
            title=title,
            source=origin.source
            or (_entry_source(entry, link, feed_link) if aggregator else _named_source(entry))
            or feed_title
            or host_of(link),
            published=published,
            url=link,
        )
        guid = clean_line(str(entry.get("id") or ""))
        if guid and isinstance(bulletin, RawBulletin):
            bulletin.guid = guid
        yield bulletin


def _site(url: str | None) -> str | None:
    """The site of a URL: its host's registered part ("bbc.co.uk", "example.org")."""
    host = host_of(url)
    if not host:
        return None
    labels = host.split(".")
    keep = 3 if len(labels) > 2 and len(labels[-1]) == 2 and len(labels[-2]) <= 3 else 2
    return ".".join(labels[-keep:])


def _is_aggregator(entries: list[feedparser.FeedParserDict], feed_link: str | None) -> bool:
    """True when the entries come from two or more sites other than the feed's own."""
    own = _site(feed_link)
    sites = set()
    for entry in entries:
        origin = entry.get("source") or {}
        site = _site(origin.get("href")) or origin.get("title") or _site(entry.get("link"))
        if site and site != own:
            sites.add(site)
    return len(sites) >= _AGGREGATOR_SITES


def _named_source(entry: feedparser.FeedParserDict) -> str | None:
    """The title of the entry's ``<source>`` element: the feed it was taken from."""
    return clean_line((entry.get("source") or {}).get("title") or "") or None


def _entry_source(
    entry: feedparser.FeedParserDict, link: str | None, feed_link: str | None
) -> str | None:
    """An aggregated entry's own source: its ``<source>``, its author, or its link's site."""
    named = _named_source(entry)
    if named:
        return named
    raw = [entry.get("author"), *(author.get("name") for author in entry.get("authors") or [])]
    for author in raw:
        name = _author_name(author or "")
        if name:
            return name
    return host_of(link) if _site(link) != _site(feed_link) else None


def _author_name(raw: str) -> str | None:
    """The name in an author field: "Wire Desk", "desk@wire.example (Wire Desk)"; None for a
    bare address. feedparser splits the second form badly, so the raw field is read again."""
    if "@" in raw:
        raw = parseaddr(raw)[0]
        if "@" in raw:
            return None
    return clean_line(raw) or None


def _entry_text(entry: feedparser.FeedParserDict) -> str:
    """The first non-empty content, else Yandex's full text, else the summary."""
    full_text = entry.get(_FULL_TEXT)
    full_text = {"value": full_text, "type": "text/html"} if full_text else None
    for detail in [*entry.get("content", []), full_text, entry.get("summary_detail")]:
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


def _entry_date(entry: feedparser.FeedParserDict, origin: Origin) -> datetime | None:
    """The first date the entry has, as written, read by :func:`parse_date`.

    feedparser's own reading (``published_parsed``) is not used: it drops zones it does not
    know, reads "2016/6/29" as 1 November and gives up on other languages' month names.
    """
    for field in _DATE_FIELDS:
        raw = entry.get(field)
        if raw:
            try:
                return parse_date(raw, origin.dates)
            except ValueError as exc:
                raise ValueError(f"{exc} in field {field!r}") from exc
    return None


def _ends_inside_an_entry(data: bytes) -> bool:
    """Whether nothing closes the last entry the feed opens: no end of it, of the channel
    or of the feed follows."""
    last = max((m.end() for m in _ENTRY_START.finditer(data)), default=None)
    return last is not None and not _ENTRY_END.search(data, last)


def _problem(parsed: feedparser.FeedParserDict) -> str:
    problem = parsed.get("bozo_exception")
    if not problem:
        return ""
    return f": {_SAX_POSITION.sub('', str(problem))}"
