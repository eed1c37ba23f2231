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
