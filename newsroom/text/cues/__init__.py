"""Cue words, per language: the data the attribution and signal rules read.

One TOML file per language (``en.toml``, ``ru.toml``, ``uk.toml``) holds every word list a
rule uses, so a new language or a new cue is a data change with its tests. Tables:

- ``[speakers]``: speech verbs and the phrases that introduce a source ("according to",
  "по словам"). English lists inflected forms; Russian and Ukrainian list lemmas, matched
  through pymorphy3 (:mod:`newsroom.text.cyrillic_speakers`).
- ``[signals]``: for each signal (``denial``, ``hedged``, ``not_independently_verified``,
  ``no_evidence``) a list of regular-expression fragments, matched case-insensitively
  with word boundaries around the whole alternation; ``negation``, the words that cancel
  a denial right before it ("not denied", "не опроверг"); ``back_reference``, what refers
  to the sentences before ("the claims", "эти сведения") and keeps a sentence in its story.
- ``[hints]``: per signal, lower-case fragments one of which every match must contain;
  checking them first skips the expressions for most sentences (a speed-up, not a rule).
  A language without hints for a signal turns the shortcut off for that signal.
- ``[words]``: named word lists that fragments use as ``{name}`` placeholders, e.g.
  ``{falsity}`` in "dismissed ... as {falsity}".
- ``[links]``: ``own_claim``, expression fragments (as in ``[signals]``) for a denial that
  carries what it denies ("rejected a report that ..."): it answers no earlier claim it does
  not take up.
- ``[places]``: ``prepositions`` that put the name after them in a place ("in", "near",
  "під"): a denial that names another place than a claim does not answer it.
- ``[furniture]``: page and feed furniture, never a statement: ``labels`` ("Summary",
  "Read more"), record ``fields`` ("Country: ..."), ``bylines`` ("Posted by ...").
"""

from __future__ import annotations

import re
import tomllib
from functools import cache
from pathlib import Path
from typing import Any

LANGUAGES = ("en", "ru", "uk")
SIGNAL_KINDS = ("denial", "hedged", "not_independently_verified", "no_evidence")
_HERE = Path(__file__).parent
_PLACEHOLDER = re.compile(r"\{(\w+)\}")


@cache
def cues(language: str) -> dict[str, Any]:
    """The parsed cue file of ``language`` ({} when there is none).

    Raises ``tomllib.TOMLDecodeError`` naming the line when a file is malformed.
    """
    path = _HERE / f"{language}.toml"
    if not path.exists():
        return {}
    with path.open("rb") as handle:
        return tomllib.load(handle)


def _expand(fragment: str, words: dict[str, list[str]]) -> str:
    """``{falsity}`` -> ``(?:false|fake|...)`` from the file's ``[words]`` table."""

    def word_list(match: re.Match[str]) -> str:
        name = match.group(1)
        if name not in words:
            return match.group(0)  # a regular-expression repetition such as \w{2}
        return "(?:" + "|".join(words[name]) + ")"

    return _PLACEHOLDER.sub(word_list, fragment)


@cache
def signal_patterns(kind: str) -> tuple[str, ...]:
    """Every language's expression fragments for a signal kind (or ``negation``)."""
    return _patterns("signals", kind)


def _patterns(table_name: str, kind: str) -> tuple[str, ...]:
    """Every language's expression fragments of list ``kind`` in table ``table_name``, with
    their ``{name}`` placeholders expanded."""
    fragments: list[str] = []
    for language in LANGUAGES:
        table = cues(language)
        words = table.get("words", {})
        fragments.extend(_expand(f, words) for f in table.get(table_name, {}).get(kind, []))
    return tuple(fragments)


@cache
def signal_hints(kind: str) -> tuple[str, ...] | None:
    """Every language's hint fragments for a signal kind, or None when a language that
    has patterns for it gives no hints (the shortcut is then off)."""
    hints: list[str] = []
    for language in LANGUAGES:
        table = cues(language)
        if not table.get("signals", {}).get(kind):
            continue
        listed = table.get("hints", {}).get(kind)
        if not listed:
            return None
        hints.extend(listed)
    return tuple(hints)


@cache
def speaker_words(key: str, language: str = "en") -> tuple[str, ...]:
    """A ``[speakers]`` list of one language (empty when absent)."""
    return tuple(cues(language).get("speakers", {}).get(key, []))


@cache
def furniture_words(key: str) -> tuple[str, ...]:
    """Every language's ``[furniture]`` list ``key`` (``labels``, ``fields``, ``bylines``)."""
    return tuple(
        dict.fromkeys(
            w for language in LANGUAGES for w in cues(language).get("furniture", {}).get(key, [])
        )
    )


@cache
def place_prepositions() -> frozenset[str]:
    """Every language's locative prepositions (``[places] prepositions``), lower case."""
    return frozenset(
        w.lower()
        for language in LANGUAGES
        for w in cues(language).get("places", {}).get("prepositions", [])
    )


@cache
def link_patterns(kind: str) -> tuple[str, ...]:
    """Every language's ``[links]`` fragments of ``kind`` (``own_claim``)."""
    return _patterns("links", kind)
