"""Annotate speed: the full annotate stage against the bare spaCy model, same 500 articles, same run.

The articles are the real news bodies of ../shared/benchmarks/article-extraction (181 of them), cycled with
their paragraphs shuffled up to 500, so each text is new to both runs. Both sides use ``nlp.pipe`` with the
same batch size on one process; each is timed twice, alternating, and the faster time of each is kept (the
machine is shared and noisy). Prints, last: ``annotate articles_per_s=… spacy_only_per_s=… ratio=…``
"""

from __future__ import annotations

import argparse
import json
import logging
import random
import re
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import peak_rss_mb, shared_dir  # noqa: E402

import spacy  # noqa: E402

from storyline.annotate import annotate, load_pipeline  # noqa: E402
from storyline.config import Settings  # noqa: E402
from storyline.model import Article, DateSource, Precision, Published  # noqa: E402

import datetime as dt  # noqa: E402


def load_articles(count: int, seed: int = 11) -> list[Article]:
    truth = json.loads((shared_dir() / "benchmarks" / "article-extraction" / "ground-truth.json").read_text("utf-8"))
    bodies = [v["articleBody"] for _, v in sorted(truth.items()) if v.get("articleBody", "").strip()]
    rng = random.Random(seed)
    articles = []
    published = Published(dt.date(2025, 3, 19), Precision.DAY, DateSource.HTML_METADATA)
    for i in range(count):
        paragraphs = [p for p in re.split(r"\n+", bodies[i % len(bodies)]) if p.strip()]
        if i >= len(bodies):
            rng.shuffle(paragraphs)
        articles.append(Article(id=f"a{i}", source=f"bench:{i}", text="\n".join(paragraphs), published=published))
    return articles


def time_spacy(nlp: spacy.Language, texts: list[str], batch_size: int) -> float:
    start = time.perf_counter()
    for _ in nlp.pipe(texts, batch_size=batch_size):
        pass
    return time.perf_counter() - start


def time_annotate(articles: list[Article], settings: Settings) -> tuple[float, int]:
    start = time.perf_counter()
    mentions = sum(len(a.events) + len(a.quotes) + len(a.actors) for a in annotate(articles, settings))
    return time.perf_counter() - start, mentions


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--articles", type=int, default=500)
    args = parser.parse_args()
    logging.basicConfig(level=logging.WARNING)
    settings = Settings()
    articles = load_articles(args.articles)
    texts = [a.text for a in articles]
    bare = spacy.load(settings.spacy_model)
    load_pipeline(settings.spacy_model)  # load (and warm) outside the timed runs
    time_spacy(bare, texts[:20], settings.annotate_batch_size)
    time_annotate(articles[:20], settings)
    spacy_times, full_times = [], []
    for _ in range(2):
        spacy_times.append(time_spacy(bare, texts, settings.annotate_batch_size))
        elapsed, mentions = time_annotate(articles, settings)
        full_times.append(elapsed)
    words = sum(len(t.split()) for t in texts)
    spacy_rate = len(texts) / min(spacy_times)
    full_rate = len(texts) / min(full_times)
    print(f"articles={len(texts)} words={words} records={mentions} peak_rss_mb={peak_rss_mb():.0f}")
    print(f"spacy_only seconds={min(spacy_times):.2f} annotate seconds={min(full_times):.2f}")
    print(f"annotate articles_per_s={full_rate:.2f} spacy_only_per_s={spacy_rate:.2f} ratio={full_rate / spacy_rate:.3f}")


if __name__ == "__main__":
    main()
