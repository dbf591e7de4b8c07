import json
from datetime import UTC, datetime
from pathlib import Path

import pytest

from newsroom.models import RawBulletin, Rejection
from newsroom.sources import read_input
from newsroom.sources.html import POST_BREAK, mark_posts
from newsroom.text.analyse import analyse
from newsroom.text.sentences import read_layout

FIXTURES = Path(__file__).parent / "fixtures" / "sources"


def test_article_page() -> None:
    path = FIXTURES / "article.html"
    (bulletin,) = read_input(str(path))
    assert isinstance(bulletin, RawBulletin)
    assert bulletin.title == "Shelling reported near Norvik river port"
    assert bulletin.source == "Lantern Post"
    assert bulletin.published == datetime(2022, 7, 3, 9, 15, tzinfo=UTC)
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


# Live blogs: posts and headings become layout (newsroom.text.sentences.read_layout) ------

POSTS = [
    (
        "10.32 BST",
        "Russia claims Norvik",
        [
            "Russia's defence ministry said on Sunday that its forces had taken full control of "
            "the river town after weeks of fighting.",
            "Ukraine's general staff denied the claim, saying its troops still held positions "
            "on the western bank.",
        ],
    ),
    (
        "10.05 BST",
        None,
        [
            "Heavy rain has flooded parts of the port city of Tesk, where the weather service "
            "recorded a month's rainfall in one night.",
            "The service warned that more storms were expected along the coast on Monday.",
        ],
    ),
    (
        "09.40 BST",
        "Ferries stay in port",
        [
            "Officials in Velmar said the ferry crossing would stay closed until Tuesday, and "
            "that two ferries were docked at the harbour.",
        ],
    ),
]


def live_blog_page(post: str, head: str = "") -> str:
    blocks = []
    for time, heading, paragraphs in POSTS:
        hours, minutes = int(time[:2]) - 1, time[3:5]  # BST is UTC+1
        stamp = f"2022-07-03T{hours:02d}:{minutes}:00Z"
        inner = f"<p><time datetime='{stamp}'>{time}</time></p>"
        inner += f"<h2>{heading}</h2>" if heading else ""
        inner += "".join(f"<p>{p}</p>" for p in paragraphs)
        blocks.append(post.format(inner=inner))
    return (
        "<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'>"
        "<title>Conflict live: day 130 | Lantern Post</title>"
        "<meta property='og:site_name' content='Lantern Post'>"
        f"<meta property='og:title' content='Conflict live: day 130'>{head}</head><body>"
        "<nav><a href='/'>Home</a></nav><main><article><h1>Conflict live: day 130</h1>"
        f"<div class='live-blog'>{''.join(blocks)}</div></article></main>"
        "<footer>All rights reserved.</footer></body></html>"
    )


def json_ld() -> str:
    updates = [
        {"@type": "BlogPosting", "headline": heading or "", "articleBody": " ".join(paragraphs)}
        for _, heading, paragraphs in POSTS
    ]
    data = {"@context": "https://schema.org", "@type": "LiveBlogPosting", "liveBlogUpdate": updates}
    return f"<script type='application/ld+json'>{json.dumps(data)}</script>"


def test_live_blog_posts_without_times_are_marked(tmp_path: Path) -> None:
    """Posts known only from JSON-LD without dates stay in one bulletin, one story each."""
    path = tmp_path / "live.html"
    path.write_text(live_blog_page("<div>{inner}</div>", json_ld()), encoding="utf-8")
    (bulletin,) = read_input(str(path))
    paragraphs = bulletin.text.split("\n\n")
    assert paragraphs == [
        "Russia claims Norvik",
        *POSTS[0][2],
        POST_BREAK,
        *POSTS[1][2],
        POST_BREAK,
        "Ferries stay in port",
        *POSTS[2][2],
    ]
    analysed = analyse(bulletin)
    assert [item.story for item in analysed.items] == [0, 0, 1, 1, 2]
    assert "Russia claims Norvik" not in [item.text for item in analysed.items]
    assert read_layout(bulletin.text).headings[0] == "Russia claims Norvik"


@pytest.mark.parametrize(
    "post",
    [
        "<div class='block' id='b'>{inner}</div>",
        "<article class='live-post'>{inner}</article>",
        "<div itemprop='liveBlogUpdate' itemscope>{inner}</div>",
    ],
    ids=["block-class", "post-class", "microdata"],
)
def test_live_blog_posts_with_times_are_bulletins_of_their_own(tmp_path: Path, post: str) -> None:
    path = tmp_path / "live.html"
    path.write_text(live_blog_page(post), encoding="utf-8")
    bulletins = list(read_input(str(path)))
    assert [b.text.split("\n\n") for b in bulletins] == [
        ["Russia claims Norvik", *POSTS[0][2]],
        POSTS[1][2],
        ["Ferries stay in port", *POSTS[2][2]],
    ]
    assert [b.published for b in bulletins] == [
        datetime(2022, 7, 3, 9, 32, tzinfo=UTC),
        datetime(2022, 7, 3, 9, 5, tzinfo=UTC),
        datetime(2022, 7, 3, 8, 40, tzinfo=UTC),
    ]
    assert [b.where.rsplit(", ", 1)[1] for b in bulletins] == ["post 1", "post 2", "post 3"]
    assert {b.title for b in bulletins} == {"Conflict live: day 130"}
    assert [item.story for item in analyse(bulletins[0]).items] == [0, 0]
    assert read_layout(bulletins[0].text).headings[0] == "Russia claims Norvik"


def test_an_article_is_not_cut_into_posts() -> None:
    (bulletin,) = read_input(str(FIXTURES / "article.html"))
    assert POST_BREAK not in bulletin.text
    assert {item.story for item in analyse(bulletin).items} == {0}


def test_list_items_lose_their_bullets(tmp_path: Path) -> None:
    page = (
        "<html><head><title>Key points</title></head><body><article><h1>Key points</h1>"
        "<p>The ferry crossing to Velmar stays closed, the port authority said on Sunday, as "
        "storms moved along the coast.</p><ul>"
        "<li>Two ferries are docked at the harbour in Tesk, the coastguard said.</li>"
        "<li>The coastguard has not commented on when the crossing will reopen.</li>"
        "</ul></article></body></html>"
    )
    path = tmp_path / "list.html"
    path.write_text(page, encoding="utf-8")
    (bulletin,) = read_input(str(path))
    assert bulletin.text.split("\n\n")[1:] == [
        "Two ferries are docked at the harbour in Tesk, the coastguard said.",
        "The coastguard has not commented on when the crossing will reopen.",
    ]


def test_mark_posts_needs_two_posts_found_in_the_text() -> None:
    paragraphs = ["First post text.", "Second post text."]
    assert mark_posts(paragraphs, [["first post text."]]) == paragraphs
    assert mark_posts(paragraphs, [["nothing like it"], ["second post text."]]) == paragraphs
    assert mark_posts(paragraphs, [["first post text."], ["second post text."]]) == [
        "First post text.",
        POST_BREAK,
        "Second post text.",
    ]
