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
    """Escaped text of at most ``limit`` characters once escaped (entities count in full).

    Longer text is cut at a word boundary, never inside an entity, and ends with an ellipsis.
    """
    escaped = escape(text)
    if len(escaped) <= limit:
        return escaped
    room, fits = limit - 1, 0  # one character for the ellipsis
    for ch in text:
        room -= len(escape(ch))
        if room < 0:
            break
        fits += 1
    cut = text.rfind(" ", 0, fits)
    return escape(text[: cut if cut > fits // 2 else fits]) + "…"


def when(moment: datetime | None) -> str:
    """A time Slack shows in each reader's own time zone, with a UTC fallback."""
    if moment is None:
        return "time unknown"
    fallback = moment.strftime("%-d %b %Y %H:%M UTC")
    return f"<!date^{int(moment.timestamp())}^{{date_short_pretty}} {{time}}|{fallback}>"


def item_ref(item_id: int, browse_url: str = "") -> str:
    """`item N`, or with ``browse_url`` (WIREDESK_BROWSE_URL) a link to the item's row in
    `wiredesk browse`: its URL escaped as Slack asks, so it can never carry a forged label."""
    if not browse_url:
        return f"`item {item_id}`"
    url = escape(f"{browse_url}/statements?item={int(item_id)}").replace("|", "%7C")
    return f"<{url}|item {item_id}>"
