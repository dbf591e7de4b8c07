"""What an item states, reduced to what survives rewording: for telling when two items
report, or contradict, the same statement.

A statement is read from an item's text as

- its **names** (places, people, organisations: :func:`topic_names` keys, so spellings and
  scripts agree), leaving out whoever the item credits (its speaker) and the outlet: who
  says a thing is not part of what is said;
- its **stems**: content words, lightly stemmed (a Cyrillic word by its name key), plus
  the names, leaving out stopwords,
  the speaker's words and the framing of speech ("said", "denied", "claims",
  "reportedly"), which vary between reports of one statement;
- its **numbers**, and whether it is **negated** ("was not destroyed").

Two statements are about the same thing when they share a name, neither has a name the
other lacks while the other also has one it lacks (two different bridges), and they say
the same of it: their words, names apart, overlap enough. Names are compared apart
because they would otherwise carry the score: "the bridge in Lisbon closed" and "the
bridge in Lisbon reopened" share every name and one word in three. The thresholds
differ for a corroboration (strict: a status is raised) and for a challenge (looser: an
editor is asked to look). None of this is
specific to one war or one language's news: names anchor what a statement is about, and
the rest is word overlap that tolerates word order and inflection.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

from newsroom.names import fold, is_name, name_key, script_is_latin, words
from newsroom.text.signals import NO_EVIDENCE, NOT_INDEPENDENTLY_VERIFIED
from newsroom.text.stories import STOPWORDS
from newsroom.text.topic_names import topic_names

FRAME_WORDS = frozenset(
    """said says say saying told tell tells added adds according reported reports report
    reporting reporters claimed claims claim claiming alleged alleges allegation allegations
    allegedly reportedly apparently purportedly supposedly presumably stated states statement
    announced announces insisted insists confirmed confirms confirm denied denies deny denying
    denial denials rejected rejects reject dismissed dismisses dismiss refuted refutes refute
    rebutted disputed disputes contradicted contradicts called calls described describes
    false untrue fake lie lies lying propaganda disinformation misinformation nonsense
    baseless groundless unfounded fabricated fabrication fiction hoax rumour rumours rumor
    rumors provocation slander absurd ridiculous speculation truth true accusation
    accusations assertion assertions suggestion suggestions account accounts news media
    outlet quoted quoting citing cited could can cannot independently verify verified
    unverified unconfirmed evidence providing provided proof that this these those also
    still however meanwhile""".split()
)
"""Words that frame a statement (who says it, how, and whether they reject it) rather
than state it; reports of one statement differ most in these."""
_NEGATORS = frozenset("not no never none neither nor nothing nobody nowhere cannot".split())
_CYRILLIC_FRAME = frozenset(
    name_key(word)
    for word in """заявил заявила заявило заявили заявив заява заяву заявление заявления
    заявлению сообщил сообщила сообщило сообщили сообщение сообщения повідомив повідомила
    повідомили повідомлення опроверг опровергла опровергло опровергли опровержение
    спростував спростувала спростували спростування заперечує заперечують заперечив
    отрицает отрицают отрицал брехня брехнею брехні ложь ложью ложной данные даними дані
    информацию інформацію информация інформація сказал сказала сказав сказала утверждает
    стверджує стверджують назвал назвала назвав назвала доказательств доказів подтвердил
    підтвердив версию версію фейк фейком пропаганда пропагандою также також тем часом
    время що что это это цей этот його его їх их він вона он она они вони був было було
    буде будет для від от при після после перед під под над про как як який который
    которые які так уже вже ще еще""".split()
)
"""Russian and Ukrainian words that frame a statement or carry no content, as name keys
(which fold the two languages' spellings and endings together): a Cyrillic word's stem is
its name key, so "боеприпасов" and "боєприпасів" agree."""
_CYRILLIC_NEGATORS = frozenset("не ні нет ни немає".split())
_NUMBER = re.compile(r"\d(?:[\d,.]*\d)?")
_CLOCK = re.compile(r"\b\d{1,2}(?:[:.]\d{2})?\s?(?:(?:am|pm)\b|[ap]\.m\.)|\b\d{1,2}:\d{2}\b", re.I)
"""A time of day ("9am", "8:50am", "03:38"): when a report was filed or an alert sounded
differs between reports of one event, and is no figure of it."""


@dataclass(frozen=True)
class Statement:
    """The parts of an item's text that identify what it states."""

    names: dict[str, bool]
    """Name key -> confirmed (a name only seen opening the sentence is unconfirmed)."""
    stems: frozenset[str]
    numbers: frozenset[str]
    negated: bool

    @property
    def confirmed_names(self) -> list[str]:
        return [key for key, confirmed in self.names.items() if confirmed]

    @property
    def words(self) -> frozenset[str]:
        """The stems that are not names: what the statement says about its names."""
        name_tokens = {token for key in self.confirmed_names for token in key.split()}
        return frozenset(s for s in self.stems if s not in name_tokens)


@lru_cache(maxsize=4096)
def read_statement(
    text: str, attributed_to: str | None = None, source: str | None = None
) -> Statement:
    """The statement an item makes, without its speaker (``attributed_to``) or outlet.

    Cached: the result is shared, and must not be changed.
    """
    speaker_words = {fold(w) for w in words(attributed_to or "")}
    speaker_names = {t for key in topic_names(attributed_to or "") for t in key.split()}
    outlet = " ".join(name_key(w) for w in words(source or ""))
    names = {
        key: confirmed
        for key, (_display, confirmed) in topic_names(text).items()
        if key != outlet and not set(key.split()) <= speaker_names
    }
    name_tokens = {token for key, sure in names.items() if sure for token in key.split()}
    stems: set[str] = set()
    for word in words(text):
        if word.isdigit():
            continue
        if is_name(word) and name_key(word) in name_tokens:
            stems.add(name_key(word))
            continue
        folded = fold(word)
        if (
            len(folded) < 3
            or folded in STOPWORDS
            or folded in FRAME_WORDS
            or folded in _NEGATORS
            or folded in speaker_words
        ):
            continue
        if script_is_latin(word):
            stems.add(stem(folded))
        elif (key := name_key(word)) not in _CYRILLIC_FRAME and len(key) >= 3:
            stems.add(key)
    return Statement(
        names=names,
        stems=frozenset(stems),
        numbers=frozenset(n.replace(",", "") for n in _NUMBER.findall(_CLOCK.sub(" ", text))),
        negated=negated(text),
    )


def negated(text: str) -> bool:
    """True when the text negates what it states ("was not destroyed", "no civilians were
    killed"); "could not independently verify" and "without evidence" do not count."""
    text = NOT_INDEPENDENTLY_VERIFIED.sub(" ", NO_EVIDENCE.sub(" ", text))
    for word in words(text):
        lowered = word.casefold()
        if (
            lowered in _NEGATORS
            or lowered in _CYRILLIC_NEGATORS
            or lowered.endswith(("n't", "n’t"))
        ):
            return True
    return False


_STEM_SUFFIXES = ("ations", "ation", "ings", "ing", "ies", "ied", "ed", "es", "s")
"""The endings :func:`stem` takes off, the first that fits, in this order."""


def stem(word: str) -> str:
    """A light English stem: "destroyed", "destroys", "destroying" -> "destroy"."""
    for suffix in _STEM_SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 4:
            word = word[: -len(suffix)]
            if suffix in ("ies", "ied"):
                word += "y"
            break
    return word[:-1] if word.endswith("e") and len(word) > 4 else word


@lru_cache(maxsize=8192)
def stem_forms(stem_: str) -> tuple[str, ...]:
    """Every word :func:`stem` maps to ``stem_``, found by undoing its steps: "restor" ->
    restor, restore, restored, restores, restoring, restoration, ... (with words that are no
    English, which no text holds). Complete: a word with that stem ends in one of the
    suffixes after the stem or the stem and an "e" ("ies"/"ied" after a stem's "y"), or
    is one of those two."""
    bases = [stem_, stem_ + "e"]
    forms = [*bases, *(base + suffix for base in bases for suffix in _STEM_SUFFIXES)]
    if stem_.endswith("y"):
        forms += [stem_[:-1] + "ies", stem_[:-1] + "ied"]
    return tuple(w for w in dict.fromkeys(forms) if stem(w) == stem_)


def _same_name(a: str, b: str) -> bool:
    """ "Kovalchuk" is "Andriy Kovalchuk": one name's words within the other's."""
    first, second = set(a.split()), set(b.split())
    return first <= second or second <= first


def _found_in(key: str, other: Statement) -> bool:
    return any(_same_name(key, theirs) for theirs in other.names)


def names_agree(a: Statement, b: Statement) -> bool:
    """They share a name, and do not each name something the other does not.

    A name only seen opening a sentence ("Kherson was shelled", but also "Flooding closed
    ...") may just be a capitalised first word: it is shared only with a name the other
    statement is sure of, and missing from the other it is no conflict.
    """
    shared = any(_found_in(key, b) for key in a.confirmed_names) or any(
        _found_in(key, a) for key in b.confirmed_names
    )
    if not shared:
        return False
    only_a = [key for key in a.confirmed_names if not _found_in(key, b)]
    only_b = [key for key in b.confirmed_names if not _found_in(key, a)]
    return not (only_a and only_b)


def numbers_agree(a: Statement, b: Statement) -> bool:
    """Figures, when both give some, share one ("12 drones" is not "40 drones")."""
    return not (a.numbers and b.numbers) or bool(a.numbers & b.numbers)


def word_jaccard(a: Statement, b: Statement) -> float:
    """Shared words over all the words the two use (names apart), 0 to 1."""
    union = a.words | b.words
    return len(a.words & b.words) / len(union) if union else 0.0


def word_overlap(a: Statement, b: Statement) -> float:
    """How much of the shorter statement's words (names apart) the other repeats, 0 to 1."""
    shortest = min(len(a.words), len(b.words))
    return len(a.words & b.words) / shortest if shortest else 0.0


def fts_names(statement: Statement, *, confirmed_only: bool = False) -> list[str]:
    """FTS5 terms for the statement's names, one per name (its last word: a surname, the
    "Rih" of "Kryvyi Rih"), as the ``names`` column indexes them."""
    keys = statement.confirmed_names if confirmed_only else list(statement.names)
    return list(dict.fromkeys(f'names:"{key.split()[-1]}"' for key in keys if key))


GENERIC_WORDS = frozenset(
    stem(word)
    for word in """forces force troops troop military army armed units unit soldiers soldier
    servicemen fighters russian russians ukrainian ukrainians attack attacks attacked
    attacking strike strikes struck striking hit hits hitting shell shells shelled shelling
    fire fired firing launch launched target targeted targeting bomb bombed bombing
    bombardment city cities town towns village villages region regions regional area areas
    district districts oblast province territory near outskirts occupied local overnight
    night morning evening afternoon today yesterday tomorrow earlier later week weeks day
    days hour hours monday tuesday wednesday thursday friday saturday sunday january
    february march april june july august september october november december people
    residents civilians civilian official officials authorities authority government
    ministry spokesman spokeswoman spokesperson head deputy governor mayor administration
    side sides part time times place took taken take since some any all shortly around
    approximately nearly least early late""".split()
) | frozenset(
    name_key(word)
    for word in """войска войск війська військ військові военные удар удары удару ударів
    обстріл обстрелу обстрел обстрілу город города місто міста район районе районі область
    области області ночь ночью вночі ніч ночі російські российские русские українські
    украинские сили силы армія армия окупаційна оккупационные атака атаки атаку населення
    население жителі жители люди""".split()
)
"""Words that name no particular of an event in war news: who acts in general (forces,
troops), how anything is hit (attack, strike, shelling), where and when in general (city,
region, overnight, Monday) and who speaks (officials, ministry). Reports of two different
events share them as readily as two reports of one."""
_PREFIX_SHARED = 4
_SUFFIX_LEFT = 2


def particulars(statement: Statement, leave_out: str | None = None) -> frozenset[str]:
    """The statement's words that can tell one event from another: its words (names apart)
    without :data:`GENERIC_WORDS` and without the words of ``leave_out`` (a party's name:
    "rejected the Russian defence ministry's report"), plus its figures."""
    left_out = {
        stem(fold(word)) if script_is_latin(word) else name_key(word)
        for word in words(leave_out or "")
    }
    return frozenset(
        {w for w in statement.words if w not in GENERIC_WORDS and w not in left_out}
        | statement.numbers
    )


def stems_match(a: str, b: str) -> bool:
    """One word in two inflections: equal, or sharing at least four first letters with at
    most two left over on each side ("repel" / "repell", Cyrillic "likarni" / "likarnya");
    "shell" and "shelter" differ."""
    if a == b:
        return True
    shared = 0
    for x, y in zip(a, b, strict=False):
        if x != y:
            break
        shared += 1
    return shared >= _PREFIX_SHARED and max(len(a), len(b)) - shared <= _SUFFIX_LEFT


def shared_particulars(mine: frozenset[str], theirs: frozenset[str]) -> set[str]:
    """Those of ``mine`` that ``theirs`` also has, in any inflection (:func:`stems_match`),
    or in another word for the same kind of happening ("had taken Stepove" restates "have
    captured Stepove": :data:`KINDS_OF_HAPPENING`)."""
    by_prefix = _by_prefix(theirs)
    happenings = {
        KINDS_OF_HAPPENING[t] for t in theirs if KINDS_OF_HAPPENING.get(t) in SYNONYMOUS_KINDS
    }
    return {
        w
        for w in mine
        if w in theirs
        or any(stems_match(w, t) for t in by_prefix.get(w[:_PREFIX_SHARED], ()))
        or KINDS_OF_HAPPENING.get(w, "") in happenings
    }


@lru_cache(maxsize=4096)
def _by_prefix(stems: frozenset[str]) -> dict[str, list[str]]:
    """Stems by their first letters: only those can match (:func:`stems_match`)."""
    found: dict[str, list[str]] = {}
    for s in stems:
        found.setdefault(s[:_PREFIX_SHARED], []).append(s)
    return found


def name_keys(text: str | None) -> list[str]:
    """The :func:`topic_names` keys of a text (an attribution), confirmed or not."""
    return list(topic_names(text)) if text else []


def keys_shared(mine: list[str], theirs: list[str]) -> list[str]:
    """Those of ``mine`` that ``theirs`` also names (one name's words within the other's)."""
    return [key for key in mine if any(_same_name(key, other) for other in theirs)]


_PARTY_NOISE = frozenset(
    """the a an of in on at for and s its his her their our colonel general lieutenant major
    captain sergeant commander president minister prime chief ambassador senator mr mrs ms dr
    regional eastern western northern southern central national state local military armed
    forces defence defense air staff security emergency services service council city
    ministerstvo ministerstva sili sily syly oborony oboroni vlada vlasti storona
    """.split()
)
"""Words of an attribution that tell no party from another ("Regional governor ...",
"Regional authorities ...")."""
_SIDE_PREFIX = 5


@lru_cache(maxsize=4096)
def same_party(a: str | None, b: str | None) -> bool:
    """Two attributions credit one party, or one side: the same person ("Kovalchuk",
    "Colonel Andriy Kovalchuk"), one within the other ("the ministry", "Russia's defence
    ministry"), or one country behind both ("Ukraine's general staff", "Ukrainian
    officials"; first five letters of a capitalised word). An unknown speaker is no party."""
    if not a or not b:
        return False
    first, second = _party_words(a), _party_words(b)
    if first and second and (first <= second or second <= first):
        return True
    if keys_shared(_confirmed_keys(a), _confirmed_keys(b)):
        return True
    return bool(_capitalised_prefixes(a) & _capitalised_prefixes(b))


def _confirmed_keys(text: str) -> list[str]:
    return [
        key
        for key, (display, confirmed) in topic_names(text).items()
        if confirmed and any(fold(word) not in _PARTY_NOISE for word in words(display))
    ]


def _party_words(attribution: str) -> frozenset[str]:
    return frozenset(fold(word) for word in words(attribution) if fold(word) not in _PARTY_NOISE)


def _capitalised_prefixes(attribution: str) -> set[str]:
    return {
        fold(word)[:_SIDE_PREFIX]
        for word in words(attribution)
        if word[:1].isupper() and len(fold(word)) >= _SIDE_PREFIX and fold(word) not in _PARTY_NOISE
    }


def is_latin(text: str) -> bool:
    """True when most of a text's words are in the Latin script."""
    found = [script_is_latin(word) for word in words(text) if word[:1].isalpha()]
    return sum(found) * 2 >= len(found)


def fts_word_forms(text: str, chosen: set[str]) -> list[str]:
    """FTS5 terms that find the words of ``text`` whose stems are in ``chosen``, in the
    inflections :func:`stems_match` accepts: a Latin word's usual English endings spelled
    out, every word :func:`stem` maps to the same stem (:func:`stem_forms`), as exact terms:
    FTS5 reads an exact term only within a search's rowid range, a prefix's every word over
    the whole index, so the cost follows the window searched, not the size of the record;
    a Cyrillic word by its name key, which the ``names`` column holds for every word of a
    non-Latin script."""
    terms: dict[str, None] = {}
    for word in words(text):
        if not script_is_latin(word):
            key = name_key(word)
            if key in chosen:
                terms[f'names:"{key}"'] = None
            continue
        folded = fold(word)
        base = stem(folded)
        if base not in chosen:
            continue
        terms.update((f'words:"{form}"', None) for form in stem_forms(base))
    return list(terms)


_KINDS_OF_THING = {
    "dwelling": """building buildings block blocks apartment apartments flat flats house houses
        home homes residential high-rise tower dwelling дом дома жилой жилого многоэтажка
        многоэтажку будинок будинку житловий житлового багатоповерхівка багатоповерхівку""",
    "medical": """hospital hospitals clinic clinics infirmary maternity medical больница
        больницу госпиталь лікарня лікарню шпиталь""",
    "energy": """substation substations power electricity energy grid подстанция подстанцию
        электростанция підстанція підстанцію електростанція енергетичний""",
    "store": """depot depots warehouse warehouses storage silo silos склад склада сховище
        нефтебаза нафтобаза""",
    "shop": """market markets shop shops supermarket mall рынок рынке магазин ринок ринку""",
    "school": """school schools kindergarten kindergartens nursery university школа школу
        детский садок университет""",
    "industry": """factory factories plant plants enterprise workshop завод заводе фабрика
        фабрику підприємство підприємстві цех""",
    "transport": """bridge bridges station stations railway train trains bus buses port
        terminal dock docks мост міст вокзал станция станція порт""",
    "worship": """church churches cathedral mosque synagogue церковь церкву церква храм""",
}
_KINDS_OF_HAPPENING = {
    "strike": """strike strikes struck hit hits hitting blast blasts explosion explosions
        exploded shell shelled shelling bomb bombed bombing missile missiles rocket rockets
        drone drones destroyed damaged damage blown collapsed ruined torn tearing удар
        ударила попала попал влучила влучив ракета ракети обстрел обстріл вибух взрыв
        разрушен зруйновано пошкоджено повреждён повреждено""",
    "fire": """fire fires blaze burned burning burnt пожар пожежа горит горить""",
    "capture": """captured capture captures capturing taken take takes took seized seize seizes
        occupied occupy liberated liberate liberation fallen fell захватили захват захватить
        взяли взятие освободили освобождение освободить захопили захоплення захопити звільнили
        звільнення окупували""",
}


def _kinds(table: dict[str, str]) -> dict[str, str]:
    return {
        (stem(fold(word)) if script_is_latin(word) else name_key(word)): kind
        for kind, listed in table.items()
        for word in listed.split()
    }


KINDS_OF_THING = _kinds(_KINDS_OF_THING)
"""The kind of thing a word names, for reports of one event in different words: "an
apartment block" and "a residential building" are both a dwelling. Kinds, not synonyms: a
school is not a hospital, and two reports must name the same kind to agree on it."""
KINDS_OF_HAPPENING = _kinds(_KINDS_OF_HAPPENING)
SYNONYMOUS_KINDS = frozenset(("capture",))
"""Kinds of happening whose words say one thing ("captured", "seized", "took"): a restated
particular in one of them agrees with another. A strike's words do not ("drone" is not
"missile", "damaged" not "destroyed")."""
"""The kind of thing that happens a word names: "struck", "blasts", "was hit" and "blown
out" are all a strike; being told to boil water is none."""


def fts_happening_terms(stems: Iterable[str]) -> list[str]:
    """FTS5 terms for every word of the kinds of happening these stems name: a search for
    a denial that says "seized" finds the claim that says "captured" (as
    :func:`shared_particulars` lets them agree)."""
    kinds = {KINDS_OF_HAPPENING[s] for s in stems if KINDS_OF_HAPPENING.get(s) in SYNONYMOUS_KINDS}
    return _kind_terms(_KINDS_OF_HAPPENING, kinds)


def fts_thing_terms(kinds: Iterable[str]) -> list[str]:
    """FTS5 terms for every word, in every language, of these kinds of thing (see
    :data:`KINDS_OF_THING`): a Ukrainian denial about a "нафтобаза" finds the English claim
    about a fuel depot."""
    return _kind_terms(_KINDS_OF_THING, kinds)


def _kind_terms(table: dict[str, str], kinds: Iterable[str]) -> list[str]:
    terms: dict[str, None] = {}
    for kind in sorted(kinds):
        for word in table[kind].split():
            column, term = (
                ("words", fold(word)) if script_is_latin(word) else ("names", name_key(word))
            )
            terms[f'{column}:"{term}"'] = None
    return list(terms)


def kinds_of_thing(statement: Statement) -> set[str]:
    """The kinds of thing (see :data:`KINDS_OF_THING`) a statement's words name."""
    return {KINDS_OF_THING[w] for w in statement.stems if w in KINDS_OF_THING}


def kinds_of_happening(statement: Statement) -> set[str]:
    """The kinds of happening (see :data:`KINDS_OF_HAPPENING`) a statement's words name."""
    return {KINDS_OF_HAPPENING[w] for w in statement.stems if w in KINDS_OF_HAPPENING}


_PLACE_SUFFIX = re.compile(r"(?:sk|k|c)$")
_PLACE_ROOT = 5


def place_root(token: str) -> str | None:
    """The root a place name shares with the district or adjective named after it
    (Saltivka, Saltivskyi; Darnytsia, Darnytskyi; Obolon, Obolonskyi), as name key letters:
    the key without its endings in k, sk and c; None when that leaves too little to tell
    it from other names."""
    root = token
    while (shorter := _PLACE_SUFFIX.sub("", root)) != root and len(shorter) >= _PLACE_ROOT:
        root = shorter
    return root if len(root) >= _PLACE_ROOT else None


def _tokens_agree(a: str, b: str) -> bool:
    return a == b or (place_root(a) is not None and place_root(a) == place_root(b))


def names_shared(a: Statement, b: Statement) -> int:
    """How many words of one statement's names the other's names have too ("Kharkiv's
    Saltivskyi" shares two with "Kharkiv" and "Saltivka"): a district may stand for the
    place it is named after (see :func:`place_root`) when another word is shared exactly."""
    tokens_a = {t for key in a.confirmed_names for t in key.split()}
    tokens_b = {t for key in b.confirmed_names for t in key.split()}
    exact = tokens_a & tokens_b
    if not exact:
        return 0
    rest_b = tokens_b - exact
    fuzzy = {t for t in tokens_a - exact if any(_tokens_agree(t, u) for u in rest_b)}
    return len(exact) + len(fuzzy)


def names_agree_loosely(a: Statement, b: Statement) -> bool:
    """:func:`names_agree`, a district named after its place counting as that place."""
    tokens_a = {t for key in a.confirmed_names for t in key.split()}
    tokens_b = {t for key in b.confirmed_names for t in key.split()}

    def missing(key: str, theirs: set[str]) -> bool:
        return not any(_tokens_agree(t, u) for t in key.split() for u in theirs)

    only_a = [key for key in a.confirmed_names if missing(key, tokens_b)]
    only_b = [key for key in b.confirmed_names if missing(key, tokens_a)]
    return not (only_a and only_b)
