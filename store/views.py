"""Read-only SQL views that make the database readable as it is (in Datasette, or any
SQLite client): times as ISO 8601 UTC text, an item beside its bulletin and its verdict.

Each view is documented column by column in ``docs/database.md``. No view calls a
function of Wiredesk's own: plain SQLite reads them. They are (re)created by the schema
migrations (:mod:`store.schema`); changing one means a new migration that calls
:func:`replace_views` again.
"""

from __future__ import annotations

from sqlite_utils import Database

UTC_TEXT = "'%Y-%m-%dT%H:%M:%SZ'"
"""The strftime format of every time a view shows: ISO 8601, UTC, to the second."""

_IN_FORCE = (
    "v.id = (SELECT max(w.id) FROM verdicts w WHERE w.item_id = v.item_id)"
    " AND v.new_status != 'cleared'"
)
"""A verdicts row ``v`` is the one in force: its item's newest row, and not a clearing."""

VIEWS: dict[str, str] = {
    "statements": f"""
SELECT
    i.id AS item,
    i.text AS text,
    i.attributed_to AS attributed_to,
    i.signals AS signals,
    i.status AS status,
    v.new_status AS verdict,
    v.by AS verdict_by,
    strftime({UTC_TEXT}, v.at) AS verdict_at,
    coalesce(v.new_status, i.status) AS status_shown,
    b.source AS source,
    strftime({UTC_TEXT}, b.published) AS published,
    strftime({UTC_TEXT}, b.ingested) AS ingested,
    b.url AS url,
    b.title AS title,
    i.bulletin_id AS bulletin,
    i.story AS story,
    i.position AS position,
    b.duplicate_of AS copy_of,
    strftime({UTC_TEXT}, i.retracted) AS retracted
FROM items i
JOIN bulletins b ON b.id = i.bulletin_id
LEFT JOIN verdicts v ON v.id = (SELECT max(id) FROM verdicts WHERE item_id = i.id)
    AND v.new_status != 'cleared'
""",
    "verdict_log": f"""
SELECT
    v.id AS entry,
    v.item_id AS item,
    i.text AS text,
    v.old_status AS old_status,
    v.new_status AS new_status,
    v.by AS by,
    strftime({UTC_TEXT}, v.at) AS at,
    v.note AS note,
    v.evidence AS evidence,
    v.origin AS origin,
    {_IN_FORCE} AS in_force,
    (SELECT count(*) FROM challenges c WHERE c.verdict_id = v.id) AS challenges,
    b.source AS source,
    strftime({UTC_TEXT}, b.published) AS published
FROM verdicts v
JOIN items i ON i.id = v.item_id
JOIN bulletins b ON b.id = i.bulletin_id
""",
    "verdict_challenges": f"""
SELECT
    c.id AS challenge,
    c.item_id AS item,
    i.text AS text,
    c.verdict_id AS entry,
    v.new_status AS verdict,
    v.by AS verdict_by,
    strftime({UTC_TEXT}, v.at) AS verdict_at,
    {_IN_FORCE} AS verdict_in_force,
    c.challenger_item_id AS challenger_item,
    ci.text AS challenger_text,
    c.source AS challenger_source,
    cb.url AS challenger_url,
    strftime({UTC_TEXT}, c.at) AS at
FROM challenges c
JOIN verdicts v ON v.id = c.verdict_id
JOIN items i ON i.id = c.item_id
JOIN items ci ON ci.id = c.challenger_item_id
JOIN bulletins cb ON cb.id = ci.bulletin_id
""",
    # item_links holds each pair both ways; the claim's side is read, so a claim's denials
    # are found through the table's key.
    "disputes": f"""
SELECT
    pair.claim AS claim_item,
    ci.text AS claim_text,
    ci.attributed_to AS claimed_by,
    cb.source AS claim_source,
    strftime({UTC_TEXT}, cb.published) AS claim_published,
    pair.denial AS denial_item,
    di.text AS denial_text,
    di.attributed_to AS denied_by,
    db.source AS denial_source,
    strftime({UTC_TEXT}, db.published) AS denial_published,
    pair.found_in AS found_in
FROM (
    SELECT l.item_id AS claim, l.other_id AS denial, 'same story' AS found_in
    FROM item_links l
    JOIN items c ON c.id = l.item_id
    JOIN items d ON d.id = l.other_id
    WHERE l.kind = 'disputes' AND instr(d.signals, '"denial"') > 0
        AND instr(c.signals, '"denial"') = 0
    UNION ALL
    SELECT claim_id, denial_id, 'another bulletin' FROM denial_links
) AS pair
JOIN items ci ON ci.id = pair.claim
JOIN bulletins cb ON cb.id = ci.bulletin_id
JOIN items di ON di.id = pair.denial
JOIN bulletins db ON db.id = di.bulletin_id
WHERE ci.retracted IS NULL AND di.retracted IS NULL
""",
    "source_health": f"""
SELECT
    s.id AS source,
    s.kind AS kind,
    coalesce(s.name, s.target) AS name,
    s.target AS target,
    s.every AS every_seconds,
    CASE WHEN s.paused THEN 'paused' WHEN s.failing_since IS NOT NULL THEN 'failing'
        ELSE 'ok' END AS state,
    s.last_error AS last_error,
    strftime({UTC_TEXT}, s.failing_since) AS failing_since,
    s.failures AS failures,
    strftime({UTC_TEXT}, s.last_attempt) AS last_attempt,
    strftime({UTC_TEXT}, s.last_success) AS last_success,
    strftime({UTC_TEXT}, s.last_new) AS last_new,
    CASE WHEN s.paused THEN NULL ELSE strftime({UTC_TEXT}, s.next_due, 'unixepoch') END
        AS next_due,
    s.entries_added AS entries_added,
    s.entries_updated AS entries_updated,
    s.rejected AS rejected,
    s.added_by AS added_by,
    strftime({UTC_TEXT}, s.added_at) AS added
FROM sources s
""",
}
"""Each view's name and its SELECT."""


def replace_views(db: Database) -> None:
    """Drop and create every view of :data:`VIEWS` (inside the caller's transaction)."""
    for name, select in VIEWS.items():
        db.execute(f"DROP VIEW IF EXISTS [{name}]")
        db.execute(f"CREATE VIEW [{name}] AS {select.strip()}")
