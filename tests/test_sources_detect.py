import codecs

import pytest

from newsroom.sources.detect import detect_format

RSS = b'<?xml version="1.0"?>\n<rss version="2.0"><channel></channel></rss>'
ATOM = b'<?xml version="1.0" encoding="utf-8"?>\n<!-- hi -->\n<feed xmlns="x"></feed>'
RDF = b'<?xml version="1.0"?><rdf:RDF xmlns:rdf="x"></rdf:RDF>'
PAGE = b"<!DOCTYPE html>\n<html><head></head><body><p>Hi</p></body></html>"
JSONL = b'{"text": "one"}\n{"text": "two"}\n'


@pytest.mark.parametrize(
    ("name", "head", "expected"),
    [
        ("notes.txt", b"Just some notes.", "text"),
        ("notes.TXT", b"Just some notes.", "text"),
        ("brief.md", b"# Heading\n\nBody.", "text"),
        ("brief.markdown", b"Body.", "text"),
        ("items.json", b'[{"text": "one"}]', "json"),
        ("items.json", b'{\n  "items": []\n}', "json"),
        ("items.json", JSONL, "jsonl"),
        ("items.jsonl", JSONL, "jsonl"),
        ("items.ndjson", JSONL, "jsonl"),
        ("items.jsonl", b'{"text": "only one"}\n', "jsonl"),
        ("items.jsonl", b'[{"text": "an array"}]', "json"),
        ("table.csv", b"title,text\nA,B\n", "csv"),
        ("table.tsv", b"title\ttext\nA\tB\n", "csv"),
        ("feed.rss", RSS, "rss"),
        ("feed.atom", ATOM, "rss"),
        ("page.html", PAGE, "html"),
        ("page.htm", b"<p>fragment</p>", "html"),
        ("feed.rss", b"not a feed at all", "rss"),
        ("feed.xml", RSS, "rss"),
        ("feed.xml", b"garbage <<<", "rss"),  # refused by the feed reader, not read as text
        ("sitemap.xml", b'<?xml version="1.0"?><urlset/>', "rss"),
        ("table.csv", b'[{"text": "json in disguise"}]', "csv"),
    ],
)
def test_extension_decides(name: str, head: bytes, expected: str) -> None:
    assert detect_format(name, head) == expected


@pytest.mark.parametrize(
    ("head", "expected"),
    [
        (b'[{"text": "one"}]', "json"),
        (b'  \n[{"text": "one"}]', "json"),
        (codecs.BOM_UTF8 + b'[{"text": "one"}]', "json"),
        (b'{"items": [{"text": "one"}]}', "json"),
        (b'{\n  "text": "pretty"\n}\n', "json"),
        (JSONL, "jsonl"),
        (b'{"text": "one"}\r\n\r\n{"text": "two"}', "jsonl"),
        (RSS, "rss"),
        (ATOM, "rss"),
        (RDF, "rss"),
        (b"<rss version='0.91'><channel/></rss>", "rss"),
        (b'<?xml version="1.0"?><unknown-root/>', "rss"),
        (PAGE, "html"),
        (b"<html><body>No doctype</body></html>", "html"),
        (b'<?xml version="1.0"?><html xmlns="x"><body/></html>', "html"),
        (b"<div>fragment</div>", "html"),
        (b"Plain words, with no markup.", "text"),
        (b"title,text\nA,B\n", "text"),
        ("Kyiv".encode("utf-16"), "text"),
        ('[{"text": "utf-16"}]'.encode("utf-16"), "json"),
    ],
)
def test_content_decides_without_a_known_extension(head: bytes, expected: str) -> None:
    assert detect_format("download", head) == expected
    assert detect_format("/2022/07/03/page.php", head) == expected
