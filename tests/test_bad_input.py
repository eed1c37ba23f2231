"""Bar 4 of ingest: each bad input gets one clear line naming it and the reason; the rest is ingested."""

from __future__ import annotations

import json
import socket
import subprocess
import sys
from pathlib import Path

import pytest

from storyline.errors import Problem
from storyline.ingest import Status, ingest
from storyline.store import Store


@pytest.fixture
def db_url(any_db_url: str) -> str:
    """The store tests run on SQLite and on PostgreSQL."""
    return any_db_url


PARAGRAPH = (
    "The harbour authority of Tromsø confirmed on Tuesday that the inspection of the trawler fleet would "
    "continue through the weekend, after inspectors found that three vessels had landed more mackerel than "
    "their licences allowed. The authority's director said the fines would be announced next month. "
)
ARTICLE_HTML = (
    "<!doctype html><html><head><title>Inspectors extend trawler checks</title>"
    '<meta property="og:site_name" content="Fjord Post"></head><body>'
    "<nav>Home | World | Business</nav><article><h1>Inspectors extend trawler checks</h1>"
    + "".join(f"<p>{PARAGRAPH} Paragraph {i}.</p>" for i in range(5))
)


def closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def bad_folder(tmp_path: Path) -> Path:
    folder = tmp_path / "inputs"
    folder.mkdir()
    (folder / "good.txt").write_text("Fleet inspection extended\n\n" + PARAGRAPH * 3, encoding="utf-8")
    (folder / "binary.txt").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4)
    (folder / "empty.txt").write_bytes(b"")
    (folder / "latin1.txt").write_bytes(("Café owners in Bodø protest\n\n" + PARAGRAPH * 2).encode("latin-1"))
    (folder / "truncated.html").write_text(ARTICLE_HTML + "<p>The director added that the", encoding="utf-8")
    lines = [
        json.dumps({"id": "j1", "text": PARAGRAPH * 2, "outlet": "fjordpost.example", "published": "2026-03-10"}),
        '{"id": "j2", "text": "unterminated',
        json.dumps({"id": "j3", "text": PARAGRAPH + " A different closing sentence about quotas."}),
        json.dumps({"id": "j4", "title": "no body"}),
    ]
    (folder / "feed.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return folder


def test_each_bad_input_is_named_once_and_the_rest_is_stored(bad_folder: Path, store: Store) -> None:
    outcomes = list(ingest([bad_folder], store))
    problems = {o.problem.source.split("/")[-1]: o for o in outcomes if o.problem is not None}
    assert problems["binary.txt"].problem.code is Problem.E002
    assert problems["binary.txt"].status is Status.PROBLEM
    assert problems["empty.txt"].problem.code is Problem.E001
    assert problems["latin1.txt"].problem.code is Problem.W001
    assert problems["latin1.txt"].status is Status.WARNING
    assert problems["truncated.html"].problem.code is Problem.W002
    assert problems["feed.jsonl:2"].problem.code is Problem.E004
    assert problems["feed.jsonl:4"].problem.code is Problem.E005
    assert len(problems) == 6

    stored = {a.id: a for a in store.articles()}
    assert set(stored) == {"good", "latin1", "truncated", "j1", "j3"}
    assert "Café owners in Bodø protest" == stored["latin1"].title
    assert "inspection of the trawler fleet" in stored["truncated"].text
    assert stored["j1"].outlet == "fjordpost.example" and stored["j1"].outlet_source == "input"
    assert stored["j1"].published.value.isoformat() == "2026-03-10"
    assert store.counts()["problems"] == 6  # every problem is kept in the store too


def test_problem_messages_name_input_reason_and_code(bad_folder: Path, store: Store) -> None:
    messages = [o.problem.message for o in ingest([bad_folder], store) if o.problem is not None]
    binary = next(m for m in messages if "binary.txt" in m)
    assert binary.endswith("binary content, not text (PNG image) [E002]")
    broken = next(m for m in messages if "feed.jsonl:2" in m)
    assert "invalid JSON" in broken
    missing = next(m for m in messages if "feed.jsonl:4" in m)
    assert "'text' or 'html'" in missing


def test_cli_prints_one_line_per_bad_input_and_exits_zero(bad_folder: Path, db_url: str) -> None:
    dead = f"http://127.0.0.1:{closed_port()}/story.html"
    result = subprocess.run(
        [sys.executable, "-m", "storyline.cli", "ingest", str(bad_folder), dead, "--db", db_url],
        capture_output=True, text=True, timeout=120,
    )
    assert result.returncode == 0, result.stderr
    lines = [line for line in result.stderr.splitlines() if line.startswith(("error:", "warning:"))]
    for name, reason in (
        ("binary.txt", "binary content"),
        ("empty.txt", "empty input"),
        ("latin1.txt", "not valid UTF-8"),
        ("truncated.html", "truncated"),
        ("feed.jsonl:2", "invalid JSON"),
        ("feed.jsonl:4", "lacks a usable field"),
        (dead, "cannot connect"),
    ):
        named = [line for line in lines if name in line]
        assert len(named) == 1, (name, lines)
        assert reason in named[0], named[0]
    assert len(lines) == 7


def test_cli_exits_non_zero_when_nothing_could_be_read(tmp_path: Path, db_url: str) -> None:
    (tmp_path / "empty.txt").write_bytes(b"")
    result = subprocess.run(
        [sys.executable, "-m", "storyline.cli", "ingest", str(tmp_path / "empty.txt"), "--db", db_url],
        capture_output=True, text=True, timeout=120,
    )
    assert result.returncode == 1
    assert "empty.txt: empty input" in result.stderr


def test_missing_path_and_unsupported_type_are_reported(tmp_path: Path, store: Store) -> None:
    (tmp_path / "photo.png").write_bytes(b"\x89PNG")
    outcomes = list(ingest([tmp_path / "nope.txt", tmp_path / "photo.png"], store))
    codes = [o.problem.code for o in outcomes]
    assert codes == [Problem.E011, Problem.E003]
