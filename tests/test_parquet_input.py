"""Parquet as an input: one article a row, the JSONL fields as columns; bad files and rows are named problems."""

from __future__ import annotations

import json
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from storyline.errors import Problem
from storyline.ingest import Status, ingest
from storyline.store import Store


def _articles(store: Store) -> list[tuple]:
    return [(a.id, a.url, a.outlet, a.title, a.published.value, a.text) for a in store.articles()]


def test_a_parquet_file_gives_the_articles_its_jsonl_twin_gives(samples_dir: Path, tmp_path: Path) -> None:
    feed = samples_dir / "limadispatch" / "ld-feed.jsonl"
    rows = [json.loads(line) for line in feed.read_text("utf-8").splitlines() if line.strip()]
    parquet = tmp_path / "ld-feed.parquet"
    pq.write_table(pa.Table.from_pylist(rows), parquet)
    from_jsonl, from_parquet = Store(f"sqlite:///{tmp_path / 'a.db'}"), Store(f"sqlite:///{tmp_path / 'b.db'}")
    list(ingest([feed], from_jsonl))
    outcomes = list(ingest([parquet], from_parquet))
    assert [o.status for o in outcomes] == [Status.STORED] * len(rows)
    assert _articles(from_parquet) == _articles(from_jsonl) and len(rows) == 3


def test_bad_parquet_files_and_rows_are_named_problems_and_the_rest_is_kept(tmp_path: Path) -> None:
    broken = tmp_path / "broken.parquet"
    broken.write_bytes(b"PAR1 this is not a parquet file")
    no_text = tmp_path / "no-text.parquet"
    pq.write_table(pa.table({"id": ["a"], "title": ["t"]}), no_text)
    mixed = tmp_path / "mixed.parquet"
    pq.write_table(pa.table({"id": ["ok", "empty"], "text": ["Officials met in Geneva on Monday to discuss the talks.", " "]}), mixed)
    store = Store(f"sqlite:///{tmp_path / 'store.db'}")
    outcomes = list(ingest([broken, no_text, mixed], store))
    problems = {o.source: o.problem for o in outcomes if o.problem is not None}
    assert problems[str(broken)].code is Problem.E012 and str(broken) in problems[str(broken)].message
    assert problems[str(no_text)].code is Problem.E012 and "'text' or 'html'" in problems[str(no_text)].message
    assert problems[f"{mixed}:2"].code is Problem.E005
    assert [a.id for a in store.articles()] == ["ok"]
