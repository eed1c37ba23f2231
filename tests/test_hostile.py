"""Hostile input: one bad page never costs a run, memory, or the store. Every input here is made at test time (the
bombs are stream-compressed, so the repository holds none); each test failed before its fix."""

from __future__ import annotations

import gzip
import json
import multiprocessing
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from storyline.annotate import annotate_stored
from storyline.config import Settings
from storyline.errors import Problem
from storyline.ingest import Status, ingest
from storyline.store import Store

GOOD = (
    "The harbour authority of Tromsø confirmed on Tuesday that the inspection of the trawler fleet would continue "
    "through the weekend, after inspectors found that three vessels had landed more mackerel than allowed. "
)
SMALL = Settings(max_input_bytes=1_000_000)  # the limits are settings: a small one keeps the bombs small and fast


@pytest.fixture
def db_url(any_db_url: str) -> str:
    """The store tests run on SQLite and on PostgreSQL."""
    return any_db_url


def _gzip_stream(path: Path, head: bytes, filler: bytes, size: int, tail: bytes = b"") -> None:
    """A gzip file that expands to about ``size`` bytes, written a chunk at a time."""
    chunk = filler * ((1 << 20) // len(filler))
    with gzip.open(path, "wb", compresslevel=6) as out:
        out.write(head)
        for _ in range(size // len(chunk) + 1):
            out.write(chunk)
        out.write(tail)


def _warc_bomb(path: Path, size: int) -> None:
    http = b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n"
    body = b"<html><body><p>" + b"a " * (size // 2)
    header = (
        "WARC/1.0\r\nWARC-Type: response\r\nWARC-Target-URI: http://example.com/bomb\r\n"
        "WARC-Record-ID: <urn:uuid:12345678-1234-1234-1234-123456789012>\r\nWARC-Date: 2025-01-01T00:00:00Z\r\n"
        f"Content-Type: application/http; msgtype=response\r\nContent-Length: {len(http) + len(body)}\r\n\r\n"
    ).encode()
    with gzip.open(path, "wb") as out:
        out.write(header + http + body + b"\r\n\r\n")


def _problems(outcomes: list) -> dict[str, Problem]:
    return {Path(o.source.split("#")[0].split(":")[0]).name: o.problem.code for o in outcomes if o.problem}


def test_a_gzip_bomb_is_refused_while_it_expands(tmp_path: Path, store: Store) -> None:
    _gzip_stream(tmp_path / "bomb.html.gz", b"<html><body><p>", b" ", 8 * SMALL.max_input_bytes, b"</p></body></html>")
    _warc_bomb(tmp_path / "bomb.warc.gz", 8 * SMALL.max_input_bytes)
    (tmp_path / "good.txt").write_text("Checks extended\n\n" + GOOD * 3, encoding="utf-8")
    outcomes = list(ingest([tmp_path], store, SMALL))
    assert _problems(outcomes) == {"bomb.html.gz": Problem.E013, "bomb.warc.gz": Problem.E013}
    assert [o.article.id for o in outcomes if o.status is Status.STORED] == ["good"]


def test_a_file_over_the_limit_is_refused_unread(tmp_path: Path, store: Store) -> None:
    (tmp_path / "big.txt").write_text("Big\n\n" + GOOD * (SMALL.max_input_bytes // len(GOOD) + 10), encoding="utf-8")
    (tmp_path / "lines.jsonl").write_text(
        json.dumps({"id": "long", "text": GOOD * (SMALL.max_input_bytes // len(GOOD) + 10)})
        + "\n"
        + json.dumps({"id": "short", "text": GOOD * 2})
        + "\n",
        encoding="utf-8",
    )
    outcomes = list(ingest([tmp_path], store, SMALL))
    refused = sorted(o.source for o in outcomes if o.problem and o.problem.code is Problem.E013)
    assert refused == [str(tmp_path / "big.txt"), f"{tmp_path / 'lines.jsonl'}:1"]
    assert [o.article.id for o in outcomes if o.article] == ["short"]


def test_records_past_the_limit_are_one_line(tmp_path: Path, store: Store) -> None:
    lines = [json.dumps({"id": f"r{i}", "text": f"Story {i}. " + GOOD}) for i in range(5)]
    (tmp_path / "many.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    outcomes = list(ingest([tmp_path], store, Settings(max_records_per_file=3)))
    assert [o.article.id for o in outcomes if o.article] == ["r0", "r1", "r2"]
    (problem,) = [o.problem for o in outcomes if o.problem]
    assert problem.code is Problem.E013 and "3 records" in problem.message


def test_a_page_over_a_million_characters_is_cut_at_a_paragraph_and_flagged(tmp_path: Path, store: Store) -> None:
    paragraphs = [f"Paragraph {i} of the long page says that item {i} was discussed on Tuesday." for i in range(20_000)]
    (tmp_path / "huge.txt").write_text("A very long page\n\n" + "\n\n".join(paragraphs), encoding="utf-8")
    (outcome,) = [o for o in ingest([tmp_path], store) if o.status is Status.WARNING]
    assert outcome.problem is not None and outcome.problem.code is Problem.W004
    (article,) = store.articles()
    assert len(article.text) <= Settings().max_article_chars and "cut" in article.flags
    assert article.text.endswith(".") and "\n\nParagraph" in article.text  # whole paragraphs only


def test_a_poison_pill_is_marked_failed_and_later_runs_go_on(tmp_path: Path, db_url: str) -> None:
    """An article the model cannot take (a store written with a looser limit, or a component that raises) fails
    alone, with its reason; later runs skip it and annotate what comes after it."""
    (tmp_path / "pill.txt").write_text("Pill\n\n" + "\n\n".join(f"Line {i} is here." for i in range(60_000)))
    (tmp_path / "good.txt").write_text("Checks extended\n\n" + GOOD * 3, encoding="utf-8")
    loose = Settings(db_url=db_url, max_article_chars=2_000_000)
    store = Store(db_url)
    list(ingest([tmp_path], store, loose))
    assert [a.article_id for a in annotate_stored(store)] == ["good"]
    (failed,) = store.failures("annotate").items()
    assert failed[0] == "pill" and "over the model's limit" in failed[1]
    later = tmp_path / "later"
    later.mkdir()
    (later / "next.txt").write_text("Fleet returns\n\n" + GOOD.replace("Tuesday", "Friday") * 3, encoding="utf-8")
    list(ingest([later], store))
    assert [a.article_id for a in annotate_stored(store)] == ["next"]
    assert list(annotate_stored(store)) == []
    assert store.counts()["failed"] == 1
    store.close()


def test_deep_json_is_one_bad_line_and_the_rest_is_read(tmp_path: Path, store: Store) -> None:
    deep = '{"text": ' + "[" * 100_000 + "]" * 100_000 + "}"
    fine = json.dumps({"id": "fine", "text": GOOD})
    (tmp_path / "deep.jsonl").write_text(deep + "\n" + fine + "\n", encoding="utf-8")
    outcomes = list(ingest([tmp_path], store))
    (problem,) = [o.problem for o in outcomes if o.problem]
    assert problem.code is Problem.E004 and "nested too deeply" in problem.message and ":1:" in problem.message
    assert [o.article.id for o in outcomes if o.article] == ["fine"]


def test_a_date_of_year_one_is_ignored_with_a_line(tmp_path: Path, store: Store) -> None:
    record = {"id": "old", "published": "0001-01-01", "text": "Officials said yesterday that the dam was repaired."}
    (tmp_path / "old.jsonl").write_text(json.dumps(record) + "\n", encoding="utf-8")
    outcomes = list(ingest([tmp_path], store))
    (problem,) = [o.problem for o in outcomes if o.problem]
    assert problem.code is Problem.W006 and "0001-01-01" in problem.message
    (article,) = store.articles()
    assert article.published.value is None
    assert len(list(annotate_stored(store))) == 1


def test_nul_bytes_anywhere_are_removed_and_recorded_on_every_back_end(tmp_path: Path, store: Store) -> None:
    (tmp_path / "nul.txt").write_bytes((GOOD * 100).encode() + b"\x00\x00 and after the NUL.\n")
    record = {"id": "a\u0000b", "text": GOOD + "\u0000", "outlet": "Fjord\u0000Post"}
    (tmp_path / "nul.jsonl").write_text(json.dumps(record) + "\n", encoding="utf-8")
    outcomes = list(ingest([tmp_path], store))
    warned = sorted(o.problem.code for o in outcomes if o.problem)
    assert warned == [Problem.W005, Problem.W005]
    articles = {a.id: a for a in store.articles()}
    assert set(articles) == {"nul", "ab"} and articles["ab"].outlet == "FjordPost"
    assert all("\x00" not in a.text for a in articles.values())
    assert any("control characters" in w for w in articles["nul"].cleaning.warnings)


def test_utf32_with_a_bom_is_read_as_utf32(tmp_path: Path, store: Store) -> None:
    (tmp_path / "wide.txt").write_bytes(b"\xff\xfe\x00\x00" + ("Ferry back\n\n" + GOOD).encode("utf-32-le"))
    list(ingest([tmp_path], store))
    (article,) = store.articles()
    assert article.title == "Ferry back" and "\x00" not in article.text


def test_what_a_folder_cannot_read_gets_a_line(tmp_path: Path, store: Store) -> None:
    folder = tmp_path / "in"
    (folder / "loop").mkdir(parents=True)
    (folder / "empty").mkdir()
    (folder / "good.txt").write_text("Checks extended\n\n" + GOOD, encoding="utf-8")
    os.symlink(folder / "nowhere.txt", folder / "dangling.txt")
    os.symlink(folder / "loop", folder / "loop" / "again")
    empty = tmp_path / "nothing"
    empty.mkdir()
    outcomes = list(ingest([folder, empty], store))
    lines = sorted(o.problem.message for o in outcomes if o.problem)
    assert lines == [
        f"{folder / 'dangling.txt'}: passed over: a broken symbolic link [W007]",
        f"{folder / 'loop' / 'again'}: passed over: a symbolic link to a folder, not followed [W007]",
        f"{empty}: passed over: no file of a supported type in this folder [W007]",
    ]
    assert [o.article.id for o in outcomes if o.article] == ["good"]


def test_escape_codes_in_a_file_name_never_reach_the_terminal(tmp_path: Path, store: Store) -> None:
    (tmp_path / "evil\x1b[2J.txt").write_bytes(b"")
    (outcome,) = list(ingest([tmp_path], store))
    assert "\x1b" not in outcome.problem.message and "\\x1b[2J" in outcome.problem.message


def _open_store(url: str, results: multiprocessing.Queue) -> None:  # type: ignore[type-arg]
    try:
        Store(url).close()
        results.put("ok")
    except Exception as err:  # noqa: BLE001 - the test reports what the losing process saw
        results.put(f"{type(err).__name__}: {err}")


def test_processes_creating_one_new_store_at_once_all_succeed(tmp_path: Path, any_db_url: str) -> None:
    """Before the lock: SQLite 'table ... already exists', PostgreSQL a UniqueViolation, in most tries."""
    context = multiprocessing.get_context("spawn")
    results = context.Queue()
    workers = [context.Process(target=_open_store, args=(any_db_url, results)) for _ in range(4)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(60)
    assert sorted(results.get(timeout=5) for _ in workers) == ["ok"] * 4
    assert Store(any_db_url).found_version == Store(any_db_url).found_version


def test_a_folder_of_hostile_inputs_runs_to_the_end(tmp_path: Path) -> None:
    """Bar 1 in small: the CLI goes through a folder of bad inputs and three good ones, exit 0, no traceback, one
    line per bad input, every good article stored and annotated; a later run on the same store works."""
    folder = tmp_path / "in"
    folder.mkdir()
    for i, day in enumerate(("Monday", "Tuesday", "Friday")):
        text = f"Story {i}\n\n" + GOOD.replace("Tuesday", day).replace("three", str(i + 3)) * 3
        (folder / f"good{i}.txt").write_text(text, encoding="utf-8")
    _gzip_stream(folder / "bomb.html.gz", b"<html><body><p>", b" ", 80_000_000, b"</p></body></html>")
    (folder / "deep.jsonl").write_text('{"text": ' + "[" * 100_000 + "\n", encoding="utf-8")
    (folder / "old.jsonl").write_text(json.dumps({"id": "old", "published": "0001-01-01", "text": GOOD}) + "\n")
    (folder / "nul.txt").write_bytes((GOOD * 60).encode() + b"\x00!")
    db = f"sqlite:///{tmp_path / 'store.db'}"
    report = str(tmp_path / "r.html")
    command = [sys.executable, "-m", "storyline.cli", "run", str(folder), "--db", db, "--report", report]
    done = subprocess.run(command, capture_output=True, text=True, cwd=tmp_path, timeout=600)
    assert done.returncode == 0, done.stderr[-2000:]
    assert "Traceback" not in done.stderr
    expected = (("bomb.html.gz", "E013"), ("deep.jsonl:1", "E004"), ("old.jsonl#old", "W006"), ("nul.txt", "W005"))
    for name, code in expected:
        assert sum(1 for line in done.stderr.splitlines() if name in line and code in line) == 1, (name, done.stderr)
    store = Store(db)
    assert store.counts()["articles"] == store.counts()["annotated"] == 5
    store.close()
    again = subprocess.run(command, capture_output=True, text=True, cwd=tmp_path, timeout=600)
    assert again.returncode == 0 and "Traceback" not in again.stderr


def test_two_writers_at_once_miss_no_copy_of_each_others_articles(tmp_path: Path, db_url: str) -> None:
    """Two processes ingest syndicated copies of the same 12 reports at once: they take turns (the second waits,
    and says so), so every copy is found, as when they run one after the other."""
    for side, outlet in (("a", "First Wire"), ("b", "Second Post")):
        folder = tmp_path / side
        folder.mkdir()
        for i in range(12):
            body = f"Report {i}: " + GOOD.replace("three", f"{i + 3}") * 4 + f" The count stood at {i * 7}."
            (folder / f"{side}{i}.txt").write_text(f"---\noutlet: {outlet}\n---\nStory {i} {side}\n\n{body}\n")
    Store(db_url).close()
    command = [sys.executable, "-m", "storyline.cli", "ingest", "--db", db_url, "--workers", "1"]
    runs = [subprocess.Popen([*command, str(tmp_path / s)], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
            for s in ("a", "b")]
    for run in runs:
        run.wait(300)
        assert run.returncode == 0, run.stderr.read() if run.stderr else ""
    store = Store(db_url)
    assert store.counts()["articles"] == 24 and store.counts()["duplicates"] == 12
    store.close()


_ORPHAN = """
import os, sys, time
from storyline.scale.mapper import ProcessMapper
mapper = ProcessMapper(2)
list(mapper.map(abs, [1, 2, 3, 4]))  # the workers are up
print(" ".join(str(p) for p in mapper._pool._processes), flush=True)
time.sleep(120)
"""


def test_worker_processes_end_when_their_parent_is_killed(tmp_path: Path) -> None:
    parent = subprocess.Popen([sys.executable, "-c", _ORPHAN], stdout=subprocess.PIPE, text=True)
    assert parent.stdout is not None
    workers = [int(p) for p in parent.stdout.readline().split()]
    assert len(workers) == 2
    parent.kill()  # SIGKILL: the pool cannot shut down
    parent.wait(10)
    deadline = time.monotonic() + 15
    while time.monotonic() < deadline and any(_alive(p) for p in workers):
        time.sleep(0.2)
    assert not any(_alive(p) for p in workers)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    try:  # a worker that exited but is not yet reaped by init is a zombie: gone for our purpose
        return Path(f"/proc/{pid}/stat").read_text().split()[2] != "Z"
    except OSError:
        return False
