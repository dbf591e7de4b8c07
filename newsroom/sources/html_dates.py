"""An HTML page's publication time and its live-blog posts' times, at full precision.

The page's time is, in this order: its published-time metadata (``article:published_time``,
schema.org ``datePublished`` in JSON-LD or microdata, Dublin Core...), the byline's
``<time>`` element, the byline's text ("By Ana Petrova, 27 June 2022 18:00 BST"), and last
htmldate's reading of the original date. Modified times are never read while one of those
is there, nor times inside reader comments, related links or navigation. A live-blog post's
time is its own ``datePublished``, ``<time datetime>`` or timestamp text; a bare clock time
("10.32 BST") is on the page's day.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from datetime import datetime

import htmldate
from lxml import etree

from newsroom.sources.dates import DateContext, parse_date

PUBLISHED_META = (
    "article:published_time",
    "og:article:published_time",
    "og:published_time",
    "datepublished",
    "dc.date.issued",
    "dcterms.issued",
    "dc.date.created",
    "dcterms.created",
    "pubdate",
    "publishdate",
    "publish-date",
    "publish_date",
    "published_time",
    "parsely-pub-date",
    "sailthru.date",
    "date",
)
"""``<meta>`` names and properties (lower case) that hold the publication time, best first."""
BYLINE_PREFIXES = ("first published", "published", "posted", "on")
"""English words before a byline's date, cut off before it is read."""
MODIFIED_PREFIXES = ("last updated", "last modified", "updated", "modified", "edited")
"""English words that mark a byline's date as a modification time, which is not read."""
_OUTSIDE = re.compile(
    r"comment|reply|respon|discussion|related|sidebar|promo|teaser|recommend|newsletter|"
    r"most-?read|popular|masthead|site-?header|top-?bar|ticker",
    re.IGNORECASE,
)
"""Classes and ids of the parts of a page whose dates are not the article's."""
_OUTSIDE_TAGS = {"nav", "aside"}
_MODIFIED = re.compile(r"modif|updat|edit", re.IGNORECASE)
_BYLINE = re.compile(r"byline|dateline|article-?date|publish|posted|timestamp|meta|date", re.I)
_BYLINE_TRIES = 8
_BYLINE_CHARS = 200
"""A byline is short: longer text is a paragraph that happens to carry a date class."""
_BYLINE_PARTS = re.compile(r"\s*[,|·•—–]\s*|\s+-\s+")
_CLOCK = re.compile(r"(\d{1,2})[.:h](\d{2})(?:\s*([ap]\.?m\.?))?(\s+\S.*)?", re.IGNORECASE)
"""A time of day without a date: "10.32 BST", "14:05", "9:40am GMT+1"."""
_HTMLDATE_FORMAT = "%Y-%m-%dT%H:%M:%S%z"


def page_time(tree: etree._Element, dates: DateContext) -> datetime | None:
    """The page's publication time in UTC, or None if it shows none."""
    for candidate in _candidates(tree):
        try:
            return parse_date(candidate, dates)
        except ValueError:
            continue
    try:
        found = htmldate.find_date(tree, original_date=True, outputformat=_HTMLDATE_FORMAT)
    except (ValueError, TypeError):
        found = None
    if found:
        try:
            return parse_date(found, dates)
        except ValueError:
            return None
    return None


def element_time(element: etree._Element) -> str | None:
    """The time written in a live-blog post, as written: its ``datePublished``, else its
    first ``<time>`` (the ``datetime`` attribute, else the text); None if it has none."""
    for found in element.iter(etree.Element):
        if (found.get("itemprop") or "").lower() == "datepublished":
            value = found.get("content") or found.get("datetime") or _text(found)
            if value:
                return value
    for found in element.iter("time"):
        value = found.get("datetime") or _text(found)
        if value:
            return value
    return None


def post_time(written: str | None, page: datetime | None, dates: DateContext) -> datetime | None:
    """A live-blog post's time in UTC from what :func:`element_time` found, or None.

    A bare clock time is put on the page's day as that day is in the clock's zone: "10.32
    BST" on the page's day in BST, "14:05" on its day in ``dates.zone``; without a page time
    it is not read.
    """
    if not written or not written.strip():
        return None
    written = written.strip()
    clock = _CLOCK.fullmatch(written)
    try:
        if not clock:
            return parse_date(written, dates)
        if page is None:
            return None
        hours, minutes, meridiem, rest = clock.groups()
        wall = f"{hours}:{minutes}{' ' + meridiem if meridiem else ''}"
        day = page.astimezone(dates.zone).date()
        moment = parse_date(f"{day.isoformat()} {wall}{rest or ''}", dates)
        if not rest:
            return moment
        # The clock's zone is named: its offset is the wall time less the moment it names.
        offset = parse_date(f"{day.isoformat()} {wall}") - moment
        own_day = (page + offset).date()
        if own_day == day:
            return moment
        return parse_date(f"{own_day.isoformat()} {wall}{rest}", dates)
    except ValueError:
        return None


def _candidates(tree: etree._Element) -> Iterator[str]:
    """Publication times written in the page, best first."""
    metas: dict[str, str] = {}
    for meta in tree.iter("meta"):
        name = (meta.get("property") or meta.get("name") or meta.get("itemprop") or "").lower()
        content = meta.get("content")
        if name in PUBLISHED_META and content and not _outside(meta):
            metas.setdefault(name, content)
    yield from (metas[name] for name in PUBLISHED_META if name in metas)
    yield from _json_ld_published(tree)
    for element in tree.iter(etree.Element):
        if (element.get("itemprop") or "").lower() == "datepublished" and not _outside(element):
            value = element.get("content") or element.get("datetime") or _text(element)
            if value:
                yield value
    for element in tree.iter("time"):
        if _outside(element) or _MODIFIED.search(_labels(element)):
            continue
        value = element.get("datetime") or _text(element)
        if value:
            yield value
    yield from _byline_texts(tree)


def json_ld(tree: etree._Element) -> Iterator[object]:
    """The parsed content of each JSON-LD script of a page (scripts that are no JSON are
    skipped)."""
    for script in tree.iter("script"):
        if (script.get("type") or "").lower() != "application/ld+json" or not script.text:
            continue
        try:
            yield json.loads(script.text)
        except ValueError:
            continue


def _json_ld_published(tree: etree._Element) -> Iterator[str]:
    """``datePublished`` of the page's own JSON-LD objects (not of live-blog updates)."""
    for data in json_ld(tree):
        for node in data if isinstance(data, list) else [data]:
            if not isinstance(node, dict):
                continue
            for item in [node, *(node.get("@graph") or [])]:
                if isinstance(item, dict) and isinstance(item.get("datePublished"), str):
                    yield item["datePublished"]


def _byline_texts(tree: etree._Element) -> Iterator[str]:
    """The date parts of byline-like elements' text, publication prefixes cut off; from the
    first :data:`_BYLINE_TRIES` such elements (each failed reading may cost dateparser)."""
    tried = 0
    for element in tree.iter(etree.Element):
        labels = _labels(element)
        if not _BYLINE.search(labels) or _MODIFIED.search(labels) or _outside(element):
            continue
        text = _text(element)
        if not text or len(text) > _BYLINE_CHARS:
            continue
        tried += 1
        if tried > _BYLINE_TRIES:
            return
        parts = [part for part in _BYLINE_PARTS.split(text) if part]
        for start in range(len(parts)):
            lead = parts[start].lower()
            if lead.startswith(MODIFIED_PREFIXES):
                break
            for prefix in BYLINE_PREFIXES:
                if lead.startswith(prefix + " "):
                    parts[start] = parts[start][len(prefix) + 1 :]
                    break
            yield " ".join(parts[start:])


def _outside(element: etree._Element) -> bool:
    """True inside comments, related links, navigation and the like."""
    for node in (element, *element.iterancestors()):
        if node.tag in _OUTSIDE_TAGS or _OUTSIDE.search(_labels(node)):
            return True
    return False


def _labels(element: etree._Element) -> str:
    return " ".join(
        element.get(name) or "" for name in ("class", "id", "itemprop", "property", "name")
    )


def _text(element: etree._Element) -> str:
    return " ".join(element.xpath("string()").split())
