"""The link stage over the store: articles and annotations in; events, stories and corpus actors out.

Event clusters come from the EventLinker (candidate blocks, order-free); an exact copy joins its original's
event. Identities, Event and Story records are then derived from the whole set, so the stored result depends
only on what the store holds, never on the order articles arrived in. The results replace the previous ones
in one transaction.
"""

from __future__ import annotations

import logging
from collections import defaultdict
from dataclasses import dataclass

from storyline.config import Settings
from storyline.link.events import EventLinker
from storyline.link.features import link_doc
from storyline.link.identity import resolve_identities
from storyline.link.records import build_events, build_stories, by_article
from storyline.model import Event, Story
from storyline.store import Store

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Linked:
    events: list[Event]
    stories: list[Story]
    actors: int


def link_stored(store: Store, settings: Settings | None = None) -> Linked:
    """Public entry point of the stage."""
    articles = {a.id: a for a in store.articles()}
    annotations = {a.article_id: a for a in store.annotations()}
    originals = sorted(a for a, article in articles.items() if article.duplicate_kind != "exact")
    linker = EventLinker()
    linker.add(link_doc(articles[a], annotations.get(a)) for a in originals)
    assignment = dict(linker.assignments())
    for ident, article in sorted(articles.items()):
        if ident not in assignment:  # an exact copy reports what its original reports
            original = article.duplicate_of
            assignment[ident] = assignment.get(original, ident) if original else ident
    clusters: dict[str, list[str]] = defaultdict(list)
    for article_id, key in assignment.items():
        clusters[key].append(article_id)
    identities = resolve_identities(annotations.values())
    events = build_events(clusters, articles, annotations, identities)
    stories = build_stories(events)
    store.write_links(events, stories, list(identities.actors.values()), by_article(events))
    log.info("linked %d articles into %d events and %d stories", len(articles), len(events), len(stories))
    return Linked(events=events, stories=stories, actors=len(identities.actors))
