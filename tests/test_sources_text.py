import time
from pathlib import Path

import pytest

from newsroom.models import RawBulletin, Rejection
from newsroom.sources import read_input
from newsroom.sources.text import split_title, strip_markdown

FIXTURES = Path(__file__).parent / "fixtures" / "sources"
SHARED_DATA = Path(__file__).resolve().parents[1].parent / "shared" / "data"


def read_one(path: Path, **options: object) -> RawBulletin | Rejection:
    (result,) = read_input(str(path), **options)
    return result


@pytest.mark.parametrize(
    ("content", "title", "rest"),
    [
        ("# A heading\nBody.", "A heading", "Body."),
        ("## Closed heading ##\n\nBody.", "Closed heading", "\nBody."),
        ("\n\n# After blank lines\nBody.", "After blank lines", "Body."),
        ("Setext title\n============\n\nBody.", "Setext title", "\nBody."),
        ("Short first line\n\nBody follows.", "Short first line", "Body follows."),
        ("Short first line\r\n\r\nBody.", "Short first line", "Body."),
        ("Quoted 'title'\n\nBody.", "Quoted 'title'", "Body."),
        ("A sentence, not a title.\n\nBody.", None, None),
        ("Is this a title?\n\nBody.", None, None),
        ('Said: "so."\n\nBody.', None, None),
        ("Line one\nline two\n\nBody.", None, None),
        ("Only one line", None, None),
        ("Only a title line\n\n", "Only a title line", ""),
        ("x" * 151 + "\n\nBody.", None, None),
        ("#hashtag is not a heading\n\nBody.", "#hashtag is not a heading", "Body."),
    ],
)
def test_split_title(content: str, title: str | None, rest: str | None) -> None:
    found, body = split_title(content)
    assert found == title
    assert body == (content if rest is None else rest)


@pytest.mark.parametrize(
    ("markdown", "plain"),
    [
        ("**bold** and __strong__", "bold and strong"),
        ("*em* and _em_ and ***both***", "em and em and both"),
        ("**bold *nested* bold** and __a _b_ c__", "bold nested bold and a b c"),
        ("in*word*emphasis", "inwordemphasis"),
        ("snake_case_name and 5 * 3 * 2", "snake_case_name and 5 * 3 * 2"),
        ("[the link](https://example.org) here", "the link here"),
        ("![a photo](https://example.org/p.jpg)", "a photo"),
        ("[ref link][1]", "ref link"),
        ("see <https://example.org/x>", "see https://example.org/x"),
        ("`code` and ~~struck~~", "code and struck"),
        (r"\*literal stars\* and \[brackets\]", "*literal stars* and [brackets]"),
        ("# Heading\ntext", "\nHeading\n\ntext"),
        ("> quoted line", "quoted line"),
        ("- one\n- two", "\none\n\ntwo"),
        ("before\n---\nafter", "before\n\nafter"),
        ("```\ncode block\n```", "code block"),
        ("[1]: https://example.org/ref", ""),
    ],
)
def test_strip_markdown(markdown: str, plain: str) -> None:
    assert strip_markdown(markdown) == plain


@pytest.mark.parametrize(
    "text",
    [
        "[" * 200_000,
        "**" * 100_000,
        "*a " * 100_000,
        "_" * 200_000,
        "[x](" * 50_000,
        "~~ " * 100_000,
    ],
)
def test_strip_markdown_is_fast_on_unclosed_markup(text: str) -> None:
    started = time.perf_counter()
    strip_markdown(text)
    assert time.perf_counter() - started < 2


def test_markdown_file() -> None:
    path = FIXTURES / "briefing.md"
    bulletin = read_one(path)
    assert bulletin == RawBulletin(
        text="The port authority said the crossing to Velmar would stay closed. Ferries are "
        "expected to resume on Tuesday.\n\nWhat we know\n\nTwo ferries are docked at Tesk."
        "\n\nThe coastguard has not commented.",
        title="Morning briefing: Velmar crossing",
        source="briefing",
        where=str(path),
    )


@pytest.mark.parametrize(
    ("content", "title", "text"),
    [
        (
            "Ceasefire holds in Orlen\n\nThe ceasefire held overnight, officials said.\n\n"
            "Shops reopened.",
            "Ceasefire holds in Orlen",
            "The ceasefire held overnight, officials said.\n\nShops reopened.",
        ),
        (
            "The ceasefire held overnight, officials said. Shops reopened. Buses ran.",
            None,
            "The ceasefire held overnight, officials said. Shops reopened. Buses ran.",
        ),
        (
            "Wrapped lines\nare joined into\none paragraph.\n\n\n\nSecond   paragraph.",
            None,
            "Wrapped lines are joined into one paragraph.\n\nSecond paragraph.",
        ),
        ("\ufeffBOM first.\x07 Bell gone.", None, "BOM first. Bell gone."),
    ],
)
def test_text_file(tmp_path: Path, content: str, title: str | None, text: str) -> None:
    path = tmp_path / "dispatch.txt"
    path.write_text(content, encoding="utf-8")
    bulletin = read_one(path)
    assert isinstance(bulletin, RawBulletin)
    assert (bulletin.title, bulletin.text) == (title, text)
    assert bulletin.where == str(path)
    assert bulletin.source == "dispatch"
    assert bulletin.published is None


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "utf-16", "cp1252"])
def test_text_encodings(tmp_path: Path, encoding: str) -> None:
    path = tmp_path / "note.txt"
    path.write_text("Le maire a déclaré que la route était fermée.", encoding=encoding)
    assert read_one(path).text == "Le maire a déclaré que la route était fermée."


@pytest.mark.parametrize("name", ["note", "note.log", "NOTE.TXT"])
def test_any_text_like_file_is_text(tmp_path: Path, name: str) -> None:
    path = tmp_path / name
    path.write_text("An untyped file with a sentence in it.", encoding="utf-8")
    assert read_one(path).text == "An untyped file with a sentence in it."


def test_a_heading_alone_is_a_headline_bulletin(tmp_path: Path) -> None:
    path = tmp_path / "bare.md"
    path.write_text("# Only a **heading**\n", encoding="utf-8")
    bulletin = read_one(path)
    assert (bulletin.title, bulletin.text) == ("Only a heading", "Only a heading")


def test_blank_lines_alone_are_rejected(tmp_path: Path) -> None:
    path = tmp_path / "blank.md"
    path.write_text("---\n\n***\n", encoding="utf-8")
    assert read_one(path) == Rejection(where=str(path), reason="no text")


def test_text_format_forced_on_markup(tmp_path: Path) -> None:
    path = tmp_path / "page.html"
    path.write_text("<p>Markup read as text.</p>", encoding="utf-8")
    assert read_one(path, fmt="text").text == "<p>Markup read as text.</p>"


def test_seed_live_blog_is_one_bulletin() -> None:
    path = SHARED_DATA / "seed-live-blog.txt"
    if not path.is_file():
        pytest.skip("../shared/data/seed-live-blog.txt is not here")
    bulletin = read_one(path)
    assert isinstance(bulletin, RawBulletin)
    assert bulletin.title is None
    assert bulletin.source == "seed-live-blog"
    assert "\n" not in bulletin.text
    assert bulletin.text.startswith("Russia claims")
    assert "Lysychansk" in bulletin.text
