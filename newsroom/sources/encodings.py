"""Telling text from binary, and which encoding a text is in.

UTF-8 is checked first and needs nothing else (the fast path: charset detection never runs
on a file that is valid UTF-8). Other bytes go to charset-normalizer, which weighs every
legacy encoding Python knows (windows-1251, EUC-JP, Shift-JIS, EUC-KR, TIS-620,
windows-1255, ...) by how messy and how language-like each decoding reads. When two
encodings read equally well but give different text, or when the text has too few
non-ASCII bytes for the choice to mean anything, the input is refused with
:class:`UnclearEncoding` rather than stored as mojibake, except that windows-1252 is taken
when it reads as Latin-script words: the encoding of most legacy Western files, and what a
short Western text with a few accents usually is. A declared encoding that does not fit
the text (ISO-8859-1 over another alphabet's encoding, KOI8-R over windows-1251) is refused
too (:func:`check_declaration`).

Only true binary is refused as such: NUL bytes make up more than 1% of the bytes, or a
legacy text has more than 1% other control bytes, or no encoding decodes it at all. A page
with a few stray NUL bytes (after an embedded image, say) is still text; the NULs are
dropped with the other control characters.
"""

from __future__ import annotations

import codecs
import io
import re
from typing import BinaryIO, TextIO

import charset_normalizer

__all__ = [
    "UnclearEncoding",
    "check_declaration",
    "decode",
    "legacy_encoding",
    "looks_binary",
    "open_text",
    "reads_as_western",
    "sniff_encoding",
]

SNIFF_BYTES = 64 * 1024
"""How much of the input the detection reads."""
_UTF16_BOMS = (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)
_HIGH_BYTES = bytes(range(0x80, 0x100))
_CONTROL_BYTES = bytes(b for b in range(0x20) if b not in b"\t\n\x0c\r\x1b")
_ESCAPE = b"\x1b"
"""Starts the shifts of the 7-bit ISO-2022 encodings (ISO-2022-JP, ISO-2022-KR)."""
_CONTROLS_PERCENT = 1
"""NUL (or, in a legacy encoding, other control) bytes allowed per 100 bytes of text: stray
ones, not structure. Binary formats have far more."""
_CHAOS_MARGIN = 0.02
"""Candidates whose mess ratio is within this of the best one are its rivals."""
_COHERENCE_MARGIN = 0.1
"""A rival reading this much less like a language than the best one is no rival."""
_DECLARED_MARGIN = 0.1
"""A declared encoding reading this much messier than the one detected is a wrong one."""
"""A rival reading this much less like a language than the best one is no rival."""
_MIN_EVIDENCE = 48
"""Bytes above 0x7F needed to trust a legacy encoding: with fewer (a short title in Hebrew
among English text) one alphabet passes for another (it reads as Russian in KOI8-R)."""
_WESTERN = "cp1252"
_WESTERN_NAMES = frozenset(
    "iso-8859-1 iso8859-1 latin-1 latin1 l1 iso-8859-15 windows-1252 cp1252 us-ascii ascii".split()
)
"""Western declarations, which :func:`check_declaration` checks against another alphabet."""
_WESTERN_CODECS = frozenset({"iso8859-1", "iso8859-15", "cp1252", "ascii"})
_TYPOGRAPHY = frozenset("“”‘’„‚«»‹›–—…•·€£¥¢°©®™§¶†‡\u00a0")
_WORD = re.compile(r"[^\W\d_]+")


class UnclearEncoding(ValueError):
    """The bytes are text, but two encodings read them equally well as different text."""


def looks_binary(sample: bytes) -> bool:
    """True if NUL bytes are more than 1% of ``sample`` and it has no UTF-16 byte order mark."""
    if sample.startswith(_UTF16_BOMS):
        return False
    return sample.count(0) * 100 > len(sample) * _CONTROLS_PERCENT


def sniff_encoding(sample: bytes, *, final: bool = True) -> str | None:
    """Return the codec to read ``sample`` with, or None when it is binary.

    UTF-16 needs its BOM. UTF-8 (with or without BOM) is chosen if at least 90% of the
    bytes above 0x7F form valid UTF-8, so a few stray bytes do not garble the rest; else
    charset-normalizer decides from the first 64 KB. ``final=False`` allows a multi-byte
    character cut off at the end of a partial read.

    Raises :class:`UnclearEncoding` when two encodings fit equally well.
    """
    if sample.startswith(_UTF16_BOMS):
        return "utf-16"
    if looks_binary(sample):
        return None
    if is_utf8(sample, final=final):
        return "utf-8-sig"
    return legacy_encoding(sample, final=final)


def is_utf8(sample: bytes, *, final: bool = True) -> bool:
    """True if at least 90% of the bytes above 0x7F in ``sample`` form valid UTF-8.

    ASCII is UTF-8, unless it has the escape sequences of ISO-2022.
    """
    high = len(sample) - len(sample.translate(None, _HIGH_BYTES))
    if not high:
        return _ESCAPE not in sample
    decoder = codecs.getincrementaldecoder("utf-8")(errors="replace")
    invalid = decoder.decode(sample, final=final).count("\ufffd")
    return invalid * 10 <= high


def legacy_encoding(data: bytes, *, final: bool = True) -> str | None:
    """The one legacy encoding that reads ``data`` best (see the module doc), or None
    when it is binary: more than 1% control bytes, or no encoding fits.

    Only the first 64 KB are read. A cut-off read (``final=False`` or longer data) ends
    after its last ASCII byte, so that no multi-byte character is cut in two: a lead byte
    without its trail would rule the right encoding out.

    Raises :class:`UnclearEncoding` naming the rivals when the choice is doubtful.
    """
    sample = data[:SNIFF_BYTES]
    if not final or len(data) > SNIFF_BYTES:
        sample = sample.rstrip(_HIGH_BYTES) or sample
    controls = len(sample) - len(sample.translate(None, _CONTROL_BYTES))
    if controls * 100 > len(sample) * _CONTROLS_PERCENT:
        return None
    results = list(charset_normalizer.from_bytes(sample))
    if not results:
        return None
    best = results[0]
    text = str(best)
    rivals = [
        match
        for match in results[1:]
        if match.chaos <= best.chaos + _CHAOS_MARGIN
        and match.coherence >= best.coherence - _COHERENCE_MARGIN
        and str(match) != text
    ]
    high = len(sample) - len(sample.translate(None, _HIGH_BYTES))
    if not rivals and (high >= _MIN_EVIDENCE or _ESCAPE in sample):
        return best.encoding
    if reads_as_western(sample):
        return _WESTERN
    if rivals:
        names = ", ".join(dict.fromkeys(match.encoding for match in [best, *rivals][:4]))
        why = f"it reads equally well as {names}"
    else:
        why = f"too few non-ASCII characters to be sure; it reads best as {best.encoding}"
    raise UnclearEncoding(
        f"cannot tell the text's encoding ({why}); save it as UTF-8 or declare its encoding"
    )


def reads_as_western(sample: bytes) -> bool:
    """True if windows-1252 turns every byte above 0x7F into a letter of a Latin-script word
    or a typographic sign: no symbols (¼ ´ ¹ ×), no word of accented letters only (what
    Hebrew, Thai, Cyrillic or CJK bytes become), no capital inside a word."""
    try:
        text = sample.decode(_WESTERN)
    except UnicodeDecodeError:
        return False
    for char in set(text):
        if not char.isascii() and not char.isalpha() and char not in _TYPOGRAPHY:
            return False
    for word in _WORD.findall(text):
        if word.isascii():
            continue
        if len(word) > 1 and not any(char.isascii() for char in word):
            return False
        if not word.isupper() and any(not c.isascii() and c.isupper() for c in word[1:]):
            return False
    return True


def check_declaration(data: bytes, declared: str, kind: str = "file") -> None:
    """Raise UnclearEncoding when ``data`` declares a legacy encoding its text is not in:
    parsers that trust the declaration decode it without complaint, as mojibake.

    A Western declaration (ISO-8859-1, the default of much old software, or windows-1252)
    is wrong over text in another alphabet's encoding; any other legacy declaration (KOI8-R
    over windows-1251 text, say) is wrong when the encoding detected reads clearly better.
    ``kind`` names the input in the message ("feed", "page").
    """
    declared = declared.lower()
    if data.isascii():
        return
    western = declared.replace("_", "-") in _WESTERN_NAMES
    if western and reads_as_western(data[:SNIFF_BYTES]):
        return
    try:
        codec = codecs.lookup(declared).name
    except LookupError:
        return  # a name Python does not know: the parser reports it
    if codec.startswith("utf") or not (western or _single_byte(codec)):
        return
    try:
        actual = legacy_encoding(data)
    except UnclearEncoding:
        return  # nothing better than the declaration
    if not actual or codecs.lookup(actual).name == codec:
        return
    if (
        codecs.lookup(actual).name not in _WESTERN_CODECS
        if western
        else _reads_clearly_better(data, actual, codec)
    ):
        raise UnclearEncoding(
            f"the {kind} declares the encoding {declared} but its text reads as {actual};"
            " fix the declaration or save it as UTF-8"
        )


def _single_byte(codec: str) -> bool:
    """True for an encoding of one byte per character (KOI8-R, windows-1251, ISO-8859-5):
    any bytes decode in it, so a wrong declaration of one raises no error anywhere."""
    return len(_HIGH_BYTES.decode(codec, errors="replace")) == len(_HIGH_BYTES)


def _reads_clearly_better(data: bytes, actual: str, declared: str) -> bool:
    """True when ``data`` read as ``actual`` is clearly less messy than read as ``declared``
    (which charset-normalizer drops altogether when it is messier than its threshold)."""
    sample = data[:SNIFF_BYTES]
    theirs = charset_normalizer.from_bytes(sample, cp_isolation=[actual]).best()
    if theirs is None:
        return False
    ours = charset_normalizer.from_bytes(sample, cp_isolation=[declared]).best()
    if ours is None:
        return True
    return ours.chaos >= theirs.chaos + _DECLARED_MARGIN and str(ours) != str(theirs)


def decode(data: bytes) -> str | None:
    """Decode a whole file's bytes, or return None if they are not text.

    Raises :class:`UnclearEncoding` when the encoding cannot be told.
    """
    encoding = sniff_encoding(data)
    return None if encoding is None else data.decode(encoding, errors="replace")


def open_text(stream: BinaryIO, head: bytes, *, newline: str | None = None) -> TextIO | None:
    """Wrap ``stream`` for reading text line by line, or return None if ``head`` looks binary.

    The encoding is chosen from ``head`` (the rest is streamed); bytes that do not fit it
    later become U+FFFD. Raises :class:`UnclearEncoding` when it cannot be told.
    """
    encoding = sniff_encoding(head, final=False)
    if encoding is None:
        return None
    return io.TextIOWrapper(stream, encoding=encoding, errors="replace", newline=newline)
