import codecs
import io

import pytest

from newsroom.sources.clean import (
    clean_line,
    clean_text,
    decode,
    html_to_text,
    looks_binary,
    open_text,
    sniff_encoding,
)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("plain", "plain"),
        ("  spaced   out\t words  ", "spaced out words"),
        ("one\nparagraph\nwrapped", "one paragraph wrapped"),
        ("first\n\nsecond", "first\n\nsecond"),
        ("first\r\n\r\nsecond\r\nline", "first\n\nsecond line"),
        ("first\r\rsecond", "first\n\nsecond"),
        ("first\n \t \n\n\nsecond", "first\n\nsecond"),
        ("\ufeffwith BOM", "with BOM"),
        ("bell\x07 and nul\x00 and esc\x1b gone", "bell and nul and esc gone"),
        ("c1 \x85control\x9f gone", "c1 control gone"),
        ("tab\tkept as space", "tab kept as space"),
        ("cafe\u0301", "café"),
        ("no\u00a0break space", "no break space"),
        ("\n\n  \n", ""),
    ],
)
def test_clean_text(raw: str, expected: str) -> None:
    assert clean_text(raw) == expected


def test_clean_text_is_nfc() -> None:
    assert clean_text("Zelenskiy e\u0301") == "Zelenskiy \u00e9"


def test_clean_line_joins_paragraphs() -> None:
    assert clean_line("  A title\n\nin two  parts ") == "A title in two parts"


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
    assert sniff_encoding(cut) is None


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


@pytest.mark.parametrize(
    ("markup", "expected"),
    [
        ("<p>One.</p><p>Two.</p>", "One.\n\nTwo."),
        ("Line<br>break<br/><br/>para", "Line break\n\npara"),
        ("<div>A <b>bold</b> <a href='x'>link</a></div>", "A bold link"),
        ("<p>Fish &amp; chips &eacute;</p>", "Fish & chips é"),
        ("<script>alert(1)</script><style>p{}</style><p>kept</p>", "kept"),
        ("<ul><li>first</li><li>second</li></ul>", "first\n\nsecond"),
        ("<!-- note --><h2>Head</h2>body", "Head\n\nbody"),
        ("no markup at all", "no markup at all"),
        ("", ""),
        ("   ", ""),
        # Control characters, which lxml refuses, are dropped (found by bench.reliability).
        ("<p>\x01Officials said.</p>", "Officials said."),
        ("<p>One\x0b</p>\x1f<p>Two\x7f\x9f</p>", "One\n\nTwo"),
        ("Line\r\nbreak\rend\x00", "Line break end"),
        ("<p>BOM\ufeff and a lone \ud800 surrogate</p>", "BOM and a lone surrogate"),
    ],
)
def test_html_to_text(markup: str, expected: str) -> None:
    assert html_to_text(markup) == expected
