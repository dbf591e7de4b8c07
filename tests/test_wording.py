"""Wording signatures: what makes two texts candidates for being one story re-published."""

from __future__ import annotations

import random

from newsroom.text.wording import (
    BANDS,
    BINS,
    band_keys,
    estimated_resemblance,
    pack,
    resemblance,
    shingles,
    signature,
)

WIRE = (
    "Ukraine's air force said it shot down 31 of 40 drones launched overnight, mostly over "
    "the Kharkiv and Sumy regions, and that debris damaged two houses in the Poltava region."
)


def _words(rng: random.Random, count: int) -> str:
    return " ".join(f"w{rng.randrange(100_000)}" for _ in range(count))


def test_a_signature_has_one_value_per_bin_and_fits_32_bits() -> None:
    values = signature(shingles(WIRE))
    assert len(values) == BINS
    assert all(0 <= v < 2**32 for v in values)
    assert len(band_keys(values)) == BANDS
    assert all(-(2**63) <= key < 2**63 for key in band_keys(values))


def test_case_and_spacing_do_not_change_the_signature() -> None:
    assert signature(shingles(WIRE)) == signature(shingles("  " + WIRE.upper().replace(" ", "  ")))


def test_an_empty_text_has_no_bands() -> None:
    assert signature(set()) == ()
    assert band_keys(()) == []
    assert pack(()) == b""
    assert estimated_resemblance(b"", b"") == 0.0


def test_a_text_without_words_has_no_wording_to_share() -> None:
    assert shingles("🚨🚨 !!!") == set()
    assert band_keys(signature(shingles("🚨🚨 !!!"))) == []
    assert resemblance(set(), set()) == 0.0


def test_a_short_text_still_fills_every_bin() -> None:
    """Densification: empty bins borrow from full ones, so two copies of a short flash agree."""
    short = "Explosions reported in Odesa"
    values = signature(shingles(short))
    assert len(values) == BINS
    assert band_keys(values) == band_keys(signature(shingles(short.lower())))


def test_a_copy_with_a_dateline_shares_bands_and_estimates_high() -> None:
    copy = f"KYIV, May 3 (Wire) - {WIRE} (Reporting by the desk)"
    a, b = signature(shingles(WIRE)), signature(shingles(copy))
    assert set(band_keys(a)) & set(band_keys(b))
    assert estimated_resemblance(pack(a), pack(b)) >= 0.5
    assert resemblance(shingles(WIRE), shingles(copy)) >= 0.6


def test_bands_separate_copies_from_unrelated_texts_in_bulk() -> None:
    """Over many random texts: copies (one word in twenty changed) nearly always share a band,
    unrelated texts nearly never do; the estimate tracks the true resemblance."""
    rng = random.Random(5)
    copies_sharing = unrelated_sharing = 0
    errors = []
    trials = 300
    for _ in range(trials):
        words = _words(rng, 60).split()
        edited = list(words)
        for position in rng.sample(range(60), 3):
            edited[position] = f"x{rng.randrange(100_000)}"
        a, b, other = (
            signature(shingles(" ".join(t))) for t in (words, edited, _words(rng, 60).split())
        )
        copies_sharing += bool(set(band_keys(a)) & set(band_keys(b)))
        unrelated_sharing += bool(set(band_keys(a)) & set(band_keys(other)))
        truth = resemblance(shingles(" ".join(words)), shingles(" ".join(edited)))
        errors.append(abs(estimated_resemblance(pack(a), pack(b)) - truth))
    assert copies_sharing >= 0.95 * trials
    assert unrelated_sharing <= 0.01 * trials
    assert sum(errors) / trials < 0.15
