"""Time zones named in dates: IANA names from zoneinfo, abbreviations from ``zones.toml``.

Nothing here reads the host's time zone. ``GMT+2`` and ``UTC+2`` are read the ISO way (two
hours ahead of UTC), never the POSIX way (two hours behind).
"""

from __future__ import annotations

import re
import tomllib
from datetime import UTC, tzinfo
from functools import cache
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

TABLE = Path(__file__).with_name("zones.toml")
"""The abbreviations news copy uses, with their offsets, and the ambiguous ones refused."""

_OFFSET = re.compile(r"([+-])(\d{2}):(\d{2})")
_NAMED_OFFSET = re.compile(r"\b(?:GMT|UTC|UT)\s*([+-])\s*(\d{1,2})(?::?(\d{2}))?(?!\d)")
_ABBREVIATION = re.compile(r"(?<![\w+-])([A-Z]{1,5})(?![\w+-])")
_IANA_NAME = re.compile(r"(?<![\w/])([A-Z][A-Za-z_]+(?:/[A-Z][A-Za-z_+-]+)+)(?![\w/])")
_PARENTHESISED = re.compile(r"\s*\(([^()]*)\)\s*$")
"""A zone in brackets after the time: a long name, as JavaScript writes it after the offset
("(Central European Summer Time)"), or the time's only zone ("09:00 (EEST)")."""
_ENDS_WITH_OFFSET = re.compile(r"(?:[+-]\d{1,2}(?::?\d{2})?|\bZ)\s*$")


@cache
def _table() -> tuple[dict[str, str], dict[str, str]]:
    data = tomllib.loads(TABLE.read_text(encoding="utf-8"))
    offsets = {}
    for name, offset in data["offsets"].items():
        if not _OFFSET.fullmatch(offset):
            raise ValueError(f"{TABLE.name}: {name} = {offset!r} is not an offset like +02:00")
        offsets[name] = offset
    return offsets, dict(data["ambiguous"])


def abbreviations() -> dict[str, str]:
    """Each known abbreviation with its offset ("+02:00")."""
    return dict(_table()[0])


def zone_named(name: str) -> tzinfo:
    """The zone for an IANA name ("Europe/Kyiv") or "UTC"; ValueError if there is none."""
    cleaned = name.strip()
    if cleaned.upper() in ("UTC", "Z", "GMT"):
        return UTC
    try:
        return ZoneInfo(cleaned)
    except (ZoneInfoNotFoundError, ValueError) as exc:
        raise ValueError(
            f"unknown time zone {name!r}: give an IANA name such as Europe/Kyiv or UTC"
        ) from exc


def zone_label(zone: tzinfo) -> str:
    """How a run names a zone: its IANA key, or "UTC"."""
    return getattr(zone, "key", None) or ("UTC" if zone is UTC else str(zone))


def normalise_zone(text: str) -> tuple[str, tzinfo | None]:
    """``text`` with its zone name written as an offset ("+0200"), and an IANA zone if named.

    An IANA name is cut out and returned (its offset depends on the date); ``GMT+2``,
    ``UTC+0530`` and abbreviations from the table become offsets. Raises ValueError for an
    abbreviation the table lists as ambiguous.
    """
    text = _in_brackets(text)
    zone = None
    named = _IANA_NAME.search(text)
    if named:
        try:
            zone = ZoneInfo(named.group(1))
        except (ZoneInfoNotFoundError, ValueError):
            zone = None
        else:
            text = (text[: named.start()] + text[named.end() :]).strip()
    text = _NAMED_OFFSET.sub(_iso_offset, text)
    if not any(c.isupper() for c in text):
        return text, zone
    offsets, ambiguous = _table()

    def replace(match: re.Match[str]) -> str:
        word = match.group(1)
        if word in ambiguous:
            raise ValueError(
                f"ambiguous time zone {word!r}: it may mean {ambiguous[word]}; "
                "write the UTC offset instead"
            )
        offset = offsets.get(word)
        return offset.replace(":", "") if offset else word

    return _ABBREVIATION.sub(replace, text), zone


def _in_brackets(text: str) -> str:
    """``text`` without a bracketed zone at its end, or with the brackets taken off when the
    zone in them is a name the table or zoneinfo knows and the time has no other zone."""
    bracketed = _PARENTHESISED.search(text)
    if bracketed is None:
        return text
    before, inside = text[: bracketed.start()], bracketed.group(1).strip()
    offsets, ambiguous = _table()
    known = inside in offsets or inside in ambiguous or _IANA_NAME.fullmatch(inside)
    last = before.split()[-1] if before.split() else ""
    if not known or _ENDS_WITH_OFFSET.search(before) or last in offsets or last in ambiguous:
        return before
    return f"{before} {inside}"


def _iso_offset(match: re.Match[str]) -> str:
    sign, hours, minutes = match.groups()
    return f"{sign}{int(hours):02d}{int(minutes or 0):02d}"
