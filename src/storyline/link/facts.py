"""What the link stage's records need to know about one article, small enough to read back for every article.

Event and Story records and corpus identities are derived from the whole corpus on every run, so that the stored
result depends only on what the store holds. Deriving them from whole annotations meant reading and decoding every
annotation on every run: most of a small batch's cost once a store holds thousands of articles. An article's
``ArticleFacts`` are kept in the store when it is first linked, and a run reads whole annotations (and article
texts) only for the articles it has not linked yet.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field

from storyline.link.features import lede_durations, lede_weekday
from storyline.link.lede import lede_date, main_event
from storyline.model import Actor, Annotation, Article, EventMention

# an article without a headline is labelled by its first line, cut here
LABEL_CHARS = 160


@dataclass(frozen=True)
class ArticleFacts:
    """One article as Event records, stories and identities see it."""

    article_id: str
    published: dt.date | None = None
    label: str = ""  # its headline, else its first line
    actors: list[Actor] = field(default_factory=list)  # the annotation's actors (local ids)
    mentioned: dict[str, int] = field(default_factory=dict)  # local actor id -> times the text names it
    main: EventMention | None = None  # its main event (``lede.main_event``)
    lede_date: dt.date | None = None  # the day its lede dates its news to (``lede.lede_date``)
    told: list[EventMention] = field(default_factory=list)  # other mentions that may tell of an Event, in text order
    weekday: int | None = None  # the weekday of its main event (``features.lede_weekday``), Monday 0
    durations: tuple[tuple[float, float], ...] = ()  # minute intervals they state (``features.lede_durations``)


def article_facts(article: Article, annotation: Annotation | None) -> ArticleFacts:
    """The facts of an article; without an annotation (an exact copy, a failed annotation) only its label and date."""
    label = article.title or article.text.split("\n", 1)[0][:LABEL_CHARS]
    if annotation is None:
        return ArticleFacts(article.id, article.published.value, label)
    main = main_event(annotation)
    day = lede_date(annotation, article.published.value)
    return ArticleFacts(
        article_id=article.id,
        published=article.published.value,
        label=label,
        actors=list(annotation.actors),
        mentioned=dict(sorted(Counter(m.actor_id for m in annotation.mentions).items())),
        main=main,
        lede_date=day,
        told=[e for e in annotation.events if main is not None and _may_tell_of_an_event(e, main)],
        weekday=lede_weekday(annotation, day),
        durations=lede_durations(annotation),
    )


def _may_tell_of_an_event(mention: EventMention, main: EventMention) -> bool:
    """An asserted mention other than the main one that ``records.attach_mentions`` can join to an Event: of the
    main event's type (a restatement) or dated (a reference to another happening). The rest are not kept."""
    if mention.id == main.id or mention.negated or mention.hypothetical or mention.future:
        return False
    return mention.type == main.type or mention.date is not None
