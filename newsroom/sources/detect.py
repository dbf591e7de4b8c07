"""Telling the input format from the file name, then from the first bytes."""

from __future__ import annotations

import json
import re
from pathlib import PurePosixPath

from newsroom.sources.encodings import UnclearEncoding, sniff_encoding

EXTENSIONS = {
    ".txt": "text",
    ".text": "text",
    ".md": "text",
    ".markdown": "text",
    ".json": "json",
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
    ".csv": "csv",
    ".tsv": "csv",
    ".rss": "rss",
    ".atom": "rss",
    ".xml": "rss",  # a feed, or refused as none: an .xml file is no text and no article
    ".html": "html",
    ".htm": "html",
}
_PROLOG = re.compile(r"\s*(<\?.*?\?>|<!--.*?-->|<!doctype[^>]*>)", re.DOTALL)
_TAG = re.compile(r"\s*<([a-z][\w:.-]*)")


def detect_format(name: str, head: bytes) -> str:
    """Return the format for a file called ``name`` that starts with ``head``.

    The extension decides, except that a .json file of one object per line is JSONL, a
    .jsonl file holding an array is JSON and an .html file whose root is ``<rss>``, ``<feed>``
    or ``<rdf:RDF>`` is a feed; without a known extension the content decides.
    """
    start = _peek(head)
    sniffed = _sniff(start)
    by_extension = EXTENSIONS.get(PurePosixPath(name).suffix.lower())
    if (
        by_extension is None
        or (by_extension == "json" and sniffed == "jsonl")
        or (by_extension == "jsonl" and start.startswith("["))
        or (by_extension == "html" and sniffed == "rss")
    ):
        return sniffed
    return by_extension


def _sniff(start: str) -> str:
    """Guess the format from the start of the content: json, jsonl, rss, html or text.

    JSONL needs a first line that is a whole JSON value and a second object after it.
    """
    if start.startswith("["):
        return "json"
    if start.startswith("{"):
        return "jsonl" if _looks_like_jsonl(start) else "json"
    if start.startswith("<"):
        return _sniff_markup(start[:8192].lower())
    return "text"


def _peek(head: bytes) -> str:
    try:
        encoding = sniff_encoding(head, final=False) or "latin-1"
    except UnclearEncoding:
        encoding = "latin-1"  # the reader reports it; markup and JSON syntax are ASCII
    start = head.decode(encoding, errors="replace")
    return start.lstrip("\ufeff \t\r\n")


def _looks_like_jsonl(start: str) -> bool:
    first, _, rest = start.partition("\n")
    try:
        json.loads(first)
    except (ValueError, RecursionError):
        return False
    return rest.lstrip().startswith("{")


def _sniff_markup(start: str) -> str:
    """rss or html, by the first element after the prolog (declarations, comments, DOCTYPE).

    The root element decides, whatever the DOCTYPE says: some servers put an HTML DOCTYPE
    before a feed's ``<rss>``.
    """
    position = 0
    while prolog := _PROLOG.match(start, position):
        position = prolog.end()
    root = _TAG.match(start, position)
    if root and root.group(1) in ("rss", "feed", "rdf:rdf"):
        return "rss"
    if "<!doctype html" in start[:position]:
        return "html"
    if start.startswith("<?xml") and not (root and root.group(1) == "html"):
        return "rss"
    return "html"
