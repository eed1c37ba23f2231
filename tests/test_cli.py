"""The command line as other tools use it: run, export (jsonl, csv), demo."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
from pathlib import Path


def storyline(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "storyline.cli", *args], capture_output=True, text=True, timeout=300, cwd=cwd
    )


def test_run_then_export_articles_as_jsonl_and_csv(seeds_dir: Path, db_url: str, tmp_path: Path) -> None:
    run = storyline("run", str(seeds_dir), "--db", db_url)
    assert run.returncode == 0, run.stderr
    assert "new articles" in run.stdout and "5" in run.stdout

    out = tmp_path / "articles.jsonl"
    export = storyline("export", "articles", "--format", "jsonl", "-o", str(out), "--db", db_url)
    assert export.returncode == 0, export.stderr
    rows = [json.loads(line) for line in out.read_text("utf-8").splitlines()]
    assert len(rows) == 5
    for key in ("id", "url", "outlet", "title", "published", "duplicate_of", "story_id", "event_id", "text"):
        assert all(key in row for row in rows), key
    by_id = {row["id"]: row for row in rows}
    assert by_id["002_be88fe9b0bee517e"]["published"] == "2025-04-28"
    assert by_id["003_381c122b29faf23c"]["outlet"] == "cgtn.com"
    assert by_id["000_d86872217a1edc23"]["cleaning"]["tables"][0]["header"] == ["Challenge", "Description"]

    as_csv = storyline("export", "articles", "--format", "csv", "--db", db_url)
    assert as_csv.returncode == 0, as_csv.stderr
    table = list(csv.DictReader(io.StringIO(as_csv.stdout)))
    assert [r["id"] for r in table] == [r["id"] for r in rows]
    assert table[0]["text"] == rows[0]["text"]


def test_demo_runs_on_the_bundled_samples(tmp_path: Path) -> None:
    result = storyline("demo", "--db", f"sqlite:///{tmp_path / 'demo.db'}", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "articles in store" in result.stdout
