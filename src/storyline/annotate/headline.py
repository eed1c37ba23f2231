"""Headlines in title case or capitals, written in sentence case before the model reads them.

"Trump Pushes for Negotiated End to Ukraine War in Call with Putin": a model trained on running text tags every
capitalised word a proper noun, finds a person called "Trump Pushes for Negotiated End" and no verb, and the
headline's event (the call) is lost to "War". Yet the headline states the article's main event, and the linker
and Event records read it first. The article's own body tells which headline words are names: a word it writes
in lower case mid-sentence more often than capitalised is a common word ("negotiated end", "war", "call"); a word
it only writes capitalised is a name ("Putin"); a word it never writes is common when it is a function word or a
form of a verb, adjective or adverb the model's lemmatizer knows ("Says", "Fatally"), and keeps its capital
otherwise (a noun may be a name). Only letter case changes, never a length, so every offset the annotation
records still points into the article's text.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Set
from functools import lru_cache

from spacy.lang.en.stop_words import STOP_WORDS
from spacy.language import Language

# A headline is in title case when at least this share of its longer words (after the first) are capitalised;
# sentence-case headlines capitalise only names, rarely more than half of their words.
TITLE_CASE_SHARE = 0.6
# Words shorter than this do not count towards that share ('of', 'to', 'in' stay lower case in many styles).
COUNTED_CHARS = 4
# Capitalised acronyms up to this length ('US', 'NATO', 'EU') stay as written in a title-case headline.
MAX_ACRONYM_CHARS = 4

_WORD = re.compile(r"(?<![\w'’])[^\W\d_]+(?:['’][^\W\d_]+)?")  # not the "th" of "6th"
_POSSESSIVE = re.compile(r"['’]s$")
# What starts a new part of a headline, whose first word keeps its capital: "Opinion | Is ...", "... . Why ...",
# "Officials: 6th ...", "... — And ...", "[Review] The ...".
_PART_BREAK = re.compile(r"[.?!|—–:\[\]]|\s-\s")
_SENTENCE_START = re.compile(r"(?:^|[.!?]\s+|\n\s*)[\"'“‘(]?$")


# Inflections a headline word may carry over the lemma the lemmatizer lists: (suffix, replacement).
_INFLECTIONS = (
    ("", ""), ("s", ""), ("es", ""), ("ies", "y"), ("ed", ""), ("d", ""), ("ing", ""), ("ing", "e"), ("ly", ""),
)
# The lemmatizer's word classes that hold no names (its noun list holds "Putin" and "Chile").
_COMMON_CLASSES = ("verb", "adj", "adv")


@lru_cache(maxsize=4)
def common_lemmas(nlp: Language) -> frozenset[str]:
    """The verbs, adjectives and adverbs the model's rule lemmatizer lists; empty when it has none."""
    if "lemmatizer" not in nlp.pipe_names:
        return frozenset()
    lookups = getattr(nlp.get_pipe("lemmatizer"), "lookups", None)
    if lookups is None or not lookups.has_table("lemma_index"):
        return frozenset()
    index = lookups.get_table("lemma_index")
    words = {w for pos in _COMMON_CLASSES for w in index.get(nlp.vocab.strings.add(pos), [])}
    if lookups.has_table("lemma_exc"):  # irregular forms: "gave", "got", "better"
        exceptions = lookups.get_table("lemma_exc")
        words.update(form for pos in _COMMON_CLASSES for form in exceptions.get(nlp.vocab.strings.add(pos), {}))
    return frozenset(words)


def _known_common(word: str, lemmas: Set[str]) -> bool:
    for suffix, repl in _INFLECTIONS:
        if not word.endswith(suffix):
            continue
        stem = word[: len(word) - len(suffix)]
        if stem + repl in lemmas or (suffix and len(stem) > 2 and stem[-1] == stem[-2] and stem[:-1] in lemmas):
            return True  # "getting", "stopped": a doubled consonant
    return False


def headline_span(text: str, title: str | None) -> tuple[int, int] | None:
    """Where the article's headline stands in its text: the first paragraph, when it is the title."""
    if not title or not text.startswith(title):
        return None
    return 0, len(title)


def body_usage(body: str) -> tuple[Counter[str], Counter[str]]:
    """(lower-case uses, capitalised uses that do not start a sentence) of each word of the body, lower-cased."""
    lower: Counter[str] = Counter()
    capital: Counter[str] = Counter()
    for match in _WORD.finditer(body):
        word = match.group()
        if word.islower():
            lower[word] += 1
        elif word[0].isupper() and not _SENTENCE_START.search(body[max(0, match.start() - 4) : match.start()]):
            capital[word.lower()] += 1
    return lower, capital


def _is_title_case(words: list[str]) -> bool:
    counted = [w for w in words[1:] if len(w) >= COUNTED_CHARS]
    if not counted:
        return False
    return sum(w[0].isupper() for w in counted) / len(counted) >= TITLE_CASE_SHARE


def _recased(word: str, first: bool, shouting: bool, usage: tuple[Counter[str], Counter[str]], lemmas: Set[str]) -> str:
    """The word as running text would write it, judged by the body's own usage."""
    key = _POSSESSIVE.sub("", word.lower())
    lower, capital = usage
    if not shouting and word.isupper() and len(word) <= MAX_ACRONYM_CHARS:
        return word  # an acronym in a title-case headline
    unused = not lower[key] and not capital[key]
    if lower[key] > capital[key] or (unused and (key in STOP_WORDS or _known_common(key, lemmas))):
        common = word.lower()
    elif shouting:
        common = word[:1] + word[1:].lower()  # a name in a headline in capitals
    else:
        return word
    if first:
        common = common[:1].upper() + common[1:]
    return common if len(common) == len(word) else word  # a case change that moves offsets is not made


def sentence_case(text: str, title: str | None, lemmas: Set[str] = frozenset(), language: str | None = "en") -> str:
    """``text`` with its headline in sentence case when it is written in title case or in capitals; else unchanged.
    The result has the same length as ``text``. ``lemmas``: common words (``common_lemmas``) for words the body
    does not use. Only English headlines are rewritten (``language`` None: unknown, taken as English)."""
    span = headline_span(text, title)
    if span is None or (language is not None and language != "en"):  # other languages capitalise otherwise
        return text
    start, end = span
    headline = text[start:end]
    matches = list(_WORD.finditer(headline))
    words = [m.group() for m in matches]
    letters = [c for c in headline if c.isalpha()]
    shouting = bool(letters) and all(c.isupper() for c in letters) and len(words) > 1
    if not (shouting or _is_title_case(words)):
        return text
    usage = body_usage(text[end:])
    pieces: list[str] = []
    last = 0
    for index, match in enumerate(matches):
        gap = headline[last : match.start()]
        pieces.append(gap)
        starts_part = index == 0 or bool(_PART_BREAK.search(gap))
        pieces.append(_recased(match.group(), starts_part, shouting, usage, lemmas))
        last = match.end()
    pieces.append(headline[last:])
    return "".join(pieces) + text[end:]
