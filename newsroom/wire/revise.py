"""A stored bulletin whose text changed at its source (an edited Slack message, a feed entry
rewritten under the same guid): analysed anew and revised in place.

:func:`store.revisions.revise_bulletin` keeps the items whose sentence survives (with their
ids and verdicts), retracts the ones whose sentence is gone (kept for the audit) and adds the
new ones; this module links the new denials across bulletins and marks the verdicts the new
items challenge, as an ingest does.
"""

from __future__ import annotations

from datetime import datetime

from sqlite_utils import Database

from newsroom.challenges import find_challenges
from newsroom.disputes import link_denials
from newsroom.models import RawBulletin
from newsroom.text.analyse import analyse
from store.bulletins import prepare, transaction
from store.revisions import Revision, revise_bulletin
from store.statements import last_item_id


def revise(db: Database, bulletin_id: int, raw: RawBulletin, now: datetime) -> Revision:
    """Revise bulletin ``bulletin_id`` to ``raw``'s text; what was kept, added, retracted.

    The revision, the denial links of its new items and the challenges they raise are one
    transaction: a revision stored without its links would keep them missing for good (a
    re-run finds the text already revised and adds no item to link).
    """
    prepared = prepare(analyse(raw))
    with transaction(db):
        before = last_item_id(db)
        revision = revise_bulletin(db, bulletin_id, prepared, now)
        after_new_items(db, before, revision.added)
    return revision


def after_new_items(db: Database, before: int, new_items: list[int]) -> None:
    """Link new denials to claims across bulletins, and mark verdicts they challenge."""
    if not new_items:
        return
    link_denials(db, before)
    find_challenges(db, new_items)
