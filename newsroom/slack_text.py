"""Text the core puts in Slack messages it composes itself (challenge and watch alerts)."""

from __future__ import annotations


def slack_quote(text: str, limit: int) -> str:
    """``text`` on one line, safe in a Slack message (``&``, ``<`` and ``>`` escaped, so it can
    neither ping ``<!channel>``, mention ``<@U1>`` nor link), cut at a word past ``limit``
    characters with "…"."""
    text = " ".join(text.split())
    if len(text) > limit:
        cut = text.rfind(" ", 0, limit)
        text = text[: cut if cut > limit // 2 else limit] + "…"
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
