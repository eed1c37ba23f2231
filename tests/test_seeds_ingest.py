"""Bar 1 of ingest: the five real seed articles come out as the team's annotation says."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from storyline.ingest import Status, ingest
from storyline.ingest.repair import fold
from storyline.model import Article, DateSource
from storyline.store import Store


@pytest.fixture(scope="module")
def seeds(seeds_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Article]:
    """The seeds, ingested into a real SQLite store and read back from it."""
    url = f"sqlite:///{tmp_path_factory.mktemp('seeds') / 'store.db'}"
    store = Store(url)
    outcomes = list(ingest([seeds_dir], store))
    assert [o.status for o in outcomes] == [Status.STORED] * 5
    articles = {a.id: a for a in store.articles()}
    store.close()
    return articles


def test_every_seed_is_stored_under_its_file_name(seeds: dict[str, Article], seeds_gold: dict) -> None:
    assert set(seeds) == set(seeds_gold["articles"])


def test_must_be_removed_strings_are_gone(seeds: dict[str, Article], seeds_gold: dict) -> None:
    for key, gold in seeds_gold["articles"].items():
        for junk in gold.get("cleaning", {}).get("must_be_removed", []):
            assert junk not in seeds[key].text, f"{key}: {junk!r} is still in the text"


def test_titles_match_the_gold_and_stand_once(seeds: dict[str, Article], seeds_gold: dict) -> None:
    for key, gold in seeds_gold["articles"].items():
        article = seeds[key]
        assert article.title == gold["title"], key
        if gold["title"]:
            lines = [line for line in article.text.splitlines() if fold(line) == fold(gold["title"])]
            assert len(lines) == 1, f"{key}: title stands {len(lines)} times"
            assert article.text.count(gold["title"]) == 1
            assert article.text.startswith(gold["title"])


def test_published_dates_match_the_gold(seeds: dict[str, Article], seeds_gold: dict) -> None:
    for key, gold in seeds_gold["articles"].items():
        published = seeds[key].published
        if gold["published"] is None:
            assert published.value is None and published.source is DateSource.UNKNOWN, key
        else:
            assert published.value == dt.date.fromisoformat(gold["published"]), key
    assert seeds["002_be88fe9b0bee517e"].published.source is DateSource.DATELINE


def test_flattened_tables_come_back_with_gold_header_and_rows(seeds: dict[str, Article], seeds_gold: dict) -> None:
    gold_tables = seeds_gold["articles"]["000_d86872217a1edc23"]["cleaning"]["tables"]
    tables = seeds["000_d86872217a1edc23"].cleaning.tables
    assert len(tables) == len(gold_tables)
    for table, gold in zip(tables, gold_tables, strict=True):
        assert table.header == gold["header"]
        assert len(table.rows) == gold["rows"]
        assert table.rows[0] == gold["first_row"]
        assert all(len(row) == len(gold["header"]) for row in table.rows)


def test_trailer_of_003_is_metadata_not_text(seeds: dict[str, Article], seeds_dir: Path) -> None:
    article = seeds["003_381c122b29faf23c"]
    raw = [line.strip() for line in (seeds_dir / "003_381c122b29faf23c.txt").read_text("utf-8").splitlines()]
    header = raw.index("Reference(s):")
    assert article.outlet == "cgtn.com"
    assert article.outlet_source == "trailer"
    assert article.metadata["source_title"] == raw[header + 1]
    assert "Reference(s)" not in article.text and "cgtn.com" not in article.text
    assert article.text.rstrip().endswith(raw[header - 1])


def test_mixed_script_is_kept_and_flagged(seeds: dict[str, Article]) -> None:
    article = seeds["000_d86872217a1edc23"]
    assert "第三方" in article.text
    assert "mixed_script" in article.flags
    assert any("CJK" in w for w in article.cleaning.warnings)
    assert all("mixed_script" not in seeds[k].flags for k in seeds if not k.startswith("000"))


def test_every_removal_is_recorded_with_its_reason(seeds: dict[str, Article], seeds_dir: Path) -> None:
    reasons = {r.reason for r in seeds["002_be88fe9b0bee517e"].cleaning.removals}
    assert {"counter", "image alt text", "dateline (kept as the published date)"} <= reasons
    assert any(r.startswith("page footer") for r in reasons)
    for key, article in seeds.items():
        raw_lines = (seeds_dir / f"{key}.txt").read_text("utf-8").splitlines()
        for removal in article.cleaning.removals:
            assert removal.reason
            if removal.line is not None:
                assert removal.text in raw_lines[removal.line - 1], (key, removal)


def test_section_label_and_keyword_line_are_removed(seeds: dict[str, Article]) -> None:
    article = seeds["004_a535a716b7896970"]
    assert not article.text.startswith("News")
    removed = {(r.reason, r.text) for r in article.cleaning.removals}
    assert ("section label", "News") in removed
    assert ("image alt text or keyword line", "trump putin phone call") in removed


def test_language_is_english(seeds: dict[str, Article]) -> None:
    assert {a.language for a in seeds.values()} == {"en"}
