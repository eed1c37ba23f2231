"""The HTTP API against its own OpenAPI description: schemathesis generates requests for every operation (bounded
in examples) and checks that none gets a server error, an undocumented status or a response off its schema."""

from __future__ import annotations

from pathlib import Path

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings

from storyline.annotate import annotate_stored
from storyline.compare.pipeline import compare_stored
from storyline.config import Settings
from storyline.ingest import ingest
from storyline.link.pipeline import link_stored
from storyline.present.web import create_app
from storyline.store import Store

EXAMPLES = 25  # per operation: enough to reach every filter, bounded so the suite stays fast


@pytest.fixture(scope="module")
def app(samples_dir: Path, tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    url = f"sqlite:///{tmp_path_factory.mktemp('api') / 'store.db'}"
    store = Store(url)
    list(ingest([samples_dir], store))
    list(annotate_stored(store))
    link_stored(store)
    compare_stored(store)
    store.close()
    return create_app(Settings(db_url=url))


def test_every_operation_answers_generated_requests_without_server_errors(app) -> None:  # type: ignore[no-untyped-def]
    schema = schemathesis.openapi.from_asgi("/openapi.json", app)
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) >= 14, [op.label for op in operations]
    failures: dict[str, str] = {}
    for operation in operations:

        @given(case=operation.as_strategy())
        @settings(max_examples=EXAMPLES, deadline=None, database=None, suppress_health_check=list(HealthCheck))
        def check(case) -> None:  # type: ignore[no-untyped-def]
            case.call_and_validate()

        try:
            check()
        except BaseException as err:  # noqa: BLE001 - schemathesis raises exception groups; collect them all
            if isinstance(err, KeyboardInterrupt):
                raise
            failures[operation.label] = str(err)[:2000]
    assert not failures, failures


def test_the_api_documentation_page_works_offline(app) -> None:  # type: ignore[no-untyped-def]
    from fastapi.testclient import TestClient

    client = TestClient(app)
    docs = client.get("/docs")
    assert docs.status_code == 200 and "/static/swagger/swagger-ui-bundle.js" in docs.text
    assert client.get("/static/swagger/swagger-ui-bundle.js").status_code == 200
    assert client.get("/openapi.json").json()["paths"]["/api/events"]["get"]["parameters"]


def test_the_app_sees_what_another_process_adds_to_its_store(samples_dir: Path, tmp_path: Path) -> None:
    """`storyline serve` and `storyline run` on one store: the app reads the store again when its revision changes,
    not only after its own upload jobs."""
    from fastapi.testclient import TestClient

    from test_cli import storyline

    url = f"sqlite:///{tmp_path / 'store.db'}"
    outlets = sorted(p for p in samples_dir.iterdir() if p.is_dir())
    assert storyline("run", str(outlets[0]), "--db", url).returncode == 0
    client = TestClient(create_app(Settings(db_url=url)))
    before = {a["id"] for a in client.get("/api/articles", params={"limit": 500}).json()["items"]}
    events_before = client.get("/api/events", params={"limit": 500}).json()["total"]
    assert before and client.get("/api/articles", params={"limit": 500}).json()["total"] == len(before)
    assert storyline("run", str(outlets[1]), "--db", url).returncode == 0  # another process
    after = {a["id"] for a in client.get("/api/articles", params={"limit": 500}).json()["items"]}
    assert before < after
    assert client.get("/api/events", params={"limit": 500}).json()["total"] > events_before
    new = sorted(after - before)[0]
    assert client.get(f"/articles/{new}").status_code == 200
