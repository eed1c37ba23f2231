"""Cross-document event linking quality on the ECB+ development split (196 documents, 16 events in look-alike pairs).

Runs ``storyline run`` (ingest, annotate, link: the command a user runs) on ``docs.jsonl`` into a SQLite store,
then scores each article's stored ``event_id`` against ``gold_event`` with BCubed precision, recall and F1 (per
article, averaged over articles). Prints, last: ``ecbplus bcubed_f1=… precision=… recall=… events=…``

``--db URL`` keeps the store between runs: a second run annotates nothing and only links again.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from collections import Counter, defaultdict
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import shared_dir  # noqa: E402

from storyline.store import Store  # noqa: E402


@dataclass(frozen=True)
class Result:
    f1: float
    precision: float
    recall: float
    events: int  # predicted events
    gold_events: int
    n: int


def docs_path() -> Path:
    return shared_dir() / "benchmarks" / "ecbplus-dev" / "docs.jsonl"


def gold_events(path: Path | None = None) -> dict[str, str]:
    """JSONL id -> gold event."""
    with (path or docs_path()).open(encoding="utf-8") as lines:
        rows = [json.loads(line) for line in lines if line.strip()]
    return {row["id"]: row["gold_event"] for row in rows}


def bcubed(predicted: Mapping[str, str], gold: Mapping[str, str]) -> Result:
    """BCubed over the gold's articles; an article the prediction misses is a singleton of its own."""
    predicted = {i: predicted.get(i, f"missing:{i}") for i in gold}
    by_pred: dict[str, set[str]] = defaultdict(set)
    by_gold: dict[str, set[str]] = defaultdict(set)
    for i in gold:
        by_pred[predicted[i]].add(i)
        by_gold[gold[i]].add(i)
    precision = recall = 0.0
    for i in gold:
        same = len(by_pred[predicted[i]] & by_gold[gold[i]])
        precision += same / len(by_pred[predicted[i]])
        recall += same / len(by_gold[gold[i]])
    n = len(gold)
    precision, recall = precision / n, recall / n
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return Result(f1, precision, recall, len(by_pred), len(by_gold), n)


def storyline_run(db_url: str) -> None:
    """``storyline run --db URL docs.jsonl`` with the storyline of this interpreter's environment."""
    command = [str(Path(sys.executable).with_name("storyline")), "run", "--db", db_url, str(docs_path())]
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL)


def stored_events(db_url: str) -> dict[str, str]:
    """Article id -> the event id the link stage stored for it."""
    store = Store(db_url)
    try:
        return {article: event for article, (event, _story) in store.links().items() if event}
    finally:
        store.close()


def evaluate(db_url: str | None = None) -> Result:
    """Run the pipeline and score it; a temporary store unless ``db_url`` names one."""
    with tempfile.TemporaryDirectory() as tmp:
        url = db_url or f"sqlite:///{tmp}/ecbplus.db"
        storyline_run(url)
        return bcubed(stored_events(url), gold_events())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", help="a store URL to keep between runs (default: a temporary one)")
    args = parser.parse_args()
    start = time.perf_counter()
    with tempfile.TemporaryDirectory() as tmp:
        url = args.db or f"sqlite:///{tmp}/ecbplus.db"
        storyline_run(url)
        predicted = stored_events(url)
    gold = gold_events()
    print(f"documents={len(gold)} linked={len(predicted)} seconds={time.perf_counter() - start:.1f}")
    sizes = Counter(Counter(predicted.values()).values())
    print("event sizes:", ", ".join(f"{size}x{count}" for size, count in sorted(sizes.items())))
    result = bcubed(predicted, gold)
    print(f"ecbplus bcubed_f1={result.f1:.4f} precision={result.precision:.4f} recall={result.recall:.4f} events={result.events}")


if __name__ == "__main__":
    main()
