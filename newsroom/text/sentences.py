"""Sentences and the layout around them: paragraphs, headings and live-blog posts.

Sentences come from Wikimedia's rule-based splitter, sentencex (about 1 µs a sentence;
pysbd and syntok were measured too and were no more accurate on news copy, and 70 to
700 times slower). A small post-pass mends what sentencex gets wrong in conflict news,
each case tested in tests/test_sentences.py:

- The language is chosen per paragraph (Cyrillic with і, ї, є or ґ is Ukrainian, other
  Cyrillic Russian, the rest English), so that "г. Харьков", "ул. Пушкина" and "м. Київ"
  are read as abbreviations.
- A break is undone when it falls inside a word ("Liga.Net"), before a lower-case word
  ("5 млн. рублей", "обл. вечером"), before a number after an abbreviation that takes one
  ("approx. 40", "ок. 300") or after a Cyrillic initial ("А.Б. Петров", "В. Зеленський").
- A break is added where sentencex takes a sentence's last word for an abbreviation and the
  next word is capitalised: a word that is no abbreviation ("since May.", "the reply was
  no.", "is ill."), a list's end ("etc.", "т.д.", "т.п."), a unit after a number ("млн."), a
  region ("обл."), a year ("12.07.2022 г.", "2022 р.") unless it opens the sentence ("В
  2022 г. Россия ..."), "U.S."/"U.K." after a preposition unless a name goes on ("in the
  U.S. Embassy"), an ellipsis ("…") or a bracketed sentence ("(... date.)"). Never inside an
  open quotation: a quoted passage stays one sentence.
- A bullet ("•", "▪", "►") starts a new paragraph (sentencex stops splitting after one).

Fragments with no words are not sentences: a lone "-" or "•", an emoji, a list number,
a photo credit ("Photograph: Alex Smith/Reuters", "Фото: ..."), a bare "Advertisement" or
"Related: ..." teaser. Paragraphs of page or feed furniture (a record's fields such as
"Country: ..." or "Source: ...", a byline, a bare URL, a label such as "Summary"; the words
are in the cue files) are dropped before the layout is read: neither items nor headings.

The layout (:func:`read_layout`) also tells, for each sentence, what comes before it: a
paragraph break, a live-blog post break (a paragraph that is only a time, "10.32 BST", or a
rule, "* * *"), and the headings that name it. A heading is a short paragraph without final
punctuation followed by a paragraph of prose; it is not a sentence.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from sentencex import segment

from newsroom.text.cues import furniture_words

PARAGRAPH = 1
"""A paragraph break (a blank line, a heading or a bullet) comes before the sentence."""
POST = 2
"""A live-blog post break comes before the sentence: a new post always starts a new story."""

_PARAGRAPH = re.compile(r"\n\s*\n")
_BULLETS = "•▪►◦‣●■"
_BULLETED = re.compile(rf"\n\s*\n|(?:^|\s)[{_BULLETS}](?=\s)")
_MAX_SENTENCE = 2000

# --- the layout -------------------------------------------------------------------------

_RULE = re.compile(r"[-*_=~—–•·⁂ ]*")
"""A paragraph of rule characters only; three or more of them ("* * *", "---") are a break."""
_TIME = re.compile(
    r"(?:(?:updated|posted|оновлено|обновлено)\s*(?:at\s*|о\s*|в\s*)?)?"
    r"(?:\d{1,2}\s+\w{3,9}\.?(?:\s+\d{4})?,?\s+)?"
    r"\d{1,2}[.:]\d{2}(?:\s*(?:am|pm|a\.m\.|p\.m\.))?(?:\s+[A-Z]{2,5}(?:[+-]\d{1,2})?)?"
    r"|\d{1,3}\s*(?:m|min|mins|minutes?|h|hr|hrs|hours?)\s+ago",
    re.IGNORECASE,
)
"""A paragraph that is only a live-blog post's time: "10.32 BST", "Updated at 14:05", "2h ago"."""
_INNER_END = re.compile(r"[.!?…][\"'”’»)]*\s")
_LONGEST_MARKER = 40
_HEADING_CHARS = 120
_HEADING_WORDS = 15
_FINAL_PUNCTUATION = (".", "!", "?", "…", ":", ";", ",")
_CLOSERS = "\"'”’»)]*_"


@dataclass
class Layout:
    """A text's sentences, and for each what comes before it (``breaks``: 0, PARAGRAPH or
    POST) and the headings that name it (``headings``: "" when none)."""

    sentences: list[str] = field(default_factory=list)
    breaks: list[int] = field(default_factory=list)
    headings: list[str] = field(default_factory=list)


def split_sentences(text: str, language: str | None = None) -> list[str]:
    """The sentences of a text; paragraph breaks always end a sentence (see the module doc).

    Over-long "sentences" (tables, lists run together) are cut at the nearest space so
    that every item stays quotable.
    """
    return read_layout(text, language).sentences


def read_layout(text: str, language: str | None = None) -> Layout:
    """Sentences with their paragraph and post breaks and their headings.

    ``language`` ("en", "ru", "uk") forces one language; by default each paragraph's own.
    """
    layout = Layout()
    if text[:1].isupper() and (dateline := _DATELINE.match(text)):
        text = text[dateline.end() :]  # "KYIV, March 11 (Reuters) - ": where it was filed
    if "\n" in text:
        text = _set_apart_post_markers(text)
    if "  " in text:
        text = _LABELLED.sub("\n\n", text)
    if "[" in text:
        text = _BRACKETED_LABEL.sub("\n\n", text)
    bulleted = any(bullet in text for bullet in _BULLETS)
    parts = (_BULLETED if bulleted else _PARAGRAPH).split(text)
    paragraphs = [" ".join(p.split()) for p in parts]
    paragraphs = [p for p in paragraphs if p and not is_furniture(p)]
    pending = 0
    headings: list[str] = []
    for index, paragraph in enumerate(paragraphs):
        if _is_post_marker(paragraph):
            pending = POST
            continue
        following = _next_paragraph(paragraphs, index)
        if following is not None and is_heading(paragraph) and not is_heading(following):
            headings.append(paragraph)
            pending = max(pending, PARAGRAPH)
            continue
        found = sentences_of(paragraph, language or _language(paragraph))
        if not found:
            continue
        if layout.sentences:
            pending = max(pending, PARAGRAPH)
        for number, sentence in enumerate(found):
            layout.sentences.append(sentence)
            layout.breaks.append(pending if number == 0 else 0)
            layout.headings.append(" ".join(headings) if number == 0 else "")
        pending = 0
        headings = []
    if layout.breaks:
        layout.breaks[0] = 0
    return layout


_DATELINE = re.compile(
    r"[A-ZА-ЯІЇЄҐ][A-ZА-ЯІЇЄҐ'’.]+(?:[ -][A-ZА-ЯІЇЄҐ][A-ZА-ЯІЇЄҐ'’.]+){0,3}"
    r"(?:,\s*(?:[A-ZА-ЯІЇЄҐ0-9][\w.]*)(?:\s+[A-ZА-ЯІЇЄҐ0-9a-zа-яіїєґ][\w.]*){0,2}?\s*"
    r"(?:\([A-ZА-ЯІЇЄҐ][^()\n]{1,39}\)\s*)?|\s*\([A-ZА-ЯІЇЄҐ][^()\n]{1,39}\)\s*)"
    r"[-–—]{1,2}\s+(?=[\"“'‘«(]?[A-ZА-ЯІЇЄҐ0-9])"
)
"""A wire item's dateline: the city in capitals, a date or a country after a comma or the
agency in brackets (or both), then a dash and the first sentence ("MOSCOW, March 11 (Harbor
Wire) - ", "KYIV (Reuters) - ", "ODESA, Ukraine (AP) — "). It says where the item was filed,
not what happened: no part of the first statement, of its names or of its speaker."""


def _set_apart_post_markers(text: str) -> str:
    """A live-blog post's time on a line of its own ("09.05 GMT", then the post on the next
    line, with no blank line between) is a paragraph of its own: the post starts after it,
    and the time never becomes part of a sentence or a speaker's name."""
    lines = text.split("\n")
    if not any(_is_post_marker(line.strip()) for line in lines if line.strip()):
        return text
    return "\n".join(
        f"\n\n{line}\n\n" if line.strip() and _is_post_marker(line.strip()) else line
        for line in lines
    )


def _next_paragraph(paragraphs: list[str], index: int) -> str | None:
    """The paragraph after ``index`` that is no post marker: a heading followed by its post's
    time ("Evacuation resumes" / "Updated at 14:05" / text) still names that text."""
    for later in range(index + 1, len(paragraphs)):
        if not _is_post_marker(paragraphs[later]):
            return paragraphs[later]
    return None


def _is_post_marker(paragraph: str) -> bool:
    if len(paragraph) > _LONGEST_MARKER:
        return False
    if _TIME.fullmatch(paragraph):
        return True
    return len(paragraph.replace(" ", "")) >= 3 and bool(_RULE.fullmatch(paragraph))


def is_heading(paragraph: str) -> bool:
    """A short line that opens with a capital and has no final punctuation: "Key events"."""
    if len(paragraph) > _HEADING_CHARS or not paragraph.lstrip(_OPENING)[:1].isupper():
        return False
    if paragraph.rstrip(_CLOSERS).endswith(_FINAL_PUNCTUATION) or _INNER_END.search(paragraph):
        return False
    return len(paragraph.split()) <= _HEADING_WORDS and _has_words(paragraph)


# --- sentences --------------------------------------------------------------------------

_CYRILLIC = re.compile(r"[\u0400-\u04ff]")
_LATIN = re.compile(r"[A-Za-z]")
_UKRAINIAN = re.compile(r"[іїєґІЇЄҐ]")


def _language(paragraph: str) -> str:
    """ "uk", "ru" or "en", by the script of most of the paragraph's first letters."""
    if paragraph.isascii():
        return "en"
    sample = paragraph[:400]
    if not _CYRILLIC.search(sample):
        return "en"
    if len(_CYRILLIC.findall(sample)) <= len(_LATIN.findall(sample)):
        return "en"
    return "uk" if _UKRAINIAN.search(paragraph) else "ru"


def sentences_of(paragraph: str, language: str = "en") -> list[str]:
    """The sentences of one paragraph (whitespace already collapsed), fragments dropped."""
    pieces = _merge(list(segment(language, paragraph)))
    sentences: list[str] = []
    for piece in pieces:
        for sentence in _resplit(piece.strip()):
            if _LABEL.match(sentence):
                sentence = _cut_credit(sentence)
            while len(sentence) > _MAX_SENTENCE:
                cut = sentence.rfind(" ", 0, _MAX_SENTENCE)
                cut = cut if cut > 0 else _MAX_SENTENCE
                sentences.append(sentence[:cut].strip())
                sentence = sentence[cut:].strip()
            if sentence and not is_fragment(sentence):
                sentences.append(sentence)
    return sentences


# Merging pieces sentencex split too eagerly.

_OPENING = "\"'“‘«„([ "
_BEFORE_NUMBER = frozenset(
    "approx ca c no nos nr num p pp vol fig art para sec ch tel est ок около прибл прим св "
    "ст стр с п ч гл рис табл тел мин макс"
    "".split()
)
"""Abbreviations that stand before a number: "approx. 40", "No. 10", "ок. 300"."""
_WORD_OPENERS = frozenset(
    "the a an he she it they we i in on at but and however this that these those there his "
    "her its their our after as when while if so yet also some many most no one two three"
    "".split()
)
"""Words that open a sentence and are no part of a name: "Kyiv.The army" lost a space."""
_CYRILLIC_INITIAL = re.compile(r"(?:^|[\s(«“\"])(?:[А-ЯЁІЇЄҐ]\.\s?){1,2}$")


def _merge(pieces: list[str]) -> list[str]:
    merged: list[str] = []
    for piece in pieces:
        if merged and _glued(merged[-1], piece):
            merged[-1] += piece
        else:
            merged.append(piece)
    return merged


def _glued(before: str, after: str) -> bool:
    """True when sentencex's break between two pieces is no sentence break."""
    if not before[-1:].isspace():
        if not before.endswith("."):
            return False  # a lost space: "Gormless?Helena"
        # inside a word: a name with a dot ("Liga.Net"), not a lost space ("Kyiv.The army")
        token = before[before.rfind(" ") + 1 :].rsplit("/", 1)[-1]
        following = _FIRST_WORD.match(after)
        return token[:1].isupper() and not (
            following and following.group(1).lower() in _WORD_OPENERS
        )
    start = after.lstrip(_OPENING)[:1]
    if not start:
        return False
    if start.islower():
        return True  # "5 млн. рублей", "“Why?” asked the governor"
    last = before.rstrip()
    if _HONORIFIC.search(last):
        return True  # "led by Ms. Bondar": a title's dot, then the name it goes with
    if start.isdigit():
        token = last[last.rfind(" ") + 1 :].rstrip(".").lower()
        return token in _BEFORE_NUMBER or token == "№"
    return bool(_CYRILLIC.match(start)) and bool(_CYRILLIC_INITIAL.search(last[-8:]))


# Splitting where sentencex missed a sentence's end.

_GAP = re.compile(r"[.…)\]](\s+)(?=[(«“\"'‘]?[^\W\d_])")
_FIRST_WORD = re.compile(r"[(«“\"'‘]?(\w+)")
_HONORIFIC = re.compile(
    r"(?<![\w.])(?:Mr|Mrs|Ms|Mx|Dr|Prof|Gen|Col|Lt|Sgt|Capt|Maj|Gov|Sen|Rep|St|Rev|Adm|Cmdr|Insp"
    r"|Supt|Fr|Sr|Jr)\.$"
)
"""A title before a name: its dot ends no sentence."""
_NOT_ABBREVIATIONS = frozenset("May no No ill art miss mass wash min sec".split())
"""Words sentencex takes for abbreviations but that end a sentence before a capital."""
_LIST_END = re.compile(
    r"(?:\betc|(?<!\w)т\.\s?[дп]|(?<!\w)т\.\s?ін|(?<!\w)(?:и|і)\s+(?:др|пр|ін))\.$"
)
_UNIT = re.compile(r"\d\s?(?:млн|млрд|трлн|тыс|тис|грн|руб|долл|дол|коп|км|кг|га)\.$|(?<!\w)обл\.$")
_YEAR = re.compile(r"(?<!\w)\d{4}\s?(?:г|гг|р|рр)\.$")
_COUNTRY = re.compile(
    r"\b(?:in|to|from|by|with|for|into|against|across|at|on|of|over|than|and|toward|towards"
    r"|inside|outside|within|like|between|about|visit(?:ed|ing)?)\s+the\s+(?:U\.[SKN]|E\.U)\.$"
)
_NAME_GOES_ON = frozenset(
    "embassy army navy air armed marine marines coast department state senate congress house "
    "treasury president secretary ambassador government defense defence forces military "
    "intelligence security special supreme national foreign home mission council commission "
    "parliament central federal ministry office prime vice attorney justice trade border "
    "space cyber capitol court agency institute consulate envoy representative permanent "
    "chamber commerce energy health homeland labor labour high human refugee nuclear atomic "
    "general joint command central european southern northern "
    "special-forces".split()
)
_OPENERS = frozenset(
    "он она оно они это этот эта эти тот та те его ее её их мы вы я но а и однако также "
    "тогда поэтому потом затем кроме при после до в во на по с со к о об у за из от для как "
    "когда где что чтобы если хотя ранее позже сейчас теперь там тут здесь уже еще ещё "
    "всего около более менее не ни він вона воно вони це цей ця ці той ті його її їх ми ви "
    "але й та проте тоді тому потім згодом окрім після з із зі від як коли де що щоб якщо "
    "хоча раніше пізніше зараз тепер вже ще всього близько більше менше ні".split()
)
"""Russian and Ukrainian words that open a sentence and are never names."""


def _resplit(piece: str) -> list[str]:
    """Split a sentencex piece where it runs two sentences together."""
    if ". " not in piece and "… " not in piece and ") " not in piece and "] " not in piece:
        return [piece]
    parts: list[str] = []
    start = 0
    for gap in _GAP.finditer(piece):
        before = piece[start : gap.start(1)]
        if _ends_sentence(before, piece, gap.end(1)) and not _in_quotation(before):
            parts.append(before)
            start = gap.end(1)
    parts.append(piece[start:])
    return parts


def _ends_sentence(before: str, piece: str, position: int) -> bool:
    """True when ``before`` ends a sentence and ``piece`` goes on at ``position`` with another."""
    word = _FIRST_WORD.match(piece, position)
    if word is None or not word.group(1)[:1].isupper():
        return False
    following = word.group(1)
    token = before[before.rfind(" ") + 1 :]
    if token.endswith((".)", ".]", "!)", "?)")) or (token.endswith("…") and token[:1].isalpha()):
        return True  # "(... date.) Residents", "hesitated… Then"; not "in … er … Russia"
    if not token.endswith("."):
        return False
    stem = token[:-1].lstrip(_OPENING)
    tail = before[-60:]  # the patterns below are anchored at the end
    if stem in _NOT_ABBREVIATIONS or _LIST_END.search(tail):
        return True
    if _UNIT.search(tail):
        return following[1:2].islower() or len(following) == 1
    year = _YEAR.search(tail)
    if year:
        head = before[: len(before) - len(tail) + year.start()]
        return following.lower() in _OPENERS or len(head.split()) >= 3
    if _COUNTRY.search(tail):
        return following.lower() not in _NAME_GOES_ON
    return False


def _in_quotation(text: str) -> bool:
    """True inside an open quotation or bracket."""
    return (
        text.count("“") > text.count("”")
        or text.count("«") > text.count("»")
        or text.count('"') % 2 == 1
        or text.count("(") > text.count(")")
    )


# Fragments that are not statements.

_LETTER = re.compile(r"[^\W\d_]")
_CREDIT_LABEL = (
    r"(?:photograph|photographs|photo|photos|picture|pictures|image|images|illustration"
    r"|graphic|composite|credit|credits|фото|фотография|фотографія|світлина|ілюстрація"
    r"|иллюстрация|джерело фото|источник фото)\s*:"
)
_CREDIT = re.compile(_CREDIT_LABEL, re.IGNORECASE)
_AGENCY = (
    r"(?:AFP via Getty Images|Getty Images|Getty|Reuters TV|Reuters|AP|AFP|EPA-EFE|EPA|PA Wire"
    r"|PA Media|PA|The Guardian|The Observer|Guardian|Observer|Shutterstock|Rex|Alamy|Handout"
    r"|Ukrinform|Anadolu Agency|Anadolu|SOPA Images|ZUMA Wire|ZUMA|NurPhoto|Sputnik|TASS"
    r"|Zuma Press Wire|ZUMA Press|Bloomberg|Xinhua|Sipa|LightRocket|Abaca|UPI|Planet Labs|Maxar Technologies|Maxar"
    r"|Telegram|Twitter|Facebook|Instagram|YouTube|Courtesy|supplied|Supplied|@\w+)"
)
_GLUED_CREDIT = re.compile(
    rf"{_CREDIT_LABEL}\s*(?:[^\s/]+(?:\s[^\s/]+){{0,4}}/)*{_AGENCY}\s+"
    r"(?=[\"“«‘(]?[A-ZА-ЯЁІЇЄҐ])(?!\S*(?:\s\S*){0,3}/)",
    re.IGNORECASE,
)
"""A credit run into the next sentence, where flattening lost the line break between them:
"Photograph: Alex Smith/Reuters Officials said ..."; cut only when it ends in an agency."""
_CREDIT_WORDS = 12
_SHORT_CREDIT_WORDS = 5
_BOILERPLATE = frozenset(furniture_words("labels"))
"""Page furniture: labels that are never a statement ("Advertisement", "Key events")."""
_SENTENCE_WORDS = 3
_LONGEST_LABEL = max(map(len, _BOILERPLATE))
_FURNITURE = re.compile(
    rf"(?:{'|'.join(map(re.escape, _BOILERPLATE))})[\s.:!|—–-]*"
    rf"|(?:{'|'.join(map(re.escape, furniture_words('fields')))})\s*:\s*(?:(?![.!?]\s).){{1,120}}"
    rf"|(?:{'|'.join(map(re.escape, furniture_words('bylines')))})\s+[^\s.!?]+(?:\s+[^\s.!?]+){{0,4}}"
    r"|(?:https?://|www\.)\S+",
    re.IGNORECASE,
)
_LONGEST_FURNITURE = 160
_TEASER_LABEL = (
    r"(?:related|read more|see also|more on this story|читайте также|читайте також"
    r"|дивіться також|смотрите также)\s*:"
)
_TEASER = re.compile(_TEASER_LABEL, re.IGNORECASE)
_LABEL = re.compile(rf"{_CREDIT_LABEL}|{_TEASER_LABEL}", re.IGNORECASE)
_TEASER_WORDS = 16
"""A link teaser is a headline; a longer one has the next sentence run into it, so stays."""
_LABELLED = re.compile(
    rf"(?:{_CREDIT_LABEL}|{_TEASER_LABEL})[^\S\n]*\S[^\n]{{0,200}}?(?=[^\S\n]{{2,}}|\n|\Z)",
    re.IGNORECASE,
)
"""A credit or teaser that a run of spaces parts from the text after it: dropped whole."""


_BRACKETED_LABEL = re.compile(
    r"\[\s*(?:video|watch|photo|photograph|image|picture|gallery|audio|listen|graphic|map"
    r"|chart|interactive|відео|фото|видео|аудіо|аудио|карта)\b[^\[\]\n]{0,200}\]",
    re.IGNORECASE,
)
"""A bracketed media label ("[Video: firefighters at the depot]", "[Фото: ...]"): it names
a picture, states nothing, and must not run into the sentence after it."""


def _has_words(text: str) -> bool:
    return bool(_LETTER.search(text))


def is_furniture(paragraph: str) -> bool:
    """True for a paragraph of page or feed furniture, never a statement nor a heading: a
    label ("Summary", "Read more"), a record's field ("Country: Ukraine", "Source: OCHA"), a
    byline ("Posted by Anna Berg") or a bare URL. The words are in the cue files."""
    return len(paragraph) <= _LONGEST_FURNITURE and bool(_FURNITURE.fullmatch(paragraph))


def is_fragment(sentence: str) -> bool:
    """True for a piece of text that is no statement: no words, a photo credit, a label."""
    if not _has_words(sentence):
        return True
    if _LABEL.match(sentence):
        length = len(sentence.split())
        if _CREDIT.match(sentence) and (
            length <= _SHORT_CREDIT_WORDS
            or (length <= _CREDIT_WORDS and not sentence.endswith((".", "!", "?")))
        ):
            return True  # not "Photograph: Anna Berg, a nurse in Lviv, said she left."
        if _TEASER.match(sentence) and length <= _TEASER_WORDS:
            return True
    return len(sentence) <= _LONGEST_LABEL and sentence.strip(" .:!-—–|").lower() in _BOILERPLATE


def _cut_credit(sentence: str) -> str:
    """Drop a photo credit run into the start of the next sentence."""
    if not _CREDIT.match(sentence):
        return sentence
    credit = _GLUED_CREDIT.match(sentence)
    if credit is None or len(sentence[credit.end() :].split()) < _SENTENCE_WORDS:
        return sentence  # "Illustration: Guardian Design" is all credit
    return sentence[credit.end() :]
