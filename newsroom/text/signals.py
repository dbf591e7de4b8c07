"""Signals read from a sentence: denial, hedging, no independent verification, no evidence.

The ``claim`` signal depends on attribution and is set in :mod:`newsroom.text.analyse`.
Patterns are English first, with the commonest Ukrainian and Russian equivalents.
A negated denial ("has not denied", "would neither confirm nor deny") and "deny" in the
sense of withholding ("denied access", "a denial-of-service attack") are not denials.
"""

from __future__ import annotations

import re

from newsroom.models import Signal

_I = re.IGNORECASE

_FALSITY = (
    r"(?:false|fake|lies?|propaganda|disinformation|misinformation|untrue|baseless|fabricat\w+"
    r"|groundless|unfounded|nonsense|absurd|ridiculous|speculation|rumou?rs?|hoax|fiction"
    r"|provocation|slander)"
)
# Deny in the sense of withholding ("denied access", "denial of food", "a denial-of-service
# attack") rejects no claim.
_WITHHELD = (
    r"(?![\s-]+(?:(?:him|her|them|us|me|the\s+\w+)\s+)?(?:of[\s-]+)?(?:any\s+)?"
    r"(?:access|entry|bail|permission|visas?|passage|asylum|service|food|water|aid|medical"
    r"|treatment|justice|citizenship|funding|funds|the\s+right|the\s+chance"
    r"|the\s+opportunity)\b)"
)

DENIAL = re.compile(
    r"\b(?:den(?:y|ies|ied|ying|ial|ials)\b"
    + _WITHHELD
    + r"|refut(?:e|es|ed|ing)|rebut(?:s|ted|ting)?|rebuff(?:s|ed|ing)?"
    r"|disput(?:e|es|ed|ing)(?=\s+(?:the|this|that|these|those|reports?|claims?|allegations?|accounts?))"
    r"|reject(?:s|ed|ing)?\s+(?:\w+\s+){0,4}?(?:claims?|reports?|allegations?|accusations?|assertions?|suggestions?|accounts?)"
    r"|dismiss(?:es|ed|ing)?\s+(?:\w+\s+){0,6}?(?:claims?|reports?|allegations?|accusations?"
    r"|as\s+[“\"‘']?(?:\w+\s+){0,2}?" + _FALSITY + r")"
    r"|(?:calls?|called|calling|describes?|described)\s+(?:\w+\s+){0,6}?[“\"‘']?"
    + _FALSITY
    + r"|(?:is|was|were|are)\s+(?:simply\s+|completely\s+)?(?:not\s+true|untrue|false|fake|a\s+lie|fabricat\w+)"
    r"|no\s+truth\s+(?:to|in)|contradict(?:s|ed|ing)?"
    r"|спростува\w*|запереч\w+|опроверг\w*|отрица\w*)\b",
    _I,
)
# "has not denied", "didn't deny", "would neither confirm nor deny": no denial on record.
_NEGATED = re.compile(
    r"(?:(?:\bnot|n't|\bnever|\bnor)\s+(?:(?:yet|\w+ly)\s+)?|\bconfirm\s+or\s+)$", _I
)

_PASSIVE_AUXILIARY = re.compile(r"\b(?:is|are|was|were|be|been|being)\s+$", _I)
_WITHHELD_AFTER_PASSIVE = re.compile(r"\s+(?:to\s|[€£$\d])", _I)

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
    r"(?:[^\s.;:]+\s+){0,5}?independently"
    r"|\bno\s+independent\s+(?:verification|confirmation|corroboration)"
    # the wire formulas without "independently": "Reuters could not immediately verify the
    # report", "the claims could not be verified", "AFP was unable to verify the video"
    r"|\b(?:could|can|was|were|is|are|has|have|had|did|does|do)\s*(?:not|n't)\s+"
    r"(?:(?:be|been|yet|immediately)\s+){0,2}verif(?:y|ied)\b"
    r"|\bunable\s+to\s+(?:immediately\s+)?verify\b"
    r"|\b(?:not|n't|unable\s+to)\s+(?:be\s+)?immediately\s+(?:confirm|verif)\w*"
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


def _is_denial(sentence: str, match: re.Match[str]) -> bool:
    """A denial pattern that is neither negated nor a passive of withholding ("has been
    denied €7bn", "were denied to call witnesses", "have been denied to Kyiv")."""
    if _NEGATED.search(sentence, 0, match.start()):
        return False
    return not (
        _PASSIVE_AUXILIARY.search(sentence, 0, match.start())
        and _WITHHELD_AFTER_PASSIVE.match(sentence, match.end())
    )


# Each pattern can only match a sentence holding one of these fragments; checking them
# first skips the regular expressions for most sentences (a speed-up, not a rule).
_DENIAL_HINTS = (
    "den",
    "refut",
    "rebut",
    "rebuff",
    "disput",
    "reject",
    "dismiss",
    "call",
    "describ",
    "true",
    "false",
    "fake",
    "lie",
    "fabricat",
    "truth",
    "contradict",
    "спростув",
    "запереч",
    "опроверг",
    "отрица",
)
_HEDGED_HINTS = (
    "reported",
    "alleg",
    "purport",
    "suppos",
    "presum",
    "apparent",
    "ostensib",
    "unconfirm",
    "unverif",
    "rumo",
    "said",
    "believed",
    "thought",
    "understood",
    "reports",
    "have been",
    "нібито",
    "начебто",
    "ймовірно",
    "імовірно",
    "якобы",
    "предположительно",
    "вероятно",
    "непроверенн",
)
_VERIFY_HINTS = (
    "verif",
    "confirm",
    "corroborat",
    "assess",
    "перевір",
    "підтверд",
    "провер",
    "подтверд",
)
_EVIDENCE_HINTS = ("evidence", "proof", "доказ")


def _hint(hints: tuple[str, ...]) -> re.Pattern[str]:
    """One pattern for a tuple of cheap fragments, checked before the full expression."""
    return re.compile("|".join(map(re.escape, hints)))


_DENIAL_HINT = _hint(_DENIAL_HINTS)
_HEDGED_HINT = _hint(_HEDGED_HINTS)
_VERIFY_HINT = _hint(_VERIFY_HINTS)
_EVIDENCE_HINT = _hint(_EVIDENCE_HINTS)


def read_signals(sentence: str) -> list[Signal]:
    """The text signals of one sentence, except ``claim``, in the vocabulary's order."""
    lowered = sentence.lower()
    found: list[Signal] = []
    if _DENIAL_HINT.search(lowered) and any(
        _is_denial(sentence, m) for m in DENIAL.finditer(sentence)
    ):
        found.append("denial")
    if _HEDGED_HINT.search(lowered) and HEDGED.search(sentence):
        found.append("hedged")
    if _VERIFY_HINT.search(lowered) and NOT_INDEPENDENTLY_VERIFIED.search(sentence):
        found.append("not_independently_verified")
    if _EVIDENCE_HINT.search(lowered) and NO_EVIDENCE.search(sentence):
        found.append("no_evidence")
    return found
