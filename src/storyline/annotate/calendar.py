"""Calendar arithmetic for relative dates: plain ``datetime`` on an anchor day, no parsing.

Every function takes the anchor (the article's published date) and returns an
:class:`Interval` (first day, last day, precision) or ``None`` when the words
name no real day (February 30). Weeks run Monday to Sunday (ISO 8601).
"""

from __future__ import annotations

import calendar as _stdlib_calendar
import datetime as dt
from dataclasses import dataclass

from storyline.model import TimePrecision

ONE_DAY = dt.timedelta(days=1)


@dataclass(frozen=True)
class Interval:
    """The days a time expression names: ``value``..``end`` inclusive, at ``precision``."""

    value: dt.date
    end: dt.date
    precision: TimePrecision


def day(d: dt.date) -> Interval:
    return Interval(d, d, TimePrecision.DAY)


def week_of(d: dt.date) -> Interval:
    monday = d - dt.timedelta(days=d.weekday())
    return Interval(monday, monday + dt.timedelta(days=6), TimePrecision.WEEK)


def month_of(year: int, month: int) -> Interval:
    last = _stdlib_calendar.monthrange(year, month)[1]
    return Interval(dt.date(year, month, 1), dt.date(year, month, last), TimePrecision.MONTH)


def year_of(year: int) -> Interval:
    return Interval(dt.date(year, 1, 1), dt.date(year, 12, 31), TimePrecision.YEAR)


def add_months(year: int, month: int, months: int) -> tuple[int, int]:
    index = year * 12 + (month - 1) + months
    return index // 12, index % 12 + 1


def date_or_none(year: int, month: int, day_: int) -> dt.date | None:
    try:
        return dt.date(year, month, day_)
    except ValueError:
        return None


def unit_containing(anchor: dt.date, unit: str, offset: int) -> Interval:
    """The calendar ``unit`` (day, week, weekend, month, year) ``offset`` units from the anchor's own."""
    if unit == "day":
        return day(anchor + dt.timedelta(days=offset))
    if unit in ("week", "weekend"):
        week = week_of(anchor + dt.timedelta(weeks=offset))
        if unit == "weekend":
            return Interval(week.end - ONE_DAY, week.end, TimePrecision.WEEK)
        return week
    if unit == "month":
        return month_of(*add_months(anchor.year, anchor.month, offset))
    if unit == "year":
        return year_of(anchor.year + offset)
    raise ValueError(f"unknown calendar unit {unit!r}")


def part_of(interval: Interval, anchor: dt.date, part: str | None) -> Interval:
    """"earlier this week" is the unit up to the anchor, "later this week" the unit from it."""
    if part == "until_anchor" and interval.value <= anchor <= interval.end:
        return Interval(interval.value, anchor, interval.precision)
    if part == "from_anchor" and interval.value <= anchor <= interval.end:
        return Interval(anchor, interval.end, interval.precision)
    return interval


def weekday(anchor: dt.date, weekday_: int, future: bool, skip_anchor_day: bool = False) -> Interval:
    """The named weekday nearest the anchor, looking back (past tense) or forward (future).

    The anchor's own weekday is the anchor itself ("on Monday" in a Monday paper is that
    day), unless ``skip_anchor_day`` ("last Monday", "next Monday") moves it a week.
    """
    if future:
        offset = (weekday_ - anchor.weekday()) % 7
        if offset == 0 and skip_anchor_day:
            offset = 7
        return day(anchor + dt.timedelta(days=offset))
    offset = (anchor.weekday() - weekday_) % 7
    if offset == 0 and skip_anchor_day:
        offset = 7
    return day(anchor - dt.timedelta(days=offset))


def month_day(anchor: dt.date, month: int, day_: int, tense: str) -> Interval | None:
    """A month and day without a year: the nearest such date, not after the anchor in the past tense and not
    before it in the future; in the present ("the halt starts on April 20", a schedule) the nearest either way."""
    years = (anchor.year - 1, anchor.year, anchor.year + 1)
    dates = [d for y in years if (d := date_or_none(y, month, day_)) is not None]
    if tense == "future":
        dates = [d for d in dates if d >= anchor]
    elif tense == "past":
        dates = [d for d in dates if d <= anchor]
    d = min(dates, key=lambda d: (abs((d - anchor).days), d), default=None)
    return day(d) if d is not None else None


def bare_month(anchor: dt.date, month: int, future: bool) -> Interval:
    """A month without a year: this year's, unless that lies on the wrong side of the anchor."""
    year = anchor.year
    if future and month < anchor.month:
        year += 1
    elif not future and month > anchor.month:
        year -= 1
    return month_of(year, month)



def shift(anchor: dt.date, unit: str, count: int) -> dt.date:
    """The anchor moved by ``count`` units; a day past the target month's end is clamped (Mar 31 - 1 month = Feb 28)."""
    if unit == "day":
        return anchor + dt.timedelta(days=count)
    if unit in ("week", "weekend"):
        return anchor + dt.timedelta(weeks=count)
    months = count if unit == "month" else count * 12
    year, month = add_months(anchor.year, anchor.month, months)
    return dt.date(year, month, min(anchor.day, _stdlib_calendar.monthrange(year, month)[1]))


def span(anchor: dt.date, unit: str, count: int) -> Interval:
    """"the past two years" (count < 0) or "the next five days" (count > 0): from the anchor that far, either way."""
    other = shift(anchor, unit, count)
    first, last = (other, anchor) if count < 0 else (anchor, other)
    return Interval(first, last, TimePrecision(unit) if unit != "weekend" else TimePrecision.WEEK)
