"""Who a sentence credits for its statement, as the text writes it.

The forms covered, in the order they are tried:

- a relay: "Reuters, citing the state-run Belta news agency, reported ..." gives
  "Belta, via Reuters"; "CNN cited officials as saying" gives "officials, via CNN";
- "according to X";
- a speaker before a speech verb: "Ukraine's defence ministry has denied ...",
  "..., the region's governor said", "an adviser to Volodymyr Zelenskiy said ...",
  with an appositive name preferred ("The president of Belarus, Alexander Lukashenko,
  has claimed" gives "Alexander Lukashenko");
- an inverted speaker: "..., said Olena Kovalenko, the mayor.", also after quoted speech
  ("“We will stay,” said Olena Kovalenko"), but never the listener of "told Reuters".

Appositives may hold the name at either end or an organisation with a description
("Myanmar's junta, which seized power in 2021, said"); an acronym in brackets before the
verb, adverbs ("categorically denied") and name particles ("al-Burhan", "von der Leyen")
are handled, and passives ("were reported to", "was first reported by") credit nobody.

"He", "she" and "they" are resolved to the last person (or, for "they", the last
speaker) the story credited, and a bare surname to the full name used earlier.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import lru_cache

from newsroom.text.cues import cues, speaker_words
from newsroom.text.cyrillic_speakers import attribute_cyrillic, is_cyrillic


def _alternation(words: tuple[str, ...]) -> str:
    return "|".join(sorted(words, key=len, reverse=True))


# Russian and Ukrainian sentences are read by newsroom.text.cyrillic_speakers
class _WordList:
    """Finds the words of a list in a text, as a compiled alternation would (``search``,
    ``finditer``, case-sensitive, whole words): one C-level pass collects the text's words,
    a set test keeps the listed ones, and only those few are searched for. Much faster than
    one alternation of a long list."""

    _WORD = re.compile(r"\w+")

    def __init__(self, words: tuple[str, ...]) -> None:
        self.words = frozenset(words)

    def finditer(self, text: str) -> Iterator[re.Match[str]]:
        present = self.words.intersection(self._WORD.findall(text))
        if not present:
            return iter(())
        return _whole_words(frozenset(present)).finditer(text)

    def search(self, text: str) -> re.Match[str] | None:
        return next(self.finditer(text), None)


@lru_cache(maxsize=4_096)
def _whole_words(found: frozenset[str]) -> re.Pattern[str]:
    """An alternation of a few words, matched whole and as written."""
    return re.compile(r"\b(?:" + "|".join(map(re.escape, sorted(found))) + r")\b")


SPEECH_VERB = _WordList(speaker_words("speech_verbs"))
"""The speech verbs of the English cue file, as written (lower case)."""
CLAIM_VERB = re.compile(
    r"\b(?:" + _alternation(speaker_words("claim_verbs")) + r")\b", re.IGNORECASE
)
"""An English verb of explicit claim; Russian and Ukrainian ones: ``makes_claim``."""
_NOT_SPEECH_AFTER = re.compile(
    r"\s+(?:" + _alternation(speaker_words("not_speech_after")) + r")\b", re.IGNORECASE
)
_SOURCE_CARRIER = re.compile(
    r"^(?:" + "|".join(speaker_words("source_carriers")) + r")\s+", re.IGNORECASE
)
_ABBREVIATIONS = speaker_words("name_abbreviations")
_DOT_IN_NAME = (
    r"(?-i:(?:(?<=\b[A-ZА-ЯІЇЄҐ])|"
    + "|".join(rf"(?<=\b{a})" for a in _ABBREVIATIONS)
    + r")\.(?=\s+[A-ZА-ЯІЇЄҐ])|(?<=\w)\.(?=\w)|(?<=\.[A-Z])\.(?=\s))"
)
"""A dot that does not end a phrase: after an initial or an abbreviated title before a
name ("J. R. Smith", "Mr. Petrov"), inside a word ("Liga.Net") or closing a dotted acronym
("the U.S. military")."""
_ACCORDING_TO = re.compile(
    r"\baccording\s+to\s+(?P<np>(?:[^,.;:()“”\"–—]+|" + _DOT_IN_NAME + r")+)", re.IGNORECASE
)
_CITING = re.compile(
    r"^(?P<outlet>[^,]{2,80}?),\s+(?:citing|quoting)\s+(?P<cited>[^,]{2,120}?),\s", re.IGNORECASE
)
_CITED_AS_SAYING = re.compile(
    r"(?:^|,\s*|[”\"’»],?\s*)(?P<outlet>(?:the\s+)?[A-Z][^,“”\"«»]{1,60}?)\s+(?:cited|quoted)"
    r"\s+(?P<cited>[^,.“”\"«»]{2,80}?)"
    r"\s+as\s+say",
)
_QUOTED = re.compile(
    r"“[^”]*”|\"[^\"]*\"|«[^»]*»|‘(?:[^‘’]|’(?=\w))*’(?!\w)|(?<!\w)'(?:[^']|'(?=\w))*'(?!\w)"
)
_BOUNDARY_WORDS = frozenset(
    "that after before when while as because but and which who whom whose if since although "
    "though where whereas once until unless so than what how why whether".split()
)
_SKIPPABLE = frozenset(
    "has have had was were is are be been did does do also reportedly allegedly later earlier "
    "previously "
    "already again then once repeatedly has not had not publicly officially separately "
    "himself herself itself themselves on sunday monday tuesday wednesday thursday friday "
    "saturday yesterday today".split()
)
_FUNCTION_WORDS = frozenset(
    "a an the this that these those it its there here what which who some many most such one "
    "each every no nor not all both either neither".split()
)


class _LowerCasePattern:
    """A pattern of lower-case words matched in any case: the text is lowered, which is
    much faster than an ``re.IGNORECASE`` alternation of a long list."""

    def __init__(self, pattern: str) -> None:
        self._pattern = re.compile(pattern)

    def search(self, text: str) -> re.Match[str] | None:
        return self._pattern.search(text.lower())

    def fullmatch(self, text: str) -> re.Match[str] | None:
        return self._pattern.fullmatch(text.lower())


_AGENT_NOUNS = _LowerCasePattern(r"\b(?:" + _alternation(speaker_words("agent_nouns")) + r")\b")
"""A noun that names a party who may speak: "officials", "the company", "a local priest"."""
ORG_WORDS = re.compile(
    r"\b(?:ministry|government|agency|army|forces|office|service|council|committee|command"
    r"|police|military|news|press|media|administration|company|group|authorities|kremlin"
    r"|officials|parliament|embassy|headquarters|reuters|tass|interfax|ria|afp|ap|bbc|cnn)\b",
    re.IGNORECASE,
)
_DETERMINERS = frozenset(
    "the a an these those this that such his her its their our my your several unconfirmed "
    "conflicting new recent earlier false similar any some many no either neither each every "
    "both".split()
)
_PUNCTUATION = frozenset(",;:()“”\"–—‘’'")
_PRONOUNS = {"he": "person", "she": "person", "they": "group", "it": "any"}
_NAME_TOKEN = re.compile(
    r"^(?:[A-ZА-ЯІЇЄҐ][\w’'-]*(?:[./][A-ZА-ЯІЇЄҐ\w][\w’'-]*)*|[A-ZА-ЯІЇЄҐ]\.|(?:"
    + "|".join(_ABBREVIATIONS)
    + r")\.)$"
)
"""A word of a name: "Kovalenko", "Liga.Net", "Europe/Radio", an initial ("J.") or an
abbreviated title ("Mr.", "Gen.")."""
_NAME_PARTICLES = frozenset(
    "al el bin ibn bint abu de del della der den da di do dos das du la le van von ter ten".split()
)
_PREFIXED_NAME = re.compile(r"^(?:al|el|ad|an|ar|as|ash|at|az|ul|bin|ibn|abu)-[A-ZА-ЯІЇЄҐ]")
_NAME_WORD = r"(?:(?:al|el|ad|an|ar|as|ash|at|az|ul|bin|ibn|abu)-)?[A-ZА-ЯІЇЄҐ][a-zа-яіїєґ’'-]+(?:[A-Z][a-z’'-]+)?"
_NAME_RUN = re.compile(
    rf"\b{_NAME_WORD}(?:\s+(?:(?:{'|'.join(sorted(_NAME_PARTICLES))})\s+)*{_NAME_WORD})+"
)
_INVERTED_CLAUSE = re.compile(r"\s+((?:[^.;:!?()“”\"«»]+|" + _DOT_IN_NAME + r")*)")
_TITLES = frozenset(
    "president prime minister general gen colonel col lieutenant lt major maj captain capt "
    "commander admiral sergeant sgt lord lady sir dame dr mr mrs ms king queen prince princess "
    "emir sheikh pope patriarch senator sen rep governor gov mayor chancellor secretary foreign "
    "defence defense interior deputy vice chief ambassador spokesman spokeswoman spokesperson "
    "judge archbishop bishop former acting premier".split()
)
# verbs that put the speaker after them (", said Olena Kovalenko"); not "told Reuters"
_INVERTED_VERBS = frozenset(speaker_words("inverted_verbs"))
_TIME_WORDS = frozenset(
    "monday tuesday wednesday thursday friday saturday sunday today yesterday tonight january "
    "february march april may june july august september october november december".split()
)
_MODIFIER_TITLES = frozenset(
    "foreign defence defense interior deputy vice chief former acting".split()
)
"""Titles that qualify another ("Deputy Mayor", "Former President"), not head a name."""
_KEPT_TITLES = frozenset("lord lady sir dame sheikh".split())
_NAME_OPENERS = frozenset(
    "in on at after as when while before since the but and meanwhile however then "
    "monday tuesday wednesday thursday friday saturday sunday".split()
)
_PREPOSITIONS = frozenset(
    "of for to in at on from with by near about over under against between among within "
    "into without via like and or nor".split()
)
_NOT_ADVERBS = frozenset(
    "family assembly supply daily weekly monthly quarterly fortnightly ally rally reply "
    "anomaly monopoly homily bully belly jelly lily holly folly".split()
)
_POSSESSIVE = re.compile(r"['’]s$")
_WHICH_CITED = re.compile(r"\s*,\s*which\s+(?:cited|quoted)\s+(?P<cited>[^,.;:()“”\"]{2,80})", re.I)
_QUOTED_AS_SAYING = re.compile(
    r"\s(?:was|were|has\s+been|have\s+been|had\s+been)\s+(?:\w+ly\s+)?(?:quoted|cited)"
    r"(?:\s+by\s+(?P<outlet>[^,;:()“”\"]{2,60}?))?\s+as\s+(?:saying|telling|stating|claiming|warning)\b"
    r"(?:\s+by\s+(?P<outlet_after>[^,;:()“”\".]{2,60}?)(?=[,;:.]|\s+(?:that|on|in)\b|\s*$))?",
    re.I,
)
# a role one person holds: "he" after "the governor of Kherson said" is the governor
_PERSON_ROLE = re.compile(
    r"\b(?:governor|minister|spokes(?:man|woman|person)|mayor|president|commander|official"
    r"|advis[eo]r|aide|chief|head|general|ambassador|envoy|premier|chancellor|secretary"
    r"|prosecutor|witness|resident|doctor|lawyer)(?:\s+(?:of|for|in|at)\s+[^,]{1,40})?$",
    re.IGNORECASE,
)
_DENIAL_VERB = re.compile(r"(?:den|reject|dismiss|refut)", re.I)
_PASSIVE_BY = re.compile(
    r"\b(?:was|were|is|are|has\s+been|have\s+been|had\s+been)\s+(?:\w+ly\s+)?"
    r"(?P<verb>"
    + _alternation(speaker_words("passive_speech_verbs") + speaker_words("passive_rejection_verbs"))
    + r")\s+by\s+(?P<agent>[^;:()“”\"«».]{2,120}?)"
    r"(?=\s+(?:to|as|that|who|which)\b|[.;:]|\s*$|,\s+(?:who|which)\b)",
    re.I,
)
_CITING_ANYWHERE = re.compile(
    r"\b(?:citing|quoting)\s+(?P<cited>[^,;:.()“”\"«»]{2,80}?)(?=\s*(?:[,;:.]|$|\s+(?:as|that|who|which)\b))",
    re.I,
)
_OWN_STAFF = re.compile(
    r"\b(?:reporters?|correspondents?|journalists?|team|staff|photographers?|crew|newspaper"
    r"|agency|outlet|newsroom|editors?|stringers?)\b",
    re.IGNORECASE,
)
_JUDGEMENT_VERBS = frozenset(speaker_words("judgement_verbs"))
_CLAIM_OBJECT_VERBS = frozenset(speaker_words("claim_object_verbs"))
_EN_WORDS = cues("en").get("words", {})


def _word_list(name: str) -> str:
    """A ``[words]`` list of the English cue file as one alternation."""
    return "(?:" + "|".join(_EN_WORDS.get(name, [])) + ")"


_CLAIM_NOUNS = _word_list("claim_nouns")
_PASSIVE_REJECTION_VERBS = frozenset(speaker_words("passive_rejection_verbs"))
_PASSIVE_REJECTED_OBJECT = re.compile(
    r"\b(?:"
    + _word_list("claim_nouns")
    + "|"
    + _word_list("claim_nouns_and_figures")
    + r")\s+(?:[\w’'-]+\s+){0,3}?$",
    re.I,
)
"""A claim just before its passive rejection: "The allegation was dismissed"."""
_AS_JUDGED = re.compile(r"\s+as\b", re.I)
_WHEN = (
    r"(?:(?:again|also|repeatedly|publicly|today|yesterday|tonight)\s+"
    r"|(?:(?:late|early)\s+)?on\s+(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday)"
    r"\s+|(?:last|this)\s+(?:week|month|night|morning|evening|weekend)\s+"
    r"|in\s+(?:a|an|his|her|its|their)\s+(?:statement|interview|speech|post|video|address"
    r"|briefing)\s+)"
)
"""When or where something is said, between a verb of speech and its clause: "repeated on
Thursday that", "reiterated in a statement that"."""
_REJECTED_CLAIM = re.compile(
    r"\s+(?:[\w’'-]+\s+){0,6}?"
    + _CLAIM_NOUNS
    + r"\b|\s+(?:[\w’'-]+\s+){0,8}?as\b|\s+(?:that|it|this|them)\b"
    + r"|\s+"
    + _WHEN
    + r"{1,2}that\b",
    re.I,
)
_WITHHELD_OBJECT = re.compile(
    r"[\s-]+(?:(?:him|her|them|us|me|the\s+\w+)\s+)?(?:of[\s-]+)?(?:any\s+)?"
    + _word_list("withheld")
    + r"\b",
    re.I,
)
_JUDGED_FALSE = re.compile(
    r"\s+(?:[\w’'-]+\s+){0,6}?(?:as\s+)?[“\"‘'«]?\s*(?:[\w-]+\s+){0,3}?"
    + _word_list("falsity")
    + r"\b",
    re.I,
)
_NOUN_FORMS = re.compile(r"(?:reports|claims|report|claim|statements|accounts)\b", re.I)
_SPEECH_ED = frozenset(
    "said claimed added stated reported denied confirmed insisted alleged asserted".split()
)
_VERBS_TAKING_REPORTS = frozenset(
    "deny denies dismiss dismisses reject rejects welcome welcomes investigate investigates "
    "dispute disputes confirm confirms cite cites follow follows amid despite".split()
)
_CHARACTERISED = re.compile(
    r"\s+(?:on|for)\b|\s+(?:[\w’'“”\"-]+\s+){1,12}?as\s+[“\"‘']?\w",
    re.I,
)
"""Speech without a falsity: "called on the west to supply ...", "described the arrests as
'worrying'"."""
_RELAY_HINT = re.compile(r"cit(?:ed|ing)|quot(?:ed|ing)")
"""Every relay form holds one of these (a speed-up, not a rule)."""
_CONTROL_VERB = re.compile(
    r"\s+(?:forced|quick|keen|eager|swift|moved|sought|tried|hastened|rushed|went\s+on|was\s+able"
    r"|appeared|seemed|felt\s+compelled|had)\s+to\s*$",
    re.I,
)
"""A verb that governs the speech verb ("was forced to deny", "went on to say"): skipped."""
_ACKNOWLEDGES = re.compile(r"(?:den(?:y|ied|ies)|dispute[ds]?|reject(?:ed|s)?)\s+that\b", re.I)
_NEGATED_VERB = re.compile(
    r"(?:\b(?:not|never|no\s+longer|can|could|may|might|must|should|will|would)|n't"
    r"|\b(?:declined|refused|failed)\s+to)"
    r"\s+(?:(?:yet|\w+ly|be|been)\s+){0,2}$",
    re.I,
)
# what may follow a sentence's closing speech verb: a time or a manner, then the stop
_CLOSING = re.compile(
    r"(?:\s+(?:on|in|at|late|early|last|this|earlier|later|overnight|yesterday|today|tonight"
    r"|during|after|before|in\s+a\s+statement|via|from)\b[^,;:]{0,60})?\s*[.!?…]*[”\"’»)]*\s*"
)
# where a speaker's name after the verb ends: "said Mykola Hrytsenko on Tuesday"
_ADVERBIAL = re.compile(
    r"\s+(?:on|in|at|late|early|last|this|earlier|later|overnight|yesterday|today|tonight"
    r"|during|after|before|when|while|as|who|which|that|adding|citing|according|told|speaking"
    r"|in\s+a\s+statement)\b",
    re.I,
)
_LEADING_NOISE = re.compile(
    r"^(?:but|and|so|yet|meanwhile|however|also|now"
    r"|(?:(?:last|this|on|late|early|earlier|on\s+the)\s+)?(?:monday|tuesday|wednesday|thursday"
    r"|friday|saturday|sunday|week|weekend|month|year|night|morning|evening|afternoon"
    r"|yesterday|today|tonight)(?:\s+(?:night|morning|evening|afternoon))?,?"
    r"|(?:on|in|since|by)\s+(?:\d{1,2}\s+)?(?:january|february|march|april|may|june|july"
    r"|august|september|october|november|december)(?:\s+\d{1,4})?,?)\s+(?=\S)",
    re.IGNORECASE,
)


@dataclass
class Speakers:
    """What a bulletin has said so far about who is speaking, for pronouns and surnames."""

    full_names: dict[str, str] = field(default_factory=dict)
    last_person: str | None = None
    last_any: str | None = None
    last_named: str | None = None
    """The last person's full name the bulletin mentioned, credited or not."""
    introduced_person: str | None = None
    """A person the bulletin introduced ("The caretaker, Halyna Koval, stayed") after the
    last person it credited: "she" in the next statement is that person."""
    introduced_group: str | None = None
    """People introduced together ("Two teachers, Oksana Melnyk and Iryna Hnatiuk,") after
    the last speaker: "they" in the next statement."""
    titled: dict[str, str | None] = field(default_factory=dict)
    """A title ("president", "foreign minister", and its last word alone) -> the one person
    the bulletin named with it ("President Volodymyr Zelenskiy", "Russia's foreign minister,
    Sergei Lavrov"); None once it named two."""

    def learn_titles(self, sentence: str) -> None:
        """Remember who the sentence names with a title, for "the president said" later."""
        for title, full in _titled_people(sentence):
            words = title.split()
            # a deputy, a vice or a prime holder is not "the minister" or "the president"
            short = () if set(words[:-1]) & _RANK_TITLES else (words[-1],)
            for key in dict.fromkeys((title, *short)):
                known = self.titled.setdefault(key, full)
                if known is not None and known != full and not known.endswith(f" {full}"):
                    self.titled[key] = None

    def by_title(self, speaker: str) -> str:
        """ "the president" becomes the one person the bulletin named president; anything
        else, or a title two people held, stays as it is."""
        match = _THE_TITLE.fullmatch(speaker)
        return (match and self.titled.get(match.group(1).lower())) or speaker

    @property
    def last_group(self) -> str | None:
        """Whom "they" stands for."""
        return self.introduced_group or self.last_any

    def learn_names(self, sentence: str) -> bool:
        """Remember multi-word capitalised names so a later bare surname can be expanded;
        whether the sentence named anyone.

        Titles and a sentence's opening words are not part of the name: "On Sunday,
        Colombian President Gustavo Petro said" teaches "Petro" -> "Gustavo Petro".
        """
        taught = _names_taught(sentence)
        for key, full, _ in taught:
            self.last_named = full
            self.full_names.setdefault(key, full)
        return bool(taught)

    def note_introduced(self, sentence: str, speaker: str | None) -> None:
        """Remember the people a sentence introduces, unless it credits a person: "he"
        after "Zelenskiy said the caretaker, Halyna Koval, ..." is still Zelenskiy."""
        if speaker and (_is_person(speaker) or _NAME_TOKEN.match(speaker)):
            return  # a person, or one name that may be a surname ("Zelenskiy")
        person, group = _introduced_people(sentence)
        if person and person != speaker:
            self.introduced_person = person
        if group and group != speaker:
            self.introduced_group = group

    def expand(self, speaker: str) -> str:
        """A bare surname becomes the full name seen earlier in the bulletin."""
        return self.full_names.get(speaker, speaker) if " " not in speaker else speaker

    def remember(self, speaker: str) -> None:
        self.last_any = speaker
        self.introduced_group = None
        if _is_person(speaker):
            self.last_person = speaker
            self.introduced_person = None


@lru_cache(maxsize=4_096)
def _is_person(speaker: str) -> bool:
    """A speaker "he" or "she" may stand for: a person's name or a person's role. Cached:
    a bulletin's few speakers come back sentence after sentence."""
    tokens = speaker.split()
    return bool(
        (len(tokens) >= 2 and _is_person_name(tokens) and not ORG_WORDS.search(speaker))
        or _PERSON_ROLE.search(speaker)
    )


@lru_cache(maxsize=65_536)
def _names_taught(sentence: str) -> tuple[tuple[str, str, bool], ...]:
    """(surname, full name, after a title) a sentence teaches, in order (see
    Speakers.learn_names); "after a title": "Deputy Mayor Halyna Koval" is a person."""
    taught: list[tuple[str, str, bool]] = []
    for match in _NAME_RUN.finditer(sentence):
        name = match.group(0)
        if ORG_WORDS.search(name):
            continue
        tokens = name.split()
        inner = [i for i, t in enumerate(tokens[:-1]) if _POSSESSIVE.search(t)]
        if inner:
            # a possessive inside the run ends a phrase: "Ukraine’s Denys Shmyhal"
            tokens = tokens[inner[-1] + 1 :]
        tokens[-1] = _POSSESSIVE.sub("", tokens[-1])
        while tokens and tokens[0].lower() in _NAME_OPENERS:
            tokens.pop(0)
        titled = [i for i, t in enumerate(tokens[:-1]) if t.lower().rstrip(".") in _TITLES]
        after_title = False
        if titled:
            cut = titled[-1]
            kept = tokens[cut].lower() in _KEPT_TITLES or len(tokens) - cut - 1 < 2
            after_title = not kept and tokens[cut].lower() not in _MODIFIER_TITLES
            tokens = tokens[cut if kept else cut + 1 :]
        core = [t for t in tokens if t.lower() not in _NAME_PARTICLES]
        if len(core) < 2 or len(core) > 4:
            continue
        surname = tokens[-1]
        full = " ".join(tokens)
        taught.append((surname, full, after_title))
        bare = re.sub(r"^[a-z]+-", "", surname)
        if bare != surname:
            taught.append((bare, full, after_title))
    return tuple(taught)


_TITLE_WORD = (
    r"(?:" + "|".join(sorted(_TITLES - {"former", "acting"}, key=len, reverse=True)) + r")"
)
_TITLED_NAME = re.compile(
    rf"(?<![\w’'-])(?i:(?P<title>{_TITLE_WORD}(?:\s+{_TITLE_WORD}){{0,2}}))"
    rf"(?:\s+of\s+[^,.;:()“”\"]{{1,60}})?(?P<comma>,)?\s+"
    rf"(?P<name>{_NAME_WORD}(?:\s+{_NAME_WORD}){{1,3}})"
)
"""A person named with a title, before the name ("President Volodymyr Zelenskiy", "foreign
minister Sergei Lavrov") or in apposition ("Ukraine's president, Volodymyr Zelenskiy", "the
governor of the Luhansk region, Serhiy Haidai")."""
_THE_TITLE = re.compile(rf"(?i:the\s+({_TITLE_WORD}(?:\s+{_TITLE_WORD}){{0,2}}))")
"""A speaker named by a title alone: "the president", "The foreign minister"."""
_TITLE_ABBREVIATIONS = frozenset("gen col lt maj capt sgt dr mr mrs ms sen rep gov".split())
_RANK_TITLES = frozenset("deputy vice prime".split())
"""Titles that make another a different office: a vice president is not "the president"."""
_APPOSITION_CLOSED = re.compile(r"\s*(?:[,.;:!?)]|$)")
_COMPLEMENT_BEFORE = re.compile(r"\b(?:of|for|to|with)\s+(?:the\s+|\w+['’]s\s+)?$", re.I)
"""A title that completes another noun ("the wife of the president, NAME"): the name in
apposition may be that noun's."""


@lru_cache(maxsize=65_536)
def _titled_people(sentence: str) -> tuple[tuple[str, str], ...]:
    """(title, full name) of each person a sentence names with a title (lower case; an
    abbreviated title ("Gen.") and a former or acting one are left out: "the general" may
    be another)."""
    found = []
    for match in _TITLED_NAME.finditer(sentence):
        title = " ".join(match.group("title").lower().split())
        tokens = match.group("name").split()
        if match.group("comma") and (
            _POSSESSIVE.search(tokens[-1])
            or not _APPOSITION_CLOSED.match(sentence, match.end())
            or _COMPLEMENT_BEFORE.search(sentence[: match.start()])
        ):
            continue  # "the mayor, Vitali Klitschko's office"; "the wife of the president, X"
        tokens[-1] = _POSSESSIVE.sub("", tokens[-1])
        if (
            title.split()[-1] in _TITLE_ABBREVIATIONS
            or sentence[: match.start()].rstrip().lower().endswith(("former", "acting"))
            or not _is_introduced_name(tokens)
            or tokens[0].lower() in _TITLES
        ):
            continue
        found.append((title, " ".join(tokens)))
    return tuple(found)


_PERSON_NOUNS = re.compile(
    r"\b(?:" + _alternation(speaker_words("person_nouns")) + r")\b", re.IGNORECASE
)
_DESCRIPTION_OPENERS = frozenset(speaker_words("description_openers"))
_AND = re.compile(r"\s+(?:and|&)\s+")
_NAME_IN_APPOSITION = re.compile(r"(?:^|,\s+)[A-ZА-ЯІЇЄҐ][\w’'.-]*\s+[A-ZА-ЯІЇЄҐ]")
"""Every appositive name opens the sentence or follows a comma (a speed-up, not a rule)."""


@lru_cache(maxsize=65_536)
def _introduced_people(sentence: str) -> tuple[str | None, str | None]:
    """The person, and the people, a sentence introduces as such: by a description in
    apposition ("The caretaker of the school, Halyna Koval, stayed", "Halyna Koval, 54,
    stayed", "Two teachers, Oksana Melnyk and Iryna Hnatiuk, stayed") or by a title
    ("Deputy Mayor Halyna Koval stayed"). A bare name may be a place ("Kryvyi Rih"): no."""
    person = group = None
    if "," in sentence and _NAME_IN_APPOSITION.search(sentence):
        segments = [_clean(segment) for segment in _mask_quotes(sentence).split(",")]
        for index, segment in enumerate(segments[:-1]):
            names = [part.split() for part in _AND.split(segment)]
            if not all(_is_introduced_name(name) for name in names):
                continue
            following = segments[index + 1]
            if not (
                (index and _describes_a_person(segments[index - 1]))
                or _describes_a_person(following)
                or following.isdigit()
            ):
                continue
            if len(names) == 1:
                person = person or segment
            else:
                group = group or segment
    if person is None:
        person = next((full for _, full, titled in _names_taught(sentence) if titled), None)
    return person, group


def _is_introduced_name(tokens: list[str]) -> bool:
    return (
        2 <= len(tokens) <= 4 and _is_person_name(tokens) and not ORG_WORDS.search(" ".join(tokens))
    )


def _describes_a_person(segment: str) -> bool:
    """ "the caretaker of the school", "a local farmer", "two teachers", "his widow"."""
    tokens = segment.split()
    return bool(tokens) and (
        tokens[0].lower() in _DESCRIPTION_OPENERS
        and bool(_PERSON_NOUNS.search(segment) or _AGENT_NOUNS.search(segment))
    )


def attribute(sentence: str, speakers: Speakers | None = None) -> str | None:
    """Who the sentence credits for its statement, or None; updates ``speakers``."""
    speakers = speakers if speakers is not None else Speakers()
    if is_cyrillic(sentence):
        # Russian and Ukrainian are read by their morphology (pymorphy3); that module
        # learns names and remembers speakers in the nominative itself.
        return attribute_cyrillic(sentence, speakers)
    named = speakers.learn_names(sentence)
    if named:
        speakers.learn_titles(sentence)
    found = _resolve(_reading(sentence), speakers)
    if found:
        found = speakers.by_title(found)
    if found:
        speakers.remember(found)
    if named:
        speakers.note_introduced(sentence, found)
    return found


class _Unresolved:
    """Stands in for :class:`Speakers` while a sentence is read on its own: a pronoun and a
    bare surname are left as marks that :func:`_resolve` fills from the bulletin."""

    last_person = "\x01P"
    last_named: str | None = None
    last_any = "\x01A"
    last_group = "\x01T"

    @staticmethod
    def expand(speaker: str) -> str:
        return speaker if " " in speaker else f"\x01E{speaker}\x02"


_UNRESOLVED: Speakers = _Unresolved()  # type: ignore[assignment]
_SURNAME_MARK = re.compile("\x01E([^\x02]*)\x02")


@lru_cache(maxsize=65_536)
def _reading(sentence: str) -> str | None:
    """Who an English sentence credits, read from the sentence alone (pronouns and bare
    surnames marked). Cached: re-published wire copy repeats sentences word for word."""
    lowered = sentence.lower()
    return (
        (" by " in lowered and _passive_agent(sentence))
        or (
            _RELAY_HINT.search(lowered)
            and (_quoted_as_saying(sentence, _UNRESOLVED) or _relay(sentence))
        )
        or ("according" in lowered and _according_to(sentence, _UNRESOLVED))
        or _with_cited(sentence, _speaker(sentence, _UNRESOLVED))
        or None
    )


def _resolve(reading: str | None, speakers: Speakers) -> str | None:
    """A reading with its marks filled from what the bulletin said before: "he" is the last
    person credited, a bare surname the full name used earlier. A relay whose speaker
    cannot be resolved is credited to the outlet that relays it."""
    if reading is None or "\x01" not in reading:
        return reading
    reading = _SURNAME_MARK.sub(lambda m: speakers.expand(m.group(1)), reading)
    person = speakers.introduced_person or speakers.last_person or speakers.last_named
    parts: list[str | None] = []
    for part in reading.split(", via "):
        if "\x01P" in part:
            part = part.replace("\x01P", person) if person else None
        if part and "\x01A" in part:
            part = part.replace("\x01A", speakers.last_any) if speakers.last_any else None
        if part and "\x01T" in part:
            group = speakers.last_group
            part = part.replace("\x01T", group) if group else None
        parts.append(part)
    if len(parts) == 2:
        speaker, outlet = parts
        if speaker and outlet:
            return f"{speaker}, via {outlet}"
        return outlet if speaker is None else None
    return parts[0]


def _relay(sentence: str) -> str | None:
    match = _CITING.search(sentence)
    if match:
        outlet = match.group("outlet")
        verb = SPEECH_VERB.search(outlet)
        outlet = _clean(outlet[: verb.start()] if verb and verb.start() else outlet)
        if outlet and _looks_like_agent(outlet, sentence_start=True):
            return f"{_proper_core(match.group('cited'))}, via {outlet}"
    match = _CITED_AS_SAYING.search(_mask_quotes(sentence))
    if match:
        return f"{_clean(match.group('cited'))}, via {_clean(match.group('outlet'))}"
    return None


def _according_to(sentence: str, speakers: Speakers) -> str | None:
    """ "according to X": X, without the document that carries it ("a statement from the
    border service" gives "the border service"); "according to a report in Le Monde, which
    cited two officials" gives "two officials, via Le Monde"; "Petrov said ..., according
    to Interfax" gives "Petrov, via Interfax"."""
    masked = _mask_quotes(sentence)
    match = _ACCORDING_TO.search(masked)
    if not match:
        return None
    phrase = _clean(match.group("np"))
    carried = _clean(_SOURCE_CARRIER.sub("", phrase))
    phrase = carried or phrase
    if not phrase:
        return None
    named = _APPOSITIVE_NAME.match(masked, match.end())
    if named and _is_introduced_name(named.group("name").split()) and _describes_someone(phrase):
        return named.group("name")  # "according to the governor of Luhansk, Serhiy Haidai."
    cited = _WHICH_CITED.match(masked, match.end())
    if cited:
        return f"{_clean(cited.group('cited'))}, via {phrase}"
    if match.start() > 0 and _has_name(phrase):
        before = _speaker(sentence[: match.start()], speakers)
        if before and fold_speaker(before) != fold_speaker(phrase):
            return f"{before}, via {phrase}"
    return phrase


_APPOSITIVE_NAME = re.compile(
    rf",\s+(?P<name>{_NAME_WORD}(?:\s+{_NAME_WORD}){{1,3}})\s*(?=[,.;:!?]|$)"
)
"""A person's name in apposition after a description, closing its phrase."""


def names_another(sentence: str, speaker: str) -> bool:
    """The sentence introduces a person by name, in apposition or after a noun for a person,
    who is not its speaker ("Police said a woman, Halyna Petrenko, was hurt.", "... said
    pensioner Halyna Petrenko was hurt."): a quotation after it may be theirs."""
    own = fold_speaker(speaker)
    masked = _mask_quotes(sentence)
    matches = [*_APPOSITIVE_NAME.finditer(masked), *_NAME_AFTER_PERSON_NOUN.finditer(masked)]
    return any(
        _is_introduced_name(match.group("name").split())
        and fold_speaker(match.group("name")) not in own
        for match in matches
    )


_NAME_AFTER_PERSON_NOUN = re.compile(
    rf"(?i:{_PERSON_NOUNS.pattern})\s+(?P<name>{_NAME_WORD}(?:\s+{_NAME_WORD}){{1,3}})"
)


def _describes_someone(phrase: str) -> bool:
    """A description a name in apposition may follow: a title ("the governor of the
    Luhansk region") or a person or body ("the head of the national police"), but not one
    that ends in another person ("a spokesman for the president"), whom the name may be."""
    *_, tail = _OF_FOR_TO.split(phrase)
    if tail != phrase and _PERSON_ROLE.search(tail):
        return False
    return bool(set(phrase.lower().split()) & _TITLES) or _describes_a_person(phrase)


_OF_FOR_TO = re.compile(r"\s+(?:of|for|to|with)\s+", re.I)


def _with_cited(sentence: str, speaker: str | None) -> str | None:
    """ "Tass reported ..., citing the regional governor" and "Citing unnamed military
    sources, the Kyiv Independent reported" give "CITED, via SPEAKER" when the cited is a
    party (not "citing preliminary data")."""
    if not speaker or "citing" not in sentence.lower() or ", via " in speaker:
        return speaker
    match = _CITING_ANYWHERE.search(_mask_quotes(sentence))
    if not match:
        return speaker
    cited = _clean(match.group("cited"))
    if not cited or (not _AGENT_NOUNS.search(cited) and not _has_name(cited)):
        return speaker
    if fold_speaker(cited) in fold_speaker(speaker):
        return speaker
    return f"{cited}, via {speaker}"


def _quoted_as_saying(sentence: str, speakers: Speakers) -> str | None:
    """ "X was quoted as saying" gives X; "X was quoted by Interfax as saying" gives "X, via
    Interfax"."""
    masked = _mask_quotes(sentence)
    match = _QUOTED_AS_SAYING.search(masked)
    if not match:
        return None
    speaker = _subject_before(masked, match.start() + 1, speakers)
    if not speaker:
        return None
    outlet = match.group("outlet") or match.group("outlet_after")
    return f"{speaker}, via {_clean(outlet)}" if outlet else speaker


def _passive_agent(sentence: str) -> str | None:
    """The agent of a passive speech verb: "were said by Zelenskiy to be sheltering",
    "That was confirmed by the militia head in Donetsk, Eduard Basurin" (a name in
    apposition is preferred); of a passive rejection when what it rejects is a claim ("The
    claim was rejected by Kyiv as false", "The report was dismissed by the Kremlin")."""
    masked = _mask_quotes(sentence)
    match = _PASSIVE_BY.search(masked)
    if not match:
        return None
    if match.group("verb").lower() in _PASSIVE_REJECTION_VERBS and not (
        _PASSIVE_REJECTED_OBJECT.search(masked, 0, match.start())
        or _AS_JUDGED.match(masked, match.end())
    ):
        return None  # "The lawsuit was dismissed by the court": no claim rejected
    segments = [segment.strip() for segment in match.group("agent").split(",")]
    head = _ADVERBIAL.split(segments[0], maxsplit=1)[0]
    if len(segments) > 1:
        appositive = segments[1].split()
        if 2 <= len(appositive) <= 4 and _is_person_name(appositive):
            return " ".join(appositive)
    tokens = head.split()
    if not tokens or len(tokens) > 10:
        return None
    phrase = _clean(head)
    described = _name_tail(tokens)
    if described:
        return " ".join(described)
    return phrase if phrase and _looks_like_agent(phrase, sentence_start=False) else None


def _has_name(phrase: str) -> bool:
    """A phrase holding a capitalised word after its first: "Interfax", "the RIA agency"."""
    tokens = phrase.split()
    return any(t[:1].isupper() for t in tokens[1:]) or (
        tokens[0][:1].isupper() and tokens[0].lower() not in _FUNCTION_WORDS
    )


def fold_speaker(name: str) -> str:
    """A speaker's name compared loosely: case, spaces and a leading "the" ignored."""
    folded = " ".join(name.casefold().split())
    return folded[4:] if folded.startswith("the ") else folded


def _speaker(sentence: str, speakers: Speakers) -> str | None:
    """The speaker of the sentence's main speech verb.

    A verb that closes the sentence (", Ukraine's eastern forces said on Monday.") is tried
    first: it governs the whole sentence, while an earlier one may sit in a relative
    clause ("the village that Russia said it had captured"). Verbs that are negated ("has
    not yet reported"), passive, nouns, or not speech ("two people reported injured")
    credit nobody.
    """
    masked = _mask_quotes(sentence)
    found_verbs = list(SPEECH_VERB.finditer(masked))
    if not found_verbs:
        return None

    def is_speech(verb: re.Match[str]) -> bool:
        start = verb.start()
        return (
            not _NOT_SPEECH_AFTER.match(masked, verb.end())
            and not _is_noun(masked, start)
            and not _is_passive(masked, start)
            and (
                not _NEGATED_VERB.search(masked, max(0, start - 60), start)
                or bool(_ACKNOWLEDGES.match(masked, start))  # "did not deny that ...": a statement
            )
            and _speaks_of_a_claim(sentence, verb)
        )

    last = found_verbs[-1]
    if (
        len(found_verbs) > 1
        and _CLOSING.fullmatch(masked, last.end())
        and not _DENIAL_VERB.match(last.group(0))
        and is_speech(last)
    ):
        found_verbs.insert(0, found_verbs.pop())
    for verb in found_verbs:
        if not is_speech(verb):
            continue
        found = _subject_after(masked, verb, sentence) or _subject_before(
            masked, verb.start(), speakers
        )
        if found and not _reduced_passive(masked, verb, found):
            return found
    return None


_REDUCED_PASSIVE_VERBS = frozenset(speaker_words("reduced_passive_verbs"))
_EVENT_NOUNS = frozenset(speaker_words("event_nouns"))
_REDUCED_PASSIVE_NEXT = re.compile(
    r"\s*(?:[;:,.!?–—(]|$)|\s+(?:" + _alternation(speaker_words("reduced_passive_next")) + r")\b",
    re.IGNORECASE,
)
_COMPLEMENT = re.compile(r"\b(?:that|as\s+saying|to\s+\w+)\b", re.IGNORECASE)


def _reduced_passive(text: str, verb: re.Match[str], subject: str) -> bool:
    """ "Shelling reported near Kupiansk; no casualties": a headline's passive, not speech.
    The verb has no object or clause after it, only a place, a time or the clause's end, and
    its subject is no agent (not an official, a body or a person's name)."""
    if verb.group(0).lower() not in _REDUCED_PASSIVE_VERBS:
        return False
    if not _REDUCED_PASSIVE_NEXT.match(text, verb.end()):
        return False
    clause = re.split(r"[;.!?]", text[verb.end() :], maxsplit=1)[0]
    if _COMPLEMENT.search(clause):
        return False  # "Russia reported on Monday that ...": speech
    subject = _SURNAME_MARK.sub(r"\1", subject)  # one capitalised word is read as a surname
    tokens = subject.split()
    if not tokens or (
        _AGENT_NOUNS.search(subject)
        or ORG_WORDS.search(subject)
        or (len(tokens) >= 2 and _is_person_name(tokens))
    ):
        return False
    head = tokens[-1]
    # a common noun ("Heavy fighting", "Two deaths"), or one capitalised word that names an
    # event ("Shelling"), never a name that may be a source ("Reuters", "Ukraine")
    return head.islower() or head.lower() in _EVENT_NOUNS


def _speaks_of_a_claim(text: str, verb: re.Match[str]) -> bool:
    """Verbs that are speech only with the right object: "rejected the claims" (not "rejected
    their lawsuit"), "denied that ..." (not "denied access"), "called the report a lie"
    (not "called for talks")."""
    word = verb.group(0).lower()
    after = text[verb.end() : verb.end() + 120]
    if word.startswith(("reject", "dismiss")) or word in _CLAIM_OBJECT_VERBS:
        return bool(_REJECTED_CLAIM.match(after))
    if word.startswith("den"):
        return not _WITHHELD_OBJECT.match(after)
    if word in _JUDGEMENT_VERBS:
        return bool(_JUDGED_FALSE.match(after) or _CHARACTERISED.match(after))
    return True


def _subject_before(text: str, end: int, speakers: Speakers) -> str | None:
    before = text[:end]
    if before.rstrip().endswith(" to"):
        before = _CONTROL_VERB.sub("", before)
    tokens = re.findall(r"[^\s,;:()“”\"–—‘]+|[,;:()“”\"–—‘]", before)
    while tokens and (_skippable(tokens[-1]) or tokens[-1] == ")"):
        if tokens[-1] == ")":
            # "Ukraine’s military intelligence (HUR) said": an acronym aside is not the speaker
            opening = len(tokens) - 1 - tokens[::-1].index("(") if "(" in tokens else -1
            aside = tokens[opening + 1 : -1]
            if (
                opening < 0
                or len(aside) != 1
                or not re.fullmatch(r"[A-ZА-ЯІЇЄҐ][A-Za-zА-Яа-яІЇЄҐіїєґ&.-]*", aside[0])
            ):
                break
            del tokens[opening:]
        else:
            tokens.pop()
    phrase: list[str] = []
    while (
        tokens
        and tokens[-1] not in _PUNCTUATION
        and (tokens[-1].lower() not in _BOUNDARY_WORDS or _joins_names(tokens, phrase))
    ):
        phrase.insert(0, tokens.pop())
    if not phrase and len(tokens) >= 3 and tokens[-1].lower() == "who" and tokens[-2] == ",":
        # "..., the Russian authorities, who have repeatedly denied ...": the antecedent
        tokens = tokens[:-2]
        while (
            tokens
            and tokens[-1] not in _PUNCTUATION
            and tokens[-1].lower()
            not in {"from", "by", "of", "with", "to", "for", "and", "that", "as"}
        ):
            phrase.insert(0, tokens.pop())
        if not phrase or not _looks_like_agent(_clean(" ".join(phrase)), sentence_start=False):
            return None
    phrase = _after_relative_determiner(phrase)
    if not phrase and len(tokens) >= 2 and tokens[-1] == ",":
        phrase = _appositive_name(tokens)
        if not phrase:
            return None
    if not phrase or len(phrase) > 12:
        return None
    if phrase[0].lower() in {"no", "nobody", "none", "neither", "nor"}:
        return None  # "No group has yet claimed responsibility": nobody speaks
    if phrase[0].lower() in {"our", "this"} and _OWN_STAFF.search(" ".join(phrase)):
        return None  # "our correspondent in the city saw": the outlet's own reporting
    if len(phrase) > 1 and phrase[-1].lower() in _PRONOUNS:
        phrase = phrase[-1:]  # "footage it said was", "In a post on Telegram he said"
    sentence_start = len(tokens) == 0
    text_phrase = _clean(" ".join(phrase))
    pronoun = _PRONOUNS.get(text_phrase.lower())
    if pronoun == "person":
        return speakers.last_person or speakers.last_named
    if pronoun == "any":
        return speakers.last_any
    if pronoun == "group":
        return speakers.last_group
    if not text_phrase or not _looks_like_agent(text_phrase, sentence_start):
        return None
    described = _name_tail(text_phrase.split())
    return speakers.expand(" ".join(described) if described else text_phrase)


def _appositive_name(tokens: list[str]) -> list[str]:
    """The speaker of "X, a description, said", tried in this order:

    - a segment that is a name: "NAME, a description, said", "a description, NAME, said";
    - a name ending a segment: "the military analyst Oleksiy Arestovych, said";
    - a name opening the sentence before two descriptions: "Jack Sirett, the head of
      dealing at Ebury, a financial services firm, said";
    - an organisation before a description: "Myanmar's junta, which seized power in 2021,
      said".
    """
    segments: list[list[str]] = []
    while tokens and tokens[-1] == "," and len(segments) < 3:
        tokens.pop()
        segment: list[str] = []
        while tokens and tokens[-1] not in _PUNCTUATION:
            segment.insert(0, tokens.pop())
        segments.append(segment)
    near = segments[:2]
    for segment in near:
        if segment and len(segment) <= 5 and _is_person_name(segment):
            return segment
    for segment in segments[:3]:
        tail = _name_tail(segment)
        if tail:
            return tail
    opening = segments[2] if len(segments) == 3 and not tokens else []
    if 2 <= len(opening) <= 5 and _is_person_name(opening):
        return opening
    if len(segments) >= 2 and segments[0] and segments[0][0][:1].islower():
        outer = list(segments[1])
        while outer and (
            outer[0].lower() in _BOUNDARY_WORDS or _LEADING_NOISE.match(outer[0] + " ")
        ):
            outer.pop(0)
        if (
            0 < len(outer) <= 8
            and outer[0].lower() not in _PREPOSITIONS
            and (outer[0][:1].isupper() or outer[0].lower() in {"the", "a", "an"})
        ):
            return outer
    return []


def _name_tail(segment: list[str]) -> list[str]:
    """ "the US general Mark Milley" -> "Mark Milley" (a described name, not "for Human
    Rights")."""
    start = len(segment)
    while start > 0 and (
        _NAME_TOKEN.match(segment[start - 1])
        or _PREFIXED_NAME.match(segment[start - 1])
        or (start < len(segment) and segment[start - 1].lower() in _NAME_PARTICLES)
    ):
        start -= 1
    tail = segment[start:]
    if start == 0 or not 2 <= len(tail) <= 4 or not _is_person_name(tail):
        return []
    before = segment[start - 1]
    if (
        not before[:1].islower()
        or before in _PREPOSITIONS
        or before in _DETERMINERS
        or ORG_WORDS.search(" ".join(tail))
    ):
        return []
    return tail


def _is_organisation_name(tokens: list[str]) -> bool:
    """ "the Institute for the Study of War", "Human Rights Watch": capitalised words joined
    by "of", "for", "the", "and", "on"."""
    joined = [t for t in tokens if t.lower() not in {"the", "of", "for", "and", "on", "&"}]
    return (
        len(joined) >= 2
        and tokens[-1].lower() not in {"the", "of", "for", "and", "on"}
        and all(_NAME_TOKEN.match(t) for t in joined)
    )


def _is_person_name(tokens: list[str]) -> bool:
    """Capitalised words, with name particles inside ("Ursula von der Leyen", "al-Burhan")."""
    return (
        bool(tokens)
        and all(
            _NAME_TOKEN.match(t) or _PREFIXED_NAME.match(t) or t.lower() in _NAME_PARTICLES
            for t in tokens
        )
        and tokens[0].lower() not in _NAME_PARTICLES
        and tokens[0].lower() not in _FUNCTION_WORDS
        and tokens[-1].lower() not in _NAME_PARTICLES
        and not any(_POSSESSIVE.search(t) for t in tokens)
    )


def _skippable(token: str) -> bool:
    """Auxiliaries, time words and adverbs between a speaker and the verb."""
    lowered = token.lower()
    return lowered in _SKIPPABLE or (
        token == lowered and len(token) >= 5 and token.endswith("ly") and token not in _NOT_ADVERBS
    )


def _joins_names(tokens: list[str], phrase: list[str]) -> bool:
    """ "and" between capitalised words is part of a name or a joint speaker ("Bosnia and
    Herzegovina", "Russia and Ukraine said"), not a clause boundary."""
    return (
        tokens[-1] in {"and", "&"}
        and len(tokens) >= 2
        and bool(phrase)
        and phrase[0][:1].isupper()
        and tokens[-2][:1].isupper()
    )


def _after_relative_determiner(phrase: list[str]) -> list[str]:
    """ "a claim the army (denied)": a determiner after a noun starts a new subject."""
    for index in range(len(phrase) - 1, 0, -1):
        if phrase[index].lower() in {"the", "a", "an"} and (
            phrase[index - 1].lower() not in _PREPOSITIONS
            and phrase[index - 1].lower() not in _DETERMINERS
            and not phrase[index - 1].endswith(("'s", "’s"))
        ):
            return phrase[index:]
    return phrase


def _subject_after(text: str, verb: re.Match[str], original: str) -> str | None:
    """The speaker after the verb, after a clause or quoted speech that ends with a comma:

    ", said Olena Kovalenko, the mayor." and ", said Mykola Hrytsenko on Tuesday." give the
    name; "pledged Governor Olha Bilyk" keeps a capitalised title; "said border service
    spokesman Andriy Demchenko" gives the name without its description; "argued Poland's
    ambassador to Kyiv, Tomasz Wrona" gives the name of the appositive; ", said the air
    force" gives the body.
    """
    if verb.group(0).lower() not in _INVERTED_VERBS or not re.search(
        r"(?:,|[,?!…][”\"»’'])\s*$", original[: verb.start()]
    ):
        return None
    clause = _INVERTED_CLAUSE.match(text[verb.end() :])
    if not clause or original[verb.end() + clause.end() : verb.end() + clause.end() + 1] in set(
        '(“"«‘'
    ):
        return None  # "said the reporter “was in Kyiv”": the verb's object, not its subject
    segments = [
        _ADVERBIAL.split(segment.strip(), maxsplit=1)[0] for segment in clause.group(1).split(",")
    ]
    tokens = segments[0].split()
    if not tokens or tokens[0].lower() in _TIME_WORDS or tokens[0].lower() in _PREPOSITIONS:
        return None
    run = len(tokens)
    while run > 0 and (_NAME_TOKEN.match(tokens[run - 1]) or _PREFIXED_NAME.match(tokens[run - 1])):
        run -= 1
    name = tokens[run:]
    if name and (
        run == 0 or (len(name) >= 2 and run <= 5 and tokens[run - 1].lower() not in _PREPOSITIONS)
    ):
        if run == 0 and len(name) == 1 and name[0].lower() in _FUNCTION_WORDS:
            return None
        return _clean(" ".join(name))
    if len(segments) > 1:
        appositive = segments[1].split()
        if 2 <= len(appositive) <= 4 and _is_person_name(appositive):
            return " ".join(appositive)
    phrase = _clean(segments[0])
    if phrase and len(tokens) <= 6 and _AGENT_NOUNS.fullmatch(tokens[-1]):
        return phrase
    if phrase and len(tokens) <= 8 and _is_organisation_name(tokens):
        return phrase
    return None


def _looks_like_agent(phrase: str, sentence_start: bool) -> bool:
    tokens = phrase.split()
    if sentence_start and tokens[0].lower() in _FUNCTION_WORDS and len(tokens) == 1:
        return False
    capitalised = [t for i, t in enumerate(tokens) if t[:1].isupper() and (i or not sentence_start)]
    if sentence_start and tokens[0][:1].isupper() and tokens[0].lower() not in _FUNCTION_WORDS:
        capitalised.append(tokens[0])
    return bool(capitalised) or bool(_AGENT_NOUNS.search(phrase))


def _is_passive(text: str, start: int) -> bool:
    """ "was reported", "were widely reported", "was first reported": not a speaker's verb."""
    before = text[max(0, start - 80) : start].split()
    while before and (
        before[-1].lower() in {"first", "also", "later", "then", "not", "never", "yet", "again"}
        or (before[-1].islower() and before[-1].endswith("ly") and len(before[-1]) >= 5)
    ):
        before.pop()
    return bool(before) and before[-1].lower() in {
        "was",
        "were",
        "been",
        "being",
        "is",
        "are",
        "be",
    }


def _is_noun(text: str, start: int) -> bool:
    """ "the claims", "these reports", "Russia's claims": a noun, not a verb."""
    before = text[max(0, start - 40) : start].split()[-1:]
    if not before:
        return False
    previous = before[0].lower()
    if previous in _DETERMINERS or previous.endswith(("'s", "’s", "s'", "s’")):
        return True
    # "investigating reports of looting", "welcomed reports that": after a verb or a
    # preposition, "reports" and "claims" are nouns
    word = _NOUN_FORMS.match(text, start)
    return bool(word) and (
        previous in _PREPOSITIONS
        or (previous.isalpha() and previous.endswith(("ing", "ed")) and previous not in _SPEECH_ED)
        or previous in _VERBS_TAKING_REPORTS
    )


def _proper_core(phrase: str) -> str:
    """ "the state-run Belta news agency" -> "Belta"; a phrase without a name stays whole."""
    phrase = _clean(phrase)
    runs = re.findall(r"(?:[A-ZА-ЯІЇЄ][\w’'-]*)(?:\s+(?:of\s+)?[A-ZА-ЯІЇЄ][\w’'-]*)*", phrase)
    runs = [r for r in runs if r.lower() not in _FUNCTION_WORDS]
    return max(runs, key=len) if runs else phrase


@lru_cache(maxsize=64)
def _mask_quotes(text: str) -> str:
    """Blank out quoted speech (keeping offsets) so verbs inside quotes are not speakers."""
    return _QUOTED.sub(lambda m: m.group(0)[0] + " " * (len(m.group(0)) - 2) + m.group(0)[-1], text)


def _clean(phrase: str) -> str:
    phrase = " ".join(phrase.split()).strip(" ,;:.-–—")
    previous = None
    while phrase != previous:
        previous = phrase
        phrase = _LEADING_NOISE.sub("", phrase)
    return phrase


_COUNTER_PARTY = re.compile(
    r"(?:\b(?:a|an|the)\s+(?:\w+\s+)?(?:claims?|accusations?|allegations?|charges?|assertions?"
    r"|reports?|versions?|accounts?|figures?|tolls?|numbers?|estimates?)\s+(?:that\s+|which\s+)?"
    r"|,\s*(?:which|but|while|although|though|whereas)\s+)"
    r"(?P<who>[^,;:.()“”\"]{2,60}?)\s+(?:has\s+|have\s+|had\s+)?(?:\w+ly\s+)?"
    r"(?:denied|denies|deny|rejects|rejected|disputes|disputed|dismisses|dismissed|refutes|refuted"
    r"|contests|contested|calls|called|describes|described|branded|brands|labelled|labels)\b",
    re.IGNORECASE,
)


_DISPUTED_BY = re.compile(
    r"\b(?:disputed|denied|rejected|contested|dismissed|refuted)\s+by\s+"
    r"(?P<who>[^,;:.()“”\"]{2,60}?)(?=[,;:.]|\s+(?:as|on|in|who|which)\b|$)",
    re.IGNORECASE,
)


def counter_party(sentence: str) -> str | None:
    """Who denies, in a sentence that also carries the claim it denies, or None.

    "Kyiv says the dam was mined, a claim Moscow denies." gives "Moscow"; so do "...,
    which Moscow rejected" and "..., but Moscow denied it". The claimant is what
    :func:`attribute` gives; a denier that is the claimant is no second party.
    """
    masked = _mask_quotes(sentence)
    for pattern in (_COUNTER_PARTY, _DISPUTED_BY):
        match = pattern.search(masked)
        if not match:
            continue
        who = _clean(match.group("who"))
        tokens = who.split()
        if (
            tokens
            and len(tokens) <= 8
            and tokens[0].lower() not in {"it", "this", "that", "they", "was", "were", "is"}
            and _looks_like_agent(who, sentence_start=False)
        ):
            return who
    return None
