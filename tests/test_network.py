"""http(s) inputs and RSS/Atom feeds, against a local HTTP server on 127.0.0.1.

Every request in this file goes to a ``ThreadingHTTPServer`` the tests start on
127.0.0.1 (port 0, so the OS picks a free port); nothing leaves the machine.
Proxy variables are cleared so that httpx cannot route a request elsewhere.
"""

from __future__ import annotations

import datetime as dt
import os
import socket
import subprocess
import sys
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from storyline.config import Settings
from storyline.errors import InputProblem, Problem
from storyline.ingest import Outcome, Status, ingest
from storyline.model import Article, DateSource
from storyline.store import Store

ROOT = Path(__file__).resolve().parents[1]
_PROXY_VARS = ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "http_proxy", "https_proxy", "all_proxy")

# ---- invented pages ------------------------------------------------------------------------------

NAV = "Home Local Business Sport Weather Subscribe Sign in"
FOOTER = "Copyright 2024 The Tidewater Courier. All rights reserved. Privacy policy. Contact the newsroom."


@dataclass(frozen=True)
class Story:
    """An invented article: what the page says, and what the test expects back."""

    slug: str
    title: str
    published: str  # ISO timestamp for <meta property="article:published_time">
    paragraphs: tuple[str, ...]

    @property
    def date(self) -> dt.date:
        return dt.date.fromisoformat(self.published[:10])

    @property
    def words(self) -> int:
        return sum(len(p.split()) for p in self.paragraphs)


FERRY = Story(
    slug="ferry-timetable",
    title="Harbour council approves winter ferry timetable after long debate",
    published="2024-03-14T09:30:00+00:00",
    paragraphs=(
        "The Tidewater harbour council voted late on Wednesday to approve a revised winter timetable for the "
        "island ferry, ending three months of argument between commuters, fishermen and the operator about how "
        "often the boats should sail when the weather turns.",
        "Under the new schedule the first crossing will leave the mainland pier at a quarter past six, forty "
        "minutes earlier than before, so that nurses and teachers who live on Gull Island can reach the morning "
        "shift without paying for a night in town. The last return sailing moves back to half past nine.",
        "Councillor Maren Holt, who chairs the transport committee, said the compromise was not perfect but that "
        "it answered the complaint heard most often at the public meetings held in the old customs house. "
        "Residents had asked for reliability first and extra sailings second, she told the chamber.",
        "The operator, Saltmarsh Crossings, warned that the earlier start would add fuel and crew costs. It has "
        "agreed to run the timetable for one season and to publish monthly punctuality figures, which the "
        "council will review in April before deciding whether to renew the arrangement for next year.",
    ),
)
LIBRARY = Story(
    slug="library-reopens",
    title="Riverside library reopens its doors after flood repairs",
    published="2024-02-02T08:00:00+00:00",
    paragraphs=(
        "The Riverside branch library reopened on Friday morning, eleven months after floodwater from the swollen "
        "Amber river filled its ground floor to the height of the lower shelves and ruined several thousand books.",
        "Volunteers queued outside before the doors opened, and the head librarian, Tobias Wren, handed the first "
        "new library card to a seven year old who had written to the council asking when story time would return. "
        "The children's corner has been rebuilt on a raised platform with waterproof flooring.",
        "Repairs cost a little over four hundred thousand pounds, most of it covered by insurance and a regional "
        "resilience grant. Electrical sockets now sit a metre above the floor, and the archive of parish records "
        "has moved to the first floor, where it will be safe from any future flood.",
        "Staff said the local history collection was the hardest loss. A group of retired teachers spent the "
        "winter drying and scanning damaged photographs, and an exhibition of the rescued prints opens next month "
        "in the reading room, alongside recorded interviews with residents about the night the river rose.",
    ),
)
ORCHARD = Story(
    slug="orchard-harvest",
    title="Late frost leaves valley orchards with a thin apple harvest",
    published="2023-10-09T07:15:00+00:00",
    paragraphs=(
        "Growers in the Hollin valley expect to pick barely half of a normal apple crop this autumn after a hard "
        "frost in early May struck just as the blossom opened, killing the flowers on the lower slopes overnight.",
        "At the Pennard family orchard, rows of trees that usually bend under the weight of fruit stand almost "
        "bare. Ida Pennard, whose grandfather planted the first Bramley trees on the farm, said she had never seen "
        "the frost settle so low and stay so long into the morning, even on the sheltered terraces.",
        "The cooperative that presses juice for shops across the county has started buying fruit from growers "
        "further north to keep its lines running. Its manager said prices paid to farmers would rise, but that "
        "customers might still find some blends missing from shelves before Christmas.",
        "Agricultural advisers are urging growers to consider frost fans and overhead sprinklers, which protect "
        "blossom by keeping the air moving or coating buds in a thin layer of ice. Both are expensive, and several "
        "smaller orchards say they cannot afford them without help from the regional farming fund.",
    ),
)
CYCLEWAY = Story(
    slug="cycleway-extended",
    title="River cycleway extended to the old brickworks",
    published="2024-05-20T12:00:00+00:00",
    paragraphs=(
        "A new two mile stretch of the river cycleway opened on Monday, linking the town centre with the former "
        "brickworks site, where more than three hundred homes and a primary school are being built on the old "
        "clay pits beside the water.",
        "The path follows the line of a disused mineral railway and crosses the Amber on a restored iron bridge "
        "that had been closed to the public for almost thirty years. Engineers replaced the rotten timber deck "
        "and added lighting powered by small solar panels fixed to the original railings.",
        "Cycling groups welcomed the route but asked the county to finish the missing link near the bus station, "
        "where riders must still share a narrow road with delivery lorries. Officers said a design for that "
        "junction would go out to consultation in the summer, with work pencilled in for next spring.",
        "Walkers have already found the path. On the first morning a running club, several dog walkers and a "
        "class of schoolchildren on a nature trail used the bridge, pausing to watch herons fishing in the shallow "
        "pools that have formed in the flooded pits below the embankment.",
    ),
)
STORIES = {s.slug: s for s in (FERRY, LIBRARY, ORCHARD, CYCLEWAY)}


def article_html(story: Story) -> bytes:
    """A news page with the usual furniture: navigation, a comment box and a footer around the article."""
    body = "\n".join(f"      <p>{p}</p>" for p in story.paragraphs)
    return f"""<!DOCTYPE html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <title>{story.title} | The Tidewater Courier</title>
  <meta property="og:title" content="{story.title}">
  <meta property="article:published_time" content="{story.published}">
</head>
<body>
  <header>
    <nav class="main-nav"><ul>{"".join(f"<li><a href='/{w.lower()}'>{w}</a></li>" for w in NAV.split())}</ul></nav>
  </header>
  <main>
    <article>
      <h1>{story.title}</h1>
{body}
    </article>
    <section id="comments" class="comments-area">
      <div id="respond" class="comment-respond">
        <h3 id="reply-title" class="comment-reply-title">Leave a Reply</h3>
        <form id="commentform" class="comment-form" method="post" action="/wp-comments-post.php">
          <p class="comment-notes">Your email address will not be published. Required fields are marked.</p>
          <p><label for="comment">Comment</label><textarea id="comment" name="comment"></textarea></p>
          <p><input type="submit" value="Post Comment"></p>
        </form>
      </div>
    </section>
  </main>
  <footer class="site-footer"><p>{FOOTER}</p></footer>
</body>
</html>
""".encode()


# About 50 kB of HTML, for the size cap.
BIG_PAGE = (
    "<!DOCTYPE html><html><body>"
    + "".join(f"<p>Paragraph {i} of a very long page about the harbour and its ferries.</p>\n" for i in range(700))
    + "</body></html>"
).encode()


def rss_feed(base: str, items: list[tuple[str, str]]) -> bytes:
    """An RSS 2.0 feed whose items are (title, absolute link) pairs."""
    entries = "".join(
        f"<item><title>{title}</title><link>{link}</link>"
        f"<pubDate>Mon, 04 Mar 2024 10:00:00 GMT</pubDate><guid>{link}</guid></item>"
        for title, link in items
    )
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0"><channel>'
        f"<title>The Tidewater Courier</title><link>{base}/</link><description>Local news</description>"
        f"{entries}</channel></rss>"
    ).encode()


def atom_feed(base: str, items: list[tuple[str, str]]) -> bytes:
    """An Atom feed whose entries are (title, absolute link) pairs."""
    entries = "".join(
        f'<entry><title>{title}</title><link rel="alternate" href="{link}"/><id>{link}</id>'
        "<updated>2024-03-04T10:00:00Z</updated></entry>"
        for title, link in items
    )
    return (
        '<?xml version="1.0" encoding="utf-8"?>\n<feed xmlns="http://www.w3.org/2005/Atom">'
        f'<title>The Tidewater Courier</title><id>{base}/</id><updated>2024-03-04T10:00:00Z</updated>'
        f'<link rel="self" href="{base}/feed.atom"/>{entries}</feed>'
    ).encode()


# ---- the local server -----------------------------------------------------------------------------


@dataclass
class Reply:
    status: int = 200
    content_type: str = "text/html; charset=utf-8"
    body: bytes = b""
    headers: dict[str, str] = field(default_factory=dict)


Route = Reply | Callable[["Site"], Reply]


class _Handler(BaseHTTPRequestHandler):
    server: _Server

    def do_GET(self) -> None:  # noqa: N802 (http.server's naming)
        site = self.server.site
        site.hits.append(self.path)
        route = site.routes.get(self.path)
        reply = Reply(404, "text/html", b"<html><body><h1>Not found</h1></body></html>") if route is None else (
            route(site) if callable(route) else route
        )
        try:
            self.send_response(reply.status)
            self.send_header("Content-Type", reply.content_type)
            self.send_header("Content-Length", str(len(reply.body)))
            for name, value in reply.headers.items():
                self.send_header(name, value)
            self.end_headers()
            self.wfile.write(reply.body)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the client gave up (time-out, size cap): nothing to answer

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002
        pass


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    site: Site

    def handle_error(self, request, client_address) -> None:  # type: ignore[no-untyped-def]
        pass  # a client that hung up is expected in these tests


@dataclass
class Site:
    """The running server: its base URL, its routes (path -> reply), and the paths requested."""

    base: str
    routes: dict[str, Route]
    hits: list[str]
    release: threading.Event  # set at teardown so a deliberately slow handler returns at once

    def url(self, path: str) -> str:
        return self.base + path


def _slow(site: Site) -> Reply:
    site.release.wait(timeout=5)
    return Reply(body=article_html(FERRY))


def _routes(base: str) -> dict[str, Route]:
    routes: dict[str, Route] = {f"/news/{s.slug}.html": Reply(body=article_html(s)) for s in STORIES.values()}
    rss_items = [(LIBRARY.title, f"{base}/news/{LIBRARY.slug}.html"), ("Gone", f"{base}/news/withdrawn.html"),
                 (ORCHARD.title, f"{base}/news/{ORCHARD.slug}.html")]
    atom_items = [(CYCLEWAY.title, f"{base}/news/{CYCLEWAY.slug}.html"), ("Gone", f"{base}/news/withdrawn.html"),
                  (FERRY.title, f"{base}/news/{FERRY.slug}.html")]
    routes["/feed.rss"] = Reply(content_type="application/rss+xml; charset=utf-8", body=rss_feed(base, rss_items))
    routes["/feed.atom"] = Reply(content_type="application/atom+xml; charset=utf-8", body=atom_feed(base, atom_items))
    relative_items = [(LIBRARY.title, f"/news/{LIBRARY.slug}.html"), (ORCHARD.title, f"news/{ORCHARD.slug}.html")]
    routes["/relative.atom"] = Reply(content_type="application/atom+xml", body=atom_feed(base, relative_items))
    routes["/hop1"] = Reply(302, headers={"Location": "/hop2"})
    routes["/hop2"] = Reply(301, headers={"Location": f"{base}/news/{CYCLEWAY.slug}.html"})
    routes["/loop-a"] = Reply(302, headers={"Location": "/loop-b"})
    routes["/loop-b"] = Reply(302, headers={"Location": "/loop-a"})
    routes["/big.html"] = Reply(body=BIG_PAGE)
    routes["/slow.html"] = _slow
    return routes


@pytest.fixture(autouse=True)
def _no_proxies(monkeypatch: pytest.MonkeyPatch) -> None:
    """httpx honours proxy variables: clear them so every request goes straight to 127.0.0.1."""
    for name in _PROXY_VARS:
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("NO_PROXY", "127.0.0.1,localhost")


@pytest.fixture
def site() -> Iterator[Site]:
    """A ThreadingHTTPServer on 127.0.0.1 in a background thread, shut down after the test."""
    server = _Server(("127.0.0.1", 0), _Handler)
    host, port = server.server_address[:2]
    base = f"http://{host}:{port}"
    server.site = Site(base=base, routes=_routes(base), hits=[], release=threading.Event())
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    try:
        yield server.site
    finally:
        server.site.release.set()
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


@pytest.fixture
def dead_url() -> str:
    """A URL on 127.0.0.1 where nothing listens: a port the OS handed out, then closed."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    return f"http://127.0.0.1:{port}/news/nothing-here.html"


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    s = Store(f"sqlite:///{tmp_path / 's.db'}")
    yield s
    s.close()


def _by_url(store: Store) -> dict[str | None, Article]:
    return {a.url: a for a in store.articles()}


def _of(outcomes: list[Outcome], status: Status) -> list[Outcome]:
    return [o for o in outcomes if o.status is status]


# ---- pages --------------------------------------------------------------------------------------



def only_problem(outcomes: list[Outcome], code: Problem) -> InputProblem:
    """The single outcome of a refused input: one PROBLEM with ``code``."""
    assert [o.status for o in outcomes] == [Status.PROBLEM]
    problem = outcomes[0].problem
    assert problem is not None and problem.code is code
    return problem

def test_html_page_is_stored_with_url_host_title_and_metadata_date(site: Site, store: Store) -> None:
    """A page URL becomes one article: url, host as outlet, page title, meta published date, no furniture."""
    assert FERRY.words >= 150
    url = site.url(f"/news/{FERRY.slug}.html")

    outcomes = list(ingest([url], store, Settings()))

    assert [o.status for o in outcomes] == [Status.STORED]
    (article,) = store.articles()
    assert article.url == url
    assert article.source == url
    assert article.outlet == "127.0.0.1"
    assert article.outlet_source == "url"
    assert article.title == FERRY.title
    assert article.text.startswith(FERRY.title)
    assert article.published.value == FERRY.date
    assert article.published.source is DateSource.HTML_METADATA
    for paragraph in FERRY.paragraphs:
        assert paragraph in article.text
    for furniture in ("Leave a Reply", "Post Comment", "email address will not be published", "Subscribe",
                      "Sign in", "All rights reserved", "Privacy policy"):
        assert furniture not in article.text, furniture
    assert article.language == "en"


def test_same_url_twice_adds_nothing_the_second_time(site: Site, store: Store) -> None:
    """Re-ingesting a URL whose bytes did not change is UNCHANGED and leaves the article count alone."""
    url = site.url(f"/news/{LIBRARY.slug}.html")
    first = list(ingest([url], store, Settings()))
    count = store.counts()["articles"]

    second = list(ingest([url], store, Settings()))

    assert [o.status for o in first] == [Status.STORED]
    assert [o.status for o in second] == [Status.UNCHANGED]
    assert second[0].source == url
    assert store.counts()["articles"] == count == 1
    assert site.hits.count(f"/news/{LIBRARY.slug}.html") == 2  # it was fetched again, then found unchanged


def test_404_page_is_a_problem_naming_the_url(site: Site, store: Store) -> None:
    """A page URL answering 404 is skipped with an E006 problem that names the URL and the status."""
    url = site.url("/news/withdrawn.html")

    (outcome,) = ingest([url], store, Settings())

    assert outcome.status is Status.PROBLEM
    assert outcome.problem is not None and outcome.problem.code is Problem.E006
    assert url in outcome.problem.message and "HTTP 404" in outcome.problem.message
    assert store.counts() == {"articles": 0, "duplicates": 0, "outlets": 0, "problems": 1, "annotated": 0, "failed": 0}


# ---- feeds --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("path", "stories"),
    [("/feed.rss", (LIBRARY, ORCHARD)), ("/feed.atom", (CYCLEWAY, FERRY))],
    ids=["rss", "atom"],
)
def test_feed_items_are_fetched_and_a_404_item_is_one_warning(
    site: Site, store: Store, path: str, stories: tuple[Story, ...]
) -> None:
    """Every linked page of a feed is stored; an item whose page is gone is one warning, not the end of the feed."""
    feed_url = site.url(path)
    gone = site.url("/news/withdrawn.html")

    outcomes = list(ingest([feed_url], store, Settings()))

    stored = _of(outcomes, Status.STORED)
    assert sorted(o.source for o in stored) == sorted(site.url(f"/news/{s.slug}.html") for s in stories)
    (warning,) = _of(outcomes, Status.WARNING)
    assert warning.problem is not None and warning.problem.code is Problem.W003
    assert gone in warning.problem.message and "HTTP 404" in warning.problem.message
    assert not _of(outcomes, Status.PROBLEM)
    assert len(outcomes) == len(stories) + 1

    articles = _by_url(store)
    assert set(articles) == {site.url(f"/news/{s.slug}.html") for s in stories}
    for story in stories:
        article = articles[site.url(f"/news/{story.slug}.html")]
        assert article.title == story.title
        assert article.outlet == "127.0.0.1"
        assert story.paragraphs[-1] in article.text
        assert "Leave a Reply" not in article.text
    assert store.counts()["problems"] == 1  # the warning is recorded in the store too


def test_relative_atom_links_resolve_against_the_feed_url(site: Site, store: Store) -> None:
    """Atom hrefs are IRI references (RFC 4287 4.2.7.1): relative ones resolve against the feed's own URL.

    Regression: links were passed to the client as written ("Request URL is missing an 'http://' protocol").
    """
    outcomes = list(ingest([site.url("/relative.atom")], store, Settings()))

    assert [o.status for o in outcomes] == [Status.STORED, Status.STORED], [str(o.problem) for o in outcomes]
    assert set(_by_url(store)) == {site.url(f"/news/{LIBRARY.slug}.html"), site.url(f"/news/{ORCHARD.slug}.html")}


# ---- redirects, limits, failures ----------------------------------------------------------------


def test_a_chain_of_two_redirects_is_followed_to_the_final_url(site: Site, store: Store) -> None:
    """302 then 301 lead to the page: the article's url is where the chain ended, its source what was asked."""
    start = site.url("/hop1")

    outcomes = list(ingest([start], store, Settings()))

    assert [o.status for o in outcomes] == [Status.STORED]
    (article,) = store.articles()
    assert article.url == site.url(f"/news/{CYCLEWAY.slug}.html")
    assert article.source == start
    assert article.title == CYCLEWAY.title
    assert site.hits == ["/hop1", "/hop2", f"/news/{CYCLEWAY.slug}.html"]


def test_a_redirect_loop_is_one_problem_saying_how_many_redirects(site: Site, store: Store) -> None:
    """A loop stops after fetch_max_redirects hops with one PROBLEM 'more than N redirects'."""
    settings = Settings()
    url = site.url("/loop-a")

    outcomes = list(ingest([url], store, settings))

    problem = only_problem(outcomes, Problem.E006)
    assert f"more than {settings.fetch_max_redirects} redirects" in problem.message
    assert url in problem.message
    assert len(site.hits) == settings.fetch_max_redirects + 1
    assert store.counts()["articles"] == 0


def test_a_page_over_the_size_cap_is_a_problem_e009(site: Site, store: Store) -> None:
    """With fetch_max_bytes=10_000 a 50 kB page is refused with E009, and nothing is stored."""
    assert 45_000 < len(BIG_PAGE) < 60_000
    settings = Settings().with_overrides(fetch_max_bytes=10_000)
    url = site.url("/big.html")

    outcomes = list(ingest([url], store, settings))

    problem = only_problem(outcomes, Problem.E009)
    assert url in problem.message and "10000" in problem.message
    assert store.counts()["articles"] == 0


def test_a_page_slower_than_the_timeout_is_a_problem(site: Site, store: Store) -> None:
    """A server that does not answer within fetch_timeout_s gives a PROBLEM 'timed out'."""
    settings = Settings().with_overrides(fetch_timeout_s=0.5)
    url = site.url("/slow.html")

    outcomes = list(ingest([url], store, settings))

    problem = only_problem(outcomes, Problem.E006)
    assert "timed out" in problem.message and url in problem.message
    assert store.counts()["articles"] == 0


def test_an_unreachable_url_is_a_problem_and_the_good_url_is_still_stored(
    site: Site, store: Store, dead_url: str
) -> None:
    """Nothing listening: a PROBLEM naming the URL ('cannot connect'); the other URL in the call is stored."""
    good = site.url(f"/news/{ORCHARD.slug}.html")

    outcomes = list(ingest([dead_url, good], store, Settings()))

    (problem_outcome,) = _of(outcomes, Status.PROBLEM)
    assert problem_outcome.source == dead_url
    problem = problem_outcome.problem
    assert problem is not None and problem.code is Problem.E006
    assert dead_url in problem.message and "cannot connect" in problem.message
    assert [o.source for o in _of(outcomes, Status.STORED)] == [good]
    assert set(_by_url(store)) == {good}


# ---- the command line ---------------------------------------------------------------------------


def _cli(*args: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k not in _PROXY_VARS}
    env["NO_PROXY"] = "127.0.0.1,localhost"
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT / "src"), env.get("PYTHONPATH")]))
    env["COLUMNS"] = "200"
    return subprocess.run(
        [sys.executable, "-m", "storyline.cli", *args], capture_output=True, text=True, env=env, timeout=60
    )


def test_cli_ingest_reports_the_dead_url_on_stderr_and_exits_0(site: Site, tmp_path: Path, dead_url: str) -> None:
    """One dead URL among good ones: exit 0, exactly one stderr line names the dead URL; the good one is stored."""
    good = site.url(f"/news/{FERRY.slug}.html")
    db = f"sqlite:///{tmp_path / 'cli.db'}"

    result = _cli("ingest", good, dead_url, "--db", db)

    assert result.returncode == 0, result.stderr
    lines = [line for line in result.stderr.splitlines() if dead_url in line]
    assert len(lines) == 1, result.stderr
    assert "cannot connect" in lines[0]
    store = Store(db)
    try:
        assert [a.url for a in store.articles()] == [good]
    finally:
        store.close()


def test_cli_ingest_of_only_a_dead_url_exits_nonzero(tmp_path: Path, dead_url: str) -> None:
    """When nothing could be read the command fails, and still names the URL."""
    result = _cli("ingest", dead_url, "--db", f"sqlite:///{tmp_path / 'cli.db'}")

    assert result.returncode != 0
    assert dead_url in result.stderr


def test_cli_prints_a_url_with_brackets_verbatim_and_goes_on(site: Site, tmp_path: Path, dead_url: str) -> None:
    """A problem line shows the input exactly as given, whatever brackets it holds, and the run continues.

    Regression: messages were printed as Rich markup, so "[b]" vanished and "[/x]" raised MarkupError.
    """
    odd = dead_url.replace("/news/", "/archive/[/x]/[b]")
    good = site.url(f"/news/{FERRY.slug}.html")
    db = f"sqlite:///{tmp_path / 'cli.db'}"

    result = _cli("ingest", odd, good, "--db", db)

    assert result.returncode == 0, result.stderr
    assert sum(odd in line for line in result.stderr.splitlines()) == 1, result.stderr
    store = Store(db)
    try:
        assert [a.url for a in store.articles()] == [good]
    finally:
        store.close()
