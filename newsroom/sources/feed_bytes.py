"""A feed's bytes made safe for feedparser, which trusts any declaration and falls back on
windows-1252 without a word.

A feed that declares its encoding (a UTF-16 byte order mark, the XML declaration) is passed
as it is, except that a Western declaration (ISO-8859-1, windows-1252) over text in another
alphabet is refused. A UTF-8 feed with a few stray bytes has them replaced. A feed that
declares nothing and is not UTF-8 is re-encoded to UTF-8 from the encoding
charset-normalizer finds (:mod:`newsroom.sources.encodings`), or refused when that is
doubtful.
"""

from __future__ import annotations

import codecs
import re

from newsroom.sources.encodings import check_declaration, is_utf8, legacy_encoding

__all__ = ["feed_as_utf8"]

_UTF16_BOMS = (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)
_DECLARED = re.compile(
    rb"\A(?:\xef\xbb\xbf)?\s*<\?xml[^>]*?\sencoding\s*=\s*[\"']([A-Za-z][\w.:-]*)[\"']"
)
_UTF8_NAMES = (b"utf-8", b"utf8")


def feed_as_utf8(data: bytes) -> bytes | None:
    """``data`` for feedparser: as it is when it declares an encoding other than UTF-8;
    mostly valid UTF-8 with its few stray bytes replaced (feedparser would otherwise read
    the whole feed as windows-1252); else re-encoded to UTF-8 from the encoding detected,
    or None when it is no text.

    Raises UnclearEncoding when the encoding cannot be told.
    """
    if data.startswith(_UTF16_BOMS):
        return data
    declared = _DECLARED.match(data)
    utf8 = data.startswith(codecs.BOM_UTF8) or (
        declared is not None and declared.group(1).lower().replace(b"_", b"-") in _UTF8_NAMES
    )
    if declared is not None and not utf8:
        check_declaration(data, declared.group(1).decode("ascii"), "feed")
        return data
    if is_utf8(data):
        try:
            data.decode("utf-8")
        except UnicodeDecodeError:
            return data.decode("utf-8", errors="replace").encode("utf-8")
        return data
    if utf8:
        return data  # declared UTF-8 but is not: feedparser reports it, and it is refused
    encoding = legacy_encoding(data)
    if encoding is None:
        return None
    return data.decode(encoding, errors="replace").encode("utf-8")
