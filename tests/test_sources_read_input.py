import codecs
import inspect
import json
import os
from pathlib import Path

import pytest

from newsroom.errors import UserError
from newsroom.models import RawBulletin, Rejection
from newsroom.sources import FORMATS, check_target, read_input

FIXTURES = Path(__file__).parent / "fixtures" / "sources"
PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x10"
HIGH_BYTES = bytes(range(128, 256)) * 64


def write(tmp_path: Path, name: str, content: bytes) -> str:
    path = tmp_path / name
    path.write_bytes(content)
    return str(path)


def test_formats() -> None:
    assert FORMATS == ("auto", "text", "json", "jsonl", "csv", "rss", "html")


@pytest.mark.parametrize(
    "target", ["http://example.org/feed", "https://example.org/", "HTTPS://EXAMPLE.ORG/a"]
)
def test_check_target_accepts_urls(target: str) -> None:
    check_target(target)


def test_check_target_accepts_a_readable_file(tmp_path: Path) -> None:
    check_target(write(tmp_path, "a.txt", b"x"))


@pytest.mark.parametrize(
    ("target", "message"),
    [
        ("no/such/file.csv", "No such file: no/such/file.csv"),
        ("ftp://example.org/feed.xml", "only http and https URLs"),
        ("file:///etc/hostname", "only http and https URLs"),
        ("http://", "the URL has no host name"),
        ("https://[::1/feed", "not a valid URL"),
    ],
)
def test_check_target_refuses(target: str, message: str) -> None:
    with pytest.raises(UserError, match=message):
        check_target(target)


def test_check_target_refuses_a_folder(tmp_path: Path) -> None:
    with pytest.raises(UserError, match="is a folder"):
        check_target(str(tmp_path))


def test_check_target_refuses_an_unreadable_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = write(tmp_path, "secret.txt", b"x")
    monkeypatch.setattr(os, "access", lambda *args, **kwargs: False)
    with pytest.raises(UserError, match="permission denied"):
        check_target(path)


def test_read_input_is_a_lazy_generator(tmp_path: Path) -> None:
    results = read_input(str(tmp_path / "missing.txt"))
    assert inspect.isgenerator(results)
    with pytest.raises(UserError, match="No such file"):
        next(results)


@pytest.mark.parametrize("fmt", ["xml", "", "AUTO", "pdf"])
def test_unknown_format(tmp_path: Path, fmt: str) -> None:
    path = write(tmp_path, "a.txt", b"Text.")
    with pytest.raises(UserError, match="Unknown format"):
        list(read_input(path, fmt))


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("content", [b"", b"   \n\t\r\n", codecs.BOM_UTF8, codecs.BOM_UTF8 + b"\n"])
def test_empty_file(tmp_path: Path, fmt: str, content: bytes) -> None:
    path = write(tmp_path, "empty.csv", content)
    assert list(read_input(path, fmt)) == [Rejection(where=path, reason="empty file")]


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("photo.png", PNG),
        ("notes.txt", b"Looks like text\x00 but has a NUL."),
        ("data.jsonl", b'{"text": "x"}\n\x00\x01\x02'),
        ("table.csv", b"title,text\n" + b"\x00" * 64),
    ],
)
def test_binary_file_with_nul_bytes(tmp_path: Path, fmt: str, name: str, content: bytes) -> None:
    path = write(tmp_path, name, content)
    rejection = Rejection(where=path, reason="binary file, not text")
    assert list(read_input(path, fmt)) == [rejection]
    assert str(rejection) == f"{path}: binary file, not text"


@pytest.mark.parametrize("fmt", ["auto", "text", "json", "jsonl", "csv"])
def test_binary_file_without_nul_bytes(tmp_path: Path, fmt: str) -> None:
    path = write(tmp_path, "noise.bin", HIGH_BYTES)
    assert list(read_input(path, fmt)) == [Rejection(where=path, reason="binary file, not text")]


JUNK = [
    b"\xff\xfe\x00\x00",
    b"{",
    b"[",
    b'{"text": ',
    b"<",
    b"<rss",
    b"<html><body>",
    b'"',
    b'a,b\n"',
    b"\r\r\r\x0b\x0c",
    "ünïcödé".encode("utf-16-be"),
    b'\xef\xbb\xbf{"text": "\\ud800"}',
    b"\xc3\x28 invalid utf-8 \xa0\xa1",
    b"1e999",
    b"[1e999, null, true]",
    b'{"items": [{"text": "x", "date": 1e300}]}',
    b'{"text": "x", "date": -1e20}',
    b"[" * 100_000,
    b'{"a": ' * 100_000,
    b"<div>" * 20_000,
    b"<html><body>" + b"<div><p>Deep text." * 20_000,
    b'<rss version="2.0"><channel><item><description>'
    + b"&lt;div&gt;" * 50_000
    + b"</description></item></channel></rss>",
    b"[" * 100_000 + b"]" * 100_000,
    b"\n".join([b'{"text": "ok"}', b"[" * 100_000, b"{}"]),
]


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("content", JUNK)
def test_junk_never_raises(tmp_path: Path, fmt: str, content: bytes) -> None:
    path = write(tmp_path, "junk", content)
    results = list(read_input(path, fmt))
    assert all(isinstance(r, RawBulletin | Rejection) for r in results)
    assert all(r.where.startswith(path) for r in results)


@pytest.mark.parametrize(
    ("name", "where"),
    [
        ("briefing.md", ""),
        ("wire.rss", ", entry 1"),
        ("desk.atom", ", entry 1"),
        ("article.html", ""),
    ],
)
def test_where_is_the_path_as_typed(monkeypatch: pytest.MonkeyPatch, name: str, where: str) -> None:
    monkeypatch.chdir(FIXTURES)
    first = next(read_input(name))
    assert first.where == f"{name}{where}"


def test_records_after_a_rejection_still_come_through(tmp_path: Path) -> None:
    records = [{"text": "One."}, {"tags": "no text"}, {"text": "Three."}]
    path = write(tmp_path, "mixed.json", json.dumps(records).encode())
    kinds = [type(r).__name__ for r in read_input(path)]
    assert kinds == ["RawBulletin", "Rejection", "RawBulletin"]
