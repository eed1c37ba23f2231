"""The web app as an attacker meets it: no fetches of its own network (SSRF), no writes from other sites (CSRF),
a token when asked for one, HEAD answered, and jobs that survive a restart."""

from __future__ import annotations

import datetime as dt
import http.server
import tempfile
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from storyline.config import Settings
from storyline.present.web import create_app
from storyline.store import Store

SECRET = "The internal admin console lists every account password and the database root key."
STORY = (
    "The harbour authority of Tromsø confirmed on Tuesday that the inspection of the trawler fleet would continue "
    "through the weekend, after inspectors found that three vessels had landed more mackerel than allowed. "
)


class _Internal(http.server.BaseHTTPRequestHandler):
    """A server on loopback, as an internal service would be: a secret page, a redirect to it, a feed of it."""

    def do_GET(self) -> None:  # noqa: N802 - the http.server interface
        port = self.server.server_address[1]
        if self.path == "/redirect":
            self.send_response(302)
            self.send_header("Location", f"http://127.0.0.1:{port}/secret")
            self.end_headers()
            return
        if self.path == "/feed.xml":
            body = (
                '<?xml version="1.0"?><rss version="2.0"><channel><title>f</title>'
                f"<item><title>s</title><link>http://127.0.0.1:{port}/secret</link></item></channel></rss>"
            ).encode()
            kind = "application/rss+xml"
        else:
            body = f"<html><body><article><h1>Admin</h1><p>{SECRET}</p><p>{SECRET}</p></article></body></html>".encode()
            kind = "text/html"
        self.send_response(200)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def internal() -> Iterator[int]:
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Internal)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield server.server_address[1]
    server.shutdown()


def _finished(client: TestClient, job_id: str, timeout: float = 300) -> dict:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        state = client.get(f"/api/jobs/{job_id}").json()
        if state["state"] in ("done", "failed"):
            return state
        time.sleep(0.2)
    raise AssertionError(f"job {job_id} did not finish: {state}")


def _job_of(response) -> str:  # type: ignore[no-untyped-def]
    assert response.status_code == 303, response.text
    return response.headers["location"].rsplit("/", 1)[-1]


def test_urls_to_internal_addresses_are_refused_however_written(db_url: str, internal: int) -> None:
    """Loopback, decimal, a redirect to loopback and a feed item on loopback: refused by default, nothing stored.
    ``localhost`` is allowed here (``fetch_allowed_hosts``) only so the redirect and the feed are read at all."""
    client = TestClient(create_app(Settings(db_url=db_url, fetch_allowed_hosts=("localhost",))))
    urls = [
        f"http://127.0.0.1:{internal}/secret",
        f"http://2130706433:{internal}/secret",
        f"http://[::1]:{internal}/secret",
        f"http://localhost:{internal}/redirect",
        f"http://localhost:{internal}/feed.xml",
        "http://169.254.169.254/latest/meta-data/",
    ]
    state = _finished(client, _job_of(client.post("/upload", data={"urls": "\n".join(urls)}, follow_redirects=False)))
    assert state["state"] == "done" and state["articles"] == []
    refusals = [line for line in state["log"] if "refused address" in line]
    assert len(refusals) == 6, state["log"]
    store = Store(db_url)
    assert all(SECRET not in a.text for a in store.articles())
    store.close()


def _upload_folders() -> set[Path]:
    return set(Path(tempfile.gettempdir()).glob("storyline-upload-*"))


def test_a_cross_origin_upload_is_refused_and_a_same_origin_one_is_not(db_url: str) -> None:
    client = TestClient(create_app(Settings(db_url=db_url)))
    before = _upload_folders()
    files = {"files": ("story.txt", ("Fleet checks\n\n" + STORY * 3).encode(), "text/plain")}
    refused_headers = (
        {"Origin": "http://evil.example"},
        {"Origin": "null"},
        {"Sec-Fetch-Site": "cross-site"},
        {"Sec-Fetch-Site": "same-site", "Origin": "http://other.testserver"},
    )
    for headers in refused_headers:
        refused = client.post("/upload", files=files, headers=headers, follow_redirects=False)
        assert refused.status_code == 403, headers
    # a browser posting the app's own form: its pages send no referrer, so Origin is "null" beside Sec-Fetch-Site
    own = {"Origin": "null", "Sec-Fetch-Site": "same-origin"}
    state = _finished(client, _job_of(client.post("/upload", files=files, headers=own, follow_redirects=False)))
    assert state["state"] == "done" and state["articles"] == ["story"]
    accepted = client.post("/upload", files=files, headers={"Origin": "http://testserver"}, follow_redirects=False)
    assert _finished(client, _job_of(accepted))["state"] == "done"
    assert _upload_folders() <= before, "the upload's files are deleted when its job ends"


def test_with_a_token_every_request_needs_it(db_url: str) -> None:
    client = TestClient(create_app(Settings(db_url=db_url, web_token="s3cret-token")))
    assert client.get("/").status_code == 401
    assert client.get("/api/events").status_code == 401
    assert client.get("/api/events", headers={"Authorization": "Bearer wrong"}).status_code == 401
    assert client.get("/api/events", headers={"Authorization": "Bearer s3cret-token"}).status_code == 200
    signed = client.get("/sources?token=s3cret-token", follow_redirects=False)
    assert signed.status_code == 303 and signed.headers["location"] == "/sources"
    assert "HttpOnly" in signed.headers["set-cookie"] and "SameSite=Strict" in signed.headers["set-cookie"]
    assert client.get("/sources").status_code == 200  # the cookie carries it now


def test_head_is_answered_like_get_without_a_body(db_url: str) -> None:
    client = TestClient(create_app(Settings(db_url=db_url)))
    for path in ("/", "/upload", "/api/events", "/docs"):
        get, head = client.get(path), client.head(path)
        assert head.status_code == get.status_code == 200, path
        assert head.content == b"" and head.headers["content-type"] == get.headers["content-type"]


def test_a_job_cut_short_by_a_restart_runs_again_and_one_whose_files_are_gone_says_why(
    db_url: str, tmp_path: Path
) -> None:
    """A server killed during a job leaves it 'running' in the store; the next server finds it and finishes it."""
    folder = tmp_path / "storyline-upload-x"
    folder.mkdir()
    (folder / "story.txt").write_text("Fleet checks\n\n" + STORY * 3, encoding="utf-8")
    store = Store(db_url)
    now = dt.datetime.now(dt.timezone.utc)
    cut = {"id": "cut", "locations": [str(folder / "story.txt")], "state": "running", "stage": "annotate",
           "step": 1, "log": [], "articles": ["story"], "folder": str(folder)}
    gone = {**cut, "id": "gone", "locations": [str(tmp_path / "deleted.txt")], "folder": None}
    store.write_job("cut", cut, now)
    store.write_job("gone", gone, now + dt.timedelta(seconds=1))
    store.close()
    client = TestClient(create_app(Settings(db_url=db_url)))
    state = _finished(client, "cut")
    assert state["state"] == "done" and any("restarted" in line for line in state["log"])
    assert not folder.exists(), "an upload's files are deleted when its job ends"
    failed = client.get("/api/jobs/gone").json()
    assert failed["state"] == "failed" and "uploaded file(s) are gone" in failed["log"][-1]
    again = TestClient(create_app(Settings(db_url=db_url)))  # and a second restart shows both as they ended
    assert again.get("/api/jobs/cut").json()["state"] == "done"
