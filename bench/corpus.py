"""A deterministic synthetic corpus shaped like conflict-desk copy.

Wire items and live-blog posts of realistic lengths, many places with a long tail
(Zipf-like), Latin and Cyrillic spellings, attributions, denials and hedges. Every
sentence is generated from templates written for this benchmark, unless sentences from
``../shared/data`` are mixed in (:func:`shared_sentences`).

The layout is fixed by :func:`plan`: bulletins are spread evenly over the first
``days - 1`` days and a few hours, then one busy digest window (the 24 hours before
08:00 UTC on :attr:`Plan.digest_day`) holds 1% of them: 10,000 of a million. The rare
topic is put in one bulletin in 10,000 (at least 3); the absent one is never written.
"""

from __future__ import annotations

import csv
import json
import random
import re
import sys
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

SHARED_DATA = Path(__file__).resolve().parents[2] / "shared" / "data"
"""Real texts beside the project (never copied into it); absent in a fresh clone."""

#: The topics timed, by label. Kharkiv is the head of the place distribution (about a
#: fifth of bulletins); the rare one is placed by :func:`plan`; Atlantis is never written.
TOPICS = {
    "common": "Kharkiv",
    "rare": "Zorianivka",
    "cyrillic": "Лисичанськ",
    "absent": "Atlantis",
}
BUSY_SHARE = 0.01
"""Share of the corpus on the busy day: 10,000 bulletins of 1,000,000."""
RARE_EVERY = 10_000
"""The rare topic is in one bulletin in this many (at least :data:`RARE_MINIMUM`)."""
RARE_MINIMUM = 3
SHARED_SHARE = 0.1
"""With shared sentences, the share of bulletins that get one to three of them."""
DIGEST_CLOCK = (8, 0)
"""The digest time (UTC) the busy window ends at: Wiredesk's default WIREDESK_DIGEST_TIME."""

# (Latin spelling, other spellings): the first few are the "common" topics.
PLACES: list[tuple[str, ...]] = [
    ("Kharkiv", "Kharkov", "Харків"),
    ("Kyiv", "Kiev", "Київ", "Киев"),
    ("Lysychansk", "Lisichansk", "Лисичанськ", "Лисичанск"),
    ("Sievierodonetsk", "Severodonetsk", "Сєвєродонецьк"),
    ("Zaporizhzhia", "Zaporozhye", "Запоріжжя"),
    ("Kherson", "Херсон"),
    ("Odesa", "Odessa", "Одеса"),
    ("Mykolaiv", "Николаев"),
    ("Bakhmut", "Бахмут"),
    ("Donetsk", "Донецьк"),
    ("Luhansk", "Lugansk", "Луганськ"),
    ("Dnipro", "Дніпро"),
    ("Sumy", "Суми"),
    ("Chernihiv", "Чернігів"),
    ("Pokrovsk", "Покровськ"),
    ("Kramatorsk", "Краматорськ"),
    ("Sloviansk", "Slavyansk", "Слов'янськ"),
    ("Izium", "Izyum", "Ізюм"),
    ("Kupiansk", "Куп'янськ"),
    ("Avdiivka", "Авдіївка"),
    ("Vuhledar", "Вугледар"),
    ("Nikopol", "Нікополь"),
    ("Enerhodar", "Енергодар"),
    ("Melitopol", "Мелітополь"),
    ("Berdiansk", "Бердянськ"),
    ("Mariupol", "Маріуполь"),
    ("Belgorod", "Белгород"),
    ("Kursk", "Курск"),
    ("Bryansk", "Брянск"),
    ("Sevastopol", "Севастополь"),
]
# A long tail of invented villages: each appears rarely.
TAIL = [
    f"{a}{b}"
    for a in (
        "Verkhn",
        "Nyzhn",
        "Stara ",
        "Nova ",
        "Velyka ",
        "Mala ",
        "Zolot",
        "Chervon",
        "Bila ",
        "Kam",
    )
    for b in (
        "ivka",
        "opil",
        "ove",
        "yanka",
        "okamianka",
        "ohirsk",
        "ivske",
        "odar",
        "ivtsi",
        "ychi",
    )
]
PARTIES = [
    "Russia's defence ministry",
    "Ukraine's general staff",
    "the regional governor",
    "the city's military administration",
    "Ukraine's air force",
    "a Russian-installed official",
    "local authorities",
    "the mayor",
    "a military spokesperson",
    "the emergency service",
]
OUTLETS = [
    "Meridian Wire",
    "Live blog",
    "Eastern Monitor",
    "Northgate Herald",
    "Dnipro Dispatch",
    "Black Sea Courier",
    "Frontline Digest",
    "Northern Telegraph",
]
EVENTS = [
    "{n} drones were shot down over {p} overnight",
    "a missile struck an industrial site in {p}",
    "shelling damaged {n} residential buildings in {p}",
    "its forces had taken full control of {p}",
    "power was cut to {n},000 homes in {p}",
    "an ammunition depot near {p} was destroyed",
    "{n} civilians were wounded in {p}",
    "an attack on {p} had been repelled",
    "a rail bridge near {p} was damaged",
    "evacuation buses left {p} on {d}",
]
CLAIM_FORMS = [
    "{party} said {event}.",
    "{party} claimed {event}.",
    "According to {party}, {event}.",
    "{event_cap}, {party} said.",
    "{party} said on {d} that {event}.",
]
DENIALS = [
    "{party} denied the claims.",
    "{party} rejected the report as false.",
    "{party} dismissed the claim as propaganda.",
]
HEDGES = [
    "{event_cap}, reportedly.",
    "It is understood that {event}.",
    "{event_cap}, the outlet could not independently verify.",
    "{party} said, without providing evidence, that {event}.",
]
FILLER = [
    "Air-raid alerts sounded across the region for {n} hours.",
    "Residents queued for water at distribution points.",
    "Repair crews worked through the night to restore heating.",
    "Schools in the area switched to remote lessons.",
    "The front line has barely moved in recent weeks.",
    "Volunteers delivered generators to the worst-hit districts.",
]
DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]


def pick_place(rng: random.Random) -> str:
    """A place, Zipf-distributed over the list with a rare tail, in a random spelling."""
    if rng.random() < 0.08:
        return rng.choice(TAIL)
    index = min(int(rng.paretovariate(1.1)) - 1, len(PLACES) - 1)
    spellings = PLACES[index]
    return spellings[0] if rng.random() < 0.75 else rng.choice(spellings)


def _sentence(rng: random.Random, place: str) -> str:
    values = {"p": place, "n": rng.randint(2, 60), "d": rng.choice(DAYS)}
    event = rng.choice(EVENTS).format(**values)
    party = rng.choice(PARTIES)
    kind = rng.random()
    if kind < 0.5:
        form = rng.choice(CLAIM_FORMS)
    elif kind < 0.7:
        form = rng.choice(HEDGES)
    elif kind < 0.82:
        form = rng.choice(DENIALS)
    else:
        form = rng.choice(FILLER)
    text = form.format(party=party, event=event, event_cap=event[0].upper() + event[1:], **values)
    return text[0].upper() + text[1:]


@dataclass(frozen=True)
class Plan:
    """Where a corpus of ``count`` bulletins puts its dates, its busy day and its rare topic."""

    count: int
    start: datetime
    days: int
    busy_count: int
    rare_count: int

    @property
    def busy_start(self) -> datetime:
        """Start of the busy digest window: the digest time on the day before the last."""
        hours, minutes = DIGEST_CLOCK
        return self.start + timedelta(days=self.days - 1, hours=hours, minutes=minutes)

    @property
    def busy_end(self) -> datetime:
        """End of the busy window (exclusive): when its digest is due."""
        return self.busy_start + timedelta(days=1)

    @property
    def digest_day(self) -> date:
        """The date whose digest (due at :data:`DIGEST_CLOCK` UTC) covers the busy window."""
        return self.busy_end.date()

    def published(self, number: int) -> datetime:
        """When bulletin ``number`` was published: evenly before the busy window, then evenly
        inside it."""
        regular = self.count - self.busy_count
        if number < regular:
            return self.start + (self.busy_start - self.start) * number / regular
        return self.busy_start + timedelta(days=1) * (number - regular) / self.busy_count

    def rare_numbers(self) -> frozenset[int]:
        """The bulletins whose first story is about the rare topic, spread over the corpus."""
        return frozenset(
            (2 * k + 1) * self.count // (2 * self.rare_count) for k in range(self.rare_count)
        )


def plan(count: int, *, start: datetime | None = None, days: int = 120) -> Plan:
    """The layout of a corpus of ``count`` bulletins over ``days`` days."""
    busy = min(count, max(1, round(count * BUSY_SHARE)))
    return Plan(
        count=count,
        start=start or datetime(2026, 7, 1, tzinfo=UTC),
        days=days,
        busy_count=busy,
        rare_count=min(count, max(RARE_MINIMUM, count // RARE_EVERY)),
    )


def bulletins(
    count: int,
    *,
    seed: int = 7,
    start: datetime | None = None,
    days: int = 120,
    shared: Sequence[str] = (),
) -> Iterator[dict]:
    """``count`` bulletin records (source, published, title, url, text), laid out by
    :func:`plan`; with ``shared`` sentences, a tenth of them quote one to three."""
    rng = random.Random(seed)
    layout = plan(count, start=start, days=days)
    rare = layout.rare_numbers()
    for number in range(count):
        stories = 1 if rng.random() < 0.7 else rng.randint(2, 4)  # wire item or live-blog post
        sentences: list[str] = []
        for story in range(stories):
            place = TOPICS["rare"] if story == 0 and number in rare else pick_place(rng)
            sentences += [_sentence(rng, place) for _ in range(rng.randint(2, 6))]
        if shared and rng.random() < SHARED_SHARE:
            for _ in range(rng.randint(1, 3)):
                sentences.insert(rng.randint(0, len(sentences)), rng.choice(shared))
        sentences.append(f"(ref {seed}-{number})")
        yield {
            "source": rng.choice(OUTLETS),
            "published": layout.published(number).isoformat(),
            "title": sentences[0][:80],
            "url": f"https://example.org/bench/{seed}/{number}",
            "text": " ".join(sentences),
        }


_SENTENCE_END = re.compile(r"(?<=[.!?”\"])\s+(?=[A-Z“\"\u0400-\u04ff])")


def shared_sentences(folder: Path = SHARED_DATA) -> list[str]:
    """Sentences of the real texts in ``folder`` (the Guardian CSV and the seed live blog),
    or an empty list when the folder is absent. Sentences naming the rare or the absent
    topic are left out, so the corpus keeps its guarantees."""
    if not folder.is_dir():
        return []
    texts: list[str] = []
    seed = folder / "seed-live-blog.txt"
    if seed.is_file():
        texts.append(seed.read_text(encoding="utf-8"))
    articles = folder / "guardian-ukraine-2022.csv"
    if articles.is_file():
        csv.field_size_limit(sys.maxsize)
        with articles.open(encoding="utf-8", newline="") as rows:
            texts += [row.get("Text") or "" for row in csv.DictReader(rows)]
    avoid = (TOPICS["rare"].lower(), TOPICS["absent"].lower())
    return [
        sentence
        for text in texts
        for sentence in _SENTENCE_END.split(" ".join(text.split()))
        if 40 <= len(sentence) <= 300 and not any(word in sentence.lower() for word in avoid)
    ]


def write_jsonl(path: Path, count: int, *, seed: int = 7, shared: Sequence[str] = ()) -> Path:
    """Write the corpus as JSONL (the real ingest path's input)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8") as out:
        for record in bulletins(count, seed=seed, shared=shared):
            out.write(json.dumps(record, ensure_ascii=False) + "\n")
    return path
