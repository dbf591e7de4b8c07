"""The names a text mentions, counted as its topics."""

from __future__ import annotations

import re

from newsroom.names import fold, name_key, script_is_latin

_NAME_RUN = re.compile(r"[A-ZÀ-ÖØ-ÞА-ЯІЇЄҐ][\w’'-]*(?:[ \t]+[A-ZÀ-ÖØ-ÞА-ЯІЇЄҐ][\w’'-]*)*")
_POSSESSIVE = re.compile(r"['’]s$")
_NOT_NAMES = frozenset(
    """the a an this that these those it he she they we i but and in on at of for to as after
    before when while if there here his her its their our on by from with also meanwhile
    monday tuesday wednesday thursday friday saturday sunday january february march april
    june july august september october november december jan feb mar apr jun jul aug sep
    sept oct nov dec в у на з із зі до по о об від для та і й а але це ця цей ці як що при під
    над за про після перед из к с со от и но это как после перед во""".split()
)
_TITLES = frozenset(
    """colonel general lieutenant major captain sergeant commander president minister prime
    deputy mr mrs ms dr lord lady sir governor mayor chief spokesman spokeswoman
    spokesperson ambassador foreign defence defense interior senator""".split()
)
_NOT_NAMES_OR_TITLES = _NOT_NAMES | _TITLES
_ADJECTIVE_SUFFIXES = ("ian", "ean", "ese", "ish")
_MIN_KEY = 3


def topic_names(text: str) -> dict[str, tuple[str, bool]]:
    """The names a text mentions, as topics: ``{key: (display, confirmed)}``.

    A run of capitalised words is one name ("Andriy Kovalchuk", "Kryvyi Rih"), without
    leading function words and titles ("The", "Colonel") or a possessive. A lone word that
    may be capitalised only because it opens a sentence ("Shelling hit ...") is returned
    unconfirmed: it counts as a topic only where it is also seen inside a sentence (in this
    text or another). A lone
    nationality adjective used before a noun ("Russian forces") is not a topic, nor is an
    all-capitals dateline.
    """
    found: dict[str, str] = {}
    runs = list(_NAME_RUN.finditer(text))
    mid_sentence = {
        t for m in runs if not _starts_sentence(text, m.start()) for t in m.group(0).split()
    }
    for match in runs:
        tokens = match.group(0).split()
        confirmed = not (
            len(tokens) == 1
            and _starts_sentence(text, match.start())
            and tokens[0] not in mid_sentence
            and script_is_latin(tokens[0])
            and not tokens[0].isupper()
        )
        while tokens and (
            tokens[0].casefold() in _NOT_NAMES or fold(tokens[0]) in _NOT_NAMES_OR_TITLES
        ):
            tokens.pop(0)
        tokens = [t for t in tokens if not (t.isupper() and len(t) > 5)]
        if not tokens:
            continue
        tokens[-1] = _POSSESSIVE.sub("", tokens[-1])
        if len(tokens) == 1 and _is_attributive_adjective(tokens[0], text, match.end()):
            continue
        key = " ".join(name_key(t) for t in tokens)
        if len(key) >= _MIN_KEY and fold(tokens[-1]) not in _NOT_NAMES:
            display, seen_confirmed = found.get(key, (" ".join(tokens), False))
            found[key] = (
                display if seen_confirmed or not confirmed else " ".join(tokens),
                seen_confirmed or confirmed,
            )
    return found


def _starts_sentence(text: str, start: int) -> bool:
    before = text[max(0, start - 3) : start].rstrip(" \t\n\"“‘'(")
    return not before or before[-1] in ".!?:"


def _is_attributive_adjective(word: str, text: str, end: int) -> bool:
    """ "Russian" in "Russian forces": a nationality adjective before a lower-case noun."""
    following = text[end : end + 2].strip()
    return fold(word).endswith(_ADJECTIVE_SUFFIXES) and following[:1].islower()
