"""Contradictions on real coverage: compare's conflicts on the news-series dev half, judged against labels.

The dev half of ``../shared/benchmarks/news-series`` (79 real excerpts, all languages) goes through every stage
(storyline's own linking: a linking error that sets two events against each other counts against compare too).
``bench/labels/news_series_disagreements.json`` lists the disagreements outlets really have there, found by reading
every text (how it was made: its ``about``): each side is an article and the span that states the value.

- a labelled disagreement is **found** when one conflict puts spans of two of its sides on different sides;
- a reported conflict is **labelled** when it matches a labelled disagreement, else **unlabelled**: each of those is
  printed with its sides' sentences, for a reader to judge;
- every self-contradiction flag is printed with its words.

Last line: ``compare_real conflicts=… labelled_real_found=… of=… unlabelled=… self_contradictions=…``.
Run: ``.venv/bin/python bench/compare_real.py`` (the first run annotates the excerpts: a minute or two).
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import ROOT, shared_dir  # noqa: E402

from storyline.annotate import annotate_stored  # noqa: E402
from storyline.compare.pipeline import compare_stored  # noqa: E402
from storyline.ingest import ingest  # noqa: E402
from storyline.link.pipeline import link_stored  # noqa: E402
from storyline.model import Conflict  # noqa: E402
from storyline.store import Store  # noqa: E402

LABELS = ROOT / "bench" / "labels" / "news_series_disagreements.json"


@dataclass(frozen=True)
class Labelled:
    event: str
    what: str  # "duration of the call"
    sides: tuple[frozenset[tuple[str, int, int]], ...]  # per side: (article, start, end) spans
    borderline: bool


def labels() -> tuple[list[Labelled], dict]:
    if not LABELS.is_file():
        raise SystemExit(f"{LABELS}: the labelled disagreements are not made yet (see this script's docstring)")
    data = json.loads(LABELS.read_text("utf-8"))
    found = []
    for item in data["disagreements"]:
        if item.get("update"):
            continue  # a figure that changed over time, told as such: not a contradiction
        sides = tuple(
            frozenset((a["id"], a["start"], a["end"]) for a in side["articles"]) for side in item["sides"]
        )
        what = f"{item['attribute']} of {item['subject']}"
        found.append(Labelled(item["event"], what, sides, item.get("borderline", False)))
    return found, data


def store_of(work: Path) -> Store:
    """The dev half ingested once (kept under ``work``), annotated again when the annotator changed, and linked
    and compared on every run."""
    db = work / "news-series-dev.db"
    ready = work / "news-series-dev.ready"
    store = Store(f"sqlite:///{db}")
    if not ready.exists():
        source = work / "news-series-dev.jsonl"
        rows = [json.loads(line) for line in (shared_dir() / "benchmarks" / "news-series" / "docs.jsonl").open()]
        with source.open("w", encoding="utf-8") as out:
            for row in rows:
                if row["split"] == "dev":
                    fields = ("id", "url", "outlet", "published", "text")
                    out.write(json.dumps({k: row[k] for k in fields if row.get(k) is not None}) + "\n")
        list(ingest([source], store))
        ready.touch()
    list(annotate_stored(store))  # again only when the annotator changed
    return store


def _overlaps(span: tuple[str, int, int], article: str, start: int, end: int) -> bool:
    return span[0] == article and span[1] < end and start < span[2]


def _side_of(conflict: Conflict, labelled: Labelled) -> list[set[int]]:
    """For each conflict side, which labelled sides its claims' spans fall on."""
    hits = []
    for side in conflict.sides:
        on: set[int] = set()
        for value in side.claims:
            span = value.citation.span
            for n, spans in enumerate(labelled.sides):
                if any(_overlaps(s, span.article_id, span.start, span.end) for s in spans):
                    on.add(n)
        hits.append(on)
    return hits


def matches(conflict: Conflict, labelled: Labelled) -> bool:
    """True when two of the conflict's sides hold spans of two different labelled sides."""
    hits = _side_of(conflict, labelled)
    return any(a != b and a in hits[i] and b in hits[j]
               for i in range(len(hits)) for j in range(i + 1, len(hits)) for a in hits[i] for b in hits[j])


def _sentence(store_texts: dict[str, str], article: str, start: int, end: int) -> str:
    text = store_texts.get(article, "")
    left = max(text.rfind(". ", 0, start), text.rfind("\n", 0, start)) + 1
    right = min([i for i in (text.find(". ", end), text.find("\n", end)) if i >= 0] or [len(text)])
    return " ".join(text[left : right + 1].split())[:300]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--work", type=Path, default=Path(tempfile.gettempdir()) / "storyline-compare-real")
    args = parser.parse_args()
    args.work.mkdir(parents=True, exist_ok=True)
    wanted, _ = labels()
    store = store_of(args.work)
    link_stored(store)
    compared = compare_stored(store)
    texts = {a.id: a.text for a in store.articles()}
    store.close()
    found = [w for w in wanted if any(matches(c, w) for c in compared.conflicts)]
    unlabelled = [c for c in compared.conflicts if not any(matches(c, w) for w in wanted)]
    print(f"labelled disagreements: {len(wanted)} ({sum(w.borderline for w in wanted)} borderline)")
    for w in wanted:
        print(f"  {'FOUND ' if w in found else 'missed'} {w.event}: {w.what}{' (borderline)' if w.borderline else ''}")
    print(f"reported conflicts: {len(compared.conflicts)}; outside the labels: {len(unlabelled)}")
    for conflict in unlabelled:
        print(f"  {conflict.id}: {conflict.subject_label} · {conflict.attribute}")
        for side in conflict.sides:
            for value in side.claims[:3]:
                s = value.citation.span
                print(f"    [{side.value}] {s.article_id}: {_sentence(texts, s.article_id, s.start, s.end)}")
    flags = [(p.outlet, f) for p in compared.sources for f in p.flags if f.code == "self_contradiction"]
    print(f"self-contradiction flags: {len(flags)}")
    for outlet, flag in flags:
        print(f"  {flag.article_id} ({outlet}): {flag.detail}")
    print(
        f"compare_real conflicts={len(compared.conflicts)} labelled_real_found={len(found)} of={len(wanted)} "
        f"unlabelled={len(unlabelled)} self_contradictions={len(flags)}"
    )


if __name__ == "__main__":
    main()
