import csv
import json
from datetime import UTC, datetime
from pathlib import Path

import pytest

from newsroom.models import RawBulletin, Rejection
from newsroom.sources import read_input
from newsroom.sources.records import Origin
from newsroom.sources.tabular import field_key, record_to_bulletin

SHARED_DATA = Path(__file__).resolve().parents[1].parent / "shared" / "data"
NOON = datetime(2022, 7, 11, 12, tzinfo=UTC)
ORIGIN = Origin(where="in.json", fallback_source="in")


def write(tmp_path: Path, name: str, content: str | bytes) -> str:
    path = tmp_path / name
    if isinstance(content, str):
        path.write_text(content, encoding="utf-8", newline="")
    else:
        path.write_bytes(content)
    return str(path)


def read(path: str, **options: object) -> list[RawBulletin | Rejection]:
    return list(read_input(path, **options))


def reasons(results: list[RawBulletin | Rejection]) -> list[str]:
    return [str(r) for r in results if isinstance(r, Rejection)]


@pytest.mark.parametrize(
    ("name", "key"),
    [
        ("text", "text"),
        ("Text", "text"),
        ("published_at", "publishedat"),
        ("publishedAt", "publishedat"),
        ("Published At", "publishedat"),
        ("pub-date", "pubdate"),
        ("  PERMA_LINK ", "permalink"),
    ],
)
def test_field_key(name: str, key: str) -> None:
    assert field_key(name) == key


@pytest.mark.parametrize("name", ["text", "Text", "BODY", "content", "Description", "summary"])
def test_text_field_names(name: str) -> None:
    bulletin = record_to_bulletin({name: "Shelling was reported."}, ORIGIN, "here")
    assert bulletin.text == "Shelling was reported."


@pytest.mark.parametrize(
    ("record", "text"),
    [
        ({"summary": "S", "description": "D", "content": "C", "body": "B", "text": "T"}, "T"),
        ({"summary": "S", "description": "D", "content": "C", "body": "B"}, "B"),
        ({"summary": "S", "description": "D", "content": "C"}, "C"),
        ({"summary": "S", "description": "D"}, "D"),
        ({"text": "", "body": "B"}, "B"),
        ({"text": None, "summary": "S"}, "S"),
        ({"text": ["First.", "Second."]}, "First.\n\nSecond."),
        ({"text": 42}, "42"),
    ],
)
def test_text_field_preference(record: dict[str, object], text: str) -> None:
    assert record_to_bulletin(record, ORIGIN, "here").text == text


@pytest.mark.parametrize("name", ["title", "Title", "headline", "HEAD_LINE"])
def test_title_field_names(name: str) -> None:
    assert record_to_bulletin({"text": "T", name: "A  title"}, ORIGIN, "here").title == "A title"


@pytest.mark.parametrize(
    "name",
    [
        "date",
        "Date",
        "published",
        "publishedAt",
        "published_at",
        "Published-At",
        "time",
        "timestamp",
        "pubDate",
        "datetime",
    ],
)
def test_date_field_names(name: str) -> None:
    bulletin = record_to_bulletin({"text": "T", name: "2022-07-11T12:00:00Z"}, ORIGIN, "here")
    assert bulletin.published == NOON


@pytest.mark.parametrize("name", ["url", "URL", "link", "permalink"])
def test_url_field_names(name: str) -> None:
    record = {"text": "T", name: "https://www.example.org/a"}
    assert record_to_bulletin(record, ORIGIN, "here").url == "https://www.example.org/a"


@pytest.mark.parametrize("name", ["source", "Outlet", "channel", "publisher", "site"])
def test_source_field_names(name: str) -> None:
    assert record_to_bulletin({"text": "T", name: "Wire"}, ORIGIN, "here").source == "Wire"


def test_source_object_with_a_name() -> None:
    record = {"content": "T", "source": {"id": None, "name": "Lantern Post"}}
    assert record_to_bulletin(record, ORIGIN, "here").source == "Lantern Post"


@pytest.mark.parametrize(
    ("record", "reason"),
    [
        ({"tags": "T", "date": "2022-07-11"}, "no text field (fields: 'tags', 'date')"),
        ({}, "no text field (fields: none)"),
        ({"text": "", "title": " "}, "field 'text' is empty (fields: 'text', 'title')"),
        ({"Body": "   \n "}, "field 'Body' is empty (fields: 'Body')"),
        ({"text": None}, "field 'text' is empty (fields: 'text')"),
        ({"text": {"en": "T"}}, "field 'text' holds an object, not text"),
        ({"text": True}, "field 'text' holds a boolean, not text"),
        ({"text": "\x00\x07"}, "no text"),
        (
            {"text": "T", "date": "yesterday-ish"},
            "unreadable date 'yesterday-ish' in field 'date'",
        ),
        (
            {"text": "T", "publishedAt": "July 2022"},
            "unreadable date 'July 2022': it needs a day, month and year in field 'publishedAt'",
        ),
    ],
)
def test_record_rejections(record: dict[str, object], reason: str) -> None:
    assert record_to_bulletin(record, ORIGIN, "in.json, record 4") == Rejection(
        where="in.json, record 4", reason=reason
    )


@pytest.mark.parametrize("date", ["", None, "  "])
def test_blank_date_is_no_date(date: object) -> None:
    assert record_to_bulletin({"text": "T", "date": date}, ORIGIN, "here").published is None


def test_text_over_five_megabytes_is_rejected() -> None:
    result = record_to_bulletin({"text": "word " * 1_100_000}, ORIGIN, "here")
    assert result == Rejection(where="here", reason="text is 5.2 MB, more than the 5 MB limit")


# JSON


RECORDS = [
    {
        "title": "Bridge reopened",
        "text": "The bridge reopened, the mayor said.",
        "date": 1657540800,
    },
    {"headline": "Curfew", "body": "A curfew was announced.", "url": "https://www.lp.example/c"},
]


@pytest.mark.parametrize(
    "document",
    [
        RECORDS,
        {"items": RECORDS},
        {"articles": RECORDS, "status": "ok", "totalResults": 2},
        {"data": RECORDS, "tags": ["a", "b"], "meta": {"page": 1}},
        {"stories": RECORDS},
        {"items": RECORDS, "authors": [{"name": "A"}]},
    ],
)
def test_json_records(tmp_path: Path, document: object) -> None:
    path = write(tmp_path, "wire.json", json.dumps(document))
    assert read(path) == [
        RawBulletin(
            text="The bridge reopened, the mayor said.",
            title="Bridge reopened",
            source="wire",
            published=NOON,
            where=f"{path}, record 1",
        ),
        RawBulletin(
            text="A curfew was announced.",
            title="Curfew",
            source="lp.example",
            url="https://www.lp.example/c",
            where=f"{path}, record 2",
        ),
    ]


def test_json_single_object_is_one_bulletin(tmp_path: Path) -> None:
    path = write(tmp_path, "one.json", json.dumps({"text": "Alone.", "tags": ["x"]}))
    assert read(path) == [RawBulletin(text="Alone.", source="one", where=path)]


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        ('[{"text": "ok"},]', "invalid JSON (Expecting value at line 1, column 17)"),
        ('{"text": "unterminated', "invalid JSON (Unterminated string starting at"),
        (
            '[{"text": "tab\there"}]',
            "invalid JSON (Invalid control character at line 1, column 15)",
        ),
        ("[]", "an empty JSON array"),
        ('"just a string"', "no records: the JSON holds a string"),
        ('{"count": 3}', "no records: expected an array of objects or an object with a list"),
        (
            '{"a": [{"text": "x"}], "b": [{"text": "y"}]}',
            "more than one list of records ('a', 'b'); cannot tell which to read",
        ),
    ],
)
def test_json_file_rejections(tmp_path: Path, content: str, reason: str) -> None:
    path = write(tmp_path, "bad.json", content)
    (rejection,) = read(path)
    assert isinstance(rejection, Rejection)
    assert rejection.where == path
    assert rejection.reason.startswith(reason)


def test_json_array_with_bad_records(tmp_path: Path) -> None:
    content = json.dumps([{"text": "One."}, "stray", {"tags": "No text"}, {"text": "Four."}])
    path = write(tmp_path, "mixed.json", content)
    results = read(path)
    assert [r.text for r in results if isinstance(r, RawBulletin)] == ["One.", "Four."]
    assert reasons(results) == [
        f"{path}, record 2: not a JSON object (a string)",
        f"{path}, record 3: no text field (fields: 'tags')",
    ]


@pytest.mark.parametrize("stray", ["stray", 17, None, ["nested"], True])
@pytest.mark.parametrize("wrapper", ["items", "data", "stories"])
def test_json_list_of_records_with_a_stray_value_keeps_the_records(
    tmp_path: Path, stray: object, wrapper: str
) -> None:
    # Found by bench.reliability: a stray value lost every record of a wrapped list.
    document = {wrapper: [{"text": "One."}, stray, {"text": "Three."}], "status": "ok"}
    path = write(tmp_path, "wrapped.json", json.dumps(document))
    results = read(path)
    assert [r.text for r in results if isinstance(r, RawBulletin)] == ["One.", "Three."]
    [reason] = reasons(results)
    assert reason.startswith(f"{path}, record 2: not a JSON object")


# JSONL


def test_jsonl_bad_line_amid_good_ones(tmp_path: Path) -> None:
    lines = [
        '{"text": "First dispatch.", "source": "Wire A"}',
        "",
        '{"text": "Second dispatch." "date": "2022-07-11"}',
        "[1, 2]",
        '{"text": "Third dispatch.", "date": "yesterday-ish"}',
        '{"text": "Fourth dispatch.", "published_at": "2022-07-11T12:00:00Z"}',
    ]
    path = write(tmp_path, "feed.jsonl", "\n".join(lines) + "\n")
    results = read(path)
    assert results[0] == RawBulletin(
        text="First dispatch.", source="Wire A", where=f"{path}, line 1"
    )
    assert reasons(results) == [
        f"{path}, line 3: invalid JSON (Expecting ',' delimiter at column 29)",
        f"{path}, line 4: not a JSON object (an array)",
        f"{path}, line 5: unreadable date 'yesterday-ish' in field 'date'",
    ]
    assert results[-1] == RawBulletin(
        text="Fourth dispatch.", source="feed", published=NOON, where=f"{path}, line 6"
    )


def test_jsonl_crlf_and_bom(tmp_path: Path) -> None:
    content = '\ufeff{"text": "One."}\r\n{"text": "Two."}\r\n'
    path = write(tmp_path, "crlf.jsonl", content)
    assert [(r.text, r.where) for r in read(path)] == [
        ("One.", f"{path}, line 1"),
        ("Two.", f"{path}, line 2"),
    ]


def test_jsonl_streams(tmp_path: Path) -> None:
    path = write(tmp_path, "many.jsonl", '{"text": "Item."}\n' * 50_000)
    results = read_input(path)
    assert next(results).where == f"{path}, line 1"
    assert sum(1 for _ in results) == 49_999


def test_json_extension_with_jsonl_content(tmp_path: Path) -> None:
    path = write(tmp_path, "export.json", '{"text": "One."}\n{"text": "Two."}\n')
    assert [r.where for r in read(path)] == [f"{path}, line 1", f"{path}, line 2"]


# CSV


def test_csv_records_and_line_numbers(tmp_path: Path) -> None:
    content = (
        ",URL,Date,Title,Text\r\n"
        '0,https://www.lp.example/a,2022-07-11T12:00:00Z,First,"One line."\r\n'
        '1,https://www.lp.example/b,11 July 2022,Second,"Two\r\n\r\nparagraphs."\r\n'
        "\r\n"
        '2,,,Third,"Three."\r\n'
    )
    path = write(tmp_path, "export.csv", content)
    assert read(path) == [
        RawBulletin(
            text="One line.",
            title="First",
            source="lp.example",
            published=NOON,
            url="https://www.lp.example/a",
            where=f"{path}, line 2",
        ),
        RawBulletin(
            text="Two\n\nparagraphs.",
            title="Second",
            source="lp.example",
            published=datetime(2022, 7, 11, tzinfo=UTC),
            url="https://www.lp.example/b",
            where=f"{path}, line 3",
        ),
        RawBulletin(text="Three.", title="Third", source="export", where=f"{path}, line 7"),
    ]


def test_malformed_csv(tmp_path: Path) -> None:
    content = (
        "title,text,date\n"
        "Good,Fine text.,2022-07-11\n"
        'Bad quote,"closed" then more,2022-07-11\n'
        "Too many,fields,2022-07-11,extra\n"
        "Bad date,Some text.,yesterday-ish\n"
        ",,2022-07-11\n"
        "Short row,Only two fields\n"
        'Unclosed,"this quote never ends,2022-07-11\n'
        "Swallowed,By the open quote.,2022-07-11\n"
    )
    path = write(tmp_path, "messy.csv", content)
    results = read(path)
    assert [r.where for r in results if isinstance(r, RawBulletin)] == [
        f"{path}, line 2",
        f"{path}, line 7",
    ]
    assert reasons(results) == [
        f"{path}, line 3: malformed CSV (',' expected after '\"')",
        f"{path}, line 4: 4 fields but the header has 3",
        f"{path}, line 5: unreadable date 'yesterday-ish' in field 'date'",
        f"{path}, line 6: field 'text' is empty (fields: 'title', 'text', 'date')",
        f"{path}, line 8: malformed CSV (a quoted field is still open at the end of the file)",
    ]


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("semi.csv", "Title;Text;Date\nA;Semicolons work.;2022-07-11\n"),
        ("tabs.tsv", "Title\tText\tDate\nA\tTabs work.\t2022-07-11\n"),
        ("bars.csv", "Title|Text|Date\nA|Bars work.|2022-07-11\n"),
        ("cp1252.csv", "Title,Text,Date\nA,Déjà vu à Orléans.,2022-07-11\n".encode("cp1252")),
        ("bom.csv", "\ufeffTitle,Text,Date\nA,BOM removed.,2022-07-11\n"),
    ],
)
def test_csv_dialects_and_encodings(tmp_path: Path, name: str, content: str | bytes) -> None:
    path = write(tmp_path, name, content)
    (bulletin,) = read(path)
    assert bulletin.title == "A"
    assert bulletin.published == datetime(2022, 7, 11, tzinfo=UTC)


def test_csv_without_text_column(tmp_path: Path) -> None:
    path = write(tmp_path, "wrong.csv", "id,tags,when\n1,A,2022-07-11\n2,B,2022-07-12\n")
    assert reasons(read(path)) == [
        f"{path}, line 1: no text column (columns: 'id', 'tags', 'when'; expected one of "
        "text, body, content, bodytext, contenttext, contenthtml, notes, description, summary,"
        " trailtext, or a title: title, headline, webtitle)"
    ]


def test_csv_huge_field_is_fine(tmp_path: Path) -> None:
    text = "A long field. " * 150_000
    path = write(tmp_path, "huge.csv", f'title,text\nLong,"{text}"\n')
    (bulletin,) = read(path)
    assert isinstance(bulletin, RawBulletin)
    assert len(bulletin.text) == len(text) - 1


def test_csv_over_five_megabytes_is_rejected(tmp_path: Path) -> None:
    path = write(tmp_path, "toolong.csv", "title,text\nOK,Short.\nLong," + "x" * 6_000_000 + "\n")
    results = read(path)
    assert results[0].text == "Short."
    assert reasons(results) == [f"{path}, line 3: text is 5.7 MB, more than the 5 MB limit"]


def test_guardian_corpus() -> None:
    path = SHARED_DATA / "guardian-ukraine-2022.csv"
    if not path.is_file():
        pytest.skip("../shared/data/guardian-ukraine-2022.csv is not here")
    results = read(str(path))
    assert len(results) == 199
    assert all(isinstance(r, RawBulletin) for r in results)
    assert all(r.published and r.title and r.url for r in results)
    assert {r.source for r in results} == {"theguardian.com"}
    assert results[0].where == f"{path}, line 2"
    # no format regression: every record keeps its own time, title and link, in file order
    with path.open(newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert [r.published for r in results] == [
        datetime.fromisoformat(row["Date"]).astimezone(UTC) for row in rows
    ]
    assert [r.title for r in results] == [" ".join(row["Title"].split()) for row in rows]
    assert [r.url for r in results] == [row["URL"] for row in rows]


@pytest.mark.parametrize(
    ("line", "reason"),
    [
        ('{"text": "Shelling\x01 reported"}', "Invalid control character at column 19"),
        ('{"text": "Sirens\x07 at dawn"}', "Invalid control character at column 17"),
        ('{"text": "Two  spaces"} trailing', "Extra data at column 25"),
        ("{\"text\": 'single'}", "Expecting value at column 10"),
    ],
)
def test_jsonl_decoder_messages_say_at_once(tmp_path: Path, line: str, reason: str) -> None:
    good = '{"text": "The night passed quietly in Bilohirka, the mayor said."}'
    path = write(tmp_path, "wire.jsonl", f"{good}\n{line}\n{good.replace('quietly', 'calmly')}\n")
    results = read(path)
    assert reasons(results) == [f"{path}, line 2: invalid JSON ({reason})"]
    assert " at at " not in reasons(results)[0]
    assert len([r for r in results if isinstance(r, RawBulletin)]) == 2
