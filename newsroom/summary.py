"""Extractive summaries with LexRank (Erkan and Radev, 2004), kept balanced.

Sentences are quoted, never rewritten. Centrality is the stationary distribution of a
random walk over the TF-IDF cosine-similarity graph of the candidate items; sentences
are then taken by centrality, skipping near-repeats of one already taken (coverage),
and a claim is never taken without the denial linked to it.
"""

from __future__ import annotations

import math
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
    """Centrality of each text among the others (continuous LexRank); sums to 1."""
    count = len(texts)
    if count == 0:
        return []
    vectors = _vectors(texts)
    similarity = [[_cosine(vectors[i], vectors[j]) for j in range(count)] for i in range(count)]
    row_sums = [sum(row) for row in similarity]
    # Who passes a share of their score to each text: (j, share) for the texts j linked to i.
    incoming = [
        [(j, similarity[j][i] / row_sums[j]) for j in range(count) if similarity[j][i]]
        for i in range(count)
    ]
    dangling_texts = [j for j in range(count) if not row_sums[j]]
    scores = [1.0 / count] * count
    for _ in range(_ITERATIONS):
        # A sentence with no content words links nowhere: its share is spread evenly.
        dangling = sum(scores[j] for j in dangling_texts) / count
        updated = [
            (1 - _DAMPING) / count
            + _DAMPING * (dangling + sum(share * scores[j] for j, share in incoming[i]))
            for i in range(count)
        ]
        converged = sum(abs(a - b) for a, b in zip(updated, scores, strict=True)) < _CONVERGED
        scores = updated
        if converged:
            break
    return scores


def choose(
    texts: Sequence[str], links: Sequence[Sequence[int]], priority: Sequence[float] | None = None
) -> list[int]:
    """Indexes of 2 to 5 texts to quote (fewer only when fewer exist), central and varied.

    ``links[i]`` lists the indexes of texts that must come with text ``i`` (its denial).
    ``priority`` (for example search relevance) breaks centrality ties.
    """
    count = len(texts)
    if count <= MIN_SENTENCES:
        return list(range(count))
    wanted = max(MIN_SENTENCES, min(MAX_SENTENCES, math.ceil(count / 3)))
    scores = lexrank(texts)
    if priority:
        scores = [s * (1.0 + 0.5 * p) for s, p in zip(scores, priority, strict=True)]
    vectors = _vectors(texts)
    order = sorted(range(count), key=lambda i: -scores[i])
    chosen: list[int] = []
    for index in order:
        if len(chosen) >= wanted:
            break
        if any(_cosine(vectors[index], vectors[c]) >= _REDUNDANT for c in chosen):
            continue
        group = [index, *(j for j in links[index] if j not in chosen)]
        if len(chosen) + len(group) > MAX_SENTENCES:
            continue
        chosen.extend(j for j in group if j not in chosen)
    for index in order:  # near-repeats only when nothing else reaches the minimum
        if len(chosen) >= MIN_SENTENCES:
            break
        if index not in chosen and len(chosen) + 1 + len(links[index]) <= MAX_SENTENCES:
            chosen.extend(j for j in [index, *links[index]] if j not in chosen)
    return chosen
