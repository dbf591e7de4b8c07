"""Which names in a text count as its topics."""

from __future__ import annotations

import pytest

from newsroom.text.topic_names import topic_names


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Colonel Andriy Kovalchuk said the line held.", ["Andriy Kovalchuk"]),
        ("Shelling hit Kryvyi Rih overnight.", ["Kryvyi Rih"]),
        ("Russia says it hit a depot. Kyiv denied it, saying Russia lied.", ["Russia"]),
        ("The Kremlin denied it on Monday.", ["Kremlin"]),
        ("Russian forces shelled Kherson.", ["Kherson"]),
        ("Talks between Russia and Ukraine stalled.", ["Russia", "Ukraine"]),
        ("KHARKIV, Nov 18 (Wire) - Ukraine's army said.", ["Wire", "Ukraine"]),
        ("В Лисичанске прозвучали взрывы.", ["Лисичанске"]),
        ("NATO ministers met in Brussels.", ["NATO", "Brussels"]),
        ("the talks went on without a deal.", []),
    ],
)
def test_topic_names(text: str, expected: list[str]) -> None:
    found = topic_names(text).values()
    assert [display for display, confirmed in found if confirmed] == expected


def test_a_word_opening_a_sentence_is_unconfirmed() -> None:
    assert topic_names("Shelling hit the port.") == {"salang": ("Shelling", False)}


def test_spellings_of_one_name_share_a_key() -> None:
    keys = {
        next(iter(topic_names(f"Fighting near {name} went on.")))
        for name in ("Lysychansk", "Lisichansk", "Лисичанськ")
    }
    assert len(keys) == 1
