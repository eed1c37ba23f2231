"""Exports for analysts: every record kind as Parquet, and events as PLOVER JSON, load in pandas and DuckDB."""

from __future__ import annotations

import json
from pathlib import Path

import duckdb
import pandas as pd
import pytest

from test_cli import storyline

KINDS = ("articles", "events", "stories", "actors", "quotes", "conflicts", "agreements", "claims", "positions",
         "sources", "summaries", "timeline")


@pytest.fixture(scope="module")
def db(samples_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> str:
    folder = tmp_path_factory.mktemp("exports")
    url = f"sqlite:///{folder / 'store.db'}"
    assert storyline("run", str(samples_dir), "--db", url, "--report", str(folder / "report.html")).returncode == 0
    return url


@pytest.mark.parametrize("kind", KINDS)
def test_every_kind_exports_as_parquet_that_pandas_and_duckdb_load(db: str, kind: str, tmp_path: Path) -> None:
    path = tmp_path / f"{kind}.parquet"
    result = storyline("export", kind, "--format", "parquet", "-o", str(path), "--db", db)
    assert result.returncode == 0, result.stderr
    frame = pd.read_parquet(path)
    assert len(frame) > 0
    assert duckdb.sql(f"SELECT count(*) FROM read_parquet('{path}')").fetchall()[0][0] == len(frame)
    jsonl = storyline("export", kind, "--format", "jsonl", "--db", db).stdout.splitlines()
    assert len(jsonl) == len(frame)


def test_events_export_as_plover_json_that_pandas_and_duckdb_load(db: str, tmp_path: Path) -> None:
    path = tmp_path / "events.plover.jsonl"
    result = storyline("export", "events", "--format", "plover", "-o", str(path), "--db", db)
    assert result.returncode == 0, result.stderr
    records = [json.loads(line) for line in path.read_text("utf-8").splitlines()]
    assert records
    for record in records:
        assert {"id", "date", "actor", "recipient", "event", "mode", "context", "event_text", "text", "citation"} <= set(record)
        assert record["event"] and record["citation"]
        for entity in record["actor"] + record["recipient"]:
            assert {"raw_text", "entity_name", "country_name", "sector_code"} <= set(entity)
        assert all({"url", "outlet"} <= set(c) for c in record["citation"])
    call = next(r for r in records if r["event"] == ["CONSULT"] and r["date"] == "2026-03-10")
    assert {"Torstein Aasland", "Hildur Magnúsdóttir"} & {e["entity_name"] for e in call["actor"] + call["recipient"]}
    frame = pd.read_json(path, lines=True)
    assert len(frame) == len(records)
    assert duckdb.sql(f"SELECT count(*) FROM read_json_auto('{path}')").fetchall()[0][0] == len(records)


def test_plover_holds_events_only(db: str) -> None:
    result = storyline("export", "articles", "--format", "plover", "--db", db)
    assert result.returncode == 2 and "events only" in result.stdout + result.stderr
