"""The store on SQLite and on PostgreSQL: the same schema and the same behaviour, down to every record the stages
derive; and migrations that upgrade a store made by an earlier schema in place."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import text

from storyline.annotate import annotate_stored
from storyline.compare.pipeline import compare_stored
from storyline.ingest import ingest
from storyline.link.pipeline import link_stored
from storyline.model import to_dict
from storyline.store import Store, schema
from storyline.store.migrations import STEPS, SchemaTooNew


@pytest.fixture(params=["sqlite", "postgresql"])
def backend_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'store.db'}"
    return request.getfixturevalue("pg_url")


def _everything(store: Store) -> dict[str, object]:
    """Every record the stages leave, as plain data."""
    return {
        "articles": [to_dict(a) for a in store.articles()],
        "annotations": sorted(a.article_id for a in store.annotations()),
        "links": store.links(),
        "events": [to_dict(e) for e in store.events()],
        "stories": [to_dict(s) for s in store.stories()],
        "actors": [to_dict(a) for a in store.corpus_actors()],
        "conflicts": [to_dict(c) for c in store.conflicts()],
        "agreements": [to_dict(a) for a in store.agreements()],
        "positions": [to_dict(p) for p in store.positions()],
        "sources": [to_dict(s) for s in store.sources()],
        "summaries": [to_dict(s) for s in store.summaries()],
    }


def _run_all(store: Store, paths: list[Path]) -> None:
    list(ingest(paths, store))
    list(annotate_stored(store))
    link_stored(store)
    compare_stored(store)


@pytest.fixture(scope="module")
def sqlite_reference(seeds_dir: Path, samples_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, object]:
    store = Store(f"sqlite:///{tmp_path_factory.mktemp('reference') / 'store.db'}")
    _run_all(store, [seeds_dir, samples_dir])
    return _everything(store)


def test_postgresql_holds_exactly_what_sqlite_holds(
    pg_url: str, seeds_dir: Path, samples_dir: Path, sqlite_reference: dict[str, object]
) -> None:
    store = Store(pg_url)
    _run_all(store, [seeds_dir, samples_dir])
    got = _everything(store)
    for kind, records in sqlite_reference.items():
        if kind == "articles":  # arrival time differs; everything else is the same
            strip = lambda rows: [{k: v for k, v in r.items() if k != "ingested_at"} for r in rows]  # noqa: E731
            assert strip(got[kind]) == strip(records), kind
        else:
            assert got[kind] == records, kind
    store.close()


def test_a_second_run_adds_nothing_and_a_changed_article_is_redone(backend_url: str, samples_dir: Path, tmp_path: Path) -> None:
    store = Store(backend_url)
    page = tmp_path / "page.txt"
    page.write_text("---\noutlet: Test Wire\npublished: 2026-03-10\n---\nThe prime ministers of Norway and Iceland "
                    "spoke by phone on Tuesday about the mackerel dispute, officials said.\n", encoding="utf-8")
    _run_all(store, [samples_dir, page])
    before = store.counts()
    assert before["articles"] == 27 and before["annotated"] == 26
    assert list(ingest([samples_dir, page], store)) and store.counts() == before
    assert list(annotate_stored(store)) == []
    assert link_stored(store).scored == 0
    page.write_text(page.read_text("utf-8").replace("Tuesday", "Wednesday"), encoding="utf-8")
    list(ingest([page], store))
    assert len(list(annotate_stored(store))) == 1
    assert link_stored(store).scored == 1, "only the changed article is scored again"
    compared = compare_stored(store)
    assert compared.conflicts and store.counts()["articles"] == 27
    store.close()


def _downgrade(store: Store, version: int) -> None:
    """Make a store look as a storyline of schema ``version`` left it: the later steps' tables gone."""
    later = [table for v, step in STEPS.items() if v > version for table in step.tables]
    with store.engine.begin() as conn:
        for table in later:
            table.drop(conn, checkfirst=True)
        conn.execute(schema.meta.update().where(schema.meta.c.key == "schema_version").values(value=str(version)))


@pytest.mark.parametrize("version", [1, 4])
def test_a_store_made_by_an_earlier_schema_is_upgraded_in_place(backend_url: str, samples_dir: Path, version: int) -> None:
    store = Store(backend_url)
    list(ingest([samples_dir], store))
    articles = [to_dict(a) for a in store.articles()]
    _downgrade(store, version)
    store.close()
    upgraded = Store(backend_url)  # opening it is the upgrade
    assert upgraded.found_version == version
    with upgraded.engine.connect() as conn:
        assert conn.execute(text("SELECT value FROM meta WHERE key = 'schema_version'")).scalar() == str(schema.SCHEMA_VERSION)
    assert [to_dict(a) for a in upgraded.articles()] == articles, "nothing stored is lost"
    list(annotate_stored(upgraded))
    link_stored(upgraded)
    assert compare_stored(upgraded).conflicts
    upgraded.close()


def test_a_store_from_a_newer_storyline_is_refused(backend_url: str) -> None:
    store = Store(backend_url)
    with store.engine.begin() as conn:
        conn.execute(schema.meta.update().where(schema.meta.c.key == "schema_version").values(value="99"))
    store.close()
    with pytest.raises(SchemaTooNew, match="newer than this storyline"):
        Store(backend_url)
