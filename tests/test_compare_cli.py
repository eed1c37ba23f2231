"""The compare stage through the command line: run prints events, conflicts and flagged outlets; every compare
export loads as JSONL and CSV; a page mixing scripts inside words is flagged."""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path

from test_cli import storyline


def _count(output: str, label: str) -> int:
    found = re.search(rf"{label}\W+(\d+)", output)
    assert found, output
    return int(found.group(1))


def test_run_prints_events_conflicts_and_flagged_outlets_and_exports_load(samples_dir: Path, db_url: str) -> None:
    run = storyline("run", str(samples_dir), "--db", db_url)
    assert run.returncode == 0, run.stderr
    assert "storyline: compare" in run.stdout
    assert _count(run.stdout, "conflicts") >= 4  # the four the samples plant
    assert _count(run.stdout, "flagged outlets") >= 1  # the misdated page
    assert _count(run.stdout.split("storyline: compare")[1], "events") == 5  # the five the samples plant
    for kind in ("conflicts", "agreements", "claims", "positions", "sources", "summaries", "timeline", "quotes"):
        as_jsonl = storyline("export", kind, "--format", "jsonl", "--db", db_url)
        assert as_jsonl.returncode == 0, as_jsonl.stderr
        rows = [json.loads(line) for line in as_jsonl.stdout.splitlines()]
        assert rows, kind
        as_csv = storyline("export", kind, "--format", "csv", "--db", db_url)
        assert len(list(csv.DictReader(io.StringIO(as_csv.stdout)))) == len(rows), kind
    claims = [json.loads(line) for line in storyline("export", "claims", "--db", db_url).stdout.splitlines()]
    assert any(c["text"] == "more than two hours" and not c["majority"] for c in claims)


def test_a_page_mixing_scripts_inside_words_is_flagged(tmp_path: Path, db_url: str) -> None:
    page = tmp_path / "spoof.txt"
    page.write_text(
        "---\noutlet: Spoof Wire\npublished: 2026-03-02\n---\n"
        "Officials in Kyiv said on Monday that the talks with Moscow would resume next week in Geneva.\n"
        "The Ukrаinian delegation, led by the foreign minister, will travel on Sunday, officials said.\n",
        encoding="utf-8",
    )  # the "а" of "Ukrаinian" is Cyrillic
    assert storyline("run", str(page), "--db", db_url).returncode == 0
    sources = [json.loads(line) for line in storyline("export", "sources", "--db", db_url).stdout.splitlines()]
    flags = [flag for source in sources for flag in source["flags"]]
    assert any(flag.startswith("mixed_script: Ukrаinian") for flag in flags), flags
