"""What the event linker compares: one small, cheap record per article (its ``LinkDoc``).

Built from the clean text with a regular-expression tokenizer (no spaCy: the linker must take tens of thousands
of articles) and, when there is one, the article's Annotation (its main event, actors and resolved dates).

Term weights depend on the article alone (and on fixed word lists), never on corpus document frequencies: a
weight that moved as articles arrive would change old pair scores, and then either every old block is
re-scored on every batch or the result depends on arrival order. Function words are dropped, news-common words
weighted down, and the words that tell look-alike events apart weighted up: proper names and numbers.
"""

from __future__ import annotations

import datetime as dt
import logging
import math
import re
import tomllib
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from functools import lru_cache
from importlib import resources

from storyline.link import crosslingual
from storyline.link.lede import LEDE_SENTENCES, doubtful_page_date, event_day, lede_date, main_event, written_month_days
from storyline.model import ActorKind, Annotation, Article, TimePrecision

log = logging.getLogger(__name__)

DATA = "storyline.data.link"

# Proper names (people, teams, places) are what differs between two arrests or two earthquakes; a name shared by
# two reports is far stronger evidence than a shared common noun, so names count three times a plain word.
NAME_WEIGHT = 3.0
# Numbers (magnitudes, tolls, scores, years) tell look-alike events apart as well as names do, but a stray
# number (a page id, a phone number) is noise more often than a stray name: a little below names.
NUMBER_WEIGHT = 2.5
# Words every kind of news uses (common_words.txt): kept but light, they say what kind of thing happened only.
COMMON_WORD_WEIGHT = 0.3
# The headline and lede state the article's main event; later paragraphs drift into background and earlier
# events, so a term used in the first LEDE_CHARS characters counts double.
LEDE_CHARS = 400
LEDE_WEIGHT = 2.0
# An article's longest tail of once-used words adds little to a cosine and much to memory and time: keep its
# MAX_TERMS heaviest terms (about a 600-word article's worth of distinct content words).
MAX_TERMS = 150
# Words shorter than this (after stemming) are mostly abbreviations' debris ('s', 'st', 'mr'); names may be
# two-letter acronyms ('UN', 'EU'), never one letter (initials, 'U.S.' split in two).
MIN_WORD_CHARS = 3
MIN_NAME_CHARS = 2
# Two reports that quote the same run of this many words quote the same statement; shorter runs ("the United
# States") are common phrases.
QUOTE_SHINGLE = 4
# Acronyms up to this length in capitals are names ('DUI', 'NFL', 'UN'); a longer all-capitals word is
# a shouted headline word.
MAX_ACRONYM_CHARS = 4

TOKEN = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)?|\d+(?:[.,]\d+)*")
WORD = re.compile(r"[^\W_]+")
SENTENCE_END = frozenset(".!?:;\n\"“”'‘’(")
YEAR = re.compile(r"(19|20)\d\d")
# Languages that write every noun with a capital: there a capital does not tell a name from a common noun.
NOUN_CAPITALISING = frozenset({"de", "lb"})
DECIMAL_COMMA = re.compile(r"\d+,\d{1,2}")
POSSESSIVE = re.compile(r"'s?$")


@dataclass(frozen=True)
class LinkDoc:
    """One article as the linker sees it: weighted terms plus the facts that tell events apart."""

    id: str
    published: dt.date | None = None
    title: str | None = None
    terms: Mapping[str, float] = field(default_factory=dict)  # term -> weight (not normalised), heaviest first
    lede: Mapping[str, float] = field(default_factory=dict)  # the same, of the headline and lede alone
    names: frozenset[str] = frozenset()  # lower-cased proper-name words
    actors: frozenset[str] = frozenset()  # Actor ids of the article (people and organisations)
    main_actors: frozenset[str] = frozenset()  # Actor ids taking part in its main event
    lead: str | None = None  # who it is about: the person or organisation mentioned most (lede mentions double)
    numbers: frozenset[str] = frozenset()  # normalised numbers of two or more digits, decimals
    year: int | None = None  # the year its headline and lede write most (ties: the latest)
    event_date: dt.date | None = None  # resolved date of its main event
    dates: frozenset[dt.date] = frozenset()  # resolved day-precision dates the article states
    event_type: str | None = None  # PLOVER type of its main event
    places: frozenset[str] = frozenset()  # lower-cased places its events are located in
    quoted: frozenset[str] = frozenset()  # QUOTE_SHINGLE-word runs of its direct quotes, lower-cased
    month_days: frozenset[str] = frozenset()  # "04-14": days it names, resolved or not (a page without a date)
    event_day: str | None = None  # "04-14": its main event's day and month, resolved or written without a year
    language: str | None = None  # ISO 639-1 code of its text, when known
    weekdays: frozenset[int] = frozenset()  # weekdays (Monday 0) its opening sentences date things to
    durations: tuple[tuple[float, float], ...] = ()  # minute intervals its opening sentences state ("two-hour")
    ordinals: frozenset[str] = frozenset()  # which of a series its headline and lede name: "round:4", "flight:8"


@lru_cache(maxsize=None)
def word_list(name: str) -> frozenset[str]:
    """A one-word-a-line data file under ``storyline/data/link`` ('#' comments)."""
    text = resources.files(DATA).joinpath(name).read_text("utf-8")
    words: set[str] = set()
    for line in text.splitlines():
        words.update(line.split("#", 1)[0].split())
    return frozenset(words)


def stem(word: str) -> str:
    """A crude suffix stripper: 'arrested', 'arrests', 'arresting' -> 'arrest'. Consistency matters, not linguistics."""
    if len(word) > 5 and word.endswith("ies"):
        return word[:-3] + "y"
    if len(word) > 5 and word.endswith("ing"):
        return word[:-3]
    if len(word) > 4 and word.endswith("ed"):
        return word[:-2]
    if len(word) > 3 and word.endswith("s") and not word.endswith("ss"):
        return word[:-1]
    return word


def content_stems(text: str) -> frozenset[str]:
    """The stemmed content words of a text (English function words and words of one or two letters left out): what
    two sentences share when they report the same thing, read as the linker reads words."""
    stop = word_list("stopwords.txt")
    return frozenset(stem(t.lower()) for t in TOKEN.findall(text) if t.lower() not in stop and len(t) > 2)


def normalise_number(text: str) -> str | None:
    """'1,000' -> '1000', '6.10' -> '6.1', '04' -> None: single digits are too common to tell events apart.
    A comma before one or two digits is a decimal comma ("4,25 Prozent", "0,25 punto"): '4,25' -> '4.25'."""
    value = text.replace(",", ".") if DECIMAL_COMMA.fullmatch(text) else text.replace(",", "")
    if "." in value:
        head, _, tail = value.partition(".")
        tail = tail.rstrip("0")
        value = f"{head.lstrip('0') or '0'}.{tail}" if tail else head
    value = value.lstrip("0") if "." not in value else value
    if len(value) < 2:
        return None
    return value


@dataclass
class _Tally:
    weights: Counter[str] = field(default_factory=Counter)
    kinds: dict[str, str] = field(default_factory=dict)
    in_lede: set[str] = field(default_factory=set)


def _is_initial(text: str, start: int) -> bool:
    """True when the token opens a sentence or line (its capital then says nothing about it being a name)."""
    i = start - 1
    while i >= 0 and text[i] in " \t":
        i -= 1
    return i < 0 or text[i] in SENTENCE_END


@lru_cache(maxsize=None)
def stopwords(language: str | None) -> frozenset[str]:
    """The function words dropped from an article's terms: English's, and its own language's when it has a list
    (``stopwords/<code>.txt``): "der", "les", "que" must not make two pages of one language look alike."""
    english = word_list("stopwords.txt")
    if not language or language == "en":
        return english
    try:
        return english | word_list(f"stopwords/{language}.txt")
    except FileNotFoundError:
        return english


def tokens(text: str, language: str | None = None) -> _Tally:
    """Weighted occurrences of words, names and numbers; a word is a name when the article never writes it in
    lower case and capitalises it somewhere inside a sentence."""
    stop = stopwords(language)
    nouns_capitalised = language in NOUN_CAPITALISING
    common = word_list("common_words.txt")
    found: list[tuple[str, int, bool, bool]] = []  # (token, start, capitalised, sentence-initial)
    lowered: set[str] = set()
    inner_capital: set[str] = set()
    for match in TOKEN.finditer(text):
        token = match.group()
        if token[0].isdigit():
            found.append((token, match.start(), False, False))
            continue
        low = token.lower()
        if "'" in low or "’" in low:  # "Jackson's", "O'Brien"
            low = POSSESSIVE.sub("", low.replace("’", "'")).replace("'", "")
        if token.isupper() and len(token) > MAX_ACRONYM_CHARS:
            capital = False  # a shouted headline word
        elif nouns_capitalised:
            capital = token.isupper()  # German capitalises every noun: only acronyms stand out as names
        else:
            capital = token[0].isupper()
        initial = _is_initial(text, match.start())
        if not capital:
            lowered.add(low)
        elif not initial:
            inner_capital.add(low)
        found.append((low, match.start(), capital, initial))
    tally = _Tally()
    for token, start, capital, _ in found:
        boost = LEDE_WEIGHT if start < LEDE_CHARS else 1.0
        if token[0].isdigit():
            number = normalise_number(token)
            if number is not None:
                tally.weights[number] += boost
                tally.kinds[number] = "number"
                if start < LEDE_CHARS:
                    tally.in_lede.add(number)
            continue
        if token in stop:
            continue
        if len(token) < MIN_NAME_CHARS:
            continue
        if capital and token in inner_capital and token not in lowered and token not in common:
            tally.weights[token] += boost
            tally.kinds[token] = "name"
            continue
        word = stem(token)
        if len(word) < MIN_WORD_CHARS or word in stop:
            continue
        tally.weights[word] += boost
        tally.kinds.setdefault(word, "word")
    return tally


def term_weights(tally: _Tally) -> dict[str, float]:
    """Sub-linear term frequency times the kind's weight; the MAX_TERMS heaviest, heaviest first (ties by term)."""
    common = word_list("common_words.txt")
    kind_weight = {"name": NAME_WEIGHT, "number": NUMBER_WEIGHT}
    weights = {}
    for term, count in tally.weights.items():
        kind = tally.kinds[term]
        weight = kind_weight.get(kind, COMMON_WORD_WEIGHT if term in common else 1.0)
        weights[term] = (1.0 + math.log(count)) * weight if count >= 1 else count * weight
    ranked = sorted(weights.items(), key=lambda tw: (-tw[1], tw[0]))[:MAX_TERMS]
    return dict(ranked)


def lead_person(annotation: Annotation) -> str | None:
    """The person or organisation mentioned most, a lede mention counting LEDE_WEIGHT; ties go to the smallest id.
    A launch report is about SpaceX as a speech report is about its speaker; countries name the story, not who."""
    people = {a.id for a in annotation.actors if a.kind in (ActorKind.PERSON, ActorKind.ORGANISATION)}
    counts: Counter[str] = Counter()
    for mention in annotation.mentions:
        if mention.actor_id in people:
            counts[mention.actor_id] += LEDE_WEIGHT if mention.span.start < LEDE_CHARS else 1.0
    return min(counts, key=lambda actor: (-counts[actor], actor), default=None)


def month_days(annotation: Annotation) -> frozenset[str]:
    """Every day-and-month the article names: from resolved dates, and read off the words of dates left
    unresolved because the page has no date ("on April 14"). Two undated reports of one event name its days too."""
    found: set[str] = set()
    for time in annotation.times:
        if time.value is not None:
            if time.precision is TimePrecision.DAY:
                found.add(time.value.strftime("%m-%d"))
            continue
        found.update(written_month_days(time.text))
    return frozenset(found)


def quoted_runs(annotation: Annotation) -> frozenset[str]:
    """Every QUOTE_SHINGLE-word run of the article's direct quotes: the words outlets copy verbatim."""
    runs: set[str] = set()
    for quote in annotation.quotes:
        for start, end in quote.verbatim():
            words = WORD.findall(quote.text[start - quote.span.start : end - quote.span.start].lower())
            runs.update(" ".join(words[i : i + QUOTE_SHINGLE]) for i in range(len(words) - QUOTE_SHINGLE + 1))
    return frozenset(runs)


@lru_cache(maxsize=1)
def _sequence_lexicon() -> tuple[dict[str, int], frozenset[str], frozenset[str]]:
    data = tomllib.loads(resources.files(DATA).joinpath("sequence.toml").read_text("utf-8"))
    numbered = data["numbered"]
    return dict(data["ordinals"]), frozenset(stem(n) for n in numbered["nouns"]), frozenset(numbered["relative"])


NUMBER_AFTER = re.compile(r"\b([A-Za-z]+)\s+(?:No\.\s*)?(\d{1,2})(?![\d.,:/])")
ORDINAL_NUMBER = re.compile(r"(\d{1,2})(?:st|nd|rd|th)")
SEQUENCE_TOKEN = re.compile(r"[A-Za-z]+|\d{1,2}(?:st|nd|rd|th)\b")
SEQUENCE_CHARS = 600


def ordinals(text: str) -> frozenset[str]:
    """Which member of a series the headline and lede name: "the fourth round" and "Round 4" -> "round:4";
    "the fifth nuclear round" too (one word may stand between). Only the first SEQUENCE_CHARS characters:
    later paragraphs recount the earlier members."""
    words, nouns, relative = _sequence_lexicon()
    head = text[:SEQUENCE_CHARS]
    found: set[str] = set()
    words_ = [w.lower() for w in SEQUENCE_TOKEN.findall(head)]
    for i, word in enumerate(words_):
        ordinal = ORDINAL_NUMBER.fullmatch(word)
        number = words.get(word) or (int(ordinal.group(1)) if ordinal else None)
        if not number:
            continue
        for k in range(i + 1, min(i + 3, len(words_))):
            noun = stem(words_[k])
            # every series noun of the phrase ("ninth test flight" is test 9 and flight 9), unless the count
            # runs from some other point ("the first meeting since ..."): then it says nothing of which one
            if noun in nouns and (k + 1 >= len(words_) or words_[k + 1] not in relative):
                found.add(f"{noun}:{number}")
    for match in NUMBER_AFTER.finditer(head):
        noun = stem(match.group(1).lower())
        if noun in nouns:
            found.add(f"{noun}:{int(match.group(2))}")
    return frozenset(found)


def _weekdays(annotation: Annotation, sentences: int) -> list[int]:
    """The weekdays the first ``sentences`` sentences date things to, in text order: a resolved day's weekday,
    or the weekday a page without a date names ("Putin said Monday ...")."""
    from storyline.annotate import time_lexicon as load_lexicon

    names = load_lexicon().weekdays
    found: list[int] = []
    for time in sorted(annotation.times, key=lambda t: t.span.start):
        if (time.span.sentence or 0) >= sentences:
            continue
        if time.value is not None and time.precision is TimePrecision.DAY:
            found.append(time.value.weekday())
        else:
            found.extend(names[w] for w in WORD.findall(time.text.lower()) if w in names)
    return found


def lede_weekdays(annotation: Annotation) -> frozenset[int]:
    """The weekdays the opening sentences date things to. Two reports of one call name its weekday."""
    return frozenset(_weekdays(annotation, LEDE_SENTENCES))


# The headline and the sentence under it state when the news happened; a weekday further down is as often
# another day's (a follow-up, the day a report was released).
WEEKDAY_SENTENCES = 2


def lede_weekday(annotation: Annotation, day: dt.date | None = None) -> int | None:
    """The weekday of the article's main event: its lede date's, else the first weekday its headline or first
    sentence name or resolve a day to."""
    if day is not None:
        return day.weekday()
    return next(iter(_weekdays(annotation, WEEKDAY_SENTENCES)), None)


def lede_durations(annotation: Annotation) -> tuple[tuple[float, float], ...]:
    """Durations in minutes the opening sentences state ("a two-hour call", "nearly 90 minutes"), as intervals
    (an open bound at twice / half the other)."""
    found = set()
    for claim in annotation.claims:
        quantity = claim.quantity
        if quantity is None or quantity.unit != "minute" or (claim.span.sentence or 0) >= LEDE_SENTENCES:
            continue
        low, high = quantity.low, quantity.high
        if low is None and high is None:
            continue
        low = low if low is not None else high / 2  # type: ignore[operator]
        high = high if high is not None else low * 2
        found.add((float(low), float(high)))
    return tuple(sorted(found))


def link_doc(article: Article, annotation: Annotation | None = None) -> LinkDoc:
    """The LinkDoc of an article; without an annotation it rests on the text alone."""
    tally = tokens(article.text, article.language)
    foreign_ordinals = {f"{stem(n)}:{k}" for n, k in crosslingual.ordinals(article.text, article.language)}
    terms = term_weights(tally)
    # only years of the headline and lede (datelines, 'in 2009'): a year further down is mostly background
    years = [(w, int(t)) for t, w in terms.items() if t in tally.in_lede and YEAR.fullmatch(t)]
    doc = LinkDoc(
        id=article.id,
        published=article.published.value,
        title=article.title,
        terms=terms,
        lede=term_weights(tokens(article.text[:LEDE_CHARS], article.language)),
        names=frozenset(t for t, k in tally.kinds.items() if k == "name"),
        numbers=frozenset(t for t, k in tally.kinds.items() if k == "number"),
        year=max(years)[1] if years else None,
        language=article.language,
        ordinals=ordinals(article.text) | foreign_ordinals,
        weekdays=crosslingual.weekdays(article.text, article.language),
    )
    # a page in another language: the days its opening writes, which the English annotator does not read
    foreign_days = crosslingual.month_days(article.text, article.language)
    if foreign_days:
        doc = replace(doc, month_days=frozenset(foreign_days), event_day=foreign_days[0])
    foreign_date = crosslingual.event_date(article.text, article.language, article.published.value)
    if foreign_date is not None:
        doc = replace(doc, event_date=foreign_date, event_day=foreign_date.strftime("%m-%d"))
    if annotation is None:
        return doc
    main = main_event(annotation)
    actors = frozenset(a.id for a in annotation.actors if a.kind is not ActorKind.COUNTRY)
    doubtful = doubtful_page_date(annotation, article.published.value) is not None
    # a page date its own text contradicts dates nothing: not the page, nor what was resolved against it
    dates = frozenset(
        t.value
        for t in annotation.times
        if t.value is not None and t.precision is TimePrecision.DAY and not (doubtful and t.anchor_date)
    )
    places = frozenset(e.place.lower() for e in annotation.events if e.main and e.place)
    # a page in another language is dated by what its own words say; the English annotator misreads them
    foreign = crosslingual.language(article.language) is not None
    lede = doc.event_date if foreign else lede_date(annotation, article.published.value)
    event_date = None if doubtful else lede
    return replace(
        doc,
        published=None if doubtful else doc.published,
        actors=actors,
        main_actors=frozenset(a for a in (main.actors + main.targets if main else []) if a in actors),
        lead=lead_person(annotation),
        event_date=event_date,
        event_day=event_day(annotation, event_date) or doc.event_day,
        dates=dates,
        event_type=main.type if main else None,
        places=places,
        quoted=quoted_runs(annotation),
        month_days=month_days(annotation) | doc.month_days,
        weekdays=lede_weekdays(annotation) | doc.weekdays,
        durations=lede_durations(annotation),
    )
