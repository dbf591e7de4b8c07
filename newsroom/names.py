"""Words and spelling-proof keys for search.

Place and person names in conflict news come in many spellings and two scripts:
Lysychansk, Lisichansk, Лисичанськ and Лисичанск are one town. :func:`name_key` folds a
word to a key that such variants share: transliterate to ASCII, merge the consonant
digraphs that transliteration systems spell differently (kh/h, zh, ch, sh, ts), treat
Ukrainian h and Russian g alike, collapse every run of vowels (the letters that
systems disagree on most) to one, collapse doubled letters, and drop a final vowel
(which also folds Ukrainian and Russian case endings: Лисичанська, Києві, Germany).

Keys are made only for names (capitalised words and words in non-Latin scripts), so
that common English words never collide with them ("live" and "Lviv" share a key).
"""

from __future__ import annotations

import re
from functools import lru_cache

from anyascii import anyascii

_WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)*")
_NON_ALPHA = re.compile(r"[^a-z0-9]")
_DIGRAPHS = (("shch", "s"), ("sch", "s"), ("zh", "j"), ("kh", "x"), ("ch", "c"), ("sh", "s"))
_VOWEL_RUN = re.compile(r"[aeiouy]+")
_DOUBLE = re.compile(r"(.)\1+")
_POSSESSIVE = re.compile(r"['’]s$")


def words(text: str) -> list[str]:
    """The words of a text, in order, with apostrophes inside words kept."""
    return _WORD.findall(text)


@lru_cache(maxsize=200_000)
def fold(word: str) -> str:
    """Lower-case ASCII spelling of a word: no diacritics, no apostrophes."""
    word = _POSSESSIVE.sub("", word)
    return _NON_ALPHA.sub("", anyascii(word).lower()) or word.casefold()


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
    key = _VOWEL_RUN.sub("a", key)
    key = key.replace("tc", "c").replace("ts", "c").replace("tz", "c")
    key = _DOUBLE.sub(r"\1", key)
    return key[:-1] if len(key) > 3 and key.endswith("a") else key


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
