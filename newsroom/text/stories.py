"""Story boundaries found from the text itself.

A live-blog page flattened to one paragraph runs several stories together. Walking the
sentences in order, a sentence stays with the current story when:

- it opens as a continuation: a pronoun or possessive ("He claimed", "His comments",
  "It comes after"), a linking word ("But", "However"), a definite description with no
  name ("The defence ministry ...", "The city ..."), or a speaker who "added";
- it is about checking what came before ("could not independently verify"), or refers
  back to it ("denied the claims", "the attack", "rejected it");
- or it is lexically cohesive with the story: it shares enough specific words with it.

Specificity is weighted within the bulletin (a word in every second sentence, such as
"Ukraine" on a Ukraine live blog, binds nothing); names weigh more than other words.
A bulletin of three sentences or fewer is one story (a wire item is about one thing).
Otherwise a sentence that brings a new name starts a new story (lexical cohesion in the
manner of Hearst's TextTiling, with discourse cues). Paragraph breaks are not needed.

When the text has structure (:func:`newsroom.text.sentences.read_layout`), it is the
first cut:

- a live-blog post always starts a new story;
- a paragraph break is a strong hint: there, a sentence without new names continues the
  story only if it shares a word with it (or opens as a continuation), so two paragraphs
  of one article about one subject still form one story;
- a heading is no sentence, but its words join the sentence after it: they name that
  sentence's story, and a new name in the heading starts a new one. Across a heading a
  pronoun or a linking word refers to the heading's subject, so only shared words keep
  the story going.
"""

from __future__ import annotations

import math
import re
from collections import Counter, deque
from collections.abc import Container, Iterable
from functools import lru_cache
from itertools import chain

from newsroom.names import fold, is_name, name_key, words
from newsroom.text.cues import signal_patterns
from newsroom.text.sentences import POST
from newsroom.text.signals import signals_of

_CONTINUATION_OPENERS = frozenset(
    "he she it they his her its their this these those such but and however yet also still "
    "then there both neither nor instead moreover furthermore earlier "
    "later previously afterwards".split()
)
_SHIFT = re.compile(r"^(?:elsewhere|in other news|separately|meanwhile, in)\b", re.IGNORECASE)
_BACK_REFERENCE = re.compile(
    r"\b(?:" + "|".join(signal_patterns("back_reference")) + r")\b", re.IGNORECASE
)
_STAYS = re.compile(
    r"\b(?:"
    + "|".join(signal_patterns("back_reference") + signal_patterns("story_answer"))
    + r")\b",
    re.IGNORECASE,
)
"""What keeps a sentence in its story: a back reference, or an answer to what the story said
("denied that the town had fallen"), cue data in ``[signals] story_answer``."""
"""A reference to what came before ("the claims", "denied it", "эти сведения"): cue data
per language, in ``[signals] back_reference`` of :mod:`newsroom.text.cues`."""
_ONE_STORY_UP_TO = 3
_ADDED = re.compile(r"^(?:\S+\s+){0,5}?(?:added|adds|continued|went on)\b", re.IGNORECASE)
STOPWORDS = frozenset(
    "a about above after again against all also am an and any are as at be because been "
    "before being below between both but by can could did do does doing down during each few "
    "for from further had has have having he her here hers herself him himself his how i if "
    "in into is it its itself just least more most much my no nor not now of off on once only "
    "or other our out over own same she should so some such than that the their them then "
    "there these they this those through to too under until up very was we were what when "
    "where which while who whom why will with would you your said says say saying told added "
    "adds according claimed claims one two three four five six seven eight nine ten several "
    "many dozens hundreds thousands monday tuesday wednesday thursday friday saturday sunday "
    "yesterday today week weeks day days year years month months time after earlier later "
    "since may might must shall would least mr mrs ms dr".split()
)
_CYRILLIC_STOPWORDS = frozenset(
    "это этот эта эти его ее её их они она оно был была было были будет как так что чтобы "
    "который которая которые также еще ещё уже при после для или если когда где там тут "
    "здесь над под без между через около более менее всех всего весь вся все свой своей "
    "своих сказал сказала заявил заявила сообщил сообщила сообщили заявили по словам "
    "цей ця ці цього його її їх вони вона воно був була було були буде як що щоб який яка "
    "які також ще вже після для або якщо коли де там тут над під без між через близько "
    "більше менше всіх всього весь вся всі свій своєї своїх сказав сказала заявив заявила "
    "повідомив повідомила повідомили заявили понеділок вівторок середа четвер пятниця "
    "понедельник вторник среда четверг пятница суббота воскресенье неділя субота".split()
)
"""Russian and Ukrainian words too common to bind sentences into a story."""
_CYRILLIC_STEM = 6
"""At most the letters of a Cyrillic content word kept, and at least four, less its last
three: a crude stem over case endings (дронами, дронів: дрон; нефтебазу, нефтебазе)."""
_NAME_WEIGHT = 1.3
_WORD_WEIGHT = 0.45
_THRESHOLD = 1.0
_NEVER_UBIQUITOUS = 5
"""A word in this many sentences or fewer still binds, however short the bulletin: only a
long page has words that are everywhere ("Ukraine" on a Ukraine live blog)."""
_WINDOW = 5
"""Sentences of the current story its next sentence is compared with (TextTiling's block):
a long live-blog page must not become one story because its vocabulary piled up."""


@lru_cache(maxsize=65_536)
def _terms(sentence: str) -> tuple[frozenset[str], frozenset[str]]:
    """Name keys and content-word stems of a sentence (sentence-initial words count as
    names only when they are not common words). Cached: wire copy repeats sentences."""
    names: set[str] = set()
    content: set[str] = set()
    for word in words(sentence):
        term = _term(word)
        if term is None:
            continue
        (names if term[0] else content).add(term[1])
    return frozenset(names), frozenset(content)


@lru_cache(maxsize=100_000)
def _term(word: str) -> tuple[bool, str] | None:
    """(True, name key) for a name, (False, stem) for a content word, None for the rest."""
    lowered = fold(word)
    if lowered in STOPWORDS or len(lowered) < 3 or lowered.isdigit():
        return None
    if _is_cyrillic(word):
        # Cyrillic: a capital makes a name; other words are content words, cut to a stem
        small = word.lower()
        if small in _CYRILLIC_STOPWORDS:
            return None
        if word[:1].isupper():
            return True, name_key(word)
        return False, small[: min(_CYRILLIC_STEM, max(4, len(small) - 3))]
    return (True, name_key(word)) if is_name(word) else (False, _stem(lowered))


def _stem(word: str) -> str:
    """A crude English stem, enough to match "strike" with "strikes" and "struck" never."""
    for suffix in ("ies", "ing", "ed"):
        if word.endswith(suffix) and len(word) - len(suffix) >= 4:
            return word[: -len(suffix)]
    if word.endswith("s") and not word.endswith("ss") and len(word) > 4:
        word = word[:-1]
    return word[:-1] if word.endswith("e") and len(word) > 4 else word


def opens_continuation(sentence: str) -> bool:
    tokens = words(sentence)
    if not tokens:
        return True
    first = tokens[0].lower()
    if first in _CONTINUATION_OPENERS:
        return True
    if first == "the" and len(tokens) >= 3:
        head = tokens[1:4]
        if not any(is_name(t) or t.isdigit() for t in head):
            return True
    return bool(_ADDED.match(sentence))


def _opens_strongly(sentence: str) -> bool:
    """A pronoun, possessive or linking word first, or a speaker who "added"."""
    tokens = words(sentence)
    return bool(tokens) and (
        tokens[0].lower() in _CONTINUATION_OPENERS or bool(_ADDED.match(sentence))
    )


def segment_stories(
    sentences: list[str],
    breaks: list[int] | None = None,
    headings: list[str] | None = None,
) -> list[int]:
    """The story index (0, 1, ...) of each sentence.

    ``breaks`` and ``headings`` (one per sentence, from
    :func:`newsroom.text.sentences.read_layout`) give what comes before each sentence: a
    paragraph or post break, and the headings that name it.
    """
    if not sentences:
        return []
    total = len(sentences)
    breaks = breaks or [0] * total
    if total <= _ONE_STORY_UP_TO and POST not in breaks and not any(headings or ()):
        # A short bulletin is one story; only a sentence that announces a shift leaves it.
        stories = [0]
        for sentence in sentences[1:]:
            stories.append(stories[-1] + (1 if _SHIFT.match(sentence) else 0))
        return stories
    common = _common_words(sentences, headings or ())
    inner_names = _InnerNames(sentences)
    heading_terms = [
        _opening_word_is_common(h, *_terms(h), common) if h else None
        for h in headings or [""] * total
    ]
    term_sets = []
    for index, sentence in enumerate(sentences):
        names, content = _opening_word_is_common(sentence, *_terms(sentence), common)
        heading = heading_terms[index]
        if heading:
            names, content = names | heading[0], content | heading[1]
        term_sets.append((names, content))
    document_frequency = Counter(chain.from_iterable(n | c for n, c in term_sets))

    # A term's specificity depends only on how many sentences hold it: one weight each.
    ubiquity = 0.2 if total >= 10 else 0.34 if total >= 6 else 1.0
    scale = math.log(1 + total)
    weights = [0.0] + [
        0.0
        if frequency / total > ubiquity and frequency > _NEVER_UBIQUITOUS
        else math.log(1 + total / frequency) / scale
        for frequency in range(1, total + 1)
    ]
    specificity = {term: weights[frequency] for term, frequency in document_frequency.items()}

    roles: dict[int, tuple[set[str], set[str]]] = {}

    def role(index: int) -> tuple[set[str], set[str]]:
        """(names that can move the story, persons named) of a sentence, read when needed."""
        if index not in roles:
            persons: set[str] = set()
            roles[index] = (_shifting_names(sentences[index], inner_names, persons), persons)
        return roles[index]

    stories = [0]
    window = deque([term_sets[0]], maxlen=_WINDOW)
    members = deque([0], maxlen=_WINDOW)
    story_names, story_content = set(term_sets[0][0]), set(term_sets[0][1])
    for index in range(1, total):
        names, content = term_sets[index]
        sentence = sentences[index]
        shared_names = names & story_names
        shared_content = content & story_content
        cohesion = (
            _NAME_WEIGHT * sum(map(specificity.__getitem__, shared_names)) if shared_names else 0.0
        ) + (
            _WORD_WEIGHT * sum(map(specificity.__getitem__, shared_content))
            if shared_content
            else 0.0
        )
        new_names = [t for t in names - story_names if specificity[t] > 0]
        # The cheap tests first; the expressions only run when the words do not decide.
        if breaks[index] == POST:
            continues = False
        elif heading_terms[index]:
            continues = cohesion >= _THRESHOLD or (
                not new_names and _shares(names, content, story_names, story_content)
            )
        elif breaks[index]:
            continues = not _SHIFT.match(sentence) and (
                total <= _ONE_STORY_UP_TO
                or cohesion >= _THRESHOLD
                or (not new_names and _shares(names, content, story_names, story_content))
                or _refers_back(sentence, strong_only=True)
            )
        elif total <= _ONE_STORY_UP_TO or cohesion >= _THRESHOLD or not new_names:
            continues = not _SHIFT.match(sentence)
        else:
            shifting = role(index)[0]
            moving = [t for t in new_names if t in shifting]
            continues = not _SHIFT.match(sentence) and (
                not moving
                or _refers_back(
                    sentence,
                    strong_only=_names_early(sentence, moving)
                    and not _names_a_known_thing(sentence, story_content),
                )
                # "According to Sedykh, ...": a person the story named
                or any(not names.isdisjoint(role(m)[1]) for m in members)
            )
        if continues:
            stories.append(stories[-1])
            if len(window) < _WINDOW:  # nothing leaves the window: the story only grows
                story_names |= names
                story_content |= content
                window.append((names, content))
                members.append(index)
                continue
            window.append((names, content))
            members.append(index)
        else:
            stories.append(stories[-1] + 1)
            window = deque([(names, content)], maxlen=_WINDOW)
            members = deque([index], maxlen=_WINDOW)
        story_names = set().union(*(w[0] for w in window))
        story_content = set().union(*(w[1] for w in window))
    return stories


_SUB_PLACE = re.compile(
    r"^(?:district|neighbou?rhood|suburb|quarter|street|avenue|square|raion|microdistrict"
    r"|estate|village|settlement|area)\b",
    re.IGNORECASE,
)
_NAME_TOKEN = re.compile(r"^[A-ZА-ЯІЇЄҐ][\w’'-]*$")
DEMONYM = re.compile(r"^[A-Z][a-z]+(?:ian|ish|ese|ean)(?:-[a-z]+)?$|^[A-Z][a-z]+-[a-z]+$")
"""An adjective of a people or a compound with a name ("Russian", "Russian-installed",
"Kremlin-backed"), capitalised but no place: it moves no story."""


@lru_cache(maxsize=100_000)
def _is_name_token(token: str) -> bool:
    """A capitalised word that may be part of a name (not "The", not "Russian-installed")."""
    return (
        token[:1].isupper()
        and bool(_NAME_TOKEN.match(token))
        and token.lower() not in STOPWORDS
        and not DEMONYM.match(token)  # "Russian-installed", "Ukrainian": adjectives
    )


def _shifting_names(
    sentence: str, inner_names: Container[str], persons: set[str] | None = None
) -> set[str]:
    """The name keys of a sentence that can move a run-on page to a new story: places and
    organisations, not a person the story brings in ("Mykola Bondar, head of the regional
    administration, said"), not a district or street of the place it is about ("in the
    Obolon district"), and not a capitalised first word the bulletin never capitalises
    inside a sentence ("Debris fell ..."). The persons named are added to ``persons``."""
    shifting: set[str] = set()
    for keys, role, opening in _name_runs(sentence):
        if opening is not None and opening not in inner_names:
            continue  # an ordinary word capitalised because it opens the sentence
        if role == "person":
            if persons is not None:
                persons.update(keys)
        elif role == "place":
            shifting.update(keys)
    return shifting


@lru_cache(maxsize=65_536)
def _name_runs(sentence: str) -> tuple[tuple[tuple[str, ...], str, str | None], ...]:
    """The runs of capitalised words of a sentence: (name keys, "person" / "place" / "sub"
    for a district or street, the word itself when the run is a lone first word that may be
    capitalised only because it opens the sentence). Cached: it depends on nothing else."""
    tokens = [t.strip(',;:.!?"“”«»()[]') for t in sentence.split()]
    flags = [_is_name_token(token) for token in tokens]
    runs: list[tuple[tuple[str, ...], str, str | None]] = []
    index = 0
    while index < len(tokens):
        if not flags[index]:
            index += 1
            continue
        end = index
        while end + 1 < len(tokens) and flags[end + 1]:
            end += 1
        run = tokens[index : end + 1]
        following = tokens[end + 1] if end + 1 < len(tokens) else ""
        bare = [_POSSESSIVE_END.sub("", t) for t in run]
        person = len(run) >= 2 and not any(t != b for t, b in zip(run, bare, strict=True))
        role = "person" if person else "sub" if _SUB_PLACE.match(following) else "place"
        opening = bare[0] if index == 0 and len(run) == 1 and bare[0] == run[0] else None
        runs.append((tuple(name_key(t) for t in bare), role, opening))
        index = end + 1
    return tuple(runs)


def _names_early(sentence: str, keys: list[str]) -> bool:
    """Whether one of these name keys comes in the sentence's opening words: "The backup
    power line to the Zaporizhzhia plant ..." is a definite description of something new,
    not a reference back."""
    opening = (t.strip(',;:.!?"“”«»()') for t in sentence.split()[:8])
    return any(is_name(t) and name_key(t) in keys for t in opening if t)


def _names_a_known_thing(sentence: str, story_content: set[str]) -> bool:
    """ "The talks have been hosted by Cuba ...": a definite description whose noun the story
    already used refers back, whatever new names follow."""
    tokens = words(sentence)[1:4]
    return any((term := _term(t)) is not None and term[1] in story_content for t in tokens)


_POSSESSIVE_END = re.compile(r"['’]s$")
_INNER_CAPITAL = re.compile(
    r"(?<=\s)[\"“«(]*([A-ZА-ЯІЇЄҐ][\w’'-]*?)(?:['’]s)?(?=[\s,;:.!?\"”»)]|$)"
)
"""A capitalised word after a sentence's first, without its possessive."""


class _InnerNames:
    """Words a bulletin capitalises inside a sentence (after its first word), found on the
    first question: most bulletins never ask."""

    def __init__(self, sentences: list[str]) -> None:
        self._sentences = sentences
        self._found: set[str] | None = None

    def __contains__(self, word: object) -> bool:
        if self._found is None:
            self._found = set()
            for sentence in self._sentences:
                self._found.update(_INNER_CAPITAL.findall(sentence))
        return word in self._found


def _common_words(sentences: list[str], headings: Iterable[str]) -> set[str]:
    """Of the words that open the sentences and headings, lower-cased, those the bulletin
    also writes in lower case; and the name keys of the Cyrillic words it capitalises inside
    a sentence (marked with a leading capital "N:"). Only opening words are ever asked about
    (:func:`_opening_word_is_common`), so only they are looked for."""
    openers: set[str] = set()
    for text in (*sentences, *headings):
        tokens = words(text) if text else ()
        if tokens and tokens[0][0].isupper():
            openers.add(tokens[0][0].lower() + tokens[0][1:])
    common = openers.intersection(chain.from_iterable(map(words, sentences)))
    for sentence in sentences:
        if not sentence.isascii():
            common.update("N:" + name_key(t) for t in words(sentence)[1:] if _is_cyrillic(t))
    return common


def _is_cyrillic(word: str) -> bool:
    return "\u0400" <= word[:1] <= "\u04ff"


def _opening_word_is_common(
    sentence: str, names: set[str], content: set[str], common: Container[str]
) -> tuple[set[str], set[str]]:
    """A capitalised first word that the bulletin also writes in lower case ("Port officials
    said ...", after "the river port") is a content word, not a name. So is a Cyrillic one
    that the bulletin never capitalises inside a sentence ("Пожар потушили ...")."""
    tokens = words(sentence)
    if not tokens or not tokens[0][:1].isupper():
        return names, content
    first = tokens[0]
    lowered = first[:1].lower() + first[1:]
    if _is_cyrillic(first):
        if "N:" + name_key(first) in common or first.isupper():
            return names, content
    elif lowered not in common or first in tokens[1:]:
        return names, content
    term = _term(lowered)
    names = names - {name_key(first)}
    return names, (content | {term[1]}) if term else content


def _refers_back(sentence: str, strong_only: bool = False) -> bool:
    """A continuation opener, a verification note or a reference to what came before.

    ``strong_only`` leaves out the weakest opener, a definite description ("The city ..."),
    which across a paragraph break may as well open a new story."""
    return (
        (_opens_strongly(sentence) if strong_only else opens_continuation(sentence))
        or "not_independently_verified" in signals_of(sentence)
        or bool(_STAYS.search(sentence))
    )


@lru_cache(maxsize=65_536)
def refers_back(sentence: str) -> bool:
    """A reference to what came before: "the claims", "denied it", "эти сведения"."""
    return bool(_BACK_REFERENCE.search(sentence))


def _shares(
    names: set[str], content: set[str], story_names: set[str], story_content: set[str]
) -> bool:
    """True when a sentence shares any name or content word with the story, however common."""
    return not names.isdisjoint(story_names) or not content.isdisjoint(story_content)
