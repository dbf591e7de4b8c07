"""Feeds in legacy encodings: declared ones read as declared, undeclared ones detected, and
doubtful ones refused whole rather than stored as mojibake."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from newsroom.models import RawBulletin, Rejection
from newsroom.sources import read_input
from tests.conftest import Wiredesk
from tests.support.languages import news
from tests.test_cli_ingest import stored

FEED = """{declaration}
<rss version="2.0">
  <channel>
    <title>{feed_title}</title>
    <link>https://news.example/</link>
    <item>
      <title>{first_title}</title>
      <link>https://news.example/2022/07/05/substation</link>
      <description>{first}</description>
      <pubDate>Tue, 05 Jul 2022 06:30:00 GMT</pubDate>
    </item>
    <item>
      <title>{second_title}</title>
      <link>https://news.example/2022/07/05/shelters</link>
      <description>&lt;p&gt;{second}&lt;/p&gt;</description>
      <pubDate>Tue, 05 Jul 2022 09:10:00 GMT</pubDate>
    </item>
  </channel>
</rss>
"""
UNDECLARED = '<?xml version="1.0"?>'


def feed(language: str, declaration: str = UNDECLARED) -> str:
    feed_title, first_title, first, second_title, second = news(language)
    return FEED.format(
        declaration=declaration,
        feed_title=feed_title,
        first_title=first_title,
        first=first,
        second_title=second_title,
        second=second.replace('"', "&quot;"),
    )


def expected(language: str, path: Path) -> list[RawBulletin]:
    feed_title, first_title, first, second_title, second = news(language)
    return [
        RawBulletin(
            text=first,
            title=first_title,
            source=feed_title,
            published=datetime(2022, 7, 5, 6, 30, tzinfo=UTC),
            url="https://news.example/2022/07/05/substation",
            where=f"{path}, entry 1",
        ),
        RawBulletin(
            text=second,
            title=second_title,
            source=feed_title,
            published=datetime(2022, 7, 5, 9, 10, tzinfo=UTC),
            url="https://news.example/2022/07/05/shelters",
            where=f"{path}, entry 2",
        ),
    ]


@pytest.mark.parametrize(
    ("language", "encoding"),
    [
        ("ja", "euc_jp"),
        ("ja", "shift_jis"),
        ("ko", "euc_kr"),
        ("th", "tis_620"),
        ("he", "cp1255"),
        # siblings
        ("ja", "iso2022_jp"),
        ("ko", "cp949"),
        ("he", "iso8859_8"),
        ("ru", "cp1251"),
        ("ru", "koi8_r"),
    ],
)
@pytest.mark.parametrize("with_declaration", [False, True])
def test_a_feed_without_a_declared_encoding_is_decoded(
    tmp_path: Path, language: str, encoding: str, with_declaration: bool
) -> None:
    content = feed(language, UNDECLARED if with_declaration else "").lstrip()
    path = tmp_path / "wire.rss"
    path.write_bytes(content.encode(encoding))
    assert list(read_input(str(path))) == expected(language, path)


@pytest.mark.parametrize(
    ("language", "encoding", "declared"),
    [
        ("ja", "euc_jp", "EUC-JP"),
        ("ko", "euc_kr", "euc-kr"),
        ("he", "cp1255", "windows-1255"),
        # single-byte declarations, checked against the text since nothing else would notice
        ("ru", "cp1251", "windows-1251"),
        ("ru", "koi8_r", "KOI8-R"),
        ("th", "tis_620", "TIS-620"),
        ("he", "iso8859_8", "ISO-8859-8"),
    ],
)
def test_a_declared_encoding_is_used(
    tmp_path: Path, language: str, encoding: str, declared: str
) -> None:
    path = tmp_path / "wire.rss"
    declaration = f'<?xml version="1.0" encoding="{declared}"?>'
    path.write_bytes(feed(language, declaration).encode(encoding))
    assert list(read_input(str(path))) == expected(language, path)


FLASH = """<?xml version="1.0"?>
<rss version="2.0"><channel><title>Desk</title><link>https://news.example/</link>
<item><title>{title}</title><link>https://news.example/flash</link>
<description>Update at 10:00 GMT.</description></item></channel></rss>
"""


@pytest.mark.parametrize(
    ("title", "encoding"),
    [
        ("速報", "euc_jp"),
        ("東京で地震", "shift_jis"),
        ("속보", "euc_kr"),
        ("ด่วน", "tis_620"),
        ("מבזק", "cp1255"),
        ("Łódź", "cp1250"),
    ],
)
def test_a_feed_whose_decoding_is_doubtful_is_refused(
    tmp_path: Path, title: str, encoding: str
) -> None:
    path = tmp_path / "flash.rss"
    path.write_bytes(FLASH.format(title=title).encode(encoding))
    (rejection,) = read_input(str(path))
    assert isinstance(rejection, Rejection)
    assert rejection.where == str(path)
    assert rejection.reason.startswith("cannot tell the text's encoding")


@pytest.mark.parametrize(
    ("declared", "encoding"), [("utf-8", "cp1251"), ("utf-8", "euc_kr"), ("euc-kr", "utf-8")]
)
def test_a_feed_whose_declared_encoding_is_wrong_is_refused(
    tmp_path: Path, declared: str, encoding: str
) -> None:
    language = "ru" if encoding == "cp1251" else "ko"
    path = tmp_path / "wire.rss"
    declaration = f'<?xml version="1.0" encoding="{declared}"?>'
    path.write_bytes(feed(language, declaration).encode(encoding))
    (rejection,) = read_input(str(path))
    assert isinstance(rejection, Rejection)
    assert rejection.reason.startswith("the feed's text cannot be decoded reliably: ")
    assert rejection.reason.endswith("nothing was stored")


def test_a_doubtful_feed_stores_nothing_and_exits_1(
    wiredesk: Wiredesk, tmp_path: Path, db_path: Path
) -> None:
    path = tmp_path / "flash.rss"
    path.write_bytes(FLASH.format(title="속보").encode("euc_kr"))
    result = wiredesk("ingest", str(path))
    assert result.exit_code == 1
    assert f"rejected: {path}: cannot tell the text's encoding" in result.stderr
    assert "Traceback" not in result.output
    assert stored(db_path) == []


def test_an_undeclared_feed_is_stored_right(
    wiredesk: Wiredesk, tmp_path: Path, db_path: Path
) -> None:
    path = tmp_path / "wire.rss"
    path.write_bytes(feed("ja").encode("euc_jp"))
    result = wiredesk("ingest", str(path))
    assert result.exit_code == 0, result.output
    feed_title, first_title, first, _, _ = news("ja")
    assert stored(db_path, "source, title, text")[0] == (feed_title, first_title, first)


@pytest.mark.parametrize("declaration", [UNDECLARED, '<?xml version="1.0" encoding="UTF-8"?>'])
def test_a_utf8_feed_with_a_stray_byte_keeps_its_text(tmp_path: Path, declaration: str) -> None:
    # one windows-1252 dash pasted into a UTF-8 feed: the rest must not become mojibake
    content = (
        feed("ru", declaration)
        .encode()
        .replace(
            "посёлок Вельмар был".encode(),
            "посёлок Вельмар ".encode() + "–".encode("cp1252") + " был".encode(),
        )
    )
    path = tmp_path / "wire.rss"
    path.write_bytes(content)
    first, second = read_input(str(path))
    assert isinstance(first, RawBulletin) and isinstance(second, RawBulletin)
    assert first.text.startswith("Губернатор Северной области сообщил во вторник")
    assert "посёлок Вельмар \ufffd был" in first.text
    assert second == expected("ru", path)[1]


@pytest.mark.parametrize(
    ("language", "encoding", "declared"),
    [
        ("ru", "cp1251", "ISO-8859-1"),
        ("ru", "koi8_r", "windows-1252"),
        ("ko", "euc_kr", "iso-8859-1"),
        ("he", "cp1255", "ISO-8859-1"),
    ],
)
def test_a_feed_declared_western_but_in_another_alphabet_is_refused(
    tmp_path: Path, language: str, encoding: str, declared: str
) -> None:
    # old feed software declares ISO-8859-1 whatever it writes; feedparser would not notice
    path = tmp_path / "wire.rss"
    declaration = f'<?xml version="1.0" encoding="{declared}"?>'
    path.write_bytes(feed(language, declaration).encode(encoding))
    (rejection,) = read_input(str(path))
    assert isinstance(rejection, Rejection)
    assert rejection.reason.startswith(f"the feed declares the encoding {declared.lower()} but")


@pytest.mark.parametrize(
    ("language", "encoding", "declared"),
    [
        ("ru", "cp1251", "koi8-r"),
        ("ru", "koi8_r", "windows-1251"),
        ("he", "cp1255", "iso-8859-5"),
    ],
)
def test_a_feed_declared_in_another_legacy_encoding_than_its_own_is_refused(
    tmp_path: Path, language: str, encoding: str, declared: str
) -> None:
    # a Russian feed written in windows-1251 and declared KOI8-R decodes without an error,
    # as mojibake; so does any single-byte declaration over another single-byte text
    path = tmp_path / "wire.rss"
    declaration = f'<?xml version="1.0" encoding="{declared}"?>'
    path.write_bytes(feed(language, declaration).encode(encoding))
    (rejection,) = read_input(str(path))
    assert isinstance(rejection, Rejection)
    assert rejection.reason.startswith(f"the feed declares the encoding {declared} but")


def test_a_feed_declared_western_and_western_is_read(tmp_path: Path) -> None:
    content = FEED.format(
        declaration='<?xml version="1.0" encoding="ISO-8859-1"?>',
        feed_title="Le Courrier de Velmar",
        first_title="Le bac de Velmar suspendu",
        first="Le bac ne partira pas dimanche, a déclaré l'autorité portuaire.",
        second_title="Réouverture du pont de Tesk",
        second="Le pont a rouvert à la circulation, selon la mairie. Déjà 300 véhicules.",
    )
    path = tmp_path / "courrier.rss"
    path.write_bytes(content.encode("latin-1"))
    first, second = read_input(str(path))
    assert isinstance(first, RawBulletin) and isinstance(second, RawBulletin)
    assert first.text == "Le bac ne partira pas dimanche, a déclaré l'autorité portuaire."
    assert second.title == "Réouverture du pont de Tesk"
