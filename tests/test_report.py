"""The HTML report: one self-contained file that opens offline in Chromium with no request leaving the page, shows
stories, timelines and events, and shows hostile article text as text (no script runs)."""

from __future__ import annotations

from pathlib import Path

import pytest

from test_cli import storyline

HOSTILE = """---
title: Hostile <script>window.pwned = 1</script> headline
outlet: Hostile Wire
published: 2026-03-02
---
Officials said on Monday <script>window.pwned = 2; alert("xss")</script> that talks would resume in Geneva.
A reader may click <a href="javascript:window.pwned=3">this link</a> or &lt;b&gt;bold&lt;/b&gt; text &amp; entities.
The foreign ministers of both countries will meet next week, the officials said.
"""


def _report(paths: list[Path], tmp_path: Path) -> Path:
    report = tmp_path / "report.html"
    result = storyline("run", *map(str, paths), "--db", f"sqlite:///{tmp_path / 'store.db'}", "--report", str(report))
    assert result.returncode == 0, result.stderr
    assert report.is_file()
    return report


@pytest.fixture(scope="module")
def seeds_report(seeds_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    return _report([seeds_dir], tmp_path_factory.mktemp("seeds-report"))


def test_the_seeds_report_opens_with_no_request_leaving_the_page(chromium, seeds_report: Path, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    page = chromium.new_page()
    requests: list[str] = []
    page.on("request", lambda r: requests.append(r.url))
    page.goto(seeds_report.as_uri())
    page.screenshot(path=str(tmp_path / "seeds-report.png"), full_page=False)
    assert requests == [seeds_report.as_uri()], requests
    assert page.locator(".story").count() >= 1
    assert page.locator("svg.timeline .timeline-event").count() >= 1
    assert page.locator("section.article").count() == 5
    # every fact link of the report is a fragment of the same file that names an existing sentence
    hrefs = page.eval_on_selector_all("a.fact, a.cite", "els => els.map(e => e.getAttribute('href'))")
    assert hrefs and all(h.startswith("#") for h in hrefs)
    missing = [h for h in set(hrefs) if page.locator(f"[id='{h[1:]}']").count() != 1]
    assert not missing, missing[:5]
    page.close()


def test_the_seeds_report_shows_what_the_merged_calls_disagree_on(chromium, seeds_report: Path) -> None:  # type: ignore[no-untyped-def]
    """While the three calls are one event, the reader is told what its reports disagree on: the weekday each
    gives (Tuesday for 18 March, Wednesday for 12 February, Monday for 19 May)."""
    page = chromium.new_page()
    page.goto(seeds_report.as_uri())
    doubt = page.locator("section.event p.doubt").first.inner_text()
    assert "Monday" in doubt and "Tuesday" in doubt and "Wednesday" in doubt, doubt
    page.close()


@pytest.mark.xfail(
    strict=True,
    reason="blocked by issue 18 bar 3: the linker keeps the seeds' three Trump-Putin calls in one event, so the "
    "report cannot show them apart",
)
def test_the_seeds_report_shows_the_three_calls_apart(chromium, seeds_report: Path) -> None:  # type: ignore[no-untyped-def]
    page = chromium.new_page()
    page.goto(seeds_report.as_uri())
    assert page.locator("section.event").count() >= 3
    page.close()


def test_hostile_article_text_is_shown_as_text_and_no_script_runs(chromium, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    source = tmp_path / "hostile.txt"
    source.write_text(HOSTILE, encoding="utf-8")
    report = _report([source], tmp_path)
    page = chromium.new_page()
    dialogs: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    page.goto(report.as_uri())
    assert page.evaluate("typeof window.pwned") == "undefined"
    assert page.locator("script").count() == 0
    assert page.eval_on_selector_all("a", "els => els.filter(e => (e.getAttribute('href') || '').startsWith('javascript:')).length") == 0
    body = page.inner_text("body")
    assert "<script>window.pwned = 2;" in body and 'href="javascript:window.pwned=3"' in body
    assert page.locator("section.article a").count() == 0, "the article's own markup never becomes a link"
    assert not dialogs
    page.close()


def test_every_conflict_is_counted_once_and_alike_in_the_cli_report_web_app_api_and_export(
    seeds_dir: Path, tmp_path: Path
) -> None:
    """The seeds hold conflicts of an event and of actors (an office's holder, a person's role): the report, the
    web app's story list and conflicts page, the API and the export all show every one of them, once."""
    import json
    import re

    from fastapi.testclient import TestClient

    from storyline.config import Settings
    from storyline.present.web import create_app

    db = f"sqlite:///{tmp_path / 'store.db'}"
    report = tmp_path / "report.html"
    run = storyline("run", str(seeds_dir), "--db", db, "--report", str(report))
    assert run.returncode == 0, run.stderr
    cli = int(re.search(r"│ conflicts\s*│\s*(\d+)", run.stdout).group(1))
    exported = storyline("export", "conflicts", "--db", db)
    ids = [json.loads(line)["id"] for line in exported.stdout.splitlines() if line.strip()]
    assert len(ids) == len(set(ids)) == cli
    scopes = {json.loads(line)["scope"] for line in exported.stdout.splitlines() if line.strip()}
    assert {"event", "office"} <= scopes, scopes  # the seeds' office-holder conflict is among them
    html = report.read_text("utf-8")
    assert f"{cli} conflict" in re.sub(r"<[^>]+>", "", html)
    assert sorted(re.findall(r'data-conflict="([^"]+)"', html)) == sorted(ids)
    client = TestClient(create_app(Settings(db_url=db)))
    api = client.get("/api/conflicts", params={"limit": 200}).json()
    assert api["total"] == cli and sorted(i["id"] for i in api["items"]) == sorted(ids)
    assert f"{cli} conflict" in re.sub(r"<[^>]+>", "", client.get("/").text)
    page = client.get("/conflicts")
    assert page.status_code == 200
    assert sorted(re.findall(r'data-conflict="([^"]+)"', page.text)) == sorted(ids)


SYNDICATED = """---
title: Fisheries talks to resume in Tórshavn
outlet: {outlet}
published: 2026-03-02
---
Norway and Iceland will resume fisheries talks in Tórshavn next week, officials said on Monday.
"We have made our offer and now we will see what Norway brings to the table," Prime Minister Hildur Magnúsdóttir said.
The talks broke down in February over the mackerel quota.
{extra}
"""


def test_a_syndicated_copys_quotes_are_shown_once_with_both_outlets(tmp_path: Path) -> None:
    import re

    first = tmp_path / "wire.md"
    copy = tmp_path / "copy.md"
    first.write_text(SYNDICATED.format(outlet="Northwire", extra=""), encoding="utf-8")
    copy.write_text(SYNDICATED.format(outlet="Lima Dispatch", extra="Read more fisheries news on our site."), encoding="utf-8")
    report = _report([first, copy], tmp_path)
    html = report.read_text("utf-8")
    lines = re.findall(r'<div class="quote">(.*?)</div>', html, re.S)
    ours = [line for line in lines if "We have made our offer" in line]
    assert len(ours) == 1, ours
    assert "Northwire" in ours[0] and "Lima Dispatch" in ours[0], ours[0]


def test_counts_and_units_read_as_english(seeds_report: Path) -> None:
    """'1 story, 1 event, 5 articles', 'over 120 minutes': never '1 stories' or '52 person'."""
    import re

    text = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", seeds_report.read_text("utf-8")))
    assert re.search(r"\b1 story, \d+ events?, 5 articles\b", text), text[:400]
    assert "1 stories" not in text and "1 events" not in text
    assert "over 120 minutes" in text and "over 120 minute " not in text
    assert not re.search(r"\b\d+ person\b", text)


def test_one_outlet_is_one_source_and_an_unknown_one_shows_its_file(samples_dir: Path, seeds_report: Path, tmp_path: Path) -> None:
    """The samples' manifest says "Northwire" and northwire.example are one outlet, "Lima Dispatch" and
    limadispatch.example too; a bare text with no outlet shows its file's name, never an internal key."""
    import re

    html = _report([samples_dir], tmp_path).read_text("utf-8")
    sources = html[html.index('id="sources"') :]
    sources = sources[: sources.index('id="articles"')]
    cells = re.findall(r"<tr><td>([^<]+)</td>", sources)
    assert "northwire.example" in cells and "Northwire" not in cells, cells
    assert "limadispatch.example" in cells and "Lima Dispatch" not in cells, cells
    cited = set(re.findall(r'<a class="cite" [^>]*>([^<]+)</a>', html))
    assert "northwire.example" in cited and "Northwire" not in cited, "a cited outlet reads as in the sources table"
    seeds = seeds_report.read_text("utf-8")
    assert "article:000_d86872217a1edc23" not in seeds
    assert "000_d86872217a1edc23.txt (outlet unknown)" in seeds


def test_search_finds_every_spelling_of_a_name_and_shows_the_sentence(seeds_dir: Path, tmp_path: Path) -> None:
    """'zelenskyy' finds the page that writes 'Zelensky' (one actor, two spellings), each hit with its sentence."""
    from fastapi.testclient import TestClient

    from storyline.config import Settings
    from storyline.present.web import create_app

    db = f"sqlite:///{tmp_path / 'store.db'}"
    assert storyline("run", str(seeds_dir), "--db", db, "--report", str(tmp_path / "r.html")).returncode == 0
    page = TestClient(create_app(Settings(db_url=db))).get("/search", params={"q": "zelenskyy"}).text
    assert "002_be88fe9b0bee517e" in page, "the page that spells it Zelensky"
    assert 'class="snippet"' in page and "Zelensky" in page.split('class="snippet"', 1)[1]


def test_articles_read_in_their_paragraphs_and_dates_do_not_wrap(chromium, seeds_report: Path) -> None:  # type: ignore[no-untyped-def]
    """An article shows its paragraphs, sentences inside them as anchors: no sentence fragment ("US" split from
    "US President Donald Trump ...") stands on a line alone; a position's date stays on one line."""
    page = chromium.new_page()
    page.goto(seeds_report.as_uri())
    article = page.locator("section.article").nth(2)
    paragraphs = article.locator("p.paragraph")
    sentences = article.locator(".sentence")
    assert 0 < paragraphs.count() < sentences.count()
    lone = [t for t in paragraphs.all_inner_texts() if t.strip() in {"US", "ARICA –", "U.S."}]
    assert not lone, lone
    dates = page.locator("td.when")
    assert dates.count() > 0
    lines = page.eval_on_selector_all(  # line boxes of each date's text: one, not "2025-04-" over "23"
        "td.when",
        "els => els.filter(e => e.innerText.trim()).map(e => {"
        " const r = document.createRange(); r.selectNodeContents(e);"
        " return new Set(Array.from(r.getClientRects()).map(x => Math.round(x.top))).size; })",
    )
    assert lines and max(lines) == 1, lines
    page.close()


def test_an_actor_has_a_page_of_what_they_said_their_titles_and_their_events(seeds_dir: Path, tmp_path: Path) -> None:
    from fastapi.testclient import TestClient

    from storyline.config import Settings
    from storyline.present.web import create_app

    db = f"sqlite:///{tmp_path / 'store.db'}"
    assert storyline("run", str(seeds_dir), "--db", db, "--report", str(tmp_path / "r.html")).returncode == 0
    client = TestClient(create_app(Settings(db_url=db)))
    listing = client.get("/actors")
    assert listing.status_code == 200 and 'href="/actors/person%3Adonald-trump"' in listing.text
    page = client.get("/actors/person:donald-trump")
    assert page.status_code == 200
    text = page.text
    assert "Titles over time" in text and "President" in text
    assert "God bless the people of Russia and Ukraine" in text  # a quote of his
    assert 'href="/events/' in text
    assert client.get("/actors/person:nobody-at-all").status_code == 404


def test_a_large_corpus_report_is_an_index_of_closed_stories_largest_first(chromium, shared: Path, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """The 181 real pages of the article-extraction benchmark: the report opens on an index (stories by size, with
    counts and dates) and each story is a closed section that opens on a click or from its index link, so the page
    stays short (it was 583,090 px tall with every story open)."""
    import re

    report = _report([shared / "benchmarks" / "article-extraction" / "html"], tmp_path)
    page = chromium.new_page(viewport={"width": 1300, "height": 1000})
    page.goto(report.as_uri())
    page.screenshot(path=str(tmp_path / "report-index.png"))
    rows = page.locator("table.index tr").all_inner_texts()[1:]
    sizes = [int(re.split(r"\t", row)[2]) for row in rows]
    assert len(sizes) > 10 and sizes == sorted(sizes, reverse=True), sizes[:20]
    stories = page.locator("details.story")
    assert stories.count() == len(sizes)
    assert page.locator("details.story[open]").count() == 0
    closed = page.evaluate("document.getElementById('articles').getBoundingClientRect().top")
    stories.first.locator("summary").click()
    assert page.locator("details.story[open]").count() == 1
    assert page.evaluate("document.getElementById('articles').getBoundingClientRect().top") > closed
    page.locator("table.index tr").nth(2).locator("a").click()  # the second story, from its index row
    second = stories.nth(1)
    assert second.get_attribute("open") is not None, "an index link opens its story"
    assert 0 <= second.evaluate("e => e.getBoundingClientRect().top") < 200, "and scrolls to its heading"
    page.screenshot(path=str(tmp_path / "report-story.png"))
    page.close()


def test_a_position_is_shown_in_its_whole_sentence(seeds_report: Path) -> None:
    import re

    html = seeds_report.read_text("utf-8")
    cells = re.findall(r'<td class="when">[^<]*</td><td>[^<]*</td><td>[^<]*</td><td>([^<]+?) <span class="muted">', html)
    assert cells
    starts = [c.strip()[:1] for c in cells]
    assert all(ch.isupper() or ch.isdigit() or ch in "“\"'‘" for ch in starts), [c[:40] for c in cells if not c[:1].isupper()][:5]


def test_an_event_shows_its_coverage_by_language_and_each_article_its_language(shared: Path, tmp_path: Path) -> None:
    """The news-series pages of the 2025 Nobel Peace Prize, in English, Portuguese and Italian: the report says
    which languages the event's coverage is in, and each article's."""
    import json
    import re

    rows = [json.loads(line) for line in (shared / "benchmarks" / "news-series" / "docs.jsonl").open(encoding="utf-8")]
    chosen = [r for r in rows if r["gold_event"] == "DISTRACTOR-nobel-peace-2025"]
    languages = {r["lang"] for r in chosen}
    assert len(languages) >= 2
    source = tmp_path / "nobel.jsonl"
    fields = ("id", "url", "outlet", "published", "text")
    source.write_text("".join(json.dumps({k: r[k] for k in fields if r.get(k)}) + "\n" for r in chosen), "utf-8")
    html = _report([source], tmp_path).read_text("utf-8")
    shown = re.findall(r'<span class="languages">\((.*?)\)</span>', html)
    assert shown and any(len(s.split(", ")) >= 2 for s in shown), shown
    for code in languages:
        assert f'<span class="language">{code}</span>' in html
