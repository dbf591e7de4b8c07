from datetime import UTC, datetime
from pathlib import Path

import pytest

from newsroom.models import RawBulletin, Rejection
from newsroom.sources import read_input

FIXTURES = Path(__file__).parent / "fixtures" / "sources"


def read(path: Path | str, **options: object) -> list[RawBulletin | Rejection]:
    return list(read_input(str(path), **options))


def write(tmp_path: Path, name: str, content: str) -> Path:
    path = tmp_path / name
    path.write_text(content, encoding="utf-8")
    return path


def test_rss() -> None:
    path = FIXTURES / "wire.rss"
    assert read(path) == [
        RawBulletin(
            text="The port authority said on Sunday that the ferry to Velmar would not sail."
            "\n\nOfficials gave no reason for the decision.",
            title="Ferry service to Velmar island suspended",
            source="Harbour Wire",
            published=datetime(2022, 7, 3, 8, 30, tzinfo=UTC),
            url="https://www.harbourwire.example/2022/07/03/ferry",
            where=f"{path}, entry 1",
        ),
        RawBulletin(
            text="The regional governor claimed the Tesk bridge had reopened. "
            "The claim could not be independently verified.",
            title="Governor claims bridge repaired",
            source="Harbour Wire",
            published=datetime(2022, 7, 3, 9, 5, tzinfo=UTC),
            url="https://www.harbourwire.example/2022/07/03/bridge",
            where=f"{path}, entry 2",
        ),
        RawBulletin(
            text="Headline only, no text",
            title="Headline only, no text",
            source="Harbour Wire",
            url="https://www.harbourwire.example/2022/07/03/empty",
            where=f"{path}, entry 3",
        ),
    ]


def test_atom() -> None:
    path = FIXTURES / "desk.atom"
    first, second = read(path)
    assert first == RawBulletin(
        text="Engineers restored power to most of Kessel overnight, the utility said."
        "\n\nAbout 300 homes were still without electricity.",
        title="Power restored in Kessel district",
        source="Northern Desk",
        published=datetime(2022, 7, 4, 7, 45, tzinfo=UTC),
        url="https://northerndesk.example/kessel-power",
        where=f"{path}, entry 1",
        guid="urn:uuid:6a1c2f4e-0000-4000-8000-000000000002",  # its Atom id (live sources)
    )
    assert second.guid == "urn:uuid:6a1c2f4e-0000-4000-8000-000000000003"
    assert second.published == datetime(2022, 7, 4, 7, 10, tzinfo=UTC)
    assert second.text == "Delegations met again in the capital, according to a statement."


def test_source_argument_beats_feed_title() -> None:
    bulletins = read(FIXTURES / "desk.atom", source="Agency")
    assert {b.source for b in bulletins} == {"Agency"}


@pytest.mark.parametrize("fmt", ["auto", "rss"])
def test_bozo_feed_keeps_its_entries(fmt: str) -> None:
    path = FIXTURES / "broken.rss"
    results = read(path, fmt=fmt)
    assert all(isinstance(r, RawBulletin) for r in results)
    assert [r.title for r in results] == [
        "Curfew extended in Dorn",
        "Unclosed item with a stray entity",
    ]
    assert results[0].text == "The mayor said the curfew would last until Friday & possibly longer."
    assert results[0].source == "Broken Wire"


def test_feed_title_missing_falls_back_to_entry_host(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "untitled.xml",
        '<rss version="2.0"><channel><item><link>https://www.lp.example/a</link>'
        "<description>Text.</description></item></channel></rss>",
    )
    (bulletin,) = read(path)
    assert bulletin.source == "lp.example"


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        ("Plain words, not a feed.", "not an RSS or Atom feed"),
        ("<html><body><p>A web page.</p></body></html>", "not an RSS or Atom feed"),
        ('{"text": "json"}', "not an RSS or Atom feed"),
        ('<rss version="2.0"><channel><title>Empty</title></channel></rss>', "the feed has no"),
        ('<rss version="2.0"><channel><title>Cut', "unreadable feed: no element found"),
    ],
)
def test_unusable_feeds(tmp_path: Path, content: str, reason: str) -> None:
    path = write(tmp_path, "input.dat", content)
    (rejection,) = read(path, fmt="rss")
    assert isinstance(rejection, Rejection)
    assert rejection.where == str(path)
    assert rejection.reason.startswith(reason)


@pytest.mark.parametrize(
    ("date_element", "expected"),
    [
        (
            "<pubDate>Sun, 03 Jul 2022 08:30:00 GMT</pubDate>",
            datetime(2022, 7, 3, 8, 30, tzinfo=UTC),
        ),
        ("<pubDate>2022-07-03T10:30:00+02:00</pubDate>", datetime(2022, 7, 3, 8, 30, tzinfo=UTC)),
        ("<pubDate>3 July 2022</pubDate>", datetime(2022, 7, 3, tzinfo=UTC)),
        ("", None),
    ],
)
def test_entry_dates(tmp_path: Path, date_element: str, expected: datetime | None) -> None:
    path = write(
        tmp_path,
        "dated.rss",
        f'<rss version="2.0"><channel><title>T</title><item>{date_element}'
        "<description>Text.</description></item></channel></rss>",
    )
    (bulletin,) = read(path)
    assert bulletin.published == expected


def test_unreadable_entry_date_is_a_rejection(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "dated.rss",
        '<rss version="2.0"><channel><title>T</title>'
        "<item><pubDate>yesterday-ish</pubDate><description>One.</description></item>"
        "<item><description>Two.</description></item></channel></rss>",
    )
    first, second = read(path)
    assert first == Rejection(
        where=f"{path}, entry 1", reason="unreadable date 'yesterday-ish' in field 'published'"
    )
    assert second.text == "Two."


def test_published_argument_fills_undated_entries(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "undated.rss",
        '<rss version="2.0"><channel><title>T</title><item><description>Text.</description>'
        "</item></channel></rss>",
    )
    given = datetime(2022, 7, 3, 12, tzinfo=UTC)
    (bulletin,) = read(path, published=given)
    assert bulletin.published == given


def test_html_title_in_atom(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "titled.atom",
        '<feed xmlns="http://www.w3.org/2005/Atom"><title>T</title><entry>'
        '<title type="html">Port &lt;em&gt;closed&lt;/em&gt; &amp;amp; guarded</title>'
        "<summary>Text.</summary></entry></feed>",
    )
    (bulletin,) = read(path)
    assert bulletin.title == "Port closed & guarded"


def test_content_beats_summary_and_scripts_are_dropped(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "content.rss",
        '<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/">'
        "<channel><title>T</title><item><description>Short summary.</description>"
        "<content:encoded><![CDATA[<p>Full text, part one.</p><script>x()</script>"
        "<p>Part two.</p>]]></content:encoded></item></channel></rss>",
    )
    (bulletin,) = read(path)
    assert bulletin.text == "Full text, part one.\n\nPart two."


def test_an_xml_file_that_is_no_feed_is_refused_not_read_as_text(tmp_path: Path) -> None:
    path = write(tmp_path, "wire.xml", "garbage <<<\n")
    (rejection,) = read(path)
    assert isinstance(rejection, Rejection)
    assert rejection.reason.startswith("not an RSS or Atom feed")


def test_an_entry_lost_to_a_broken_feed_says_the_feed_is_broken(tmp_path: Path) -> None:
    """A feed cut off mid-entry: the entry before the cut is kept, the cut one is rejected
    with the feed's problem, not only "no text"."""
    path = write(
        tmp_path,
        "cut.rss",
        '<?xml version="1.0"?><rss version="2.0"><channel><title>X</title>'
        "<item><title>Shelling reported near Kupiansk</title></item><item><title>Unclosed",
    )
    results = read(path)
    kept = [r for r in results if isinstance(r, RawBulletin)]
    rejected = [r for r in results if isinstance(r, Rejection)]
    assert [b.text for b in kept] == ["Shelling reported near Kupiansk"]
    (cut,) = rejected
    assert cut.where.endswith("entry 2")
    assert "the feed is broken: no element found" in cut.reason


@pytest.mark.parametrize(
    "tail",
    [
        "<description>Drones hit an apartment block in Su",  # cut inside the text
        "<description>Drones hit a block.</description></",  # cut before </item>
    ],
)
def test_an_entry_the_file_ends_inside_is_rejected_not_kept_as_a_headline(
    tmp_path: Path, tail: str
) -> None:
    """A feed cut off (a partial download, a truncated file) inside an entry whose title
    is whole: the entry's text may be missing, so it is rejected, never stored as a
    headline that a later full copy would duplicate."""
    path = write(
        tmp_path,
        "cut.rss",
        '<?xml version="1.0"?><rss version="2.0"><channel><title>X</title>'
        "<item><title>Shelling near Kupiansk</title>"
        "<description>Shelling was reported near Kupiansk.</description></item>"
        f"<item><title>Drone strike in Sumy</title>{tail}",
    )
    results = read(path)
    kept = [r for r in results if isinstance(r, RawBulletin)]
    rejected = [r for r in results if isinstance(r, Rejection)]
    assert [b.title for b in kept] == ["Shelling near Kupiansk"]
    (cut,) = rejected
    assert cut.where.endswith("entry 2")
    assert "ends inside this entry" in cut.reason


def test_an_unclosed_entry_the_feed_goes_on_after_is_kept(tmp_path: Path) -> None:
    """Only the entry the file ends in counts as cut off: an unclosed entry that the
    channel closes is whole."""
    path = write(
        tmp_path,
        "unclosed.rss",
        '<?xml version="1.0"?><rss version="2.0"><channel><title>X</title>'
        "<item><title>Curfew in Dorn</title><description>The curfew was extended."
        "</description></channel></rss>",
    )
    (bulletin,) = read(path)
    assert isinstance(bulletin, RawBulletin)
    assert bulletin.text == "The curfew was extended."
