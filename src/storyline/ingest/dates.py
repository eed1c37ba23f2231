"""Dates as news pages write them: datelines, ISO stamps, "Published: ..." lines.

Month and weekday names come from the ``calendar`` module, not from a list of ours.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re

from storyline.model import Precision

_MONTHS: dict[str, int] = {}
for _i in range(1, 13):
    _MONTHS[calendar.month_name[_i].lower()] = _i
    _MONTHS[calendar.month_abbr[_i].lower()] = _i
_MONTHS["sept"] = 9
_MONTH = "(?P<month>" + "|".join(sorted(_MONTHS, key=len, reverse=True)) + r")\.?"
_WEEKDAY = "(?:" + "|".join(list(calendar.day_name) + list(calendar.day_abbr)) + r")\.?,?"
_LABEL = r"(?:(?:published|updated|posted|last updated|date)(?:\s+on)?\s*:?\s*)"
_TIME = r"(?:\s*(?:at\s+)?\d{1,2}[:.]\d{2}(?:\s*[ap]\.?m\.?)?(?:\s*[A-Z]{2,4})?)?"

_PATTERNS = [
    re.compile(r"(?P<year>\d{4})-(?P<mnum>\d{2})-(?P<day>\d{2})(?:[T ][\d:.]+(?:Z|[+-]\d{2}:?\d{2})?)?", re.I),
    re.compile(rf"{_MONTH}\s+(?P<day>\d{{1,2}})(?:st|nd|rd|th)?,?\s+(?P<year>\d{{4}})", re.I),
    re.compile(rf"(?P<day>\d{{1,2}})(?:st|nd|rd|th)?\s+{_MONTH},?\s+(?P<year>\d{{4}})", re.I),
    re.compile(rf"{_MONTH}\s+(?P<year>\d{{4}})", re.I),
]


def parse_date(text: str) -> tuple[dt.date, Precision] | None:
    """The first date written in ``text``, with its precision, or None."""
    for pattern in _PATTERNS:
        m = pattern.search(text)
        if m:
            return _to_date(m)
    return None


def _to_date(m: re.Match[str]) -> tuple[dt.date, Precision] | None:
    groups = m.groupdict()
    month = int(groups["mnum"]) if groups.get("mnum") else _MONTHS[groups["month"].lower().rstrip(".")]
    year = int(groups["year"])
    day = groups.get("day")
    try:
        if day:
            return dt.date(year, month, int(day)), Precision.DAY
        return dt.date(year, month, 1), Precision.MONTH
    except ValueError:
        return None


_DATELINE_FRAME = re.compile(rf"^\s*{_LABEL}?(?:{_WEEKDAY}\s*)?(?P<date>.+?){_TIME}\s*$", re.I)


def parse_dateline(line: str) -> tuple[dt.date, Precision] | None:
    """A line that is nothing but a (labelled) date, as pages print above or below a headline."""
    frame = _DATELINE_FRAME.match(line) if len(line) <= 80 else None
    if not frame:
        return None
    for pattern in _PATTERNS[:3]:
        m = pattern.fullmatch(frame.group("date").strip())
        if m:
            return _to_date(m)
    return None


_BYLINE_SEPARATORS = re.compile(r"\s+[|·•–—]\s+")
BYLINE_MAX_WORDS = 15


def parse_byline(line: str) -> tuple[dt.date, Precision] | None:
    """A short 'By X | April 17, 2026' or 'Desk · 11 April 2026 · 3 min read' line: its date."""
    if len(line.split()) > BYLINE_MAX_WORDS:
        return None
    if not (line.lower().startswith("by ") or _BYLINE_SEPARATORS.search(line)):
        return None
    for part in _BYLINE_SEPARATORS.split(line):
        found = parse_dateline(part)
        if found and found[1] is Precision.DAY:
            return found
    return None
