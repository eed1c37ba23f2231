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


def _one_line_error(result: subprocess.CompletedProcess[str], *words: str) -> None:
    """A refusal is one clear line naming what is wrong: no traceback."""
    assert result.returncode != 0, result.stdout
    assert "Traceback" not in result.stderr and "Error:" not in result.stderr.replace("error:", ""), result.stderr
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1, result.stderr
    for word in words:
        assert word in lines[0], lines[0]


def test_a_plain_path_is_a_store_file_and_a_bad_url_is_one_line(seeds_dir: Path, tmp_path: Path) -> None:
    store = tmp_path / "x.db"
    run = storyline("ingest", str(seeds_dir / "001_bff241c1b6aff0a8.txt"), "--db", str(store))
    assert run.returncode == 0, run.stderr
    assert store.is_file()
    _one_line_error(storyline("export", "articles", "--db", "postgres//nowhere:bad"), "--db", "postgres//nowhere:bad")


def test_commands_that_read_refuse_a_store_that_is_not_there(tmp_path: Path) -> None:
    missing = tmp_path / "typo.db"
    for args in (["report", "-o", str(tmp_path / "r.html")], ["export", "events"], ["link"], ["compare"]):
        _one_line_error(storyline(*args, "--db", str(missing)), str(missing), "no store")
        _one_line_error(storyline(*args, "--db", f"sqlite:///{missing}"), "no store")
    assert not missing.exists()


def test_export_to_a_missing_folder_is_one_line(seeds_dir: Path, tmp_path: Path) -> None:
    store = tmp_path / "s.db"
    assert storyline("ingest", str(seeds_dir / "001_bff241c1b6aff0a8.txt"), "--db", str(store)).returncode == 0
    target = tmp_path / "no" / "such" / "x.jsonl"
    _one_line_error(storyline("export", "articles", "--db", str(store), "-o", str(target)), str(target.parent))


def test_the_help_speaks_to_a_user_with_an_example() -> None:
    result = storyline("--help")
    assert result.returncode == 0
    assert "storyline run" in result.stdout and "report.html" in result.stdout
    assert "dispatches" not in result.stdout and "Rich lives" not in result.stdout


def test_a_bad_json_line_reads_as_english(tmp_path: Path) -> None:
    source = tmp_path / "bad.jsonl"
    source.write_text('{"id": "a", "text": "Officials met in Geneva on Monday."}\n{"id": "b", "text": "Unclosed', "utf-8")
    result = storyline("ingest", str(source), "--db", str(tmp_path / "s.db"))
    assert "starting at column" in result.stderr and "at at" not in result.stderr, result.stderr


def test_parquet_is_never_written_to_a_terminal(seeds_dir: Path, tmp_path: Path) -> None:
    """Binary output with no --output, its standard output a terminal: one line saying to give a file."""
    import os
    import pty
    import select

    store = tmp_path / "s.db"
    assert storyline("ingest", str(seeds_dir / "001_bff241c1b6aff0a8.txt"), "--db", str(store)).returncode == 0
    master, slave = pty.openpty()
    command = [sys.executable, "-m", "storyline.cli", "export", "articles", "--format", "parquet", "--db", str(store)]
    process = subprocess.Popen(command, stdout=slave, stderr=subprocess.PIPE, text=True)
    os.close(slave)
    written = b""
    while select.select([master], [], [], 60)[0]:
        try:
            chunk = os.read(master, 65536)
        except OSError:  # the terminal closed with the process
            break
        if not chunk:
            break
        written += chunk
    os.close(master)
    assert process.wait(timeout=60) == 2
    assert written == b"", written[:80]
    assert "--output" in process.stderr.read()


def test_the_readmes_first_run_works_as_written(seeds_dir: Path, tmp_path: Path) -> None:
    """The README's walkthrough, pasted into a shell beside the shared data: each storyline line runs, the report is
    written where it says, and the export prints the conflicts (``serve`` and the browser line are not run)."""
    import re
    import shlex

    root = Path(__file__).resolve().parents[1]
    readme = (root / "README.md").read_text("utf-8")
    first_screen = readme[: readme.index("## What works today")]
    assert "make demo" in first_screen and "make test" in first_screen
    block = re.search(r"### Your first run.*?```\n(.*?)```", first_screen, re.S)
    assert block, "the README opens with a first-run walkthrough"
    lines = [line.split("#", 1)[0].strip() for line in block.group(1).splitlines()]
    commands = [shlex.split(line) for line in lines if line.startswith(".venv/bin/storyline")]
    assert [c[1] for c in commands] == ["run", "serve", "export"]
    for command in commands:
        if command[1] == "serve":
            continue
        args = [str(seeds_dir) if a == "../shared/corpus/seeds" else a for a in command[1:]]
        result = storyline(*args, cwd=tmp_path)
        assert result.returncode == 0, f"{' '.join(command)}: {result.stderr}"
        if command[1] == "export":
            assert json.loads(result.stdout.splitlines()[0])["attribute"], result.stdout[:200]
    assert (tmp_path / "report.html").is_file() and (tmp_path / "seeds.db").is_file()


def test_make_clean_removes_what_the_commands_write() -> None:
    root = Path(__file__).resolve().parents[1]
    result = subprocess.run(["make", "-n", "clean"], cwd=root, capture_output=True, text=True, timeout=60)
    assert result.returncode == 0
    assert {"storyline.db", "report.html"} <= set(result.stdout.split())
