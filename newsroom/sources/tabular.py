"""JSON, JSONL and CSV: records whose fields are found by name."""

from __future__ import annotations

import csv
import itertools
import json
import re
from collections.abc import Iterable, Iterator, Mapping
from functools import lru_cache
from typing import BinaryIO

from newsroom.models import RawBulletin, Rejection
from newsroom.sources.dates import parse_date
from newsroom.sources.encodings import UnclearEncoding, decode, open_text
from newsroom.sources.records import Origin, make_bulletin

FIELDS: dict[str, tuple[str, ...]] = {
    "text": ("text", "body", "content", "description", "summary"),
    "title": ("title", "headline"),
    "published": ("date", "published", "publishedat", "time", "timestamp", "pubdate", "datetime"),
    "url": ("url", "link", "permalink"),
    "source": ("source", "outlet", "channel", "publisher", "site"),
}
"""Field names per role, in order of preference, as :func:`field_key` spells them."""
RECORD_LISTS = ("items", "articles", "data", "entries", "results", "records", "posts")
"""Preferred names for the list of records when a JSON object holds several lists."""
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


def read_json(data: bytes, origin: Origin) -> Iterator[Parsed]:
    """Yield the records of a JSON array, of the one list of objects in a JSON object, or the
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
        yield origin.reject(f"invalid JSON ({exc.msg} at line {exc.lineno}, column {exc.colno})")
        return
    except RecursionError:
        yield origin.reject(_TOO_DEEP)
        return
    if isinstance(document, dict) and _pick(document, "text") and not _record_lists(document):
        yield record_to_bulletin(document, origin, origin.where)
        return
    records = _records(document)
    if isinstance(records, str):
        yield origin.reject(records)
        return
    for number, record in enumerate(records, 1):
        where = origin.at("record", number)
        if isinstance(record, dict):
            yield record_to_bulletin(record, origin, where)
        else:
            yield origin.reject(f"not a JSON object ({_kind(record)})", where)


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
            yield origin.reject(f"invalid JSON ({exc.msg} at column {exc.colno})", where)
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
    if not _present(header, "text"):
        yield origin.reject(
            f"no text column (columns: {_names(header)}; expected one of"
            f" {', '.join(FIELDS['text'])})",
            origin.at("line", 1),
        )
        return
    previous = reader.line_num
    while True:
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            reason = _CSV_ERRORS.get(str(exc), str(exc))
            yield origin.reject(f"malformed CSV ({reason})", origin.at("line", previous + 1))
            previous = reader.line_num
            continue
        where, previous = origin.at("line", previous + 1), reader.line_num
        if not any(cell.strip() for cell in row):
            continue
        if len(row) > len(header):
            yield origin.reject(f"{len(row)} fields but the header has {len(header)}", where)
            continue
        record: dict[str, str] = {}
        for name, cell in zip(header, row, strict=False):
            record.setdefault(name, cell)
        yield record_to_bulletin(record, origin, where)


def record_to_bulletin(record: Mapping[str, object], origin: Origin, where: str) -> Parsed:
    """Turn one record into a bulletin by its field names, or reject it saying why."""
    text_field = _pick(record, "text")
    if text_field is None:
        present = _present(record, "text")
        reason = f"field {present[0]!r} is empty" if present else "no text field"
        return origin.reject(f"{reason} (fields: {_names(record)})", where)
    name, value = text_field
    text = _as_text(value)
    if text is None:
        return origin.reject(f"field {name!r} holds {_kind(value)}, not text", where)
    published = None
    date_field = _pick(record, "published")
    if date_field is not None:
        name, value = date_field
        try:
            published = parse_date(value)
        except ValueError as exc:
            return origin.reject(f"{exc} in field {name!r}", where)
    return make_bulletin(
        origin,
        where,
        text=text,
        title=_value(record, "title"),
        source=_value(record, "source"),
        published=published,
        url=_value(record, "url"),
    )


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
    value = found[1]
    if isinstance(value, dict):
        value = value.get("name") or value.get("title")
    return _as_text(value)


def _as_text(value: object) -> str | None:
    if isinstance(value, str):
        return value
    if isinstance(value, int | float) and not isinstance(value, bool):
        return str(value)
    if isinstance(value, list) and all(isinstance(part, str) for part in value):
        return "\n\n".join(value)
    return None


def _records(document: object) -> list[object] | str:
    """The list of records in a JSON document, or why there is none."""
    if isinstance(document, list):
        return document if document else "an empty JSON array"
    if not isinstance(document, dict):
        return f"no records: the JSON holds {_kind(document)}"
    lists = _record_lists(document)
    if len(lists) > 1:
        preferred = [name for name in lists if field_key(name) in RECORD_LISTS]
        if len(preferred) != 1:
            return f"more than one list of records ({_names(lists)}); cannot tell which to read"
        lists = preferred
    if not lists:
        return (
            "no records: expected an array of objects or an object with a list of objects"
            f" (fields: {_names(document)})"
        )
    return document[lists[0]]


def _record_lists(document: dict[str, object]) -> list[str]:
    return [
        name
        for name, value in document.items()
        if isinstance(value, list) and value and all(isinstance(item, dict) for item in value)
    ]


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
