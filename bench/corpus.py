"""A deterministic synthetic corpus shaped like conflict-desk copy.

Wire items and live-blog posts of realistic lengths, many places with a long tail
(Zipf-like), Latin and Cyrillic spellings, attributions, denials and hedges. Every
sentence is generated from templates written for this benchmark.
"""

from __future__ import annotations

import json
import random
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

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


def bulletins(
    count: int, *, seed: int = 7, start: datetime | None = None, days: int = 120
) -> Iterator[dict]:
    """``count`` bulletin records (source, published, title, url, text), evenly over ``days``."""
    rng = random.Random(seed)
    start = start or datetime(2026, 7, 1, tzinfo=UTC)
    step = timedelta(days=days) / max(count, 1)
    for number in range(count):
        stories = 1 if rng.random() < 0.7 else rng.randint(2, 4)  # wire item or live-blog post
        sentences: list[str] = []
        for _ in range(stories):
            place = pick_place(rng)
            sentences += [_sentence(rng, place) for _ in range(rng.randint(2, 6))]
        sentences.append(f"(ref {seed}-{number})")
        yield {
            "source": rng.choice(OUTLETS),
            "published": (start + step * number).isoformat(),
            "title": sentences[0][:80],
            "url": f"https://example.org/bench/{seed}/{number}",
            "text": " ".join(sentences),
        }


def write_jsonl(path: Path, count: int, *, seed: int = 7) -> Path:
    """Write the corpus as JSONL (the real ingest path's input)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8") as out:
        for record in bulletins(count, seed=seed):
            out.write(json.dumps(record, ensure_ascii=False) + "\n")
    return path
