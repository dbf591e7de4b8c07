"""Short news texts in five languages, for tests of legacy encodings.

Each ``tests/fixtures/sources/encodings/<language>.txt`` (fictional, written for the project)
holds five lines in UTF-8: a site or feed title, then a title and a text, twice.
"""

from __future__ import annotations

from pathlib import Path

ENCODINGS = Path(__file__).parents[1] / "fixtures" / "sources" / "encodings"


def news(language: str) -> tuple[str, str, str, str, str]:
    """(feed title, first title, first text, second title, second text) in ``language``."""
    feed_title, first_title, first, second_title, second = (
        (ENCODINGS / f"{language}.txt").read_text(encoding="utf-8").strip().split("\n")
    )
    return feed_title, first_title, first, second_title, second
