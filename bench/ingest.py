"""Ingest speed: 2,000 articles made by varying the bundled samples, one process, one core.

Half are scraped-text files, half HTML pages. Each variant shuffles the body's
paragraphs and renumbers its figures, so most are new texts rather than copies
(copies would be skipped by dedup and flatter the figure). Each kind is
ingested into its own SQLite store, timing the whole path: read, extract,
repair, language, fingerprint, dedup, store. Prints, last:
``ingest text_per_s=… html_per_s=… peak_rss_mb=…``
"""

from __future__ import annotations

import argparse
import logging
import random
import re
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import ROOT, peak_rss_mb  # noqa: E402

from storyline.config import Settings  # noqa: E402
from storyline.ingest import Status, ingest  # noqa: E402
from storyline.store import Store  # noqa: E402

_PARA_HTML = re.compile(r"<p[ >].*?</p>", re.S)
_DIGITS = re.compile(r"\d+")


def vary_text(text: str, rng: random.Random, n: int) -> str:
    head, *paragraphs = re.split(r"\n\s*\n", text)
    rng.shuffle(paragraphs)
    body = "\n\n".join(paragraphs)
    body = _DIGITS.sub(lambda m: str(rng.randint(2, 999)), body)
    return f"{head}\n\n{body}\n\nFile note {n}: compiled from wire reports.\n"


def vary_html(html: str, rng: random.Random, n: int) -> str:
    paragraphs = _PARA_HTML.findall(html)
    shuffled = paragraphs[:]
    rng.shuffle(shuffled)
    it = iter(shuffled)
    html = _PARA_HTML.sub(lambda m: _DIGITS.sub(lambda d: str(rng.randint(2, 999)), next(it)), html)
    return html.replace("</article>", f"<p>File note {n}: compiled from wire reports.</p></article>", 1)


def make_corpus(samples: Path, out: Path, count: int, seed: int = 7) -> dict[str, Path]:
    rng = random.Random(seed)
    texts = sorted(p for p in samples.rglob("*") if p.suffix in (".txt", ".md"))
    pages = sorted(p for p in samples.rglob("*") if p.suffix in (".html", ".htm"))
    if not texts or not pages:
        raise SystemExit(f"{samples} needs both .txt and .html samples")
    folders = {"text": out / "text", "html": out / "html"}
    for folder in folders.values():
        folder.mkdir(parents=True)
    for i in range(count // 2):
        base = texts[i % len(texts)]
        (folders["text"] / f"t{i:05d}.txt").write_text(vary_text(base.read_text("utf-8"), rng, i), "utf-8")
        page = pages[i % len(pages)]
        (folders["html"] / f"h{i:05d}.html").write_text(vary_html(page.read_text("utf-8"), rng, i), "utf-8")
    return folders


def timed_ingest(folder: Path, db: Path) -> tuple[float, Counter[Status]]:
    store = Store(f"sqlite:///{db}")
    start = time.perf_counter()
    counts = Counter(o.status for o in ingest([folder], store, Settings()))
    seconds = time.perf_counter() - start
    store.close()
    return seconds, counts


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--samples", type=Path, default=ROOT / "samples")
    parser.add_argument("--count", type=int, default=2000)
    args = parser.parse_args()
    logging.disable(logging.WARNING)
    with tempfile.TemporaryDirectory() as tmp:
        folders = make_corpus(args.samples, Path(tmp) / "corpus", args.count)
        rates = {}
        for kind, folder in folders.items():
            seconds, counts = timed_ingest(folder, Path(tmp) / f"{kind}.db")
            n = sum(1 for _ in folder.iterdir())
            rates[kind] = n / seconds
            print(f"{kind}: {n} files in {seconds:.1f} s; outcomes {dict((k.value, v) for k, v in counts.items())}")
    print(f"ingest text_per_s={rates['text']:.1f} html_per_s={rates['html']:.1f} peak_rss_mb={peak_rss_mb():.0f}")


if __name__ == "__main__":
    main()
