"""Fit the link stage's pair model (``src/storyline/data/link/pair_model.json``) on public data.

Fits on the train halves only: ECB+ train (``../shared/benchmarks/ecbplus-train``) and news-series train
(``../shared/benchmarks/news-series``, split ``train``). Chooses the L2 strength and the clustering threshold on the dev halves, ECB+ dev and
news-series dev (English pages, as ``bench/news_series.py`` scores them), by the mean of their BCubed F1, so no
single split sets it. The pairs are the ones the linker itself scores: every kept candidate pair of every
connected component, with the component's IDF (``EventLinker.pair_table``), labelled by the gold events (pairs
with an AMBIGUOUS record are left out).

Each corpus is ingested and annotated by storyline's own stages into a SQLite store under ``--work`` (kept, so a
second fit reads them back). Run: ``.venv/bin/python tools/fit_link_model.py`` (a few minutes on two cores).
"""

from __future__ import annotations

import argparse
import json
import logging
import math
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bench"))
from common import shared_dir  # noqa: E402
from ecbplus import bcubed  # noqa: E402

from storyline.annotate import annotate_stored  # noqa: E402
from storyline.ingest import ingest  # noqa: E402
from storyline.link.events import EventLinker, LinkSettings  # noqa: E402
from storyline.link.features import LinkDoc, link_doc  # noqa: E402
from storyline.link.pair_model import MODEL_FILE, PairModel  # noqa: E402
from storyline.link.pairs import FEATURES, direction  # noqa: E402
from storyline.store import Store  # noqa: E402

log = logging.getLogger("fit_link_model")
OUT = ROOT / "src" / "storyline" / "data" / "link" / MODEL_FILE
L2_GRID = (0.1, 1.0, 10.0, 100.0)
# The average probability at which clusters merge is chosen with L2 (a probability of one half per pair is not one
# half on average over a cluster whose missing pairs count as 0)
THRESHOLD_GRID = (0.35, 0.4, 0.45, 0.5, 0.55, 0.6)
VERSION = "5"
LEARNED = LinkSettings(scorer="learned")


@dataclass
class Corpus:
    name: str
    docs: list[LinkDoc]
    gold: dict[str, str]  # id -> gold event (AMBIGUOUS records left out)
    copies: dict[str, str]  # a duplicate's id -> its original's: it is in its original's event, as a run stores it


def _records(name: str) -> tuple[list[dict], str]:
    """The JSONL records of a corpus and the key of its gold event."""
    bench = shared_dir() / "benchmarks"
    if name.startswith("ecbplus"):
        path = bench / name / "docs.jsonl"
        return [json.loads(line) for line in path.open(encoding="utf-8") if line.strip()], "gold_event"
    split = name.removeprefix("news-series-")
    rows = [json.loads(line) for line in (bench / "news-series" / "docs.jsonl").open(encoding="utf-8")]
    return [r for r in rows if r["split"] == split], "gold_event"


def load(name: str, work: Path, english_only: bool = False) -> Corpus:
    """A corpus ingested and annotated into ``work/<name>.db`` (made on first use), as LinkDocs."""
    rows, key = _records(name)
    db = work / f"{name}.db"
    ready = work / f"{name}.ready"
    store = Store(f"sqlite:///{db}")
    try:
        if not ready.exists():
            log.info("ingesting and annotating %s (%d records)", name, len(rows))
            source = work / f"{name}.jsonl"
            with source.open("w", encoding="utf-8") as out:
                for row in rows:
                    fields = ("id", "url", "outlet", "published", "text")
                    out.write(json.dumps({k: row[k] for k in fields if row.get(k) is not None}) + "\n")
            list(ingest([source], store))
            list(annotate_stored(store))
            ready.touch()
        annotations = {a.article_id: a for a in store.annotations()}
        keep = {r["id"] for r in rows if not english_only or r.get("lang", "en") == "en"}
        articles = [a for a in store.articles() if a.id in keep]
        docs = [link_doc(a, annotations.get(a.id)) for a in articles if not a.duplicate_of]
        copies = {a.id: a.duplicate_of for a in articles if a.duplicate_of}
    finally:
        store.close()
    gold = {r["id"]: r[key] for r in rows if r["id"] in keep and r[key] != "AMBIGUOUS"}
    return Corpus(name, docs, gold, copies)


def pairs(corpus: Corpus) -> tuple[np.ndarray, np.ndarray]:
    """Features and labels of every pair the linker scores in this corpus (which pairs it scores does not depend on
    the model: an unfitted one stands in, so the shipped file may be stale or of other features)."""
    linker = EventLinker(LEARNED, model=PairModel(VERSION, FEATURES, (0.0,) * len(FEATURES), 0.0))
    linker.add(corpus.docs)
    rows, labels = [], []
    for component in linker.components():
        for a, b, values in linker.pair_table(component):
            if a in corpus.gold and b in corpus.gold:
                rows.append(values)
                labels.append(1.0 if corpus.gold[a] == corpus.gold[b] else 0.0)
    return np.array(rows, dtype=float).reshape(-1, len(FEATURES)), np.array(labels)


def fit(x: np.ndarray, y: np.ndarray, l2: float, iterations: int = 5000) -> tuple[np.ndarray, float]:
    """L2-penalised logistic regression on standardised features (the intercept is not penalised), each weight
    kept on the side of zero ``pairs.direction`` allows: accelerated projected gradient (FISTA), since Newton's
    method cannot hold a bound. Returns weights and intercept on the original scale."""
    mean = x.mean(axis=0)
    scale = x.std(axis=0)
    scale[scale == 0] = 1.0
    z = np.hstack([np.ones((len(x), 1)), (x - mean) / scale])
    signs = np.array([0] + [direction(f) for f in FEATURES])
    penalty = np.full(z.shape[1], l2 / len(x))  # the mean log loss plus l2/(2n) |beta|^2
    penalty[0] = 0.0
    lipschitz = 0.25 * np.linalg.norm(z.T @ z / len(x), 2) + penalty.max()

    def project(beta: np.ndarray) -> np.ndarray:
        beta = beta.copy()
        beta[signs > 0] = np.maximum(beta[signs > 0], 0.0)
        beta[signs < 0] = np.minimum(beta[signs < 0], 0.0)
        return beta

    beta = np.zeros(z.shape[1])
    ahead, momentum = beta.copy(), 1.0
    for _ in range(iterations):
        p = 1.0 / (1.0 + np.exp(-np.clip(z @ ahead, -30, 30)))
        gradient = z.T @ (p - y) / len(x) + penalty * ahead
        step = project(ahead - gradient / lipschitz)
        following = (1 + math.sqrt(1 + 4 * momentum * momentum)) / 2
        ahead = step + (momentum - 1) / following * (step - beta)
        if np.abs(step - beta).max() < 1e-10:
            beta = step
            break
        beta, momentum = step, following
    weights = beta[1:] / scale
    intercept = beta[0] - float((beta[1:] * mean / scale).sum())
    return weights, float(intercept)


def model_of(weights: np.ndarray, intercept: float, about: dict, threshold: float = 0.5) -> PairModel:
    rounded = tuple(round(float(w), 6) for w in weights)
    return PairModel(VERSION, FEATURES, rounded, round(intercept, 6), about, threshold)


def clustered_f1(corpus: Corpus, model: PairModel) -> float:
    """BCubed F1 of the corpus clustered with the model at its threshold, copies in their originals' events (as
    ``bench/ecbplus.py`` scores the stored links)."""
    linker = EventLinker(LEARNED, model=model)
    linker.add(corpus.docs)
    events = linker.assignments()
    events.update({copy: events[original] for copy, original in corpus.copies.items() if original in events})
    return bcubed(events, corpus.gold).f1


def log_loss(x: np.ndarray, y: np.ndarray, model: PairModel) -> float:
    p = np.array([model.probability(row) for row in x]).clip(1e-9, 1 - 1e-9)
    return float(-(y * np.log(p) + (1 - y) * np.log(1 - p)).mean())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--work", type=Path, default=Path(tempfile.gettempdir()) / "storyline-fit")
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args()
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    args.work.mkdir(parents=True, exist_ok=True)
    train = [load("ecbplus-train", args.work), load("news-series-train", args.work)]
    dev = [load("ecbplus-dev", args.work), load("news-series-dev", args.work, english_only=True)]
    tables = [pairs(c) for c in train]
    x = np.vstack([t[0] for t in tables])
    y = np.concatenate([t[1] for t in tables])
    log.info("training pairs: %d (%d same event)", len(y), int(y.sum()))
    dev_tables = [pairs(c) for c in dev]
    best: tuple[float, float, PairModel, list[float]] | None = None
    for l2 in L2_GRID:
        weights, intercept = fit(x, y, l2)
        for threshold in THRESHOLD_GRID:
            model = model_of(weights, intercept, {}, threshold)
            scores = [clustered_f1(c, model) for c in dev]
            mean = sum(scores) / len(scores)
            shown = " ".join(f"{c.name}={s:.4f}" for c, s in zip(dev, scores))
            log.info("l2=%g threshold=%.2f dev F1 %s mean %.4f", l2, threshold, shown, mean)
            if best is None or mean > best[0] + 1e-9:
                best = (mean, l2, model, scores)
    assert best is not None
    mean, l2, model, scores = best
    about = {
        "fitted_by": "tools/fit_link_model.py",
        "trained_on": [c.name for c in train],
        "training_pairs": int(len(y)),
        "same_event_pairs": int(y.sum()),
        "l2": l2,
        "chosen_on": [c.name for c in dev],
        "dev_bcubed_f1": {c.name: round(s, 4) for c, s in zip(dev, scores)},
        "dev_log_loss": {c.name: round(log_loss(t[0], t[1], model), 4) for c, t in zip(dev, dev_tables)},
        "train_log_loss": round(log_loss(x, y, model), 4),
    }
    model = model_of(np.array(model.weights), model.intercept, about, model.threshold)
    args.out.write_text(model.to_json(), encoding="utf-8")
    for name, weight in zip(FEATURES, model.weights):
        log.info("  %-18s %+.3f", name, weight)
    log.info("wrote %s (l2=%g, threshold %.2f, dev mean F1 %.4f)", args.out, l2, model.threshold, mean)
    if not math.isfinite(mean):
        raise SystemExit("the fit did not converge")


if __name__ == "__main__":
    main()
