"""Search in the web app and the API's word filters: every typed word, in any order, accents and case ignored,
title words first."""

from __future__ import annotations

from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from markupsafe import escape

from storyline.config import Settings
from storyline.present.search import SearchWords, fold
from storyline.present.web import create_app
from test_cli import storyline


@pytest.fixture(scope="module")
def client(samples_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> TestClient:
    url = f"sqlite:///{tmp_path_factory.mktemp('search') / 'store.db'}"
    assert storyline("run", str(samples_dir), "--db", url).returncode == 0
    return TestClient(create_app(Settings(db_url=url)))


def test_accents_ligatures_and_case_fold_away() -> None:
    assert fold("Þór ÆGISDÓTTIR from Łódź, Reykjavík") == "thor aegisdottir from lodz, reykjavik"


def test_every_word_must_begin_a_word_of_the_text() -> None:
    words = SearchWords.parse("Aasland CALL")
    assert words.matches(["Aasland's phone calls"])
    assert words.matches(["Leaders talk"], "The call with Prime Minister Aasland lasted 55 minutes.")
    assert not words.matches(["Aasland speaks"], "a small hall")  # 'call' is not inside 'small'
    assert not SearchWords.parse("all").matches(["The call"])
    assert words.score(["Aasland call"]) > words.score(["Talks"], "Aasland said after the call")


def test_the_search_page_finds_a_name_typed_without_accents(client: TestClient) -> None:
    page = client.get("/search", params={"q": "magnusdottir"})
    assert page.status_code == 200 and "Hildur Magnúsdóttir" in page.text
    actors = client.get("/api/actors", params={"q": "MAGNUSDOTTIR"}).json()
    assert [a["name"] for a in actors["items"]] == ["Hildur Magnúsdóttir"]


def test_article_search_takes_words_in_any_order_and_ranks_title_hits_first(client: TestClient) -> None:
    hits = client.get("/api/articles", params={"q": "telephone Aasland", "limit": 500}).json()["items"]
    assert hits and all("aasland" in fold(a["text"]) and "telephone" in fold(a["text"]) for a in hits)
    page = client.get("/search", params={"q": "mackerel call"}).text
    listed = page.split("<h2>Articles</h2>", 1)[1]
    titles = [a["title"] or "" for a in client.get("/api/articles", params={"q": "mackerel call", "limit": 500}).json()["items"]]
    in_title = [t for t in titles if "mackerel" in fold(t) and "call" in fold(t)]
    assert in_title, titles
    first = listed.split("</li>", 1)[0]
    assert any(str(escape(t)) in first for t in in_title), "an article with both words in its title comes first"
