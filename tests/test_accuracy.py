"""The accuracy gold set is well-formed, and `python -m bench.accuracy` scores it correctly.

No accuracy figure is asserted here: the analysis changes, the gold set and the arithmetic
do not.
"""

from __future__ import annotations

import csv
import json
import re
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from bench import accuracy
from bench.accuracy import (
    GOLD_DIR,
    GUARDIAN_FILE,
    KINDS,
    LANGS,
    METRICS,
    WRITTEN_FILE,
    Counts,
    Prediction,
    evaluate,
    load_guardian,
    load_written,
    match_sentences,
    name_matches,
    read_corpus,
    read_jsonl,
    render,
    span_hash,
    validate,
)
from newsroom.models import SIGNALS, AnalysedBulletin, Item, RawBulletin

WRITTEN = read_jsonl(GOLD_DIR / WRITTEN_FILE)
GUARDIAN = read_jsonl(GOLD_DIR / GUARDIAN_FILE)


def corpus_or_skip() -> dict[str, dict[str, str]]:
    corpus = read_corpus(accuracy.shared_data_dir())
    if corpus is None:
        pytest.skip(f"{accuracy.shared_data_dir()} has no {accuracy.CORPUS_FILE}")
    return corpus


# ------------------------------------------------------------------ the gold files


def test_gold_files_are_well_formed() -> None:
    assert validate(WRITTEN, GUARDIAN) == []


def test_gold_set_is_large_enough_and_covers_every_kind() -> None:
    guardian = sum(len(record["sentences"]) for record in GUARDIAN)
    written = sum(len(record["sentences"]) for record in WRITTEN)
    by_lang = Counter(record["lang"] for record in WRITTEN for _ in record["sentences"])
    kinds = Counter(s["kind"] for record in [*WRITTEN, *GUARDIAN] for s in record["sentences"])
    assert guardian + written >= 330
    assert guardian >= 170
    assert by_lang["ru"] + by_lang["uk"] >= 70
    assert set(by_lang) <= set(LANGS)
    assert {kind for kind in KINDS if kinds[kind] < 3} == set()
    signals = Counter(
        signal
        for record in [*WRITTEN, *GUARDIAN]
        for s in record["sentences"]
        for signal in s["signals"]
    )
    assert {signal for signal in SIGNALS if signals[signal] < 10} == set()
    # several bulletins hold several stories, and cases link bulletins
    stories = [len({s["story"] for s in record["sentences"]}) for record in [*WRITTEN, *GUARDIAN]]
    assert sum(count >= 3 for count in stories) >= 10
    assert len({record["case"] for record in WRITTEN if "case" in record}) >= 3


def test_guardian_references_hold_no_text() -> None:
    for record in GUARDIAN:
        for sentence in record["sentences"]:
            assert "text" not in sentence
            assert set(sentence) <= {
                "offset",
                "length",
                "sha",
                "attributed_to",
                "aliases",
                "signals",
                "kind",
                "story",
                "answers",
                "second_party",
                "second_party_aliases",
            }


def test_written_sentences_are_unique() -> None:
    texts = [s["text"] for record in WRITTEN for s in record["sentences"]]
    assert len(texts) == len(set(texts))


def test_every_guardian_hash_matches_the_corpus() -> None:
    corpus = corpus_or_skip()
    docs, errors = load_guardian(GOLD_DIR / GUARDIAN_FILE, corpus)
    assert errors == []
    assert sum(len(doc.sentences) for doc in docs) == sum(len(r["sentences"]) for r in GUARDIAN)
    for doc in docs:
        for sentence in doc.sentences:
            assert sentence.text == sentence.text.strip()
            assert span_hash(doc.text[sentence.start : sentence.end]) == sentence.sha


def _record(**changes: Any) -> dict[str, Any]:
    sentence = {
        "text": "The bridge is intact, said Mykola Hrytsenko.",
        "attributed_to": "Mykola Hrytsenko",
        "aliases": ["Hrytsenko"],
        "signals": ["claim"],
        "kind": "speaker_after",
        "story": "bridge",
        "answers": [],
    }
    sentence.update(changes)
    return {
        "id": "t1",
        "lang": "en",
        "source": "Test Wire",
        "published": "2023-03-14T08:10:00+02:00",
        "sentences": [sentence],
    }


@pytest.mark.parametrize(
    ("changes", "problem"),
    [
        ({"kind": "speaker_somewhere"}, "unknown kind"),
        ({"signals": ["claim", "rumour"]}, "unknown signal"),
        ({"signals": ["claim", "claim"]}, "without repeats"),
        ({"attributed_to": None}, "without a speaker"),
        ({"signals": []}, "neither claim nor denial"),
        ({"answers": [0], "signals": ["denial"]}, "answers itself"),
        ({"answers": [3], "signals": ["denial"]}, "points at no sentence"),
        ({"answers": [{"doc": "nowhere", "n": 0}], "signals": ["denial"]}, "unknown"),
        ({"answers": [0]}, "without denial"),
        ({"kind": "two_parties", "signals": ["claim", "denial"]}, "second_party"),
        ({"second_party": "Moscow"}, "second_party"),
        ({"text": " two  spaces "}, "one line, trimmed"),
        ({"story": ""}, "story"),
    ],
)
def test_validation_names_each_fault(changes: dict[str, Any], problem: str) -> None:
    assert validate([_record()], []) == []
    problems = validate([_record(**changes)], [])
    assert problems and any(problem in p for p in problems), problems


def test_validation_of_bulletins_and_references() -> None:
    record = _record()
    assert any("lang" in p for p in validate([{**record, "lang": "de"}], []))
    assert any("published" in p for p in validate([{**record, "published": "2023-03-14"}], []))
    assert any("duplicate id" in p for p in validate([record, record], []))
    other = {**_record(), "id": "t2"}
    other["sentences"] = [
        {**other["sentences"][0], "signals": ["denial"], "answers": [{"doc": "t1", "n": 0}]}
    ]
    assert any("outside its case" in p for p in validate([record, other], []))
    assert validate([{**record, "case": "c"}, {**other, "case": "c"}], []) == []
    reference = {
        "article": "0123456789abcdef",
        "sentences": [
            {
                **{k: v for k, v in record["sentences"][0].items() if k != "text"},
                "offset": 10,
                "length": 20,
                "sha": "0123456789abcdef",
            },
        ],
    }
    assert validate([], [reference]) == []
    with_text = {
        "article": reference["article"],
        "sentences": [{**reference["sentences"][0], "text": "x"}],
    }
    assert any("never be stored" in p for p in validate([], [with_text]))
    bad_sha = {
        "article": reference["article"],
        "sentences": [{**reference["sentences"][0], "sha": "x"}],
    }
    assert any("16 hex" in p for p in validate([], [bad_sha]))
    two = {"article": reference["article"], "sentences": reference["sentences"] * 2}
    assert any("text order" in p for p in validate([], [two]))
    bad_key = {**reference, "article": "https://www.theguardian.com/world/x"}
    assert any("article must be 16 hex" in p for p in validate([], [bad_key]))


def test_a_stale_reference_is_an_error_not_a_skip(tmp_path: Path) -> None:
    url = "https://www.theguardian.com/world/2099/jan/01/test"
    text = "Kyiv says the dam was mined. Moscow denies it."
    with (tmp_path / accuracy.CORPUS_FILE).open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["", "URL", "Date", "Title", "Text"])
        writer.writerow(["0", url, "2099-01-01T00:00:00Z", "T", text])
    good = {"offset": 0, "length": 28, "sha": span_hash(text[:28]), **_annotations()}
    stale = {"offset": 29, "length": 17, "sha": "0" * 16, **_annotations()}
    gone = "https://www.theguardian.com/world/2099/jan/02/gone"
    path = tmp_path / GUARDIAN_FILE
    path.write_text(
        json.dumps({"article": accuracy.article_key(url), "sentences": [good, stale]})
        + "\n"
        + json.dumps({"article": accuracy.article_key(gone), "sentences": [good]})
        + "\n",
        encoding="utf-8",
    )
    docs, errors = load_guardian(path, read_corpus(tmp_path) or {})
    assert [len(doc.sentences) for doc in docs] == [1]
    assert len(errors) == 2
    assert f"article {accuracy.article_key(url)} @29" in errors[0] and "hash" in errors[0]
    assert accuracy.article_key(gone) in errors[1]


def _annotations() -> dict[str, Any]:
    return {
        "attributed_to": "Kyiv",
        "aliases": [],
        "signals": ["claim"],
        "kind": "speaker_before",
        "story": "dam",
        "answers": [],
    }


# ------------------------------------------------------------------ the command


_FIGURE = re.compile(r"^(–|\d+\.\d{3})$")


def _check_report(text: str) -> None:
    assert "## Overall" in text
    for label in accuracy.METRIC_LABELS.values():
        assert f"## {label}" in text
    overall = text.split("## Overall", 1)[1].split("\n\n")[1]
    rows = [line for line in overall.splitlines() if line.startswith("| ")][1:]
    assert [row.split("|")[1].strip() for row in rows] == [
        accuracy.METRIC_LABELS[m] for m in METRICS
    ]
    for line in text.splitlines():
        cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
        if line.startswith("| ") and len(cells) == 8 and cells[0] not in {"metric", "group"}:
            for cell in cells[5:]:
                assert _FIGURE.match(cell), line
                if cell != "–":
                    assert 0.0 <= float(cell) <= 1.0
            tp, _fp, fn = (int(cell) for cell in cells[2:5])
            assert int(cells[1]) == tp + fn


def test_command_runs_on_the_written_part(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv(accuracy.SHARED_ENV, str(tmp_path / "no-shared"))
    out = tmp_path / "accuracy.md"
    assert accuracy.main(["--out", str(out)]) == 0
    printed = capsys.readouterr().out
    written = out.read_text(encoding="utf-8")
    assert "Corpus part skipped" in printed and "Corpus part skipped" in written
    assert "Denial links across bulletins" in written
    _check_report(written)
    _check_report(printed)
    assert "## Misses" in written and "## Misses" not in printed
    sentences = sum(len(record["sentences"]) for record in WRITTEN)
    assert re.search(rf"\| all +\| +{len(WRITTEN)} \| +{sentences} \|", written)
    for lang in LANGS:
        assert f"lang:{lang}" in written
    assert "part:corpus" not in written

    out.unlink()
    assert accuracy.main(["--no-write", "--misses"]) == 0
    assert not out.exists()
    assert "## Misses" in capsys.readouterr().out


def test_docs_file_never_holds_corpus_text() -> None:
    corpus_or_skip()
    report = accuracy.run()
    assert report.errors == []
    assert report.sentences["part:corpus"] == sum(len(r["sentences"]) for r in GUARDIAN)
    text = render(report, with_misses=True, redact=True)
    _check_report(text)
    docs, _ = load_guardian(GOLD_DIR / GUARDIAN_FILE, corpus_or_skip())
    names = {name for doc in docs for sentence in doc.sentences for name in sentence.names()}
    for doc in docs:
        for sentence in doc.sentences:
            assert sentence.text not in text
            for start in range(0, len(sentence.text) - 30, 10):
                window = sentence.text[start : start + 30]
                # only our annotations (a speaker as written) may quote a few words
                assert window not in text or any(window in name for name in names), window
    for miss in report.misses:
        if miss.sentence.part == "corpus":
            label = f"article {miss.sentence.article} @{miss.sentence.offset} #{miss.sentence.sha}"
            assert label in text


# ------------------------------------------------------------------ the arithmetic


def _docs(tmp_path: Path, *records: dict[str, Any]) -> list[accuracy.GoldDoc]:
    path = tmp_path / "w.jsonl"
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), "utf-8")
    return load_written(path)


def _s(text: str, who: str | None = None, signals: str = "", **more: Any) -> dict[str, Any]:
    names = {
        "c": "claim",
        "d": "denial",
        "h": "hedged",
        "v": "not_independently_verified",
        "e": "no_evidence",
    }
    return {
        "text": text,
        "attributed_to": who,
        "aliases": more.pop("aliases", []),
        "signals": [names[c] for c in signals],
        "kind": more.pop("kind", "speaker_before" if who else "reported"),
        "story": more.pop("story", "s"),
        "answers": more.pop("answers", []),
        **more,
    }


def _doc(doc_id: str, *sentences: dict[str, Any], lang: str = "en", **more: Any) -> dict[str, Any]:
    return {
        "id": doc_id,
        "lang": lang,
        "source": "T",
        "published": "2023-01-01T00:00:00+00:00",
        "sentences": list(sentences),
        **more,
    }


def _p(
    who: str | None = None,
    signals: str = "",
    story: int = 0,
    position: int = 0,
    disputes: tuple[int, ...] = (),
    matched: str = "exact",
) -> Prediction:
    names = {
        "c": "claim",
        "d": "denial",
        "h": "hedged",
        "v": "not_independently_verified",
        "e": "no_evidence",
    }
    return Prediction(
        matched=matched,
        attributed_to=who,
        signals=frozenset(names[c] for c in signals),
        story=story,
        position=position,
        disputes=frozenset(disputes),
    )


def test_counts_give_precision_recall_and_f1() -> None:
    c = Counts(tp=3, fp=1, fn=2)
    assert c.precision == pytest.approx(0.75)
    assert c.recall == pytest.approx(0.6)
    assert c.f1 == pytest.approx(2 * 0.75 * 0.6 / 1.35)
    assert Counts().precision is None and Counts().recall is None and Counts().f1 is None
    assert Counts(fp=2).precision == 0.0 and Counts(fp=2).recall is None
    assert Counts(fn=1, fp=1).f1 == 0.0


def test_names_match_by_alias_fold_and_title(tmp_path: Path) -> None:
    doc = _docs(
        tmp_path,
        _doc(
            "d",
            _s("x.", "Olha Bilyk", "c", aliases=["Bilyk"]),
            _s("y.", "the air force", "c"),
            _s("z.", "Russia's defence ministry", "c"),
            _s("w.", "Russia", "c"),
            _s(
                "v.",
                "Kyiv",
                "cd",
                kind="two_parties",
                second_party="Moscow",
                second_party_aliases=["the Kremlin"],
            ),
        ),
    )[0]
    bilyk, air, ministry, russia, kyiv = doc.sentences
    assert name_matches("olha   BILYK", bilyk)
    assert name_matches("Bilyk", bilyk)
    assert name_matches("Governor Olha Bilyk", bilyk)  # a title may stay
    assert name_matches("the border service's Olha Bilyk", bilyk)
    assert not name_matches("Olha Bilyk, via Interfax", bilyk)  # a relay is another speaker
    assert not name_matches("Olha", bilyk)
    assert name_matches("Air Force", air) and name_matches("The air force.", air)
    assert name_matches("Russia’s Defence Ministry", ministry)  # curly apostrophe
    assert not name_matches("Ukraine and Russia", russia)  # no suffix rule for one word
    assert not name_matches(None, russia) and not name_matches("", russia)
    assert name_matches("Kyiv", kyiv) and name_matches("Moscow", kyiv)
    assert name_matches("The Kremlin", kyiv)
    assert not name_matches("Washington", kyiv)


def test_a_wrong_speaker_is_a_false_positive_and_a_false_negative(tmp_path: Path) -> None:
    docs = _docs(
        tmp_path,
        _doc(
            "d",
            _s("A.", "Olha Bilyk", "c"),  # right
            _s("B.", "Olha Bilyk", "c"),  # wrong speaker: FP and FN
            _s("C.", "Olha Bilyk", "c"),  # none predicted: FN
            _s("D."),  # a speaker where gold has none: FP
            _s("E."),  # none and none: nothing
            _s("F.", "Olha Bilyk", "c"),  # missed sentence: FN
        ),
    )
    predictions = {
        "d": [
            _p("Olha Bilyk", "c"),
            _p("Mykola Hrytsenko", "c"),
            _p(None, ""),
            _p("Oleh", "c"),
            _p(),
            Prediction(matched="missed"),
        ]
    }
    report = evaluate(docs, predictions)
    c = report.counts["all"]["attributed_to"]
    assert (c.tp, c.fp, c.fn) == (1, 2, 3)
    assert c.precision == pytest.approx(1 / 3) and c.recall == pytest.approx(1 / 4)
    claim = report.counts["all"]["claim"]
    assert (claim.tp, claim.fp, claim.fn) == (2, 1, 2)
    problems = {m.sentence.n: m.problems for m in report.misses}
    assert "wrong speaker (gold: Olha Bilyk)" in problems[1]
    assert "a speaker where there is none" in problems[3]
    assert "no item covers it" in problems[5]
    assert 0 not in problems and 4 not in problems


def test_signals_are_counted_one_by_one_and_by_group(tmp_path: Path) -> None:
    docs = _docs(
        tmp_path,
        _doc(
            "en",
            _s("A.", "Kyiv", "cd", kind="two_parties", second_party="Moscow"),
            _s("B.", None, "h", kind="hedge"),
        ),
        _doc("ru", _s("В.", None, "v", kind="not_verified"), lang="ru"),
    )
    predictions = {"en": [_p("Kyiv", "c"), _p(None, "hv")], "ru": [_p(None, "ve")]}
    report = evaluate(docs, predictions)
    counts = report.counts
    assert (counts["all"]["claim"].tp, counts["all"]["denial"].fn) == (1, 1)
    assert (counts["all"]["hedged"].tp, counts["all"]["hedged"].fp) == (1, 0)
    v = counts["all"]["not_independently_verified"]
    assert (v.tp, v.fp, v.fn) == (1, 1, 0)
    assert counts["lang:ru"]["not_independently_verified"].tp == 1
    assert counts["lang:en"]["not_independently_verified"].fp == 1
    assert counts["kind:hedge"]["not_independently_verified"].fp == 1
    assert counts["lang:ru"]["no_evidence"].fp == 1
    assert counts["kind:two_parties"]["denial"].fn == 1
    assert counts["part:written"]["claim"].tp == 1 and "part:corpus" not in counts
    assert report.sentences == Counter(
        {
            "all": 3,
            "part:written": 3,
            "lang:en": 2,
            "lang:ru": 1,
            "kind:two_parties": 1,
            "kind:hedge": 1,
            "kind:not_verified": 1,
        }
    )


def test_denial_links_and_story_pairs(tmp_path: Path) -> None:
    docs = _docs(
        tmp_path,
        _doc(
            "d",
            _s("Moscow said X.", "Moscow", "c", story="a"),
            _s("Kyiv denied X.", "Kyiv", "d", kind="denial", story="a", answers=[0]),
            _s("Minsk said Y.", "Minsk", "c", story="b"),
            _s("Riga denied Y.", "Riga", "d", kind="denial", story="b", answers=[2]),
        ),
        _doc(
            "e",
            _s(
                "Vilnius denied X.",
                "Vilnius",
                "d",
                kind="denial",
                story="a",
                answers=[{"doc": "d", "n": 0}],
            ),
            case="c",
        ),
    )
    docs[0].case = "c"
    predictions = {
        # 1 -> 0 linked (right); 3 linked to 0 (wrong pair); 3 -> 2 not linked (missed)
        "d": [
            _p("Moscow", "c", story=0, position=0, disputes=(1, 3)),
            _p("Kyiv", "d", story=0, position=1, disputes=(0,)),
            _p("Minsk", "c", story=1, position=2),
            _p("Riga", "d", story=0, position=3, disputes=(0,)),
        ],
        "e": [_p("Vilnius", "d")],
    }
    report = evaluate(docs, predictions)
    links = report.counts["all"]["denial_links"]
    assert (links.tp, links.fp, links.fn) == (1, 1, 1)
    assert report.counts["kind:denial"]["denial_links"].fn == 1
    # stories: gold pairs (0,1) and (2,3); predicted same story: (0,1), (0,3), (1,3)
    story = report.counts["all"]["story"]
    assert (story.tp, story.fp, story.fn) == (1, 2, 1)
    # across bulletins: the case is ingested through the real store and its links read back
    assert report.cross_links == 1 and report.cross_counts is not None
    assert report.cross_counts.tp + report.cross_counts.fn == 1
    text = render(report, with_misses=True, redact=False)
    assert "Denial links across bulletins (`case` documents): 1 in gold" in text
    assert "missing denial link to d#2" in text and "extra denial link" in text


def test_sentences_are_matched_to_items(tmp_path: Path) -> None:
    docs = _docs(
        tmp_path,
        _doc(
            "d",
            _s("Kyiv says the dam was mined."),
            _s("Moscow denies it."),
            _s("Water rose by three metres overnight in the villages."),
            _s("Ferries stopped."),
            _s("Two people were reported injured when a shell hit the landing."),
        ),
    )
    doc = docs[0]
    text = doc.text
    items = [
        "Kyiv says the dam was mined.",  # exact
        "Moscow denies it. Water rose by three metres overnight in the villages.",
        "Ferries",  # too short to cover its sentence
        "stopped. Two people were reported injured when a shell hit the   landing.",
    ]
    assert text.index(items[0]) == 0
    analysed = AnalysedBulletin(
        raw=RawBulletin(text=text),
        items=[Item(position=i, story=0, text=t) for i, t in enumerate(items)],
    )
    matched = [p.matched for p in match_sentences(doc, analysed)]
    assert matched == ["exact", "longer", "overlap", "missed", "overlap"]


def test_a_run_without_the_corpus_never_overwrites_the_published_figures(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv(accuracy.SHARED_ENV, str(tmp_path / "no-shared"))
    before = accuracy.DOC_PATH.read_text(encoding="utf-8")
    assert accuracy.main([]) == 0
    assert "keeps the figures of a full run" in capsys.readouterr().out
    assert accuracy.DOC_PATH.read_text(encoding="utf-8") == before


def test_the_written_part_meets_the_signal_targets(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A regression guard on the part that runs everywhere (the issue's recall targets)."""
    monkeypatch.setenv(accuracy.SHARED_ENV, str(tmp_path / "no-shared"))
    counts = accuracy.run(accuracy.GOLD_DIR).counts["all"]
    assert counts["not_independently_verified"].recall == 1.0
    assert counts["no_evidence"].recall == 1.0
    assert counts["denial"].recall >= 0.9


def test_the_published_figures_are_those_of_the_command() -> None:
    """docs/accuracy.md holds what the command prints over the whole gold set."""
    if not accuracy.shared_data_dir().is_dir():
        pytest.skip("the corpus part needs ../shared/data")
    report = accuracy.run(accuracy.GOLD_DIR)
    rendered = accuracy.render(report, with_misses=False, redact=True, stamp="")
    row = next(line for line in rendered.splitlines() if line.startswith("| attributed_to "))
    assert row in accuracy.DOC_PATH.read_text(encoding="utf-8")
