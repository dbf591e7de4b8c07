"""The Datasette plugin `wiredesk browse` registers: the search function of its canned
query "Search across spellings and scripts" (see :mod:`bot.browse_metadata`), and the
search box's words folded to the index's spelling (any script, no accents, no operators)."""

from __future__ import annotations

import sqlite3
from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any
from urllib.parse import parse_qsl, urlencode

from datasette import hookimpl

from bot.browse_metadata import SEARCH_FUNCTION
from newsroom.errors import UserError
from newsroom.names import fold, words
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


def folded_search(query_string: bytes) -> bytes:
    """A request's query string with each ``_search`` value as the index spells its words:
    "Лисичанск" is searched as "lisichansk", "Київ" as "kiiv"; quotes and operators, which
    the index has no words for, are dropped (a value with no word at all, with its key)."""
    folded: list[tuple[str, str]] = []
    for key, value in parse_qsl(query_string.decode("latin-1"), keep_blank_values=True):
        if key == "_search" or key.startswith("_search_"):
            value = " ".join(fold(word) for word in words(value))
            if not value:
                continue  # nothing to search for: the box is as good as empty
        folded.append((key, value))
    return urlencode(folded).encode("latin-1")


_App = Callable[[MutableMapping[str, Any], Any, Any], Awaitable[None]]


@hookimpl
def asgi_wrapper(datasette: object) -> Callable[[_App], _App]:
    def wrap(app: _App) -> _App:
        async def with_folded_search(scope: MutableMapping[str, Any], receive: Any, send: Any):
            if scope.get("type") == "http" and b"_search" in scope.get("query_string", b""):
                scope = dict(scope, query_string=folded_search(scope["query_string"]))
            await app(scope, receive, send)

        return with_folded_search

    return wrap
