"""What an article reports: its main event and the day it dates it to, read from its opening sentences.

Headlines and ledes state the news; later paragraphs drift into background and earlier events. The event linker
compares articles by these, and Event records count them across their articles, so both read them here.
"""

from __future__ import annotations

import datetime as dt

from storyline.model import Annotation, EventMention

# The headline and the first sentences under it: where an article states and dates the news it reports.
LEDE_SENTENCES = 4


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


def lede_date(annotation: Annotation) -> dt.date | None:
    """When the article says its news happened: the first dated, asserted main event of its opening sentences.

    The headline's event is rarely dated ("Leaders hold phone call"); the lede sentence under it is ("... spoke by
    telephone on Tuesday"), so the first dated one of the opening sentences is taken, not only the very first.
    """
    for event in sorted(annotation.events, key=lambda e: e.span.start):
        if not _in_lede(event):
            break
        if event.main and event.date and _asserted(event):
            return event.date
    return None
