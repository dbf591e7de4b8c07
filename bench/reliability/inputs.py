"""Hypothesis strategies for the fuzz runs: topics as people type them, and input files of
six formats, whole or damaged, each knowing which of its records are valid.

Every valid record carries a unique marker (``Ref WDX000123.``), so the records a run kept
can be found in the database afterwards.
"""

from __future__ import annotations

import csv
import io
import itertools
import json
from dataclasses import dataclass
from xml.sax.saxutils import escape

from hypothesis import strategies as st

from bench.corpus import PLACES, TAIL

_MARKERS = itertools.count(1)

# ---------------------------------------------------------------------- topics

#: Words with a meaning to the search, the console or Slack.
_SPECIAL = [
    '"',
    "*",
    "AND",
    "OR",
    "NOT",
    "NEAR(",
    "-",
    ":",
    "^",
    "(",
    ")",
    "{",
    "'",
    "\\",
    "%",
    "_",
    "<!channel>",
    "<@U123>",
    "<#C123|desk>",
    "<https://example.org|link>",
    "&amp;",
    "help",
    "digest",
    "history",
    "verify",
    "false 12",
    "history abc",
    "\u200b",
    "\u202e",
    "\ufeff",
    "🇺🇦",
    "\x00",
    "\t",
    "\n",
]
_NAMES = [name for spellings in PLACES for name in spellings] + TAIL


def topics() -> st.SearchStrategy[str]:
    """Anything a user could type after ``/conflict`` or ``wiredesk ask``."""
    word = st.one_of(
        st.sampled_from(_NAMES),
        st.sampled_from(_SPECIAL),
        st.text(max_size=12),
        st.integers(-(10**30), 10**30).map(str),
    )
    return st.one_of(
        st.text(max_size=300),
        st.lists(word, min_size=1, max_size=8).map(" ".join),
        st.lists(word, min_size=1, max_size=4).map("".join),
        st.sampled_from(_NAMES).map(lambda name: name * 400),  # far longer than any name
    )


# ---------------------------------------------------------------------- files

_SENTENCES = [
    "Officials in Norvik said artillery had struck warehouses near the river port overnight.",
    "The regional governor claimed that the strike came from positions across the river.",
    "A spokesperson for the other side denied firing on the port.",
    "The claim could not be independently verified.",
    "Residents reportedly spent the night in shelters across the district.",
    "Військові заявили, що у Лисичанську знищено склад боєприпасів.",
    "Губернатор сообщил о взрывах в Белгороде.",
]
#: Text that survives XML: no control characters but tab and newline, no surrogates.
_XML_SAFE = st.characters(exclude_categories=("Cs", "Cc", "Co"), include_characters="\t\n")
_ANY = st.characters(exclude_categories=("Cs",))
BAD_DATES = ["31/31/2022", "yesterday", "2022-02-30T10:00:00Z", "10:00", "", "0", "2022-13-01"]


@dataclass(frozen=True)
class Record:
    """One bulletin record as written into a file: fields, and its marker."""

    marker: str
    text: str
    title: str
    source: str
    published: str
    url: str


@dataclass(frozen=True)
class FuzzFile:
    """A file to ingest: its format, bytes, the markers of its valid records, and whether
    the whole file was damaged past reading (then no record needs to be kept)."""

    fmt: str
    suffix: str
    data: bytes
    valid: tuple[str, ...]
    damaged: int
    """How many records (or, for a byte-level mutation, bytes) were damaged."""


@st.composite
def records(draw: st.DrawFn, *, xml: bool = False) -> Record:
    """A valid record: realistic sentences, a little generated noise, a unique marker."""
    chars = _XML_SAFE if xml else _ANY
    marker = f"WDX{next(_MARKERS):07d}"
    sentences = draw(st.lists(st.sampled_from(_SENTENCES), min_size=1, max_size=4))
    noise = draw(st.text(chars, max_size=40))
    day = draw(st.integers(1, 28))
    hour = draw(st.integers(0, 23))
    offset = draw(st.sampled_from(["Z", "+00:00", "+03:00", "-07:00"]))
    return Record(
        marker=marker,
        text=" ".join(sentences) + f" {noise} Ref {marker}.",
        title=draw(st.text(chars, max_size=60)),
        source=draw(st.sampled_from(["Meridian Wire", "Kyiv Desk", "Радіо Схід"]))
        + draw(st.text(chars, max_size=8)),
        published=f"2022-07-{day:02d}T{hour:02d}:15:00{offset}",
        url=f"https://news.example/{marker.lower()}",
    )


def _damaged_json_record(draw: st.DrawFn) -> object:
    return draw(
        st.sampled_from(
            [
                {"text": 12},
                {"text": None},
                {"text": ["a", "b"]},
                {"headline": "no text field"},
                {"text": ""},
                {"text": "   \u200b "},
                "a bare string",
                17,
                None,
            ]
        )
        | st.builds(
            lambda date: {"text": "Shelling was reported in Norvik.", "published": date},
            st.sampled_from(BAD_DATES[:-1]),
        )
    )


@st.composite
def json_files(draw: st.DrawFn) -> FuzzFile:
    good = draw(st.lists(records(), min_size=1, max_size=5))
    bad = [_damaged_json_record(draw) for _ in range(draw(st.integers(0, 3)))]
    rows: list[object] = [_json_record(r) for r in good] + bad
    rows = draw(st.permutations(rows))
    wrapped = draw(st.booleans())
    document: object = {"items": rows} if wrapped else rows
    return FuzzFile("json", ".json", json.dumps(document).encode(), _markers(good), len(bad))


@st.composite
def jsonl_files(draw: st.DrawFn) -> FuzzFile:
    good = draw(st.lists(records(), min_size=1, max_size=6))
    lines = [json.dumps(_json_record(r), ensure_ascii=draw(st.booleans())) for r in good]
    bad = draw(
        st.lists(
            st.one_of(
                st.text(_ANY, max_size=40).filter(lambda s: "\n" not in s and "\r" not in s),
                st.sampled_from(['{"text": "cut off', "[1, 2]", "42", '{"text": 5}', "{}"]),
                st.builds(_json_line_with_bad_date, st.sampled_from(BAD_DATES)),
            ),
            max_size=3,
        )
    )
    lines = draw(st.permutations(lines + bad))
    ending = draw(st.sampled_from(["\n", "\r\n"]))
    data = ending.join(lines).encode("utf-8", "surrogatepass")
    return FuzzFile("jsonl", ".jsonl", data, _markers(good), len(bad))


@st.composite
def csv_files(draw: st.DrawFn) -> FuzzFile:
    good = draw(st.lists(records(xml=True), min_size=1, max_size=6))
    rows = [[r.source, r.published, r.title, r.url, r.text] for r in good]
    bad = draw(
        st.lists(
            st.one_of(
                st.builds(
                    lambda d: ["Wire", d, "t", "", "Shelling was reported in Norvik."],
                    st.sampled_from(BAD_DATES[:-1]),
                ),
                st.just(["Wire", "2022-07-01T10:00:00Z", "t", "", ""]),
                st.just(["only one field"]),
            ),
            max_size=3,
        )
    )
    out = io.StringIO()
    writer = csv.writer(out, delimiter=draw(st.sampled_from([",", ";", "\t"])))
    writer.writerow(["source", "published", "title", "url", "text"])
    writer.writerows(draw(st.permutations(rows + bad)))
    return FuzzFile("csv", ".csv", out.getvalue().encode(), _markers(good), len(bad))


@st.composite
def rss_files(draw: st.DrawFn) -> FuzzFile:
    good = draw(st.lists(records(xml=True), min_size=1, max_size=5))
    items = [
        f"<item><title>{escape(r.title)}</title><link>{r.url}</link>"
        f"<pubDate>{_rfc822(r.published)}</pubDate>"
        f"<description>{escape(escape(r.text))}</description></item>"  # HTML, escaped
        for r in good
    ]
    bad = [
        f"<item><title>Bad</title><pubDate>{escape(date)}</pubDate>"
        "<description>Shelling was reported in Norvik.</description></item>"
        for date in draw(st.lists(st.sampled_from(BAD_DATES[:-1]), max_size=2))
    ]
    body = "".join(draw(st.permutations(items + bad)))
    data = (
        '<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel>'
        f"<title>Harbour Wire</title><link>https://news.example/</link>{body}</channel></rss>"
    )
    return FuzzFile("rss", ".rss", data.encode(), _markers(good), len(bad))


@st.composite
def atom_files(draw: st.DrawFn) -> FuzzFile:
    good = draw(st.lists(records(xml=True), min_size=1, max_size=5))
    entries = [
        f"<entry><title>{escape(r.title)}</title><id>urn:{r.marker}</id>"
        f'<link href="{r.url}"/><published>{r.published}</published>'
        f"<updated>{r.published}</updated>"
        f'<content type="html">{escape("<p>" + escape(r.text) + "</p>")}</content></entry>'
        for r in good
    ]
    bad = [
        f"<entry><title>Bad</title><id>urn:bad{n}</id><updated>{escape(date)}</updated>"
        "<summary>Shelling was reported in Norvik.</summary></entry>"
        for n, date in enumerate(draw(st.lists(st.sampled_from(BAD_DATES[:-1]), max_size=2)))
    ]
    body = "".join(draw(st.permutations(entries + bad)))
    data = (
        '<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom">'
        f"<title>Northern Desk</title><id>urn:desk</id><updated>2022-07-04T09:00:00Z</updated>"
        f"{body}</feed>"
    )
    return FuzzFile("atom", ".atom", data.encode(), _markers(good), len(bad))


@st.composite
def html_files(draw: st.DrawFn) -> FuzzFile:
    record = draw(records(xml=True))
    paragraphs = [*_SENTENCES[:5], record.text]
    body = "".join(f"<p>{escape(p)} {escape(_SENTENCES[0])}</p>" for p in paragraphs)
    data = (
        f'<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">'
        f"<title>{escape(record.title) or 'Report'}</title>"
        f'<meta property="article:published_time" content="{record.published}">'
        f"</head><body><nav><a href='/'>Home</a></nav><article><h1>Shelling near Norvik</h1>"
        f"{body}</article><footer>All rights reserved.</footer></body></html>"
    )
    return FuzzFile("html", ".html", data.encode(), (record.marker,), 0)


FORMATS = {
    "json": json_files,
    "jsonl": jsonl_files,
    "csv": csv_files,
    "rss": rss_files,
    "atom": atom_files,
    "html": html_files,
}


@st.composite
def mutated(draw: st.DrawFn, files: st.SearchStrategy[FuzzFile]) -> FuzzFile:
    """A generated file with bytes flipped, cut, inserted or the file truncated: any of its
    records may be lost, so none must be kept, but nothing may crash."""
    original = draw(files)
    data = bytearray(original.data)
    edits = draw(st.integers(1, 8))
    for _ in range(edits):
        if not data:
            break
        at = draw(st.integers(0, len(data) - 1))
        kind = draw(st.sampled_from(["flip", "cut", "insert", "truncate"]))
        if kind == "flip":
            data[at] = draw(st.integers(0, 255))
        elif kind == "cut":
            del data[at : at + draw(st.integers(1, 20))]
        elif kind == "insert":
            data[at:at] = draw(st.binary(min_size=1, max_size=20))
        else:
            del data[at:]
    return FuzzFile(original.fmt, original.suffix, bytes(data), (), edits)


def _json_record(record: Record) -> dict[str, str]:
    return {
        "source": record.source,
        "published": record.published,
        "title": record.title,
        "url": record.url,
        "text": record.text,
    }


def _json_line_with_bad_date(date: str) -> str:
    return json.dumps({"text": "Shelling was reported in Norvik.", "published": date})


def _rfc822(iso: str) -> str:
    from datetime import datetime

    return datetime.fromisoformat(iso.replace("Z", "+00:00")).strftime("%a, %d %b %Y %H:%M:%S %z")


def _markers(good: list[Record]) -> tuple[str, ...]:
    return tuple(r.marker for r in good)
