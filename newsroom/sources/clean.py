"""Decoding bytes to text and cleaning text: one place for encodings, whitespace and HTML."""

from __future__ import annotations

import codecs
import html as html_entities
import io
import re
import unicodedata
from typing import BinaryIO, TextIO

from lxml import etree, html
from lxml.html import defs

_UTF16_BOMS = (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)
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
_SNIFF_BYTES = 64 * 1024
_HIGH_BYTES = bytes(range(0x80, 0x100))
_CONTROL_BYTES = bytes(b for b in range(0x20) if b not in b"\t\n\x0c\r")
_TAG = re.compile(r"<(?:/?[a-zA-Z][\w:-]*(?:\s[^<>]*)?/?|!--)>")
"""An HTML tag or comment opening: what makes a field's text markup."""
_TRUNCATION = re.compile(r"(?:\s*\S*…)?\s*\[\+\d[\d,]*\s+chars?\]\s*\Z")
"""NewsAPI's "… [+5692 chars]" and the word it cut ("officials sa… [+5692 chars]")."""


def looks_binary(sample: bytes) -> bool:
    """True if ``sample`` has NUL bytes and no UTF-16 byte order mark."""
    return b"\x00" in sample and not sample.startswith(_UTF16_BOMS)


def sniff_encoding(sample: bytes, *, final: bool = True) -> str | None:
    """Return the codec to read ``sample`` with, or None when it looks binary.

    UTF-16 needs its BOM; otherwise NUL bytes mean binary. UTF-8 (with or without BOM) is
    chosen if at least 90% of the bytes above 0x7F form valid UTF-8, so a few stray bytes
    do not garble the rest. Otherwise Windows-1252, if the first 64 KB look like Western
    text: few control characters and at most 30% bytes above 0x7F. ``final=False`` allows
    a multi-byte character cut off at the end of a partial read.
    """
    if sample.startswith(_UTF16_BOMS):
        return "utf-16"
    if looks_binary(sample):
        return None
    decoder = codecs.getincrementaldecoder("utf-8")(errors="replace")
    invalid = decoder.decode(sample, final=final).count("\ufffd")
    if invalid * 10 <= len(sample) - len(sample.translate(None, _HIGH_BYTES)):
        return "utf-8-sig"
    prefix = sample[:_SNIFF_BYTES]
    controls = len(prefix) - len(prefix.translate(None, _CONTROL_BYTES))
    high = len(prefix) - len(prefix.translate(None, _HIGH_BYTES))
    if controls > len(prefix) // 1000 or high > len(prefix) * 0.3:
        return None
    return "cp1252"


def decode(data: bytes) -> str | None:
    """Decode a whole file's bytes, or return None if they are not text."""
    encoding = sniff_encoding(data)
    return None if encoding is None else data.decode(encoding, errors="replace")


def open_text(stream: BinaryIO, head: bytes, *, newline: str | None = None) -> TextIO | None:
    """Wrap ``stream`` for reading text line by line, or return None if ``head`` looks binary.

    The encoding is chosen from ``head``; bytes that do not fit it later become U+FFFD.
    """
    encoding = sniff_encoding(head, final=False)
    if encoding is None:
        return None
    return io.TextIOWrapper(stream, encoding=encoding, errors="replace", newline=newline)


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
