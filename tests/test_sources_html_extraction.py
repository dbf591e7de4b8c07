"""HTML extraction keeps real articles (recall first) and leaves page furniture out."""

from __future__ import annotations

from pathlib import Path

import pytest
import trafilatura

from newsroom.models import RawBulletin, Rejection
from newsroom.sources import read_input
from tests.support.languages import news

PAGES = Path(__file__).parent / "fixtures" / "sources" / "pages"

ARTICLES = {
    "river-crossing.html": (
        "Ferry crossing at Tesk reopens after week of shelling",
        [
            "The ferry crossing between Tesk and the villages on the eastern bank reopened",
            "About forty people, most of them elderly residents",
            '"We were cut off for seven days.',
            "The claim could not be independently verified, and the other side has not commented.",
            "Residents were asked to carry identity documents.",
        ],
    ),
    "grain-terminal.html": (
        "Grain terminal in Varna Nova hit, port operator says",
        [
            "A grain terminal at the port of Varna Nova was damaged in an overnight strike",
            "Nobody was hurt, it said.",
            'struck "a military depot" in the port area. It did not provide evidence.',
        ],
    ),
    "evacuation-notice.html": (
        "Evacuation trains added for Kessel region",
        [
            "Two extra evacuation trains will leave Kessel this week",
            "The trains will depart on Wednesday and Friday at noon",
            '"We cannot promise heating or water in the towns close to the front this winter,"',
            "Officials said about 12,000 people remained in Kessel district",
        ],
    ),
    "water-supply.html": (
        None,
        [
            "Water supply was restored in most of Osokory on Saturday evening",
            "Repair crews replaced about 300 metres of pipe damaged by shelling on Wednesday.",
            "asked residents to report any leaks to the council's duty officer.",
        ],
    ),
}
FURNITURE = [
    # cookie and consent banners
    "cookies",
    "partners store and access information",
    # navigation, breadcrumbs, share tools
    "Subscribe",
    "Home / Region",
    "Share on",
    "Facebook",
    "Archive",
    # related links, most read, newsletters, donation boxes
    "Related stories",
    "Most read",
    "Council approves winter heating plan",
    "morning briefing",
    "Fuel prices rise",
    "Support independent journalism",
    "Parliament passes budget amendment",
    # reader comments
    "riverfan",
    "Why did it take a whole week",
    "half empty after the spring",
    "Hope the crews",
    # footers
    "All rights reserved",
    "Reprinting is allowed",
    "Visitors:",
]


@pytest.mark.parametrize("name", sorted(ARTICLES))
def test_the_article_is_kept_whole(name: str) -> None:
    title, passages = ARTICLES[name]
    (bulletin,) = read_input(str(PAGES / name))
    assert isinstance(bulletin, RawBulletin), bulletin
    if title:
        assert bulletin.title == title
    positions = [bulletin.text.find(passage) for passage in passages]
    assert -1 not in positions, [p for p, at in zip(passages, positions, strict=True) if at < 0]
    assert positions == sorted(positions)


@pytest.mark.parametrize("name", sorted(ARTICLES))
def test_page_furniture_is_left_out(name: str) -> None:
    (bulletin,) = read_input(str(PAGES / name))
    assert isinstance(bulletin, RawBulletin)
    assert [words for words in FURNITURE if words in bulletin.text] == []


def test_a_page_the_precision_setting_would_reject_is_kept() -> None:
    # what the reader did before: trafilatura's precision-first setting finds no text here
    page = (PAGES / "water-supply.html").read_bytes()
    before = trafilatura.bare_extraction(
        trafilatura.load_html(page),
        favor_precision=True,
        include_comments=False,
        include_tables=False,
        with_metadata=True,
    )
    assert before is None or not (before.text or "").strip()
    (bulletin,) = read_input(str(PAGES / "water-supply.html"))
    assert isinstance(bulletin, RawBulletin)


@pytest.mark.parametrize(
    ("wrapper", "kept"),
    [
        ('<div class="article has-comments">{}</div>', True),
        ('<body class="page-with-sidebar">{}</body>', True),
        ('<main class="menu-page">{}</main>', True),
        ('<div class="comments">{}</div>', False),
        ('<div id="cookie-notice">{}</div>', False),
    ],
)
def test_furniture_is_told_by_the_start_of_a_class_or_id(
    tmp_path: Path, wrapper: str, kept: bool
) -> None:
    paragraphs = "".join(
        f"<p>{sentence}</p>"
        for sentence in (
            "Deminers began clearing fields around Tesk on Monday, the emergency service said.",
            "About 400 hectares of farmland are thought to be contaminated, officials said.",
            "Farmers were told not to enter fields that have not been marked as cleared.",
        )
    )
    body = wrapper.format(paragraphs)
    if not body.startswith("<body"):
        body = f"<body>{body}</body>"
    path = tmp_path / "page.html"
    path.write_text(f"<html><head><title>Mine clearance</title></head>{body}</html>")
    (record,) = read_input(str(path))
    assert isinstance(record, RawBulletin) is kept


@pytest.mark.parametrize(
    ("language", "encoding"),
    [("ru", "cp1251"), ("ja", "shift_jis"), ("ko", "euc_kr"), ("th", "tis_620"), ("he", "cp1255")],
)
def test_a_page_without_a_declared_charset_is_decoded(
    tmp_path: Path, language: str, encoding: str
) -> None:
    site, title, first, _, second = news(language)
    page = (
        f"<html><head><title>{title}</title></head><body>"
        f'<nav><a href="/">{site}</a></nav>'
        f"<article><h1>{title}</h1><p>{first}</p><p>{second}</p></article></body></html>"
    )
    path = tmp_path / "page.html"
    path.write_bytes(page.encode(encoding))
    (bulletin,) = read_input(str(path))
    assert isinstance(bulletin, RawBulletin)
    assert (bulletin.title, bulletin.text) == (title, f"{first}\n\n{second}")


@pytest.mark.parametrize(
    ("title", "encoding"),
    [
        ("מבזק: הפסקת חשמל בנמל", "cp1255"),
        ("ด่วน ไฟดับที่ท่าเรือ", "tis_620"),
        ("속보: 항만 정전", "euc_kr"),
        ("速報 停電", "shift_jis"),
    ],
)
def test_a_page_whose_encoding_cannot_be_told_is_refused(
    tmp_path: Path, title: str, encoding: str
) -> None:
    # a short title in the page's language, the rest ASCII: trafilatura would guess
    page = (
        f"<html><head><title>{title}</title></head><body><article><p>{title}. The port lost"
        " power on Tuesday morning, the utility said, and engineers were working to restore"
        " it.</p></article></body></html>"
    )
    path = tmp_path / "flash.html"
    path.write_bytes(page.encode(encoding))
    (rejection,) = read_input(str(path))
    assert isinstance(rejection, Rejection)
    assert rejection.reason.startswith("cannot tell the text's encoding")
    declared = page.replace("<head>", f'<head><meta charset="{encoding}">')
    path.write_bytes(declared.encode(encoding))
    (bulletin,) = read_input(str(path))
    assert isinstance(bulletin, RawBulletin)
    assert bulletin.title == title


@pytest.mark.parametrize(
    ("language", "encoding", "meta"),
    [
        ("ru", "cp1251", '<meta charset="iso-8859-1">'),
        (
            "he",
            "cp1255",
            '<meta http-equiv="Content-Type" content="text/html; charset=windows-1252">',
        ),
        ("ko", "euc_kr", "<meta charset=ISO-8859-1>"),
        # siblings: another legacy encoding than the page's own
        ("ru", "cp1251", '<meta charset="koi8-r">'),
        ("ru", "koi8_r", '<meta charset="windows-1251">'),
    ],
)
def test_a_page_declared_western_but_in_another_alphabet_is_refused(
    tmp_path: Path, language: str, encoding: str, meta: str
) -> None:
    _, title, first, _, second = news(language)
    page = (
        f"<html><head>{meta}<title>{title}</title></head><body>"
        f"<article><h1>{title}</h1><p>{first}</p><p>{second}</p></article></body></html>"
    )
    path = tmp_path / "page.html"
    path.write_bytes(page.encode(encoding))
    (rejection,) = read_input(str(path))
    assert isinstance(rejection, Rejection)
    assert rejection.reason.startswith("the page declares the encoding ")
    assert "but its text reads as" in rejection.reason


def test_a_page_declared_western_and_western_is_read(tmp_path: Path) -> None:
    page = (
        '<html><head><meta charset="iso-8859-1"><title>Le bac de Velmar suspendu</title>'
        "</head><body><article><h1>Le bac de Velmar suspendu</h1><p>Le bac ne partira pas"
        " dimanche, a déclaré l'autorité portuaire à l'AFP.</p><p>Déjà 300 véhicules"
        " attendent au port, selon la mairie.</p></article></body></html>"
    )
    path = tmp_path / "page.html"
    path.write_bytes(page.encode("latin-1"))
    (bulletin,) = read_input(str(path))
    assert isinstance(bulletin, RawBulletin)
    assert "a déclaré l'autorité portuaire" in bulletin.text
