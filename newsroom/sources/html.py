"""HTML pages: the article's main text, title, date and site name, found by trafilatura."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator

import trafilatura

from newsroom.models import RawBulletin, Rejection
from newsroom.sources.dates import parse_date
from newsroom.sources.records import Origin, host_of, make_bulletin


def read_html(data: bytes, origin: Origin) -> Iterator[RawBulletin | Rejection]:
    """Yield the page's article as one bulletin, or a Rejection if it has no main text.

    The site name counts as the bulletin's own source unless trafilatura only made it up
    from the URL, which would wrongly beat a ``source`` the caller gave.
    """
    document = trafilatura.bare_extraction(
        data,
        url=origin.url,
        favor_precision=True,
        include_comments=False,
        include_tables=False,
        with_metadata=True,
    )
    if document is None or not (document.text or "").strip():
        yield origin.reject("no article text found in the HTML page")
        return
    paragraphs = document.text.splitlines()
    if document.title and paragraphs and paragraphs[0].strip() == document.title.strip():
        paragraphs = paragraphs[1:]
    published = None
    if document.date:
        with contextlib.suppress(ValueError):
            published = parse_date(document.date)
    sitename = document.sitename
    if sitename and sitename.lower() in (host_of(document.url), host_of(origin.url)):
        sitename = None
    yield make_bulletin(
        origin,
        origin.where,
        text="\n\n".join(paragraphs),
        title=document.title,
        source=sitename,
        published=published,
        url=document.url or origin.url,
    )
