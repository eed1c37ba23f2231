"""What a pair of articles' facts say about them being one event: the features of the pair model.

Each feature is a pure function of the two LinkDocs and of the term IDF of the group they are linked in (the
connected component of candidate pairs: the story the corpus tells, where 'Trump', 'Putin' and 'call' are in every
report and say nothing about which call). The weights that turn them into a probability are learned
(``pair_model``); nothing here decides how much a fact counts.

Indicators come in pairs (agree / conflict) so that a fact neither page states counts as neither.
"""

from __future__ import annotations

import datetime as dt
import math
from collections import Counter
from collections.abc import Iterable, Mapping, Set
from dataclasses import dataclass

from storyline.link.features import YEAR, LinkDoc
from storyline.link.similarity import DATE_TOLERANCE_DAYS, cosine, norm, same_day, same_ordinal

# Two stated durations of one happening are read as agreeing when their intervals, each widened by this share,
# overlap ("nearly 90 minutes" and "an hour and a half"); a two-hour and a 90-minute call do not.
DURATION_SLACK = 0.15

PAIR_FEATURES: tuple[str, ...] = (
    "cosine",
    "cosine_idf",
    "lede_cosine",
    "lede_cosine_idf",
    "names",
    "numbers",
    "quoted",
    "date_agree",
    "date_conflict",
    "dates_shared",
    "dates_conflict",
    "day_agree",
    "day_conflict",
    "weekday_agree",
    "weekday_conflict",
    "duration_agree",
    "duration_conflict",
    "ordinal_agree",
    "ordinal_conflict",
    "year_conflict",
    "actors_shared",
    "actors_disjoint",
    "lead_same",
    "type_same",
    "type_differ",
    "published_gap",
    "undated_page",
)
# What the rest of the group says about the pair: how close each is to the other compared with its closest
# neighbour in the group (1 when each is the other's nearest). Two reports of one event are each other's nearest
# far more often than two look-alikes that merely share the story's words. Computed by ``relative``.
GROUP_FEATURES: tuple[str, ...] = ("relative_idf", "relative_lede")
FEATURES: tuple[str, ...] = PAIR_FEATURES + GROUP_FEATURES
# Which way each feature may move the probability: evidence that two pages agree (a shared date, a similar lede)
# never makes them less likely one event, and a conflict never more. The fit keeps each weight on its side of
# zero (0: either side), so that features which overlap (four cosines, three kinds of date) cannot cancel each
# other with large weights of opposite signs fitted to the few topics of the training data.
NEGATIVE: frozenset[str] = frozenset(
    {
        "date_conflict",
        "dates_conflict",
        "day_conflict",
        "weekday_conflict",
        "duration_conflict",
        "ordinal_conflict",
        "year_conflict",
        "actors_disjoint",
        "type_differ",
        "published_gap",
    }
)
EITHER: frozenset[str] = frozenset({"undated_page"})  # a missing fact: no reason for a direction


def direction(feature: str) -> int:
    """+1, -1 or 0 (either): the sign a feature's weight may take."""
    return 0 if feature in EITHER else -1 if feature in NEGATIVE else 1


def idf(docs: Iterable[LinkDoc]) -> dict[str, float]:
    """Smoothed inverse document frequency of every term over the given articles."""
    df: Counter[str] = Counter()
    n = 0
    for doc in docs:
        n += 1
        df.update(doc.terms.keys())
    return {term: math.log((n + 1) / (count + 1)) + 1.0 for term, count in df.items()}


@dataclass(frozen=True)
class Side:
    """One article's vectors as its group weighs them, computed once per group (a pair reads two of them)."""

    doc: LinkDoc
    terms: Mapping[str, float]  # IDF-weighted terms
    lede: Mapping[str, float]  # IDF-weighted headline and lede terms
    norms: tuple[float, float, float, float]  # of doc.terms, terms, doc.lede, lede
    numbers: frozenset[str]  # numbers that are not years

    @classmethod
    def of(cls, doc: LinkDoc, weights: Mapping[str, float]) -> Side:
        terms = {t: w * weights.get(t, 1.0) for t, w in doc.terms.items()}
        lede = {t: w * weights.get(t, 1.0) for t, w in doc.lede.items()}
        return cls(
            doc,
            terms,
            lede,
            (norm(doc.terms), norm(terms), norm(doc.lede), norm(lede)),
            frozenset(n for n in doc.numbers if not YEAR.fullmatch(n)),
        )


def _jaccard(a: Set[str], b: Set[str]) -> float:
    return len(a & b) / len(a | b) if a and b else 0.0


def _near(a: dt.date, b: dt.date) -> bool:
    return abs((a - b).days) <= DATE_TOLERANCE_DAYS


def _agree_conflict(agree: bool | None) -> tuple[float, float]:
    """(agree, conflict) indicators of a comparison that may not be possible (None)."""
    if agree is None:
        return 0.0, 0.0
    return (1.0, 0.0) if agree else (0.0, 1.0)


def _dates(a: LinkDoc, b: LinkDoc) -> bool | None:
    if a.dates and b.dates:
        return any(_near(x, y) for x in a.dates for y in b.dates)
    if a.month_days and b.month_days and not (a.published and b.published):
        return bool(a.month_days & b.month_days)  # a page without a date names its days without a year
    return None


def _durations(a: LinkDoc, b: LinkDoc) -> bool | None:
    if not (a.durations and b.durations):
        return None
    low, high = 1 - DURATION_SLACK, 1 + DURATION_SLACK
    return any(
        lo1 * low <= hi2 * high and lo2 * low <= hi1 * high
        for lo1, hi1 in a.durations
        for lo2, hi2 in b.durations
    )


def relative(table: list[tuple[str, str, list[float]]]) -> list[tuple[str, str, list[float]]]:
    """Each row of a group's pair table with its GROUP_FEATURES appended: per similarity, the smaller of the
    pair's value over each side's best value in the group."""
    columns = [PAIR_FEATURES.index("cosine_idf"), PAIR_FEATURES.index("lede_cosine_idf")]
    best: dict[tuple[str, int], float] = {}
    for a, b, values in table:
        for c in columns:
            for side in (a, b):
                best[side, c] = max(best.get((side, c), 0.0), values[c])
    out = []
    for a, b, values in table:
        extra = [min(_share(values[c], best[a, c]), _share(values[c], best[b, c])) for c in columns]
        out.append((a, b, values + extra))
    return out


def _share(value: float, best: float) -> float:
    return value / best if best else 0.0


def pair_features(left: Side, right: Side) -> list[float]:
    """The pair's PAIR_FEATURES, in order; symmetric in the two sides (``Side.of`` with the group's IDF)."""
    a, b = left.doc, right.doc
    na, nb = left.norms, right.norms
    date = _near(a.event_date, b.event_date) if a.event_date and b.event_date else None
    dates = None if date is not None else _dates(a, b)
    day = None if date is not None else same_day(a, b)
    weekday = bool(a.weekdays & b.weekdays) if a.weekdays and b.weekdays else None
    actors = bool(a.main_actors & b.main_actors) if a.main_actors and b.main_actors else None
    types = (a.event_type == b.event_type) if a.event_type and b.event_type else None
    gap = abs((a.published - b.published).days) if a.published and b.published else None
    return [
        cosine(a.terms, b.terms, na[0], nb[0]),
        cosine(left.terms, right.terms, na[1], nb[1]),
        cosine(a.lede, b.lede, na[2], nb[2]),
        cosine(left.lede, right.lede, na[3], nb[3]),
        _jaccard(a.names, b.names),
        _jaccard(left.numbers, right.numbers),
        1.0 if a.quoted & b.quoted else 0.0,
        *_agree_conflict(date),
        *_agree_conflict(dates),
        *_agree_conflict(day),
        *_agree_conflict(weekday),
        *_agree_conflict(_durations(a, b)),
        *_agree_conflict(same_ordinal(a, b)),
        1.0 if a.year and b.year and a.year != b.year else 0.0,
        *_agree_conflict(actors),
        1.0 if a.lead and a.lead == b.lead else 0.0,
        *_agree_conflict(types),
        math.log1p(gap) if gap is not None else 0.0,
        0.0 if gap is not None else 1.0,
    ]
