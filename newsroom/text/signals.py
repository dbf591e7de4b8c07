"""Signals read from a sentence: denial, hedging, no independent verification, no evidence.

The ``claim`` signal depends on attribution and is set in :mod:`newsroom.text.analyse`.
Patterns are English first, with the commonest Ukrainian and Russian equivalents.
"""

from __future__ import annotations

import re

from newsroom.models import Signal

_I = re.IGNORECASE

DENIAL = re.compile(
    r"\b(?:den(?:y|ies|ied|ying|ial|ials)"
    r"|refut(?:e|es|ed|ing)|rebut(?:s|ted|ting)?|rebuff(?:s|ed|ing)?"
    r"|disput(?:e|es|ed|ing)(?=\s+(?:the|this|that|these|those|reports?|claims?|allegations?|accounts?))"
    r"|reject(?:s|ed|ing)?\s+(?:\w+\s+){0,4}?(?:claims?|reports?|allegations?|accusations?|assertions?|suggestions?|accounts?)"
    r"|dismiss(?:es|ed|ing)?\s+(?:\w+\s+){0,6}?(?:as|claims?|reports?|allegations?)"
    r"|(?:called|calling|described)\s+(?:\w+\s+){0,6}?(?:false|fake|lies?|propaganda|disinformation|untrue|baseless|fabricat\w+|groundless)"
    r"|(?:is|was|were|are)\s+(?:simply\s+|completely\s+)?(?:not\s+true|untrue|false|fake|a\s+lie|fabricat\w+)"
    r"|no\s+truth\s+(?:to|in)|contradict(?:s|ed|ing)?"
    r"|спростува\w*|запереч\w+|опроверг\w*|отрица\w*)\b",
    _I,
)

HEDGED = re.compile(
    r"\b(?:reportedly|allegedly|purportedly|supposedly|presumably|apparently|ostensibly"
    r"|unconfirmed|unverified|rumou?r(?:s|ed)?"
    r"|(?:is|are|was|were)\s+(?:said|reported|believed|thought|understood|alleged|rumou?red)\s+to"
    r"|it\s+is\s+(?:understood|believed|thought|alleged)|it\s+was\s+(?:understood|believed)"
    r"|there\s+(?:are|were)\s+(?:unconfirmed\s+)?reports|(?:may|might)\s+have\s+been"
    r"|нібито|начебто|ймовірно|імовірно|якобы|предположительно|вероятно|по\s+непроверенным)\b",
    _I,
)

NOT_INDEPENDENTLY_VERIFIED = re.compile(
    r"\b(?:not|n't|unable|cannot|impossible|no\s+way|neither|nor)\b[^.;:]{0,60}?"
    r"\b(?:independently|independent(?:ly)?\s+(?:and\s+\w+\s+)?)\s*(?:verif|confirm|corroborat|assess)\w*"
    r"|\b(?:not|n't|unable|cannot|impossible)\b[^.;:]{0,40}?\b(?:verif|confirm|corroborat)\w*\s+"
    r"(?:independently|by\s+(?:the\s+)?\w+\s+independently)"
    r"|\bno\s+independent\s+(?:verification|confirmation|corroboration)"
    r"|не\s+вдалося\s+(?:незалежно\s+)?(?:перевірити|підтвердити)"
    r"|не\s+удалось\s+(?:независимо\s+)?(?:проверить|подтвердить)",
    _I,
)

NO_EVIDENCE = re.compile(
    r"\bwithout\s+(?:providing|offering|giving|presenting|citing|producing|showing|supplying)?\s*"
    r"(?:any\s+)?(?:evidence|proof)"
    r"|\b(?:provided|offered|gave|presented|produced|showed|cited|supplied)\s+no\s+(?:evidence|proof)"
    r"|\b(?:did|does|do|has|have|had)\s+not\s+(?:provide|offer|give|present|produce|show|cite|supply)"
    r"(?:d)?\s+(?:any\s+)?(?:evidence|proof)"
    r"|\bno\s+(?:evidence|proof)\s+(?:was|has\s+been|were|had\s+been)\s+(?:provided|offered|given|presented|produced)"
    r"|без\s+(?:жодних\s+|каких-либо\s+)?(?:доказів|доказательств)",
    _I,
)


def read_signals(sentence: str) -> list[Signal]:
    """The text signals of one sentence, except ``claim``, in the vocabulary's order."""
    found: list[Signal] = []
    if DENIAL.search(sentence):
        found.append("denial")
    if HEDGED.search(sentence):
        found.append("hedged")
    if NOT_INDEPENDENTLY_VERIFIED.search(sentence):
        found.append("not_independently_verified")
    if NO_EVIDENCE.search(sentence):
        found.append("no_evidence")
    return found
