"""A text's wording, for finding re-publications: shingles, a signature, and its bands.

Two copies of one wire story share most of their runs of three words (shingles). Comparing
every pair of texts is out of the question, so each text gets a short signature by
one-permutation hashing (Li, Owen and Zhang, 2012): the shingle hashes are dealt into
:data:`BINS` bins by their low bits and each bin keeps its smallest hash; empty bins borrow
from the next full one (densification, Shrivastava and Li, 2014). Two texts agree on a bin
with a probability close to their resemblance (Jaccard similarity), so they agree on a
band of two bins with its square. Texts that agree on any band are candidates, to be
checked on their signatures (the share of bins they agree on estimates their resemblance)
and then confirmed on their full wording. A resemblance of 0.6 makes a candidate 97% of
the time, one of 0.2 only 28% of the time, and unrelated texts almost never.
"""

from __future__ import annotations

import itertools
import struct
import zlib

from newsroom.names import fold, text_words

SHINGLE = 3
"""Words per shingle."""
BINS = 16
BANDS = BINS // 2
_BIN_BITS = 4
_VALUE_BITS = 32 - _BIN_BITS
_KEY_MODULUS = (1 << 63) - 25
"""The largest prime below 2**63: band keys fit SQLite's signed 64-bit integers."""


def shingles(text: str) -> set[int]:
    """Hashes (CRC-32) of a text's runs of three folded words. A text under three words is
    one run; a text without words has none (emoji-only posts are not copies of each other)."""
    tokens = [fold(t) for t in text_words(text)]
    if not tokens:
        return set()
    if len(tokens) < SHINGLE:
        return {zlib.crc32(" ".join(tokens).encode())}
    # One encoded string and its word offsets: each run's bytes are a slice of it, the same
    # bytes as the run joined on its own (a single space between words), so the same hash.
    encoded = [t.encode() for t in tokens]
    joined = memoryview(b" ".join(encoded))
    starts = list(itertools.accumulate((len(t) + 1 for t in encoded), initial=0))
    crc32 = zlib.crc32
    return {
        crc32(joined[starts[i] : starts[i + SHINGLE] - 1]) for i in range(len(tokens) - SHINGLE + 1)
    }


def shared_wording(a: str, b: str) -> float:
    """How much of the shorter text's wording the other one repeats, 0 to 1."""
    first, second = shingles(a), shingles(b)
    if not first or not second:
        return 0.0
    return len(first & second) / min(len(first), len(second))


def resemblance(a: set[int], b: set[int]) -> float:
    """Jaccard similarity of two sets of shingles (0 when either is empty: no wording)."""
    return len(a & b) / len(a | b) if a and b else 0.0


def signature(wording: set[int]) -> tuple[int, ...]:
    """The one-permutation signature of a set of shingle hashes: :data:`BINS` values."""
    smallest: list[int | None] = [None] * BINS
    mask = BINS - 1
    for value in wording:
        slot, rest = value & mask, value >> _BIN_BITS
        current = smallest[slot]
        if current is None or rest < current:
            smallest[slot] = rest
    if all(value is None for value in smallest):
        return ()
    filled = []
    for slot in range(BINS):
        distance = 0
        while (value := smallest[(slot + distance) % BINS]) is None:
            distance += 1
        # A borrowed value carries how far it came from, so it only matches a value
        # borrowed the same way.
        filled.append(value | distance << _VALUE_BITS)
    return tuple(filled)


def pack(text_signature: tuple[int, ...]) -> bytes:
    """A signature as stored: :data:`BINS` unsigned 32-bit values, or no bytes."""
    return struct.pack(f"<{len(text_signature)}I", *text_signature)


def estimated_resemblance(a: bytes, b: bytes) -> float:
    """The share of bins two packed signatures agree on: an estimate of their resemblance."""
    if not a or len(a) != len(b):
        return 0.0
    first, second = struct.unpack(f"<{BINS}I", a), struct.unpack(f"<{BINS}I", b)
    return sum(x == y for x, y in zip(first, second, strict=True)) / BINS


def band_keys(text_signature: tuple[int, ...]) -> list[int]:
    """One integer key per band (pair of bins) of a signature; equal bands, equal keys."""
    if not text_signature:
        return []
    return [
        ((band << 64) | (text_signature[2 * band] << 32) | text_signature[2 * band + 1])
        % _KEY_MODULUS
        for band in range(BANDS)
    ]
