from datetime import UTC, datetime
from pathlib import Path

import pytest

from newsroom.models import RawBulletin, Rejection
from newsroom.sources import read_input

FIXTURES = Path(__file__).parent / "fixtures" / "sources"


def test_article_page() -> None:
    path = FIXTURES / "article.html"
    (bulletin,) = read_input(str(path))
    assert isinstance(bulletin, RawBulletin)
    assert bulletin.title == "Shelling reported near Norvik river port"
    assert bulletin.source == "Lantern Post"
    assert bulletin.published == datetime(2022, 7, 3, tzinfo=UTC)
    assert bulletin.url == "https://www.lanternpost.example/2022/07/03/norvik-port"
    assert bulletin.where == str(path)
    paragraphs = bulletin.text.split("\n\n")
    assert len(paragraphs) == 3
    assert paragraphs[0].startswith("Officials in the invented town of Norvik")
    assert paragraphs[2].startswith("A spokesperson for the other side denied")
    for boilerplate in ("Home", "Subscribe", "Shelling reported near"):
        assert boilerplate not in bulletin.text


def test_article_with_arguments(tmp_path: Path) -> None:
    page = (FIXTURES / "article.html").read_text(encoding="utf-8")
    for dated_or_named in (
        '<meta property="og:site_name" content="Lantern Post">',
        '<meta property="article:published_time" content="2022-07-03T09:15:00+00:00">',
        "2022/07/03/",
    ):
        page = page.replace(dated_or_named, "")
    path = tmp_path / "saved page"
    path.write_text(page, encoding="utf-8")
    given = datetime(2022, 7, 3, 12, tzinfo=UTC)
    (bulletin,) = read_input(str(path), source="Desk copy", published=given)
    assert bulletin.source == "Desk copy"
    assert bulletin.published == given
    assert bulletin.url == "https://www.lanternpost.example/norvik-port"


@pytest.mark.parametrize(
    "page",
    [
        "<html><body></body></html>",
        "<!DOCTYPE html><html><body><script>var x = 1;</script></body></html>",
        "<html><head><title>Gallery</title></head><body><img src='a.jpg'></body></html>",
        "<html><head><title>Menu</title></head><body><nav><ul><li><a href='/'>Home</a></li>"
        "<li><a href='/w'>World</a></li></ul></nav><footer><p>Copyright 2022 Lantern Post."
        " All rights reserved.</p></footer></body></html>",
    ],
)
def test_page_without_main_text(tmp_path: Path, page: str) -> None:
    path = tmp_path / "empty.html"
    path.write_text(page, encoding="utf-8")
    assert list(read_input(str(path))) == [
        Rejection(where=str(path), reason="no article text found in the HTML page")
    ]


def test_windows_1252_page(tmp_path: Path) -> None:
    page = (
        '<html><head><meta charset="windows-1252"><title>Café</title></head><body><article>'
        + "<p>Le maire de la ville a déclaré dimanche que le pont était fermé à la circulation"
        " jusqu’à nouvel ordre, selon un communiqué.</p>" * 3 + "</article></body></html>"
    )
    path = tmp_path / "page.html"
    path.write_bytes(page.encode("cp1252"))
    (bulletin,) = read_input(str(path))
    assert "déclaré dimanche" in bulletin.text
    assert "jusqu’à" in bulletin.text
