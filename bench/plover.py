"""PLOVER coding quality: ``storyline code`` over the PLOVER gold-standard records (GSR).

Each GSR record is one sentence with its event type (and for some, a mode). The GSR
uses PLOVER 0.5 labels; they are mapped to the 16-type ontology as
../shared/benchmarks/README.md says. Score: accuracy of the main (first) event's type,
a sentence we code nothing for counting as wrong; macro F1 over the gold types; mode
accuracy over the records whose gold names a mode
(0.5 mode names mapped to the current ones where the manual folds them); who did it to whom: over the records
whose gold source (target) names a country, the share where a country of the main event's actors (targets) is
one of them. Prints, last: ``plover accuracy=… macro_f1=… n=…``
"""

from __future__ import annotations

import argparse
import json
import logging
import sys
import time
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import shared_dir  # noqa: E402

from storyline.annotate.coding import code_sentences  # noqa: E402

# the GSR's actor codes that name no country
NOT_COUNTRIES = frozenset({"IGO", "NGO", "MNC", "UNK", "UAF"})
# the GSR's own spellings of three countries (Japan, Italy, Vietnam), which our ISO 3166 codes write otherwise
GSR_TO_ISO = {"JAP": "JPN", "ITL": "ITA", "VTN": "VNM"}
OLD_LABELS = {"DEMAND": "REQUEST", "DISAPPROVE": "ACCUSE", "INVESTIGATE": "ACCUSE", "FIGHT": "ASSAULT"}
# PLOVER 0.5 mode names that the current manual (../shared/reference/plover) folds into one of its own: its PROTEST
# 'demo' covers organised and spontaneous demonstrations, 'targeted' assassinations, COERCE 'arrest' "Arrest,
# detain" and 'seize' "confiscate property", THREATEN 'restrict' curfews and the banning of political activity.
# Old names with no current counterpart ('other', COERCE 'ban', FIGHT 'deport') stay as they are and are never
# matched.
OLD_MODES = {
    ("PROTEST", "demo-org"): "demo",
    ("PROTEST", "demo-spon"): "demo",
    ("PROTEST", "riot-spon"): "riot",
    ("PROTEST", "strike-gen"): "strike",
    ("PROTEST", "strike-hun"): "hunger",
    ("ASSAULT", "assassinate"): "targeted",
    ("COERCE", "detain"): "arrest",
    ("COERCE", "confiscate"): "seize",
    ("THREATEN", "curfew"): "restrict",
    ("THREATEN", "martial-law"): "restrict",
    ("THREATEN", "political"): "restrict",
}
NOTHING = "-"  # what we coded when we coded nothing

Coder = Callable[[Iterable[tuple[str, str]]], Iterator[dict]]


@dataclass(frozen=True)
class Result:
    accuracy: float
    macro_f1: float
    mode_accuracy: float
    n: int
    n_modes: int
    confusion: Counter[tuple[str, str]]  # (gold, coded) -> count
    misses: list[tuple[str, str, str, str]]  # (id, gold, coded, text)
    seconds: float
    sides: dict[str, tuple[int, int]]  # "source"/"target" -> (records with a gold country, a country of ours in it)


def gold_records(path: Path | None = None) -> list[dict]:
    path = path or shared_dir() / "benchmarks" / "plover-gsr" / "PLOVER_GSR_CAMEO.json"
    records = json.loads(path.read_text("utf-8"))
    return [r for r in records if r.get("event") != "DOCUMENT" and r.get("text")]


def gold_type(record: dict) -> str:
    return OLD_LABELS.get(record["event"], record["event"])


def gold_mode(record: dict) -> str | None:
    """The record's mode in the current ontology's names (None when it names none)."""
    mode = record.get("mode")
    return OLD_MODES.get((gold_type(record), mode), mode) if mode else None


def evaluate(coder: Coder = code_sentences, records: list[dict] | None = None) -> Result:
    records = records if records is not None else gold_records()
    start = time.perf_counter()
    coded = {r["id"]: r["events"] for r in coder((rec["id"], rec["text"]) for rec in records)}
    seconds = time.perf_counter() - start
    confusion: Counter[tuple[str, str]] = Counter()
    misses = []
    modes_right = modes = 0
    sides = {"source": [0, 0], "target": [0, 0]}
    for record in records:
        events = coded.get(record["id"]) or []
        gold = gold_type(record)
        got = events[0]["type"] if events else NOTHING
        confusion[gold, got] += 1
        if got != gold:
            misses.append((record["id"], gold, got, record["text"]))
        mode = gold_mode(record)
        if mode:
            modes += 1
            modes_right += bool(events) and got == gold and events[0].get("mode") == mode
        for side, ours in (("source", "actor_countries"), ("target", "target_countries")):
            countries = gold_countries(record, side)
            if countries:
                sides[side][0] += 1
                sides[side][1] += bool(events) and bool(countries & set(events[0].get(ours) or []))
    n = len(records)
    accuracy = sum(c for (g, p), c in confusion.items() if g == p) / n
    mode_accuracy = modes_right / modes if modes else 0.0
    counted = {side: (total, right) for side, (total, right) in sides.items()}
    return Result(accuracy, macro_f1(confusion), mode_accuracy, n, modes, confusion, misses, seconds, counted)


def gold_countries(record: dict, side: str) -> set[str]:
    """The country codes of a record's source or target actors (not IGO, NGO and other non-country codes)."""
    actors = record.get(side) or []
    codes = {a.get("code") for a in actors if isinstance(a, dict)} if isinstance(actors, list) else set()
    return {GSR_TO_ISO.get(c, c) for c in codes if c and len(c) == 3 and c.isalpha() and c not in NOT_COUNTRIES}


def macro_f1(confusion: Counter[tuple[str, str]]) -> float:
    scores = []
    for label in sorted({g for g, _ in confusion}):
        tp = confusion[label, label]
        fp = sum(c for (g, p), c in confusion.items() if p == label and g != label)
        fn = sum(c for (g, p), c in confusion.items() if g == label and p != label)
        scores.append(2 * tp / (2 * tp + fp + fn) if tp else 0.0)
    return sum(scores) / len(scores)


def print_confusion(result: Result) -> None:
    for gold in sorted({g for g, _ in result.confusion}):
        row = {p: c for (g, p), c in result.confusion.items() if g == gold}
        total = sum(row.values())
        wrong = ", ".join(f"{p}:{c}" for p, c in sorted(row.items(), key=lambda pc: -pc[1]) if p != gold)
        print(f"{gold:10} {row.get(gold, 0):3}/{total:<3} {row.get(gold, 0) / total:5.2f}  {wrong}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--misses", action="store_true", help="list the sentences coded wrong")
    args = parser.parse_args()
    logging.disable(logging.WARNING)
    result = evaluate()
    print_confusion(result)
    if args.misses:
        for record_id, gold, got, text in result.misses:
            print(f"{record_id} gold={gold} coded={got} | {text}")
    print(f"mode accuracy={result.mode_accuracy:.4f} over {result.n_modes} records with a gold mode (0.5 names mapped)")
    (sources, source_right), (targets, target_right) = result.sides["source"], result.sides["target"]
    print(
        f"actors source_country={source_right / sources:.4f} over {sources} records, "
        f"target_country={target_right / targets:.4f} over {targets} records"
    )
    print(f"sentences_per_s={result.n / result.seconds:.1f}")
    print(f"plover accuracy={result.accuracy:.4f} macro_f1={result.macro_f1:.4f} n={result.n}")


if __name__ == "__main__":
    main()
