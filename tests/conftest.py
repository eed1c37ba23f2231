"""Shared fixtures: the ../shared data beside the checkout, and a fresh store per test."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from storyline.annotate import annotate
from storyline.config import Settings
from storyline.ingest import ingest
from storyline.model import Annotation
from storyline.store import Store

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="session")
def shared() -> Path:
    """The team's shared data: tests read it at run time, it is never copied into the repo."""
    path = Path(os.environ.get("STORYLINE_SHARED", ROOT.parent / "shared"))
    if not path.is_dir():
        pytest.fail(f"../shared not found at {path}: CI checks it out beside the repo (or set STORYLINE_SHARED)")
    return path


@pytest.fixture(scope="session")
def seeds_dir(shared: Path) -> Path:
    return shared / "corpus" / "seeds"


@pytest.fixture(scope="session")
def seeds_gold(shared: Path) -> dict:
    import json

    return json.loads((shared / "corpus" / "seeds.gold.json").read_text("utf-8"))


@pytest.fixture(scope="session")
def samples_dir() -> Path:
    return ROOT / "samples"


@pytest.fixture
def db_url(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'store.db'}"


@pytest.fixture(params=["sqlite", "postgresql"])
def any_db_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """A fresh store URL on each back end: the store tests override ``db_url`` with it to run on both."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'store.db'}"
    return request.getfixturevalue("pg_url")


@pytest.fixture
def store(db_url: str) -> Iterator[Store]:
    s = Store(db_url)
    yield s
    s.close()


@pytest.fixture
def settings(db_url: str) -> Settings:
    return Settings(db_url=db_url)


@pytest.fixture(scope="session")
def seed_annotations(seeds_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Annotation]:
    """The five seeds ingested into a real SQLite store and annotated once for the whole session."""
    store = Store(f"sqlite:///{tmp_path_factory.mktemp('seeds-annotated') / 'store.db'}")
    list(ingest([seeds_dir], store))
    articles = list(store.articles())
    store.close()
    return {a.article_id: a for a in annotate(articles)}


@pytest.fixture(scope="session")
def chromium() -> Iterator[object]:
    """The system Chromium (Debian package, /usr/bin/chromium) driven by Playwright. In CI a browser that cannot
    start fails the test; on a developer's machine without Chromium the browser tests are skipped."""
    import shutil

    from playwright.sync_api import sync_playwright

    path = shutil.which("chromium") or "/usr/bin/chromium"
    driver = sync_playwright().start()
    try:
        browser = driver.chromium.launch(executable_path=path, args=["--no-sandbox"])
    except Exception as err:  # noqa: BLE001 - any launch failure means the same: no browser here
        driver.stop()
        if os.environ.get("CI") == "true":
            pytest.fail(f"Chromium cannot start in CI ({path}): {err}")
        pytest.skip(f"Chromium cannot start ({path}): {err}")
    yield browser
    browser.close()
    driver.stop()


POSTGRES_ADMIN = os.environ.get("STORYLINE_TEST_POSTGRES", "postgresql://postgres@127.0.0.1:5432/test")


@pytest.fixture
def pg_url() -> Iterator[str]:
    """A fresh PostgreSQL database on the test server (trust auth, database ``test``), dropped afterwards. In CI a
    missing server fails the test; elsewhere the test is skipped."""
    import uuid

    import psycopg

    name = f"storyline_{uuid.uuid4().hex[:12]}"
    admin = POSTGRES_ADMIN
    try:
        with psycopg.connect(admin, autocommit=True, connect_timeout=5) as conn:
            conn.execute(f'CREATE DATABASE "{name}"')
    except psycopg.OperationalError as err:
        if os.environ.get("CI") == "true":
            pytest.fail(f"PostgreSQL is not reachable at {admin} in CI: {err}")
        pytest.skip(f"PostgreSQL is not reachable at {admin}: {err}")
    yield admin.rsplit("/", 1)[0] + "/" + name
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
