"""HTML pages: the article's main text, title, date and site name, found by trafilatura.

The text keeps the page's structure as plain-text layout (see
:func:`newsroom.text.sentences.read_layout`): one paragraph per block, headings on their
own, list items without their bullets, and a rule paragraph (``* * *``) before each
live-blog post, so that a post always starts a new story. Posts are found from the page's
own markup: schema.org ``liveBlogUpdate`` entries (JSON-LD or microdata), or repeated
sibling blocks with a post-like class that each carry a ``<time>``. When the posts show
their own times, each post is a bulletin of its own with its time (see
:mod:`newsroom.sources.html_dates`), and the text before the first post is one more.
"""

from __future__ import annotations

import codecs
import re
from collections.abc import Iterator
from datetime import datetime
from typing import NamedTuple
from urllib.parse import urlsplit

import trafilatura
from lxml import etree
from trafilatura.settings import Document

from newsroom.models import RawBulletin, Rejection
from newsroom.sources.encodings import (
    UnclearEncoding,
    check_declaration,
    is_utf8,
    legacy_encoding,
)
from newsroom.sources.html_dates import element_time, json_ld, page_time, post_time
from newsroom.sources.records import Origin, host_of, make_bulletin

POST_BREAK = "* * *"
"""The paragraph put before each live-blog post; read_layout takes it for a post break."""
_LIST_BULLET = re.compile(r"^(?:[-*•▪►]|\d{1,3}[.)])\s+")
_POST_CLASS = re.compile(
    r"(?:^|[-_])(?:block|post|update|entry|liveblog|live-?update|timeline-item)s?(?:$|[-_])",
    re.IGNORECASE,
)
_NOT_POST_CLASS = re.compile(r"comment|related|promo|teaser|card|nav|footer|share", re.IGNORECASE)
_BLOCKS = "h1 h2 h3 h4 h5 h6 p li blockquote".split()
_PASSES: tuple[dict[str, bool], ...] = ({}, {"favor_recall": True})
_LOWER = (
    "translate(concat(' ', normalize-space(@{})),"
    " 'ABCDEFGHIJKLMNOPQRSTUVWXYZ', 'abcdefghijklmnopqrstuvwxyz')"
)
FURNITURE_WORDS = (
    "cookie consent gdpr comment disqus newsletter subscribe donate related most-read"
    " more-news share social breadcrumb menu sidebar widget promo footer bottom copyright"
).split()
"""Page furniture: an element with a class or id that starts with one of these words
("cookie-banner", "comments", "share-tools") is removed before extraction."""
FURNITURE_XPATHS = (
    "//nav | //footer | //aside",
    "//*[not(self::html or self::body or self::main or self::article)]["
    + " or ".join(
        f"contains({_LOWER.format(attribute)}, ' {word}')"
        for word in FURNITURE_WORDS
        for attribute in ("class", "id")
    )
    + "]",
)
_BOMS = (codecs.BOM_UTF8, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)
_META_CHARSET = re.compile(
    rb"(?:<meta[^>]*?charset|<\?xml[^>]*?encoding)\s*=\s*[\"']?\s*([A-Za-z][\w.:-]*)",
    re.IGNORECASE,
)
_PRESCAN_BYTES = 4096
"""Where a page's ``<meta>`` charset is looked for (browsers look at the first 1,024 bytes)."""
_FINGERPRINT = 60
"""Characters of a block's start that identify it in the extracted text."""


class Post(NamedTuple):
    """A live-blog post found in the page's markup."""

    fingerprints: list[str]
    """The start of each of its blocks, as :func:`_fingerprint` writes it."""
    time: str | None = None
    """Its time as written (see :func:`~newsroom.sources.html_dates.element_time`)."""
    anchor: str | None = None
    """Its element's id, the fragment of its URL."""


def read_html(data: bytes, origin: Origin) -> Iterator[RawBulletin | Rejection]:
    """Yield the page's article as one bulletin (a live blog whose posts show their times:
    one per post), or a Rejection if it has no main text.

    The site name counts as the bulletin's own source unless trafilatura only made it up
    from the URL, which would wrongly beat a ``source`` the caller gave.
    """
    try:
        page = undeclared_as_utf8(data)
    except UnclearEncoding as exc:
        yield origin.reject(str(exc))
        return
    if page is None:
        yield origin.reject("binary file, not text")
        return
    tree = trafilatura.load_html(page)
    posts = live_blog_posts(tree) if tree is not None else []
    # Before extraction, which prunes the tree.
    published = page_time(tree, origin.dates) if tree is not None else None
    document = extract(tree if tree is not None else page, origin.url)
    if document is None or not (document.text or "").strip():
        yield origin.reject("no article text found in the HTML page")
        return
    paragraphs = [_LIST_BULLET.sub("", line.strip()) for line in document.text.splitlines()]
    paragraphs = [p for p in paragraphs if p]
    if document.title and paragraphs and paragraphs[0].strip() == document.title.strip():
        paragraphs = paragraphs[1:]
    sitename = document.sitename
    if sitename and sitename.lower() in (host_of(document.url), host_of(origin.url)):
        sitename = None
    url = document.url or origin.url
    for where, text, when, link in _bulletins(paragraphs, posts, origin, published, url):
        yield make_bulletin(
            origin,
            where,
            text=text,
            title=document.title,
            source=sitename,
            published=when,
            url=link,
        )


def _bulletins(
    paragraphs: list[str],
    posts: list[Post],
    origin: Origin,
    published: datetime | None,
    url: str | None,
) -> Iterator[tuple[str, str, datetime | None, str | None]]:
    """(where, text, time, url) of the page's bulletins: the page, posts marked in its text;
    or, when its posts show their times, the text before the first post and each post."""
    fingerprints = [post.fingerprints for post in posts]
    starts = post_starts(paragraphs, fingerprints)
    if len(starts) < 2 or not any(posts[number].time for _, number in starts):
        yield origin.where, "\n\n".join(mark_posts(paragraphs, fingerprints)), published, url
        return
    if starts[0][0] > 0:
        yield origin.where, "\n\n".join(paragraphs[: starts[0][0]]), published, url
    ends = [start for start, _ in starts[1:]] + [len(paragraphs)]
    for (start, number), end in zip(starts, ends, strict=True):
        post = posts[number]
        yield (
            origin.at("post", number + 1),
            "\n\n".join(paragraphs[start:end]),
            post_time(post.time, published, origin.dates) or published,
            f"{url.split('#')[0]}#{post.anchor}" if url and post.anchor else url,
        )


def undeclared_as_utf8(data: bytes) -> bytes | None:
    """The page as it is when it declares its charset (a BOM, a ``<meta>`` or an XML
    declaration in its first 4 KB) or is UTF-8; else re-encoded to UTF-8 with a ``<meta charset>`` from the encoding
    charset-normalizer finds, or None when it is binary.

    Raises UnclearEncoding when the encoding cannot be told (trafilatura would guess), or
    when a Western charset is declared over text in another alphabet's encoding.
    """
    declared = _META_CHARSET.search(data, 0, _PRESCAN_BYTES)
    if declared:
        check_declaration(data, declared.group(1).decode("ascii"), "page")
        return data
    if data.startswith(_BOMS) or is_utf8(data):
        return data
    encoding = legacy_encoding(data)
    if encoding is None:
        return None
    return b'<meta charset="utf-8">' + data.decode(encoding, errors="replace").encode("utf-8")


def extract(page: etree._Element | bytes, url: str | None) -> Document | None:
    """trafilatura's reading of the page: its default settings, then ``favor_recall``.

    Recall first: the precision-first setting rejects real articles (short ones, text in
    ``<div>`` or ``<br>`` layouts). Page furniture is pruned before either pass, so that
    the fallbacks trafilatura runs when its own extraction finds little cannot bring it back.
    """
    document = None
    for options in _PASSES:
        document = trafilatura.bare_extraction(
            page,
            url=url,
            include_comments=False,
            include_tables=False,
            with_metadata=True,
            prune_xpath=list(FURNITURE_XPATHS),
            **options,
        )
        if document is not None and (document.text or "").strip():
            return document
    return document


def mark_posts(paragraphs: list[str], posts: list[list[str]]) -> list[str]:
    """Put :data:`POST_BREAK` before the first paragraph of each post found in the text.

    ``posts`` holds, per post in page order, the fingerprints of its blocks. With fewer than
    two posts found (see :func:`post_starts`) the page is no live blog and the paragraphs
    come back as they were.
    """
    starts = {index for index, _ in post_starts(paragraphs, posts)}
    if len(starts) < 2:
        return paragraphs
    marked: list[str] = []
    for index, paragraph in enumerate(paragraphs):
        if index in starts and index > 0:
            marked.append(POST_BREAK)
        marked.append(paragraph)
    return marked


def post_starts(paragraphs: list[str], posts: list[list[str]]) -> list[tuple[int, int]]:
    """(paragraph index, post index) of each post's first paragraph found in the text, in
    order; a post none of whose blocks made it into the text is skipped."""
    starts: list[tuple[int, int]] = []
    position = 0
    for number, fingerprints in enumerate(posts):
        for index in range(position, len(paragraphs)):
            if _fingerprint(paragraphs[index]) in fingerprints:
                starts.append((index, number))
                position = index + 1
                break
    return starts


def live_blog_posts(tree: etree._Element) -> list[Post]:
    """Each live-blog post in page order, with its blocks' fingerprints ([] if none)."""
    posts = _json_ld_posts(tree)
    if len(posts) >= 2:
        return posts
    for elements in (_microdata_posts(tree), _class_posts(tree)):
        posts = [
            Post(fingerprints, element_time(element), element.get("id"))
            for element in elements
            if (fingerprints := _blocks(element))
        ]
        if len(posts) >= 2:
            return posts
    return []


def _json_ld_posts(tree: etree._Element) -> list[Post]:
    posts: list[Post] = []
    for data in json_ld(tree):
        for node in _walk(data):
            updates = node.get("liveBlogUpdate")
            for update in updates if isinstance(updates, list) else [updates]:
                if not isinstance(update, dict):
                    continue
                fingerprints = [
                    _fingerprint(" ".join(str(update.get(key) or "").split()[:40]))
                    for key in ("headline", "articleBody")
                    if update.get(key)
                ]
                if fingerprints:
                    written = update.get("datePublished") or update.get("dateCreated")
                    link = update.get("url")
                    anchor = urlsplit(link).fragment if isinstance(link, str) else ""
                    posts.append(
                        Post(fingerprints, written if isinstance(written, str) else None, anchor)
                    )
    return posts


def _walk(data: object) -> Iterator[dict]:
    if isinstance(data, dict):
        yield data
        for value in data.values():
            yield from _walk(value)
    elif isinstance(data, list):
        for value in data:
            yield from _walk(value)


def _microdata_posts(tree: etree._Element) -> list[etree._Element]:
    return [
        element
        for element in tree.iter(etree.Element)
        if "liveblogupdate" in (element.get("itemprop") or "").lower()
        or (element.get("itemtype") or "").endswith("/BlogPosting")
    ]


def _class_posts(tree: etree._Element) -> list[etree._Element]:
    """Sibling blocks with one post-like class, at least two of them, each with a time."""
    best: list[etree._Element] = []
    for parent in tree.iter(etree.Element):
        groups: dict[tuple[str, str], list[etree._Element]] = {}
        for child in parent:
            if not isinstance(child.tag, str):
                continue
            classes = child.get("class") or ""
            if not _POST_CLASS.search(classes) or _NOT_POST_CLASS.search(classes):
                continue
            if next(child.iter("time"), None) is None:
                continue
            groups.setdefault((child.tag, classes), []).append(child)
        for group in groups.values():
            if len(group) >= 2 and len(group) > len(best):
                best = group
    return best


def _blocks(element: etree._Element) -> list[str]:
    fingerprints = []
    for block in element.iter(*_BLOCKS):
        text = _fingerprint(_LIST_BULLET.sub("", " ".join(block.xpath("string()").split())))
        if text:
            fingerprints.append(text)
    return fingerprints


def _fingerprint(text: str) -> str:
    return " ".join(text.split())[:_FINGERPRINT].casefold()
