"""The annotate stage through the command line and the store: run annotates, code codes, updates re-annotate."""

from __future__ import annotations

import pytest

import json
from pathlib import Path

from storyline.annotate import annotate_stored
from storyline.ingest import ingest
from storyline.store import Store
from test_cli import storyline


@pytest.fixture
def db_url(any_db_url: str) -> str:
    """The store tests run on SQLite and on PostgreSQL."""
    return any_db_url



def test_run_annotates_what_it_ingested_and_a_second_run_adds_nothing(seeds_dir: Path, db_url: str) -> None:
    first = storyline("run", str(seeds_dir), "--db", db_url)
    assert first.returncode == 0, first.stderr
    assert "storyline: annotate" in first.stdout
    store = Store(db_url)
    assert store.counts()["annotated"] == 5
    assert all(a.events and a.actors for a in store.annotations())
    second = storyline("run", str(seeds_dir), "--db", db_url)
    assert second.returncode == 0, second.stderr
    row = next(line for line in second.stdout.splitlines() if "articles annotated now" in line)
    assert row.split()[-2] == "0", row
    assert store.counts()["annotated"] == 5
    store.close()


def test_code_answers_every_line_in_order_and_names_bad_lines(tmp_path: Path, db_url: str) -> None:
    lines = [
        json.dumps({"id": "s1", "text": "The two presidents spoke by telephone on Monday."}),
        "{not json",
        json.dumps({"id": "s3", "text": "Rebels attacked an army convoy near the border, killing four soldiers."}),
        json.dumps({"id": "s4"}),
        json.dumps({"id": "s5", "text": "The weather was mild and sunny all week."}),
    ]
    source = tmp_path / "sentences.jsonl"
    source.write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = storyline("code", str(source), "--db", db_url)
    assert result.returncode == 0, result.stderr
    out = [json.loads(line) for line in result.stdout.splitlines()]
    assert [r["id"] for r in out] == ["s1", "sentences.jsonl:2", "s3", "s4", "s5"]
    assert out[0]["events"][0]["type"] == "CONSULT" and out[0]["events"][0]["mode"] == "phone"
    assert out[2]["events"][0]["type"] == "ASSAULT"
    assert out[1]["events"] == [] and out[3]["events"] == [] and out[4]["events"] == []
    for event in out[0]["events"] + out[2]["events"]:
        assert set(event) >= {"type", "mode", "actors", "targets", "trigger"}
    assert "sentences.jsonl:2: invalid JSON" in result.stderr
    assert "sentences.jsonl:4: no 'text' field" in result.stderr


def test_code_on_a_missing_file_is_an_error_naming_it(tmp_path: Path, db_url: str) -> None:
    result = storyline("code", str(tmp_path / "nope.jsonl"), "--db", db_url)
    assert result.returncode != 0
    assert "nope.jsonl" in result.stderr


def test_a_changed_article_is_annotated_again(tmp_path: Path, store: Store) -> None:
    story = tmp_path / "story.txt"
    story.write_text("Talks\n\nThe president of Chile met the president of Peru in Lima on Monday.\n", encoding="utf-8")
    list(ingest([story], store))
    (before,) = list(annotate_stored(store))
    story.write_text("Talks\n\nChile accused Peru of violating the border agreement.\n", encoding="utf-8")
    list(ingest([story], store))
    (after,) = list(annotate_stored(store))
    assert after.article_id == before.article_id
    assert "ACCUSE" in [e.type for e in after.events if e.main]
    assert "met" not in [e.trigger for e in after.events]
    assert store.counts()["annotated"] == 1
    assert store.annotation(after.article_id) == after
