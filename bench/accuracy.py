"""Accuracy of the text analysis on a hand-annotated gold set (issue 9, section 1).

    python -m bench.accuracy              # print the figures and write docs/accuracy.md
    python -m bench.accuracy --no-write   # print only
    python -m bench.accuracy --misses     # also print every miss, with its text

The gold set is in ``bench/gold`` (see its README): real Guardian sentences referenced by
article key (sha256 of its URL), offset and hash (the texts stay in ``../shared/data``; that part is skipped when the
folder is absent), and bulletins we wrote in English, Russian and Ukrainian. Each document
goes through the real analysis (:func:`newsroom.text.analyse.analyse`); each gold sentence
is mapped to the item that holds it, and its speaker, signals, denial links and story are
compared with the annotation. Precision, recall and F1 are reported overall, per part
(corpus, written), per language and per construction kind.

Scoring:

- ``attributed_to``: a predicted speaker is right when, folded (casefold, one kind of
  quote and apostrophe, whitespace collapsed, a leading "the " and trailing punctuation
  dropped), it equals the gold name or an alias, or ends with one of them when that is a
  name of two words or more (a title or description before the name may stay). In a
  two-party sentence either party is right. A speaker where gold has none is a false
  positive, none where gold has one a false negative, and a wrong speaker both.
- signals: per signal, over the gold sentences.
- denial links: unordered pairs of gold sentences of one bulletin, linked in gold by
  ``answers`` and predicted when either item lists the other in ``Item.disputes``. Links to
  items outside the gold set are not counted (the Guardian part annotates some sentences
  of an article only). Links across bulletins (``case`` documents) are counted but not
  evaluated yet: see :func:`predict_cross_links`.
- story membership: pairs of gold sentences of one document, same story in gold against
  the same ``Item.story`` predicted.

A gold sentence is matched to the item with the same text (whitespace collapsed), else to
the item that overlaps it most, when that item holds at least 80% of the sentence. When the
sentence is less than half of that item (two sentences merged into one item), it is still
scored with that item, and counted as "in a longer item". A sentence no item covers well is
missed: nothing is predicted for it.
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import json
import os
import re
import subprocess
import sys
import tempfile
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from newsroom.models import SIGNALS, AnalysedBulletin, Item, RawBulletin
from newsroom.text.analyse import analyse

ROOT = Path(__file__).resolve().parents[1]
GOLD_DIR = Path(__file__).resolve().parent / "gold"
WRITTEN_FILE = "written.jsonl"
GUARDIAN_FILE = "guardian.jsonl"
DOC_PATH = ROOT / "docs" / "accuracy.md"
CORPUS_FILE = "guardian-ukraine-2022.csv"
CORPUS_SOURCE = "The Guardian"
SHARED_ENV = "WIREDESK_SHARED_DATA"

LANGS = ("en", "ru", "uk")
PARTS = ("corpus", "written")
KINDS = (
    "speaker_before",
    "speaker_after",
    "quote",
    "appositive",
    "continuation",
    "according_to",
    "other_outlet",
    "relay",
    "not_a_speaker",
    "reported",
    "two_parties",
    "denial",
    "not_verified",
    "no_evidence",
    "hedge",
    "lookalike",
    "ru_uk_source_phrase",
    "ru_uk_verb",
)
METRICS = ("attributed_to", *SIGNALS, "denial_links", "story")

COVER_GOLD = 0.8
"""An item must hold at least this share of a gold sentence's characters to stand for it."""
COVER_ITEM = 0.5
"""Below this share of the item's characters, the sentence is "in a longer item"."""
MATCHES = ("exact", "overlap", "longer", "missed")


def shared_data_dir() -> Path:
    """``../shared/data`` beside the project, or the folder named by WIREDESK_SHARED_DATA."""
    override = os.environ.get(SHARED_ENV)
    if override:
        return Path(override)
    return Path(__file__).resolve().parents[2] / "shared" / "data"


def collapse(text: str) -> str:
    return " ".join(text.split())


def article_key(url: str) -> str:
    """How the gold set names a Guardian article: sha256 of its URL, 16 hex (its URL repeats
    the headline, which stays with the corpus)."""
    return hashlib.sha256(url.encode("utf-8")).hexdigest()[:16]


def span_hash(text: str) -> str:
    """The reference hash of a sentence span: sha256 of the whitespace-collapsed text, 16 hex."""
    return hashlib.sha256(collapse(text).encode("utf-8")).hexdigest()[:16]


_QUOTES = str.maketrans({"’": "'", "‘": "'", "ʼ": "'", "`": "'", "“": '"', "”": '"', "ё": "е"})


def fold_name(name: str) -> str:
    """A speaker name folded for comparison."""
    folded = collapse(name.casefold().translate(_QUOTES)).strip(" .,;:")
    folded = folded.removeprefix("the ")
    return folded


# ------------------------------------------------------------------------------ gold


@dataclass
class GoldSentence:
    id: str
    part: str
    lang: str
    doc: str
    n: int
    start: int
    end: int
    text: str
    sha: str
    kind: str
    attributed_to: str | None
    aliases: list[str]
    signals: frozenset[str]
    story: str
    answers: list[tuple[str, int]]
    second_party: str | None = None
    second_party_aliases: list[str] = field(default_factory=list)
    article: str | None = None
    offset: int | None = None

    def names(self) -> list[str]:
        names = [self.attributed_to, *self.aliases]
        if self.second_party:
            names += [self.second_party, *self.second_party_aliases]
        return [name for name in names if name]

    def label(self, redact: bool) -> str:
        """How a miss names this sentence: a Guardian one by article key, offset and hash."""
        if self.part == "corpus":
            return f"article {self.article} @{self.offset} #{self.sha}"
        if redact:
            return self.id
        return f"{self.id} {self.text!r}"


@dataclass
class GoldDoc:
    id: str
    part: str
    lang: str
    text: str
    source: str
    published: datetime | None
    sentences: list[GoldSentence]
    url: str | None = None
    title: str | None = None
    case: str | None = None


def read_jsonl(path: Path) -> list[dict[str, Any]]:
    records = []
    with path.open(encoding="utf-8") as handle:
        for number, line in enumerate(handle, 1):
            if line.strip():
                try:
                    records.append(json.loads(line))
                except json.JSONDecodeError as exc:
                    raise ValueError(f"{path.name}, line {number}: {exc}") from exc
    return records


def _annotations(record: dict[str, Any]) -> dict[str, Any]:
    return {
        "kind": record["kind"],
        "attributed_to": record["attributed_to"],
        "aliases": list(record["aliases"]),
        "signals": frozenset(record["signals"]),
        "story": record["story"],
        "second_party": record.get("second_party"),
        "second_party_aliases": list(record.get("second_party_aliases", [])),
    }


def _answers(doc_id: str, answers: Iterable[Any]) -> list[tuple[str, int]]:
    out = []
    for answer in answers:
        if isinstance(answer, int):
            out.append((doc_id, answer))
        else:
            out.append((answer["doc"], answer["n"]))
    return out


def load_written(path: Path) -> list[GoldDoc]:
    """The written bulletins: text is the sentences joined by one space."""
    docs = []
    for record in read_jsonl(path):
        doc_id = record["id"]
        parts: list[str] = []
        sentences = []
        start = 0
        for n, sentence in enumerate(record["sentences"]):
            text = sentence["text"]
            sentences.append(
                GoldSentence(
                    id=f"{doc_id}#{n}",
                    part="written",
                    lang=record["lang"],
                    doc=doc_id,
                    n=n,
                    start=start,
                    end=start + len(text),
                    text=text,
                    sha=span_hash(text),
                    answers=_answers(doc_id, sentence["answers"]),
                    **_annotations(sentence),
                )
            )
            parts.append(text)
            start += len(text) + 1
        docs.append(
            GoldDoc(
                id=doc_id,
                part="written",
                lang=record["lang"],
                text=" ".join(parts),
                source=record["source"],
                published=datetime.fromisoformat(record["published"]),
                sentences=sentences,
                case=record.get("case"),
            )
        )
    return docs


def read_corpus(folder: Path) -> dict[str, dict[str, str]] | None:
    """The Guardian articles by :func:`article_key`, or None when the corpus file is absent."""
    path = folder / CORPUS_FILE
    if not path.is_file():
        return None
    csv.field_size_limit(1 << 30)
    with path.open(encoding="utf-8", newline="") as handle:
        return {article_key(row["URL"]): row for row in csv.DictReader(handle)}


def load_guardian(path: Path, corpus: dict[str, dict[str, str]]) -> tuple[list[GoldDoc], list[str]]:
    """The Guardian references resolved against the corpus, and the errors found doing it.

    An article that is missing, or a sentence whose hash does not match the text at its
    offset, is an error; the article's other sentences are still evaluated.
    """
    docs = []
    errors = []
    for record in read_jsonl(path):
        key = record["article"]
        row = corpus.get(key)
        ref = f"article {key}"
        if row is None:
            errors.append(f"{ref}: article not in {CORPUS_FILE}")
            continue
        text = row["Text"]
        sentences = []
        for n, sentence in enumerate(record["sentences"]):
            offset, length = sentence["offset"], sentence["length"]
            span = text[offset : offset + length]
            if span_hash(span) != sentence["sha"]:
                errors.append(
                    f"{ref} @{offset} #{sentence['sha']}: the hash does not match the corpus text"
                )
                continue
            sentences.append(
                GoldSentence(
                    id=f"{ref}@{offset}",
                    part="corpus",
                    lang="en",
                    doc=ref,
                    n=n,
                    start=offset,
                    end=offset + length,
                    text=span,
                    sha=sentence["sha"],
                    answers=_answers(ref, sentence["answers"]),
                    article=key,
                    offset=offset,
                    **_annotations(sentence),
                )
            )
        published = None
        if row.get("Date"):
            published = datetime.fromisoformat(row["Date"].replace("Z", "+00:00"))
        docs.append(
            GoldDoc(
                id=ref,
                part="corpus",
                lang="en",
                text=text,
                source=CORPUS_SOURCE,
                published=published,
                sentences=sentences,
                url=row["URL"],
                title=row.get("Title") or None,
            )
        )
    return docs, errors


# ------------------------------------------------------------------------- validation


_HEX16 = re.compile(r"[0-9a-f]{16}")


def _check_sentence(where: str, s: dict[str, Any], problems: list[str]) -> None:
    who = s.get("attributed_to")
    if who is not None and (not isinstance(who, str) or not who.strip()):
        problems.append(f"{where}: attributed_to must be null or a name")
    aliases = s.get("aliases")
    if not isinstance(aliases, list) or not all(isinstance(a, str) and a.strip() for a in aliases):
        problems.append(f"{where}: aliases must be a list of names")
    elif aliases and who is None:
        problems.append(f"{where}: aliases without attributed_to")
    signals = s.get("signals")
    if not isinstance(signals, list) or len(set(signals)) != len(signals):
        problems.append(f"{where}: signals must be a list without repeats")
        signals = []
    for signal in signals:
        if signal not in SIGNALS:
            problems.append(f"{where}: unknown signal {signal!r}")
    if who is not None and not {"claim", "denial"} & set(signals):
        problems.append(f"{where}: a speaker but neither claim nor denial")
    if who is None and {"claim", "denial"} & set(signals):
        problems.append(f"{where}: claim or denial without a speaker")
    if s.get("kind") not in KINDS:
        problems.append(f"{where}: unknown kind {s.get('kind')!r}")
    if not isinstance(s.get("story"), str) or not s["story"].strip():
        problems.append(f"{where}: story must be a label")
    two = s.get("kind") == "two_parties"
    second = s.get("second_party")
    if two != (isinstance(second, str) and bool(second.strip())):
        problems.append(
            f"{where}: second_party is required in two_parties sentences, and only there"
        )
    if two and set(signals) < {"claim", "denial"}:
        problems.append(f"{where}: a two_parties sentence carries claim and denial")
    extra = s.get("second_party_aliases", [])
    if not isinstance(extra, list) or not all(isinstance(a, str) and a for a in extra):
        problems.append(f"{where}: second_party_aliases must be a list of names")
    if not isinstance(s.get("answers"), list):
        problems.append(f"{where}: answers must be a list")
    elif s["answers"] and "denial" not in signals:
        problems.append(f"{where}: answers on a sentence without denial")


def validate(written: Sequence[dict[str, Any]], guardian: Sequence[dict[str, Any]]) -> list[str]:
    """Everything wrong with the gold records, as messages (empty when well-formed)."""
    problems: list[str] = []
    docs: dict[str, dict[str, Any]] = {}
    for i, record in enumerate(written):
        doc_id = record.get("id")
        where = f"{WRITTEN_FILE}, bulletin {i + 1} ({doc_id})"
        if not isinstance(doc_id, str) or not doc_id:
            problems.append(f"{where}: id must be a string")
            continue
        if doc_id in docs:
            problems.append(f"{where}: duplicate id")
        docs[doc_id] = record
        if record.get("lang") not in LANGS:
            problems.append(f"{where}: lang must be one of {', '.join(LANGS)}")
        if not isinstance(record.get("source"), str) or not record["source"].strip():
            problems.append(f"{where}: source must be a name")
        try:
            published = datetime.fromisoformat(record.get("published", ""))
            if published.tzinfo is None:
                problems.append(f"{where}: published needs a UTC offset")
        except (TypeError, ValueError):
            problems.append(f"{where}: published must be an ISO 8601 time")
        if "case" in record and (not isinstance(record["case"], str) or not record["case"]):
            problems.append(f"{where}: case must be a label")
        sentences = record.get("sentences")
        if not isinstance(sentences, list) or not sentences:
            problems.append(f"{where}: sentences must be a non-empty list")
            continue
        for n, s in enumerate(sentences):
            text = s.get("text")
            if not isinstance(text, str) or not text.strip() or text != collapse(text):
                problems.append(f"{where}, sentence {n}: text must be one line, trimmed")
            _check_sentence(f"{where}, sentence {n}", s, problems)
    for doc_id, record in docs.items():
        if not isinstance(record.get("sentences"), list):
            continue
        for n, s in enumerate(record["sentences"]):
            where = f"{WRITTEN_FILE}, {doc_id}, sentence {n}"
            for answer in s.get("answers") or []:
                if isinstance(answer, int):
                    target, m = record, answer
                    if m == n:
                        problems.append(f"{where}: answers itself")
                elif isinstance(answer, dict) and set(answer) == {"doc", "n"}:
                    target, m = docs.get(answer["doc"]), answer["n"]
                    if target is None or target is record:
                        problems.append(f"{where}: answers an unknown or its own bulletin")
                        continue
                    if not record.get("case") or target.get("case") != record.get("case"):
                        problems.append(f"{where}: answers a bulletin outside its case")
                else:
                    problems.append(f"{where}: bad answer {answer!r}")
                    continue
                targets = target.get("sentences")
                if (
                    not isinstance(targets, list)
                    or not isinstance(m, int)
                    or not 0 <= m < len(targets)
                ):
                    problems.append(f"{where}: answer {answer!r} points at no sentence")
    keys: set[str] = set()
    for i, record in enumerate(guardian):
        key = record.get("article")
        where = f"{GUARDIAN_FILE}, article {i + 1}"
        if not isinstance(key, str) or not _HEX16.fullmatch(key):
            problems.append(f"{where}: article must be 16 hex digits (see article_key)")
        elif key in keys:
            problems.append(f"{where}: duplicate article")
        keys.add(key)
        sentences = record.get("sentences")
        if not isinstance(sentences, list) or not sentences:
            problems.append(f"{where}: sentences must be a non-empty list")
            continue
        end = -1
        for n, s in enumerate(sentences):
            at = f"{where}, sentence {n}"
            if "text" in s:
                problems.append(f"{at}: Guardian text must never be stored")
            offset, length = s.get("offset"), s.get("length")
            if not isinstance(offset, int) or not isinstance(length, int) or length <= 0:
                problems.append(f"{at}: offset and length must be integers")
            elif offset < end:
                problems.append(f"{at}: sentences must be in text order, without overlap")
            else:
                end = offset + length
            if not isinstance(s.get("sha"), str) or not _HEX16.fullmatch(s["sha"]):
                problems.append(f"{at}: sha must be 16 hex digits")
            _check_sentence(at, s, problems)
            for answer in s.get("answers") or []:
                if not isinstance(answer, int) or not 0 <= answer < len(sentences) or answer == n:
                    problems.append(f"{at}: answer {answer!r} points at no other sentence")
    return problems


# ------------------------------------------------------------------------- prediction


@dataclass
class Prediction:
    """What the analysis says about one gold sentence (an empty one when it was missed)."""

    matched: str  # one of MATCHES
    attributed_to: str | None = None
    signals: frozenset[str] = frozenset()
    story: int | None = None
    position: int | None = None
    disputes: frozenset[int] = frozenset()


def locate_items(items: Sequence[Item], text: str) -> list[tuple[int, int] | None]:
    """Where each item's text is in the document (None when it cannot be found)."""
    spans: list[tuple[int, int] | None] = []
    cursor = 0
    for item in items:
        words = item.text.split()
        if not words:
            spans.append(None)
            continue
        pattern = re.compile(r"\s+".join(re.escape(word) for word in words))
        found = pattern.search(text, cursor) or pattern.search(text)
        if found:
            spans.append((found.start(), found.end()))
            cursor = found.end()
        else:
            spans.append(None)
    return spans


def match_sentences(doc: GoldDoc, analysed: AnalysedBulletin) -> list[Prediction]:
    """The prediction for each gold sentence of a document."""
    items = analysed.items
    spans = locate_items(items, doc.text)
    by_text: dict[str, list[int]] = defaultdict(list)
    for index, item in enumerate(items):
        by_text[collapse(item.text)].append(index)
    out = []
    for sentence in doc.sentences:
        overlap = {}
        for index, span in enumerate(spans):
            if span is not None:
                shared = min(span[1], sentence.end) - max(span[0], sentence.start)
                if shared > 0:
                    overlap[index] = shared
        same = by_text.get(collapse(sentence.text), [])
        chosen, how = None, "missed"
        if same:
            chosen, how = max(same, key=lambda i: overlap.get(i, 0)), "exact"
        elif overlap:
            best = max(overlap, key=overlap.__getitem__)
            span = spans[best]
            assert span is not None
            gold_len = sentence.end - sentence.start
            if overlap[best] >= COVER_GOLD * gold_len:
                chosen = best
                how = "overlap" if overlap[best] >= COVER_ITEM * (span[1] - span[0]) else "longer"
        if chosen is None:
            out.append(Prediction(matched="missed"))
            continue
        item = items[chosen]
        out.append(
            Prediction(
                matched=how,
                attributed_to=item.attributed_to or None,
                signals=frozenset(item.signals),
                story=item.story,
                position=item.position,
                disputes=frozenset(item.disputes),
            )
        )
    return out


def predict_cross_links(
    docs: Sequence[GoldDoc], predictions: dict[str, list[Prediction]]
) -> set[frozenset[tuple[str, int]]] | None:
    """Denial links predicted across bulletins, as pairs of (document id, sentence index).

    The ``case`` documents of each case are ingested, in published order, into a temporary
    store through the real ingest path; :func:`newsroom.disputes.denial_links` reads the
    links back, and each linked item is mapped to its gold sentence by its position.
    """
    from newsroom.disputes import denial_links
    from newsroom.ingest import IngestReport, ingest
    from store.schema import open_db

    cases: dict[str, list[GoldDoc]] = {}
    for doc in docs:
        if doc.case:
            cases.setdefault(doc.case, []).append(doc)
    found: set[frozenset[tuple[str, int]]] = set()
    for case_docs in cases.values():
        ordered = sorted(case_docs, key=lambda d: d.published or datetime.min.replace(tzinfo=UTC))
        with tempfile.TemporaryDirectory() as folder:
            feed = Path(folder) / "case.jsonl"
            with feed.open("w", encoding="utf-8") as out:
                for doc in ordered:
                    record = {"text": doc.text, "source": doc.source, "url": doc.url}
                    if doc.published:
                        record["published"] = doc.published.isoformat()
                    out.write(json.dumps(record, ensure_ascii=False) + "\n")
            db = open_db(Path(folder) / "case.db")
            try:
                ingest(db, str(feed), IngestReport(), fmt="jsonl", workers=1)
                rows = db.execute(
                    "SELECT i.id, b.id, i.position FROM items i JOIN bulletins b"
                    " ON b.id = i.bulletin_id ORDER BY b.id, i.position"
                ).fetchall()
                bulletin_ids = sorted({row[1] for row in rows})
                doc_of = dict(zip(bulletin_ids, ordered, strict=False))
                where: dict[int, tuple[str, int]] = {}
                for item_id, bulletin_id, position in rows:
                    doc = doc_of.get(bulletin_id)
                    if doc is None:
                        continue
                    for n, prediction in enumerate(predictions.get(doc.id, [])):
                        if prediction.position == position:
                            where[item_id] = (doc.id, n)
                links = denial_links(db, list(where))
            finally:
                db.close()
        for item_id, others in links.items():
            for other in others:
                a, b = where.get(item_id), where.get(other)
                if a and b and a[0] != b[0]:
                    found.add(frozenset((a, b)))
    return found


# ------------------------------------------------------------------------- scoring


@dataclass
class Counts:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    @property
    def precision(self) -> float | None:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else None

    @property
    def recall(self) -> float | None:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else None

    @property
    def f1(self) -> float | None:
        p, r = self.precision, self.recall
        if p is None or r is None:
            return None
        return 2 * p * r / (p + r) if p + r else 0.0

    def add(self, outcome: str) -> None:
        setattr(self, outcome, getattr(self, outcome) + 1)


def name_matches(predicted: str | None, sentence: GoldSentence) -> bool:
    """Whether a predicted speaker is one the gold sentence accepts."""
    if not predicted:
        return False
    got = fold_name(predicted)
    for name in sentence.names():
        want = fold_name(name)
        if got == want:
            return True
        if len(want.split()) >= 2 and name[:1].isupper() and got.endswith(" " + want):
            return True
    return False


def attribution_outcomes(sentence: GoldSentence, prediction: Prediction) -> list[str]:
    """tp, fp and fn for the speaker of one sentence: a wrong speaker is fp and fn."""
    gold, got = sentence.attributed_to, prediction.attributed_to
    if gold is None:
        return ["fp"] if got else []
    if not got:
        return ["fn"]
    return ["tp"] if name_matches(got, sentence) else ["fp", "fn"]


def signal_outcome(signal: str, sentence: GoldSentence, prediction: Prediction) -> str | None:
    return _pair_outcome(signal in sentence.signals, signal in prediction.signals)


def groups_of(sentence: GoldSentence) -> tuple[str, ...]:
    return ("all", f"part:{sentence.part}", f"lang:{sentence.lang}", f"kind:{sentence.kind}")


@dataclass
class Miss:
    sentence: GoldSentence
    problems: list[str]
    predicted: str | None  # the predicted speaker, never printed for corpus sentences in docs


@dataclass
class Report:
    counts: dict[str, dict[str, Counts]]
    sentences: Counter[str]
    matched: dict[str, Counter[str]]
    misses: list[Miss]
    errors: list[str]
    notes: list[str]
    cross_links: int
    cross_counts: Counts | None
    documents: Counter[str]


def _pair_outcome(want: bool, got: bool) -> str | None:
    if want and got:
        return "tp"
    if got:
        return "fp"
    if want:
        return "fn"
    return None


def evaluate(
    docs: Sequence[GoldDoc],
    predictions: dict[str, list[Prediction]],
    errors: Sequence[str] = (),
    notes: Sequence[str] = (),
) -> Report:
    """Score predictions (by document id, one per gold sentence) against the gold."""
    counts: dict[str, dict[str, Counts]] = defaultdict(lambda: defaultdict(Counts))
    sentences: Counter[str] = Counter()
    matched: dict[str, Counter[str]] = defaultdict(Counter)
    misses = []
    documents: Counter[str] = Counter()

    def count(metric: str, outcome: str | None, *involved: GoldSentence) -> None:
        if outcome is None:
            return
        groups = {group for sentence in involved for group in groups_of(sentence)}
        for group in groups:
            counts[group][metric].add(outcome)

    for doc in docs:
        documents[f"part:{doc.part}"] += 1
        documents[f"lang:{doc.lang}"] += 1
        documents["all"] += 1
        preds = predictions[doc.id]
        for sentence, pred in zip(doc.sentences, preds, strict=True):
            for group in groups_of(sentence):
                sentences[group] += 1
                matched[group][pred.matched] += 1
            problems = []
            if pred.matched == "missed" and (sentence.attributed_to or sentence.signals):
                problems.append("no item covers it")
            outcomes = attribution_outcomes(sentence, pred)
            for outcome in outcomes:
                count("attributed_to", outcome, sentence)
            if "fp" in outcomes and "fn" in outcomes:
                problems.append(f"wrong speaker (gold: {sentence.attributed_to})")
            elif "fp" in outcomes:
                problems.append("a speaker where there is none")
            elif "fn" in outcomes:
                problems.append(f"no speaker (gold: {sentence.attributed_to})")
            for signal in SIGNALS:
                outcome = signal_outcome(signal, sentence, pred)
                count(signal, outcome, sentence)
                if outcome == "fn":
                    problems.append(f"missing {signal}")
                elif outcome == "fp":
                    problems.append(f"extra {signal}")
            if problems:
                if pred.matched == "longer":
                    problems.append("(inside a longer item)")
                misses.append(Miss(sentence, problems, pred.attributed_to))
        # pairs of gold sentences of the document: denial links and story membership
        gold_links = {
            frozenset((s.n, n)) for s in doc.sentences for d, n in s.answers if d == doc.id
        }
        index = {s.n: (s, p) for s, p in zip(doc.sentences, preds, strict=True)}
        ordered = list(index.values())
        for i, (a, pa) in enumerate(ordered):
            for b, pb in ordered[i + 1 :]:
                linked = (
                    pa.position is not None
                    and pb.position is not None
                    and pa.position != pb.position
                    and (pb.position in pa.disputes or pa.position in pb.disputes)
                )
                want = frozenset((a.n, b.n)) in gold_links
                outcome = _pair_outcome(want, linked)
                if outcome:
                    if want:
                        denier, other = (a, b) if (doc.id, b.n) in a.answers else (b, a)
                        count("denial_links", outcome, denier)
                    else:
                        denier, other = a, b
                        count("denial_links", outcome, a, b)
                    if outcome == "fn":
                        misses.append(Miss(denier, [f"missing denial link to {other.id}"], None))
                    elif outcome == "fp":
                        misses.append(Miss(denier, [f"extra denial link to {other.id}"], None))
                same = pa.story is not None and pa.story == pb.story
                count("story", _pair_outcome(a.story == b.story, same), a, b)

    cross = sum(
        1 for doc in docs for s in doc.sentences for target, _ in s.answers if target != doc.id
    )
    cross_pred = predict_cross_links(docs, predictions)
    cross_counts = None
    if cross_pred is not None:
        gold = {
            frozenset(((doc.id, s.n), target))
            for doc in docs
            for s in doc.sentences
            for target in s.answers
            if target[0] != doc.id
        }
        cross_counts = Counts(
            tp=len(gold & cross_pred), fp=len(cross_pred - gold), fn=len(gold - cross_pred)
        )
    return Report(
        counts=counts,
        sentences=sentences,
        matched=matched,
        misses=misses,
        errors=list(errors),
        notes=list(notes),
        cross_links=cross,
        cross_counts=cross_counts,
        documents=documents,
    )


# ------------------------------------------------------------------------- running


def load_gold(
    gold_dir: Path = GOLD_DIR, shared: Path | None = None
) -> tuple[list[GoldDoc], list[str], list[str]]:
    """Both parts of the gold set: documents, errors, and notes (such as a skipped part)."""
    shared = shared_data_dir() if shared is None else shared
    docs = load_written(gold_dir / WRITTEN_FILE)
    errors: list[str] = []
    notes: list[str] = []
    guardian_path = gold_dir / GUARDIAN_FILE
    problems = validate(read_jsonl(gold_dir / WRITTEN_FILE), read_jsonl(guardian_path))
    errors += [f"gold: {problem}" for problem in problems]
    corpus = read_corpus(shared) if shared.is_dir() else None
    if corpus is None:
        notes.append(
            f"Corpus part skipped: {shared / CORPUS_FILE} is absent "
            f"(set {SHARED_ENV} to its folder); only the written part is evaluated."
        )
    else:
        guardian, guardian_errors = load_guardian(guardian_path, corpus)
        docs = guardian + docs
        errors += guardian_errors
    return docs, errors, notes


def predict(docs: Sequence[GoldDoc]) -> tuple[dict[str, list[Prediction]], list[str]]:
    """Run the analysis over every document and map its items to the gold sentences."""
    predictions: dict[str, list[Prediction]] = {}
    errors = []
    for doc in docs:
        raw = RawBulletin(
            text=doc.text,
            title=doc.title,
            source=doc.source,
            published=doc.published,
            url=doc.url,
            where=doc.id,
        )
        try:
            analysed = analyse(raw)
        except Exception as exc:  # a crash is a finding: report it, score the rest
            errors.append(f"{doc.id}: the analysis failed: {type(exc).__name__}: {exc}")
            predictions[doc.id] = [Prediction(matched="missed") for _ in doc.sentences]
            continue
        predictions[doc.id] = match_sentences(doc, analysed)
    return predictions, errors


def run(gold_dir: Path = GOLD_DIR, shared: Path | None = None) -> Report:
    docs, errors, notes = load_gold(gold_dir, shared)
    predictions, analysis_errors = predict(docs)
    return evaluate(docs, predictions, errors + analysis_errors, notes)


# ------------------------------------------------------------------------- rendering


def _figure(value: float | None) -> str:
    return "–" if value is None else f"{value:.3f}"


def _group_order(report: Report) -> list[str]:
    fixed = ["all", *(f"part:{p}" for p in PARTS), *(f"lang:{lang}" for lang in LANGS)]
    kinds = [f"kind:{kind}" for kind in KINDS]
    return [group for group in fixed + kinds if report.sentences.get(group)]


def _table(header: Sequence[str], rows: Iterable[Sequence[str]], right: int = 1) -> list[str]:
    rows = [list(row) for row in rows]
    widths = [max(len(str(cell)) for cell in column) for column in zip(header, *rows, strict=False)]

    def line(cells: Sequence[str]) -> str:
        padded = [
            str(cell).ljust(width) if i < right else str(cell).rjust(width)
            for i, (cell, width) in enumerate(zip(cells, widths, strict=True))
        ]
        return "| " + " | ".join(padded) + " |"

    rule = ["-" * width + (":" if i >= right else "-") for i, width in enumerate(widths)]
    return [line(header), "|" + "|".join("-" + cell for cell in rule) + "|", *map(line, rows)]


METRIC_LABELS = {
    "attributed_to": "attributed_to",
    "claim": "signal: claim",
    "denial": "signal: denial",
    "hedged": "signal: hedged",
    "not_independently_verified": "signal: not_independently_verified",
    "no_evidence": "signal: no_evidence",
    "denial_links": "denial links (in a bulletin)",
    "story": "story membership (pairs)",
}


def render(report: Report, *, with_misses: bool, redact: bool, stamp: str = "") -> str:
    """The report as Markdown. ``redact`` keeps corpus text out (the docs file)."""
    out = ["# Accuracy of the text analysis", ""]
    out += [
        "Written by `python -m bench.accuracy` on the gold set in `bench/gold` (see its README)."
        + (f" {stamp}" if stamp else ""),
        "Regenerate it after changing the analysis; do not edit the figures by hand.",
        "",
        "Each gold document (a whole Guardian article, or one of our bulletins) goes through "
        "`newsroom.text.analyse.analyse`; each gold sentence is scored with the item that holds "
        "it. A wrong speaker is a false positive and a false negative. Denial links and stories "
        "are scored on pairs of gold sentences of one document. Groups: `part` (corpus: Guardian "
        "references; written: ours), `lang`, and `kind`, the construction a sentence tests. The "
        "method is in the docstring of `bench/accuracy.py`. Targets (issue 9): attribution "
        "P ≥ 0.95 and R ≥ 0.90; recall 1.0 for `not_independently_verified` and `no_evidence`; "
        "≥ 0.9 for `denial`.",
        "",
    ]
    for note in report.notes:
        out += [f"**{note}**", ""]
    if report.errors:
        out += ["## Errors", ""]
        out += [f"- {error}" for error in report.errors]
        out += [""]
    groups = _group_order(report)
    out += ["## Gold sentences and how they were matched", ""]
    rows = []
    for group in groups:
        m = report.matched[group]
        docs = report.documents.get(group, "")
        rows.append(
            [
                group,
                str(docs),
                str(report.sentences[group]),
                *(str(m[k]) for k in MATCHES),
            ]
        )
    out += _table(
        ["group", "documents", "sentences", "exact", "overlap", "in a longer item", "missed"], rows
    )
    out += [""]
    out += ["## Overall", ""]
    out += _metric_rows(report, "all", METRICS)
    out += [
        "",
        f"Denial links across bulletins (`case` documents): {report.cross_links} in gold, "
        + (
            "not evaluated yet."
            if report.cross_counts is None
            else f"P {_figure(report.cross_counts.precision)}, R {_figure(report.cross_counts.recall)}, "
            f"F1 {_figure(report.cross_counts.f1)}."
        ),
        "",
    ]
    for metric in METRICS:
        out += [f"## {METRIC_LABELS[metric]}", ""]
        rows = []
        for group in groups:
            c = report.counts[group][metric]
            if c.tp + c.fp + c.fn == 0:
                continue
            rows.append(
                [
                    group,
                    str(c.tp + c.fn),
                    str(c.tp),
                    str(c.fp),
                    str(c.fn),
                    _figure(c.precision),
                    _figure(c.recall),
                    _figure(c.f1),
                ]
            )
        out += (
            _table(["group", "gold", "TP", "FP", "FN", "P", "R", "F1"], rows)
            if rows
            else ["(none)"]
        )
        out += [""]
    out += [
        "## Where the misses are",
        "",
        "Gold sentences with at least one problem, by kind (a sentence may count in several "
        "columns; *in a longer item*: the sentence shares its item with another one). "
        "Link misses are missing or extra denial links, each counted once on one of its two "
        "sentences.",
        "",
    ]
    out += _miss_table(report)
    out += [""]
    if with_misses:
        out += ["## Misses", ""]
        if redact:
            out += [
                "Corpus sentences are named by article key (sha256 of the URL), offset and "
                "hash only; their text stays in `../shared/data`.",
                "",
            ]
        for miss in report.misses:
            predicted = ""
            if miss.predicted and not (redact and miss.sentence.part == "corpus"):
                predicted = f"; predicted speaker: {miss.predicted}"
            out.append(
                f"- [{miss.sentence.kind}] {miss.sentence.label(redact)}: "
                f"{'; '.join(miss.problems)}{predicted}"
            )
        out += [""]
    return "\n".join(out).rstrip() + "\n"


MISS_COLUMNS = (
    ("wrong speaker", "wrong speaker"),
    ("no speaker", "no speaker"),
    ("extra speaker", "a speaker where"),
    ("missing signal", "missing "),
    ("extra signal", "extra "),
    ("in a longer item", "(inside a longer item)"),
    ("no item", "no item covers it"),
)


def _miss_table(report: Report) -> list[str]:
    """Per kind: how many gold sentences have a problem, and which."""
    per_kind: dict[str, Counter[str]] = defaultdict(Counter)
    for miss in report.misses:
        if any("denial link" in problem for problem in miss.problems):
            per_kind[miss.sentence.kind]["link"] += 1
            continue
        per_kind[miss.sentence.kind]["any"] += 1
        for column, prefix in MISS_COLUMNS:
            if any(problem.startswith(prefix) for problem in miss.problems):
                per_kind[miss.sentence.kind][column] += 1
    rows = []
    for kind in KINDS:
        counts = per_kind.get(kind)
        total = report.sentences.get(f"kind:{kind}", 0)
        if not total:
            continue
        counts = counts or Counter()
        rows.append(
            [kind, str(total), str(counts["any"])]
            + [str(counts[column]) for column, _ in MISS_COLUMNS]
            + [str(counts["link"])]
        )
    header = ["kind", "sentences", "with a problem", *(c for c, _ in MISS_COLUMNS), "link misses"]
    return _table(header, rows)


def _metric_rows(report: Report, group: str, metrics: Sequence[str]) -> list[str]:
    rows = []
    for metric in metrics:
        c = report.counts[group][metric]
        rows.append(
            [
                METRIC_LABELS[metric],
                str(c.tp + c.fn),
                str(c.tp),
                str(c.fp),
                str(c.fn),
                _figure(c.precision),
                _figure(c.recall),
                _figure(c.f1),
            ]
        )
    return _table(["metric", "gold", "TP", "FP", "FN", "P", "R", "F1"], rows)


def _stamp() -> str:
    when = datetime.now(UTC).strftime("%Y-%m-%d")
    try:
        commit = subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"],
            cwd=ROOT,
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return f"Run on {when}."
    return f"Run on {when}, working tree at commit {commit}."


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m bench.accuracy", description=__doc__.split("\n")[0]
    )
    parser.add_argument(
        "--no-write", action="store_true", help="print only; do not write the docs file"
    )
    parser.add_argument("--misses", action="store_true", help="print every miss, with its text")
    parser.add_argument(
        "--out", type=Path, default=DOC_PATH, help=f"where to write (default {DOC_PATH})"
    )
    parser.add_argument("--gold", type=Path, default=GOLD_DIR, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    report = run(args.gold)
    stamp = _stamp()
    print(render(report, with_misses=args.misses, redact=False, stamp=stamp), end="")
    partial = any(note.startswith("Corpus part skipped") for note in report.notes)
    if not args.no_write and partial and args.out.resolve() == DOC_PATH.resolve():
        print(
            f"\n{DOC_PATH.name} keeps the figures of a full run: this one skipped the corpus "
            "part (give --out FILE to write it elsewhere)."
        )
    elif not args.no_write:
        args.out.parent.mkdir(parents=True, exist_ok=True)
        args.out.write_text(
            render(report, with_misses=True, redact=True, stamp=stamp), encoding="utf-8"
        )
        print(f"\nWritten to {args.out}.")
    return 1 if report.errors else 0


if __name__ == "__main__":
    sys.exit(main())
