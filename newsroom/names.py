"""Words and spelling-proof keys for search.

Place and person names in conflict news come in many spellings and two scripts:
Lysychansk, Lisichansk, Лисичанськ and Лисичанск are one town. :func:`name_key` folds a
word to a key that such variants share: transliterate to ASCII, merge the consonant
digraphs that transliteration systems spell differently (kh/h, zh, ch, sh, ts), treat
Ukrainian h and Russian g alike, collapse every run of vowels (the letters that
systems disagree on most) to one, except that an initial vowel keeps its quality,
collapse doubled letters, and drop a final vowel (which also folds Ukrainian and Russian
case endings: Лисичанська, Києві, Germany). A Cyrillic name also loses the consonant
case endings (Лисичанськом, Харкове), so search needs no prefix queries.

Keys are made only for names (capitalised words and words in non-Latin scripts), so
that common English words never collide with them ("live" and "Lviv" share a key).
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from anyascii import anyascii

_MARKS = (
    "\u0300-\u036f\u0483-\u0489\u0591-\u05bd\u0610-\u061a\u064b-\u065f\u0900-\u0903"
    "\u093a-\u094f\u0962\u0963\u0981-\u0983\u09bc-\u09d7\u0e31\u0e34-\u0e3a\u0e47-\u0e4e"
    "\u102b-\u103e\u1056-\u1059\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f"
)
_WORD = re.compile(rf"(?:[^\W_]|[{_MARKS}])+(?:['’](?:[^\W_]|[{_MARKS}])+)*")
_ASCII_WORD = re.compile(r"[A-Za-z0-9]+(?:'[A-Za-z0-9]+)*")
""":data:`_WORD` for ASCII text, where it can be written without alternations (faster)."""
_NON_ALPHA = re.compile(r"[^a-z0-9]")
_DIGRAPHS = (("shch", "s"), ("sch", "s"), ("zh", "j"), ("kh", "x"), ("ch", "c"), ("sh", "s"))
_VOWEL_RUN = re.compile(r"[aeiouy]+")
_SLAVIC_ENDING = re.compile(r"(?<=[^a])(?:am|ax|ag|agam)$")
"""Case endings left on a Cyrillic name's key once vowels are folded: -ом/-ем/-ам/-ями
(am), -ах/-ях (ax), -ого/-его (ag), -ого́м-like runs (agam); Лисичанськом, Харкові."""
_INITIAL_VOWEL = re.compile(r"^(y?[aeiou]|y)[aeiouy]*")
_INITIAL_CLASS = {"a": "a", "o": "o", "u": "u", "e": "e", "i": "e", "y": "e"}
"""A name's first vowel keeps its quality (Oman, Amman, Yemen differ), with the
alternations transliteration makes there merged: Ye/E/I/Yi, Ya/A, Yu/U, Yo/O."""
_DOUBLE = re.compile(r"(.)\1+")
_POSSESSIVE = re.compile(r"['’][sS]$")


@lru_cache(maxsize=65_536)
def words(text: str) -> tuple[str, ...]:
    """The words of a sentence, in order (see :func:`text_words`).

    Cached: one sentence is read for stories, search terms and topics in turn. A whole
    bulletin's text, read once, goes to :func:`text_words` and keeps out of the cache."""
    return text_words(text)


def text_words(text: str) -> tuple[str, ...]:
    """The words of a text, in order, with apostrophes and combining marks kept inside words."""
    if text.isascii():
        return tuple(_ASCII_WORD.findall(text))
    return tuple(_WORD.findall(unicodedata.normalize("NFC", text)))


@lru_cache(maxsize=200_000)
def fold(word: str) -> str:
    """Lower-case ASCII spelling of a word: no diacritics, no apostrophes."""
    word = _POSSESSIVE.sub("", word)
    folded = _NON_ALPHA.sub("", anyascii(word).lower())
    # A script anyascii cannot spell keeps a stable ASCII stand-in, so queries stay ASCII.
    return folded or "u" + word.casefold().encode("utf-8").hex()


@lru_cache(maxsize=200_000)
def name_key(word: str) -> str:
    """A key that spelling and script variants of a name share (see the module docstring)."""
    key = fold(word)
    if not key.isascii():
        return key
    key = key.replace("j", "y")
    for digraph, letter in _DIGRAPHS:
        key = key.replace(digraph, letter)
    key = key.replace("h", "g")
    initial = _INITIAL_VOWEL.match(key)
    head = _INITIAL_CLASS[initial.group(1)[-1]] if initial else ""
    key = head + _VOWEL_RUN.sub("a", key[initial.end() if initial else 0 :])
    key = key.replace("tc", "c").replace("ts", "c").replace("tz", "c")
    key = _DOUBLE.sub(r"\1", key)
    key = key[:-1] if len(key) > 3 and key.endswith("a") else key
    if not script_is_latin(word):
        key = _SLAVIC_ENDING.sub("", key) if len(key) > 4 else key
    return key


@lru_cache(maxsize=200_000)
def is_name(word: str) -> bool:
    """True for words that take a name key: capitalised, or not in the Latin script."""
    return word[:1].isupper() or not script_is_latin(word)


def script_is_latin(word: str) -> bool:
    """True when a word's letters are Latin (with or without diacritics)."""
    if word.isascii():
        return True
    return all(
        not ch.isalpha() or ord(ch) < 0x250 or 0x1E00 <= ord(ch) <= 0x1EFF for ch in word[:3]
    )
