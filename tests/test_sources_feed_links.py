"""Feed entries: links made absolute, an aggregated entry credited to its own source, a
DOCTYPE before ``<rss>``, and Yandex's full text."""

from __future__ import annotations

from pathlib import Path

import pytest

from newsroom.models import RawBulletin
from newsroom.sources import read_input
from newsroom.sources.detect import detect_format


def read(tmp_path: Path, content: str, name: str = "feed.rss") -> list[RawBulletin]:
    path = tmp_path / name
    path.write_text(content, encoding="utf-8")
    records = list(read_input(str(path)))
    assert all(isinstance(r, RawBulletin) for r in records), records
    return records  # type: ignore[return-value]


RELATIVE = """<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0">
  <channel>
    <title>Harbour Wire</title>
    <link>https://www.harbourwire.example/</link>
    <item>
      <title>Ferry to Velmar suspended</title>
      <link>/news/2022/05/item-1</link>
      <description>The port authority said the ferry would not sail on Sunday.</description>
    </item>
    <item>
      <title>Bridge reopens</title>
      <link>2022/05/item-2</link>
      <description>The Tesk bridge reopened to traffic, the city said.</description>
    </item>
    <item xml:base="https://archive.harbourwire.example/2022/">
      <title>Archive note</title>
      <link>item-3</link>
      <description>An earlier report on the bridge is in the archive.</description>
    </item>
    <item>
      <title>Wire copy</title>
      <link>https://wire.example/story/4</link>
      <description>Officials gave no reason for the decision, a wire report said.</description>
    </item>
  </channel>
</rss>
"""


def test_relative_links_are_resolved_against_the_feed(tmp_path: Path) -> None:
    assert [b.url for b in read(tmp_path, RELATIVE)] == [
        "https://www.harbourwire.example/news/2022/05/item-1",
        "https://www.harbourwire.example/2022/05/item-2",
        "https://archive.harbourwire.example/2022/item-3",
        "https://wire.example/story/4",
    ]


ATOM_RELATIVE = """<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom" xml:base="https://northerndesk.example/desk/">
  <title>Northern Desk</title>
  <link href="https://northerndesk.example/"/>
  <id>tag:northerndesk.example,2022:feed</id>
  <updated>2022-07-04T08:00:00Z</updated>
  <entry>
    <title>Power restored in Kessel</title>
    <link href="kessel-power"/>
    <id>tag:northerndesk.example,2022:1</id>
    <updated>2022-07-04T07:45:00Z</updated>
    <summary>Engineers restored power to most of Kessel overnight, the utility said.</summary>
  </entry>
  <entry>
    <title>Talks resume</title>
    <link href="/world/talks"/>
    <id>tag:northerndesk.example,2022:2</id>
    <updated>2022-07-04T07:10:00Z</updated>
    <summary>Delegations met again in the capital, according to a statement.</summary>
  </entry>
</feed>
"""


def test_atom_links_are_resolved_against_xml_base(tmp_path: Path) -> None:
    assert [b.url for b in read(tmp_path, ATOM_RELATIVE, "desk.atom")] == [
        "https://northerndesk.example/desk/kessel-power",
        "https://northerndesk.example/world/talks",
    ]


AGGREGATOR = """<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/">
  <channel>
    <title>Conflict Desk Digest</title>
    <link>https://digest.example/</link>
    <item>
      <title>Shelling reported near Norvik port</title>
      <link>https://www.lanternpost.example/2022/07/03/norvik-port</link>
      <dc:creator>Lantern Post</dc:creator>
      <description>Officials said artillery had struck warehouses near the river port.</description>
    </item>
    <item>
      <title>Ferry to Velmar suspended</title>
      <link>https://harbourwire.example/2022/07/03/ferry</link>
      <author>desk@harbourwire.example (Harbour Wire)</author>
      <description>The port authority said the ferry would not sail on Sunday.</description>
    </item>
    <item>
      <title>Governor claims bridge repaired</title>
      <link>https://digest.example/r/991</link>
      <source url="https://northerndesk.example/rss">Northern Desk</source>
      <description>The regional governor claimed the Tesk bridge had reopened.</description>
    </item>
    <item>
      <title>Curfew extended in Velmar</title>
      <link>https://velmartoday.example/curfew</link>
      <description>The curfew will run from 10pm to 6am, the administration said.</description>
    </item>
    <item>
      <title>Editor's note</title>
      <link>https://digest.example/notes/1</link>
      <description>The digest will not be published on Monday.</description>
    </item>
  </channel>
</rss>
"""


def test_an_aggregators_entries_are_credited_to_their_own_sources(tmp_path: Path) -> None:
    assert [b.source for b in read(tmp_path, AGGREGATOR)] == [
        "Lantern Post",  # dc:creator
        "Harbour Wire",  # author, "address (name)"
        "Northern Desk",  # the <source> element
        "velmartoday.example",  # no author: the site its link points to
        "Conflict Desk Digest",  # the digest's own entry
    ]


BYLINES = """<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/">
  <channel>
    <title>Lantern Post - World</title>
    <link>https://www.lanternpost.example/world</link>
    <item>
      <title>Shelling reported near Norvik port</title>
      <link>https://www.lanternpost.example/2022/07/03/norvik-port</link>
      <dc:creator>Marta Kowal</dc:creator>
      <description>Officials said artillery had struck warehouses near the river port.</description>
    </item>
    <item>
      <title>Talks resume in the capital</title>
      <link>https://live.lanternpost.example/2022/07/03/talks</link>
      <dc:creator>Anna Berg</dc:creator>
      <description>Delegations met again in the capital on Monday.</description>
    </item>
    <item>
      <title>Wire: ferry suspended</title>
      <link>https://harbourwire.example/2022/07/03/ferry</link>
      <dc:creator>Harbour Wire</dc:creator>
      <source url="https://harbourwire.example/rss">Harbour Wire</source>
      <description>The port authority said the ferry would not sail on Sunday.</description>
    </item>
  </channel>
</rss>
"""


def test_a_newspapers_bylines_do_not_replace_its_name(tmp_path: Path) -> None:
    # one outside site only: no aggregator, so an author is a byline, but a <source> counts
    assert [b.source for b in read(tmp_path, BYLINES)] == [
        "Lantern Post - World",
        "Lantern Post - World",
        "Harbour Wire",
    ]


def test_the_callers_source_still_wins(tmp_path: Path) -> None:
    path = tmp_path / "digest.rss"
    path.write_text(AGGREGATOR, encoding="utf-8")
    assert {b.source for b in read_input(str(path), source="Desk copy")} == {"Desk copy"}


@pytest.mark.parametrize(
    "prolog",
    [
        "<!DOCTYPE html>\n",
        '<!DOCTYPE HTML PUBLIC "-//W3C//DTD HTML 4.01//EN">\n',
        "\n\n  <!-- generated by FeedCMS 4.2 -->\n<!doctype html>\n",
        '<?xml version="1.0" encoding="utf-8"?>\n<!DOCTYPE html>\n<!-- cached -->\n',
    ],
)
@pytest.mark.parametrize("name", ["feed", "feed.xml", "rss.php", "saved-feed.html"])
def test_a_feed_after_an_html_doctype_is_read_as_a_feed(
    tmp_path: Path, prolog: str, name: str
) -> None:
    content = prolog + RELATIVE.split("\n", 1)[1]
    assert detect_format(name, content.encode()) == "rss"
    bulletins = read(tmp_path, content, name)
    assert [b.title for b in bulletins][:2] == ["Ferry to Velmar suspended", "Bridge reopens"]
    assert bulletins[0].source == "Harbour Wire"


def test_an_html_page_with_a_doctype_is_still_html() -> None:
    page = b"<!DOCTYPE html>\n<html><head><title>rss</title></head><body><p>x</p></body></html>"
    assert detect_format("page", page) == "html"


YANDEX = """<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0" xmlns:yandex="http://news.yandex.ru">
  <channel>
    <title>Вести Северного края</title>
    <link>https://vesti-sever.example/</link>
    <item>
      <title>В Кесселе открыли ещё два пункта обогрева</title>
      <link>https://vesti-sever.example/news/1</link>
      <yandex:full-text>Городская администрация Кесселя открыла ещё два пункта обогрева в зданиях библиотек.

Жителям советуют брать с собой документы и запас питьевой воды.</yandex:full-text>
    </item>
    <item>
      <title>Обстрел посёлка Вельмар</title>
      <link>https://vesti-sever.example/news/2</link>
      <description>Губернатор сообщил об обстреле посёлка.</description>
      <yandex:full-text>&lt;p&gt;Губернатор Северной области сообщил во вторник,
      что ночью посёлок Вельмар был обстрелян.&lt;/p&gt;
      &lt;p&gt;Пострадавших нет.&lt;/p&gt;</yandex:full-text>
    </item>
  </channel>
</rss>
"""


def test_yandex_full_text_is_the_entry_text(tmp_path: Path) -> None:
    first, second = read(tmp_path, YANDEX)
    assert first.text == (
        "Городская администрация Кесселя открыла ещё два пункта обогрева в зданиях библиотек."
        "\n\nЖителям советуют брать с собой документы и запас питьевой воды."
    )
    assert second.text == (
        "Губернатор Северной области сообщил во вторник, что ночью посёлок Вельмар был"
        " обстрелян.\n\nПострадавших нет."
    )
