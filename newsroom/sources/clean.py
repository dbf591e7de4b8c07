"""Cleaning text: whitespace, control characters and HTML (decoding is in ``encodings``)."""

from __future__ import annotations

import html as html_entities
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
_TAG = re.compile(r"<(?:/?[a-zA-Z][\w:-]*(?:\s[^<>]*)?/?|!--)>")
"""An HTML tag or comment opening: what makes a field's text markup."""
_TRUNCATION = re.compile(r"(?:\s*\S*?(?:…|\.\.\.))?\s*\[\+\d[\d,]*\s+chars?\]\s*\Z")
"""NewsAPI's "… [+5692 chars]" and the word it cut ("officials sa… [+5692 chars]"), the
ellipsis also as three dots."""


def clean_text(value: str) -> str:
    """Normalise to NFC, drop control characters and BOMs, collapse whitespace to single
    spaces and keep paragraphs apart with one blank line."""
    value = unicodedata.normalize("NFC", value.replace("\r\n", "\n").replace("\r", "\n"))
    value = _CONTROL.sub("", value)
    # str.split() splits at the whitespace ``\s`` matches, and is faster than a substitution
    paragraphs = (" ".join(p.split()) for p in _PARAGRAPH_BREAK.split(value))
    return "\n\n".join(p for p in paragraphs if p)


def clean_line(value: str) -> str:
    """:func:`clean_text` on one line: for titles and names."""
    return " ".join(clean_text(value).split())


def html_to_text(markup: str) -> str:
    """Plain text of an HTML fragment, each block element its own paragraph."""
    # Control characters are dropped first (as clean_text would): lxml refuses them.
    markup = _CONTROL.sub("", markup.replace("\r\n", "\n").replace("\r", "\n"))
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


def plain_text(value: str) -> str:
    """A record field's text as plain text: HTML reduced (:func:`html_to_text`), else its
    entities decoded ("&#039;" gives "'"); a truncation marker at the end and the word it
    cut removed. Cheap for text that has neither "<" nor "&"."""
    markup = "<" in value and _TAG.search(value)
    value = html_to_text(value) if markup else decode_entities(value)
    if "]" in value:
        value = _TRUNCATION.sub("", value)
    return value


def decode_entities(value: str) -> str:
    """HTML character references decoded ("&#039;" and "&amp;" give "'" and "&")."""
    return html_entities.unescape(value) if "&" in value else value
