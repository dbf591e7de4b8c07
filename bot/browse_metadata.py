"""What `wiredesk browse` tells Datasette about the record: titles, descriptions, facets,
default sorts and the desk's canned queries (all read-only SELECTs).

The views are described column by column in ``docs/database.md``; the SQL behind them is
in :mod:`store.views`. Times in the queries are the views' ISO 8601 UTC text; "today" and
"the last 7 days" are counted in UTC from the server's clock.
"""

from __future__ import annotations

from typing import Any

from store.views import UTC_TEXT

SEARCH_FUNCTION = "wiredesk_fts"
"""The SQL function (registered by :mod:`bot.browse_plugin`) that turns a topic into the
full-text query Wiredesk itself runs, across spellings and scripts."""

HIDDEN_TABLES = (
    "bulletin_bands",
    "digests",
    "item_days",
    "items_fts",
    "linkable_denials",
    "message_bulletins",
    "name_hours",
    "outbox",
    "processed_events",
    "source_entries",
    "source_leases",
)
"""Tables that are the bot's machinery, not the record (listed under "hidden tables")."""

_CLAIM = "instr(signals, '\"claim\"') > 0"
_DENIAL = "instr(signals, '\"denial\"') > 0"
_HEDGED = "instr(signals, '\"hedged\"') > 0"
"""The analysis credits every claim to someone: a claim nobody is credited with is the
outlet's own hedged reporting ("Russian troops reportedly entered ...")."""
_TODAY = "strftime('%s', 'now', 'start of day') / 86400.0"
"""The first moment of today (UTC), in the day numbers the tables store."""

QUERIES: dict[str, dict[str, str]] = {
    "search": {
        "title": "Search across spellings and scripts",
        "description": (
            "Statements about a topic, found as /conflict finds them: Kyiv also finds Kiev "
            "and Київ, Lysychansk also finds Lisichansk and Лисичанськ. Newest stored first."
        ),
        "sql": f"""
select item, published, source, attributed_to, text, status_shown, verdict, url
from statements
where item in (select rowid from items_fts where items_fts match {SEARCH_FUNCTION}(:topic))
order by item desc
""",
    },
    "disputed_claims_last_7_days": {
        "title": "Disputed claims in the last 7 days",
        "description": (
            "Claims (statements credited to a party) whose status in force is disputed, "
            "published in the last 7 days (UTC), with the denials on record. Newest first."
        ),
        "sql": f"""
select
    s.item, s.published, s.source, s.attributed_to, s.text, s.status, s.verdict,
    (select group_concat(coalesce(d.denied_by, 'unattributed') || ': ' || d.denial_text, ' | ')
     from disputes d where d.claim_item = s.item) as denials
from statements s
where s.item in (
    select id from items
    where day >= strftime('%s', 'now', '-7 days') / 86400.0 and {_CLAIM} and not {_DENIAL}
)
and s.status_shown = 'disputed'
order by s.published desc, s.item desc
""",
    },
    "unattributed_claims": {
        "title": "Claims without attribution",
        "description": (
            "Claims passed on without saying whose they are: statements credited to nobody "
            "that the outlet hedges (reportedly, allegedly, it is understood, нібито), or "
            "that carry the claim signal (a claim whose credit was lost). The ones to check "
            "before quoting. Newest stored first."
        ),
        "sql": f"""
select item, published, source, text, signals, status_shown, verdict, url
from statements
where item in (select id from items where attributed_to is null and ({_CLAIM} or {_HEDGED}))
order by item desc
""",
    },
    "verdicts_by_editor": {
        "title": "Verdicts by editor",
        "description": (
            "Each editor's verdict changes: how many of each kind, how many are still in "
            "force, and the first and latest (UTC)."
        ),
        "sql": """
select
    by as editor,
    count(*) as changes,
    sum(new_status = 'verified') as verified,
    sum(new_status = 'false') as "false",
    sum(new_status = 'disputed') as disputed,
    sum(new_status = 'cleared') as cleared,
    sum(in_force) as in_force,
    min(at) as first,
    max(at) as latest
from verdict_log
group by by
order by changes desc, editor
""",
    },
    "challenged_verdicts": {
        "title": "Challenged verdicts",
        "description": (
            "Verdicts that a later report contradicts: the item, the verdict and who set it, "
            "and the report that challenges it. Newest challenge first."
        ),
        "sql": """
select
    item, text, verdict, verdict_by, verdict_at, verdict_in_force,
    challenger_item, challenger_source, challenger_text, challenger_url, at as challenged_at
from verdict_challenges
order by at desc, challenge desc
""",
    },
    "sources_today": {
        "title": "What each source sent today",
        "description": (
            "Bulletins published today (UTC; an undated bulletin counts when it arrived), "
            "per source: how many, their statements, claims and denials, first and last."
        ),
        "sql": f"""
select
    b.source as source,
    count(*) as bulletins,
    sum(b.duplicate_of is not null) as republished,
    coalesce(sum(n.statements), 0) as statements,
    coalesce(sum(n.claims), 0) as claims,
    coalesce(sum(n.denials), 0) as denials,
    strftime({UTC_TEXT}, round(min(b.day) * 86400), 'unixepoch') as first,
    strftime({UTC_TEXT}, round(max(b.day) * 86400), 'unixepoch') as last
from bulletins b
left join (
    select bulletin_id, count(*) as statements, sum({_CLAIM}) as claims, sum({_DENIAL}) as denials
    from items where day >= {_TODAY} group by bulletin_id
) n on n.bulletin_id = b.id
where b.day >= {_TODAY}
group by b.source
order by bulletins desc, source
""",
    },
}
"""The canned queries, by the name in their address (/DATABASE/NAME)."""

_TABLES: dict[str, dict[str, Any]] = {
    "statements": {
        "title": "Statements",
        "description": (
            "Every statement (item) with who it is credited to, its signals, its status read "
            "from the text, the verdict in force and its bulletin's source, time and link. "
            "Times are UTC. Newest first (as stored; sort by published to order by the "
            "time of publication). The search box finds plain words (Lysychansk, Kramatorsk); the "
            "'Search across spellings and scripts' query also finds Lisichansk and Лисичанськ."
        ),
        "facets": ["status", {"array": "signals"}, "source", "verdict"],
        # Newest stored first: item ids grow as bulletins arrive, and an id order is read
        # from the table's key at any size, where sorting by published reads every row.
        "sort_desc": "item",
        "fts_table": "items_fts",
        "fts_pk": "item",
    },
    "verdict_log": {
        "title": "Verdict log",
        "description": (
            "Every verdict change editors made, newest first (by entry, so two changes in "
            "one second keep their order); rows are never changed or deleted. in_force is 1 "
            "for the verdict an item shows now."
        ),
        "facets": ["new_status", "by", "origin", "in_force"],
        "sort_desc": "entry",
    },
    "verdict_challenges": {
        "title": "Challenges to verdicts",
        "description": "Later reports that contradict a verdict, with the verdict they challenge.",
        "facets": ["verdict", "challenger_source", "verdict_in_force"],
        "sort_desc": "at",
    },
    "disputes": {
        "title": "Claims and their denials",
        "description": (
            "Each claim paired with a denial that answers it, in the same story or in "
            "another bulletin."
        ),
        "facets": ["found_in", "claim_source", "denial_source"],
        "sort_desc": "claim_item",
    },
    "source_health": {
        "title": "Sources and their health",
        "description": (
            "The live wire's sources (wiredesk sources): feeds and pages, folders, Slack "
            "channels; whether each is polled, failing or paused, its last error, when it last "
            "worked and brought something new, and when it is next due."
        ),
        "facets": ["state", "kind"],
        "sort": "source",
    },
    "bulletins": {
        "description": (
            "Stored table: one row per bulletin. Times are stored as text with their offset "
            "(published, ingested) and as days since 1970 (day); the statements view shows "
            "them as UTC text."
        ),
        "facets": ["source"],
        "sort_desc": "id",
    },
    "items": {
        "description": "Stored table: one row per statement; read it through the statements view.",
        "sort_desc": "id",
    },
    "verdicts": {
        "description": "Stored table: the append-only verdict history (see the verdict_log view).",
        "sort_desc": "id",
    },
    "challenges": {
        "description": "Stored table: challenges (see the verdict_challenges view).",
        "sort_desc": "id",
    },
}


def metadata(database: str) -> dict[str, Any]:
    """Datasette metadata for the Wiredesk database Datasette names ``database``."""
    tables: dict[str, dict[str, Any]] = {name: dict(config) for name, config in _TABLES.items()}
    for name in HIDDEN_TABLES:
        tables[name] = {"hidden": True}
    return {
        "title": "Wiredesk: the desk's record",
        "description": (
            "Bulletins, the statements read from them, the desk's verdicts and their "
            "challenges, read-only. Start with Statements, or a query below."
        ),
        "databases": {
            database: {
                "description": (
                    "Views (statements, verdict_log, verdict_challenges, disputes, source_health) show the "
                    "stored tables in a readable form: see docs/database.md."
                ),
                "tables": tables,
                "queries": {
                    name: {**query, "sql": query["sql"].strip()} for name, query in QUERIES.items()
                },
            }
        },
    }
