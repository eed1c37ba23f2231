"""Bar 1 of scale: the per-article stages on two processes and on a local Dask cluster of two workers give the
same articles, events, stories and conflicts as one process, on the seeds plus the samples."""

from __future__ import annotations

from pathlib import Path

import pytest

from test_cli import storyline

KINDS = ("articles", "events", "stories", "actors", "conflicts", "agreements", "positions", "summaries")
RUNS = {"one process": ["--workers", "1"], "two processes": ["--workers", "2"], "dask local": ["--dask", "local", "--workers", "2"]}


@pytest.fixture(scope="module")
def exports(seeds_dir: Path, samples_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, dict[str, str]]:
    found: dict[str, dict[str, str]] = {}
    for name, options in RUNS.items():
        folder = tmp_path_factory.mktemp(name.replace(" ", "-"))
        db = f"sqlite:///{folder / 'store.db'}"
        run = storyline("run", str(seeds_dir), str(samples_dir), "--db", db, "--report", str(folder / "r.html"), *options)
        assert run.returncode == 0, run.stderr
        found[name] = {kind: storyline("export", kind, "--format", "jsonl", "--db", db).stdout for kind in KINDS}
    return found


@pytest.mark.parametrize("run", ["two processes", "dask local"])
def test_the_same_records_as_one_process(exports: dict[str, dict[str, str]], run: str) -> None:
    reference = exports["one process"]
    assert reference["articles"].count("\n") == 31 and reference["conflicts"].strip()
    for kind in KINDS:
        assert exports[run][kind] == reference[kind], f"{run}: {kind} differ"
