"""The link stage over the store: articles and annotations in; events, stories and corpus actors out.

Event clusters come from the EventLinker (candidate blocks, order-free); an exact copy joins its original's
event. The linker's state (each article's LinkDoc and its scored pairs) is kept in the store, so a run scores
only the articles that are new or whose annotation changed, and re-clusters from the kept pairs. Identities,
Event and Story records are then derived from the whole set, so the stored result depends only on what the store
holds, never on the order articles arrived in. The results replace the previous ones in one transaction.
"""

from __future__ import annotations

import hashlib
import logging
from collections import defaultdict
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from storyline.config import Settings
from storyline.link.events import EventLinker
from storyline.link.features import LinkDoc, link_doc
from storyline.link.identity import resolve_identities
from storyline.link.records import build_events, build_stories, by_article
from storyline.model import Annotation, Article, Event, Story, from_dict, to_dict
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
    articles = {a.id: a for a in store.articles()}
    annotations = {a.article_id: a for a in store.annotations()}
    originals = sorted(a for a, article in articles.items() if article.duplicate_kind != "exact")
    linker, scored = _linked(store, originals, articles, annotations)
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
    log.info(
        "linked %d articles (%d scored) into %d events and %d stories", len(articles), scored, len(events), len(stories)
    )
    return Linked(events=events, stories=stories, actors=len(identities.actors), scored=scored)


def _linked(
    store: Store, originals: list[str], articles: dict[str, Article], annotations: dict[str, Annotation]
) -> tuple[EventLinker, int]:
    """The linker restored from the store's state plus the articles it has not linked yet; the state is saved
    back. Returns it with the number of articles scored this run."""
    stored, edges = store.link_state()
    name = linker_name()
    if store.meta("linker") != name:  # other code scored these: score everything again
        log.info("the stored link state is from another linker: every article is scored again")
        stored, edges, stale = {}, [], list(stored)
    else:
        stale = []
    wanted = set(originals)
    linker = EventLinker()
    linker.restore((from_dict(LinkDoc, stored[i]) for i in originals if i in stored), edges)
    fresh = [i for i in originals if i not in stored]
    linker.add(link_doc(articles[i], annotations.get(i)) for i in fresh)
    rescored = linker.rescored
    docs = linker.docs()
    store.write_link_state(
        name,
        {i: to_dict(docs[i]) for i in rescored},
        linker.edges(rescored),
        rescored,
        removed=stale + [i for i in stored if i not in wanted],
    )
    return linker, len(fresh)


@lru_cache(maxsize=1)
def linker_name() -> str:
    """Names the linking code and data: stored LinkDocs and pair scores are reused only by the code that made them."""
    digest = hashlib.sha256()
    package = resources.files("storyline.link")
    data = resources.files("storyline.data.link")
    for folder in (package, data):
        for item in sorted(folder.iterdir(), key=lambda f: f.name):
            if item.is_file() and item.name.endswith((".py", ".txt", ".toml")):
                digest.update(item.name.encode() + b"\0" + item.read_bytes())
    return f"link-{digest.hexdigest()[:16]}"
