"""``storyline_times_v1``: time expressions, resolved against the article's published date.

A small token grammar, keyed on the word that makes a phrase a date (a month, a
weekday, "yesterday", "week", "ago", a four-digit year), finds the phrase and
says what it means; :mod:`storyline.annotate.calendar` does the arithmetic.
spaCy DATE entities the grammar does not resolve are kept unresolved unless they
are durations or ages ("30-day", "the 28-month-old conflict"): those are
quantities, found by the claims component.

Resolution rules where the words leave a choice (documented in ``time.toml`` too):

- explicit dates ("18 March 2025", "March 2025", "in 2022", "2025-03-18") need no
  anchor: ``anchor`` is ``"text"``;
- everything else needs the published date; without one the expression is kept
  with its text and span and no value: a date is never invented;
- a weekday is the nearest such day on or before the anchor (news tells the past)
  or, when the governing verb is future ("will meet on Friday"), on or after it;
  the anchor's own weekday is the anchor day itself (a Monday paper's "on Monday");
  "last"/"next" move it a full week when it would be the anchor day;
- a month and day without a year ("May 19"), or a bare month ("in March"), take the
  nearest year that keeps them on the anchor's side the tense says (past: not after).
"""

from __future__ import annotations

import datetime as dt
import logging
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import lru_cache

from spacy.language import Language
from spacy.tokens import Doc, Token
from spacy.tokens import Span as SpacySpan

from storyline.annotate import calendar
from storyline.annotate.calendar import Interval
from storyline.annotate.lexicon import toml
from storyline.annotate.quantities import lexicon as quantities_lexicon
from storyline.annotate.quantities import parse_number
from storyline.annotate.spans import span_of
from storyline.model import TimeExpression

log = logging.getLogger(__name__)

ISO_DATE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")
DAY_NUMBER = re.compile(r"^(\d{1,2})(?:st|nd|rd|th)?$")
TEXT_ANCHOR = "text"  # the anchor of a fully explicit date
DEFAULT_ANCHOR = "published"  # when the published date's origin is unknown
VERB_HOPS = 6  # how far up the parse to look for the verb that carries the tense


@dataclass(frozen=True)
class TimeLexicon:
    """``time.toml`` compiled for lookups; ``cores`` says which grammar rule a word starts."""

    months: dict[str, int]
    weekdays: dict[str, int]
    deictic: dict[str, int]
    day_parts: frozenset[str]
    day_part_determiners: dict[str, int]
    determiners: dict[str, int]
    parts: dict[str, str]
    units: dict[str, str]
    ago: frozenset[str]
    forward: frozenset[str]
    forward_units: frozenset[str]
    holiday_prefixes: frozenset[str]
    licensors: frozenset[str]
    year_range: tuple[int, int]
    future_auxiliaries: frozenset[str]
    future_governors: frozenset[str]
    anchoring_words: frozenset[str]
    age_words: frozenset[str]
    frequency_words: frozenset[str]
    year_prefixes: tuple[str, ...]
    duration_words: frozenset[str]
    cores: dict[str, str]


@lru_cache(maxsize=None)
def load_lexicon(name: str = "time.toml") -> TimeLexicon:
    """The time lexicon, compiled once per process."""
    data = toml(name)
    cores: dict[str, str] = {}
    for rule, words in (
        ("unit", data["units"]),
        ("day_part", data["day_parts"]["words"]),
        ("ago", data["counting"]["ago"]),
        ("deictic", data["deictic"]),
        ("weekday", data["weekdays"]),
        ("month", data["months"]),
    ):
        cores.update(dict.fromkeys(words, rule))
    return TimeLexicon(
        months=dict(data["months"]),
        weekdays=dict(data["weekdays"]),
        deictic=dict(data["deictic"]),
        day_parts=frozenset(data["day_parts"]["words"]),
        day_part_determiners=dict(data["day_part_determiners"]),
        determiners=dict(data["determiners"]),
        parts=dict(data["parts"]),
        units=dict(data["units"]),
        ago=frozenset(data["counting"]["ago"]),
        forward=frozenset(data["counting"]["forward"]),
        forward_units=frozenset(data["counting"]["forward_units"]),
        holiday_prefixes=frozenset(data["holidays"]["prefixes"]),
        licensors=frozenset(data["licence"]["words"]),
        year_range=tuple(data["years"]["range"]),
        future_auxiliaries=frozenset(data["tense"]["future_auxiliaries"]),
        future_governors=frozenset(data["tense"]["future_governors"]),
        anchoring_words=frozenset(data["entities"]["anchoring_words"]),
        age_words=frozenset(data["entities"]["age_words"]),
        frequency_words=frozenset(data["entities"]["frequency_words"]),
        year_prefixes=tuple(data["entities"]["year_prefixes"]),
        duration_words=quantities_lexicon().time_unit_words() | frozenset(data["units"]),
        cores=cores,
    )


@dataclass(frozen=True)
class Match:
    """What the grammar found at tokens ``start``..``end``: an interval, explicit or needing the anchor."""

    start: int
    end: int
    interval: Interval | None = None
    explicit: bool = False


class Grammar:
    """The rules, one method per kind of core word; each returns a Match or None.

    ``limit`` is the first token not yet taken by an earlier expression: a rule may
    reach back to it for a modifier ("last", "earlier this", "18" in "18 March").
    """

    def __init__(self, doc: Doc, words: Sequence[str], lex: TimeLexicon, anchor: dt.date | None) -> None:
        self.doc, self.words, self.lex, self.anchor = doc, words, lex, anchor
        self.rejected: set[int] = set()  # tokens a rule turned down on purpose: no entity may bring them back

    def match(self, i: int, limit: int) -> Match | None:
        w = self.words[i]
        rule = self.lex.cores.get(w)
        if rule is not None:
            return getattr(self, rule)(i, limit)
        if w[:1].isdigit():
            if len(w) == 4 and w.isdigit():
                return self.year(i, limit)
            if ISO_DATE.match(w):
                return self.iso(i, limit)
        return None

    # ---- helpers -----------------------------------------------------------------------------------------

    def at(self, i: int) -> str:
        return self.words[i] if 0 <= i < len(self.words) else ""

    def before(self, i: int, limit: int) -> str:
        """The word before token ``i`` if no earlier expression took it."""
        return self.words[i - 1] if i - 1 >= max(limit, 0) else ""

    def capitalised(self, i: int) -> bool:
        return self.doc[i].text[:1].isupper()

    def year_at(self, i: int) -> int | None:
        w = self.at(i)
        if len(w) == 4 and w.isdigit() and self.lex.year_range[0] <= int(w) <= self.lex.year_range[1]:
            return int(w)
        return None

    def day_at(self, i: int) -> int | None:
        m = DAY_NUMBER.match(self.at(i))
        return int(m.group(1)) if m and 1 <= int(m.group(1)) <= 31 else None

    def two_digits(self, i: int) -> int | None:
        w = self.at(i)
        return int(w) if len(w) == 2 and w.isdigit() else None

    def relative(self, start: int, end: int, resolve: Callable[[dt.date], Interval | None]) -> Match:
        """A match whose interval needs the anchor: none without one."""
        return Match(start, end, resolve(self.anchor) if self.anchor is not None else None)

    def is_future(self, i: int) -> bool:
        """Whether the verb governing token ``i`` is future ("will meet", "plans to meet")."""
        token: Token = self.doc[i]
        for _ in range(VERB_HOPS):
            if token.pos_ in ("VERB", "AUX") or token.head.i == token.i:
                break
            token = token.head
        infinitive = False
        for child in token.children:
            if child.dep_ in ("aux", "auxpass"):
                lower = child.lower_
                if lower in self.lex.future_auxiliaries:
                    return True
                infinitive = infinitive or lower == "to"
        return infinitive and token.head.lemma_.lower() in self.lex.future_governors

    def tense(self, i: int) -> str:
        """"future", "past" or "present": the tense of the verb governing token ``i``."""
        if self.is_future(i):
            return "future"
        token: Token = self.doc[i]
        for _ in range(VERB_HOPS):
            if token.pos_ in ("VERB", "AUX") or token.head.i == token.i:
                break
            token = token.head
        if token.tag_ == "VBG" and token.head.pos_ in ("VERB", "AUX"):
            token = token.head  # "halts fishing starting April 20": the participle takes its clause's tense
        if token.tag_ in ("VBD", "VBN") or any(c.tag_ == "VBD" for c in token.children if c.dep_ in ("aux", "auxpass")):
            return "past"
        return "present" if token.tag_ in ("VBZ", "VBP") else "past"

    # ---- rules ---------------------------------------------------------------------------------------------

    def month(self, i: int, limit: int) -> Match | None:
        """"March 18, 2025", "18 March 2025", "March 2025", "May 19", "in March"."""
        if not self.capitalised(i):
            return None
        month = self.lex.months[self.words[i]]
        day_ = self.day_at(i + 1)
        if day_ is not None:  # March 18[, 2025]
            k = i + 3 if self.at(i + 2) == "," else i + 2
            return self._month_day(i, i + 2, month, day_, k)
        day_ = self.day_at(i - 1) if i - 1 >= limit else None
        if day_ is not None:  # 18 March [2025]
            return self._month_day(i - 1, i + 1, month, day_, i + 1)
        year = self.year_at(i + 1)
        if year is not None:  # March 2025
            return Match(i, i + 2, calendar.month_of(year, month), explicit=True)
        if self.before(i, limit) in self.lex.licensors or self.doc[i].ent_type_ == "DATE":  # in March
            return self.relative(i, i + 1, lambda a: calendar.bare_month(a, month, self.is_future(i)))
        return None

    def _month_day(self, start: int, end: int, month: int, day_: int, year_index: int) -> Match | None:
        year = self.year_at(year_index)
        if year is not None:
            d = calendar.date_or_none(year, month, day_)
            return Match(start, year_index + 1, calendar.day(d), explicit=True) if d else None
        return self.relative(start, end, lambda a: calendar.month_day(a, month, day_, self.tense(start)))

    def weekday(self, i: int, limit: int) -> Match | None:
        """"on Tuesday", "last Friday", "Tuesday night", "Tuesday, March 18"."""
        if not self.capitalised(i):
            return None
        if self.at(i + 1) == "," and self.at(i + 2) in self.lex.months:
            dated = self.month(i + 2, i + 2)
            if dated is not None and dated.start == i + 2:
                return Match(i, dated.end, dated.interval, dated.explicit)
        if self.before(i, limit) in self.lex.holiday_prefixes:  # "Black Friday": a name, not a date to resolve
            self.rejected.add(i)
            return None
        weekday_ = self.lex.weekdays[self.words[i]]
        start, end = i, i + 1
        offset = self.lex.determiners.get(self.before(i, limit))
        if offset is not None:
            start = i - 1
        if self.at(end) in self.lex.day_parts:
            end += 1
        future = offset > 0 if offset else self.is_future(i)
        return self.relative(start, end, lambda a: calendar.weekday(a, weekday_, future, skip_anchor_day=bool(offset)))

    def deictic(self, i: int, limit: int) -> Match:
        """"today", "yesterday", "tomorrow morning"."""
        offset = self.lex.deictic[self.words[i]]
        end = i + 2 if self.at(i + 1) in self.lex.day_parts else i + 1
        return self.relative(i, end, lambda a: calendar.day(a + dt.timedelta(days=offset)))

    def day_part(self, i: int, limit: int) -> Match | None:
        """"last night", "this morning"."""
        offset = self.lex.day_part_determiners.get(self.before(i, limit))
        if offset is None:
            return None
        return self.relative(i - 1, i + 1, lambda a: calendar.day(a + dt.timedelta(days=offset)))

    def unit(self, i: int, limit: int) -> Match | None:
        """"[earlier|later] this week", "last month", "the past two years", future "in three days"."""
        unit = self.lex.units[self.words[i]]
        offset = self.lex.determiners.get(self.before(i, limit))
        if offset is not None and self.words[i] == unit and unit != "day":  # singular; "the next day" is narrative
            start = i - 1
            part = self.lex.parts.get(self.before(start, limit)) if offset == 0 else None
            if part is not None:
                start -= 1
            return self.relative(
                start, i + 1, lambda a: calendar.part_of(calendar.unit_containing(a, unit, offset), a, part)
            )
        counted = self._count_before(i, limit)
        if counted is None:
            return None
        start, count = counted
        word_before = self.before(start, limit)
        direction = self.lex.determiners.get(word_before)
        if direction:  # "the past two years", "the next five days"
            return self.relative(start - 1, i + 1, lambda a: calendar.span(a, unit, direction * count))
        if word_before in self.lex.forward and unit in self.lex.forward_units and self.is_future(i):
            return self.relative(start, i + 1, lambda a: calendar.unit_containing(a, unit, count))
        return None

    def ago(self, i: int, limit: int) -> Match | None:
        """"two days ago", "a week ago"."""
        unit = self.lex.units.get(self.before(i, limit))
        counted = self._count_before(i - 1, limit) if unit else None
        if counted is None:
            return None
        start, count = counted
        return self.relative(start, i + 1, lambda a: calendar.unit_containing(a, unit, -count))

    def _count_before(self, i: int, limit: int) -> tuple[int, int] | None:
        """The whole number ending right before token ``i`` ("two", "25", "a") and its first token."""
        if self.before(i, limit) in quantities_lexicon().articles:
            return i - 1, 1
        for start in range(i - 1, max(limit, i - 4) - 1, -1):
            number = parse_number(self.words, start)
            if number is not None and number.end == i and number.low == number.high and number.low.denominator == 1:
                return start, int(number.low)
        return None

    def year(self, i: int, limit: int) -> Match | None:
        """"in 2022", "since 2014"; "2025-03-18" as the tokenizer splits it."""
        year = self.year_at(i)
        if year is None:
            return None
        month, day_ = self.two_digits(i + 2), self.two_digits(i + 4)
        if self.at(i + 1) == self.at(i + 3) == "-" and month and day_ and self._joined(i, i + 5):
            d = calendar.date_or_none(year, month, day_)
            return Match(i, i + 5, calendar.day(d), explicit=True) if d else None
        token = self.doc[i]
        if token.dep_ == "nummod" or self.at(i + 1) in ("-", *self.lex.duration_words):  # "2000 soldiers"
            return None
        if self.before(i, limit) in self.lex.licensors or token.ent_type_ == "DATE":
            return Match(i, i + 1, calendar.year_of(year), explicit=True)
        return None

    def iso(self, i: int, limit: int) -> Match | None:
        """"2025-03-18" as one token."""
        year, month, day_ = (int(g) for g in ISO_DATE.match(self.words[i]).groups())  # type: ignore[union-attr]
        d = calendar.date_or_none(year, month, day_)
        return Match(i, i + 1, calendar.day(d), explicit=True) if d else None

    def _joined(self, start: int, end: int) -> bool:
        """No space between the tokens: they were written as one word."""
        return all(not self.doc[k].whitespace_ for k in range(start, end - 1))


def find_times(doc: Doc, lex: TimeLexicon) -> list[Match]:
    """Every time expression in ``doc``, left to right, as grammar matches."""
    words = [t.lower_ for t in doc]
    grammar = Grammar(doc, words, lex, doc._.published)
    matches: list[Match] = []
    limit = 0
    cores = lex.cores
    for i, w in enumerate(words):
        if i < limit or (w not in cores and not w[:1].isdigit()):
            continue
        found = grammar.match(i, limit)
        if found is not None:
            matches.append(found)
            limit = found.end
    taken = {k for m in matches for k in range(m.start, m.end)} | grammar.rejected
    matches += (Match(e.start, e.end) for e in doc.ents if _unresolved_date(e, words, lex, taken))
    matches.sort(key=lambda m: m.start)
    return matches


def _unresolved_date(entity: SpacySpan, words: Sequence[str], lex: TimeLexicon, taken: set[int]) -> bool:
    """A spaCy DATE the grammar did not take, worth keeping: words, not a duration, age, frequency or "pre-2014"."""
    if entity.label_ != "DATE" or any(k in taken for k in range(entity.start, entity.end)):
        return False
    if not any(t.is_alpha and not t.is_stop for t in entity):  # "2000", "7-5", "Between 5"
        return False
    if not all(_plain(t) for t in entity):  # "A350", "x.ru", foreign script tagged as a date
        return False
    span_words = words[entity.start : entity.end]
    if any(w.startswith(lex.year_prefixes) for w in span_words):
        return False
    if any(w in lex.age_words or w in lex.frequency_words for w in span_words):
        return False
    is_duration = any(w in lex.duration_words for w in span_words)
    return not is_duration or any(w in lex.anchoring_words for w in span_words)


def _plain(token: Token) -> bool:
    """A word or a number as dates are written, not a code, a domain or a foreign-script tagging error."""
    parts = token.text.rstrip(".").split("-")
    return token.is_ascii and (token.is_punct or all(p.isalpha() or p.isdigit() for p in parts))


def to_record(doc: Doc, match: Match) -> TimeExpression:
    """The TimeExpression for a match: anchor "text" when explicit, the published date's source when relative."""
    text, span = doc[match.start : match.end].text, span_of(doc, match.start, match.end)
    interval = match.interval
    if interval is None:
        return TimeExpression(text=text, span=span)
    if match.explicit:
        anchor, anchor_date = TEXT_ANCHOR, None
    else:
        anchor, anchor_date = doc._.published_source or DEFAULT_ANCHOR, doc._.published
    return TimeExpression(text, span, interval.value, interval.end, interval.precision, anchor, anchor_date)


@Language.factory(
    "storyline_times_v1",
    assigns=["doc._.times", "doc._.time_tokens"],
    requires=["token.dep", "token.pos", "doc.ents"],
    default_config={"lexicon": "time.toml"},
)
def make_times(nlp: Language, name: str, lexicon: str) -> Component:
    return Component(lexicon)


class Component:
    """Finds and resolves the time expressions of a doc, then writes them (spaCy's match-then-set idiom)."""

    def __init__(self, lexicon_name: str = "time.toml") -> None:
        self.lex = load_lexicon(lexicon_name)

    def __call__(self, doc: Doc) -> Doc:
        matches = find_times(doc, self.lex)
        times = [to_record(doc, m) for m in matches]
        doc._.times = times
        doc._.time_tokens = {k: n for n, m in enumerate(matches) for k in range(m.start, m.end)}
        log.debug("%s: %d time expressions", doc._.article_id, len(times))
        return doc
