import codecs
import io

import pytest

from newsroom.sources.encodings import (
    UnclearEncoding,
    decode,
    looks_binary,
    open_text,
    sniff_encoding,
)


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
    assert sniff_encoding(cut) != "utf-8-sig"


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


