"""The Datasette plugin `wiredesk browse` registers: the search function of its canned
query "Search across spellings and scripts" (see :mod:`bot.browse_metadata`)."""

from __future__ import annotations

import sqlite3

from datasette import hookimpl

from bot.browse_metadata import SEARCH_FUNCTION
from newsroom.errors import UserError
from newsroom.query import build_query

NOTHING = '""'
"""An FTS5 query (the empty phrase) that matches no row."""


def topic_fts(topic: object) -> str:
    """The FTS5 query Wiredesk runs for a topic (each word in its plain spelling or as a
    name key, see :mod:`newsroom.query`); :data:`NOTHING` when the topic has nothing to
    search for (empty, only punctuation, too long): the form then lists no rows."""
    if not isinstance(topic, str):
        return NOTHING
    try:
        return build_query(topic).fts
    except UserError:
        return NOTHING


@hookimpl
def prepare_connection(conn: sqlite3.Connection) -> None:
    conn.create_function(SEARCH_FUNCTION, 1, topic_fts, deterministic=True)
