"""What a page in another language says that English coverage of its event says too: days, weekdays, members of a
series, read with the small per-language tables of ``storyline/data/link/languages.toml``.

The annotator reads English; on a German or Spanish page it finds few dates and no "ninth flight". These are read
here from the page's opening instead, so that the linker can set such a page against English reports by what does
not depend on words being the same. Numbers and names are shared by the term vectors already.
"""

from __future__ import annotations

import datetime as dt
import re
import tomllib
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

# The opening a page's own news is dated and numbered in (as the linker's lede and sequence windows).
OPENING_CHARS = 600
# A stem of an ordinal matches a word that adds at most this many letters (German "neunt" -> "neunten").
ORDINAL_ENDING = 3
# A weekday joined to a time of day ("Mittwochabend", "Dienstagmorgen") adds at most this many letters.
WEEKDAY_COMPOUND = 7

WORD = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)?")


@dataclass(frozen=True)
class Language:
    months: dict[str, int]  # month word or abbreviation -> 1..12
    weekdays: dict[str, int]  # weekday word -> 0 (Monday) .. 6
    ordinals: tuple[tuple[str, bool, int], ...]  # (stem or whole form, whole form only, 1..12)
    series_nouns: dict[str, str]  # this language's noun -> the English series noun
    day_month: re.Pattern[str]  # "17. September", "17 de septiembre", "19/20 octombrie"
    month_day: re.Pattern[str]  # "September 17"

    @classmethod
    def of(cls, months: dict[str, int], weekdays: dict[str, int], ordinals: tuple[tuple[str, bool, int], ...],
           series_nouns: dict[str, str]) -> Language:  # fmt: skip
        names = "|".join(sorted((re.escape(m) for m in months), key=len, reverse=True))
        day_month = re.compile(rf"\b(\d{{1,2}})(?:/\d{{1,2}})?\.?\s+(?:de\s+)?({names})\b\.?", re.I)
        month_day = re.compile(rf"\b({names})\.?\s+(\d{{1,2}})\b(?![.,]?\d)", re.I)
        return cls(months, weekdays, ordinals, series_nouns, day_month, month_day)


@lru_cache(maxsize=1)
def _tables() -> dict[str, Language]:
    data = tomllib.loads(resources.files("storyline.data.link").joinpath("languages.toml").read_text("utf-8"))
    codes = set(data["months"]) | set(data["weekdays"]) | set(data["ordinals"]) | set(data["series_nouns"])
    tables = {}
    for code in sorted(codes):
        months = {name: n + 1 for n, name in enumerate(data["months"].get(code, []))}
        months.update(data["month_abbreviations"].get(code, {}))
        weekdays = {name: n for n, name in enumerate(data["weekdays"].get(code, []))}
        ordinals = []
        for n, entry in enumerate(data["ordinals"].get(code, [])):
            forms = entry.split("|")
            ordinals.extend((form, len(forms) > 1, n + 1) for form in forms)
        tables[code] = Language.of(months, weekdays, tuple(ordinals), dict(data["series_nouns"].get(code, {})))
    return tables


def language(code: str | None) -> Language | None:
    """The tables of a language other than English, or None when there are none (English, unknown)."""
    return _tables().get(code) if code and code != "en" else None


def _day_month(text: str, table: Language) -> list[tuple[int, int]]:
    """(month, day) of every 'day month' or 'month day' the text writes: "17. September", "17 de septiembre",
    "19/20 octombrie" (the first day), "17 sep", "September 17"."""
    found: list[tuple[int, int, int]] = []  # (position, month, day)
    for match in table.day_month.finditer(text):
        found.append((match.start(), table.months[match.group(2).lower()], int(match.group(1))))
    for match in table.month_day.finditer(text):
        found.append((match.start(), table.months[match.group(1).lower()], int(match.group(2))))
    return [(m, d) for _, m, d in sorted(found) if 1 <= d <= 31]


def month_days(text: str, code: str | None) -> list[str]:
    """The "MM-DD" days the page's opening names, in text order."""
    table = language(code)
    if table is None:
        return []
    return [f"{m:02d}-{d:02d}" for m, d in _day_month(text[:OPENING_CHARS], table)]


def weekdays(text: str, code: str | None) -> frozenset[int]:
    """The weekdays the page's opening names ("am Mittwoch", "el miércoles", and German compounds: "am
    Mittwochabend")."""
    table = language(code)
    if table is None:
        return frozenset()
    days = (_weekday(word, table) for word in WORD.findall(text[:OPENING_CHARS].lower()))
    return frozenset(day for day in days if day is not None)


def _weekday(word: str, table: Language) -> int | None:
    for name, day in table.weekdays.items():
        if word == name or (word.startswith(name) and len(word) - len(name) <= WEEKDAY_COMPOUND):
            return day
    return None


def _ordinal(word: str, table: Language) -> int | None:
    for form, whole, number in table.ordinals:
        if word == form or (not whole and word.startswith(form) and len(word) - len(form) <= ORDINAL_ENDING):
            return number
    return None


def ordinals(text: str, code: str | None) -> frozenset[tuple[str, int]]:
    """Which member of a series the opening names, as the English series noun and its number ("der neunte
    Testflug" -> ("flight", 9); "la segunda ronda" -> ("round", 2))."""
    table = language(code)
    if table is None:
        return frozenset()
    words = [w.lower() for w in WORD.findall(text[:OPENING_CHARS])]
    found: set[tuple[str, int]] = set()
    for i, word in enumerate(words):
        number = _ordinal(word, table)
        if number is None:
            continue
        for other in words[i + 1 : i + 4]:  # "der neunte Starship-Testflug", "le neuvième vol d'essai"
            noun = next((en for native, en in table.series_nouns.items() if other.endswith(native)), None)
            if noun is not None:
                found.add((noun, number))
                break
    return frozenset(found)


def event_date(text: str, code: str | None, published: dt.date | None) -> dt.date | None:
    """The day the opening dates its news to, resolved against the page date as the English annotator resolves
    English: the first day and month it writes (in the page's year, or the year before when that would put it
    after the page), else the first weekday it names (the last such day on or before the page date)."""
    table = language(code)
    if table is None or published is None:
        return None
    for month, day in _day_month(text[:OPENING_CHARS], table):
        for year in (published.year, published.year - 1):
            try:
                when = dt.date(year, month, day)
            except ValueError:
                break
            if when <= published + dt.timedelta(days=1):  # a day ahead: time zones
                return when
    named = _first_weekday(text, table)
    if named is None:
        return None
    return published - dt.timedelta(days=(published.weekday() - named) % 7)


def _first_weekday(text: str, table: Language) -> int | None:
    return next((d for w in WORD.findall(text[:OPENING_CHARS].lower()) if (d := _weekday(w, table)) is not None), None)
