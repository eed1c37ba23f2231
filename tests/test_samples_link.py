"""The demo corpus's planted look-alikes: two prisoner exchanges at one border, two calls of the same two prime
ministers three weeks apart, and the talks that followed, each told by several outlets (samples/MANIFEST.json)."""

from __future__ import annotations

import json
from collections import defaultdict
from pathlib import Path

import pytest

from storyline.annotate import annotate_stored
from storyline.ingest import ingest
from storyline.link.pipeline import link_stored
from storyline.store import Store


@pytest.fixture(scope="module")
def linked(samples_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple[dict[str, str], dict[str, str], Store]:
    """(article -> event id, article -> planted event, store) for the samples run through every stage."""
    store = Store(f"sqlite:///{tmp_path_factory.mktemp('samples') / 'store.db'}")
    list(ingest([samples_dir], store))
    list(annotate_stored(store))
    link_stored(store)
    manifest = json.loads((samples_dir / "MANIFEST.json").read_text("utf-8"))
    planted = {entry.get("jsonl_id", key): entry["event"] for key, entry in manifest["articles"].items()}
    events = {article: event for article, (event, _story) in store.links().items()}
    return events, planted, store


def _events_of(events: dict[str, str], planted: dict[str, str], name: str, dated_only: Store | None = None) -> set[str]:
    articles = [a for a, e in planted.items() if e == name]
    if dated_only is not None:
        articles = [a for a in articles if (article := dated_only.article(a)) and article.published.value]
    return {events[a] for a in articles}


def test_the_two_prisoner_exchanges_are_two_events(linked: tuple[dict[str, str], dict[str, str], Store]) -> None:
    events, planted, _ = linked
    first, second = _events_of(events, planted, "B1"), _events_of(events, planted, "B2")
    assert len(first) == 1 and len(second) == 1, (first, second)
    assert first != second


def test_the_two_calls_three_weeks_apart_are_two_events(linked: tuple[dict[str, str], dict[str, str], Store]) -> None:
    """Undated pages too: wp-a2 has no date, but names the day of the talks the second call agreed (April 14)."""
    events, planted, _ = linked
    first, second = _events_of(events, planted, "A1"), _events_of(events, planted, "A2")
    assert len(first) == 1 and len(second) == 1, (first, second)
    assert first != second


def test_the_talks_are_an_event_of_their_own_in_the_same_story(
    linked: tuple[dict[str, str], dict[str, str], Store],
) -> None:
    events, planted, store = linked
    talks = _events_of(events, planted, "A3")  # the misdated page too: its own text contradicts its page date
    calls = _events_of(events, planted, "A1") | _events_of(events, planted, "A2")
    assert len(talks) == 1 and not talks & calls
    stories = defaultdict(set)
    for article, (event, story) in store.links().items():
        stories[planted[article][0]].add(story)
    assert len(stories["A"]) == 1 and len(stories["B"]) == 1 and stories["A"] != stories["B"]
