"""From a bulletin's text to its stories and items, each with attribution, signals, status."""

from __future__ import annotations

import re
from functools import lru_cache

from newsroom.models import AnalysedBulletin, Item, RawBulletin, Signal, Status
from newsroom.names import fold, is_name, name_key, words
from newsroom.text.attribution import (
    CLAIM_VERB,
    Speakers,
    attribute,
    counter_party,
    fold_speaker,
    names_another,
)
from newsroom.text.cues import link_patterns, place_prepositions
from newsroom.text.cyrillic_speakers import counter_party_cyrillic, is_cyrillic, makes_claim
from newsroom.text.sentences import read_layout
from newsroom.text.signals import read_signals
from newsroom.text.stories import DEMONYM, STOPWORDS, refers_back, segment_stories
from newsroom.text.topic_names import topic_names

_RESTATEMENT_SHARE = 0.4
_NEAR = 3
"""Sentences back within which a denial answers the nearest claim without sharing words."""
_PARTICULARS = 2
"""Content words a denial must share with a further claim of its story to answer it too."""
_UNVERIFIED_SIGNALS = {"hedged", "not_independently_verified", "no_evidence"}
_ARTICLES = frozenset(("the",))
_NOT_PLACES = frozenset(
    "january february march april june july august september october november december".split()
)
"""Capitalised words after "in" that name a time, not a place ("in March")."""
_NOTE_WORDS = 4
"""Content words a no-evidence note may hold without taking up a claim's words ("The
ministry gave no evidence for the figure"); a longer sentence says something of its own."""
_OWN_CLAIM = re.compile(
    r"\b(?:" + "|".join(link_patterns("own_claim")) + r")\b",
    re.IGNORECASE,
)


def analyse(raw: RawBulletin) -> AnalysedBulletin:
    """Split a bulletin into stories and items and read each item."""
    layout = read_layout(raw.text)
    sentences = layout.sentences
    stories = segment_stories(sentences, layout.breaks, layout.headings)
    speakers = Speakers()
    items: list[Item] = []
    source = fold(raw.source or "")
    for position, (sentence, story) in enumerate(zip(sentences, stories, strict=True)):
        attributed_to = attribute(sentence, speakers)
        signals = read_signals(sentence)
        if attributed_to and fold(attributed_to) == source:
            attributed_to = None  # the outlet's own reporting
        if attributed_to and ("denial" not in signals or _two_parties(sentence, attributed_to)):
            signals.insert(0, "claim")
        words, names = index_terms(sentence)
        heading = layout.headings[position]
        if heading:
            # a heading is no item, but the first item under it is found by its words
            heading_words, heading_names = index_terms(heading)
            words, names = f"{words} {heading_words}", f"{names} {heading_names}".strip()
        items.append(
            Item(
                position=position,
                story=story,
                text=sentence,
                attributed_to=attributed_to,
                signals=signals,
                words=words,
                names=names,
                topics=dict(_topics_of(sentence)),
            )
        )
    if raw.relayed_from:
        credit_relay(items, raw.relayed_from, raw.source)
    index_record_fields(items, raw)
    credit_quotations(items, layout.breaks)
    link_disputes(items)
    set_statuses(items)
    return AnalysedBulletin(raw=raw, items=items)


def set_statuses(items: list[Item]) -> None:
    """Each item's status from its text and its bulletin's notes: a claim a note of its
    story says the outlet could not verify, or that came without evidence, is
    ``unverified``. ``items`` are a bulletin's, in order, each at its position."""
    qualified = _claims_not_verified(items) | _claims_without_evidence(items)
    for item in items:
        item.status = status_from_text(item.signals, bool(item.disputes))
        if item.status == "claimed" and item.position in qualified:
            item.status = "unverified"  # the outlet says it could not verify the claim


def undisputed_statuses(
    rows: list[tuple[int, int, str, str | None, list[Signal]]],
) -> dict[int, Status]:
    """The status each of a stored bulletin's live items has by its bulletin's text, no
    dispute counted (as :func:`analyse` set it), by id; ``rows`` are (id, story, text,
    attributed_to, signals), in position order."""
    items = [
        Item(
            position=n,
            story=story,
            text=text,
            attributed_to=attributed_to,
            signals=list(signals),
            topics=dict(_topics_of(text)),
        )
        for n, (_id, story, text, attributed_to, signals) in enumerate(rows)
    ]
    set_statuses(items)
    return {row[0]: item.status for row, item in zip(rows, items, strict=True)}


def credit_relay(items: list[Item], original: str, relay: str | None) -> None:
    """A forwarded message's own statements are the original channel's, passed on by the
    one that forwarded it: "Original, via Relay" (a relay, never an independent source)."""
    credit = f"{original}, via {relay}" if relay else original
    for item in items:
        if item.attributed_to is None:
            item.attributed_to = credit
            if "claim" not in item.signals and "denial" not in item.signals:
                item.signals.insert(0, "claim")


def index_record_fields(items: list[Item], raw: RawBulletin) -> None:
    """A bulletin's title and structured fields (place, actors, event type) are searchable:
    the first item is found by those of their words no statement has, as an item under a
    heading is. They are no item themselves, so they never become a statement with a
    speaker."""
    # A title the text repeats (a headline that is the lede's start) adds no word.
    extra = [raw.title] if raw.title and raw.title not in raw.text else []
    extra.extend(raw.details.values())
    if not items or not extra:
        return
    # Only the words the statements lack: a topic the text itself names is found where the
    # text names it, never also in an unrelated first statement under a title listing topics.
    known_words = {w for item in items for w in item.words.split()}
    known_names = {n for item in items for n in item.names.split()}
    first = items[0]
    new_words: list[str] = []
    new_names: list[str] = []
    for text in extra:
        for token in words(text):
            word, key = fold(token), name_key(token) if is_name(token) else None
            # a word the text has in any spelling ("Харьков" over "Харьковской") is known
            if word in known_words or (key and key in known_names):
                continue
            known_words.add(word)
            new_words.append(word)
            if key:
                known_names.add(key)
                new_names.append(key)
    first.words = " ".join([first.words, *new_words]).strip()
    first.names = " ".join([first.names, *new_names]).strip()


def credit_quotations(items: list[Item], breaks: list[int] | None = None) -> None:
    """Sentences inside one quotation that runs over several ("“This is nothing new. It
    changes nothing,” Putin said.") are the speaker's too: the untagged ones take the
    speaker its tagged sentence names, before the quote or after it.

    A quotation tagged nowhere, one sentence or several, that follows a credited sentence
    in the same paragraph and story continues that speaker, as news copy writes it
    ("“We understand ...,” Putin said. “This is nothing new. It changes nothing.”"): a new
    speaker is always named. ``breaks`` are the layout's (a paragraph break before a
    sentence ends this).
    """
    breaks = breaks or [0] * len(items)
    run: list[Item] = []
    for n, item in enumerate(items):
        if run:
            run.append(item)
            if _closes_quote(item.text):
                _credit_run(run, _credited_before(items, breaks, n - len(run) + 1))
                run = []
        elif _opens_quote(item.text):
            run = [item]
        elif item.attributed_to is None and _whole_quotation(item.text):
            _credit_run([item], _credited_before(items, breaks, n))


def _quote_balance(text: str) -> int:
    return text.count("“") - text.count("”") + text.count("«") - text.count("»")


def _opens_quote(text: str) -> bool:
    return _quote_balance(text) > 0 or (text.count('"') % 2 == 1 and text.lstrip()[:1] == '"')


def _closes_quote(text: str) -> bool:
    return _quote_balance(text) < 0 or (text.count('"') % 2 == 1 and text.lstrip()[:1] != '"')


def _whole_quotation(text: str) -> bool:
    """The sentence is one quotation: it opens with a quotation mark and closes with one."""
    text = text.strip()
    return len(text) > 2 and text[0] in '“«"' and text.rstrip(".!?")[-1:] in '”»"'


def _credited_before(items: list[Item], breaks: list[int], first: int) -> str | None:
    """The speaker of the sentence before ``first``, when it is credited and in the same
    paragraph and story (no break between them), and names nobody else the quotation may
    be from ("Police said a woman, Halyna Petrenko, was hurt. “I thought ...”")."""
    if first == 0 or breaks[first] or items[first - 1].story != items[first].story:
        return None
    before = items[first - 1]
    if before.attributed_to and names_another(before.text, before.attributed_to):
        return None
    return before.attributed_to


def _credit_run(run: list[Item], before: str | None = None) -> None:
    speakers = [i.attributed_to for i in (run[-1], run[0]) if i.attributed_to]
    speakers += [before] if before else []
    if not speakers:
        return
    for item in run:
        if item.attributed_to is None:
            item.attributed_to = speakers[0]
            if "denial" not in item.signals:
                item.signals.insert(0, "claim")


def second_party(sentence: str, claimant: str | None) -> str | None:
    """The party that denies, in a sentence that also holds the claim ("Kyiv says the dam
    was mined, a claim Moscow denies" gives "Moscow"), or None; never the claimant."""
    denier = counter_party_cyrillic(sentence) if is_cyrillic(sentence) else counter_party(sentence)
    if not denier or (claimant and fold_speaker(denier) == fold_speaker(claimant)):
        return None
    return denier


@lru_cache(maxsize=65_536)
def _topics_of(sentence: str) -> dict[str, tuple[str, bool]]:
    """Cached (copied before use): re-published wire copy repeats sentences word for word."""
    return topic_names(sentence)


def _two_parties(sentence: str, claimant: str) -> bool:
    """A claim and its denial by another party in one sentence."""
    return second_party(sentence, claimant) is not None


def _claims_without_evidence(items: list[Item]) -> set[int]:
    """Positions of claims a later sentence says came without evidence ("It presented no
    proof.", "The ministry gave no evidence for the figure."): the nearest earlier claim of
    its story, which the note qualifies as it would in the claim's own sentence."""
    qualified: set[int] = set()
    for note in items:
        if "no_evidence" not in note.signals or "claim" in note.signals:
            continue  # no note, or a claim made without evidence in its own sentence
        claims = [
            i
            for i in reversed(items[: note.position])
            if i.story == note.story
            and "claim" in i.signals
            and "denial" not in i.signals
            and not _note_elsewhere(note, i)
        ]
        # the claim the note takes up ("The Lviv governor gave no evidence that the drones
        # were Iranian-made", "Доказательств губернатор не предоставил"), else the nearest
        taken_up = _content_words(note.text)
        claim = max(
            claims,
            key=lambda c: len(taken_up & _content_words(c.text)),
            default=None,
        )
        if claim is None or (
            len(taken_up) > _NOTE_WORDS and not taken_up & _content_words(claim.text)
        ):
            continue  # a statement of its own that came without evidence, not a note
        qualified.add(claim.position)
    return qualified


def _claims_not_verified(items: list[Item]) -> set[int]:
    """Positions of the claims an outlet's note says it could not verify ("X was not able to
    independently verify the reports"): every claim of the note's story, except one about
    another place than the note names ("could not verify casualty figures from Huliaipole"
    says nothing of a claim about Nikopol)."""
    qualified: set[int] = set()
    for note in items:
        if "not_independently_verified" not in note.signals:
            continue
        qualified.update(
            claim.position
            for claim in items
            if claim.story == note.story
            and "claim" in claim.signals
            and not _note_elsewhere(note, claim)
        )
    return qualified


@lru_cache(maxsize=65_536)
def index_terms(text: str) -> tuple[str, str]:
    """What search indexes of a sentence: its folded words, and the keys of its names."""
    tokens = words(text)
    return " ".join(fold(t) for t in tokens), " ".join(name_key(t) for t in tokens if is_name(t))


def status_from_text(signals: list[Signal], disputed: bool) -> Status:
    """The status the text alone supports: disputed > unverified > claimed > reported."""
    if disputed or "denial" in signals:
        return "disputed"
    if _UNVERIFIED_SIGNALS.intersection(signals):
        return "unverified"
    if "claim" in signals:
        return "claimed"
    return "reported"


def link_disputes(items: list[Item]) -> None:
    """Link each denial to the claims it answers in its story, and to restatements of them.

    The claim answered is the nearest earlier item of the story that makes an explicit
    claim ("claims", "alleged") or, failing that, the nearest earlier credited statement.
    Other earlier claims of the story that the denial takes up (two or more of its
    particulars: "the drones struck ..." / "denied that ... and said the drones struck a
    warehouse") are answered too, unless the denier made them. Later or earlier items of
    the story that restate an answered claim (sharing a large part of its words) are
    linked as well, so a repeated claim never stands without its denial.
    """
    for denial in items:
        if "denial" not in denial.signals or (
            "claim" in denial.signals and _two_parties(denial.text, denial.attributed_to or "")
        ):
            continue  # not a denial, or one that answers the claim in its own sentence
        story = [i for i in items if i.story == denial.story and i is not denial]
        earlier = [
            i
            for i in story
            if i.position < denial.position
            and "denial" not in i.signals
            and not _same_party(i.attributed_to, denial.attributed_to)
            and not _is_caveat(i)
            and not _places_apart(i, denial)
        ]
        target = next((i for i in reversed(earlier) if _makes_claim(i.text)), None) or next(
            (i for i in reversed(earlier) if "claim" in i.signals or "hedged" in i.signals), None
        )
        denial_words = _content_words(denial.text)
        if target is None or (
            (denial.position - target.position > _NEAR or answers_its_own_claim(denial.text))
            and len(_content_words(target.text) & denial_words) < _PARTICULARS
        ):
            # a claim far back in a long story must share the denial's particulars, and so
            # must any claim a denial answers when it names what it denies itself ("rejected
            # a newspaper report that ...")
            continue
        targets = [target] + [
            i
            for i in earlier
            if i is not target
            and "claim" in i.signals
            and target.position - i.position <= _NEAR
            and len(_content_words(i.text) & denial_words) >= _PARTICULARS
        ]
        for answered in targets:
            answered_words = _content_words(answered.text)
            for other in story:
                if "denial" in other.signals:
                    continue
                if other is answered or (
                    "claim" in other.signals
                    and _share(answered_words, _content_words(other.text)) >= _RESTATEMENT_SHARE
                ):
                    _link(denial, other)


def answers_its_own_claim(text: str) -> bool:
    """A denial that carries what it denies ("Peskov rejected as false a newspaper report
    that ...", "denied reports of a new offensive"): it answers no earlier claim it does not
    take up. A habitual denial ("who have repeatedly denied targeting civilians") is not
    one: news copy gives it as a party's answer to the accusation before it. The wording is
    cue data, ``[links] own_claim`` in :mod:`newsroom.text.cues`."""
    return bool(_OWN_CLAIM.search(text))


def _is_caveat(item: Item) -> bool:
    """A note about what came before, not a claim of its own: "He did not back the claim
    with evidence", "Analysts said they could not verify the video". A denial answers the
    claim the note is about, never the note."""
    signals = item.signals
    return (
        "not_independently_verified" in signals
        or ("no_evidence" in signals and "claim" not in signals)  # else: a claim without it
    ) and refers_back(item.text)


def _places_apart(claim: Item, denial: Item) -> bool:
    """Both say where, and not the same place: "In Kharkiv, the governor said ..." and "In
    Odesa, officials denied ..." are about two things, and so are drones over Poltava and
    drones launched at Chernihiv. A speaker's own place ("the embassy in Berlin", "В Киеве
    назвали ...") is no place of the event; a denial that refers back ("the reports"), says
    no place, or shares a name with the claim may answer it."""
    if refers_back(denial.text):
        return False
    claim_places, denial_places = _event_places(claim), _event_places(denial)
    return (
        bool(claim_places and denial_places)
        and claim_places.isdisjoint(denial_places)
        and _own_names(claim).isdisjoint(_own_names(denial))
    )


def _note_elsewhere(note: Item, claim: Item) -> bool:
    """A caveat that places what it qualifies elsewhere than the claim's names do: "could not
    verify casualty figures from Huliaipole" qualifies no claim about Nikopol."""
    if refers_back(note.text):
        return False
    places = _event_places(note)
    if not places:
        return False
    names = _own_names(claim) | _event_places(claim)
    return bool(names) and places.isdisjoint(names)


def _own_names(item: Item) -> set[str]:
    """The name words (keys) an item mentions, its speaker's left out: two statements that
    share one are about one thing, wherever each says it happened."""
    return {word for key in item.topics for word in key.split()} - _speaker_keys(item)


def _event_places(item: Item) -> frozenset[str]:
    """The places an item locates something in, its speaker's own left out."""
    return places_named(item.text) - _speaker_keys(item)


def _speaker_keys(item: Item) -> frozenset[str]:
    return _name_keys(item.attributed_to) if item.attributed_to else frozenset()


@lru_cache(maxsize=4_096)
def _name_keys(text: str) -> frozenset[str]:
    return frozenset(name_key(w) for w in words(text))


@lru_cache(maxsize=65_536)
def places_named(text: str) -> frozenset[str]:
    """The name keys of the places a sentence locates something in: a name right after a
    locative preposition ("in Kharkiv", "near the Zatoka", "під Уманню"; the prepositions are
    cue data, ``[places]`` in :mod:`newsroom.text.cues`)."""
    tokens = words(text)
    prepositions = place_prepositions()
    found = set()
    for index, token in enumerate(tokens[:-1]):
        if token.lower() not in prepositions:
            continue
        following = tokens[index + 1]
        if following.lower() in _ARTICLES and index + 2 < len(tokens):
            following = tokens[index + 2]
        if (
            following[:1].isupper()
            and fold(following) not in _NOT_PLACES
            and not DEMONYM.match(following)  # "in English-language media": no place
        ):
            found.add(name_key(following))
    return frozenset(found)


def _makes_claim(text: str) -> bool:
    """An explicit claim verb ("claims", "alleged", "заявил", "стверджує")."""
    return bool(CLAIM_VERB.search(text)) or (is_cyrillic(text) and makes_claim(text))


def _same_party(a: str | None, b: str | None) -> bool:
    """One party, named in full or in short: "штаб" after "оперативный штаб Краснодарского
    края", "the ministry" after "Russia's defence ministry" (a denial never answers its own
    party)."""
    if not (a and b):
        return False
    if fold_speaker(a) == fold_speaker(b):
        return True
    (short_name, shorter), (_, longer) = sorted(
        ((a, _party_words(a)), (b, _party_words(b))), key=lambda named: len(named[1])
    )
    # "the ministry" refers back to "Russia's defence ministry"; bare "officials" are any
    definite = not short_name.isascii() or short_name.lower().startswith("the ")
    return definite and bool(shorter) and shorter <= longer


@lru_cache(maxsize=4_096)
def _party_words(speaker: str) -> frozenset[str]:
    """A speaker's words that name it (not "the", "of", "its"), folded; Cyrillic by name key,
    which folds case endings."""
    return frozenset(
        name_key(w) if not w.isascii() else fold(w)
        for w in words(speaker)
        if fold(w) not in STOPWORDS
    )


def _link(a: Item, b: Item) -> None:
    if b.position not in a.disputes:
        a.disputes.append(b.position)
    if a.position not in b.disputes:
        b.disputes.append(a.position)


@lru_cache(maxsize=65_536)
def _content_words(text: str) -> frozenset[str]:
    return frozenset(w for w in (fold(w) for w in words(text)) if len(w) > 3 and w not in STOPWORDS)


def _share(claim: frozenset[str], other: frozenset[str]) -> float:
    """How much of a claim's wording another sentence repeats."""
    return len(claim & other) / len(claim) if claim else 0.0
