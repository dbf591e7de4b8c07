"""Counts in words a user reads: "1 duplicate", "2 duplicates", "1,204 items"."""

from __future__ import annotations


def count(number: int, singular: str, plural: str | None = None) -> str:
    """``number`` with its noun, singular for exactly one: count(1, "review") is "1 review",
    count(1204, "item") is "1,204 items"; ``plural`` for a noun that takes no plain -s."""
    noun = singular if number == 1 else (plural or singular + "s")
    return f"{number:,} {noun}"
