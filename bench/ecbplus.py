"""Cross-document event linking quality on the ECB+ development split (196 documents, 16 events in look-alike pairs).

Runs the real pipeline: ingest ``docs.jsonl`` into a temporary SQLite store, annotate, build each article's
LinkDoc and link them with EventLinker. Scores the articles' event keys against ``gold_event`` with BCubed
precision, recall and F1 (per article, averaged over articles). Prints, last:
``ecbplus bcubed_f1=… precision=… recall=… events=…``

``--db URL`` reuses (or fills) a store you keep between runs, so that trying a linking change does not
re-annotate.
"""

from __future__ import annotations

import argparse
import json
import logging
import sys
import tempfile
import time
from collections import Counter, defaultdict
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import shared_dir  # noqa: E402

from storyline.annotate.pipeline import annotate_stored  # noqa: E402
from storyline.ingest import ingest  # noqa: E402
from storyline.link.events import EventLinker, LinkSettings  # noqa: E402
from storyline.link.features import LinkDoc, link_doc  # noqa: E402
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


def annotated_store(url: str) -> Store:
    """The store at ``url`` with the ECB+ documents ingested and annotated (work already done is kept)."""
    store = Store(url)
    for outcome in ingest([docs_path()], store):
        logging.debug("ingest %s", outcome)
    for _ in annotate_stored(store):
        pass
    return store


def link_docs(store: Store) -> list[LinkDoc]:
    return [link_doc(article, store.annotation(article.id)) for article in store.articles()]


def link(docs: list[LinkDoc], settings: LinkSettings | None = None) -> dict[str, str]:
    linker = EventLinker(settings)
    linker.add(docs)
    return linker.assignments()


def evaluate(db_url: str | None = None, settings: LinkSettings | None = None) -> Result:
    """Ingest, annotate, link and score; a temporary store unless ``db_url`` names one."""
    with tempfile.TemporaryDirectory() as tmp:
        store = annotated_store(db_url or f"sqlite:///{tmp}/ecbplus.db")
        try:
            docs = link_docs(store)
        finally:
            store.close()
    return bcubed(link(docs, settings), gold_events())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", help="a store URL to reuse between runs (default: a temporary one)")
    parser.add_argument("--sweep", action="store_true", help="also print F1 at thresholds around the default")
    args = parser.parse_args()
    logging.disable(logging.WARNING)
    start = time.perf_counter()
    with tempfile.TemporaryDirectory() as tmp:
        store = annotated_store(args.db or f"sqlite:///{tmp}/ecbplus.db")
        docs = link_docs(store)
        store.close()
    gold = gold_events()
    print(f"documents={len(docs)} gold={len(gold)} missing={len(set(gold) - {d.id for d in docs})} "
          f"seconds={time.perf_counter() - start:.1f}")
    if args.sweep:
        default = LinkSettings().threshold
        for step in range(-4, 5):
            threshold = round(default + step * 0.02, 3)
            r = bcubed(link(docs, LinkSettings(threshold=threshold)), gold)
            print(f"threshold={threshold:.2f} f1={r.f1:.4f} precision={r.precision:.4f} recall={r.recall:.4f} events={r.events}")
    sizes = Counter(Counter(link(docs).values()).values())
    print("event sizes:", ", ".join(f"{size}x{count}" for size, count in sorted(sizes.items())))
    result = bcubed(link(docs), gold)
    print(f"ecbplus bcubed_f1={result.f1:.4f} precision={result.precision:.4f} recall={result.recall:.4f} events={result.events}")


if __name__ == "__main__":
    main()
