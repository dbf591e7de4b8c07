"""Plain text and Markdown: one file is one bulletin."""

from __future__ import annotations

import re
from collections.abc import Iterator

from newsroom.models import RawBulletin, Rejection
from newsroom.sources.clean import decode_entities
from newsroom.sources.encodings import UnclearEncoding, decode
from newsroom.sources.records import Origin, make_bulletin

MAX_TITLE_CHARS = 150
_ATX_HEADING = re.compile(r"[ ]{0,3}#{1,6}[ \t]+(.*?)(?:[ \t]+#+)?[ \t]*")
_SETEXT_RULE = re.compile(r"[ ]{0,3}(=+|-+)[ \t]*")
_THEMATIC_BREAK = re.compile(r"[ ]{0,3}([-*_])([ \t]*\1){2,}[ \t]*")
_FENCE = re.compile(r"[ ]{0,3}(```|~~~).*")
_LINK_DEFINITION = re.compile(r"[ ]{0,3}\[[^\]]+\]:\s*\S+.*")
_BLOCKQUOTE = re.compile(r"^[ ]{0,3}(?:>[ ]?)+", re.MULTILINE)
_LIST_ITEM = re.compile(r"^[ \t]*[-*+][ \t]+", re.MULTILINE)
# Spans never cross their own delimiter or a line end, so each match is found in linear time.
_LINKS = (
    re.compile(r"!?\[([^\[\]\n]*)\]\([^()\n]*\)"),
    re.compile(r"\[([^\[\]\n]+)\]\[[^\[\]\n]*\]"),
    re.compile(r"<((?:https?|mailto):[^>\s]+)>"),
    re.compile(r"`([^`\n]+)`"),
)
_EMPHASIS = (
    re.compile(r"(?<!\*)(\*{1,3})(?=[^\s*])([^*\n]+?)(?<=[^\s*])\1(?!\*)"),
    re.compile(r"(?<![\w_])(_{1,3})(?=[^\s_])([^_\n]+?)(?<=[^\s_])\1(?![\w_])"),
    re.compile(r"(~~)(?=[^\s~])([^~\n]+?)(?<=[^\s~])~~"),
)
_NESTING = 3
"""Emphasis comes off one level per pass: ``**bold *em* bold**`` takes two."""
_ESCAPED = re.compile(r"\\([\\`*_{}\[\]()#+\-.!>~|])")
_PLACEHOLDER = re.compile(r"[\ue000-\ue07f]")
"""Escaped characters are parked in the private use area while the markup is removed."""


def read_text(data: bytes, origin: Origin) -> Iterator[RawBulletin | Rejection]:
    """Yield the file as one bulletin, its title taken from a heading or a short first line."""
    try:
        content = decode(data)
    except UnclearEncoding as exc:
        yield origin.reject(str(exc))
        return
    if content is None:
        yield origin.reject("binary file, not text")
        return
    title, body = split_title(content)
    yield make_bulletin(
        origin,
        origin.where,
        text=decode_entities(strip_markdown(body)),
        title=title and decode_entities(strip_markdown(title)),
        url=origin.url,
    )


def split_title(content: str) -> tuple[str | None, str]:
    """Split off a title: a leading Markdown heading, or a short first line without final
    punctuation followed by a blank line. Returns (title or None, rest)."""
    lines = content.replace("\r\n", "\n").replace("\r", "\n").lstrip("\ufeff\n \t").split("\n")
    first = lines[0].strip()
    heading = _ATX_HEADING.fullmatch(lines[0])
    if heading:
        return heading.group(1), "\n".join(lines[1:])
    if len(lines) > 2 and first and _SETEXT_RULE.fullmatch(lines[1]):
        return first, "\n".join(lines[2:])
    if (
        len(lines) > 2
        and 0 < len(first) <= MAX_TITLE_CHARS
        and not first.rstrip("\"'”’)]*_").endswith((".", "!", "?", ":", ";", ",", "…"))
        and not lines[1].strip()
    ):
        return first, "\n".join(lines[2:])
    return None, content


def strip_markdown(text: str) -> str:
    """Reduce Markdown to plain text; headings and list items become their own paragraphs."""
    lines = []
    for line in text.replace("\r\n", "\n").replace("\r", "\n").split("\n"):
        if _FENCE.fullmatch(line) or _LINK_DEFINITION.fullmatch(line):
            continue
        heading = _ATX_HEADING.fullmatch(line)
        if heading:
            lines.extend(("", heading.group(1), ""))
        elif _THEMATIC_BREAK.fullmatch(line) or _SETEXT_RULE.fullmatch(line):
            lines.append("")
        else:
            lines.append(line)
    text = _BLOCKQUOTE.sub("", "\n".join(lines))
    text = _LIST_ITEM.sub("\n", text)
    text = _ESCAPED.sub(lambda m: chr(0xE000 + ord(m.group(1))), text)
    for pattern in _LINKS:
        text = pattern.sub(r"\1", text)
    for pattern in _EMPHASIS:
        for _ in range(_NESTING):
            text, found = pattern.subn(r"\2", text)
            if not found:
                break
    return _PLACEHOLDER.sub(lambda m: chr(ord(m.group()) - 0xE000), text)
