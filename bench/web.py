"""Web app latency under load: 3,000 requests at concurrency 16 on a ~600-article store of real pages.

The store is made once (kept under --work) from public benchmark texts: the 181 article-extraction pages, the
news-series excerpts, ECB+ dev, 40 ECB+ train documents, the seeds and the samples (611 articles), run through
every stage. The server is the real
``storyline serve`` (uvicorn) in its own process; requests mix every page kind and API listing, with ids read from
the API. Prints latency percentiles and the 5xx count; last line ``web key=value ...``.

Run: ``.venv/bin/python bench/web.py`` (the first run builds the store: a few minutes on two cores).
"""

from __future__ import annotations

import argparse
import json
import random
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from itertools import islice
from pathlib import Path

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import ROOT, shared_dir  # noqa: E402

from storyline.annotate import annotate_stored  # noqa: E402
from storyline.compare.pipeline import compare_stored  # noqa: E402
from storyline.ingest import ingest  # noqa: E402
from storyline.link.pipeline import link_stored  # noqa: E402
from storyline.scale import ProcessMapper  # noqa: E402
from storyline.store import Store  # noqa: E402

REQUESTS = 3000
CONCURRENCY = 16
ECB_TRAIN_DOCS = 40  # from ECB+ train, to bring the store past 600 articles


def build(db: Path) -> None:
    """The ~600-article store: public pages and excerpts through every stage."""
    bench = shared_dir() / "benchmarks"
    work = db.parent
    sources: list[Path] = [bench / "article-extraction" / "html", shared_dir() / "corpus" / "seeds", ROOT / "samples"]
    for name, count in (("news-series", None), ("ecbplus-dev", None), ("ecbplus-train", ECB_TRAIN_DOCS)):
        path = bench / name / "docs.jsonl"
        out = work / f"{name}.jsonl"
        with path.open(encoding="utf-8") as rows, out.open("w", encoding="utf-8") as dest:
            for line in islice(rows, count):
                row = json.loads(line)
                fields = ("id", "url", "outlet", "published", "text")
                dest.write(json.dumps({k: row[k] for k in fields if row.get(k) is not None}) + "\n")
        sources.append(out)
    store = Store(f"sqlite:///{db}")
    mapper = ProcessMapper(2)
    try:
        list(ingest(sources, store, mapper=mapper))
        list(annotate_stored(store, mapper=mapper))
    finally:
        mapper.close()
    link_stored(store)
    compare_stored(store)
    store.close()


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def targets(base: str, rng: random.Random) -> list[str]:
    """Paths a reader visits, in the mix they visit them: pages of stories, events and articles, the index, the
    sources, search, and API listings with filters."""
    with httpx.Client(base_url=base, timeout=60) as client:
        events = [e["id"] for e in client.get("/api/events", params={"limit": 500}).json()["items"]]
        stories = [s["id"] for s in client.get("/api/stories", params={"limit": 500}).json()["items"]]
        articles = [a["id"] for a in client.get("/api/articles", params={"limit": 500}).json()["items"]]
    words = ["ceasefire", "Putin", "earthquake", "rate", "launch", "police", "election", "talks"]
    kinds = [
        (3, lambda: "/"),
        (10, lambda: f"/events/{rng.choice(events)}"),
        (6, lambda: f"/stories/{rng.choice(stories)}"),
        (10, lambda: f"/articles/{rng.choice(articles)}"),
        (2, lambda: "/sources"),
        (3, lambda: f"/search?q={rng.choice(words)}"),
        (4, lambda: f"/api/events?limit=50&offset={rng.randrange(0, max(1, len(events)))}"),
        (3, lambda: f"/api/articles?limit=20&q={rng.choice(words)}"),
        (2, lambda: "/api/conflicts?limit=50"),
        (2, lambda: "/api/quotes?limit=50"),
        (2, lambda: f"/api/events/{rng.choice(events)}"),
        (2, lambda: "/api/actors?limit=100"),
    ]
    weights = [w for w, _ in kinds]
    return [rng.choices(kinds, weights)[0][1]() for _ in range(REQUESTS)]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--work", type=Path, default=Path(tempfile.gettempdir()) / "storyline-bench-web")
    args = parser.parse_args()
    args.work.mkdir(parents=True, exist_ok=True)
    db = args.work / "store.db"
    ready = args.work / "store.ready"
    if not ready.exists():
        db.unlink(missing_ok=True)
        build(db)
        ready.touch()
    store = Store(f"sqlite:///{db}")
    articles = store.counts()["articles"]
    store.close()
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    command = [sys.executable, "-m", "storyline.cli", "serve", "--db", f"sqlite:///{db}", "--port", str(port)]
    server = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 120
        while True:
            try:
                httpx.get(base + "/api/events?limit=1", timeout=5).raise_for_status()
                break
            except httpx.HTTPError:
                if time.monotonic() > deadline or server.poll() is not None:
                    raise SystemExit("the server did not start") from None
                time.sleep(0.5)
        paths = targets(base, random.Random(7))
        with httpx.Client(base_url=base, timeout=60) as warm:
            for path in paths[:50]:  # a server's first reads fill its caches; a reader's visit is not its first
                warm.get(path)
        latencies: list[float] = []
        errors = 0
        limits = httpx.Limits(max_connections=CONCURRENCY, max_keepalive_connections=CONCURRENCY)
        with httpx.Client(base_url=base, timeout=60, limits=limits) as client:

            def one(path: str) -> tuple[float, int]:
                start = time.perf_counter()
                status = client.get(path).status_code
                return (time.perf_counter() - start) * 1000, status

            began = time.perf_counter()
            with ThreadPoolExecutor(CONCURRENCY) as pool:
                for ms, status in pool.map(one, paths):
                    latencies.append(ms)
                    errors += status >= 500
            elapsed = time.perf_counter() - began
    finally:
        server.terminate()
        server.wait(30)
    cuts = statistics.quantiles(latencies, n=100)
    print(f"{len(latencies)} requests at concurrency {CONCURRENCY} in {elapsed:.1f} s on {articles} articles")
    print(
        f"web articles={articles} p50_ms={cuts[49]:.0f} p95_ms={cuts[94]:.0f} p99_ms={cuts[98]:.0f} "
        f"rps={len(latencies) / elapsed:.1f} errors_5xx={errors}"
    )


if __name__ == "__main__":
    main()
