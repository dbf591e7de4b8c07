"""`wiredesk ingest`: formats, defaults, exit codes, rejections and idempotency."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest

from tests.conftest import Wiredesk

LYSYCHANSK_TXT = (
    "Fighting near Lysychansk\n"
    "\n"
    "Russian forces claimed on Tuesday to have captured the outskirts of Lysychansk after a "
    "week of heavy shelling. Ukraine's general staff denied that Russian forces had captured "
    "the outskirts, saying its troops still held the western districts.\n"
)
KHARTOUM = "Sudan's army said it had retaken a bridge in Khartoum after two days of fighting."
ALEPPO = "Rescue teams in Aleppo pulled two children from a collapsed building."
ODESA_UK = "Вибухи пролунали в Одесі вночі, повідомили місцеві жителі."
GOMA = "Heavy rain flooded roads around Goma, residents said."
GAZA = "Talks on a ceasefire in Gaza resumed in Cairo on Sunday, Egyptian officials said."
JSONL_RECORDS = [
    {
        "text": KHARTOUM,
        "source": "Nile Desk",
        "published": "2024-03-01T10:00:00Z",
        "url": "https://example.org/khartoum",
        "title": "Bridge retaken",
    },
    {"text": ALEPPO, "date": "2024-02-07T08:30:00Z"},
    {"body": ODESA_UK},
]
CSV_TEXT = (
    "text,outlet,date,link\n"
    f'"{GOMA}",Lakes Radio,2024-02-29T09:00:00Z,https://example.org/goma\n'
    f'"{GAZA}",,2024-03-03T12:00:00Z,\n'
)
ALL_IN = "6 added (7 items, 0 linked as re-publications), 0 duplicates skipped, 0 rejected"


@pytest.fixture
def inputs(tmp_path: Path) -> dict[str, Path]:
    text = tmp_path / "lysychansk.txt"
    text.write_text(LYSYCHANSK_TXT, encoding="utf-8")
    jsonl = tmp_path / "wire.jsonl"
    jsonl.write_text(
        "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in JSONL_RECORDS), encoding="utf-8"
    )
    csv = tmp_path / "feed.csv"
    csv.write_text(CSV_TEXT, encoding="utf-8")
    return {"text": text, "jsonl": jsonl, "csv": csv}


def stored(db_path: Path, columns: str = "source, published, title, url, text") -> list[tuple]:
    with sqlite3.connect(db_path) as connection:
        return connection.execute(f"SELECT {columns} FROM bulletins ORDER BY id").fetchall()


def test_ingest_reads_text_jsonl_and_csv(
    wiredesk: Wiredesk, inputs: dict[str, Path], db_path: Path
) -> None:
    result = wiredesk("ingest", str(inputs["text"]), str(inputs["jsonl"]), str(inputs["csv"]))
    assert result.exit_code == 0, result.output
    assert result.stdout == ALL_IN + "\n"
    assert result.stderr.splitlines() == [
        f"{inputs['text']}: 1 added, 0 duplicates, 0 rejected",
        f"{inputs['jsonl']}: 3 added, 0 duplicates, 0 rejected",
        f"{inputs['csv']}: 2 added, 0 duplicates, 0 rejected",
    ]
    body = LYSYCHANSK_TXT.split("\n\n", 1)[1].strip()
    assert stored(db_path) == [
        ("lysychansk", None, "Fighting near Lysychansk", None, body),
        (
            "Nile Desk",
            "2024-03-01T10:00:00+00:00",
            "Bridge retaken",
            "https://example.org/khartoum",
            KHARTOUM,
        ),
        ("wire", "2024-02-07T08:30:00+00:00", None, None, ALEPPO),
        ("wire", None, None, None, ODESA_UK),
        ("Lakes Radio", "2024-02-29T09:00:00+00:00", None, "https://example.org/goma", GOMA),
        ("feed", "2024-03-03T12:00:00+00:00", None, None, GAZA),
    ]


def test_source_and_published_fill_only_the_gaps(
    wiredesk: Wiredesk, inputs: dict[str, Path], db_path: Path
) -> None:
    result = wiredesk(
        "ingest",
        str(inputs["text"]),
        str(inputs["jsonl"]),
        "--source",
        "Desk Notes",
        "--published",
        "2024-03-05T09:00:00Z",
    )
    assert result.exit_code == 0, result.output
    assert stored(db_path, "source, published") == [
        ("Desk Notes", "2024-03-05T09:00:00+00:00"),
        ("Nile Desk", "2024-03-01T10:00:00+00:00"),
        ("Desk Notes", "2024-02-07T08:30:00+00:00"),
        ("Desk Notes", "2024-03-05T09:00:00+00:00"),
    ]


def test_reingesting_adds_nothing(
    wiredesk: Wiredesk, inputs: dict[str, Path], db_path: Path
) -> None:
    targets = [str(p) for p in inputs.values()]
    assert wiredesk("ingest", *targets).exit_code == 0
    before = stored(db_path)
    again = wiredesk("ingest", *targets, "--source", "Other", "--published", "2025-01-01")
    assert again.exit_code == 0, again.output
    assert again.stdout == (
        "0 added (0 items, 0 linked as re-publications), 6 duplicates skipped, 0 rejected\n"
    )
    assert f"{inputs['jsonl']}: 0 added, 3 duplicates, 0 rejected" in again.stderr
    assert stored(db_path) == before


def test_a_bad_jsonl_line_is_rejected_and_the_good_lines_go_in(
    wiredesk: Wiredesk, tmp_path: Path, db_path: Path
) -> None:
    path = tmp_path / "mixed.jsonl"
    path.write_text(
        json.dumps({"text": KHARTOUM})
        + "\n"
        + '{"text": "Shelling near Bakhmut, "source": }\n'
        + json.dumps({"text": ALEPPO})
        + "\n"
        + "[1, 2]\n"
        + json.dumps({"tags": "No text here"})
        + "\n",
        encoding="utf-8",
    )
    result = wiredesk("ingest", str(path))
    assert result.exit_code == 1
    assert result.stdout == (
        "2 added (2 items, 0 linked as re-publications), 0 duplicates skipped, 3 rejected\n"
    )
    errors = result.stderr.splitlines()
    assert errors[0].startswith(f"rejected: {path}, line 2: invalid JSON (")
    assert errors[1] == f"rejected: {path}, line 4: not a JSON object (an array)"
    assert errors[2].startswith(f"rejected: {path}, line 5: ")
    assert errors[3] == f"{path}: 2 added, 0 duplicates, 3 rejected"
    assert [row[0] for row in stored(db_path, "text")] == [KHARTOUM, ALEPPO]
    assert "Traceback" not in result.output


@pytest.mark.parametrize(
    "content",
    [
        b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x01\x00" + bytes(range(256)) * 8,
        b"\x00\x01\x02\x03" * 500,
        b"PK\x03\x04\x14\x00\x00\x00\x08\x00" + b"\x00\xff\xfe" * 300,
    ],
    ids=["png", "zeros", "zip"],
)
@pytest.mark.parametrize("name", ["image.png", "notes.txt", "wire.jsonl", "feed.csv"])
def test_a_binary_file_is_rejected_with_a_clear_message(
    wiredesk: Wiredesk, tmp_path: Path, db_path: Path, content: bytes, name: str
) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    result = wiredesk("ingest", str(path))
    assert result.exit_code == 1
    assert f"rejected: {path}: binary file, not text" in result.stderr
    assert result.stdout.endswith(
        "0 added (0 items, 0 linked as re-publications), 0 duplicates skipped, 1 rejected\n"
    )
    assert "Traceback" not in result.output
    assert stored(db_path) == []


def test_an_empty_file_is_rejected(wiredesk: Wiredesk, tmp_path: Path) -> None:
    path = tmp_path / "empty.txt"
    path.write_bytes(b"\xef\xbb\xbf \n\n")
    result = wiredesk("ingest", str(path))
    assert result.exit_code == 1
    assert f"rejected: {path}: empty file" in result.stderr


@pytest.mark.parametrize(
    "content", ["text,source\n", "text,source\n\n\n", "text;source;published\r\n"]
)
def test_a_csv_with_a_header_and_no_rows_is_rejected(
    wiredesk: Wiredesk, tmp_path: Path, content: str
) -> None:
    """An export that came out empty is said, never read as a file with nothing new."""
    path = tmp_path / "export.csv"
    path.write_text(content, encoding="utf-8")
    result = wiredesk("ingest", str(path))
    assert result.exit_code == 1
    assert f"rejected: {path}, line 2: no rows after the header" in result.stderr


def test_a_csv_without_a_text_column_is_rejected(wiredesk: Wiredesk, tmp_path: Path) -> None:
    path = tmp_path / "numbers.csv"
    path.write_text("city,count\nKharkiv,3\n", encoding="utf-8")
    result = wiredesk("ingest", str(path))
    assert result.exit_code == 1
    assert f"rejected: {path}, line 1: no text column (columns: " in result.stderr


def test_one_bad_input_does_not_stop_the_others(
    wiredesk: Wiredesk, inputs: dict[str, Path], tmp_path: Path, db_path: Path
) -> None:
    binary = tmp_path / "blob.bin"
    binary.write_bytes(b"\x00" * 64)
    result = wiredesk("ingest", str(binary), str(inputs["csv"]))
    assert result.exit_code == 1
    assert result.stdout == (
        "2 added (2 items, 0 linked as re-publications), 0 duplicates skipped, 1 rejected\n"
    )
    assert len(stored(db_path)) == 2


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["missing.txt"], "No such file: missing.txt"),
        (["."], ". is a folder but not a Slack export"),
        (["ftp://example.org/feed.xml"], "only http and https URLs can be fetched"),
        (["{text}", "--published", "not a date"], "--published: "),
        (["{text}", "--published", "2024-13-45"], "--published: "),
        (["{text}", "--format", "docx"], "Invalid value for '--format'"),
        ([], "Missing argument 'PATH_OR_URL...'"),
        (["{text}", "--bogus"], "--bogus"),
    ],
)
def test_unusable_arguments_exit_2_and_ingest_nothing(
    wiredesk: Wiredesk,
    inputs: dict[str, Path],
    db_path: Path,
    args: list[str],
    message: str,
) -> None:
    args = [a.format(text=inputs["text"]) for a in args]
    good = [str(inputs["csv"])] if args else []  # a good input alongside gets nothing in
    result = wiredesk("ingest", *args, *good)
    assert result.exit_code == 2, result.output
    assert message in result.stderr
    assert "Traceback" not in result.output
    assert result.stdout == ""
    assert not db_path.exists() or stored(db_path) == []


def test_db_overrides_wiredesk_db(
    wiredesk: Wiredesk,
    inputs: dict[str, Path],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from_env = tmp_path / "from-env.db"
    from_flag = tmp_path / "from-flag.db"
    monkeypatch.setenv("WIREDESK_DB", str(from_env))
    assert wiredesk("ingest", str(inputs["csv"]), db=from_flag).exit_code == 0
    assert not from_env.exists()
    assert len(stored(from_flag)) == 2
    assert wiredesk("ingest", str(inputs["text"]), db=None).exit_code == 0
    assert len(stored(from_env)) == 1
    assert len(stored(from_flag)) == 2


def test_the_default_database_is_wiredesk_db_in_the_working_folder(
    wiredesk: Wiredesk, inputs: dict[str, Path], tmp_path: Path
) -> None:
    assert wiredesk("ingest", str(inputs["csv"]), db=None).exit_code == 0
    assert len(stored(tmp_path / "wiredesk.db")) == 2


def test_an_unexpected_error_exits_3_without_a_traceback(
    wiredesk: Wiredesk, inputs: dict[str, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    import newsroom.ingest

    def broken(*args: object, **kwargs: object) -> None:
        raise ZeroDivisionError("division by zero")

    monkeypatch.setattr(newsroom.ingest, "ingest", broken)
    result = wiredesk("ingest", str(inputs["text"]))
    assert result.exit_code == 3
    assert result.stderr == (
        "Error: internal error (ZeroDivisionError); this is a bug in Wiredesk, please report "
        "it. Run again with WIREDESK_DEBUG=1 to see the traceback.\n"
    )
    assert "Traceback" not in result.output
