"""Sentence splitting, with Wikimedia's rule-based splitter (sentencex)."""

from __future__ import annotations

import re

from sentencex import segment

_PARAGRAPH = re.compile(r"\n\s*\n")
_SPACE = re.compile(r"\s+")
_MAX_SENTENCE = 2000


def split_sentences(text: str, language: str = "en") -> list[str]:
    """Split a text into sentences; paragraph breaks always end a sentence.

    Over-long "sentences" (tables, lists run together) are cut at the nearest space so
    that every item stays quotable.
    """
    sentences: list[str] = []
    for paragraph in _PARAGRAPH.split(text):
        paragraph = _SPACE.sub(" ", paragraph).strip()
        if not paragraph:
            continue
        for sentence in segment(language, paragraph):
            sentence = sentence.strip()
            while len(sentence) > _MAX_SENTENCE:
                cut = sentence.rfind(" ", 0, _MAX_SENTENCE)
                cut = cut if cut > 0 else _MAX_SENTENCE
                sentences.append(sentence[:cut].strip())
                sentence = sentence[cut:].strip()
            if sentence:
                sentences.append(sentence)
    return sentences
