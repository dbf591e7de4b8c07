"""Turning whatever a user typed into a safe FTS5 query.

Only the letters and digits of a topic are kept, each word becomes two quoted terms (its
plain folded spelling and its name key, see :mod:`newsroom.names`), and the words are
ANDed. Quotes, ``AND``/``OR``/``NEAR(``, ``*``, SQL and control characters therefore
never reach FTS5 as syntax.
"""

from __future__ import annotations

from dataclasses import dataclass

from newsroom.errors import UserError
from newsroom.names import fold, name_key, words

MAX_TOPIC_CHARS = 200
MAX_TOPIC_WORDS = 8
_QUERY_STOPWORDS = frozenset(
    "a an the of in on at to for and or not near is are was were what who about with by from"
    " news latest update updates".split()
)


@dataclass(frozen=True)
class TopicQuery:
    """A topic as the user wrote it, its search words and the FTS5 expression."""

    topic: str
    terms: tuple[str, ...]
    fts: str


def clean_topic(topic: str) -> str:
    """The topic with control characters removed and spaces collapsed."""
    printable = "".join(ch if ch.isprintable() else " " for ch in topic)
    return " ".join(printable.split())


def build_query(topic: str) -> TopicQuery:
    """Parse a topic into a :class:`TopicQuery`, or raise :class:`UserError` saying why not."""
    cleaned = clean_topic(topic)
    if not cleaned:
        raise UserError("Give a topic to look up, for example: Lysychansk")
    if len(cleaned) > MAX_TOPIC_CHARS:
        raise UserError(
            f"That topic is {len(cleaned):,} characters long; keep it under {MAX_TOPIC_CHARS} "
            "(a place, person or organisation works best)."
        )
    found = [w for w in words(cleaned) if fold(w)]
    meaningful = [w for w in found if fold(w) not in _QUERY_STOPWORDS] or found
    terms = tuple(dict.fromkeys(meaningful))
    if not terms:
        raise UserError(
            f"“{cleaned}” has no letters or digits to search for; try a place, person or "
            "organisation, for example: Lysychansk"
        )
    if len(terms) > MAX_TOPIC_WORDS:
        raise UserError(
            f"That topic has {len(terms)} words; use at most {MAX_TOPIC_WORDS} "
            "(a place, person or organisation works best)."
        )
    return TopicQuery(topic=cleaned, terms=terms, fts=" AND ".join(_term(w) for w in terms))


def _term(word: str) -> str:
    plain = fold(word)
    key = name_key(word)
    if len(key) < 2 and len(plain) > 1:
        # a word of vowels only ("aaaa") keys to one letter, which every name opening with
        # a lone vowel has ("A drone hit ..."): it is searched as written
        return f'words:"{plain}"'
    return f'(words:"{plain}" OR names:"{key}")'
