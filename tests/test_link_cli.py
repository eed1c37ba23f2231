"""The link stage through the command line: run links, export events, stories and actors, articles carry their ids."""

from __future__ import annotations

import csv
import io
import json
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
