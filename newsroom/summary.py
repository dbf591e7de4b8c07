"""Extractive summaries with LexRank (Erkan and Radev, 2004), kept balanced.

Sentences are quoted, never rewritten. Centrality is the stationary distribution of a
random walk over the TF-IDF cosine-similarity graph of the candidate items; sentences
are then taken by centrality, skipping near-repeats of one already taken (coverage),
a claim is never taken without the denial linked to it, and a sentence that needs its
story ("He said ...", "Kiev has not commented on the incident.") only after the sentence
it follows.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Sequence

from newsroom.names import fold, words
from newsroom.text.stories import STOPWORDS

MIN_SENTENCES = 2
MAX_SENTENCES = 5
_REDUNDANT = 0.6
_DAMPING = 0.85
_ITERATIONS = 60
_CONVERGED = 1e-9
"""Total change of the scores below which the random walk has settled."""


_OPENERS = frozenset(
    # English, Russian, Ukrainian: pronouns, demonstratives and linking words that open a
    # sentence continuing the one before ("He said", "It comes after", "But", "Его", "Це")
    "he she it they his her its their him them this these those such but however yet also "
    "still then there both neither nor instead moreover furthermore afterwards "
    "он она оно они его её ее их это этот эта эти но однако также тоже "
    "він вона воно вони його її їх це цей ця ці але проте також теж".split()
)
_SUBJECT_END = re.compile(
    r"[,;:(]|\s(?:is|are|was|were|has|have|had|will|would|can|could|may|might|must|should"
    r"|do|does|did|said|says|say|told|added|remains?|remained)\s",
    re.IGNORECASE,
)
"""Where the subject of a sentence that opens with "The" ends, near enough."""
_QUOTE_OPENING = re.compile(r"^\W*[“\"‘'«„]")
_BACK_REFERENCE = re.compile(
    # English: "the incident", "these claims", "denied it", ", he said"
    r"\b(?:the|this|these|those|such)\s+(?-i:[a-z]\w*\s+)?(?:claims?|reports?|allegations?"
    r"|accusations?|accounts?|statements?|assertions?|announcement|incident|attack|strike"
    r"|raid|shelling|footage|video|images?)\b(?!\s+(?:of|on|in|at|near|against|that|about|to"
    r"|by|from)\b)"
    r"|\b(?:den(?:y|ies|ied)|reject(?:s|ed)?|dismiss(?:es|ed)?|confirm(?:s|ed)?|call(?:s|ed)?)"
    r"\s+(?:it|this|them)\b"
    r"|(?:^|[,;:]\s*|\band\s+)(?:he|she|they)\s+(?:said|says|added|adds|told|claimed|urged"
    r"|warned|noted|stressed|wrote)\b"
    # Russian and Ukrainian: a subject pronoun, "по его словам", "за його словами", "эти данные"
    r"|\b(?:он|она|они|оно|він|вона|вони|воно)\b"
    r"|\b(?:по|за)\s+(?:его|её|ее|их|його|її|їх|їхніми)\s+(?:словам|словами|данным|даними)\b"
    r"|\b(?:эт(?:о|от|а|у|и|ого|ой|их)|ц(?:ей|я|ю|і|их|ього|ій))\s+"
    r"(?:данн\w*|дан\w*|заяв\w*|сообщени\w*|повідомлен\w*|информаци\w*|інформаці\w*"
    r"|обвинени\w*|звинувачен\w*|утверждени\w*|твердженн\w*|инцидент\w*|інцидент\w*)",
    re.IGNORECASE,
)


def needs_its_story(sentence: str) -> bool:
    """True for a sentence that cannot be read alone: it opens with a pronoun or a linking
    word ("He said", "It comes after", "But"), or with a definite description that names
    nothing ("The city will", "The two men were charged", "The ministry said"), or refers
    back to what came before ("the incident", "denied the claim", ", he said", "по его
    словам"). "The backup line to the Zaporizhzhia plant was ..." names its subject; a
    quotation stands alone."""
    if _BACK_REFERENCE.search(sentence):
        return True
    tokens = words(sentence)
    if not tokens or _QUOTE_OPENING.match(sentence):
        return False
    first = tokens[0].casefold()
    if first in _OPENERS:
        return True
    if first != "the":
        return False
    subject = _SUBJECT_END.split(sentence, maxsplit=1)[0]
    return not any(w[:1].isupper() and fold(w) not in STOPWORDS for w in words(subject)[1:])


def _vectors(texts: Sequence[str]) -> list[dict[str, float]]:
    bags = [
        Counter(w for w in map(fold, words(t)) if w not in STOPWORDS and len(w) > 2) for t in texts
    ]
    document_frequency: Counter[str] = Counter()
    for bag in bags:
        document_frequency.update(bag.keys())
    total = len(texts)
    vectors = []
    for bag in bags:
        vector = {
            w: n * math.log((1 + total) / (1 + document_frequency[w])) + n * 0.01
            for w, n in bag.items()
        }
        norm = math.sqrt(sum(v * v for v in vector.values())) or 1.0
        vectors.append({w: v / norm for w, v in vector.items()})
    return vectors


def _cosine(a: dict[str, float], b: dict[str, float]) -> float:
    if len(a) > len(b):
        a, b = b, a
    return sum(v * b.get(w, 0.0) for w, v in a.items())


def lexrank(texts: Sequence[str]) -> list[float]:
    """Centrality of each text among the others (continuous LexRank); sums to 1.

    The similarity of two texts is the dot product of their unit TF-IDF vectors, so the
    score a text receives, the sum over j of sim(j, i) * score(j) / rowsum(j), is its
    vector's dot product with one weighted sum of all the vectors: each step of the walk
    costs the texts' words, not the square of their number.
    """
    count = len(texts)
    if count == 0:
        return []
    vectors = _vectors(texts)
    everything: dict[str, float] = {}
    for vector in vectors:
        for word, weight in vector.items():
            everything[word] = everything.get(word, 0.0) + weight
    row_sums = [_cosine(vector, everything) for vector in vectors]  # self included
    dangling_texts = [j for j in range(count) if not row_sums[j]]
    scores = [1.0 / count] * count
    for _ in range(_ITERATIONS):
        # A sentence with no content words links nowhere: its share is spread evenly.
        dangling = sum(scores[j] for j in dangling_texts) / count
        passed: dict[str, float] = {}
        for vector, score, row_sum in zip(vectors, scores, row_sums, strict=True):
            if row_sum:
                share = score / row_sum
                for word, weight in vector.items():
                    passed[word] = passed.get(word, 0.0) + share * weight
        updated = [
            (1 - _DAMPING) / count + _DAMPING * (dangling + _cosine(vector, passed))
            for vector in vectors
        ]
        converged = sum(abs(a - b) for a, b in zip(updated, scores, strict=True)) < _CONVERGED
        scores = updated
        if converged:
            break
    return scores


def choose(
    texts: Sequence[str],
    links: Sequence[Sequence[int]],
    priority: Sequence[float] | None = None,
    *,
    requires: Sequence[Sequence[int] | None] | None = None,
) -> list[int]:
    """Indexes of 2 to 5 texts to quote (fewer only when fewer can be), central and varied.

    ``links[i]`` lists the indexes of texts that must come with text ``i`` (its denial).
    ``requires[i]`` lists those that must be quoted before it (the sentence it follows),
    or is None for a text that cannot be quoted. ``priority`` (for example search
    relevance) breaks centrality ties.
    """
    count = len(texts)
    requires = requires or [[] for _ in range(count)]

    def chain(index: int) -> list[int] | None:
        """The text and what must be quoted before it (and before that), earliest first;
        None if it cannot be quoted."""
        found, queue = [], [index]
        while queue:
            current = queue.pop()
            if current in found:
                continue
            if requires[current] is None:
                return None
            found.append(current)
            queue += requires[current]
        return list(reversed(found))

    def group(index: int) -> list[int] | None:
        """The text's chain and the texts linked to each member, each with its own chain (a
        linked denial that needs its story brings the sentence it follows); None if the
        text cannot be quoted."""
        members = chain(index)
        if members is None:
            return None
        for member in list(members):
            for linked in links[member]:
                if linked not in members:
                    members += [j for j in chain(linked) or [linked] if j not in members]
        return members

    groups = [group(i) for i in range(count)]
    quotable = [i for i in range(count) if groups[i] is not None]
    if len(quotable) <= MIN_SENTENCES:
        chosen: list[int] = []
        for index in quotable:
            new = [j for j in groups[index] if j not in chosen]
            if len(chosen) + len(new) <= MAX_SENTENCES:
                chosen.extend(new)
        return chosen
    wanted = max(MIN_SENTENCES, min(MAX_SENTENCES, math.ceil(count / 3)))
    scores = lexrank(texts)
    if priority:
        scores = [s * (1.0 + 0.5 * p) for s, p in zip(scores, priority, strict=True)]
    vectors = _vectors(texts)
    order = sorted(quotable, key=lambda i: -round(scores[i], 12))  # ties: text order
    chosen = []
    for index in order:
        if len(chosen) >= wanted:
            break
        if index in chosen:
            continue
        if any(_cosine(vectors[index], vectors[c]) >= _REDUNDANT for c in chosen):
            continue
        new = [j for j in groups[index] if j not in chosen]
        if len(chosen) + len(new) > MAX_SENTENCES:
            continue
        chosen.extend(new)
    for index in order:  # near-repeats only when nothing else reaches the minimum
        if len(chosen) >= MIN_SENTENCES:
            break
        new = [j for j in groups[index] if j not in chosen]
        if new and len(chosen) + len(new) <= MAX_SENTENCES:
            chosen.extend(new)
    return chosen
