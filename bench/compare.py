"""Contradictions and positions on the seeds plus the samples, scored against what their annotations plant.

Runs ``storyline run`` on ``../shared/corpus/seeds`` and ``samples/`` into one store, then compares the stored
conflicts and positions with ``seeds.gold.json`` and ``samples/MANIFEST.json``:
- a planted contradiction is found when a conflict on its attribute puts two of the articles it names on
  different sides (or, when it names one article, puts that article apart from the majority);
- a false conflict is a conflict that puts two articles the annotations call compatible on different sides, or
  that sets values from two different planted events against each other;
- a planted position is found when a position stated in its article has its actor (the party, or the person
  quoted stating it) and kind, and is about the same thing (shares a content word).
Prints, last: ``compare conflicts_found=… conflicts_planted=… false_conflicts=… positions_found=…``
"""

from __future__ import annotations

import argparse
import json
import re
import subprocess
import sys
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TypeVar

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import ROOT, shared_dir  # noqa: E402

from storyline.model import Actor, Conflict, Position  # noqa: E402
from storyline.store import Store  # noqa: E402

T = TypeVar("T")

ATTRIBUTES = {"role": {"role", "holder"}, "date": {"date", "start", "end"}}
KINDS = {"proposal": {"proposal", "offer"}, "offer": {"offer", "proposal"}}


@dataclass
class Score:
    planted: list[str] = field(default_factory=list)  # what each planted contradiction is, for the report
    found: list[str] = field(default_factory=list)
    false: list[str] = field(default_factory=list)
    positions_planted: int = 0
    positions_found: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class Planted:
    label: str
    subject: str
    attribute: str
    says: dict[str, str]  # article -> value as written
    events: dict[str, str] | None = None  # article -> planted event, to tell comparisons across events


def run(db_url: str) -> None:
    """``storyline run`` on the seeds and the samples, with the storyline of this interpreter's environment."""
    seeds = shared_dir() / "corpus" / "seeds"
    command = [str(Path(sys.executable).with_name("storyline")), "run", "--db", db_url, str(seeds), str(ROOT / "samples")]
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL)


def planted() -> tuple[list[Planted], list[Planted], list[dict], dict[str, str]]:
    """(contradictions, compatible groups, positions, sample article -> planted event) from both annotations."""
    gold = json.loads((shared_dir() / "corpus" / "seeds.gold.json").read_text("utf-8"))
    manifest = json.loads((ROOT / "samples" / "MANIFEST.json").read_text("utf-8"))
    contradictions = [
        Planted(f"seeds {c['within']}: {c['subject']} {c['attribute']}", c["subject"], c["attribute"], c["says"])
        for c in gold["contradictions"]
    ]
    contradictions += [
        Planted(f"samples {c['event']}: {c['subject']} {c['attribute']}", c["subject"], c["attribute"], c["says"])
        for c in manifest["contradictions"]
    ]
    compatible = [
        Planted(f"samples {c['event']}: {c['subject']} {c['attribute']}", c["subject"], c["attribute"], c["says"])
        for c in manifest["compatible"]
    ]
    positions = [
        {**p, "article": article} for article, entry in gold["articles"].items() for p in entry.get("positions") or []
    ] + list(manifest["positions"])
    events = {entry.get("jsonl_id", key): entry["event"] for key, entry in manifest["articles"].items()}
    return contradictions, compatible, positions, events


def _attribute_matches(planted_attribute: str, ours: str) -> bool:
    return ours in ATTRIBUTES.get(planted_attribute, {planted_attribute})


def _side_of(conflict: Conflict) -> dict[str, int]:
    return {v.citation.article_id: n for n, side in enumerate(conflict.sides) for v in side.claims}


def separates(conflict: Conflict, articles: list[str]) -> bool:
    """Whether the conflict puts two of ``articles`` on different sides (one article: apart from the majority)."""
    sides = _side_of(conflict)
    placed = [sides[a] for a in articles if a in sides]
    if len(articles) == 1:
        return bool(placed) and (placed[0] != 0 or not conflict.sides[0].majority)
    return len(set(placed)) > 1


def _names(conflict: Conflict, subject: str) -> bool:
    """Whether the conflict is about ``subject`` or sets it against another value (one office, two holders)."""
    return subject in conflict.subject_label or any(side.value == subject for side in conflict.sides)


def across_events(conflict: Conflict, events: dict[str, str]) -> bool:
    """Whether the conflict sets values of two different planted events against each other."""
    sides = _side_of(conflict)
    by_side: dict[int, set[str]] = {}
    for article, side in sides.items():
        if article in events:
            by_side.setdefault(side, set()).add(events[article])
    planted_events = [e for s in by_side.values() for e in s]
    return len(set(planted_events)) > 1 and conflict.scope == "event"


def score(store: Store) -> Score:
    contradictions, compatible, positions, events = planted()
    conflicts = list(store.conflicts())
    result = Score(planted=[c.label for c in contradictions], positions_planted=len(positions))
    for item in contradictions:
        articles = sorted(item.says)
        if any(
            _attribute_matches(item.attribute, c.attribute)
            and separates(c, articles)
            and (len(articles) > 1 or _names(c, item.subject))
            for c in conflicts
        ):
            result.found.append(item.label)
    for conflict in conflicts:
        for item in compatible:
            if _attribute_matches(item.attribute, conflict.attribute) and separates(conflict, sorted(item.says)):
                result.false.append(f"{conflict.id} splits compatible {item.label}")
        if across_events(conflict, events):
            result.false.append(f"{conflict.id} compares values of different planted events")
    actors = {a.id: a for a in store.corpus_actors()}
    unused = list(store.positions())
    for gold in positions:
        match = next((p for p in unused if _position_matches(p, gold, actors)), None)
        if match is not None:
            unused.remove(match)  # one stated position answers one planted position
            result.positions_found.append(f"{gold['article']}: {gold['actor']} {gold['kind']} ({gold['about']})")
    return result


def _position_matches(position: Position, gold: dict, actors: dict[str, Actor]) -> bool:
    if position.citation.article_id != gold["article"]:
        return False
    if position.kind not in KINDS.get(gold["kind"], {gold["kind"]}):
        return False
    names: set[str] = set()
    for ident in (position.actor, position.stated_by):  # the party, or the person who stated its stance
        actor = actors.get(ident) if ident else None
        names |= {actor.name, *actor.aliases} if actor else set()
    names.add(position.actor_name)
    if not (gold["actor"] in names or any(gold["actor"].split()[-1] == n.split()[-1] for n in names if n)):
        return False
    return bool(_words(gold["about"]) & _words(position.about))  # about the same thing, not just the same party


def _words(text: str) -> set[str]:
    """Content words, crudely stemmed: enough to tell 'monitoring mechanism' from 'weapons to Kyiv'."""
    return {w[:6] for w in re.findall(r"[a-z]{4,}", text.lower()) if w not in _COMMON}


_COMMON = frozenset({"that", "this", "with", "from", "their", "they", "will", "would", "should", "have", "been", "were",
                     "into", "over", "only", "once", "until", "more", "than", "also", "ukraine", "russia", "russian"})


def scored(db_url: str | None, scorer: Callable[[Store], T]) -> T:
    """``run`` into a temporary store (or the one ``db_url`` names), then ``scorer`` on it: the seeds-and-samples
    benchmarks (this one, bench/quotes.py, bench/events.py) differ only in their scorer."""
    with tempfile.TemporaryDirectory() as tmp:
        url = db_url or f"sqlite:///{tmp}/store.db"
        run(url)
        store = Store(url)
        try:
            return scorer(store)
        finally:
            store.close()


def evaluate(db_url: str | None = None) -> Score:
    return scored(db_url, score)


def db_option(description: str) -> str | None:
    """The one option of the seeds-and-samples benchmarks: a store URL to keep between runs."""
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("--db", help="a store URL to keep between runs (default: a temporary one)")
    return parser.parse_args().db


def main() -> None:
    result = evaluate(db_option(__doc__.splitlines()[0]))
    for label in result.planted:
        print(("found   " if label in result.found else "MISSED  ") + label)
    for line in result.false:
        print("FALSE   " + line)
    print(f"positions: {len(result.positions_found)} of {result.positions_planted} planted found:")
    for line in result.positions_found:
        print("  " + line)
    print(
        f"compare conflicts_found={len(result.found)} conflicts_planted={len(result.planted)} "
        f"false_conflicts={len(result.false)} positions_found={len(result.positions_found)}"
    )


if __name__ == "__main__":
    main()
