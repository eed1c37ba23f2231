"""The link stage over the store: articles and annotations in; events, stories and corpus actors out.

Event clusters come from the EventLinker (candidate blocks, order-free); an exact copy joins its original's
event. The linker's state (each article's LinkDoc and its scored pairs) is kept in the store, so a run scores
only the articles that are new or whose annotation changed, and re-clusters from the kept pairs. Identities,
Event and Story records are then derived from the whole set, so the stored result depends only on what the store
holds, never on the order articles arrived in; they are derived from each article's kept ArticleFacts, so a run
reads whole texts and annotations only of the articles it has not linked yet. The results replace the previous
ones in one transaction.
"""

from __future__ import annotations

import logging
from collections import defaultdict
from dataclasses import dataclass
from functools import lru_cache

from storyline.config import Settings
from storyline.fingerprint import fingerprint
from storyline.link.events import EventLinker, LinkSettings
from storyline.link.facts import ArticleFacts, article_facts
from storyline.link.features import LinkDoc, link_doc
from storyline.link.identity import resolve_identities
from storyline.link.records import build_events, build_stories, by_article
from storyline.model import ActorKind, Event, Story, from_dict, to_dict
from storyline.store import Store

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Linked:
    events: list[Event]
    stories: list[Story]
    actors: int
    scored: int = 0  # articles scored against their candidates this run (the rest came from the stored state)


def link_stored(store: Store, settings: Settings | None = None) -> Linked:
    """Public entry point of the stage."""
    copies = store.copies()
    originals = sorted(a for a, (kind, _) in copies.items() if kind != "exact")
    linker, facts, scored = _linked(store, originals, sorted(copies), settings or Settings())
    assignment = dict(linker.assignments())
    for ident, (_kind, original) in sorted(copies.items()):
        if ident not in assignment:  # an exact copy reports what its original reports
            assignment[ident] = assignment.get(original, ident) if original else ident
    clusters: dict[str, list[str]] = defaultdict(list)
    for article_id, key in assignment.items():
        clusters[key].append(article_id)
    identities = resolve_identities(facts[i] for i in sorted(facts))
    events = build_events(clusters, facts, identities)
    countries = {a.id for a in identities.actors.values() if a.kind is ActorKind.COUNTRY}
    stories = build_stories(events, countries)
    store.write_links(events, stories, list(identities.actors.values()), by_article(events))
    log.info(
        "linked %d articles (%d scored) into %d events and %d stories", len(copies), scored, len(events), len(stories)
    )
    return Linked(events=events, stories=stories, actors=len(identities.actors), scored=scored)


def _linked(
    store: Store, originals: list[str], every: list[str], settings: Settings
) -> tuple[EventLinker, dict[str, ArticleFacts], int]:
    """The linker restored from the store's state plus the articles it has not linked yet, and every article's
    facts; the state is saved back. Only the articles not linked yet are read whole (text and annotation).
    Returns them with the number of articles scored this run."""
    stored, edges, kept = store.link_state()
    name = f"{linker_name()}-{settings.link_scorer}"
    if store.meta("linker") != name:  # other code scored these: score everything again
        log.info("the stored link state is from another linker: every article is scored again")
        stale = sorted(set(stored) | set(kept))
        stored, edges, kept = {}, [], {}
    else:
        stale = []
    fresh = [i for i in originals if i not in stored]
    unread = sorted(set(fresh) | {i for i in every if i not in kept})
    articles = {a.id: a for a in store.articles(unread)}
    annotations = {a.article_id: a for a in store.annotations(unread)}
    linker = EventLinker(LinkSettings(scorer=settings.link_scorer))
    linker.restore((from_dict(LinkDoc, stored[i]) for i in originals if i in stored), edges)
    linker.add(link_doc(articles[i], annotations.get(i)) for i in fresh)
    facts = {i: from_dict(ArticleFacts, kept[i]) for i in every if i in kept and i not in articles}
    new_facts = {i: article_facts(articles[i], annotations.get(i)) for i in sorted(articles)}
    facts.update(new_facts)
    rescored = linker.rescored
    docs = linker.docs()
    linked, present = set(originals), set(every)
    store.write_link_state(
        name,
        {i: to_dict(docs[i]) for i in rescored},
        linker.edges(rescored),
        rescored,
        removed=stale + sorted(i for i in stored if i not in linked),  # gone, or now an exact copy
        facts={i: to_dict(f) for i, f in new_facts.items()},
        removed_facts=stale + sorted(i for i in kept if i not in present),
    )
    return linker, facts, len(fresh)


@lru_cache(maxsize=1)
def linker_name() -> str:
    """Names the linking code and data: stored LinkDocs and pair scores are reused only by the code that made them."""
    return f"link-{fingerprint('storyline.link', 'storyline.data.link')}"
