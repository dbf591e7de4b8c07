"""Signals read from a sentence: denial, hedging, no independent verification, no evidence.

The ``claim`` signal depends on attribution and is set in :mod:`newsroom.text.analyse`.
The cue words are data, one file per language (:mod:`newsroom.text.cues`).
A negated denial ("has not denied", "would neither confirm nor deny") and "deny" in the
sense of withholding ("denied access", "a denial-of-service attack") are not denials.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from newsroom.models import Signal
from newsroom.text.cues import signal_hints, signal_patterns

_I = re.IGNORECASE


def _compile(kind: str) -> re.Pattern[str]:
    """One expression for every language's fragments of a signal kind."""
    return re.compile(r"\b(?:" + "|".join(signal_patterns(kind)) + r")\b", _I)


@dataclass(frozen=True)
class _Hints:
    """A signal's cheap fragments, one of which every match holds: most as the first four
    letters of a word, up to six (one set test per sentence), the rest (short or several words) as
    substrings. Split by script: a sentence without Cyrillic needs only the others."""

    prefixes: frozenset[str]
    rest: tuple[str, ...]
    ascii_prefixes: frozenset[str]
    ascii_rest: tuple[str, ...]

    def may_hold(self, lowered: str, starts: set[str], ascii_only: bool) -> bool:
        if ascii_only:
            prefixes, rest = self.ascii_prefixes, self.ascii_rest
        else:
            prefixes, rest = self.prefixes, self.rest
        return not prefixes.isdisjoint(starts) or any(hint in lowered for hint in rest)


def _hint(kind: str) -> _Hints | None:
    """The hints of a signal kind (None: no shortcut for it)."""
    hints = signal_hints(kind)
    if hints is None:
        return None
    prefixes = {h.strip()[:6] for h in hints if _PREFIX_HINT.fullmatch(h.strip())}
    rest = tuple(h for h in hints if not _PREFIX_HINT.fullmatch(h.strip()))
    return _Hints(
        frozenset(prefixes),
        rest,
        frozenset(p for p in prefixes if p.isascii()),
        tuple(h for h in rest if h.isascii()),
    )


_PREFIX_HINT = re.compile(r"\w{4,}")
_WORD = re.compile(r"\b\w{4,}")


def _word_starts(lowered: str) -> set[str]:
    """The first four, five and six letters of each word (the keys of prefix hints)."""
    return {word[:n] for word in _WORD.findall(lowered) for n in (4, 5, 6)}


DENIAL = _compile("denial")
HEDGED = _compile("hedged")
NOT_INDEPENDENTLY_VERIFIED = _compile("not_independently_verified")
NO_EVIDENCE = _compile("no_evidence")
# "has not denied", "didn't deny", "would neither confirm nor deny", "не опроверг": no
# denial on record.
_NEGATED = re.compile(
    r"(?:(?<!\w)(?:" + "|".join(signal_patterns("negation")) + r"))\s+(?:(?:yet|\w+ly)\s+)?$", _I
)

_NOBODY = re.compile(r"\s*(?:no\s+one|nobody|none|neither|no\s+\w+)\b", _I)
_NON_LATIN = re.compile(r"[\u0400-\u04ff]")
_PASSIVE_AUXILIARY = re.compile(r"\b(?:is|are|was|were|be|been|being)\s+$", _I)
_WITHHELD_AFTER_PASSIVE = re.compile(r"\s+(?:to\s|[€£$\d])", _I)


def _is_denial(sentence: str, match: re.Match[str]) -> bool:
    """A denial pattern that is neither negated nor a passive of withholding ("has been
    denied €7bn", "were denied to call witnesses", "have been denied to Kyiv")."""
    if _NEGATED.search(sentence, 0, match.start()):
        return False
    if _NOBODY.match(sentence) and "," not in sentence[: match.start()]:
        return False  # "Nobody has denied that ...", "Neither side disputed the figures"
    return not (
        _PASSIVE_AUXILIARY.search(sentence, 0, match.start())
        and _WITHHELD_AFTER_PASSIVE.match(sentence, match.end())
    )


_DENIAL_HINT = _hint("denial")
_HEDGED_HINT = _hint("hedged")
_VERIFY_HINT = _hint("not_independently_verified")
_EVIDENCE_HINT = _hint("no_evidence")


def _may_hold(hints: _Hints | None, lowered: str, starts: set[str], ascii_only: bool) -> bool:
    return hints is None or hints.may_hold(lowered, starts, ascii_only)


def read_signals(sentence: str) -> list[Signal]:
    """The text signals of one sentence, except ``claim``, in the vocabulary's order."""
    return list(signals_of(sentence))


@lru_cache(maxsize=65_536)
def signals_of(sentence: str) -> tuple[Signal, ...]:
    """Cached: a wire story re-published by many outlets repeats its sentences word for
    word, and the signals of a sentence depend on nothing else."""
    lowered = " " + sentence.lower()  # so that a hint may start a word (" lie", " call")
    ascii_only = not _NON_LATIN.search(sentence)
    starts = _word_starts(lowered)
    found: list[Signal] = []
    if _may_hold(_DENIAL_HINT, lowered, starts, ascii_only) and any(
        _is_denial(sentence, m) for m in DENIAL.finditer(sentence)
    ):
        found.append("denial")
    if _may_hold(_HEDGED_HINT, lowered, starts, ascii_only) and HEDGED.search(sentence):
        found.append("hedged")
    if _may_hold(_VERIFY_HINT, lowered, starts, ascii_only) and NOT_INDEPENDENTLY_VERIFIED.search(
        sentence
    ):
        found.append("not_independently_verified")
    if _may_hold(_EVIDENCE_HINT, lowered, starts, ascii_only) and NO_EVIDENCE.search(sentence):
        found.append("no_evidence")
    return tuple(found)
