import codecs
import csv
import io
import json
from pathlib import Path

import charset_normalizer
import pytest

from newsroom.models import RawBulletin, Rejection
from newsroom.sources import read_input
from newsroom.sources.encodings import (
    UnclearEncoding,
    decode,
    looks_binary,
    open_text,
    sniff_encoding,
)
from newsroom.sources.records import Origin
from newsroom.sources.tabular import read_csv
from tests.support.languages import news

FIXTURES = Path(__file__).parent / "fixtures" / "sources"


@pytest.mark.parametrize(
    ("sample", "encoding"),
    [
        (b"plain ascii", "utf-8-sig"),
        ("Kyiv – “quoted”".encode(), "utf-8-sig"),
        (codecs.BOM_UTF8 + b"bom", "utf-8-sig"),
        ("Kyiv".encode("utf-16"), "utf-16"),
        ("Café au lait, déjà vu".encode("cp1252"), "cp1252"),
        ("“smart quotes” from Word".encode("cp1252"), "cp1252"),
        ("Київ, Харків, Одеса – ".encode() * 3 + b"stray \x96 byte", "utf-8-sig"),
        (b"text with a NUL\x00 byte", None),
        (bytes(range(128, 256)) * 4, None),
        (b"\x01\x02\x03\x04 control soup \x05\x06\x07\x08" + b"\xff" * 3, None),
    ],
)
def test_sniff_encoding(sample: bytes, encoding: str | None) -> None:
    assert sniff_encoding(sample) == encoding


def test_sniff_encoding_allows_a_cut_character_in_a_partial_read() -> None:
    cut = "Київ".encode()[:-1]
    assert sniff_encoding(cut, final=False) == "utf-8-sig"
    with pytest.raises(UnclearEncoding):  # 7 bytes, one of them cut: too little to tell
        sniff_encoding(cut)


@pytest.mark.parametrize(
    ("sample", "binary"),
    [(b"text", False), (b"\x89PNG\r\n\x1a\n\x00\x00", True), ("a".encode("utf-16-le"), True)],
)
def test_looks_binary(sample: bytes, binary: bool) -> None:
    assert looks_binary(sample) is binary
    assert looks_binary(codecs.BOM_UTF16_LE + sample) is False


@pytest.mark.parametrize(
    ("data", "text"),
    [
        (codecs.BOM_UTF8 + "Déjà".encode(), "Déjà"),
        ("Déjà vu in Orléans".encode("cp1252"), "Déjà vu in Orléans"),
        ("Déjà".encode("utf-16"), "Déjà"),
        (b"\x00\x01binary", None),
    ],
)
def test_decode(data: bytes, text: str | None) -> None:
    assert decode(data) == text


def test_open_text_reads_lines_and_refuses_binary() -> None:
    data = "line one\nligne deux é\n".encode("cp1252")
    lines = open_text(io.BytesIO(data), data)
    assert lines is not None
    assert list(lines) == ["line one\n", "ligne deux é\n"]
    assert open_text(io.BytesIO(b"\x00\x00"), b"\x00\x00") is None


# --- legacy encodings, end to end ------------------------------------------------------

RUSSIAN_DISPATCH = (
    "Обстрел посёлка Вельмар\n"
    "\n"
    "Губернатор Северной области сообщил во вторник, что ночью посёлок Вельмар был обстрелян"
    " из артиллерии. По его словам, повреждены здание школы и котельная, пострадавших нет.\n"
    "\n"
    "Независимо проверить эти сведения не удалось.\n"
)


def write_bytes(tmp_path: Path, name: str, content: bytes) -> str:
    path = tmp_path / name
    path.write_bytes(content)
    return str(path)


def test_a_russian_text_file_in_cp1251_is_read(tmp_path: Path) -> None:
    path = write_bytes(tmp_path, "dispatch.txt", RUSSIAN_DISPATCH.encode("cp1251"))
    (bulletin,) = read_input(path)
    assert isinstance(bulletin, RawBulletin)
    assert bulletin.title == "Обстрел посёлка Вельмар"
    assert bulletin.text.startswith("Губернатор Северной области сообщил во вторник")
    assert bulletin.text.endswith("Независимо проверить эти сведения не удалось.")


@pytest.mark.parametrize(
    ("language", "encoding"),
    [
        ("ru", "cp1251"),
        ("ru", "koi8_r"),
        ("ja", "euc_jp"),
        ("ja", "shift_jis"),
        ("ja", "iso2022_jp"),
        ("ko", "euc_kr"),
        ("th", "tis_620"),
        ("he", "cp1255"),
        ("he", "iso8859_8"),
    ],
)
def test_legacy_text_files_are_read(tmp_path: Path, language: str, encoding: str) -> None:
    _, title, first, _, second = news(language)
    content = f"{title}\n\n{first}\n\n{second}\n"
    path = write_bytes(tmp_path, "note.txt", content.encode(encoding))
    (bulletin,) = read_input(path)
    assert isinstance(bulletin, RawBulletin), bulletin
    assert (bulletin.title, bulletin.text) == (title, f"{first}\n\n{second}")


@pytest.mark.parametrize(
    ("language", "encoding"), [("ru", "cp1251"), ("ko", "euc_kr"), ("he", "cp1255")]
)
def test_legacy_json_jsonl_and_csv_are_read(tmp_path: Path, language: str, encoding: str) -> None:
    _, first_title, first, second_title, second = news(language)
    records = [{"title": first_title, "text": first}, {"title": second_title, "text": second}]
    jsonl = "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records)
    table = io.StringIO()
    csv.writer(table).writerows([("title", "text"), *((r["title"], r["text"]) for r in records)])
    for name, content in [
        ("wire.json", json.dumps(records, ensure_ascii=False)),
        ("wire.jsonl", jsonl),
        ("wire.csv", table.getvalue()),
    ]:
        path = write_bytes(tmp_path, name, content.encode(encoding))
        found = [(b.title, b.text) for b in read_input(path) if isinstance(b, RawBulletin)]
        assert found == [(first_title, first), (second_title, second)], name


def test_a_legacy_csv_is_streamed_and_decoded_from_its_head(tmp_path: Path) -> None:
    row = '"Вельмар","Губернатор сообщил об обстреле посёлка, пострадавших нет."\n'
    rows = 5_000  # about 500 KB: several times the head that is sniffed
    path = Path(write_bytes(tmp_path, "wire.csv", ("title,text\n" + row * rows).encode("cp1251")))
    with path.open("rb") as stream:
        records = read_csv(stream, stream.read(64 * 1024), Origin(str(path), "wire"))
        stream.seek(0)
        first = next(records)
        assert stream.tell() < path.stat().st_size / 4  # one record read, not the file
        assert isinstance(first, RawBulletin)
        assert first.text == "Губернатор сообщил об обстреле посёлка, пострадавших нет."
        assert sum(1 for _ in records) == rows - 1


@pytest.mark.parametrize(
    "content",
    [
        "속보".encode("euc_kr"),
        "מבזק".encode("cp1255"),
        "ด่วน".encode("tis_620"),
        "Łódź i Gdańsk".encode("cp1250"),
        "東京で地震".encode("shift_jis"),
        # KOI8-R reads these Hebrew letters as Russian, and is sure of it
        "מבזק: הפסקת חשמל בנמל. The port lost power on Tuesday.".encode("cp1255"),
    ],
)
def test_a_text_whose_encoding_cannot_be_told_is_refused(tmp_path: Path, content: bytes) -> None:
    path = write_bytes(tmp_path, "flash.txt", content)
    (rejection,) = read_input(path)
    assert isinstance(rejection, Rejection)
    assert rejection.where == path
    assert rejection.reason.startswith("cannot tell the text's encoding (it reads equally well as")
    assert rejection.reason.endswith("save it as UTF-8 or declare its encoding")
    with pytest.raises(UnclearEncoding):
        decode(content)


@pytest.mark.parametrize(
    "text",
    ["Café au lait, déjà vu", "“Quoted” – from Word", "Straße in Zürich, à Orléans. ÉCOLE"],
)
def test_a_short_western_text_is_read_as_windows_1252(text: str) -> None:
    assert decode(text.encode("cp1252")) == text


def test_utf8_never_runs_charset_detection(monkeypatch: pytest.MonkeyPatch) -> None:
    def detect(*args: object, **kwargs: object) -> None:
        raise AssertionError("charset detection ran on UTF-8")

    monkeypatch.setattr(charset_normalizer, "from_bytes", detect)
    assert decode(RUSSIAN_DISPATCH.encode()) == RUSSIAN_DISPATCH
    assert decode(b"plain ASCII") == "plain ASCII"
    with pytest.raises(AssertionError):
        decode(RUSSIAN_DISPATCH.encode("cp1251"))


# --- binary or not ---------------------------------------------------------------------

PAGE = (FIXTURES / "pages" / "river-crossing.html").read_bytes()
"""A news page; a few NUL bytes after its image are what a bad save or proxy leaves."""
NULS_AFTER_IMAGE = PAGE.replace(
    b'<div class="story-text">',
    b'<img src="/img/pontoon.jpg" alt="The new pontoon">\x00\x00\x00\x00<div class="story-text">',
)


def test_a_news_page_with_stray_nul_bytes_is_read(tmp_path: Path) -> None:
    path = write_bytes(tmp_path, "tesk-ferry.html", NULS_AFTER_IMAGE)
    (bulletin,) = read_input(path)
    assert isinstance(bulletin, RawBulletin)
    assert bulletin.title == "Ferry crossing at Tesk reopens after week of shelling"
    assert bulletin.text.startswith("The ferry crossing between Tesk and the villages")
    assert "\x00" not in bulletin.text


STRAY_NUL = "\x00"
"""One NUL byte in a long text: less than 1% of its bytes."""


@pytest.mark.parametrize(
    ("name", "content", "count"),
    [
        (
            "note.txt",
            "Power was restored in Kessel overnight, the utility said.\n\n" * 3
            + STRAY_NUL
            + "About 300 homes were still without electricity.\n",
            1,
        ),
        (
            "wire.jsonl",
            '{"text": "Talks resumed on Monday in the capital, officials said."}\n' * 4
            + STRAY_NUL
            + "\n"
            + '{"text": "No joint statement was issued after the talks."}\n' * 4,
            8,
        ),
        (
            "wire.csv",
            "text\n"
            + '"Buses left Kessel at dawn, the regional governor said."\n' * 10
            + STRAY_NUL
            + "\n"
            + '"Shelters opened in two schools, the city council said."\n' * 10,
            20,
        ),
    ],
)
def test_a_few_nul_bytes_do_not_make_text_binary(
    tmp_path: Path, name: str, content: str, count: int
) -> None:
    records = list(read_input(write_bytes(tmp_path, name, content.encode())))
    bulletins = [r for r in records if isinstance(r, RawBulletin)]
    assert len(bulletins) == count
    assert all("\x00" not in b.text for b in bulletins)


@pytest.mark.parametrize(
    ("name", "content"),
    [
        (
            "photo.jpg",
            b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01" + bytes(range(256)) * 8,
        ),
        (
            "scan.pdf",
            b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Filter /FlateDecode >>\nstream\n"
            + bytes((i * 37) % 256 for i in range(4096)),
        ),
        (
            "archive.gz",
            b"\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\x03"
            + bytes((i * 91) % 256 for i in range(2048)),
        ),
        ("page.html", PAGE[:200] + b"\x00" * 400),
    ],
)
def test_true_binary_is_refused(tmp_path: Path, name: str, content: bytes) -> None:
    path = write_bytes(tmp_path, name, content)
    assert list(read_input(path)) == [Rejection(where=path, reason="binary file, not text")]


@pytest.mark.parametrize("padding", [0, 1])
@pytest.mark.parametrize(
    ("language", "encoding"), [("ja", "euc_jp"), ("ja", "shift_jis"), ("ko", "euc_kr")]
)
def test_a_large_legacy_file_is_read_whatever_character_its_head_cuts(
    tmp_path: Path, language: str, encoding: str, padding: int
) -> None:
    # the first 64 KB, from which the encoding is told, end inside a two-byte character
    # for one of the two paddings
    _, title, text, _, _ = news(language)
    rows = "".join(f'"{title}","{text} ({number})"\n' for number in range(1_000))
    content = "title,text" + " " * padding + "\n" + rows
    data = content.encode(encoding)
    assert len(data) > 2 * 64 * 1024
    records = list(read_input(write_bytes(tmp_path, "wire.csv", data)))
    assert len(records) == 1_000
    assert records[-1] == RawBulletin(
        text=f"{text} (999)", title=title, source="wire", where=f"{tmp_path}/wire.csv, line 1001"
    )
    document = json.dumps([{"title": title, "text": text}] * 300, ensure_ascii=False)
    data = (" " * padding + document).encode(encoding)
    assert len(data) > 64 * 1024
    records = list(read_input(write_bytes(tmp_path, "wire.json", data)))
    assert [(r.title, r.text) for r in records] == [(title, text)] * 300  # type: ignore[union-attr]
