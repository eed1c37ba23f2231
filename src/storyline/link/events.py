"""Which articles report the same real-world event: incremental, order-free average-link clustering of LinkDocs.

How it stays cheap and order-free:
- Blocking: each article is indexed under its KEYS_PER_DOC heaviest terms; two articles are compared only when
  they share SHARED_KEYS keys whose posting lists hold at most MAX_POSTING articles (a key that common names a
  topic, not an event). No all-pairs.
- Edges: a compared pair whose score reaches EDGE_FLOOR is kept. Scores are pure functions of the two articles
  (no corpus statistics), so an edge, once computed, never changes; only a key crossing MAX_POSTING (once in its
  life) re-opens the candidates of the articles under it.
- Clusters: average link over the edges (a missing edge counts as 0), merging while the best average reaches
  THRESHOLD. A merge needs one edge at or above THRESHOLD, so clustering each connected component alone gives the
  same result as clustering everything; a batch re-clusters only the components it touched.
- Look-alike events: two big groups merge only when they are nearly as alike across as inside (Cohesion).
- Every step sorts by id and breaks ties by id, so the result is a function of the set of articles only.

Two scorers (``LinkSettings.scorer``):
- ``rules`` (the default): the pair score is a cosine moved by hand-set bonuses for agreeing or conflicting facts
  (``similarity.score``), clustered at THRESHOLD with the Cohesion rule for look-alike events.
- ``learned``: each group of related coverage (a connected component of candidate pairs, split while bigger than
  MAX_GROUP) is scored by the pair model (``pair_model``, fitted by ``tools/fit_link_model.py``) on features that
  include a term cosine weighted by the group's own IDF, and clustered by average link on the probabilities at
  the model's threshold. Better on real look-alike series (news-series dev), worse on ECB+ dev so far: not yet the default.

Average link, not single link: a chain of pairwise look-alikes (an article that mentions both arrests) must not
join two events; every member has to be close to the cluster on average.
"""

from __future__ import annotations

import heapq
import logging
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from storyline.link.features import LinkDoc
from storyline.link.pair_model import PairModel, pair_model
from storyline.link.pairs import Side, idf, pair_features, relative
from storyline.link.similarity import apart, cosine, norm, score

log = logging.getLogger(__name__)

# Average pair score at which two clusters are one event. Two reports of one event share their names, numbers
# and most lede words: in the pair scores of reports of one event the cosine is mostly above 0.3; two look-alike
# events share topic words only (cosine mostly under 0.3) and lose more with a conflicting date or year.
THRESHOLD = 0.28
# Pairs under this are not kept (they count as 0 in the averages). It bounds the components re-clustered per batch:
# at 0.10 topic-level overlap chained 14,618 of 16,000 synthetic articles into one component (cost per article
# grew with the corpus); at 0.20 the largest holds 19. Still under THRESHOLD, so any pair that could merge on its
# own is kept.
EDGE_FLOOR = 0.20
# Blocking keys per article: its heaviest terms are its names, numbers and lede words. Two dozen, so that two
# reports of one event written in different words still share SHARED_KEYS of them (short reports share few).
KEYS_PER_DOC = 24
# A key held by more articles than this names a topic or a beat, not one event ('police', a country): it is not
# used for blocking. The cap bounds the candidates per article (KEYS_PER_DOC x MAX_POSTING), so the cost per
# article stops growing once common keys reach it; it must be reached early in a stream (200 was still filling at
# 10k articles: 2.2 ms vs 8.7 ms per article at 50k). A bigger event loses little: its pairs need one shared key
# each, and average link needs edges inside the event, not all of its pairs.
MAX_POSTING = 50
# Two articles are scored only when they share this many blocking keys. Reports of one event share several of their
# top dozen terms (the names, numbers and headline words of the happening); a pair sharing one key is mostly two
# stories of one beat (the same city, the same team). Scoring is the linker's main cost, and single shared keys
# grow with the corpus as posting lists fill towards MAX_POSTING.
SHARED_KEYS = 2
# Look-alike events (two arrests of one team's players, two hijackings off one coast) each gather a tight group of
# reports, and the two groups resemble each other only a little less than each resembles itself: no absolute
# threshold separates them across topics. What does is the shape of the merge (the inconsistency criterion of
# hierarchical clustering): two groups are one event only when their links to each other are at least
# COHESION_RATIO of the links that hold the looser of the two together. Two thirds: reports of one event that
# average link has built into two groups link across at about 0.8 of their inner strength, look-alike events at
# under 0.6.
COHESION_RATIO = 2 / 3
# A group's cohesion is the average of its inner pair scores; under four articles (six pairs) it is one or two
# pairs' worth of noise, so the rule judges only merges of two groups this big.
COHESION_MIN_SIZE = 4


@dataclass(frozen=True)
class Cohesion:
    """The inconsistency rule of a merge: groups of ``min_size`` or more join only when their average link across
    reaches ``ratio`` of the looser group's average inner link."""

    ratio: float = COHESION_RATIO
    min_size: int = COHESION_MIN_SIZE


# The learned scorer: clusters merge while their average probability of being one event reaches the model's
# threshold (chosen with its weights on the dev halves, ``PairModel.threshold``; a setting overrides it); pairs
# are kept from a lower cosine (their probability decides, not the cosine); and each group is re-scored whole when
# an article joins it, so a chained component bigger than MAX_GROUP is split by following only pairs GROUP_STEP
# more alike, until each part is that small.
LEARNED_EDGE_FLOOR = 0.10
MAX_GROUP = 120
GROUP_STEP = 0.05


@dataclass(frozen=True)
class LinkSettings:
    scorer: str = "rules"  # or "learned"
    threshold: float = THRESHOLD
    edge_floor: float = EDGE_FLOOR
    keys_per_doc: int = KEYS_PER_DOC
    max_posting: int = MAX_POSTING
    shared_keys: int = SHARED_KEYS
    cohesion_ratio: float = COHESION_RATIO
    cohesion_min_size: int = COHESION_MIN_SIZE
    learned_threshold: float | None = None  # None: the pair model's own
    learned_edge_floor: float = LEARNED_EDGE_FLOOR
    max_group: int = MAX_GROUP

    @property
    def learned(self) -> bool:
        return self.scorer == "learned"

    @property
    def floor(self) -> float:
        return self.learned_edge_floor if self.learned else self.edge_floor


class EventLinker:
    """Keeps the articles seen so far, their candidate edges and their event clusters, batch by batch."""

    def __init__(self, settings: LinkSettings | None = None, model: PairModel | None = None) -> None:
        self.settings = settings or LinkSettings()
        if self.settings.scorer not in ("rules", "learned"):
            raise ValueError(f"link scorer {self.settings.scorer!r}: expected 'rules' or 'learned'")
        self.model = model  # the learned scorer's; the shipped one (``pair_model``) when not given
        self._docs: dict[str, LinkDoc] = {}
        self._norms: dict[str, float] = {}
        self._keys: dict[str, tuple[str, ...]] = {}
        self._postings: dict[str, set[str]] = {}
        self._edges: dict[str, dict[str, float]] = {}
        self._event: dict[str, str] = {}  # article id -> event key (smallest id of its cluster)
        self._members: dict[str, set[str]] = {}  # event key -> article ids
        self.rescored: set[str] = set()  # ids whose edges the last add or remove recomputed

    def __len__(self) -> int:
        return len(self._docs)

    def assignments(self) -> dict[str, str]:
        """Article id -> event key; the key is the smallest article id of its event, so it is stable and order-free."""
        return dict(self._event)

    def docs(self) -> dict[str, LinkDoc]:
        return dict(self._docs)

    def edges(self, touching: Iterable[str] | None = None) -> list[tuple[str, str, float]]:
        """The kept pairs (a < b, score), all of them or those touching the given ids."""
        ids = self._edges.keys() if touching is None else touching
        return sorted(
            {(min(a, b), max(a, b), value) for a in ids if a in self._edges for b, value in self._edges[a].items()}
        )

    def restore(self, docs: Iterable[LinkDoc], edges: Iterable[tuple[str, str, float]]) -> None:
        """Load a state saved from ``docs()`` and ``edges()`` without scoring anything, then cluster it.

        Edges are pure functions of their two docs and clusters a function of the edges, so the restored linker
        is the one that was saved; pairs naming an article not in ``docs`` are dropped.
        """
        for doc in docs:
            self._docs[doc.id] = doc
            self._norms[doc.id] = norm(doc.terms)
            self._keys[doc.id] = self._choose_keys(doc)
            for key in self._keys[doc.id]:
                self._postings.setdefault(key, set()).add(doc.id)
            self._edges.setdefault(doc.id, {})
        for a, b, value in edges:
            if a in self._docs and b in self._docs:
                self._edges[a][b] = self._edges[b][a] = value
        self._relink(set(), set(self._docs))
        self.rescored = set()

    def add(self, docs: Iterable[LinkDoc]) -> set[str]:
        """Add (or replace) articles; returns the ids whose event may have changed."""
        batch = {d.id: d for d in docs}
        replaced = [i for i in batch if i in self._docs]
        seeds: set[str] = set()
        dirty: set[str] = set()
        if replaced:
            self._drop(replaced, seeds, dirty)
        for doc_id in sorted(batch):
            doc = batch[doc_id]
            self._docs[doc_id] = doc
            self._norms[doc_id] = norm(doc.terms)
            self._keys[doc_id] = self._choose_keys(doc)
            for key in self._keys[doc_id]:
                posting = self._postings.setdefault(key, set())
                posting.add(doc_id)
                if len(posting) == self.settings.max_posting + 1:  # the key just stopped blocking
                    dirty.update(posting)
            dirty.add(doc_id)
        return self._relink(dirty, seeds)

    def remove(self, ids: Iterable[str]) -> set[str]:
        """Remove articles; returns the ids whose event may have changed (the removed ones included)."""
        gone = sorted(i for i in set(ids) if i in self._docs)
        seeds: set[str] = set()
        dirty: set[str] = set()
        self._drop(gone, seeds, dirty)
        changed = self._relink(dirty, seeds)
        return changed | set(gone)

    # ---- internals ----------------------------------------------------------------------------------------

    def _choose_keys(self, doc: LinkDoc) -> tuple[str, ...]:
        """The doc's heaviest terms (LinkDoc.terms is heaviest first, ties by term)."""
        return tuple(list(doc.terms)[: self.settings.keys_per_doc])

    def _drop(self, ids: list[str], seeds: set[str], dirty: set[str]) -> None:
        """Take articles out of the index, edges and clusters; what they touched becomes a seed to re-cluster."""
        for doc_id in ids:
            for key in self._keys.pop(doc_id):
                posting = self._postings[key]
                posting.discard(doc_id)
                if len(posting) == self.settings.max_posting:  # the key blocks again
                    dirty.update(posting)
                if not posting:
                    del self._postings[key]
            for other in self._edges.pop(doc_id, {}):
                self._edges[other].pop(doc_id, None)
                seeds.add(other)
            event = self._event.pop(doc_id, None)
            if event is not None:
                seeds.update(self._members[event])
                self._members[event].discard(doc_id)
            del self._docs[doc_id]
            del self._norms[doc_id]
        dirty.difference_update(ids)
        seeds.difference_update(ids)

    def _candidates(self, doc_id: str) -> set[str]:
        """Articles sharing at least ``shared_keys`` of this one's blocking keys (counting is cheap, scoring is not)."""
        counts: Counter[str] = Counter()
        for key in self._keys[doc_id]:
            posting = self._postings[key]
            if len(posting) <= self.settings.max_posting:
                counts.update(posting)
        counts.pop(doc_id, None)
        need = self.settings.shared_keys
        return {other for other, n in counts.items() if n >= need}

    def _relink(self, dirty: set[str], seeds: set[str]) -> set[str]:
        """Recompute the edges of the dirty articles, then re-cluster every component that changed."""
        for doc_id in dirty:  # what they were linked to must be re-clustered too
            for other in self._edges.pop(doc_id, {}):
                self._edges[other].pop(doc_id, None)
                seeds.add(other)
            event = self._event.get(doc_id)
            if event is not None:
                seeds.update(self._members[event])
        floor = self.settings.floor
        self.rescored = set(dirty)
        for doc_id in sorted(dirty):
            doc, doc_norm = self._docs[doc_id], self._norms[doc_id]
            edges = self._edges.setdefault(doc_id, {})
            for other in sorted(self._candidates(doc_id)):
                if other in dirty and other < doc_id:
                    continue  # scored from the other side
                if self.settings.learned:  # a pure cosine: the pair's probability is its group's to give
                    value = cosine(doc.terms, self._docs[other].terms, doc_norm, self._norms[other])
                else:
                    value = score(doc, self._docs[other], doc_norm, self._norms[other])
                if value >= floor:
                    edges[other] = value
                    self._edges.setdefault(other, {})[doc_id] = value
        seeds |= dirty
        components: list[set[str]] = []
        done: set[str] = set()
        for seed in sorted(seeds):
            if seed not in done and seed in self._docs:
                groups = self._groups(seed)
                done |= set().union(*groups)
                components.extend(g for g in groups if g & seeds)
        # an event of the groups re-clustered may have members in a group that is not (a split moved them): those
        # groups are re-clustered too
        rebuilt = {self._event[i] for c in components for i in c if i in self._event}
        covered: set[str] = set().union(set(), *components)
        pending = set().union(set(), *(self._members.get(e, set()) for e in rebuilt)) - covered
        while pending:
            for group in self._groups(min(pending)):
                if group & pending and not group & covered:
                    components.append(group)
                    covered |= group
                    events = {self._event[i] for i in group if i in self._event} - rebuilt
                    rebuilt |= events
                    pending |= set().union(set(), *(self._members.get(e, set()) for e in events))
            pending -= covered
        for event in rebuilt:
            self._members.pop(event, None)  # each is rebuilt below
        changed: set[str] = set()
        for component in components:
            changed |= self._cluster(component)
        return changed

    def _groups(self, start: str) -> list[set[str]]:
        """The groups in the component of ``start``, each clustered on its own: the component of kept pairs
        itself, or (learned scorer) when it holds more than MAX_GROUP articles (a stream's topics chained through
        weak pairs), its parts joined by pairs GROUP_STEP more alike, split again while too big. The split
        depends on the component only, so every member finds the same group."""
        floor = self.settings.floor
        component = self._reach(start, floor, None)
        if not self.settings.learned:
            return [component]
        pending = [(component, floor)]
        groups: list[set[str]] = []
        while pending:
            group, floor = pending.pop()
            if len(group) <= self.settings.max_group or floor >= 1.0:
                groups.append(group)
                continue
            floor += GROUP_STEP
            left = set(group)
            for member in sorted(group):
                if member in left:
                    part = self._reach(member, floor, group)
                    left -= part
                    pending.append((part, floor))
        return sorted(groups, key=min)

    def _reach(self, start: str, floor: float, within: set[str] | None) -> set[str]:
        seen = {start}
        stack = [start]
        while stack:
            for other, value in self._edges.get(stack.pop(), {}).items():
                if value >= floor and other not in seen and (within is None or other in within):
                    seen.add(other)
                    stack.append(other)
        return seen

    def components(self) -> list[set[str]]:
        """Every group the linker clusters on its own, sorted by smallest id."""
        found: list[set[str]] = []
        done: set[str] = set()
        for doc_id in sorted(self._docs):
            if doc_id not in done:
                groups = self._groups(doc_id)
                found.extend(groups)
                done |= set().union(*groups)
        return sorted(found, key=min)

    def pair_table(self, component: set[str]) -> list[tuple[str, str, list[float]]]:
        """(a, b, features) of every kept pair inside a group, a < b, with the group's IDF: what the pair model
        scores (and what ``tools/fit_link_model.py`` fits it on)."""
        weights = idf(self._docs[i] for i in sorted(component))
        sides = {i: Side.of(self._docs[i], weights) for i in component}
        return relative(
            [
                (a, b, pair_features(sides[a], sides[b]))
                for a in sorted(component)
                for b in sorted(self._edges.get(a, {}))
                if a < b and b in component
            ]
        )

    def probabilities(self, component: set[str]) -> dict[str, dict[str, float]]:
        """P(one event) of every kept pair of a group, both ways round (the learned scorer)."""
        model = self.model or pair_model()
        probs: dict[str, dict[str, float]] = {i: {} for i in component}
        for a, b, values in self.pair_table(component):
            probs[a][b] = probs[b][a] = model.probability(values)
        return probs

    def _cluster(self, component: set[str]) -> set[str]:
        """Average-link one component; store its clusters; return the ids whose event key changed."""
        dated = sorted(i for i in component if self._docs[i].published)
        cannot = {
            frozenset((a, b)) for n, a in enumerate(dated) for b in dated[n + 1 :] if apart(self._docs[a], self._docs[b])
        }
        if self.settings.learned:
            threshold = self.settings.learned_threshold
            if threshold is None:
                threshold = (self.model or pair_model()).threshold
            clusters = average_link(component, self.probabilities(component), threshold, cannot)
        else:
            clusters = average_link(
                component,
                self._edges,
                self.settings.threshold,
                cannot,
                Cohesion(self.settings.cohesion_ratio, self.settings.cohesion_min_size),
            )
        changed: set[str] = set()
        for members in clusters:
            key = min(members)
            self._members[key] = members
            for member in members:
                if self._event.get(member) != key:
                    changed.add(member)
                    self._event[member] = key
        return changed




def average_link(
    ids: set[str],
    edges: dict[str, dict[str, float]],
    threshold: float,
    cannot_link: set[frozenset[str]] = frozenset(),
    cohesion: Cohesion | None = None,
) -> list[set[str]]:
    """Agglomerative average-link clustering of ``ids`` over sparse ``edges`` (a missing pair counts as 0).

    ``cannot_link`` holds pairs that cannot be one event (``similarity.apart``: dated or published apart): two
    clusters holding such a pair never merge, however alike their words (a happening has one date). ``cohesion``
    refuses merges of two big groups that hang together much more tightly inside than across.

    Clusters are named by their smallest id; the best average merges first, ties broken by the two names, so the
    result depends on the set of ids and edges only.
    """
    members: dict[str, set[str]] = {i: {i} for i in ids}
    sums: dict[str, dict[str, float]] = {i: {} for i in ids}  # cluster -> neighbour cluster -> sum of pair scores
    inner: dict[str, float] = {i: 0.0 for i in ids}  # cluster -> sum of its inner pair scores
    heap: list[tuple[float, str, str]] = []
    for a in sorted(ids):
        for b, value in edges.get(a, {}).items():
            if b in members and a < b:
                sums[a][b] = value
                sums[b][a] = value
                if value >= threshold:
                    heap.append((-value, a, b))
    heapq.heapify(heap)

    def too_loose(a: str, b: str, across: float) -> bool:
        if cohesion is None or min(len(members[a]), len(members[b])) < cohesion.min_size:
            return False
        looser = min(inner[c] / (len(members[c]) * (len(members[c]) - 1) / 2) for c in (a, b))
        return across < cohesion.ratio * looser

    while heap:
        negative, a, b = heapq.heappop(heap)
        if a not in members or b not in members:
            continue  # a stale entry: one side was merged away
        current = sums[a].get(b, 0.0) / (len(members[a]) * len(members[b]))
        if current != -negative:
            continue  # a stale entry: an average that has changed since
        if cannot_link and any(frozenset((x, y)) in cannot_link for x in members[a] for y in members[b]):
            continue  # a cannot-link pair across the two: never one event
        if too_loose(a, b, current):
            continue  # two tight groups, loosely alike: look-alike events
        keep, gone = a, b  # a < b: the merged cluster keeps the smaller name
        inner[keep] += inner.pop(gone) + sums[a].get(b, 0.0)
        members[keep] |= members.pop(gone)
        gone_sums = sums.pop(gone)
        keep_sums = sums[keep]
        keep_sums.pop(gone, None)
        gone_sums.pop(keep, None)
        for other, value in gone_sums.items():
            keep_sums[other] = keep_sums.get(other, 0.0) + value
            sums[other][keep] = keep_sums[other]
            sums[other].pop(gone, None)
        size = len(members[keep])
        for other in sorted(keep_sums):
            average = keep_sums[other] / (size * len(members[other]))
            if average >= threshold:
                first, second = (keep, other) if keep < other else (other, keep)
                heapq.heappush(heap, (-average, first, second))
    return [members[k] for k in sorted(members)]
