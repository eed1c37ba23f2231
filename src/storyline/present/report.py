"""``storyline report``: the whole store as one self-contained HTML file that works offline.

No script, no outside request (a Content-Security-Policy meta tag forbids both), links are fragments of the same
file: every fact in a matrix, summary or position leads to its sentence in the article's text further down.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from pathlib import Path

from storyline.present.templates import REPORT_CSP, environment
from storyline.present.views import Reader
from storyline.store import Store

_UNSAFE = re.compile(r"[^A-Za-z0-9_-]+")
# A report of this many stories or fewer shows them all open; a larger one is an index of closed sections (a page
# of the 181 real pages was 583,090 px tall with every story open).
OPEN_STORIES = 10


def anchor(kind: str, ident: str) -> str:
    """A fragment id that is valid, readable and unique: the id's safe characters plus a short hash of it."""
    digest = hashlib.sha1(ident.encode("utf-8")).hexdigest()[:6]
    return f"{kind}-{_UNSAFE.sub('-', ident).strip('-')[:60]}-{digest}"


class ReportLinks:
    """Where things live inside the one-file report."""

    def story(self, story_id: str) -> str:
        return "#" + anchor("story", story_id)

    def event(self, event_id: str) -> str:
        return "#" + anchor("event", event_id)

    def article(self, article_id: str, sentence: int | None = None, span: tuple[int, int] | None = None) -> str:
        base = "#" + anchor("article", article_id)
        return base if sentence is None else f"{base}-s-{sentence}"


def render_report(store: Store) -> str:
    reader = Reader(store)
    links = ReportLinks()
    site = reader.site(links)
    article_pages = [reader.article_page(a) for a in sorted(reader.articles)]
    return environment().get_template("report.html").render(
        site=site,
        links=links,
        article_pages=article_pages,
        events=sum(len(s.events) for s in site.stories),
        csp=REPORT_CSP,
        open_stories=OPEN_STORIES,
        generated=dt.datetime.now(dt.timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
    )


def write_report(store: Store, path: Path) -> Path:
    path.write_text(render_report(store), encoding="utf-8")
    return path
