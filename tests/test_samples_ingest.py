"""The demo corpus (samples/) ingests as its manifest says: noise gone, dates, tables, copies."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from storyline.ingest import Status, ingest
from storyline.ingest.repair import fold
from storyline.model import Article
from storyline.store import Store


@pytest.fixture(scope="module")
def manifest(samples_dir: Path) -> dict:
    return json.loads((samples_dir / "MANIFEST.json").read_text("utf-8"))


@pytest.fixture(scope="module")
def samples(samples_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Article]:
    store = Store(f"sqlite:///{tmp_path_factory.mktemp('samples') / 'store.db'}")
    outcomes = list(ingest([samples_dir], store))
    assert all(o.status is Status.STORED for o in outcomes), [o.problem for o in outcomes if o.problem]
    articles = {a.id: a for a in store.articles()}
    store.close()
    return articles


def test_corpus_has_the_promised_breadth(manifest: dict, samples: dict[str, Article]) -> None:
    assert set(samples) == set(manifest["articles"])
    assert len(samples) >= 20
    assert len(manifest["outlets"]) >= 6
    assert len(manifest["events"]) >= 4 and len(manifest["stories"]) >= 2
    assert sum(1 for a in samples.values() if a.outlet) >= 15


def test_noise_is_removed_from_every_body(manifest: dict, samples: dict[str, Article]) -> None:
    for key, gold in manifest["articles"].items():
        body = samples[key].body
        lines = {line.strip() for line in body.splitlines()}
        for junk in gold.get("must_be_removed", []):
            if len(junk) <= 3:
                assert junk not in lines, (key, junk)
            else:
                assert junk not in body, (key, junk)
        for keep in gold.get("must_keep", []):
            assert keep in body, (key, keep)


def test_repeated_subheadings_collapse_to_one(manifest: dict, samples: dict[str, Article]) -> None:
    for key, gold in manifest["articles"].items():
        for heading in gold.get("collapse_to_one", []):
            count = sum(1 for line in samples[key].text.splitlines() if fold(line) == fold(heading))
            assert count <= 1, (key, heading, count)


def test_titles_and_published_dates(manifest: dict, samples: dict[str, Article]) -> None:
    for key, gold in manifest["articles"].items():
        article = samples[key]
        if gold.get("title"):
            assert article.title is not None and fold(article.title) == fold(gold["title"]), key
        published = article.published.value.isoformat() if article.published.value else None
        assert published == gold.get("published"), key


def test_tables_come_back(manifest: dict, samples: dict[str, Article]) -> None:
    for key, gold in manifest["articles"].items():
        for table in gold.get("tables", []):
            found = [(t.header, len(t.rows)) for t in samples[key].cleaning.tables]
            assert (table["header"], table["rows"]) in found, (key, found)


def test_planted_copies_are_linked(manifest: dict, samples: dict[str, Article]) -> None:
    for dup in manifest["duplicates"]:
        copy, original = samples[dup["copy"]], samples[dup["of"]]
        # "first copy seen": folders are read in sorted order, so either may have arrived first
        linked = {(copy.duplicate_of, copy.duplicate_kind), (original.duplicate_of, original.duplicate_kind)}
        assert (dup["of"], dup["kind"]) in linked or (dup["copy"], dup["kind"]) in linked, dup
    copies = {a.id for a in samples.values() if a.duplicate_of}
    assert len(copies) == len(manifest["duplicates"])


def test_misdated_page_keeps_its_page_date(manifest: dict, samples: dict[str, Article]) -> None:
    for entry in manifest["misdated"]:
        assert samples[entry["article"]].published.value.isoformat() == entry["page_date"]


def test_a_bare_text_takes_its_outlet_from_its_dateline_credit(samples: dict[str, Article]) -> None:
    # "ARICA, Chile (Northwire) – ...": a plain-text file with no URL is credited to the wire that wrote it
    wire = samples["nw-b1-border-exchange"]
    assert (wire.outlet, wire.outlet_source) == ("Northwire", "credit")
    # a republisher's page keeps its own host; the credit it prints is kept beside it
    copy = samples["dd-a1-trawlers-call"]
    assert copy.outlet == "dailydigest.example" and copy.metadata.get("credit") == "Northwire"
    # a byline ("By Chronicle staff") names no outlet
    assert samples["sc-b1-prisoner-swap"].outlet is None
