"""Who a sentence credits for its statement, as the text writes it.

The forms covered, in the order they are tried:

- a relay: "Reuters, citing the state-run Belta news agency, reported ..." gives
  "Belta, via Reuters"; "CNN cited officials as saying" gives "officials, via CNN";
- "according to X";
- a speaker before a speech verb: "Ukraine's defence ministry has denied ...",
  "..., the region's governor said", "an adviser to Volodymyr Zelenskiy said ...",
  with an appositive name preferred ("The president of Belarus, Alexander Lukashenko,
  has claimed" gives "Alexander Lukashenko");
- an inverted speaker: "..., said Olena Kovalenko, the mayor."

"He", "she" and "they" are resolved to the last person (or, for "they", the last
speaker) the story credited, and a bare surname to the full name used earlier.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from newsroom.names import script_is_latin

SPEECH_VERB = re.compile(
    r"\b(?:said|says|say|saying|added|adds|told|tells|claimed|claims|claim|stated|states"
    r"|announced|announces|alleged|alleges|asserted|asserts|insisted|insists|reported|reports"
    r"|warned|warns|denied|denies|deny|confirmed|confirms|declared|declares|acknowledged"
    r"|admitted|admits|wrote|writes|tweeted|posted|accused|accuses|maintained|maintains"
    r"|rejected|rejects|dismissed|dismisses|estimated|estimates|argued|argues|explained"
    r"|заявив|заявила|заявило|заявили|повідомив|повідомила|повідомили|заявил|заявила|сообщил"
    r"|сообщила|сообщили|сказав|сказала|сказал)\b"
)
CLAIM_VERB = re.compile(
    r"\b(?:claim(?:s|ed|ing)?|alleg(?:e|es|ed|ing)|assert(?:s|ed)?|insist(?:s|ed)?|announc(?:e|es|ed)"
    r"|заявив|заявила|заявило|заявили|заявил)\b",
    re.IGNORECASE,
)
_ACCORDING_TO = re.compile(r"\baccording\s+to\s+(?P<np>[^,.;:()“”\"–—]+)", re.IGNORECASE)
_CITING = re.compile(
    r"^(?P<outlet>[^,]{2,80}?),\s+(?:citing|quoting)\s+(?P<cited>[^,]{2,120}?),\s", re.IGNORECASE
)
_CITED_AS_SAYING = re.compile(
    r"(?:^|,\s*)(?P<outlet>[A-Z][^,]{1,60}?)\s+(?:cited|quoted)\s+(?P<cited>[^,.]{2,80}?)"
    r"\s+as\s+say",
)
_QUOTED = re.compile(r"“[^”]*”|\"[^\"]*\"|«[^»]*»")
_BOUNDARY_WORDS = frozenset(
    "that after before when while as because but and which who whom whose if since although "
    "though where whereas once until unless so than what how why whether".split()
)
_SKIPPABLE = frozenset(
    "has have had was were is are be been also reportedly allegedly later earlier previously "
    "already again then once repeatedly has not had not publicly officially separately "
    "himself herself itself themselves on sunday monday tuesday wednesday thursday friday "
    "saturday yesterday today".split()
)
_FUNCTION_WORDS = frozenset(
    "a an the this that these those it its there here what which who some many most such one "
    "each every no nor not all both either neither".split()
)
_AGENT_NOUNS = re.compile(
    r"\b(?:officials?|ministry|ministries|minister|spokes(?:man|woman|person)|governor|president"
    r"|mayor|advis[eo]r|aide|commander|army|military|forces|police|agency|authorities"
    r"|government|administration|office|service|council|committee|witness(?:es)?|residents?"
    r"|sources?|analysts?|experts?|observers?|diplomats?|prosecutors?|investigators?|head|chief"
    r"|leader|lawmakers?|general|monitors?|staff|command|headquarters|kremlin|ministers?"
    r"|envoy|ambassador|representative|operator|journalists?|reporters?|people|locals)\b",
    re.IGNORECASE,
)
ORG_WORDS = re.compile(
    r"\b(?:ministry|government|agency|army|forces|office|service|council|committee|command"
    r"|police|military|news|press|media|administration|company|group|authorities|kremlin"
    r"|officials|parliament|embassy|headquarters|reuters|tass|interfax|ria|afp|ap|bbc|cnn)\b",
    re.IGNORECASE,
)
_DETERMINERS = frozenset(
    "the a an these those this that such his her its their our my your several unconfirmed "
    "conflicting new recent earlier false similar any some many no".split()
)
_PUNCTUATION = frozenset(',;:()“”"–—')
_CYRILLIC_ADVERBS = frozenset(
    "знову також вже ще тим часом раніше ранее также уже снова тем".split()
)
_PRONOUNS = {"he": "person", "she": "person", "they": "any"}
_NAME_TOKEN = re.compile(r"^[A-ZА-ЯІЇЄҐ][\w’'-]*$")
_LEADING_NOISE = re.compile(r"^(?:but|and|so|yet|meanwhile|however|also|now)\s+", re.IGNORECASE)


@dataclass
class Speakers:
    """What a bulletin has said so far about who is speaking, for pronouns and surnames."""

    full_names: dict[str, str] = field(default_factory=dict)
    last_person: str | None = None
    last_any: str | None = None

    def learn_names(self, sentence: str) -> None:
        """Remember multi-word capitalised names so a later bare surname can be expanded."""
        for match in re.finditer(
            r"\b(?:[A-ZА-ЯІЇЄ][a-zа-яіїєґ’'-]+\s+){1,2}[A-ZА-ЯІЇЄ][a-zа-яіїєґ’'-]+", sentence
        ):
            name = match.group(0)
            surname = name.split()[-1]
            if not ORG_WORDS.search(name):
                self.full_names.setdefault(surname, name)

    def expand(self, speaker: str) -> str:
        """A bare surname becomes the full name seen earlier in the bulletin."""
        return self.full_names.get(speaker, speaker) if " " not in speaker else speaker

    def remember(self, speaker: str) -> None:
        self.last_any = speaker
        tokens = speaker.split()
        if (
            len(tokens) >= 2
            and all(_NAME_TOKEN.match(t) for t in tokens)
            and not ORG_WORDS.search(speaker)
        ):
            self.last_person = speaker


def attribute(sentence: str, speakers: Speakers | None = None) -> str | None:
    """Who the sentence credits for its statement, or None; updates ``speakers``."""
    speakers = speakers if speakers is not None else Speakers()
    speakers.learn_names(sentence)
    found = _relay(sentence) or _according_to(sentence) or _speaker(sentence, speakers)
    if found:
        speakers.remember(found)
    return found


def _relay(sentence: str) -> str | None:
    match = _CITING.search(sentence)
    if match:
        outlet = _clean(match.group("outlet"))
        if outlet and _looks_like_agent(outlet, sentence_start=True):
            return f"{_proper_core(match.group('cited'))}, via {outlet}"
    match = _CITED_AS_SAYING.search(sentence)
    if match:
        return f"{_clean(match.group('cited'))}, via {_clean(match.group('outlet'))}"
    return None


def _according_to(sentence: str) -> str | None:
    match = _ACCORDING_TO.search(_mask_quotes(sentence))
    if not match:
        return None
    phrase = _clean(match.group("np"))
    return phrase or None


def _speaker(sentence: str, speakers: Speakers) -> str | None:
    masked = _mask_quotes(sentence)
    for verb in SPEECH_VERB.finditer(masked):
        if _is_passive(masked, verb.start()) or _is_noun(masked, verb.start()):
            continue
        found = _subject_before(masked, verb.start(), speakers) or _subject_after(masked, verb)
        if found:
            return found
    return None


def _subject_before(text: str, end: int, speakers: Speakers) -> str | None:
    tokens = re.findall(r"[^\s,;:()“”\"–—]+|[,;:()“”\"–—]", text[:end])
    while tokens and tokens[-1].lower() in _SKIPPABLE:
        tokens.pop()
    phrase: list[str] = []
    while tokens and tokens[-1] not in ',;:()“”"–—' and tokens[-1].lower() not in _BOUNDARY_WORDS:
        phrase.insert(0, tokens.pop())
    if not phrase and len(tokens) >= 2 and tokens[-1] == ",":
        phrase = _appositive_name(tokens)
        if not phrase:
            return None
    if phrase and not script_is_latin(phrase[-1]):
        phrase = [t for t in phrase if t.lower() not in _CYRILLIC_ADVERBS][-3:]
    if not phrase or len(phrase) > 12:
        return None
    sentence_start = len(tokens) == 0
    text_phrase = _clean(" ".join(phrase))
    pronoun = _PRONOUNS.get(text_phrase.lower())
    if pronoun == "person":
        return speakers.last_person
    if pronoun == "any":
        return speakers.last_any
    if not text_phrase or not _looks_like_agent(text_phrase, sentence_start):
        return None
    return speakers.expand(text_phrase)


def _appositive_name(tokens: list[str]) -> list[str]:
    """The name in "NAME, a description, said" or "a description, NAME, said"."""
    segments: list[list[str]] = []
    while tokens and tokens[-1] == "," and len(segments) < 2:
        tokens.pop()
        segment: list[str] = []
        while tokens and tokens[-1] not in _PUNCTUATION:
            segment.insert(0, tokens.pop())
        segments.append(segment)
    for segment in segments:
        if segment and len(segment) <= 5 and all(_NAME_TOKEN.match(t) for t in segment):
            return segment
    return []


def _subject_after(text: str, verb: re.Match[str]) -> str | None:
    """ ", said Olena Kovalenko, the mayor of the city." (speaker after the verb)."""
    if not text[: verb.start()].rstrip().endswith(","):
        return None
    match = re.match(r"\s+((?:[A-ZА-ЯІЇЄ][\w’'-]*\s*){1,4})(?=[,.;]|$)", text[verb.end() :])
    return _clean(match.group(1)) if match else None


def _looks_like_agent(phrase: str, sentence_start: bool) -> bool:
    tokens = phrase.split()
    if sentence_start and tokens[0].lower() in _FUNCTION_WORDS and len(tokens) == 1:
        return False
    capitalised = [t for i, t in enumerate(tokens) if t[:1].isupper() and (i or not sentence_start)]
    if sentence_start and tokens[0][:1].isupper() and tokens[0].lower() not in _FUNCTION_WORDS:
        capitalised.append(tokens[0])
    return bool(capitalised) or bool(_AGENT_NOUNS.search(phrase))


def _is_passive(text: str, start: int) -> bool:
    before = text[:start].split()[-2:]
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
    before = text[:start].split()[-1:]
    return bool(before) and (
        before[0].lower() in _DETERMINERS or before[0].endswith(("'s", "’s", "s'", "s’"))
    )


def _proper_core(phrase: str) -> str:
    """ "the state-run Belta news agency" -> "Belta"; a phrase without a name stays whole."""
    phrase = _clean(phrase)
    runs = re.findall(r"(?:[A-ZА-ЯІЇЄ][\w’'-]*)(?:\s+(?:of\s+)?[A-ZА-ЯІЇЄ][\w’'-]*)*", phrase)
    runs = [r for r in runs if r.lower() not in _FUNCTION_WORDS]
    return max(runs, key=len) if runs else phrase


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
