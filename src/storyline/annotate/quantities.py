"""Quantities in text: number + unit + hedge -> the interval the words allow.

"nearly 90 minutes" -> duration [75, 90] minute; "over two hours" -> duration (120, open) minute;
"hundreds of thousands of people" -> count [200000, 999999] person. Words, hedge bounds and unit
conversions come from ``data/annotate/quantities.toml``; this module only walks tokens.

The scanner reads the lower-cased token texts (one list per doc) and, for the few
candidates, the token's lemma and part of speech: cheap enough to run on every article.
"""

from __future__ import annotations

import re
from collections.abc import Container, Sequence
from dataclasses import dataclass
from fractions import Fraction
from functools import lru_cache
from typing import Any

from spacy.tokens import Doc

from storyline.annotate.lexicon import toml
from storyline.model import Quantity

DIGITS = re.compile(r"^(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?$")
TIME_UNITS = ("minute", "day")  # the normalised units of durations and lengths
GAP_POS = frozenset({"ADJ", "PROPN"})  # what may stand between a number and its unit: "175 Ukrainian prisoners"

Phrase = tuple[str, ...]


@dataclass(frozen=True)
class Hedge:
    """How a hedge word bounds the stated number: multipliers of it, ``None`` for unbounded."""

    name: str
    low: Fraction | None
    high: Fraction | None
    low_inclusive: bool = True
    high_inclusive: bool = True


@dataclass(frozen=True)
class Unit:
    """A unit word's meaning: the attribute it states and the factor to the normalised unit."""

    attribute: str
    unit: str
    low_factor: Fraction
    high_factor: Fraction


@dataclass(frozen=True)
class Number:
    """A number phrase at tokens ``start``..``end`` (exclusive) and the interval it allows."""

    start: int
    end: int
    low: Fraction
    high: Fraction


@dataclass(frozen=True)
class QuantityMention:
    """One quantity found in a doc: its tokens, what it states, and the token its subject hangs from."""

    start: int  # first token (hedge or currency symbol included)
    end: int  # exclusive
    head: int  # the unit token (or the number's last token when a currency symbol is the unit)
    attribute: str
    quantity: Quantity


@dataclass(frozen=True)
class Lexicon:
    numbers: dict[str, Fraction]
    articles: frozenset[str]
    multipliers: dict[str, int]
    fractions: dict[str, Fraction]
    vague: dict[str, tuple[int, int, int]]
    hedges: dict[str, list[tuple[Phrase, Hedge]]]  # by the phrase's last word, longest first
    units: dict[str, list[tuple[Phrase, Unit]]]  # by the phrase's first word, longest first
    money_attribute: str
    money_symbols: dict[str, str]
    money_words: dict[str, str]
    money_qualified: dict[str, str]
    max_unit_gap: int
    range_joiners: frozenset[str]
    range_between: frozenset[str]
    between_joiner: str
    age_words: frozenset[str]
    age_attribute: str
    gap_attribute: str
    gap_after: frozenset[str]
    gap_before: tuple[tuple[str, ...], ...]
    gap_window: int
    starters: frozenset[str]  # words a number phrase may start with

    def time_unit_words(self) -> frozenset[str]:
        """Words of the duration/length units: the times component excludes these phrases as durations."""
        return frozenset(
            phrase[0] for entries in self.units.values() for phrase, unit in entries if unit.unit in TIME_UNITS
        )


def _fraction(value: Any) -> Fraction:
    return Fraction(str(value))


def _by_word(entries: list[tuple[Phrase, Any]], key_index: int) -> dict[str, list[tuple[Phrase, Any]]]:
    index: dict[str, list[tuple[Phrase, Any]]] = {}
    for phrase, value in entries:
        index.setdefault(phrase[key_index], []).append((phrase, value))
    for items in index.values():
        items.sort(key=lambda item: -len(item[0]))
    return index


@lru_cache(maxsize=None)
def lexicon(name: str = "quantities.toml") -> Lexicon:
    """The quantities lexicon, compiled once per process."""
    data = toml(name)
    hedges = []
    for hedge_name, spec in data["hedges"].items():
        hedge = Hedge(
            name=hedge_name,
            low=_fraction(spec["low"]) if "low" in spec else None,
            high=_fraction(spec["high"]) if "high" in spec else None,
            low_inclusive=spec.get("low_inclusive", True),
            high_inclusive=spec.get("high_inclusive", True),
        )
        hedges += [(tuple(p.split()), hedge) for p in spec["phrases"]]
    units = []
    for spec in data["units"].values():
        factor = spec["factor"]
        low, high = (factor, factor) if isinstance(factor, str) else factor
        unit = Unit(spec["attribute"], spec["unit"], _fraction(low), _fraction(high))
        units += [(tuple(w.split()), unit) for w in spec["words"]]
    numbers = {w: _fraction(v) for w, v in data["numbers"].items()}
    fractions = {w: _fraction(v) for w, v in data["fractions"].items()}
    vague = {w: (v["low"], v["high"], v["base"]) for w, v in data["vague"].items()}
    articles = frozenset(data["articles"])
    money = data["money"]
    return Lexicon(
        numbers=numbers,
        articles=articles,
        multipliers=dict(data["multipliers"]),
        fractions=fractions,
        vague=vague,
        hedges=_by_word(hedges, -1),
        units=_by_word(units, 0),
        money_attribute=money["attribute"],
        money_symbols=dict(money["symbols"]),
        money_words=dict(money["words"]),
        money_qualified=dict(money["qualified"]),
        max_unit_gap=data["limits"]["max_unit_gap"],
        range_joiners=frozenset(data["ranges"]["joiners"]),
        range_between=frozenset(data["ranges"]["between"]),
        between_joiner=data["ranges"]["between_joiner"],
        age_words=frozenset(data["age"]["words"]),
        age_attribute=data["age"]["attribute"],
        gap_attribute=data["gaps"]["attribute"],
        gap_after=frozenset(data["gaps"]["after"]),
        gap_before=tuple(tuple(p.split()) for p in data["gaps"]["before"]),
        gap_window=data["gaps"]["window"],
        starters=frozenset(numbers) | frozenset(vague) | articles | frozenset(fractions),
    )


def _at(words: Sequence[str], i: int) -> str:
    return words[i] if 0 <= i < len(words) else ""


def parse_number(words: Sequence[str], i: int, lex: Lexicon | None = None) -> Number | None:
    """The number phrase starting at token ``i``: digits, words, multipliers, "and a half", vague plurals."""
    lex = lex or lexicon()
    w = _at(words, i)
    if w in lex.vague:
        low, high, _ = lex.vague[w]
        of_what = lex.vague.get(_at(words, i + 2)) if _at(words, i + 1) == "of" else None
        if of_what is not None:  # "hundreds of thousands": scale by the second word's base
            base = of_what[2]
            return Number(i, i + 3, Fraction(low * base), Fraction((high + 1) * base - 1))
        return Number(i, i + 1, Fraction(low), Fraction(high))
    if w in lex.fractions and _at(words, i + 1) in lex.articles:  # "half an hour"
        return Number(i, i + 2, lex.fractions[w], lex.fractions[w])
    j = i + 1
    if DIGITS.match(w):
        value = Fraction(w.replace(",", ""))
    elif w in lex.numbers:
        value = lex.numbers[w]
        nxt = _at(words, j + 1) if _at(words, j) == "-" else _at(words, j)
        if value >= 20 and value % 10 == 0 and nxt in lex.numbers and 0 < lex.numbers[nxt] < 10:  # twenty-five
            value += lex.numbers[nxt]
            j += 2 if _at(words, j) == "-" else 1
    elif w in lex.articles and _at(words, j) in lex.multipliers:  # "a dozen", "a million"
        value = Fraction(1)
    else:
        return None
    while _at(words, j) in lex.multipliers:
        value *= lex.multipliers[words[j]]
        j += 1
    if _at(words, j) == "and" and _at(words, j + 1) in lex.articles and _at(words, j + 2) in lex.fractions:
        value += lex.fractions[words[j + 2]]  # "three and a half"
        j += 3
    return Number(i, j, value, value)


def hedge_before(words: Sequence[str], i: int, lex: Lexicon | None = None) -> tuple[int, Hedge] | None:
    """The longest hedge phrase ending right before token ``i``, with its first token."""
    lex = lex or lexicon()
    for phrase, hedge in lex.hedges.get(_at(words, i - 1), ()):
        start = i - len(phrase)
        if start >= 0 and tuple(words[start:i]) == phrase:
            return start, hedge
    return None


def unit_at(words: Sequence[str], i: int, lex: Lexicon | None = None) -> tuple[int, Unit] | None:
    """The unit phrase starting at token ``i`` and its end (exclusive)."""
    lex = lex or lexicon()
    for phrase, unit in lex.units.get(_at(words, i), ()):
        end = i + len(phrase)
        if tuple(words[i:end]) == phrase:
            return end, unit
    return None


def interval(number: Number, unit: Unit, hedge: Hedge | None) -> Quantity:
    """The Quantity: the number converted to the normalised unit, then bounded by the hedge."""
    low, high = number.low * unit.low_factor, number.high * unit.high_factor
    if hedge is None:
        return Quantity(low=_num(low), high=_num(high), unit=unit.unit)
    return Quantity(
        low=_num(low * hedge.low) if hedge.low is not None else None,
        high=_num(high * hedge.high) if hedge.high is not None else None,
        unit=unit.unit,
        hedge=hedge.name,
        low_inclusive=hedge.low_inclusive,
        high_inclusive=hedge.high_inclusive,
    )


def _num(value: Fraction) -> float:
    return round(float(value), 4)


class Scanner:
    """Finds every quantity in a doc in one left-to-right pass over its tokens."""

    def __init__(self, lex: Lexicon | None = None) -> None:
        self.lex = lex or lexicon()
        self._time_words = self.lex.time_unit_words()

    def find(self, doc: Doc, words: Sequence[str], skip: Container[int] = ()) -> list[QuantityMention]:
        """Quantities in ``doc``; tokens in ``skip`` (time expressions: "in 2022") never start one."""
        found: list[QuantityMention] = []
        lex, i, n = self.lex, 0, len(words)
        while i < n:
            w = words[i]
            if i in skip or not (w in lex.starters or w in lex.money_symbols or w[:1].isdigit()):
                i += 1
                continue
            mention = self.match(doc, words, i)
            if mention is None:
                i += 1
            else:
                found.append(mention)
                i = mention.end
        return found

    def match(self, doc: Doc, words: Sequence[str], i: int) -> QuantityMention | None:
        """The quantity whose number (or currency symbol) starts at token ``i``, if there is one."""
        lex = self.lex
        currency = lex.money_symbols.get(words[i])
        first = i + 1 if currency else i
        hedged = hedge_before(words, i, lex)
        number = parse_number(words, first, lex)
        if number is None and words[first] in lex.articles:
            unit = unit_at(words, first + 1, lex)
            and_a_half = unit is not None and _at(words, unit[0]) == "and" and _at(words, unit[0] + 2) in lex.fractions
            if unit is not None and (hedged or and_a_half):  # "nearly an hour", "an hour and a half"
                number = Number(first, first + 1, Fraction(1), Fraction(1))
        if number is None:
            return None
        between = _at(words, i - 1) in lex.range_between
        number = self._range(words, number, between)
        end, unit, head = self._unit(doc, words, number.end, currency)
        if unit is None:
            return None
        attribute = unit.attribute
        if unit.unit in TIME_UNITS:
            if self._is_age(words, end):
                attribute = lex.age_attribute
                end += 2 if words[end] == "-" else 1
            else:
                number, unit, end = self._compound(doc, words, number, unit, end)
        start, hedge = hedged if hedged and not between else (i - 1 if between else i, None)
        if unit.unit in TIME_UNITS and attribute != lex.age_attribute and self._is_gap(words, start, end):
            attribute = lex.gap_attribute
        return QuantityMention(start, end, head, attribute, interval(number, unit, hedge))

    def _is_gap(self, words: Sequence[str], start: int, end: int) -> bool:
        """A time quantity placing something in time ("two days before", "delayed by 45 minutes"); the rest of a
        compound time is looked past ("6 minutes 56 seconds after launch")."""
        units = self._time_words
        after = end
        while after < min(len(words), end + 4) and (words[after] in units or words[after] == "and"
                                                    or words[after].isdigit() or words[after] in self.lex.numbers):
            after += 1
        if _at(words, after) in self.lex.gap_after:
            return True
        window = tuple(words[max(0, start - self.lex.gap_window) : start])
        return any(
            window[k : k + len(phrase)] == phrase
            for phrase in self.lex.gap_before
            for k in range(len(window) - len(phrase) + 1)
        )

    def _compound(
        self, doc: Doc, words: Sequence[str], number: Number, unit: Unit, end: int
    ) -> tuple[Number, Unit, int]:
        """"two hours and 15 minutes", "an hour and a half": one span of time, in the smaller unit's terms."""
        lex = self.lex
        if _at(words, end) != "and" or unit.low_factor != unit.high_factor:
            return number, unit, end
        if _at(words, end + 1) in lex.articles and _at(words, end + 2) in lex.fractions:  # an hour and a half
            extra = lex.fractions[words[end + 2]]
            return Number(number.start, number.end, number.low + extra, number.high + extra), unit, end + 3
        second = parse_number(words, end + 1, lex)
        found = unit_at(words, second.end, lex) if second is not None and second.low == second.high else None
        if found is None or found[1].unit != unit.unit or found[1].low_factor != found[1].high_factor:
            return number, unit, end
        second_unit = found[1]
        ratio = unit.low_factor / second_unit.low_factor  # the first number in the second unit's terms
        total = number.low * ratio + second.low  # type: ignore[union-attr]
        return Number(number.start, number.end, total, total), second_unit, found[0]

    def _range(self, words: Sequence[str], first: Number, between: bool) -> Number:
        """"40-50 billion", "two to three hours", "between 5 and 10": one interval over both numbers.

        A multiplier written only after the second number scales the first too; "from 10 to 25"
        is a change, not a range, and stays two numbers.
        """
        lex, j = self.lex, first.end
        joiner = _at(words, j)
        if first.low != first.high or _at(words, first.start - 1) == "from":
            return first
        if not (joiner in lex.range_joiners or (between and joiner == lex.between_joiner)):
            return first
        second = parse_number(words, j + 1, lex)
        if second is None or second.low != second.high:
            return first
        low = first.low
        if not any(w in lex.multipliers for w in words[first.start : first.end]):
            for w in words[second.start + 1 : second.end]:
                low *= lex.multipliers.get(w, 1)
        return Number(first.start, second.end, low, second.high) if low < second.high else first

    def _unit(self, doc: Doc, words: Sequence[str], j: int, currency: str | None) -> tuple[int, Unit | None, int]:
        """The unit after a number ending at ``j``: (end, unit, head token); the unit is None when there is none."""
        lex = self.lex
        if currency:  # "$50,000" (a currency word after it wins: "$50 Canadian dollars" is rare, ignore)
            return j, Unit(lex.money_attribute, currency, Fraction(1), Fraction(1)), j - 1
        if _at(words, j) == "-":  # adjectival: "a two-hour call", "30-day ceasefire"
            j += 1
        elif _at(words, j) == "of":  # "hundreds of thousands of people", "dozens of soldiers"
            j += 1
        for gap in range(lex.max_unit_gap + 1):
            k = j + gap
            if k >= len(words) or (gap and doc[k - 1].pos_ not in GAP_POS):
                break
            found = unit_at(words, k, lex)
            if found is not None and (gap == 0 or found[1].unit not in TIME_UNITS):
                return found[0], found[1], k
            money = lex.money_words.get(words[k])
            if money is not None:
                lemma = doc[k].lemma_.lower()
                qualified = lex.money_qualified.get(" ".join([*words[j:k], lemma])) if gap else None
                return k + 1, Unit(lex.money_attribute, qualified or money, Fraction(1), Fraction(1)), k
        return j, None, j

    def _is_age(self, words: Sequence[str], end: int) -> bool:
        if _at(words, end) == "-":
            return _at(words, end + 1) in self.lex.age_words
        return _at(words, end) in self.lex.age_words
