"""Who did what to whom, when: the Event records of the seeds and the samples against the events their annotations
plant.

Runs ``storyline run`` on ``../shared/corpus/seeds`` and ``samples/`` into one store (as bench/compare.py does),
then finds, for each planted event of ``seeds.gold.json`` and ``samples/MANIFEST.json``, the stored Event that
holds most of its articles, and checks that Event's coding:
- type: its PLOVER type is the planted one;
- mode: its mode is the planted one (none when none is planted);
- actors: every planted actor is among its first ``TOP_ACTORS`` participants (by name, alias or surname);
- date: its date is the planted day (an undated Event is wrong, even when its last possible day is right).
The grouping itself (which articles an Event holds) is measured by bench/ecbplus.py and the seeds tests.
Prints one line per planted event, then last: ``events planted=… type=… mode=… actors=… date=…``
"""

from __future__ import annotations

import datetime as dt
import json
from collections import Counter
from dataclasses import dataclass, field

from common import ROOT, shared_dir
from compare import db_option, scored
from quotes import _speaker_right

from storyline.model import Actor, Event
from storyline.store import Store

# the participants that say what an Event is about (link.records.STORY_ACTORS)
TOP_ACTORS = 4


@dataclass(frozen=True)
class PlantedEvent:
    key: str
    type: str
    mode: str | None
    actors: tuple[str, ...]
    date: dt.date
    articles: tuple[str, ...]  # store ids


@dataclass
class EventScore:
    planted: int = 0
    right: Counter[str] = field(default_factory=Counter)  # facet -> planted events coded right on it
    lines: list[str] = field(default_factory=list)


def planted_events() -> list[PlantedEvent]:
    gold = json.loads((shared_dir() / "corpus" / "seeds.gold.json").read_text("utf-8"))
    manifest = json.loads((ROOT / "samples" / "MANIFEST.json").read_text("utf-8"))
    ids = {key: entry.get("jsonl_id", key) for key, entry in manifest["articles"].items()}
    events = []
    for key, entry in gold["events"].items():
        events.append(_planted(f"seeds {key}", entry["plover"], entry["real_date"], entry["articles"]))
    for key, entry in manifest["events"].items():
        articles = [ids.get(a, a) for a in entry["articles"]]
        events.append(_planted(f"samples {key}", entry["plover"], entry["date"], articles))
    return events


def _planted(key: str, plover: dict, day: str, articles: list[str]) -> PlantedEvent:
    return PlantedEvent(
        key, plover["type"], plover.get("mode"), tuple(plover["actors"]), dt.date.fromisoformat(day), tuple(articles)
    )


def _holder(planted: PlantedEvent, events: list[Event]) -> Event | None:
    """The stored Event holding most of the planted event's articles (ties: the smaller id)."""
    wanted = set(planted.articles)
    ranked = sorted(events, key=lambda e: (-len(wanted & set(e.articles)), e.id))
    return ranked[0] if ranked and wanted & set(ranked[0].articles) else None


def _actor_found(name: str, ids: list[str], actors: dict[str, Actor]) -> bool:
    for ident in ids:
        actor = actors.get(ident)
        if actor and any(_speaker_right(alias, name) for alias in (actor.name, *actor.aliases)):
            return True
    return False


def score_events(store: Store) -> EventScore:
    events = list(store.events())
    actors = {a.id: a for a in store.corpus_actors()}
    result = EventScore()
    for planted in planted_events():
        result.planted += 1
        event = _holder(planted, events)
        if event is None:
            result.lines.append(f"{planted.key}: no Event holds its articles")
            continue
        top = event.actors[:TOP_ACTORS]
        checks = {
            "type": event.type == planted.type,
            "mode": event.mode == planted.mode,
            "actors": all(_actor_found(name, top, actors) for name in planted.actors),
            "date": event.date == planted.date,
        }
        result.right.update(facet for facet, ok in checks.items() if ok)
        names = [actors[a].name if a in actors else a for a in top]
        wrong = ", ".join(facet for facet, ok in checks.items() if not ok) or "-"
        result.lines.append(
            f"{planted.key}: {event.type}/{event.mode} {names} {event.date} "
            f"(planted {planted.type}/{planted.mode} {list(planted.actors)} {planted.date}) wrong: {wrong}"
        )
    return result


def main() -> None:
    result = scored(db_option(__doc__.splitlines()[0]), score_events)
    for line in result.lines:
        print(line)
    facets = " ".join(f"{facet}={result.right[facet]}" for facet in ("type", "mode", "actors", "date"))
    print(f"events planted={result.planted} {facets}")


if __name__ == "__main__":
    main()
