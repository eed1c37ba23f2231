"""The learned link scorer: its model file, its pair features, and the linker's promises under it (order-free,
incremental) on real coverage (news-series dev, English pages, read as text only)."""

from __future__ import annotations

import datetime as dt
import json
import random
from pathlib import Path

import pytest

from storyline.link.events import EventLinker, LinkSettings
from storyline.link.features import link_doc, ordinals
from storyline.link.pair_model import pair_model
from storyline.link.pairs import FEATURES, Side, idf, pair_features
from storyline.model import Article, Published

LEARNED = LinkSettings(scorer="learned")


@pytest.fixture(scope="module")
def series_docs(shared: Path) -> list:
    rows = [json.loads(line) for line in (shared / "benchmarks" / "news-series" / "docs.jsonl").open(encoding="utf-8")]
    articles = []
    for row in rows:
        if row["split"] == "dev" and row["lang"] == "en":
            day = dt.date.fromisoformat(row["published"]) if row["published"] else None
            published = Published(value=day)
            articles.append(Article(id=row["id"], source="news-series", text=row["text"], published=published))
    return [link_doc(a) for a in articles]


def test_the_shipped_model_scores_the_features_the_code_computes() -> None:
    model = pair_model()
    assert model.features == FEATURES
    assert model.about.get("trained_on") == ["ecbplus-train", "news-series-train"], "fitted on train halves only"
    assert "ecbplus-dev" not in model.about["trained_on"]
    assert 0.0 < model.probability([0.0] * len(FEATURES)) < 1.0


def test_pair_features_are_symmetric(series_docs: list) -> None:
    weights = idf(series_docs)
    sides = [Side.of(d, weights) for d in series_docs[:12]]
    for a in sides:
        for b in sides:
            assert pair_features(a, b) == pytest.approx(pair_features(b, a))


def test_ordinals_name_which_member_of_a_series() -> None:
    text = "The fourth round of talks ended in Muscat. Starship Flight 8 exploded; the 2nd phase begins."
    assert ordinals(text) == {"round:4", "flight:8", "phase:2"}
    assert ordinals("First, the minister spoke.") == frozenset()


def test_the_learned_linker_does_not_depend_on_arrival_order(series_docs: list) -> None:
    results = []
    for seed in range(3):
        docs = series_docs[:]
        random.Random(seed).shuffle(docs)
        linker = EventLinker(LEARNED)
        start = 0
        rng = random.Random(seed)
        while start < len(docs):
            size = rng.randint(1, 15)
            linker.add(docs[start : start + size])
            start += size
        results.append(linker.assignments())
    assert results[0] == results[1] == results[2]
    assert len(set(results[0].values())) > 5, "the dev half's look-alike events are not one cluster"


def test_a_restored_learned_linker_is_the_one_that_was_saved(series_docs: list) -> None:
    linker = EventLinker(LEARNED)
    linker.add(series_docs)
    again = EventLinker(LEARNED)
    again.restore(linker.docs().values(), linker.edges())
    assert again.assignments() == linker.assignments()


def test_an_unknown_scorer_is_refused() -> None:
    with pytest.raises(ValueError, match="link scorer"):
        EventLinker(LinkSettings(scorer="magic"))


def test_news_series_stays_above_its_floors(shared: Path) -> None:
    """bench/news_series.py on the dev half (English pages): the rules scorer, and the learned one above it."""
    import re
    import subprocess
    import sys

    root = Path(__file__).resolve().parents[1]
    floors = json.loads((root / "bench" / "baseline.json").read_text("utf-8"))["news_series"]
    bench = str(root / "bench" / "news_series.py")
    result = subprocess.run([sys.executable, bench], capture_output=True, text=True, timeout=900, check=True)
    figures = {k: float(v) for k, v in re.findall(r"(\w+)=([\d.]+)", result.stdout.strip().splitlines()[-1])}
    for key, floor in floors.items():
        assert figures[key] >= floor, f"{key} {figures[key]} < floor {floor}"
    assert figures["learned_events_f1_dev"] > figures["baseline_f1_dev"]
