"""The link stage through the command line: run links, export events, stories and actors, articles carry their ids."""

from __future__ import annotations

import csv
import io
import json
import re
import shutil
from pathlib import Path

from test_cli import storyline


def test_run_links_and_exports_events_stories_and_actors(samples_dir: Path, db_url: str, tmp_path: Path) -> None:
    run = storyline("run", str(samples_dir), "--db", db_url)
    assert run.returncode == 0, run.stderr
    assert "storyline: link" in run.stdout

    def export(kind: str) -> list[dict]:
        result = storyline("export", kind, "--format", "jsonl", "--db", db_url)
        assert result.returncode == 0, result.stderr
        return [json.loads(line) for line in result.stdout.splitlines()]

    articles, events, stories, actors = export("articles"), export("events"), export("stories"), export("actors")
    event_ids, story_ids = {e["id"] for e in events}, {s["id"] for s in stories}
    assert all(a["event_id"] in event_ids and a["story_id"] in story_ids for a in articles)
    assert sum(len(e["articles"]) for e in events) == len(articles)
    for event in events:
        assert event["story_id"] in story_ids and event["articles"] and event["title"]
    by_id = {a["id"]: a for a in articles}
    copy = next(a for a in articles if a["duplicate_kind"] == "exact")
    assert copy["event_id"] == by_id[copy["duplicate_of"]]["event_id"], "an exact copy reports its original's event"
    people = [a for a in actors if a["kind"] == "person"]
    assert people and len({a["id"] for a in actors}) == len(actors)
    assert any(a["country"] == "NOR" for a in people)

    as_csv = storyline("export", "events", "--format", "csv", "--db", db_url)
    rows = list(csv.DictReader(io.StringIO(as_csv.stdout)))
    assert [r["id"] for r in rows] == [e["id"] for e in events]
    assert ";" in rows[0]["articles"] or len(events[0]["articles"]) == 1


def test_linking_in_two_runs_equals_one_and_a_third_scores_nothing(samples_dir: Path, tmp_path: Path) -> None:
    """Incremental: half the outlets, then the rest, give the events and stories of one run over all of them."""
    outlets = sorted(p for p in samples_dir.iterdir() if p.is_dir())
    once, twice = f"sqlite:///{tmp_path / 'once.db'}", f"sqlite:///{tmp_path / 'twice.db'}"
    assert storyline("run", str(samples_dir), "--db", once).returncode == 0
    for part in (outlets[: len(outlets) // 2], outlets[len(outlets) // 2 :]):
        result = storyline("run", *map(str, part), "--db", twice)
        assert result.returncode == 0, result.stderr
    again = storyline("link", "--db", twice)
    assert again.returncode == 0, again.stderr
    assert re.search(r"articles scored this run\W+0\W", again.stdout), again.stdout

    def exported(db: str, kind: str) -> list[dict]:
        result = storyline("export", kind, "--format", "jsonl", "--db", db)
        return [json.loads(line) for line in result.stdout.splitlines()]

    for kind in ("events", "stories", "actors"):
        assert exported(once, kind) == exported(twice, kind)
    links = lambda db: {a["id"]: (a["event_id"], a["story_id"]) for a in exported(db, "articles")}  # noqa: E731
    assert links(once) == links(twice)


def test_a_store_linked_by_other_linking_code_is_scored_again(samples_dir: Path, tmp_path: Path) -> None:
    """Kept pair scores are reused only by the code that computed them: a changed linker re-scores everything."""
    import sqlite3

    db = tmp_path / "store.db"
    assert storyline("run", str(samples_dir), "--db", f"sqlite:///{db}").returncode == 0
    with sqlite3.connect(db) as conn:
        conn.execute("UPDATE meta SET value = 'link-older' WHERE key = 'linker'")
    again = storyline("link", "--db", f"sqlite:///{db}")
    scored = re.search(r"articles scored this run\W+(\d+)", again.stdout)
    assert scored and int(scored.group(1)) > 20, again.stdout


def test_a_changed_file_is_linked_again_as_if_the_store_were_new(samples_dir: Path, tmp_path: Path) -> None:
    """A run reads whole texts and annotations only of articles it has not linked; an article whose file changed
    is one of them, and the result equals a fresh store's."""
    corpus = tmp_path / "corpus"
    shutil.copytree(samples_dir, corpus)
    page = corpus / "northwire" / "nw-a1-pm-call.txt"
    kept, fresh = f"sqlite:///{tmp_path / 'kept.db'}", f"sqlite:///{tmp_path / 'fresh.db'}"
    assert storyline("run", str(corpus), "--db", kept).returncode == 0
    text = page.read_text("utf-8")
    headline = "Norwegian and Icelandic prime ministers discuss mackerel dispute in phone call"
    assert headline in text
    page.write_text(text.replace(headline, "Prime ministers of Norway and Iceland talk mackerel by phone"), "utf-8")
    again = storyline("run", str(corpus), "--db", kept)
    assert again.returncode == 0, again.stderr
    assert re.search(r"articles scored this run\W+1\W", again.stdout), again.stdout
    assert storyline("run", str(corpus), "--db", fresh).returncode == 0

    def exported(db: str, kind: str) -> list[dict]:
        result = storyline("export", kind, "--format", "jsonl", "--db", db)
        return [json.loads(line) for line in result.stdout.splitlines()]

    for kind in ("events", "stories", "actors"):
        assert exported(kept, kind) == exported(fresh, kind)
    titles = {a["title"] for a in exported(kept, "articles")}
    assert "Prime ministers of Norway and Iceland talk mackerel by phone" in titles and headline not in titles
