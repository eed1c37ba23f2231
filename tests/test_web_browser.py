"""The web app in Chromium over ``storyline serve`` on the demo corpus: the reader's path from the story list to a
contradiction and the sentence behind it, an upload that appears once ingested, and hostile text that stays text.
Screenshots are saved under the test run's temporary folder."""

from __future__ import annotations

import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from test_cli import storyline
from test_report import HOSTILE


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def server(samples_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """``storyline serve`` on a store holding the demo corpus and one hostile article."""
    folder = tmp_path_factory.mktemp("serve")
    db = f"sqlite:///{folder / 'store.db'}"
    hostile = folder / "hostile.txt"
    hostile.write_text(HOSTILE, encoding="utf-8")
    run = storyline("run", str(samples_dir), str(hostile), "--db", db, "--report", str(folder / "report.html"))
    assert run.returncode == 0, run.stderr
    port = _free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "storyline.cli", "serve", "--port", str(port), "--db", db],
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
    )
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            if httpx.get(base + "/api/events", timeout=2).status_code == 200:
                break
        except httpx.HTTPError:
            time.sleep(0.3)
    else:
        process.kill()
        pytest.fail(f"storyline serve did not start: {process.stdout.read() if process.stdout else ''}")
    yield base
    process.terminate()
    process.wait(timeout=10)


def test_from_the_story_list_to_a_marked_conflict_and_the_sentence_behind_it(chromium, server: str, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    page = chromium.new_page(viewport={"width": 1300, "height": 1000})
    page.goto(server + "/")
    page.screenshot(path=str(tmp_path / "1-stories.png"))
    page.get_by_role("link", name="Leaders of Norway and Iceland hold phone call on mackerel dispute").click()
    assert page.locator("svg.timeline .timeline-event").count() >= 3, "the story's timeline shows its events"
    page.screenshot(path=str(tmp_path / "2-story.png"))
    page.locator("ol.events a").first.click()
    conflict = page.locator("table.matrix th.conflict")
    assert conflict.count() >= 1, "the planted duration conflict is marked"
    assert "duration" in conflict.first.inner_text()
    outlier = page.locator("table.matrix a.fact.outlier", has_text="over 120 minutes")
    assert outlier.count() == 1, "fp-a1's 'more than two hours' stands apart from the consensus"
    page.screenshot(path=str(tmp_path / "3-event.png"), full_page=True)
    outlier.click()
    page.wait_for_url("**/articles/fp-a1-leaders-call*")
    target = page.locator(".sentence:target")
    assert target.count() == 1 and target.is_visible(), "the fact lands on its sentence"
    assert target.locator("mark").inner_text() == "more than two hours"
    page.screenshot(path=str(tmp_path / "4-sentence.png"))
    page.close()


def test_an_uploaded_file_is_ingested_with_visible_progress_and_appears(chromium, server: str, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    upload = tmp_path / "upload-zebrafish.txt"
    upload.write_text(
        "---\noutlet: Upload Test Wire\npublished: 2026-06-01\n---\nResearchers in Bergen released a report on "
        "zebrafish farming on Monday, the institute said.\nThe report says farms should cut their use of antibiotics "
        "by half within five years.\n",
        encoding="utf-8",
    )
    page = chromium.new_page()
    page.goto(server + "/upload")
    page.set_input_files("input[name=files]", str(upload))
    page.get_by_role("button", name="Ingest").click()
    page.wait_for_url("**/jobs/*")
    assert page.locator("progress").count() == 1, "the job page shows its progress"
    page.screenshot(path=str(tmp_path / "5-job.png"))
    page.wait_for_selector(".job-state[data-state=done]", timeout=120_000)
    page.screenshot(path=str(tmp_path / "6-job-done.png"))
    page.get_by_role("link", name="upload-zebrafish").click()
    assert "zebrafish farming" in page.inner_text("article")
    page.goto(server + "/search?q=zebrafish")
    assert page.locator("a", has_text="upload-zebrafish").count() >= 1 or page.locator("text=zebrafish").count() >= 1
    page.close()


def test_hostile_text_is_text_in_the_web_app(chromium, server: str, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    page = chromium.new_page()
    dialogs: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    response = page.goto(server + "/articles/hostile")
    assert response is not None and "default-src 'none'" in response.headers["content-security-policy"]
    assert page.evaluate("typeof window.pwned") == "undefined" and not dialogs
    assert page.locator("article script").count() == 0
    assert page.eval_on_selector_all("a", "els => els.filter(e => (e.getAttribute('href') || '').startsWith('javascript:')).length") == 0
    text = page.inner_text("article")
    assert "<script>window.pwned = 2;" in text and 'href="javascript:window.pwned=3"' in text
    assert "&lt;b&gt;bold&lt;/b&gt;" in text, "entities are shown as written, not decoded into markup"
    page.goto(server + "/search?q=pwned")
    assert page.evaluate("typeof window.pwned") == "undefined" and not dialogs
    page.screenshot(path=str(tmp_path / "hostile.png"))
    page.close()


def test_the_conflicts_page_lists_each_conflict_once_and_leads_to_its_event_and_sentence(chromium, server: str, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """From the menu to the conflicts page, where each conflict shows its sides and outlets, on to its event and
    to the sentence one side's outlet wrote."""
    page = chromium.new_page(viewport={"width": 1300, "height": 1000})
    page.goto(server + "/")
    page.get_by_role("link", name="Conflicts", exact=True).click()
    page.wait_for_url("**/conflicts")
    lines = page.locator(".conflict-line")
    assert lines.count() >= 1
    ids = page.eval_on_selector_all(".conflict-line", "els => els.map(e => e.dataset.conflict)")
    assert len(ids) == len(set(ids)), "a conflict is listed once"
    duration = lines.filter(has_text="duration")
    assert duration.count() >= 1 and duration.first.locator("li").count() >= 2, "a conflict shows at least two sides"
    page.screenshot(path=str(tmp_path / "conflicts.png"), full_page=True)
    duration.first.locator("a.cite").first.click()
    page.wait_for_url("**/articles/**")
    assert page.locator(".sentence:target").count() == 1, "a side's outlet leads to its sentence"
    page.go_back()
    duration.first.locator("span.muted a").first.click()
    page.wait_for_url("**/events/**")
    assert page.locator("table.matrix th.conflict").count() >= 1
    page.close()


def test_an_actor_page_shows_what_they_said_their_titles_and_events(chromium, server: str, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    page = chromium.new_page(viewport={"width": 1300, "height": 1000})
    page.goto(server + "/")
    page.get_by_role("link", name="Actors", exact=True).click()
    page.wait_for_url("**/actors")
    rows = page.locator("table tr")
    assert rows.count() > 3
    page.screenshot(path=str(tmp_path / "actors.png"))
    rows.nth(1).locator("a").click()  # the most quoted and most present actor
    page.wait_for_url("**/actors/**")
    assert page.locator("h2", has_text="Titles over time").count() == 1
    assert page.locator(".quote").count() >= 1, "the first actor is quoted"
    assert page.locator("ul a[href^='/events/']").count() >= 1
    page.screenshot(path=str(tmp_path / "actor.png"), full_page=True)
    page.locator("ul a[href^='/events/']").first.click()
    page.wait_for_url("**/events/**")
    page.close()
