"""Whole-pipeline throughput: ingest, annotate, link and compare with the store, on 2,000 articles made from the
samples, against bare spaCy on the same texts; then the same pipeline on two worker processes.

Prints, last: ``throughput e2e_per_s=… spacy_only_per_s=… ratio=… speedup_2_workers=… peak_rss_mb=…``
(ratio: the pipeline's articles per second over bare spaCy's, one process each; speedup: one process's
wall time over two workers').
"""

from __future__ import annotations

import argparse
import logging
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import ROOT, peak_rss_mb  # noqa: E402
from ingest import make_corpus  # noqa: E402

import spacy  # noqa: E402

from storyline import pipeline  # noqa: E402
from storyline.config import Settings  # noqa: E402
from storyline.scale import Mapper, ProcessMapper, SerialMapper  # noqa: E402
from storyline.store import Store  # noqa: E402


def whole_pipeline(folders: list[Path], db: Path, mapper: Mapper) -> tuple[float, int, list[str]]:
    """(seconds, articles, their clean texts) for the whole pipeline (``storyline.pipeline.run``, as the command
    line runs it) into a fresh store."""
    settings = Settings(db_url=f"sqlite:///{db}")
    store = Store(settings.db_url)
    start = time.perf_counter()
    marks: list[float] = []
    marked = pipeline.Hooks(stage=lambda _: marks.append(time.perf_counter()))
    pipeline.run([str(f) for f in folders], store, settings, mapper, marked)
    marks.append(time.perf_counter())
    seconds = marks[-1] - start
    stages = ", ".join(f"{name} {b - a:.1f} s" for name, a, b in zip(pipeline.STAGES, marks, marks[1:]))
    print(f"  {type(mapper).__name__}: {stages}")
    texts = [a.text for a in store.articles() if a.duplicate_kind != "exact"]
    store.close()
    return seconds, len(texts), texts


def spacy_only(texts: list[str], model: str) -> float:
    nlp = spacy.load(model)
    start = time.perf_counter()
    for _ in nlp.pipe(texts, batch_size=Settings().annotate_batch_size):
        pass
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=2000, help="articles to make from the samples")
    args = parser.parse_args()
    logging.disable(logging.WARNING)
    with tempfile.TemporaryDirectory() as tmp:
        corpus = make_corpus(ROOT / "samples", Path(tmp) / "corpus", args.count)
        folders = list(corpus.values())
        one_s, n, texts = whole_pipeline(folders, Path(tmp) / "one.db", SerialMapper())
        print(f"one process: {n} articles in {one_s:.1f} s")
        bare_s = spacy_only(texts, Settings().spacy_model)
        print(f"bare spaCy: {n} texts in {bare_s:.1f} s")
        workers = ProcessMapper(2)
        try:
            two_s, n_two, _ = whole_pipeline(folders, Path(tmp) / "two.db", workers)
        finally:
            workers.close()
        print(f"two workers: {n_two} articles in {two_s:.1f} s")
    e2e, bare = n / one_s, n / bare_s
    print(
        f"throughput e2e_per_s={e2e:.2f} spacy_only_per_s={bare:.2f} ratio={e2e / bare:.3f} "
        f"speedup_2_workers={one_s / two_s:.2f} peak_rss_mb={peak_rss_mb():.0f}"
    )


if __name__ == "__main__":
    main()
