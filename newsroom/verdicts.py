"""Editors' verdicts: set from Slack or the CLI, kept as an append-only history.

A verdict (verified, false, disputed) outranks the status read from the text wherever
the item is shown; "clear" removes it. A later bulletin that contradicts a verdict marks
it challenged (see :mod:`newsroom.challenges`) but never erases it.
"""

from __future__ import annotations

import unicodedata
from datetime import UTC, datetime
from typing import Literal
from urllib.parse import quote, urlsplit

from pydantic import BaseModel
from sqlite_utils import Database

from newsroom.errors import UserError
from store.bulletins import transaction
from store.verdicts import (
    ChallengeRow,
    VerdictRow,
    append_verdict,
    challenges_of,
    item_text_status,
    latest_verdicts,
    verdict_history,
)

VerdictStatus = Literal["verified", "false", "disputed"]
Origin = Literal["button", "command", "shortcut", "reaction", "cli"]
CHOICES = ("verified", "false", "disputed", "clear")
ORIGINS = ("button", "command", "shortcut", "reaction", "cli")
MAX_NOTE = 2000
MAX_EVIDENCE = 2000


class Challenge(BaseModel):
    """A later item that contradicts a verdict."""

    item_id: int
    source: str
    at: datetime


class Verdict(BaseModel):
    """An item's current verdict, as every answer shows it."""

    status: VerdictStatus
    by: str
    at: datetime
    note: str | None
    evidence: str | None
    challenged_by: list[Challenge] | None = None


class HistoryEntry(BaseModel):
    """One change of an item's verdict."""

    id: int
    item_id: int
    old_status: str
    new_status: str
    by: str
    at: datetime
    note: str | None
    evidence: str | None
    origin: str
    challenged_by: list[Challenge] | None = None
    """Later items that contradict this verdict (see :mod:`newsroom.challenges`)."""


def set_verdict(
    db: Database,
    item_id: int,
    choice: str,
    *,
    by: str,
    origin: str,
    note: str | None = None,
    evidence: str | None = None,
    now: datetime | None = None,
) -> HistoryEntry:
    """Set (or with ``choice="clear"`` remove) an item's verdict; returns the history row.

    Setting the verdict the item already has, with the same note and evidence, writes
    nothing and returns the existing row, so a retried request never duplicates history.
    """
    choice = choice.strip().lower()
    if choice not in CHOICES:
        raise UserError(f"Unknown verdict {choice!r}: use one of {', '.join(CHOICES)}.")
    if origin not in ORIGINS:
        raise ValueError(f"unknown origin {origin!r}")
    by = clean_by(by)
    note = clean_note(note)
    evidence = clean_evidence(evidence)
    with transaction(db):
        text_status = item_text_status(db, item_id)
        if text_status is None:
            raise UserError(
                f"There is no item {item_id}; item ids are shown in every answer as `item N`."
            )
        latest = latest_verdicts(db, [item_id]).get(item_id)
        current = latest.new_status if latest and latest.new_status != "cleared" else None
        new_status = "cleared" if choice == "clear" else choice
        if choice == "clear" and current is None:
            raise UserError(f"Item {item_id} has no verdict to clear.")
        if latest and (latest.new_status, latest.by, latest.note, latest.evidence) == (
            new_status,
            by,
            note,
            evidence,
        ):
            return _entry(latest)
        row = append_verdict(
            db,
            VerdictRow(
                id=0,
                item_id=item_id,
                old_status=current or text_status,
                new_status=new_status,
                by=by,
                at=(now or datetime.now(UTC)).isoformat(),
                note=note,
                evidence=evidence,
                origin=origin,
            ),
        )
    return _entry(row)


def _is_control(ch: str) -> bool:
    """A control character (C0, C1, DEL: terminal escapes, bells) or a line or paragraph
    separator; a no-break space or a zero-width joiner (Persian names, emoji) is kept."""
    return unicodedata.category(ch) in ("Cc", "Zl", "Zp") or ch in "\u2028\u2029"


def clean_by(by: str) -> str:
    """Who sets a verdict, with control characters removed (no terminal escapes in a
    history); refused when nothing is left. A long name is kept: answers shorten it."""
    by = "".join(ch for ch in by if not _is_control(ch)).strip()
    if not by:
        raise UserError("Say who sets the verdict (--by USER).")
    return by


def clean_note(note: str | None) -> str | None:
    """A note with control characters removed; None when empty; refused when too long."""
    if note is None:
        return None
    note = "".join(ch for ch in note if not _is_control(ch) or ch == "\n").strip()
    if len(note) > MAX_NOTE:
        raise UserError(f"The note is {len(note):,} characters; keep it under {MAX_NOTE:,}.")
    return note or None


def clean_evidence(evidence: str | None) -> str | None:
    """An evidence link: an http(s) URL, or None; refused otherwise. Slack's angle brackets
    around a link (``<https://...>``) are taken off; a ``<`` or ``>`` inside it is refused
    (never cut), as is a space."""
    if evidence is None or not evidence.strip():
        return None
    evidence = evidence.strip()
    if evidence.startswith("<") and evidence.endswith(">"):
        evidence = evidence[1:-1].strip()
    parts = urlsplit(evidence)
    if parts.scheme.lower() not in {"http", "https"} or not parts.netloc:
        raise UserError(
            "Evidence must be a web link starting with http:// or https:// "
            f"(got {evidence[:80]!r})."
        )
    bad = next((ch for ch in evidence if ch in '<> \t\n"' or not ch.isprintable()), None)
    if bad is not None:
        raise UserError(
            f"The evidence link {evidence[:80]!r} holds {bad!r}, which a link cannot; write it "
            f"as {quote(bad)!r} or check that the link was copied whole."
        )
    if len(evidence) > MAX_EVIDENCE:
        raise UserError(f"The evidence link is over {MAX_EVIDENCE:,} characters.")
    return evidence


def current_verdicts(db: Database, item_ids: list[int]) -> dict[int, Verdict]:
    """The verdict in force on each item that has one, with its challenges."""
    latest = {
        i: row for i, row in latest_verdicts(db, item_ids).items() if row.new_status != "cleared"
    }
    challenges = challenges_of(db, [row.id for row in latest.values()])
    return {
        item_id: Verdict(
            status=row.new_status,
            by=row.by,
            at=datetime.fromisoformat(row.at),
            note=row.note,
            evidence=row.evidence,
            challenged_by=[_challenge(c) for c in challenges.get(row.id, [])] or None,
        )
        for item_id, row in latest.items()
    }


def history(db: Database, item_id: int) -> list[HistoryEntry]:
    """Every change of an item's verdict, newest first; UserError for an unknown item."""
    if item_text_status(db, item_id) is None:
        raise UserError(
            f"There is no item {item_id}; item ids are shown in every answer as `item N`."
        )
    rows = verdict_history(db, item_id)
    challenges = challenges_of(db, [row.id for row in rows])
    return [_entry(row, challenges.get(row.id)) for row in rows]


def _challenge(row: ChallengeRow) -> Challenge:
    return Challenge(
        item_id=row.challenger_item_id, source=row.source, at=datetime.fromisoformat(row.at)
    )


def _entry(row: VerdictRow, challenges: list[ChallengeRow] | None = None) -> HistoryEntry:
    return HistoryEntry(
        id=row.id,
        item_id=row.item_id,
        old_status=row.old_status,
        new_status=row.new_status,
        by=row.by,
        at=datetime.fromisoformat(row.at),
        note=row.note,
        evidence=row.evidence,
        origin=row.origin,
        challenged_by=[_challenge(c) for c in challenges] if challenges else None,
    )
