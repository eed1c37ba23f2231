"""Claim values made comparable: numbers as intervals in one unit, dates as days of the year, roles as offices.

Two values agree when their intervals overlap. News rounds what it measures ("a 40-minute call" may have lasted
42), so an unhedged duration or length is read as ROUNDING either side of its number; a count is exact unless the
words hedge it ("52 detainees" and "48 prisoners" disagree, "about 50" agrees with both).
"""

from __future__ import annotations

import re

from storyline.model import Citation, Claim, ClaimKind, ClaimValue

# How far either side of an unhedged measure the truth may lie: "40 minutes" and "roughly 45 minutes" agree.
ROUNDING = 0.10
# Units whose unhedged values are counted, not measured: exact.
EXACT_UNITS = frozenset({"person", "count"})
# A year written in a date: without one, the annotator inferred it, so dates compare by month and day only.
YEAR = re.compile(r"\b(1[89]|20)\d\d\b")
MONTH_DAYS = 32  # a month-and-day as one number: month * MONTH_DAYS + day


def numeric(claim: Claim, citation: Citation) -> ClaimValue | None:
    """A quantity or date claim as an interval; None for claims that have neither."""
    if claim.kind is ClaimKind.DATE and claim.date is not None:
        day = claim.date.month * MONTH_DAYS + claim.date.day
        shown = claim.date.isoformat() if YEAR.search(claim.text) else claim.date.strftime("%B %d").replace(" 0", " ")
        return ClaimValue(citation, shown, float(day), float(day))
    quantity = claim.quantity
    if quantity is None:
        return None
    low, high = quantity.low, quantity.high
    if quantity.hedge is None and low is not None and low == high and quantity.unit not in EXACT_UNITS:
        low, high = low * (1 - ROUNDING), high * (1 + ROUNDING)
    return ClaimValue(citation, interval_text(quantity.low, quantity.high, quantity.unit), low, high)


def unit_of(claim: Claim) -> str:
    return "date" if claim.kind is ClaimKind.DATE else (claim.quantity.unit if claim.quantity else "")


# Units read as English nouns: "52 people", "over 120 minutes", "1 day"; symbols and "percent" never change.
_IRREGULAR = {"person": "people"}


def unit_words(unit: str, count: float | None) -> str:
    """The unit as a reader writes it after this number: plural unless the number is one."""
    if count is not None and abs(count - 1) < 1e-9 or not unit.isalpha() or not unit.islower() or unit == "percent":
        return unit
    return _IRREGULAR.get(unit, unit + "s")


def interval_text(low: float | None, high: float | None, unit: str) -> str:
    """'55 minutes', '50–60 minutes', 'over 120 minutes', 'under 5 days', '1 day'."""

    def number(x: float) -> str:
        return f"{x:.0f}" if abs(x - round(x)) < 0.05 else f"{x:.1f}"

    if low is not None and high is not None:
        if abs(high - low) < 1e-9:
            return f"{number(low)} {unit_words(unit, low)}"
        return f"{number(low)}–{number(high)} {unit_words(unit, high)}"
    if low is not None:
        return f"over {number(low)} {unit_words(unit, None)}"
    if high is not None:
        return f"under {number(high)} {unit_words(unit, high)}"
    return unit


def overlap(values: list[ClaimValue]) -> tuple[float | None, float | None]:
    """The interval every value allows (lowest high, highest low); (None, None) bounds are open."""
    lows = [v.low for v in values if v.low is not None]
    highs = [v.high for v in values if v.high is not None]
    return (max(lows) if lows else None), (min(highs) if highs else None)


def compatible(a: ClaimValue, b: ClaimValue) -> bool:
    """Whether two numeric values can both be true."""
    low, high = overlap([a, b])
    return low is None or high is None or low <= high + 1e-9
