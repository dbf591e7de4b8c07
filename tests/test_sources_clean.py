import pytest

from newsroom.sources.clean import clean_line, clean_text, html_to_text


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
