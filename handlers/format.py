"""Making any bulletin or user text safe to show in Slack."""

from __future__ import annotations

from datetime import datetime

_MAX_QUOTE = 2400


def escape(text: str) -> str:
    """Escape `&`, `<` and `>` (and nothing else), so no text can mention, ping or link.

    With ``verbatim`` text objects this also keeps bare `@here` and `#channel` inert.
    """
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def quote(text: str, limit: int = _MAX_QUOTE) -> str:
    """Escaped text, cut at a word boundary with an ellipsis when longer than ``limit``."""
    if len(text) > limit:
        cut = text.rfind(" ", 0, limit)
        text = text[: cut if cut > limit // 2 else limit] + "…"
    return escape(text)


def when(moment: datetime | None) -> str:
    """A time Slack shows in each reader's own time zone, with a UTC fallback."""
    if moment is None:
        return "time unknown"
    fallback = moment.strftime("%-d %b %Y %H:%M UTC")
    return f"<!date^{int(moment.timestamp())}^{{date_short_pretty}} {{time}}|{fallback}>"
