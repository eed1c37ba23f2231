"""What an article reports: its main event and the day it dates it to, read from its opening sentences.

Headlines and ledes state the news; later paragraphs drift into background and earlier events. The event linker
compares articles by these, and Event records count them across their articles, so both read them here.
"""

from __future__ import annotations

import datetime as dt
import re

from storyline.model import Annotation, EventMention, TimeExpression, TimePrecision

# The headline and the first sentences under it: where an article states and dates the news it reports.
LEDE_SENTENCES = 4
# A day written without a year lies within a few months of its page in news; read as still to come but further
# ahead than this, the page date (which chose its year) is the suspect: the day had passed by it.
YEARLESS_REACH_DAYS = 270
_YEAR = re.compile(r"\b(1[89]|20)\d\d\b")


def _asserted(event: EventMention) -> bool:
    return not (event.negated or event.hypothetical or event.future)


def _in_lede(event: EventMention) -> bool:
    return (event.span.sentence or 0) < LEDE_SENTENCES


def main_event(annotation: Annotation) -> EventMention | None:
    """The article's main event: the first sentence-main mention of its opening sentences that is asserted (not
    negated, hypothetical or future) and names a participant; failing that, the first asserted one there, then the
    first anywhere with a participant, then the first of all."""
    mains = sorted((e for e in annotation.events if e.main), key=lambda e: e.span.start)
    for keep in (
        lambda e: _in_lede(e) and _asserted(e) and bool(e.actors or e.targets),
        lambda e: _in_lede(e) and _asserted(e),
        lambda e: _asserted(e) and bool(e.actors or e.targets),
        lambda e: True,
    ):
        found = next((e for e in mains if keep(e)), None)
        if found is not None:
            return found
    return None


def lede_date(annotation: Annotation, published: dt.date | None = None) -> dt.date | None:
    """When the article says its news happened: the first dated, asserted main event of its opening sentences;
    failing that, the first day they name that no unasserted event is dated by and that is not after the page.

    The headline's event is rarely dated ("Leaders hold phone call"); the lede sentence under it is ("... spoke by
    telephone on Tuesday"), so the first dated one of the opening sentences is taken, not only the very first.
    A lede often dates its news in a clause the coder does not code ("Forty-eight prisoners crossed the border
    on Saturday in the first exchange ..."): news writing puts the when of the news in its first sentences, so
    the first day they name dates it, unless it dates what is still to come ("talks will resume on Monday").
    """
    for event in sorted(annotation.events, key=lambda e: e.span.start):
        if not _in_lede(event):
            break
        if event.main and event.date and _asserted(event):
            return event.date
    unasserted = _unasserted_times(annotation)
    for time in sorted(annotation.times, key=lambda t: t.span.start):
        if (time.span.sentence or 0) >= LEDE_SENTENCES:
            break
        if (
            time.value is not None
            and time.precision is TimePrecision.DAY
            and (time.span.sentence, time.text) not in unasserted
            and (published is None or time.value <= published)
        ):
            return time.value
    return None


MONTH_DAY = re.compile(r"([A-Za-z]+\.?)\s+(\d{1,2})(?!\d)|(\d{1,2})\s+([A-Za-z]+\.?)")


def written_month_days(text: str) -> list[str]:
    """The "MM-DD" days a time expression's words name ("on April 14", "14 April"), in text order."""
    from storyline.annotate import time_lexicon as load_lexicon

    months = load_lexicon().months
    found = []
    for match in MONTH_DAY.finditer(text):
        name, day = (match.group(1), match.group(2)) if match.group(1) else (match.group(4), match.group(3))
        month = months.get(name.lower())
        if month and 1 <= int(day) <= 31:
            found.append(f"{month:02d}-{int(day):02d}")
    return found


def event_day(annotation: Annotation, event_date: dt.date | None) -> str | None:
    """The "MM-DD" of the main event: its resolved date's, or on a page without a date the first day and month
    the opening sentences write for something that happened ("agreed on Wednesday (January 15)"): no year is
    needed to tell two look-alike events apart."""
    if event_date is not None:
        return event_date.strftime("%m-%d")
    unasserted = _unasserted_times(annotation)
    for time in sorted(annotation.times, key=lambda t: t.span.start):
        if (time.span.sentence or 0) >= LEDE_SENTENCES:
            break
        if time.value is None and (time.span.sentence, time.text) not in unasserted:
            days = written_month_days(time.text)
            if days:
                return days[0]
    return None


def _unasserted_times(annotation: Annotation) -> set[tuple[int | None, str]]:
    """(sentence, time words) of the times that date a negated, hypothetical or future event."""
    return {(e.span.sentence, e.time_text) for e in annotation.events if e.time_text and not _asserted(e)}


def doubtful_page_date(annotation: Annotation, published: dt.date | None) -> TimeExpression | None:
    """A day the text treats as still to come that the page date had already passed ("the moratorium will begin
    on April 20" on a page dated 8 May): the page date is wrong (a republication, broken metadata), and so is
    every relative date resolved against it. Returns the telling expression, or None."""
    if published is None:
        return None
    for time in annotation.times:
        if (
            time.value is not None
            and time.precision is TimePrecision.DAY
            and time.anchor_date == published
            and not _YEAR.search(time.text)
            and (time.value - published).days > YEARLESS_REACH_DAYS
        ):
            return time
    return None
