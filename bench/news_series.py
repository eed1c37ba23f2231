"""Event and story separation on real look-alike coverage: the news-series benchmark, English pages.

For each half (``train``: iran-talks, gaza-ceasefire, earthquakes; ``dev``: starship, fed-fomc, trump-xi and the
distractors) runs ``storyline run`` on its English records (the command a user runs), then ``storyline link`` again
with the learned scorer on the same store, and scores each article's stored ``event_id`` against ``gold_event`` and
its ``story_id`` against its series (a distractor event is a story of its own) with BCubed F1. AMBIGUOUS records
are left out of the scores (they mix events by the labellers' own note). Also prints a plain baseline on the same
records: TF-IDF unigrams (IDF from the records clustered), average link over all pairs, its threshold chosen on
ECB+ dev. Then runs the rules scorer on every page of each half, all languages, and scores it too, with the share of
non-English pages that land in the event holding most of their event's English pages. Prints, last:
``news_series events_f1_dev=… stories_f1_dev=… events_f1_train=… stories_f1_train=… learned_events_f1_dev=…
learned_events_f1_train=… baseline_f1_dev=… baseline_f1_train=… all_languages_f1_dev=… non_english_placed_dev=…
all_languages_f1_train=… non_english_placed_train=…``
"""

from __future__ import annotations

import json
import math
import re
import subprocess
import sys
import tempfile
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import shared_dir  # noqa: E402
from ecbplus import bcubed  # noqa: E402
from ecbplus import docs_path as ecbplus_dev_path  # noqa: E402

from storyline.link.events import average_link  # noqa: E402
from storyline.store import Store  # noqa: E402

WORD = re.compile(r"[^\W\d_]+")
BASELINE_THRESHOLDS = [round(0.05 * i, 2) for i in range(1, 13)]


def records(split: str, every_language: bool = False) -> list[dict]:
    path = shared_dir() / "benchmarks" / "news-series" / "docs.jsonl"
    rows = [json.loads(line) for line in path.open(encoding="utf-8") if line.strip()]
    return [r for r in rows if r["split"] == split and (every_language or r["lang"] == "en")]


def placed(links: dict[str, str], rows: list[dict]) -> tuple[int, int]:
    """Non-English pages in the event that holds most of their gold event's English pages, of those whose gold
    event has English pages (AMBIGUOUS left out)."""
    english: dict[str, Counter[str]] = {}
    for r in rows:
        if r["lang"] == "en" and r["gold_event"] != "AMBIGUOUS" and r["id"] in links:
            english.setdefault(r["gold_event"], Counter())[links[r["id"]]] += 1
    pages = [r for r in rows if r["lang"] != "en" and r["gold_event"] in english and r["id"] in links]
    hits = sum(links[r["id"]] == english[r["gold_event"]].most_common(1)[0][0] for r in pages)
    return hits, len(pages)


def gold(rows: list[dict]) -> tuple[dict[str, str], dict[str, str]]:
    """Gold events and stories (a series; a distractor event is its own story), AMBIGUOUS records left out."""
    kept = [r for r in rows if r["gold_event"] != "AMBIGUOUS"]
    events = {r["id"]: r["gold_event"] for r in kept}
    stories = {r["id"]: r["gold_event"] if r["series"] in (None, "distractor") else r["series"] for r in kept}
    return events, stories


def storyline(
    rows: list[dict], folder: Path, scorers: tuple[str, ...] = ("rules", "learned")
) -> dict[str, dict[str, tuple[str, str]]]:
    """(event, story) per article id as the rules scorer and the learned scorer store them."""
    source = folder / "records.jsonl"
    with source.open("w", encoding="utf-8") as out:
        for row in rows:
            fields = ("id", "url", "outlet", "published", "text")
            out.write(json.dumps({k: row[k] for k in fields if row.get(k)}) + "\n")
    url = f"sqlite:///{folder / 'store.db'}"
    bin_dir = Path(sys.executable).parent
    found = {}
    for scorer, command in (
        ("rules", ["run", "--db", url, "--report", str(folder / "report.html"), str(source)]),
        ("learned", ["link", "--db", url, "--link-scorer", "learned"]),
    )[: len(scorers)]:
        subprocess.run([str(bin_dir / "storyline"), *command], check=True, stdout=subprocess.DEVNULL)
        store = Store(url)
        try:
            found[scorer] = {a: (e, s or e) for a, (e, s) in store.links().items() if e}
        finally:
            store.close()
    return found


def tfidf_clusters(texts: dict[str, str], threshold: float) -> dict[str, str]:
    """The baseline: TF-IDF unigram cosines over all pairs, average link at ``threshold``."""
    counts = {i: Counter(WORD.findall(t.lower())) for i, t in texts.items()}
    df: Counter[str] = Counter(w for c in counts.values() for w in c)
    n = len(texts)
    vectors = {}
    for i, c in counts.items():
        v = {w: (1 + math.log(k)) * math.log((n + 1) / (df[w] + 1)) for w, k in c.items()}
        norm = math.sqrt(sum(x * x for x in v.values())) or 1.0
        vectors[i] = {w: x / norm for w, x in v.items()}
    ids = sorted(texts)
    edges: dict[str, dict[str, float]] = {i: {} for i in ids}
    for k, a in enumerate(ids):
        for b in ids[k + 1 :]:
            va, vb = vectors[a], vectors[b]
            value = sum(x * vb[w] for w, x in va.items() if w in vb)
            if value > 0:
                edges[a][b] = edges[b][a] = value
    return {i: min(c) for c in average_link(set(ids), edges, threshold) for i in c}


def baseline_threshold() -> float:
    """The baseline's threshold: the best of a grid on ECB+ dev."""
    rows = [json.loads(line) for line in ecbplus_dev_path().open(encoding="utf-8") if line.strip()]
    texts = {r["id"]: r["text"] for r in rows}
    truth = {r["id"]: r["gold_event"] for r in rows}
    return max(BASELINE_THRESHOLDS, key=lambda t: (bcubed(tfidf_clusters(texts, t), truth).f1, -t))


def main() -> None:
    threshold = baseline_threshold()
    print(f"baseline threshold from ECB+ dev: {threshold}")
    figures: dict[str, float] = {}
    for split in ("dev", "train"):
        rows = records(split)
        events, stories = gold(rows)
        with tempfile.TemporaryDirectory() as tmp:
            found = storyline(rows, Path(tmp))
        for scorer, links in found.items():
            e = bcubed({a: v[0] for a, v in links.items()}, events)
            s = bcubed({a: v[1] for a, v in links.items()}, stories)
            print(f"{split} {scorer}: events F1={e.f1:.4f} P={e.precision:.4f} R={e.recall:.4f} "
                  f"({e.events} for {e.gold_events}); stories F1={s.f1:.4f} P={s.precision:.4f} R={s.recall:.4f} ({s.events} for {s.gold_events})")
            prefix = "" if scorer == "rules" else "learned_"
            figures[f"{prefix}events_f1_{split}"] = e.f1
            figures[f"{prefix}stories_f1_{split}"] = s.f1
        base = bcubed(tfidf_clusters({r["id"]: r["text"] for r in rows}, threshold), events)
        print(f"{split} baseline: events F1={base.f1:.4f} P={base.precision:.4f} R={base.recall:.4f}")
        figures[f"baseline_f1_{split}"] = base.f1
        every = records(split, every_language=True)
        every_events, _ = gold(every)
        with tempfile.TemporaryDirectory() as tmp:
            links = {a: v[0] for a, v in storyline(every, Path(tmp), ("rules",))["rules"].items()}
        e = bcubed(links, every_events)
        foreign = {a: g for a, g in every_events.items() if next(r["lang"] for r in every if r["id"] == a) != "en"}
        hits, pages = placed(links, every)
        alone = bcubed({a: links[a] for a in foreign}, foreign).f1
        print(f"{split} rules, every language ({len(every)} pages, {len(every) - len(rows)} not English): events "
              f"F1={e.f1:.4f} P={e.precision:.4f} R={e.recall:.4f}; non-English pages in their English coverage's "
              f"event: {hits} of {pages}; F1 over non-English pages alone {alone:.4f}")
        figures[f"all_languages_f1_{split}"] = e.f1
        figures[f"non_english_placed_{split}"] = hits / pages if pages else 0.0
    order = ["events_f1_dev", "stories_f1_dev", "events_f1_train", "stories_f1_train", "learned_events_f1_dev",
             "learned_stories_f1_dev", "learned_events_f1_train", "baseline_f1_dev", "baseline_f1_train",
             "all_languages_f1_dev", "non_english_placed_dev", "all_languages_f1_train", "non_english_placed_train"]
    print("news_series " + " ".join(f"{k}={figures[k]:.4f}" for k in order))


if __name__ == "__main__":
    main()
