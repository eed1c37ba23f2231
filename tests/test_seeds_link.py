"""Bar 1 of link: the grouping rules of seeds.gold.json hold in five random input orders, and one actor per alias group.

Each order is a fresh SQLite store fed the seed files in that order, in batches of one to three files, through
the real stages after each batch: ingest, annotate, link (which keeps its state in the store and scores only the
new articles). The assignments must obey every rule and be the same in every order.
"""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from storyline.annotate import annotate_stored
from storyline.ingest import ingest
from storyline.link.pipeline import link_stored
from storyline.store import Store

E1, E2, E3, CONFUSED = "002_be88fe9b0bee517e", "001_bff241c1b6aff0a8", "003_381c122b29faf23c", "000_d86872217a1edc23"
OTHER_E1 = "004_a535a716b7896970"


def _linked(files: list[Path], folder: Path, rng: random.Random) -> tuple[dict[str, str], Store]:
    store = Store(f"sqlite:///{folder / 'store.db'}")
    start = 0
    while start < len(files):
        batch = files[start : start + rng.randint(1, 3)]
        start += len(batch)
        list(ingest(batch, store))
        list(annotate_stored(store))
        assert link_stored(store).scored == len(batch), "a link run scores only the articles it has not seen"
    links = {article: event for article, (event, _story) in store.links().items() if event}
    return links, store


@pytest.fixture(scope="module")
def orders(seeds_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> list[tuple[dict[str, str], Store]]:
    files = sorted(seeds_dir.glob("*.txt"))
    results = []
    for seed in range(5):
        shuffled = files[:]
        rng = random.Random(seed)
        rng.shuffle(shuffled)
        results.append(_linked(shuffled, tmp_path_factory.mktemp(f"order{seed}"), rng))
    return results


@pytest.mark.xfail(
    strict=True,
    reason="known gap (issue 18 bar 3): the five pages share every name and topic word (pair scores 0.62-0.82) and "
    "none states a usable date; their ledes' weekdays (Tuesday, Wednesday, Monday) are the telling facts, but a lede "
    "weekday conflict also holds for about a fifth of same-event pairs on ECB+ dev and news-series, too weak to split "
    "pages this alike",
)
def test_the_grouping_rules_hold_in_every_order(orders: list[tuple[dict[str, str], Store]]) -> None:
    for links, _ in orders:
        assert len(links) == 5
        assert links[E1] == links[OTHER_E1], "002 and 004 are one event (E1)"
        for other in (E1, OTHER_E1, E3, CONFUSED):
            assert links[E2] != links[other], f"001 (E2) is never with {other}"
        for other in (E1, OTHER_E1):
            assert links[E3] != links[other], f"003 (E3) is never with {other}"
            assert links[CONFUSED] != links[other], f"000 is never with {other}"


def test_the_result_does_not_depend_on_arrival_order(orders: list[tuple[dict[str, str], Store]]) -> None:
    first = orders[0][0]
    for links, _ in orders[1:]:
        assert links == first


def test_each_alias_group_is_one_actor_in_the_whole_corpus(
    orders: list[tuple[dict[str, str], Store]], seeds_gold: dict
) -> None:
    _, store = orders[0]
    actors = list(store.corpus_actors())
    for group in seeds_gold["aliases"]:
        holders = {a.id for a in actors if {a.name, *a.aliases} & set(group)}
        assert len(holders) == 1, f"{group}: {holders}"


def test_the_three_calls_are_one_story_on_a_timeline(orders: list[tuple[dict[str, str], Store]]) -> None:
    links, store = orders[0]
    stories = {s for _, (_e, s) in store.links().items()}
    assert len(stories) == 1, stories
    events = list(store.events())
    assert len(events) == len(set(links.values()))
    for event in events:
        assert event.story_id in stories
        assert {"person:donald-trump", "person:vladimir-putin"} <= set(event.actors[:4]), (event.id, event.actors)


def test_a_claim_stated_with_a_restated_mention_leads_to_the_event(orders: list[tuple[dict[str, str], Store]]) -> None:
    """002's "The phone conversation, which lasted nearly 90 minutes" restates its call: the duration claim is
    reachable from the Event through its mentions, which is what the compare stage gathers claims by."""
    links, store = orders[0]
    event = next(e for e in store.events() if e.id == links[E1])
    refs = {(m.article_id, m.mention_id): m.role for m in event.mentions}
    assert sum(1 for m in event.mentions if m.role == "main") == len(event.articles)
    annotation = store.annotation(E1)
    assert annotation is not None
    duration = next(c for c in annotation.claims if c.quantity and c.quantity.unit == "minute")
    assert refs.get((E1, duration.event or duration.subject)) in ("main", "restated")
