"""When a source is polled next: its interval, the publisher's max-age, backoff on failure.

- After a success: ``every`` seconds, or the publisher's Cache-Control max-age when it is
  longer (never polled faster than the publisher allows), counted up to :data:`MAX_AGE_CAP`
  so a mistaken max-age of a year cannot silence a wire; a shorter max-age never makes the
  source polled faster than asked.
- After the n-th failure in a row: ``every * 2**n``, up to :data:`BACKOFF_CAP`, with jitter
  (a random point in the upper half), so sources failing together do not retry together;
  a success resets it.
- A Retry-After (429, 503) is honoured when it asks for longer, up to :data:`RETRY_AFTER_CAP`.
"""

from __future__ import annotations

import random

MAX_AGE_CAP = 3600.0
BACKOFF_CAP = 6 * 3600.0
RETRY_AFTER_CAP = 24 * 3600.0


def after_success(every: float, max_age: float | None) -> float:
    """Seconds until the next poll after a successful one (304 included)."""
    if max_age is None:
        return every
    return max(every, min(max_age, MAX_AGE_CAP))


def after_failure(
    every: float,
    failures: int,
    retry_after: float | None = None,
    rng: random.Random | None = None,
) -> float:
    """Seconds until the next poll after the ``failures``-th failure in a row (1 for the first)."""
    base = min(every * 2 ** max(1, failures), max(BACKOFF_CAP, every))
    delay = (rng or random).uniform(base / 2, base)
    if retry_after is not None:
        delay = max(delay, min(retry_after, RETRY_AFTER_CAP))
    return delay
