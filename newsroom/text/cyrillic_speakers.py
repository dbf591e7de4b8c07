"""Who a Russian or Ukrainian sentence credits for its statement, read with pymorphy3.

Word forms are never matched by hand-written endings: a speech verb is any past or present
form of a lemma listed in ``newsroom/text/cues/<lang>.toml`` (pymorphy3 lists the forms, so
"заявил", "заявила", "заявило", "заявили", "утверждают" and "стверджує" all count), and a
noun phrase is read by its cases, numbers and genders. The forms covered, in the order
they are tried:

- a relay: "ТАСС со ссылкой на источник сообщает" gives "источник, via ТАСС" (but "со
  ссылкой на свои источники" gives the outlet alone);
- a source phrase: "По словам губернатора Ивана Петрова, ..." gives "Иван Петров",
  "За даними Генштабу ЗСУ" gives "Генштаб ЗСУ", "согласно заявлению Минобороны" and
  "говорится в заявлении Минобороны" give "Минобороны" (the phrase's case is known from
  the list it is in; the head noun and its adjectives go back to the nominative, their
  genitive dependents stay as written); "По его словам" is the last person named;
- a speech verb and its subject, which agrees with it in number (and gender, in the past
  singular): before the verb ("Міноборони Росії заявило, що ...", "Глава МИД Сергей
  Лавров заявил ..."), or after it when nothing before can be its subject ("Как сообщил
  глава администрации Иван Петров, ...", "..., заявив речник ОВА Андрій Кравець",
  "..., сообщило ведомство", "Об этом сообщил журналистам губернатор"), or before a
  segment set off by commas ("Сергей Ветров, выступая на брифинге, заявил"); a verb
  closing the sentence is tried first, a verb in a subordinate clause last, a negated one
  only before "что" ("не отрицал, что ..."); "X, которого цитирует Интерфакс, заявил"
  gives "X, via Интерфакс";
- an impersonal plural with no subject: "сообщили в ведомстве" gives "ведомство", "Там
  заявили" the body named last; a claim before the verb is its object, not its subject
  ("Сообщения о ... опровергли в Минобороны России" gives "Минобороны России").

A place or body after "в"/"у" goes back to the nominative in its place reading and with
its adjectives ("в Києві" gives "Київ", not the first name "Кий"; "в міській раді" gives
"міська рада"); a capitalised word whose nominative stays uncertain is kept as written.

A phrase that ends in a person's name gives the name alone, without the title ("глава
администрации Иван Петров" gives "Иван Петров"); a phrase without a name is given whole,
as written when it is in the nominative. Pronouns ("он", "вона", "они") are the last
person or speaker named; a bare surname is the full name used earlier in the bulletin (in
any case: "Губернатор Сергей Ветров ..." then "по словам Ветрова"). Passives and
reflexives ("сообщается", "повідомляється", "было заявлено") credit nobody; quoted speech
(«...», “...”) is never a speaker, but a short quoted name in a phrase is a name
("агентство «Интерфакс»"). Gerunds, infinitives and future forms are not speech acts.

The public functions: :func:`is_cyrillic` (which sentences come here),
:func:`attribute_cyrillic` (called by ``attribution.attribute``),
:func:`counter_party_cyrillic` (the denier in a two-party sentence), :func:`makes_claim`
(a claim verb in the sentence) and :func:`language`.

The analyzers are loaded on first use (about 0.1 s for both), never for English text;
word analyses are cached.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import cache, lru_cache
from typing import TYPE_CHECKING, Any, NamedTuple

from newsroom.text.cues import cues

if TYPE_CHECKING:
    from newsroom.text.attribution import Speakers

LANGUAGES = ("ru", "uk")

_CYRILLIC_LETTERS = re.compile(r"[\u0400-\u04ff]")
_LATIN_LETTERS = re.compile(r"[A-Za-z]")
_UKRAINIAN_LETTERS = re.compile(r"[іїєґІЇЄҐ]")
_RUSSIAN_LETTERS = re.compile(r"[ыэъёЫЭЪЁ]")
_QUOTED = re.compile(r"«[^«»]*(?:«[^«»]*»[^«»]*)*»|“[^“”]*”|„[^„“”]*[“”]|\"[^\"]*\"|‘[^‘’]*’(?!\w)")
_TOKEN = re.compile(r"[^\W\d_]+(?:['’ʼ-][^\W\d_]+)*|\d+(?:[.,:]\d+)*|[^\w\s]")
_SENTENCE_PUNCTUATION = re.compile(r"[.!?,;:…]")
_APOSTROPHES = str.maketrans({"’": "'", "ʼ": "'", "`": "'"})
_BOUNDARY_PUNCTUATION = frozenset(',;:—–()[]!?…."«»“”„')
_NOMINAL_POS = frozenset({"NOUN", "ADJF", "PRTF", "NUMR"})
_CASES = {"gen2": "gent", "gen1": "gent", "loc2": "loct", "loc1": "loct", "acc2": "accs"}
_SPEAKER_CASES = ("nomn", "gent", "datv", "accs", "ablt", "loct")


def is_cyrillic(text: str) -> bool:
    """True when a sentence is written in Cyrillic: more Cyrillic letters than Latin ones."""
    if text.isascii() or not _CYRILLIC_LETTERS.search(text):
        return False
    return len(_CYRILLIC_LETTERS.findall(text)) >= len(_LATIN_LETTERS.findall(text))


def language(text: str) -> str:
    """ "uk" or "ru": letters only one of them has, else the dictionary that knows more of
    the words (Russian on a tie)."""
    if _UKRAINIAN_LETTERS.search(text):
        return "uk"
    if _RUSSIAN_LETTERS.search(text):
        return "ru"
    known = {"ru": 0, "uk": 0}
    for token in _TOKEN.findall(text)[:16]:
        if token[:1].isalpha() and _CYRILLIC_LETTERS.match(token):
            low = token.lower()
            for lang in LANGUAGES:
                known[lang] += _is_known(lang, low)
    return "uk" if known["uk"] > known["ru"] else "ru"


# The analyzers: created on first use, shared by every caller.
_ANALYZERS: dict[str, Any] = {}


def _analyzer(lang: str) -> Any:
    analyzer = _ANALYZERS.get(lang)
    if analyzer is None:
        import pymorphy3

        analyzer = _ANALYZERS[lang] = pymorphy3.MorphAnalyzer(lang=lang)
    return analyzer


@lru_cache(maxsize=100_000)
def _is_known(lang: str, low: str) -> bool:
    return bool(_analyzer(lang).word_is_known(low))


# --- the cue data ---------------------------------------------------------------------


class _Verb(NamedTuple):
    """One reading of a speech-verb form: its lemma, number and (past singular) gender."""

    lemma: str
    number: str
    gender: str | None
    inverted_only: bool


class _Cues(NamedTuple):
    verbs: dict[str, tuple[_Verb, ...]]
    claim_forms: frozenset[str]
    phrases: re.Pattern[str] | None
    phrase_cases: dict[str, str]
    relayed: re.Pattern[str] | None
    documents: frozenset[str]
    person_pronouns: frozenset[str]
    any_pronouns: frozenset[str]
    impersonal_in: frozenset[str]
    skip_words: frozenset[str]
    time_words: frozenset[str]
    subordinators: frozenset[str]
    negations: frozenset[str]
    that: frozenset[str]
    place_pronouns: frozenset[str]
    possessives: re.Pattern[str] | None
    person_possessives: frozenset[str]
    topic_prepositions: frozenset[str]
    place_argument_verbs: frozenset[str]
    quoting_forms: frozenset[str]
    denial_verbs: frozenset[str]
    own: frozenset[str]
    claim_nouns: re.Pattern[str] | None


def _plain(word: str) -> str:
    return word.lower().replace("ё", "е").translate(_APOSTROPHES)


@cache
def _cues(lang: str) -> _Cues:
    table = cues(lang).get("speakers", {})
    verbs: dict[str, list[_Verb]] = {}
    for key, inverted_only in (("speech_verbs", False), ("inverted_only_verbs", True)):
        for lemma in table.get(key, []):
            for form, reading in _verb_forms(lang, lemma, inverted_only):
                verbs.setdefault(form, []).append(reading)
    claim_forms = frozenset(
        form
        for lemma in table.get("claim_verbs", [])
        for form, _ in _verb_forms(lang, lemma, inverted_only=False)
    )
    phrase_cases: dict[str, str] = {}
    for key, case in (
        ("according_to", "gent"),
        ("according_to_dative", "datv"),
        ("according_to_instrumental", "ablt"),
        ("document_says", "loct"),
    ):
        for phrase in table.get(key, []):
            phrase_cases[" ".join(_plain(phrase).split())] = case
    return _Cues(
        verbs={form: tuple(readings) for form, readings in verbs.items()},
        claim_forms=claim_forms,
        phrases=_phrase_pattern(phrase_cases),
        phrase_cases=phrase_cases,
        relayed=_phrase_pattern(table.get("relayed", [])),
        documents=frozenset(_plain(w) for w in table.get("source_documents", [])),
        person_pronouns=frozenset(table.get("person_pronouns", [])),
        any_pronouns=frozenset(table.get("any_pronouns", [])),
        impersonal_in=frozenset(table.get("impersonal_in", [])),
        skip_words=frozenset(_plain(w) for w in table.get("skip_words", [])),
        time_words=frozenset(_plain(w) for w in table.get("time_words", [])),
        subordinators=frozenset(_plain(w) for w in table.get("subordinators", [])),
        negations=frozenset(table.get("negations", [])),
        that=frozenset(table.get("that", [])),
        place_pronouns=frozenset(table.get("place_pronouns", [])),
        possessives=_possessive_pattern(
            phrase_cases, table.get("person_possessives", []) + table.get("any_possessives", [])
        ),
        person_possessives=frozenset(table.get("person_possessives", [])),
        topic_prepositions=frozenset(table.get("topic_prepositions", [])),
        place_argument_verbs=frozenset(_plain(w) for w in table.get("place_argument_verbs", [])),
        quoting_forms=frozenset(
            form
            for lemma in table.get("quoting_verbs", [])
            for form, _ in _verb_forms(lang, lemma, inverted_only=False)
        ),
        denial_verbs=frozenset(_plain(w) for w in table.get("denial_verbs", [])),
        own=frozenset(_plain(w) for w in table.get("own_sources", [])),
        claim_nouns=_word_pattern(cues(lang).get("words", {}).get("claim_nouns", [])),
    )


def _word_pattern(fragments: list[str]) -> re.Pattern[str] | None:
    """A ``[words]`` list as one expression a whole lower-case word must match."""
    if not fragments:
        return None
    return re.compile("(?:" + "|".join(fragments) + ")")


def _possessive_pattern(phrases: dict[str, str], pronouns: list[str]) -> re.Pattern[str] | None:
    """ "по его словам", "за їхніми даними": a source phrase with a possessive inside."""
    split = [p.split(maxsplit=1) for p, case in phrases.items() if " " in p and case != "loct"]
    if not split or not pronouns:
        return None
    alternation = "|".join(
        rf"{re.escape(first)}\s+(?P<p{i}>{'|'.join(map(re.escape, pronouns))})\s+"
        + r"\s+".join(map(re.escape, rest.split()))
        for i, (first, rest) in enumerate(split)
    )
    return re.compile(rf"(?<!\w)(?:{alternation})(?!\w)")


def _phrase_pattern(phrases: Any) -> re.Pattern[str] | None:
    phrases = sorted({" ".join(_plain(p).split()) for p in phrases}, key=len, reverse=True)
    if not phrases:
        return None
    alternation = "|".join(r"\s+".join(map(re.escape, p.split())) for p in phrases)
    return re.compile(rf"(?<!\w)(?:{alternation})(?!\w)")


def _verb_forms(lang: str, lemma: str, inverted_only: bool) -> list[tuple[str, _Verb]]:
    """Every past and present third-person form of a verb lemma, with its readings.

    Future, imperative and impersonal forms are left out: "заявит" has not said anything
    yet, and "заявлено" is a passive that credits nobody."""
    plain = _plain(lemma)
    found: list[tuple[str, _Verb]] = []
    for parse in _analyzer(lang).parse(lemma):
        grammemes = parse.tag.grammemes
        # the Ukrainian dictionary tags some infinitives as plain verbs ("відкидати")
        infinitive = (
            parse.tag.POS == "INFN"
            or "infn" in grammemes
            or (parse.tag.POS == "VERB" and parse.word == parse.normal_form)
        )
        if not infinitive or _plain(parse.normal_form) != plain:
            continue
        for form in parse.lexeme:
            tags = form.tag.grammemes
            if form.tag.POS != "VERB" or tags & {"impr", "futr", "Impe", "1per", "2per", "infn"}:
                continue
            number = "plur" if "plur" in tags else "sing"
            if "past" in tags:
                gender = _str(form.tag.gender) if number == "sing" else None
            elif "pres" in tags and "3per" in tags:
                gender = None
            else:
                continue
            found.append((_plain(form.word), _Verb(plain, number, gender, inverted_only)))
    return found


def known_lemma(lang: str, lemma: str) -> bool:
    """True when pymorphy3 knows ``lemma`` as a verb's infinitive (for the cue files' tests)."""
    return bool(_verb_forms(lang, lemma, inverted_only=False))


def makes_claim(sentence: str) -> bool:
    """True when a Cyrillic sentence holds a form of a claim verb ("заявил", "стверджує")."""
    if not is_cyrillic(sentence):
        return False
    forms = _cues(language(sentence)).claim_forms
    return any(_plain(token) in forms for token in _TOKEN.findall(sentence))


# --- words ----------------------------------------------------------------------------


class _Parse(NamedTuple):
    pos: str
    case: str | None
    number: str
    gender: str | None
    name: str | None  # "Name", "Surn" or "Patr"
    fixed: bool
    geo: bool
    anim: bool
    pronominal: bool  # "его", "этот", "свой": never a noun's stand-in
    lemma: str
    parse: Any


class _Word(NamedTuple):
    kind: str  # prep, conj, sub, nominal, pron, skip, neg, other
    parses: tuple[_Parse, ...]
    known: bool


@lru_cache(maxsize=100_000)
def _word(lang: str, low: str) -> _Word:
    """What pymorphy3 says of a lower-case word, reduced to what the rules use."""
    table = _cues(lang)
    plain = low.replace("ё", "е")
    if low in table.negations:
        return _Word("neg", (), True)
    if low in table.person_pronouns or low in table.any_pronouns:
        return _Word("pron", (), True)
    if plain in table.skip_words:
        return _Word("skip", (), True)
    if plain in table.subordinators:
        return _Word("sub", (), True)
    analyzer = _analyzer(lang)
    parses = analyzer.parse(low)
    best = max(p.score for p in parses)
    likely = [p for p in parses if p.score >= best / 2]
    pos = {p.tag.POS for p in likely}
    known = analyzer.word_is_known(low)
    if any(_plain(p.normal_form) in table.subordinators for p in likely if p.tag.POS != "NOUN"):
        return _Word("sub", (), known)
    if "PREP" in pos:
        return _Word("prep", (), known)
    if "CONJ" in pos:
        return _Word("conj", (), known)
    nominal = tuple(_reduce(p) for p in parses if p.tag.POS in _NOMINAL_POS)
    if pos & {"PRCL", "INTJ", "ADVB"} and not pos & _NOMINAL_POS:
        return _Word("skip", nominal, known)
    if nominal and pos & _NOMINAL_POS:
        return _Word("nominal", nominal, known)
    return _Word("other", nominal, known)


def _reduce(parse: Any) -> _Parse:
    tag = parse.tag
    grammemes = tag.grammemes
    number = "plur" if grammemes & {"plur", "Pltm"} else "sing"
    name = next((g for g in ("Name", "Surn", "Patr") if g in grammemes), None)
    case = _str(tag.case)
    return _Parse(
        pos=_str(tag.POS) or "",
        # the Ukrainian dictionary leaves some nominatives without a case grammeme
        case=_CASES.get(case, case) if case else ("nomn" if tag.POS in _NOMINAL_POS else None),
        number=number,
        gender=_str(tag.gender) or ("ms-f" if "ms-f" in grammemes else None),
        name=name,
        fixed=bool(grammemes & {"Fixd", "Abbr"}),
        geo="Geox" in grammemes,
        anim="anim" in grammemes,
        pronominal="Apro" in grammemes,
        lemma=_plain(parse.normal_form),
        parse=parse,
    )


def _str(value: Any) -> str | None:
    """A pymorphy3 grammeme as a plain string (its own type refuses comparisons with
    grammemes of other attributes)."""
    return str(value) if value else None


class _Token:
    """A word, number, punctuation mark or quotation of a sentence."""

    __slots__ = ("end", "kind", "low", "start", "text", "word")

    def __init__(self, text: str, kind: str, start: int, end: int) -> None:
        self.text = text
        self.kind = kind  # word, initial, qname (a quoted name), quote, number, punct
        self.start = start
        self.end = end
        self.low = _plain(text)
        self.word: _Word | None = None


class _Sentence:
    """A sentence's tokens, with the analyses looked up on demand."""

    def __init__(self, text: str, lang: str) -> None:
        self.text = text
        self.lang = lang
        self.cues = _cues(lang)
        self.tokens = _tokens(text)

    def word(self, i: int) -> _Word:
        token = self.tokens[i]
        if token.word is None:
            token.word = _token_word(self.lang, token)
        return token.word

    def kind(self, i: int) -> str:
        return self.word(i).kind

    def nominal(self, i: int) -> bool:
        return self.kind(i) == "nominal"

    def boundary(self, i: int) -> bool:
        token = self.tokens[i]
        if token.kind in ("punct", "quote"):
            return token.text in _BOUNDARY_PUNCTUATION or token.kind == "quote"
        return self.kind(i) in ("conj", "sub")


_INDECLINABLE = _Word("nominal", (), False)
_PUNCTUATION = _Word("other", (), True)


def _token_word(lang: str, token: _Token) -> _Word:
    if token.kind in ("qname", "initial"):
        return _INDECLINABLE
    if token.kind != "word":
        return _PUNCTUATION
    text = token.text
    if not _CYRILLIC_LETTERS.search(text):
        # a Latin word: a name ("Reuters", "ISW") when capitalised
        return _INDECLINABLE if text[:1].isupper() else _PUNCTUATION
    if len(text) > 1 and (text.isupper() or (not text[1:].islower() and text[1:].isalpha())):
        return _INDECLINABLE  # an abbreviation or a name in its own spelling: ОВА, МИД, БелТА
    word = _word(lang, token.low)
    if word.kind == "other" and not word.parses and text[:1].isupper() and not word.known:
        return _INDECLINABLE  # a name the dictionary does not know, not "Ці" opening a sentence
    return word


def _tokens(text: str) -> list[_Token]:
    tokens: list[_Token] = []
    position = 0
    for quoted in _QUOTED.finditer(text):
        _plain_tokens(text, position, quoted.start(), tokens)
        tokens.append(_Token(quoted.group(0), _quote_kind(text, quoted), *quoted.span()))
        position = quoted.end()
    _plain_tokens(text, position, len(text), tokens)
    return tokens


def _quote_kind(text: str, quoted: re.Match[str]) -> str:
    """A short capitalised quotation that is not set off as speech is a name: «Укрэнерго»
    сообщила; «Мы не уйдём», — заявил Петров is speech."""
    inner = quoted.group(0)[1:-1].strip()
    before = text[: quoted.start()].rstrip()
    after = text[quoted.end() :].lstrip()
    if (
        inner[:1].isupper()
        and len(inner.split()) <= 4
        and not _SENTENCE_PUNCTUATION.search(inner)
        and not before.endswith(":")
        and not after.startswith(("—", "–", "-", ", —", ", –", ", -"))
        # before a comma, only a quotation inside a phrase is a name: "агентство
        # «Интерфакс», ..."; «Мы победим», сказал он is speech
        and (not after.startswith(",") or before[-1:].isalpha())
    ):
        return "qname"
    return "quote"


def _plain_tokens(text: str, start: int, end: int, tokens: list[_Token]) -> None:
    for match in _TOKEN.finditer(text, start, end):
        piece = match.group(0)
        if piece == "." and tokens and tokens[-1].kind == "word" and _is_initial(tokens[-1]):
            tokens[-1].kind = "initial"
            tokens[-1].text += "."
            tokens[-1].end = match.end()
            continue
        kind = "word" if piece[0].isalpha() else "number" if piece[0].isdigit() else "punct"
        tokens.append(_Token(piece, kind, match.start(), match.end()))


def _is_initial(token: _Token) -> bool:
    return len(token.text) == 1 and token.text.isupper()


# --- noun phrases ---------------------------------------------------------------------


def _agrees(parse: _Parse, verbs: tuple[_Verb, ...] | None) -> bool:
    """A subject's head agrees with one reading of the verb: in number, and in gender in
    the past singular (a title such as "пресс-секретарь" may take a feminine verb)."""
    if verbs is None or parse.fixed:
        return True
    for verb in verbs:
        if parse.number != verb.number:
            continue
        if verb.gender is None or parse.gender in (None, "ms-f", verb.gender):
            return True
        if verb.gender == "femn" and parse.gender == "masc" and parse.anim:
            return True
    return False


def _head(s: _Sentence, i: int, case: str, verbs: tuple[_Verb, ...] | None) -> bool:
    word = s.word(i)
    if word.kind != "nominal":
        return False
    if not word.parses:
        return True  # an abbreviation, a Latin name, a quoted name
    return any(
        p.pos == "NOUN" and (p.case == case or p.fixed) and _agrees(p, verbs) for p in word.parses
    )


def _modifier(s: _Sentence, i: int, case: str) -> bool:
    word = s.word(i)
    return word.kind == "nominal" and any(
        p.pos in ("ADJF", "PRTF", "NUMR") and p.case == case for p in word.parses
    )


def _modifies(s: _Sentence, i: int, j: int, case: str, verbs: tuple[_Verb, ...] | None) -> bool:
    """Token ``i`` is an adjective agreeing with the noun ``j`` in ``case``: number, and
    gender in the singular ("даними обленерго" is a noun and its dependent)."""
    if not _head(s, j, case, verbs):
        return False
    if not s.word(j).parses:
        return _modifier(s, i, case)  # an abbreviation takes any adjective: "Сумській ОВА"
    nouns = [p for p in s.word(j).parses if p.pos == "NOUN" and (p.case == case or p.fixed)]
    if all(n.fixed for n in nouns) and any(
        p.pos == "NOUN" and p.case == case for p in s.word(i).parses
    ):
        return False  # a noun before an indeclinable one governs it: "даними обленерго"
    return any(
        m.pos in ("ADJF", "PRTF", "NUMR") and m.case == case and _agree(m, n)
        for m in s.word(i).parses
        for n in nouns
    )


def _agree(modifier: _Parse, noun: _Parse) -> bool:
    """Number, and gender in the singular, as an adjective agrees with its noun."""
    return modifier.number == noun.number and (
        modifier.number == "plur"
        or modifier.gender in (None, "ms-f")
        or noun.gender in (None, "ms-f", modifier.gender)
    )


def _can_be(s: _Sentence, i: int, case: str) -> bool:
    """Whether token ``i`` may be in ``case``; a capitalised word the dictionary does not
    know (a foreign surname: "Бырлэдяну") may be in any."""
    word = s.word(i)
    return word.kind == "nominal" and (
        not word.parses
        or any(p.case == case or p.fixed for p in word.parses)
        or (not word.known and s.tokens[i].text[:1].isupper())
    )


def _namelike(s: _Sentence, i: int) -> bool:
    """A capitalised word that may be part of a person's name (not an abbreviation)."""
    token = s.tokens[i]
    if token.kind == "initial":
        return True
    text = token.text
    if token.kind != "word" or not text[:1].isupper() or not text[1:].replace("-", "").islower():
        return False
    word = s.word(i)
    if word.kind != "nominal":
        return False
    return any(p.name for p in word.parses) or (
        bool(_CYRILLIC_LETTERS.search(token.text)) and not word.known
    )


def _name_part(s: _Sentence, i: int, start: int) -> bool:
    """A word of a person's name: a name-like word, a capitalised word after a first name
    ("Вера Лось", "Илья Сомов": surnames that are also common nouns), or one inside the
    sentence before a surname ("Володимир Зеленський": a first name the dictionary does
    not tag)."""
    if _namelike(s, i):
        return True
    text = s.tokens[i].text
    if not (
        s.tokens[i].kind == "word"
        and text[:1].isupper()
        and text[1:].replace("-", "").islower()
        and s.nominal(i)
    ):
        return False
    if i > start and any(p.name == "Name" for p in s.word(i - 1).parses):
        return True
    return (
        i > 0
        and i + 1 < len(s.tokens)
        and s.tokens[i + 1].kind == "word"
        and any(p.name == "Surn" for p in s.word(i + 1).parses)
        and any(p.anim for p in s.word(i).parses)
    )


class _Phrase(NamedTuple):
    start: int
    head: int
    end: int
    case: str


def _phrase(
    s: _Sentence, k: int, end: int, case: str, verbs: tuple[_Verb, ...] | None = None
) -> _Phrase | None:
    """The noun phrase from token ``k``: modifiers, a head in ``case`` (agreeing with the
    verb), then genitive dependents and a name in apposition ("глава администрации Иван
    Петров", "Державної прикордонної служби", "Генштаба ВСУ")."""
    head = k
    while head < end:
        modifier = _modifier(s, head, case)
        if modifier and head + 1 < end and _modifies(s, head, head + 1, case, verbs):
            head += 1  # "городском совете": an adjective before the noun it agrees with
            continue
        if _head(s, head, case, verbs):
            break
        if not modifier:
            return None
        head += 1
    if head >= end:
        # an adjective used as a noun ends the phrase: "Суспільне повідомило"
        head = end - 1
        if head < k or not any(
            p.pos == "ADJF" and p.case == case and not p.pronominal and _agrees(p, verbs)
            for p in s.word(head).parses
        ):
            return None
    j = head + 1
    while (
        j < end
        and s.nominal(j)
        and (_can_be(s, j, "gent") or _can_be(s, j, "ablt") or _can_be(s, j, case))
    ):
        j += 1  # "Генштаба ВСУ", "командующий группировкой", "генерал Сергей Карпов"
    return _Phrase(k, head, j, case)


def _name_span(s: _Sentence, phrase: _Phrase) -> tuple[int, int] | None:
    """The person's name that ends a phrase: "Иван Петров" of "глава администрации Иван
    Петров"; a single surname only when it is the whole phrase or follows a title."""
    i = phrase.end
    while i > phrase.start and _name_part(s, i - 1, phrase.start):
        i -= 1
    span = phrase.end - i
    if span == 0 or span > 4:
        return None
    first = s.word(i)
    last = s.word(phrase.end - 1)
    if span >= 2 and (
        s.tokens[i].kind == "initial"
        or any(p.name in ("Name", "Surn") for p in first.parses)
        or any(p.name in ("Surn", "Patr") for p in last.parses)
        or not last.known
    ):
        return i, phrase.end
    titled = i > phrase.start and any(p.anim and p.pos == "NOUN" for p in s.word(i - 1).parses)
    if span == 1 and any(p.name == "Surn" for p in first.parses) and (i == phrase.start or titled):
        return i, phrase.end
    if span == 1 and not first.known and i == phrase.start and s.tokens[i].kind == "word":
        return i, phrase.end  # a surname the dictionary does not know
    return None


def _recase(word: str, original: str) -> str:
    if "ё" not in original.lower():
        word = word.replace("ё", "е")
    if len(original) > 1 and original.isupper():
        return word.upper()
    return word[:1].upper() + word[1:] if original[:1].isupper() else word


def _nominative(s: _Sentence, i: int, readings: list[_Parse]) -> str | None:
    """Token ``i`` in the nominative, or None when a capitalised word's readings give
    different nominatives: a name is better as written than wrong. A common noun takes its
    first reading ("штабі": "штаб" before "штаба"); a word without a declinable reading
    ("Минобороны") stays as written."""
    text = s.tokens[i].text
    if not text[:1].isupper():
        readings = readings[:1]
    forms: dict[str, _Parse] = {}
    for parse in readings:
        grammemes = {"nomn"} | (
            {"plur"} if parse.number == "plur" and parse.pos == "NOUN" else set()
        )
        inflected = parse.parse.inflect(grammemes)
        if inflected is not None:
            forms.setdefault(_recase(inflected.word, text), parse)
    if len(forms) > 1:
        return None
    return next(iter(forms), text)


def _readings(
    s: _Sentence, i: int, case: str, agreeing: Callable[[_Parse], bool], nouns: bool
) -> list[_Parse]:
    """The readings of token ``i`` in ``case`` that a body or place can have, narrowed step
    by step (a step that would leave none is skipped): those ``agreeing`` accepts; nouns
    (for a head) or adjectives (for a modifier); no person's name ("Кий", "Харко" are
    first names and surnames, never a body); for a capitalised word, a place name."""
    readings = [p for p in s.word(i).parses if p.case == case and not p.fixed]
    steps = (
        agreeing,
        (lambda p: p.pos == "NOUN") if nouns else (lambda p: p.pos != "NOUN"),
        lambda p: not p.name,
    )
    for keep in steps:
        readings = [p for p in readings if keep(p)] or readings
    if len(readings) > 1 and s.tokens[i].text[:1].isupper():
        readings = [p for p in readings if _place_name(p)] or readings
    return readings


def _place_name(parse: _Parse) -> bool:
    """A reading that is a place or a body's name: tagged Geox (the Russian dictionary),
    or an inanimate noun that has no other number (the Ukrainian dictionary has no place
    tag, but lists "Київ", "Харків" without a plural and "Суми" without a singular, where
    the common nouns "кий", "крак" have both)."""
    if parse.geo:
        return True
    if parse.pos != "NOUN" or parse.anim:
        return False
    return parse.parse.inflect({"sing" if parse.number == "plur" else "plur"}) is None


def _head_parse(s: _Sentence, i: int, case: str) -> _Parse | None:
    for parse in s.word(i).parses:
        if parse.pos == "NOUN" and parse.case == case:
            return parse
    return None


def _names_itself(s: _Sentence, i: int) -> bool:
    """A quoted name in apposition, in the nominative ("агентство «Интерфакс»"), not a
    dependent in the genitive ("пресс-служба «Укрзализныци»")."""
    first = _TOKEN.findall(s.tokens[i].text[1:-1])[:1]
    if not first or not _CYRILLIC_LETTERS.search(first[0]):
        return True
    word = _word(s.lang, _plain(first[0]))
    return not word.parses or any(p.case == "nomn" and not p.fixed for p in word.parses)


def _text(s: _Sentence, start: int, end: int) -> str:
    return s.text[s.tokens[start].start : s.tokens[end - 1].end]


def _person(s: _Sentence, start: int, end: int, case: str) -> str:
    """A name in the nominative: the case and gender its first name reads in are kept for
    every part ("Ивана Петрова" -> "Иван Петров", "Анны Петровой" -> "Анна Петрова")."""
    if case == "nomn":
        return _text(s, start, end)
    gender = next((p.gender for p in s.word(start).parses if p.case == case and p.name), None)
    words = []
    for i in range(start, end):
        token = s.tokens[i]
        parses = [p for p in s.word(i).parses if p.case == case and not p.fixed]
        named = [p for p in parses if p.name] or parses
        same = [p for p in named if gender is None or p.gender in (gender, "ms-f", None)]
        word = token.text
        if token.kind == "word":
            for parse in same or named:
                inflected = parse.parse.inflect({"nomn"})
                if inflected is not None:
                    word = _recase(inflected.word, token.text)
                    break
        words.append(word)
    return " ".join(words)


class _Found(NamedTuple):
    text: str
    person: bool


def _read(s: _Sentence, phrase: _Phrase, speakers: Speakers) -> _Found:
    """What a phrase credits: the name it ends with, else the phrase in the nominative."""
    name = _name_span(s, phrase)
    if name is not None and not (phrase.case == "loct" and _place_head(s, phrase, name[0])):
        text = _person(s, name[0], name[1], phrase.case)
        return _Found(speakers.full_names.get(text, text) if " " not in text else text, True)
    after = phrase.head + 1
    if (
        after < phrase.end
        and s.tokens[after].kind == "qname"
        and s.word(phrase.head).parses
        and _names_itself(s, after)
    ):
        return _Found(s.tokens[after].text, False)  # "видання «Українська правда»"
    head = _head_parse(s, phrase.head, phrase.case)
    if head is not None and head.lemma in s.cues.documents and phrase.end > phrase.head + 1:
        inner = _phrase(s, phrase.head + 1, phrase.end, "gent")
        if inner is not None:
            return _read(s, inner, speakers)
    if phrase.case == "nomn":
        return _Found(_text(s, phrase.start, phrase.end), False)
    words = _in_nominative(s, phrase)
    if words is None:
        return _Found(_text(s, phrase.start, phrase.end), False)
    if phrase.end > phrase.head + 1:
        words.append(_text(s, phrase.head + 1, phrase.end))
    return _Found(" ".join(words), False)


def _place_head(s: _Sentence, phrase: _Phrase, name_start: int) -> bool:
    """A place phrase ("в Харкові", "у Львові") whose head may be a surname ("Харко",
    "Львов") but is read as the place it also is: the person is no body to speak."""
    return name_start <= phrase.head and any(
        p.pos == "NOUN" and p.case == "loct" and not p.name for p in s.word(phrase.head).parses
    )


def _in_nominative(s: _Sentence, phrase: _Phrase) -> list[str] | None:
    """A phrase's head and its adjectives in the nominative ("міській раді" -> "міська
    рада": the head's reading is one its adjectives agree with), or None when a word's
    nominative is uncertain."""
    case = phrase.case
    modifiers = range(phrase.start, phrase.head)

    def agreed_with(noun: _Parse) -> bool:
        return all(
            any(m.pos != "NOUN" and m.case == case and _agree(m, noun) for m in s.word(i).parses)
            for i in modifiers
        )

    heads = _readings(s, phrase.head, case, agreed_with, nouns=True)
    head = _nominative(s, phrase.head, heads)
    if head is None:
        return None
    like = heads[0] if heads else None
    words = []
    for i in modifiers:
        readings = _readings(s, i, case, lambda m: like is None or _agree(m, like), nouns=False)
        word = _nominative(s, i, readings)
        if word is None:
            return None
        words.append(word)
    words.append(head)
    return words


# --- the speaker ----------------------------------------------------------------------


def attribute_cyrillic(sentence: str, speakers: Speakers) -> str | None:
    """Who a Russian or Ukrainian sentence credits, or None; updates ``speakers``."""
    s = _Sentence(sentence, language(sentence))
    _learn_names(s, speakers)
    found = _relay(s, speakers) or _according_to(s, speakers) or _by_verb(s, speakers)
    if found is None:
        return None
    speakers.last_any = found.text
    if found.person:
        speakers.last_person = found.text
    return found.text


def _learn_names(s: _Sentence, speakers: Speakers) -> None:
    """Remember every full name in the nominative, so a later bare surname ("Петров
    добавил", "по словам Петрова") can be expanded."""
    tokens = s.tokens
    i = 0
    while i < len(tokens):
        if tokens[i].kind not in ("word", "initial") or not tokens[i].text[:1].isupper():
            i += 1
            continue
        j = i
        while j < len(tokens) and _name_part(s, j, i):
            j += 1
        if j - i >= 2:
            for case in _SPEAKER_CASES:
                if all(_can_be(s, k, case) or tokens[k].kind == "initial" for k in range(i, j)):
                    phrase = _Phrase(i, i, j, case)
                    span = _name_span(s, phrase)
                    if span is not None:
                        full = _person(s, span[0], span[1], case)
                        surname = full.split()[-1]
                        speakers.full_names.setdefault(surname, full)
                    break
        i = max(j, i + 1)


def _according_to(s: _Sentence, speakers: Speakers) -> _Found | None:
    """ "По словам X", "За даними X", "согласно заявлению X", "згідно з даними X"."""
    pattern = s.cues.phrases
    if pattern is None:
        return None
    lowered = _masked(s)
    possessive = s.cues.possessives.search(lowered) if s.cues.possessives else None
    if possessive is not None:
        # "По его словам": the person (or, for "их", the speaker) named last
        pronoun = next(g for g in possessive.groups() if g)
        if pronoun in s.cues.person_possessives:
            return _Found(speakers.last_person, True) if speakers.last_person else None
        if speakers.last_any:
            return _Found(speakers.last_any, speakers.last_any == speakers.last_person)
        return None
    for match in pattern.finditer(lowered):
        case = s.cues.phrase_cases[" ".join(match.group(0).split())]
        start = _token_at(s, match.end())
        if start is None:
            continue
        found = _phrase(s, start, _clause_end(s, start), case)
        if found is not None and case == "loct":
            # "говорится в заявлении пресс-службы": the document's author, if named
            head = _head_parse(s, found.head, case)
            if head is None or head.lemma not in s.cues.documents:
                continue
            found = _phrase(s, found.head + 1, found.end, "gent")
        if found is not None:
            return _with_place(s, found, _read(s, found, speakers))
    return None


def _with_place(s: _Sentence, phrase: _Phrase, found: _Found) -> _Found:
    """ "источники в кабмине", "джерела в уряді Польщі": a source's place stays with it."""
    at = phrase.end
    if (
        found.person
        or at + 1 >= len(s.tokens)
        or s.tokens[at].kind != "word"
        or s.tokens[at].low not in s.cues.impersonal_in
    ):
        return found
    place = _phrase(s, at + 1, _clause_end(s, at + 1), "loct")
    if place is None:
        return found
    return _Found(f"{found.text} {_text(s, at, place.end)}", False)


def _relay(s: _Sentence, speakers: Speakers) -> _Found | None:
    """ "ТАСС со ссылкой на источник сообщает" gives "источник, via ТАСС"."""
    pattern = s.cues.relayed
    if pattern is None:
        return None
    match = pattern.search(_masked(s))
    if match is None:
        return None
    start = _token_at(s, match.end())
    if start is None:
        return None
    cited_phrase = _phrase(s, start, _clause_end(s, start), "accs")
    if cited_phrase is None:
        return None
    cited = _with_place(s, cited_phrase, _read(s, cited_phrase, speakers))
    outlet = _by_verb(s, speakers, exclude=range(start, cited_phrase.end))
    if outlet is not None and any(p.lemma in s.cues.own for p in s.word(start).parses):
        return outlet  # "со ссылкой на собственные источники": the outlet's own reporting
    if outlet is None or outlet.text == cited.text:
        return cited
    return _Found(f"{cited.text}, via {outlet.text}", False)


def _masked(s: _Sentence) -> str:
    """The sentence in lower case with quotations blanked (same offsets)."""
    text = s.text.lower().replace("ё", "е").translate(_APOSTROPHES)
    for token in s.tokens:
        if token.kind == "quote":
            text = text[: token.start] + " " * (token.end - token.start) + text[token.end :]
    return text


def _token_at(s: _Sentence, offset: int) -> int | None:
    for i, token in enumerate(s.tokens):
        if token.start >= offset:
            return i
    return None


def _clause_end(s: _Sentence, i: int) -> int:
    while i < len(s.tokens) and not s.boundary(i):
        i += 1
    return i


def _clause_start(s: _Sentence, i: int) -> int:
    while i > 0 and not s.boundary(i - 1):
        i -= 1
    return i


def _by_verb(s: _Sentence, speakers: Speakers, exclude: range = range(0)) -> _Found | None:
    verbs = s.cues.verbs
    found = [
        (i, verbs[token.low])
        for i, token in enumerate(s.tokens)
        if token.kind == "word" and token.low in verbs and i not in exclude
    ]
    if not found:
        return None
    ordered = _main_first(s, [(i, v) for i, v in found if not _negated(s, i)])
    for i, readings in ordered:
        result = _subject(s, i, readings, speakers, exclude)
        if result is not None:
            return _quoted_by(s, result, speakers)
    return None


def _negated(s: _Sentence, i: int) -> bool:
    """ "не сообщил подробностей" is no statement; "не отрицал, что ..." is one."""
    if i == 0 or s.tokens[i - 1].kind != "word" or s.kind(i - 1) != "neg":
        return False
    return not (
        i + 2 < len(s.tokens) and s.tokens[i + 1].text == "," and s.tokens[i + 2].low in s.cues.that
    )


def _quoted_by(s: _Sentence, found: _Found, speakers: Speakers) -> _Found:
    """ "Омбудсман Павло Костюк, якого цитує Укрінформ, заявив" gives "Павло Костюк, via
    Укрінформ": a relative clause with a quoting verb names the outlet."""
    forms = s.cues.quoting_forms
    for i, token in enumerate(s.tokens):
        if token.kind == "word" and token.low in forms and i > 0 and s.kind(i - 1) == "sub":
            outlet = _phrase(s, i + 1, _clause_end(s, i + 1), "nomn")
            if outlet is not None:
                return _Found(f"{found.text}, via {_read(s, outlet, speakers).text}", False)
    return found


def _main_first(
    s: _Sentence, verbs: list[tuple[int, tuple[_Verb, ...]]]
) -> list[tuple[int, tuple[_Verb, ...]]]:
    """A verb that closes the sentence (", заявил губернатор.") first, as it governs the
    whole sentence; verbs of subordinate clauses ("что", "який") last."""
    if not verbs:
        return verbs
    main, subordinate = [], []
    for verb in verbs:
        start = _clause_start(s, verb[0])
        opener = s.kind(start - 1) if start > 0 and s.tokens[start - 1].kind == "word" else ""
        (subordinate if opener == "sub" else main).append(verb)
    last = verbs[-1]
    if last in main and len(main) > 1 and _closes(s, last[0]):
        main.remove(last)
        main.insert(0, last)
    return main + subordinate


def _closes(s: _Sentence, i: int) -> bool:
    """The verb follows a comma or dash and its clause runs to the end of the sentence."""
    before = i - 1
    while before >= 0 and s.tokens[before].kind == "word" and s.kind(before) == "skip":
        before -= 1
    if before < 0 or s.tokens[before].text not in {",", "—", "–"}:
        return False
    end = _clause_end(s, i + 1)
    return all(t.kind == "punct" and t.text in ".!?…" for t in s.tokens[end:])


def _subject(
    s: _Sentence, v: int, readings: tuple[_Verb, ...], speakers: Speakers, exclude: range
) -> _Found | None:
    inverted_only = all(r.inverted_only for r in readings)
    start = _clause_start(s, v)
    end = _clause_end(s, v + 1)
    if not inverted_only:
        pronoun = _pronoun(s, v, start, -1, speakers)
        if pronoun is not None:
            return pronoun
        before = _subject_before(s, start, v, readings, speakers)
        if before is not None and not _claim_noun(s, before.head):
            return _read(s, before, speakers)
        if before is not None:
            # "Сообщения о гибели ... опровергли в Минобороны": a claim before the verb is
            # what it denies or reports, and the speaker is after the verb, if named there
            # ("..., однако в Минобороны России эти данные опровергли": or before it)
            after = _subject_in(s, v + 1, end, readings, speakers, exclude)
            return (
                after or _impersonal(s, v + 1, end, speakers) or _impersonal(s, start, v, speakers)
            )
    pronoun = _pronoun(s, v, end, 1, speakers)
    if pronoun is not None:
        return pronoun
    plural = not inverted_only and any(r.number == "plur" for r in readings)
    # "В Минобороны опровергли сообщения": with a place before a plural verb, only a
    # person or a name after it is its subject
    place = _impersonal(s, start, v, speakers) if plural else None
    after = _subject_in(s, v + 1, end, readings, speakers, exclude, animate=place is not None)
    if after is not None:
        return after
    if place is not None:
        return place
    if not inverted_only and start == v and start > 0 and s.tokens[start - 1].text == ",":
        appositive = _appositive(s, start - 1, readings, speakers)
        if appositive is not None:
            return appositive
    if not plural:
        return None
    if any(s.tokens[i].low in s.cues.place_pronouns for i in range(start, v)):
        # "Там заявили": the body named last
        return _Found(speakers.last_any, False) if speakers.last_any else None
    if any(r.lemma in s.cues.place_argument_verbs for r in readings):
        return None  # "обвинили в шпионаже": the place is what they were accused of
    return _impersonal(s, v + 1, end, speakers)


def _pronoun(s: _Sentence, v: int, limit: int, step: int, speakers: Speakers) -> _Found | None:
    """ "Он заявил", "заявила она": the last person (or, for "они", speaker) named."""
    i = v + step
    while (
        (i >= limit if step < 0 else i < limit)
        and s.tokens[i].kind == "word"
        and s.kind(i) == "skip"
    ):
        i += step
    if not (i >= limit if step < 0 else i < limit) or s.tokens[i].kind != "word":
        return None
    if s.kind(i) != "pron":
        return None
    if s.tokens[i].low in s.cues.person_pronouns:
        who = speakers.last_person
        return _Found(who, True) if who else None
    who = speakers.last_any
    return _Found(who, who == speakers.last_person) if who else None


def _runs(s: _Sentence, start: int, end: int) -> list[tuple[int, int, bool]]:
    """Runs of nominal tokens in [start, end): (first, end, whether a preposition governs)."""
    runs = []
    i = start
    while i < end:
        if not s.nominal(i):
            i += 1
            continue
        j = i
        while j < end and s.nominal(j):
            j += 1
        governed = i > 0 and s.tokens[i - 1].kind == "word" and s.kind(i - 1) == "prep"
        runs.append((i, j, governed))
        i = j
    return runs


def _may_start_subject(s: _Sentence, run_start: int, k: int, governed: bool) -> bool:
    """Whether a subject may start at ``k`` of a run: a preposition's object comes first
    ("В понедельник МИД заявил"), and a genitive after a noun is its dependent ("в
    пресс-службе ведомства" is one place), unless it follows a time, a place or a name."""
    if not governed:
        return True
    if k == run_start or _modified(s, k):
        return False
    if _namelike(s, k) or not _can_be(s, k, "gent"):
        return True
    previous = s.word(k - 1)
    return any(
        p.lemma in s.cues.time_words or p.geo or p.name for p in previous.parses
    ) or s.tokens[k - 1].kind in ("qname",)


def _modified(s: _Sentence, k: int) -> bool:
    """Token ``k`` is the noun of the adjective before it, in a case other than the
    nominative ("в міській раді", "у Сумській ОВА"): one phrase, not a subject after a
    place."""
    before = s.word(k - 1)
    if before.kind != "nominal" or any(p.case == "nomn" for p in before.parses):
        return False
    cases = {p.case for p in before.parses if p.pos in ("ADJF", "PRTF") and p.case}
    return any(_modifies(s, k - 1, k, case, None) for case in cases)


def _subject_before(
    s: _Sentence, start: int, v: int, readings: tuple[_Verb, ...], speakers: Speakers
) -> _Phrase | None:
    """The subject before the verb: the nearest run that is a whole noun phrase in the
    nominative agreeing with the verb ("Петров в понедельник заявил")."""
    for run_start, run_end, governed in reversed(_runs(s, start, v)):
        for k in range(run_start, run_end):
            if not _may_start_subject(s, run_start, k, governed):
                continue
            phrase = _phrase(s, k, run_end, "nomn", readings)
            if phrase is not None and phrase.end == run_end:
                return phrase
    return None


def _claim_noun(s: _Sentence, i: int) -> bool:
    """Token ``i`` is a word for a claim ("сообщения", "повідомлення", "дані"): what is
    said, never who says it."""
    pattern = s.cues.claim_nouns
    return pattern is not None and pattern.fullmatch(s.tokens[i].low) is not None


def _subject_in(
    s: _Sentence,
    start: int,
    end: int,
    readings: tuple[_Verb, ...],
    speakers: Speakers,
    exclude: range = range(0),
    animate: bool = False,
) -> _Found | None:
    """The subject after the verb ("заявил журналистам глава администрации Иван Петров"),
    past datives and prepositional phrases. An inanimate noun that may be the object and
    is followed by its topic ("опровергли сообщения об ударе") is not the subject; with
    ``animate``, only a person, a name or an abbreviation is."""
    for run_start, run_end, governed in _runs(s, start, end):
        if run_start in exclude:
            continue
        for k in range(run_start, run_end):
            if not _may_start_subject(s, run_start, k, governed):
                continue
            phrase = _phrase(s, k, run_end, "nomn", readings)
            if phrase is None:
                continue
            inanimate = _inanimate(s, phrase.head)
            if inanimate and (
                animate
                or (
                    phrase.end < len(s.tokens)
                    and s.tokens[phrase.end].low in s.cues.topic_prepositions
                )
            ):
                return None
            return _read(s, phrase, speakers)
    return None


def _inanimate(s: _Sentence, i: int) -> bool:
    """A common noun that may be inanimate and an object: "сообщения", not "военные",
    "МИД" or "Петров"."""
    word = s.word(i)
    if not word.parses or _namelike(s, i):
        return False
    nominative = [p for p in word.parses if p.case == "nomn"]
    return not any(p.anim for p in nominative) and any(p.case == "accs" for p in word.parses)


def _appositive(
    s: _Sentence, comma: int, readings: tuple[_Verb, ...], speakers: Speakers
) -> _Found | None:
    """ "Иван Петров, глава администрации, заявил", "Петров, выступая на форуме, заявил":
    the subject is before a segment set off by commas."""
    segment_start = _segment_start(s, comma)
    if segment_start <= 0 or s.tokens[segment_start - 1].text != ",":
        return None
    inner = _subject_in(s, segment_start, comma, readings, speakers)
    if inner is not None and inner.person:
        return inner
    outer_start = _segment_start(s, segment_start - 1)
    if outer_start > 0 and not s.boundary(outer_start - 1):
        return None
    outer = _subject_before(s, outer_start, segment_start - 1, readings, speakers)
    return _read(s, outer, speakers) if outer is not None else inner


def _segment_start(s: _Sentence, i: int) -> int:
    while i > 0 and s.tokens[i - 1].text not in {",", ";", ":", "—", "–", "(", ")"}:
        if s.tokens[i - 1].kind == "quote":
            break
        i -= 1
    return i


def _impersonal(s: _Sentence, start: int, end: int, speakers: Speakers) -> _Found | None:
    """ "В ведомстве сообщили", "повідомили у відомстві": the body in the place."""
    for run_start, run_end, governed in _runs(s, start, end):
        if not governed or s.tokens[run_start - 1].low not in s.cues.impersonal_in:
            continue
        phrase = _phrase(s, run_start, run_end, "loct")
        if phrase is None:
            continue
        head = _head_parse(s, phrase.head, "loct")
        if head is not None and head.lemma in s.cues.time_words:
            continue
        return _read(s, phrase, speakers)
    return None


def counter_party_cyrillic(sentence: str) -> str | None:
    """Who denies, in a Russian or Ukrainian sentence that also carries the claim it
    denies, or None: "Киев утверждает, что ..., однако Москва это отрицает" gives "Москва";
    "..., но в ВСУ это опровергли" gives "ВСУ"; "..., что в Кремле назвали ложью" gives
    "Кремль". The claimant is the speaker of the sentence's main verb (what
    :func:`attribute_cyrillic` gives); a denier that is the claimant is no second party."""
    if not is_cyrillic(sentence):
        return None
    from newsroom.text.attribution import Speakers

    s = _Sentence(sentence, language(sentence))
    verbs = s.cues.verbs
    found = [
        (i, verbs[token.low])
        for i, token in enumerate(s.tokens)
        if token.kind == "word" and token.low in verbs and not _negated(s, i)
    ]
    if len(found) < 2:
        return None
    speakers = Speakers()
    claimant: tuple[int, _Found] | None = None
    for i, readings in _main_first(s, found):
        subject = _subject(s, i, readings, speakers, range(0))
        if subject is not None:
            claimant = (i, subject)
            break
    if claimant is None:
        return None
    for i, readings in found:
        if i == claimant[0] or not any(r.lemma in s.cues.denial_verbs for r in readings):
            continue
        denier = _subject(s, i, readings, speakers, range(0))
        if denier is not None and denier.text != claimant[1].text:
            return denier.text
    return None
