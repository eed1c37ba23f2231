"""One attribute of one subject, as several outlets state it: an Agreement, a Conflict, or nothing to say.

Values are split into sides: the largest group of values that can all be true together (for numbers, the most
intervals sharing a point; for categories, one label), then the largest group among the rest, and so on. One side
stated by two or more independent sources is an Agreement; two sides or more are a Conflict, whose consensus is the
side that outnumbers every other. Sources are counted, not articles: a republished copy is its original's voice.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from storyline.compare.values import interval_text, overlap
from storyline.model import Agreement, ClaimValue, Conflict, Side

# How far a minority value lies from the consensus, relative to the consensus's size: beyond HIGH_GAP it is a
# different order of fact ("55 minutes" against "more than two hours"), under LOW_GAP a matter of rounding.
HIGH_GAP = 0.5
LOW_GAP = 0.15
# Dates are judged by how many days apart they are, not relative to their size: a day's difference is a time zone
# or a late edition, a few days are a different happening or a wrong report.
DATE_HIGH_DAYS = 3
DATE_LOW_DAYS = 1


@dataclass(frozen=True)
class Subject:
    """What the values are about: the fields every finding on it carries."""

    scope: str
    subject: str
    label: str
    attribute: str
    unit: str = ""
    event_id: str | None = None
    period: str | None = None

    def id(self, kind: str) -> str:
        inner = self.subject if self.event_id and self.subject != self.event_id else ""
        parts = [self.event_id or self.subject, inner, self.attribute, self.unit]
        parts.append(self.period or "")
        return f"{kind}:" + "/".join(p for p in parts if p)


def numeric_sides(values: list[ClaimValue], origin: Callable[[ClaimValue], str]) -> list[list[ClaimValue]]:
    """Values split into groups whose intervals share a point, the best supported first."""
    remaining = sorted(values, key=lambda v: (v.citation.article_id, v.citation.span.start))
    sides: list[list[ClaimValue]] = []
    while remaining:
        points = sorted({x for v in remaining for x in (v.low, v.high) if x is not None}) or [0.0]
        best: list[ClaimValue] = []
        best_key: tuple[int, int] = (-1, -1)
        for point in points:
            members = [v for v in remaining if (v.low is None or v.low <= point + 1e-9) and (v.high is None or point <= v.high + 1e-9)]
            key = (len({origin(v) for v in members}), len(members))
            if key > best_key:
                best, best_key = members, key
        sides.append(best)
        remaining = [v for v in remaining if v not in best]
    return sides


def label_sides(values: list[ClaimValue], origin: Callable[[ClaimValue], str]) -> list[list[ClaimValue]]:
    """Values grouped by label, the best supported first (ties by label)."""
    groups: dict[str, list[ClaimValue]] = {}
    for value in sorted(values, key=lambda v: (v.citation.article_id, v.citation.span.start)):
        groups.setdefault(value.label or value.display, []).append(value)
    return sorted(groups.values(), key=lambda g: (-len({origin(v) for v in g}), -len(g), g[0].label or ""))


def judge(
    subject: Subject,
    values: list[ClaimValue],
    origin: Callable[[ClaimValue], str],
    numeric: bool,
    severity: str | None = None,
) -> Agreement | Conflict | None:
    """The finding the values call for; None when fewer than two independent sources state the attribute."""
    if len({origin(v) for v in values}) < 2:
        return None
    groups = numeric_sides(values, origin) if numeric else label_sides(values, origin)
    weights = [len({origin(v) for v in g}) for g in groups]
    majority = len(groups) == 1 or weights[0] > weights[1]
    sides = tuple(
        Side(
            value=_value(group, subject.unit, numeric),
            claims=tuple(group),
            outlets=tuple(sorted({origin(v) for v in group})),
            majority=majority and n == 0,
        )
        for n, group in enumerate(groups)
    )
    common = dict(
        scope=subject.scope,
        subject=subject.subject,
        subject_label=subject.label,
        attribute=subject.attribute,
        event_id=subject.event_id,
        period=subject.period,
    )
    if len(sides) == 1:
        return Agreement(id=subject.id("agreement"), consensus=sides[0].value, side=sides[0], **common)
    return Conflict(
        id=subject.id("conflict"),
        sides=sides,
        consensus=sides[0].value if majority else None,
        severity=severity or (_numeric_severity(groups, subject.unit) if numeric else "medium"),
        **common,
    )


def _value(group: list[ClaimValue], unit: str, numeric: bool) -> str:
    if not numeric:
        return group[0].label or group[0].display
    if unit == "date" or len({v.display for v in group}) == 1:
        return group[0].display
    low, high = overlap(group)
    return interval_text(low, high, unit)


def _numeric_severity(groups: list[list[ClaimValue]], unit: str) -> str:
    """How far the farthest other side lies from the first: in days for dates, else relative to the first side's
    size."""
    low, high = overlap(groups[0])
    if unit == "date":
        size = 1.0
    else:
        size = max(abs(x) for x in (low, high) if x is not None) if (low, high) != (None, None) else 1.0
    worst = 0.0
    for group in groups[1:]:
        other_low, other_high = overlap(group)
        if other_low is not None and high is not None and other_low > high:
            worst = max(worst, (other_low - high) / (size or 1.0))
        elif other_high is not None and low is not None and other_high < low:
            worst = max(worst, (low - other_high) / (size or 1.0))
    if unit == "date":
        return "high" if worst >= DATE_HIGH_DAYS else "medium" if worst > DATE_LOW_DAYS else "low"
    return "high" if worst >= HIGH_GAP else "medium" if worst >= LOW_GAP else "low"
