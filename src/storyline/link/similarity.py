"""How alike two articles' main events are: a cosine of their weighted terms, moved by the facts that tell
events apart (dates, years, main participants).

Topic words make two earthquakes, or two arrests of one team's players, look alike; the cosine alone cannot
separate them. Facts that cannot both be true of one event (it happened on two dates far apart, in two different
years) push the score down, explicit shared facts (the same date, the same participant in the main event) push it
up. The score is a pure function of the two LinkDocs: it never changes as other articles arrive.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Mapping, Set

from storyline.link.features import LinkDoc

# Reports of one event, published over a few days, resolve its relative dates ('Tuesday', 'yesterday') against
# different publication dates; a main-event date that differs by more than this is a different happening.
DATE_TOLERANCE_DAYS = 3
# Two main-event dates that agree are strong evidence: a coincidence of day, type and topic is rare.
DATE_AGREE_BONUS = 0.10
# Two main-event dates that conflict: near-decisive (the annotator resolves dates only from explicit anchors),
# but not a veto, since a lede can state a follow-up's date (a hearing) rather than the event's.
DATE_CONFLICT_PENALTY = 0.25
# ... unless each page also came out near its own date: then each reports its own happening on its own day (the
# same two leaders' second call, three weeks after the first), and the conflict is decisive (``apart``).
# Articles also state other days (background, follow-ups): sharing any is weaker evidence than the main date,
# and having none in common is weaker still (each may state only a different side date).
SHARED_DATE_BONUS = 0.05
DATE_SET_CONFLICT_PENALTY = 0.10
# The year an article writes most (its dateline, 'in 2009') is almost always the year of what it reports; two
# reports of one event write the same one. Background years ('his 2006 arrest') make this noisy: not a veto.
YEAR_CONFLICT_PENALTY = 0.15
# The main event's annotated participants: sharing one is evidence, disjoint participants is weaker counter-
# evidence (the annotator often names a participant by a description, 'the player', on one side only).
SHARED_ACTOR_BONUS = 0.05
ACTOR_CONFLICT_PENALTY = 0.05
# The person an article is about (its most-mentioned person): two reports of one event mostly centre on the same
# one, two look-alike events (two arrests) on different ones. Agreement is strong evidence; disagreement is not
# counted, because the most-mentioned person of a disaster report is often just whoever was quoted.
LEAD_AGREE_BONUS = 0.10
# Two reports quoting the same words (a run of QUOTE_SHINGLE) quote one statement, mostly made at one event: as
# strong as an agreeing date. Not more: a catchphrase ("end the war in 24 hours") is quoted across events.
SHARED_QUOTE_BONUS = 0.10
# Coverage of one event is published within days of it and dies down within two weeks; pages published further
# apart whose ledes do not date their news to one day report two happenings (the second call of the same two
# leaders, the second exchange of prisoners at the same border). A page with a wrong date (a republication, broken
# metadata) falls outside its event: a lost report, not two events merged, which is the worse error for a reader.
COVERAGE_WINDOW_DAYS = 14
# Two reports naming different members of one series ("the seventh test flight", "Flight 9"; "the fourth round")
# report two of its events: as decisive as two main-event dates apart, and naming the same one as strong as one date.
ORDINAL_AGREE_BONUS = DATE_AGREE_BONUS
ORDINAL_CONFLICT_PENALTY = DATE_CONFLICT_PENALTY


def norm(terms: Mapping[str, float]) -> float:
    return math.sqrt(sum(w * w for w in terms.values()))


def cosine(a: Mapping[str, float], b: Mapping[str, float], norm_a: float, norm_b: float) -> float:
    """Cosine of two term-weight maps whose norms are given (the linker keeps them)."""
    if not norm_a or not norm_b:
        return 0.0
    shared = a.keys() & b.keys()  # a set operation in C: most pairs share a handful of ~150 terms
    return sum(a[t] * b[t] for t in sorted(shared)) / (norm_a * norm_b)


def _near(a: dt.date, b: dt.date, days: int) -> bool:
    return abs((a - b).days) <= days


def _sets_conflict(a: Set[dt.date], b: Set[dt.date]) -> bool | None:
    """None when either states no date; True when no date of one is near a date of the other."""
    if not a or not b:
        return None
    return not any(_near(x, y, DATE_TOLERANCE_DAYS) for x in a for y in b)


def same_day(a: LinkDoc, b: LinkDoc) -> bool | None:
    """Whether the two main events fall on one day and month (within DATE_TOLERANCE_DAYS, across New Year), read
    without years: a page without a date writes its news's day ("on January 15") but cannot resolve it. None when
    either names none."""
    if not (a.event_day and b.event_day):
        return None
    x, y = (dt.date(2000, *map(int, d.split("-"))) for d in (a.event_day, b.event_day))  # 2000: a leap year
    gap = abs((x - y).days)
    return min(gap, 366 - gap) <= DATE_TOLERANCE_DAYS


def same_ordinal(a: LinkDoc, b: LinkDoc) -> bool | None:
    """True when both name the same member of a series; False when they name only different members of a series
    of the same noun ("round:4" against "round:5"); None when they cannot be compared."""
    if a.ordinals & b.ordinals:
        return True
    nouns_a = {o.split(":", 1)[0] for o in a.ordinals}
    nouns_b = {o.split(":", 1)[0] for o in b.ordinals}
    return False if nouns_a & nouns_b else None


def apart(a: LinkDoc, b: LinkDoc) -> bool:
    """Two articles that cannot report one happening, whatever their words: published apart and either dating
    their news days apart, or published further apart than an event's coverage lasts without dating their news to
    the same day."""
    if not (a.published and b.published) or _near(a.published, b.published, DATE_TOLERANCE_DAYS):
        return False
    if a.event_date and b.event_date:
        return not _near(a.event_date, b.event_date, DATE_TOLERANCE_DAYS)
    return not _near(a.published, b.published, COVERAGE_WINDOW_DAYS)


def evidence(a: LinkDoc, b: LinkDoc) -> float:
    """The sum of the score moves the two articles' facts call for (0 when they state none of them)."""
    move = 0.0
    if a.event_date and b.event_date:
        if _near(a.event_date, b.event_date, DATE_TOLERANCE_DAYS):
            move += DATE_AGREE_BONUS
        else:
            move -= DATE_CONFLICT_PENALTY
    elif (day := same_day(a, b)) is not None:
        move += DATE_AGREE_BONUS if day else -DATE_CONFLICT_PENALTY
    else:
        conflict = _sets_conflict(a.dates, b.dates)
        if conflict is None and not (a.published and b.published):
            # a page without a date names its days without a year: compare days and months
            conflict = (not (a.month_days & b.month_days)) if a.month_days and b.month_days else None
        if conflict is True:
            move -= DATE_SET_CONFLICT_PENALTY
        elif conflict is False:
            move += SHARED_DATE_BONUS
    ordinal = same_ordinal(a, b)
    if ordinal is not None:
        move += ORDINAL_AGREE_BONUS if ordinal else -ORDINAL_CONFLICT_PENALTY
    if a.year and b.year and a.year != b.year:
        move -= YEAR_CONFLICT_PENALTY
    if a.main_actors and b.main_actors:
        move += SHARED_ACTOR_BONUS if a.main_actors & b.main_actors else -ACTOR_CONFLICT_PENALTY
    if a.quoted & b.quoted:
        move += SHARED_QUOTE_BONUS
    if a.lead and a.lead == b.lead:
        move += LEAD_AGREE_BONUS
    return move


def score(a: LinkDoc, b: LinkDoc, norm_a: float | None = None, norm_b: float | None = None) -> float:
    """Symmetric pair score: the same value whichever is passed first (ordered by id), so results never depend on
    the order pairs are met in."""
    if b.id < a.id:
        a, b, norm_a, norm_b = b, a, norm_b, norm_a
    na = norm(a.terms) if norm_a is None else norm_a
    nb = norm(b.terms) if norm_b is None else norm_b
    return cosine(a.terms, b.terms, na, nb) + evidence(a, b)
