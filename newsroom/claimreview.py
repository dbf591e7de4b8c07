"""schema.org ClaimReview JSON-LD for the desk's verdicts, for fact-checking partners.

One ClaimReview per verdict in force: ``claimReviewed`` is the item's text,
``reviewRating`` rates it from 1 (False) to 5 (Verified) with the verdict as
``alternateName``, ``itemReviewed`` is a Claim by the party the text credits (or the
outlet) appearing at the bulletin's URL, and ``author`` is the newsroom.
"""

from __future__ import annotations

import re
from typing import Any

from newsroom.text.attribution import ORG_WORDS
from store.verdicts import ReviewedItem

_ROLES = re.compile(
    r"\b(?:governor|mayor|minister|president|spokes(?:man|woman|person)|adviser|advisor|aide"
    r"|commander|official|ambassador|envoy|chief|head|general|colonel|prosecutor)\b",
    re.IGNORECASE,
)
RATINGS = {"false": (1, "False"), "disputed": (3, "Disputed"), "verified": (5, "Verified")}
CONTEXT = "https://schema.org"


def claim_reviews(reviewed: list[ReviewedItem], organisation: str) -> dict[str, Any]:
    """A JSON-LD document (``@context`` and ``@graph``) with one ClaimReview per verdict."""
    return {"@context": CONTEXT, "@graph": [_review(r, organisation) for r in reviewed]}


def _review(reviewed: ReviewedItem, organisation: str) -> dict[str, Any]:
    verdict = reviewed.verdict
    value, name = RATINGS[verdict.new_status]
    claim: dict[str, Any] = {
        "@type": "Claim",
        "author": _party(reviewed.attributed_to or reviewed.source),
    }
    if reviewed.published:
        claim["datePublished"] = reviewed.published
    if reviewed.url:
        claim["appearance"] = {"@type": "CreativeWork", "url": reviewed.url}
    review: dict[str, Any] = {
        "@type": "ClaimReview",
        "identifier": f"wiredesk-verdict-{verdict.id}",
        "datePublished": verdict.at,
        "author": {"@type": "Organization", "name": organisation},
        "claimReviewed": reviewed.text,
        "itemReviewed": claim,
        "reviewRating": {
            "@type": "Rating",
            "ratingValue": value,
            "bestRating": 5,
            "worstRating": 1,
            "alternateName": name,
        },
    }
    if verdict.evidence:
        review["url"] = verdict.evidence
    if verdict.note:
        review["reviewBody"] = verdict.note
    return review


def _party(name: str) -> dict[str, str]:
    """A Person for a named person or a role ("the region's governor"), else an Organization."""
    tokens = name.split()
    named_person = len(tokens) >= 2 and all(t[:1].isupper() for t in tokens)
    person = not ORG_WORDS.search(name) and (named_person or bool(_ROLES.search(name)))
    return {"@type": "Person" if person else "Organization", "name": name}
