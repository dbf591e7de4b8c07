"""stem_forms is the whole inverse of stem: the exact index terms a corroboration or
denial search spells out for a stem find every word with that stem."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from newsroom.statements import stem, stem_forms

# The letters of every ending stem takes off, and a few others.
_LETTERS = "adegiknostyr"


@settings(max_examples=1500, deadline=None)
@given(st.text(alphabet=_LETTERS, min_size=1, max_size=14))
def test_every_word_is_among_the_forms_of_its_stem(word: str) -> None:
    assert word in stem_forms(stem(word))


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=_LETTERS, min_size=1, max_size=14))
def test_every_form_has_the_stem(word: str) -> None:
    assert all(stem(form) == stem(word) for form in stem_forms(stem(word)))


def test_forms_of_english_words() -> None:
    for word in ("destroyed", "companies", "evacuations", "restoring", "statuses", "dies"):
        assert word in stem_forms(stem(word))
