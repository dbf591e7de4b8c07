"""JSON, JSONL and CSV: records whose fields are found by name, and where JSON keeps them."""

from __future__ import annotations

import csv
import itertools
import json
import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import replace
from functools import lru_cache
from typing import BinaryIO

from newsroom.models import Notice, RawBulletin, Rejection
from newsroom.sources.clean import clean_line, plain_text
from newsroom.sources.dates import parse_date
from newsroom.sources.encodings import UnclearEncoding, decode, open_text
from newsroom.sources.records import Origin, make_bulletin
from newsroom.sources.telegram import (
    account_chats,
    is_telegram_export,
    read_account,
    read_telegram,
)

FIELDS: dict[str, tuple[str, ...]] = {
    "text": (
        "text",
        "body",
        "content",
        "bodytext",
        "contenttext",
        "contenthtml",
        "notes",
        "description",
        "summary",
        "trailtext",
    ),
    "title": ("title", "headline", "webtitle"),
    "published": (
        "dateunixtime",
        "date",
        "date.original",
        "published",
        "publishedat",
        "datepublished",
        "webpublicationdate",
        "eventdate",
        "time",
        "timestamp",
        "pubdate",
        "datetime",
        "ts",
    ),
    "url": ("url", "link", "permalink", "weburl"),
    "source": ("source", "outlet", "channel", "publisher", "site"),
    "record_id": ("eventidcnty", "eventid"),
    "place": ("location", "admin3", "admin2", "admin1", "country"),
    "details": (
        "location",
        "admin3",
        "admin2",
        "admin1",
        "country",
        "actor1",
        "assocactor1",
        "actor2",
        "assocactor2",
        "eventtype",
        "subeventtype",
    ),
}
"""Field names per role, in order of preference, as :func:`field_key` spells them. A
record's place is its place fields, the most particular first; its details are kept with it
and searchable (see :class:`~newsroom.models.RawBulletin`)."""
RECORD_LISTS = ("items", "articles", "data", "entries", "results", "records", "posts")
"""Preferred names for the list of records when a JSON object holds several lists."""
_NESTING = 4
"""How deep in a JSON object a list of records is looked for ("response.results")."""
_DATE_PARTS = ("original", "created", "value")
"""The part of a date given as an object ReliefWeb-style ({"original": ..., "created": ...})."""
_CSV_FIELD_SIZE_LIMIT = 2**31 - 1
_DELIMITERS = (",", ";", "\t", "|")
_CSV_ERRORS = {"unexpected end of data": "a quoted field is still open at the end of the file"}
_TOO_DEEP = "invalid JSON (nested too deeply)"
_IGNORED = re.compile(r"[\s_-]+")

Parsed = RawBulletin | Rejection


@lru_cache(maxsize=4096)
def field_key(name: str) -> str:
    """A field name as matched: lower case, no spaces, underscores or dashes ("publishedat")."""
    return _IGNORED.sub("", name).lower()


def read_json(data: bytes, origin: Origin) -> Iterator[Parsed | Notice]:
    """Yield the records of a JSON document: a Telegram Desktop export (of a chat or of a
    whole account), a JSON Feed, an array of records, the one list of records an object
    holds at any depth (an API's envelope: "response.results", reported in a Notice), or the
    object itself when it is a single record."""
    try:
        content = decode(data)
    except UnclearEncoding as exc:
        yield origin.reject(str(exc))
        return
    if content is None:
        yield origin.reject("binary file, not text")
        return
    try:
        document = json.loads(content)
    except json.JSONDecodeError as exc:
        yield origin.reject(
            f"invalid JSON ({json_error_reason(exc)} at line {exc.lineno}, column {exc.colno})"
        )
        return
    except RecursionError:
        yield origin.reject(_TOO_DEEP)
        return
    if is_telegram_export(document):
        yield from read_telegram(document, origin)
        return
    chats = account_chats(document)
    if chats is not None:
        yield from read_account(chats, origin)
        return
    if isinstance(document, dict) and _pick(document, "text") and not _record_lists(document):
        yield record_to_bulletin(document, origin, origin.where)
        return
    found = _records(document)
    if isinstance(found, str):
        single = _single_record(document) if isinstance(document, dict) else None
        if single is None:
            yield origin.reject(found)
        else:
            path, record = single
            yield Notice(where=origin.where, message=f"record read from {path}")
            yield record_to_bulletin(record, origin, origin.where)
        return
    path, records = found
    if "." in path:
        yield Notice(where=origin.where, message=f"records read from {path}")
    json_feed = is_json_feed(document)
    if json_feed:
        origin = _json_feed_origin(document, origin)
    for number, record in enumerate(records, 1):
        where = origin.at("record", number)
        if isinstance(record, dict):
            bulletin = record_to_bulletin(record, origin, where)
            guid = record.get("id") if json_feed else None
            if isinstance(bulletin, RawBulletin) and isinstance(guid, str | int) and str(guid):
                bulletin.guid = clean_line(str(guid))  # JSON Feed: an item's id is its guid
            yield bulletin
        else:
            yield origin.reject(f"not a JSON object ({_kind(record)})", where)


def is_json_feed(document: object) -> bool:
    """A JSON Feed (jsonfeed.org, version 1 or 1.1)."""
    return isinstance(document, dict) and str(document.get("version", "")).startswith(
        ("https://jsonfeed.org/version/", "http://jsonfeed.org/version/")
    )


def _json_feed_origin(feed: dict[str, object], origin: Origin) -> Origin:
    """The feed's title is the source of its items, unless the caller named one; its own
    address (else its home page) is the base of its items' relative links."""
    base = next(
        (a for a in (feed.get("feed_url"), feed.get("home_page_url")) if isinstance(a, str)),
        None,
    )
    origin = replace(origin, base=base.strip() or None) if base else origin
    title = feed.get("title")
    if origin.source or not isinstance(title, str) or not title.strip():
        return origin
    return replace(origin, source=clean_line(title))


def read_jsonl(stream: BinaryIO, head: bytes, origin: Origin) -> Iterator[Parsed]:
    """Yield one record per line, streaming; a bad line is a Rejection and reading goes on."""
    try:
        lines = open_text(stream, head)
    except UnclearEncoding as exc:
        yield origin.reject(str(exc))
        return
    if lines is None:
        yield origin.reject("binary file, not text")
        return
    for number, line in enumerate(lines, 1):
        if not line.strip():
            continue
        where = origin.at("line", number)
        try:
            record = json.loads(line)
        except json.JSONDecodeError as exc:
            yield origin.reject(
                f"invalid JSON ({json_error_reason(exc)} at column {exc.colno})", where
            )
            continue
        except RecursionError:
            yield origin.reject(_TOO_DEEP, where)
            continue
        if isinstance(record, dict):
            yield record_to_bulletin(record, origin, where)
        else:
            yield origin.reject(f"not a JSON object ({_kind(record)})", where)


def read_csv(stream: BinaryIO, head: bytes, origin: Origin) -> Iterator[Parsed]:
    """Yield one record per row after the header, streaming; ``where`` is the row's first line.

    The delimiter (comma, semicolon, tab or bar) is the one most used in the header line.
    """
    try:
        lines = open_text(stream, head, newline="")
    except UnclearEncoding as exc:
        yield origin.reject(str(exc))
        return
    if lines is None:
        yield origin.reject("binary file, not text")
        return
    csv.field_size_limit(max(csv.field_size_limit(), _CSV_FIELD_SIZE_LIMIT))
    first = lines.readline()
    delimiter = max(_DELIMITERS, key=first.count)
    reader = csv.reader(itertools.chain([first], lines), delimiter=delimiter, strict=True)
    try:
        header = [name.strip() for name in next(reader)]
    except csv.Error as exc:
        yield origin.reject(f"unreadable CSV header ({exc})", origin.at("line", 1))
        return
    if not _present(header, "text") and not _present(header, "title"):
        yield origin.reject(
            f"no text column (columns: {_names(header)}; expected one of"
            f" {', '.join(FIELDS['text'])}, or a title: {', '.join(FIELDS['title'])})",
            origin.at("line", 1),
        )
        return
    previous = reader.line_num
    rows = 0
    while True:
        try:
            row = next(reader)
        except StopIteration:
            if not rows:
                yield origin.reject("no rows after the header", origin.at("line", 2))
            return
        except csv.Error as exc:
            reason = _CSV_ERRORS.get(str(exc), str(exc))
            yield origin.reject(f"malformed CSV ({reason})", origin.at("line", previous + 1))
            previous = reader.line_num
            rows += 1
            continue
        where, previous = origin.at("line", previous + 1), reader.line_num
        if not any(cell.strip() for cell in row):
            continue  # a blank line is no row
        rows += 1
        if len(row) > len(header):
            yield origin.reject(f"{len(row)} fields but the header has {len(header)}", where)
            continue
        record: dict[str, str] = {}
        for name, cell in zip(header, row, strict=False):
            record.setdefault(name, cell)
        yield record_to_bulletin(record, origin, where)


def record_to_bulletin(record: Mapping[str, object], origin: Origin, where: str) -> Parsed:
    """Turn one record into a bulletin by its field names, or reject it saying why.

    A record whose text sits in an object inside it (Guardian's ``fields.bodyText``,
    ReliefWeb's ``fields.body``) is read with that object's fields beside its own.
    """
    text_field = _pick(record, "text")
    if text_field is None:
        inner = _inner_record(record)
        if inner is not None:
            return record_to_bulletin(inner, origin, where)
        title = _value(record, "title")
        if title is None:
            present = _present(record, "text")
            reason = f"field {present[0]!r} is empty" if present else "no text field"
            return origin.reject(f"{reason} (fields: {_names(record)})", where)
        text = ""  # a headline alone
    else:
        name, value = text_field
        found = _as_text(value)
        if found is None:
            return origin.reject(f"field {name!r} holds {_kind(value)}, not text", where)
        text = plain_text(found)
        title = _value(record, "title")
    published = None
    date_field = _pick(record, "published")
    if date_field is not None:
        name, value = date_field
        try:
            published = parse_date(_date_value(value), origin.dates)
        except ValueError as exc:
            return origin.reject(f"{exc} in field {name!r}", where)
    details = _details(record)
    return make_bulletin(
        origin,
        where,
        text=text,
        title=title and plain_text(title),
        source=_value(record, "source"),
        published=published,
        url=_value(record, "url"),
        place=_place(record) if details else None,
        record_id=_value(record, "record_id"),
        details=details,
    )


def _inner_record(record: Mapping[str, object]) -> dict[str, object] | None:
    """The record with the fields of the object inside it that holds its text, or None."""
    for name, value in record.items():
        if isinstance(value, dict) and _pick(value, "text"):
            return {**value, **{k: v for k, v in record.items() if k != name}}
    return None


def _details(record: Mapping[str, object]) -> dict[str, str]:
    """The record's structured fields that have a value, by their names in the input; a
    value given as named objects ({"name": "Ukraine"}) is their names."""
    details = {}
    for name in _present(record, "details"):
        value = _as_text(_named(record[name]))
        if value and value.strip():
            details[name] = value.strip()
    return details


def _place(record: Mapping[str, object]) -> str | None:
    """The place fields' values, most particular first, each once ("Bakhmut, Donetsk")."""
    parts: list[str] = []
    for name in _present(record, "place"):
        value = _as_text(_named(record[name]))
        if value and value.strip() and value.strip() not in parts:
            parts.append(value.strip())
    return ", ".join(parts) or None


def _date_value(value: object) -> object:
    """A date given as an object: its original (else created) time."""
    if isinstance(value, dict):
        for part in _DATE_PARTS:
            if value.get(part) is not None:
                return value[part]
    return value


def has_records_header(head: bytes) -> bool:
    """The text opens with a CSV header that names a text or title column ("date,source,
    text"): records served without a format in their URL, not a server's notice."""
    first = head.decode("utf-8", errors="replace").lstrip("\ufeff \t\r\n").split("\n", 1)[0]
    delimiter = max(_DELIMITERS, key=first.count)
    try:
        header = next(csv.reader([first], delimiter=delimiter))
    except csv.Error:
        return False
    return len(header) >= 2 and bool(_present(header, "text") or _present(header, "title"))


def _present(names: Iterable[object], role: str) -> list[str]:
    """The names among ``names`` that can hold ``role``, in order of preference."""
    return list(_present_in(tuple(str(name) for name in names), role))


@lru_cache(maxsize=4096)
def _present_in(names: tuple[str, ...], role: str) -> tuple[str, ...]:
    """Cached by the record's field names: every record of a file usually has the same."""
    by_key: dict[str, str] = {}
    for name in names:
        by_key.setdefault(field_key(name), name)
    return tuple(by_key[key] for key in FIELDS[role] if key in by_key)


def _pick(record: Mapping[str, object], role: str) -> tuple[str, object] | None:
    """The preferred field for ``role`` that has a value (not null, not blank), with its value."""
    for name in _present(record, role):
        value = record[name]
        if value is not None and not (isinstance(value, str) and not value.strip()):
            return name, value
    return None


def _value(record: Mapping[str, object], role: str) -> str | None:
    found = _pick(record, role)
    if found is None:
        return None
    return _as_text(_named(found[1]))


def _named(value: object) -> object:
    """An outlet given as an object ({"id": ..., "name": "Reuters"}) or a list of them:
    its name, or their names joined."""
    if isinstance(value, dict):
        return value.get("name") or value.get("title")
    if isinstance(value, list) and value and all(isinstance(part, dict) for part in value):
        names = [_named(part) for part in value]
        return ", ".join(n for n in names if isinstance(n, str) and n.strip()) or None
    return value


def _as_text(value: object) -> str | None:
    """A field's value as text: a string, a number, paragraphs (a list of strings), or a
    run of strings and entity objects with a "text" (Telegram's ``text``)."""
    if isinstance(value, str):
        return value
    if isinstance(value, int | float) and not isinstance(value, bool):
        return str(value)
    if isinstance(value, list):
        if all(isinstance(part, str) for part in value):
            return "\n\n".join(value)
        if all(
            isinstance(part, str) or (isinstance(part, dict) and isinstance(part.get("text"), str))
            for part in value
        ):
            return "".join(part if isinstance(part, str) else part["text"] for part in value)
    return None


def _records(document: object) -> tuple[str, list[object]] | str:
    """The path to the list of records in a JSON document ("" for the document itself,
    "response.results" for one inside) and the list, or why there is none."""
    if isinstance(document, list):
        return ("", document) if document else "an empty JSON array"
    if not isinstance(document, dict):
        return f"no records: the JSON holds {_kind(document)}"
    lists = _nested_lists(document, "", _NESTING)
    if len(lists) > 1:
        preferred = [path for path in lists if field_key(path.rpartition(".")[2]) in RECORD_LISTS]
        if len(preferred) != 1:
            return f"more than one list of records ({_names(lists)}); cannot tell which to read"
        lists = {path: lists[path] for path in preferred}
    if not lists:
        return (
            "no records: expected an array of objects or an object with a list of objects"
            f" (fields: {_names(document)})"
        )
    return next(iter(lists.items()))


def _single_record(document: dict[str, object]) -> tuple[str, dict[str, object]] | None:
    """The one record an envelope holds ("response.content", a single-item API answer): the
    objects nearest the top with a text field, or with an object holding one, when there is
    exactly one of them; else None."""
    level: list[tuple[str, dict[str, object]]] = [("", document)]
    for _ in range(_NESTING):
        level = [
            (f"{path}{name}", value)
            for path, parent in level
            for name, value in parent.items()
            if isinstance(value, dict)
        ]
        records = [(p, v) for p, v in level if _is_record(v)]
        if records:
            return records[0] if len(records) == 1 else None
        level = [(f"{path}.", value) for path, value in level]
    return None


def _is_record(value: dict[str, object]) -> bool:
    """An object with text in a text field, or with an object holding one."""
    picked = _pick(value, "text")
    if picked is not None and _as_text(picked[1]) is not None:
        return True
    return _inner_record(value) is not None


def _record_lists(document: dict[str, object]) -> list[str]:
    """Fields holding a list with objects in it: a stray string or number among the objects
    is a bad record of that list (rejected alone), not a reason to lose the list."""
    return [
        name
        for name, value in document.items()
        if isinstance(value, list) and any(isinstance(item, dict) for item in value)
    ]


def _nested_lists(document: dict[str, object], prefix: str, depth: int) -> dict[str, list]:
    """The lists of objects in ``document`` by path; an object's own lists hide deeper ones."""
    found = {f"{prefix}{name}": document[name] for name in _record_lists(document)}
    if found or depth <= 1:
        return found
    for name, value in document.items():
        if isinstance(value, dict):
            found.update(_nested_lists(value, f"{prefix}{name}.", depth - 1))
    return found


def _names(names: Iterable[object]) -> str:
    return ", ".join(repr(str(name)) for name in names) or "none"


def _kind(value: object) -> str:
    return {
        dict: "an object",
        list: "an array",
        str: "a string",
        bool: "a boolean",
        int: "a number",
        float: "a number",
        type(None): "null",
    }.get(type(value), type(value).__name__)


def json_error_reason(error: json.JSONDecodeError) -> str:
    """The decoder's reason without its own trailing "at" ("Invalid control character at")."""
    return error.msg.removesuffix(" at")
