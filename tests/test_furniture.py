"""Feed and page furniture ("Country: ...", "Summary", "Source: ...", bare URLs, "Read more")
and live-blog headings never become items; a heading still names its post's story."""

from __future__ import annotations

from pathlib import Path

import pytest

from newsroom.models import RawBulletin
from newsroom.sources import read_input
from newsroom.text.analyse import analyse
from newsroom.text.cues import furniture_words
from newsroom.text.sentences import is_furniture, split_sentences

SITUATION_REPORTS = """<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0">
  <channel>
    <title>Relief Updates</title>
    <link>https://relief.example/updates</link>
    <item>
      <title>Velmar: Flash Update No. 3</title>
      <link>https://relief.example/report/velmar-flash-update-3</link>
      <description>&lt;div class="tag country"&gt;Country: Northland&lt;/div&gt;
        &lt;div class="tag source"&gt;Source: Office for Humanitarian Coordination&lt;/div&gt;
        &lt;div&gt;&lt;p&gt;Please refer to the attached file.&lt;/p&gt;
        &lt;h3&gt;Summary&lt;/h3&gt;
        &lt;p&gt;Shelling damaged two schools in Velmar district on Tuesday, local authorities said.&lt;/p&gt;
        &lt;p&gt;Humanitarian partners delivered drinking water to 3,000 people.&lt;/p&gt;
        &lt;p&gt;https://relief.example/report/velmar-flash-update-3&lt;/p&gt;
        &lt;p&gt;Read more&lt;/p&gt;&lt;/div&gt;</description>
    </item>
    <item>
      <title>Kessel: evacuation update</title>
      <link>https://relief.example/report/kessel-evacuation</link>
      <description>&lt;p&gt;Countries: Northland, Southland&lt;/p&gt;
        &lt;p&gt;Sources: Kessel regional administration; national railway&lt;/p&gt;
        &lt;p&gt;Format: Situation Report&lt;/p&gt;
        &lt;p&gt;Buses left Kessel at dawn, the regional governor said.&lt;/p&gt;
        &lt;p&gt;Posted by Anna Berg&lt;/p&gt;
        &lt;p&gt;www.relief.example/kessel&lt;/p&gt;</description>
    </item>
  </channel>
</rss>
"""
LIVE_BLOG_ENTRY = """<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0">
  <channel>
    <title>Lantern Post live</title>
    <link>https://lanternpost.example/live</link>
    <item>
      <title>War live: day 130</title>
      <link>https://lanternpost.example/live/130</link>
      <description>&lt;p&gt;&lt;strong&gt;Key events&lt;/strong&gt;&lt;/p&gt;
        &lt;h2&gt;Evacuation resumes in Kessel&lt;/h2&gt;
        &lt;p&gt;Buses left at dawn, the regional governor said.&lt;/p&gt;
        &lt;p&gt;* * *&lt;/p&gt;
        &lt;h2&gt;Ferry to Velmar suspended&lt;/h2&gt;
        &lt;p&gt;Source: Velmar port authority&lt;/p&gt;
        &lt;p&gt;It will not sail on Sunday, officials said.&lt;/p&gt;
        &lt;p&gt;Read more: https://lanternpost.example/velmar-ferry&lt;/p&gt;</description>
    </item>
  </channel>
</rss>
"""


def items_of(tmp_path: Path, feed: str) -> list[list[str]]:
    path = tmp_path / "feed.rss"
    path.write_text(feed, encoding="utf-8")
    bulletins = list(read_input(str(path)))
    assert all(isinstance(b, RawBulletin) for b in bulletins)
    return [[item.text for item in analyse(b).items] for b in bulletins]  # type: ignore[arg-type]


def test_feed_boilerplate_lines_are_no_items(tmp_path: Path) -> None:
    assert items_of(tmp_path, SITUATION_REPORTS) == [
        [
            "Shelling damaged two schools in Velmar district on Tuesday, local authorities said.",
            "Humanitarian partners delivered drinking water to 3,000 people.",
        ],
        ["Buses left Kessel at dawn, the regional governor said."],
    ]


def test_live_blog_headings_are_no_items_but_name_their_story(tmp_path: Path) -> None:
    path = tmp_path / "live.rss"
    path.write_text(LIVE_BLOG_ENTRY, encoding="utf-8")
    (bulletin,) = read_input(str(path))
    assert isinstance(bulletin, RawBulletin)
    items = analyse(bulletin).items
    assert [item.text for item in items] == [
        "Buses left at dawn, the regional governor said.",
        "It will not sail on Sunday, officials said.",
    ]
    # the headings' words find the items under them, and each post is its own story
    assert "kessel" in items[0].words and "evacuation" in items[0].words
    assert "velmar" in items[1].words and "ferry" in items[1].words
    assert "velmar" not in items[0].words
    assert items[0].story != items[1].story


@pytest.mark.parametrize(
    "paragraph",
    [
        "Country: Ukraine",
        "COUNTRY: Northland",
        "Countries: Northland, Southland",
        "Source: UN Office for the Coordination of Humanitarian Affairs",
        "Sources: Kessel regional administration; national railway",
        "Source: UN OCHA.",
        "Format: Situation Report",
        "Disaster type: Flood",
        "Tags: ports, grain, shipping",
        "Summary",
        "Summary:",
        "Read more",
        "Read more...",
        "Continue reading",
        "Please refer to the attached file.",
        "Posted by Anna Berg",
        "By Marta Kowal",
        "https://relief.example/report/velmar-flash-update-3",
        "http://x.example/a?b=c",
        "www.relief.example/kessel",
        "Источник: пресс-служба администрации",
        "Страна: Украина",
        "Джерело: Генштаб ЗСУ",
        "Читайте також",
        "Подробнее",
    ],
)
def test_furniture(paragraph: str) -> None:
    assert is_furniture(paragraph)
    text = f"Kyiv denied it.\n\n{paragraph}\n\nMoscow said nothing."
    assert split_sentences(text) == ["Kyiv denied it.", "Moscow said nothing."]


@pytest.mark.parametrize(
    "paragraph",
    [
        "Summary: Russia claimed the town and Ukraine denied it.",
        "Source: officials said 12 people died. Rescue work continues.",
        "Sources say the bridge was hit twice overnight.",
        "By Tuesday evening, most of the shelters in Kessel were full.",
        "Country music festival in Velmar cancelled after shelling",
        "The source of the blast was not yet known, police said.",
        "See https://relief.example for the full report, the agency said.",
        "Read more about the strike in our explainer, published on Monday.",
    ],
)
def test_not_furniture(paragraph: str) -> None:
    assert not is_furniture(paragraph)


def test_the_word_lists_are_data() -> None:
    assert "summary" in furniture_words("labels")
    assert "источник" in furniture_words("fields")
    assert "джерело" in furniture_words("fields")
    assert "posted by" in furniture_words("bylines")


@pytest.mark.parametrize(
    "marker", ["Updated at 14:05", "Posted at 9:40 am", "Оновлено о 14:05", "2h ago", "* * *"]
)
def test_a_heading_before_its_posts_time_is_no_item(marker: str) -> None:
    text = (
        "Evacuation resumes in Kessel\n\n"
        f"{marker}\n\n"
        "Buses left at dawn, the regional governor said.\n\n"
        "Ferry to Velmar suspended\n\n"
        "It will not sail on Sunday, officials said."
    )
    items = analyse(RawBulletin(text=text, source="Lantern Post", where="live")).items
    assert [item.text for item in items] == [
        "Buses left at dawn, the regional governor said.",
        "It will not sail on Sunday, officials said.",
    ]
    assert "evacuation" in items[0].words and "ferry" in items[1].words
