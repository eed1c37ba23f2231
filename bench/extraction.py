"""HTML main-text quality: storyline's ingest path over the article-extraction benchmark.

Score as that benchmark defines it (scrapinghub/article-extraction-benchmark,
evaluate.py): per page, counts of 4-word shingles of ``\\w+`` tokens give
TP/FP/FN normalised by their sum; precision and recall are means over pages;
F1 is their harmonic mean. Prints, last:
``extraction f1=… precision=… recall=… pages_per_s=…``
"""

from __future__ import annotations

import argparse
import gzip
import json
import logging
import re
import statistics
import sys
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import shared_dir  # noqa: E402

from storyline.config import Settings  # noqa: E402
from storyline.errors import InputError  # noqa: E402
from storyline.ingest import RawDocument, prepare_article  # noqa: E402
from storyline.ingest.readers import digest  # noqa: E402

_TOKEN = re.compile(r"\w+", re.UNICODE)


def shingles(text: str, n: int = 4) -> Counter[tuple[str, ...]]:
    tokens = _TOKEN.findall(text or "")
    return Counter(tuple(tokens[i : i + n]) for i in range(max(1, len(tokens) - n + 1)) if tokens[i : i + n])


def tp_fp_fn(true: str, pred: str) -> tuple[float, float, float]:
    t, p = shingles(true), shingles(pred)
    tp = sum(min(t[k], p[k]) for k in t.keys() | p.keys())
    fp = sum(max(0, p[k] - t[k]) for k in t.keys() | p.keys())
    fn = sum(max(0, t[k] - p[k]) for k in t.keys() | p.keys())
    s = tp + fp + fn
    return (tp / s, fp / s, fn / s) if s else (0.0, 0.0, 0.0)


def precision(tp: float, fp: float, fn: float) -> float:
    return 1.0 if fp == fn == 0 else (0.0 if tp == fp == 0 else tp / (tp + fp))


def recall(tp: float, fp: float, fn: float) -> float:
    return 1.0 if fp == fn == 0 else (0.0 if tp == fn == 0 else tp / (tp + fn))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--worst", type=int, default=0, help="list the N worst pages")
    args = parser.parse_args()
    logging.disable(logging.WARNING)
    root = shared_dir() / "benchmarks" / "article-extraction"
    truth = json.loads((root / "ground-truth.json").read_text("utf-8"))
    settings = Settings()
    scores, seconds = [], 0.0
    for key, gold in truth.items():
        html = gzip.decompress((root / "html" / f"{key}.html.gz").read_bytes())
        raw = RawDocument(source=key, id=key, kind="html", content=html, raw_hash=digest(html), url=gold.get("url"))
        start = time.perf_counter()
        try:
            article, _ = prepare_article(raw, settings)
            body = article.body
        except InputError:
            body = ""
        seconds += time.perf_counter() - start
        scores.append((key, tp_fp_fn(gold.get("articleBody", ""), body)))
    p = statistics.mean(precision(*s) for _, s in scores if s[0] + s[1] > 0)
    r = statistics.mean(recall(*s) for _, s in scores if s[0] + s[2] > 0)
    f1 = 2 * p * r / (p + r)
    if args.worst:
        for key, s in sorted(scores, key=lambda ks: ks[1][0])[: args.worst]:
            print(f"{key} tp={s[0]:.3f} fp={s[1]:.3f} fn={s[2]:.3f}")
    print(f"extraction f1={f1:.4f} precision={p:.4f} recall={r:.4f} pages_per_s={len(scores) / seconds:.1f}")


if __name__ == "__main__":
    main()
