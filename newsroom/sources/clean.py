"""Cleaning text: whitespace, control characters and HTML (decoding is in ``encodings``)."""

from __future__ import annotations

import re
import unicodedata

from lxml import etree, html
from lxml.html import defs

# Decoding moved to its own module; still importable from here for older imports.
from newsroom.sources.encodings import decode, looks_binary, open_text, sniff_encoding

__all__ = [
    "clean_line",
    "clean_text",
    "decode",
    "html_to_text",
    "looks_binary",
    "open_text",
    "sniff_encoding",
]

_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\ufeff\ud800-\udfff]")
_PARAGRAPH_BREAK = re.compile(r"\n\s*\n")
_SPACE = re.compile(r"\s+")
_BLOCK_TAGS = (defs.block_tags - {"del", "ins"}) | {
    "article",
    "aside",
    "figcaption",
    "figure",
    "footer",
    "header",
    "main",
    "nav",
    "section",
}
"""Elements whose text starts a new paragraph: HTML 4 blocks plus HTML5 sections."""


def clean_text(value: str) -> str:
    """Normalise to NFC, drop control characters and BOMs, collapse whitespace to single
    spaces and keep paragraphs apart with one blank line."""
    value = unicodedata.normalize("NFC", value.replace("\r\n", "\n").replace("\r", "\n"))
    value = _CONTROL.sub("", value)
    paragraphs = (_SPACE.sub(" ", p).strip() for p in _PARAGRAPH_BREAK.split(value))
    return "\n\n".join(p for p in paragraphs if p)


def clean_line(value: str) -> str:
    """:func:`clean_text` on one line: for titles and names."""
    return _SPACE.sub(" ", clean_text(value))


def html_to_text(markup: str) -> str:
    """Plain text of an HTML fragment, each block element its own paragraph."""
    try:
        root = html.fragment_fromstring(markup, create_parent="div")
    except (etree.ParserError, ValueError):
        return clean_text(markup)
    for element in root.xpath(".//script | .//style | .//template"):
        element.drop_tree()
    for element in root.iter(etree.Element):
        if element.tag == "br":
            element.tail = "\n" + (element.tail or "")
        elif element.tag in _BLOCK_TAGS:
            element.text = "\n\n" + (element.text or "")
            element.tail = "\n\n" + (element.tail or "")
    return clean_text(root.text_content())
