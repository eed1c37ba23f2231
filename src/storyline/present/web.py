"""``storyline serve``: the report's views as a web app, search, upload with visible progress, and a JSON HTTP API
for every record kind with paging and filters (OpenAPI at /docs, served from local files: it works offline).

Every HTML page escapes article text (Jinja2 autoescaping) and is sent with a Content-Security-Policy that lets no
script run; only the API documentation page runs the bundled Swagger UI.
"""

from __future__ import annotations

import datetime as dt
import re
import shutil
import tempfile
import threading
from collections import Counter, OrderedDict
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Annotated, Any, TypeVar
from urllib.parse import quote

import swagger_ui_bundle
from fastapi import FastAPI, File, Form, HTTPException, Query, Request, UploadFile
from fastapi.openapi.docs import get_swagger_ui_html
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from fastapi.staticfiles import StaticFiles
from pydantic import BaseModel

from storyline.config import Settings
from storyline.model import ActorKind, Agreement, Conflict, to_dict
from storyline.present.guard import Guard
from storyline.present.jobs import Job, Jobs
from storyline.present.search import SearchWords
from storyline.present.templates import CSP, environment
from storyline.present.views import Reader
from storyline.store import Store

DOCS_CSP = "default-src 'self'; script-src 'self' 'unsafe-inline'; style-src 'self' 'unsafe-inline'; img-src 'self' data:"
MAX_LIMIT = 500
NOT_FOUND: dict[int | str, dict[str, Any]] = {404: {"description": "No record with this id"}}
SEARCH_HITS = 50
PAGE_CACHE = 2048  # built pages kept per revision of the store (a few MB)
R = TypeVar("R")
_SAFE_NAME = re.compile(r"[^A-Za-z0-9._-]+")

Offset = Annotated[int, Query(ge=0, le=10_000_000, description="Records to skip.")]
Limit = Annotated[int, Query(ge=1, le=MAX_LIMIT, description="Records per page.")]
DateFrom = Annotated[dt.date | None, Query(description="On or after this day.")]
DateTo = Annotated[dt.date | None, Query(description="On or before this day.")]


class Page(BaseModel):
    """One page of records: ``items`` are the records as JSON (the domain model's fields)."""

    total: int
    offset: int
    limit: int
    items: list[dict[str, Any]]


class JobState(BaseModel):
    id: str
    state: str
    stage: str | None
    step: int
    log: list[str]
    articles: list[str]


class WebLinks:
    """Where things live in the web app."""

    def story(self, story_id: str) -> str:
        return f"/stories/{quote(story_id, safe='')}"

    def event(self, event_id: str) -> str:
        return f"/events/{quote(event_id, safe='')}"

    def article(self, article_id: str, sentence: int | None = None, span: tuple[int, int] | None = None) -> str:
        url = f"/articles/{quote(article_id, safe='')}"
        if span is not None:
            url += f"?mark={span[0]}-{span[1]}"
        return url + (f"#s-{sentence}" if sentence is not None else "")


class State:
    """The store as the app reads it: one Reader, read again whenever the store's revision changes (after an
    upload job, or when another process runs storyline on the same store), and the pages built from it, kept
    until then (a page is a pure function of the store's content and its address: the index builds every story,
    a search reads every article)."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self._store: Store | None = None
        self._reader: Reader | None = None
        self._revision: str | None = None
        self._quotes: list[dict[str, Any]] | None = None
        self._pages: OrderedDict[str, Any] = OrderedDict()
        self._lock = threading.Lock()

    def cached(self, key: str, build: Callable[[Reader], R]) -> R:
        """What ``build`` makes of the current Reader, made once per revision of the store (the PAGE_CACHE most
        recently used)."""
        reader = self.reader()
        with self._lock:
            if key in self._pages:
                self._pages.move_to_end(key)
                return self._pages[key]
            revision = self._revision
        value = build(reader)
        with self._lock:
            if revision == self._revision:
                self._pages[key] = value
                while len(self._pages) > PAGE_CACHE:
                    self._pages.popitem(last=False)
        return value

    def _opened(self) -> Store:
        if self._store is None:
            self._store = Store(self.settings.db_url)
        return self._store

    def reader(self) -> Reader:
        with self._lock:
            store = self._opened()
            revision = store.revision()  # one small query per request
            if self._reader is None or revision != self._revision:
                self._reader = Reader(store)
                self._revision = revision
                self._quotes = None
                self._pages.clear()
            return self._reader

    def quotes(self) -> list[dict[str, Any]]:
        from storyline.present.rows import quote_rows

        self.reader()  # a new revision drops the quotes too
        with self._lock:
            if self._quotes is None:
                self._quotes = list(quote_rows(self._opened()))
            return self._quotes


async def _save(upload: UploadFile, target: Path, limit: int) -> bool:
    """Write an uploaded file a chunk at a time; False (and nothing kept) when it is over ``limit`` bytes."""
    size = 0
    with target.open("wb") as out:
        while chunk := await upload.read(1 << 20):
            size += len(chunk)
            if size > limit:
                return False
            out.write(chunk)
    return True


def _page(items: list[Any], offset: int, limit: int) -> Page:
    chosen = items[offset : offset + limit]
    return Page(total=len(items), offset=offset, limit=limit, items=[r if isinstance(r, dict) else to_dict(r) for r in chosen])


def _in_range(day: dt.date | None, start: dt.date | None, end: dt.date | None) -> bool:
    if start is None and end is None:
        return True
    if day is None:
        return False
    return (start is None or day >= start) and (end is None or day <= end)


def create_app(settings: Settings | None = None) -> FastAPI:
    """The app over ``settings.db_url``. It fetches uploaded URLs from public addresses only (the hosts in
    ``fetch_allowed_hosts`` excepted), refuses cross-site writes and, with ``web_token``, anyone without it."""
    settings = (settings or Settings()).with_overrides(fetch_public_only=True)
    state = State(settings)
    jobs = Jobs(settings)
    links = WebLinks()
    env = environment()
    app = FastAPI(
        title="storyline",
        description="A sourced record of what happened: stories, events, actors, quotes, claims, conflicts, "
        "positions and sources, with every fact traceable to its sentence.",
        version="1",
        docs_url=None,
        redoc_url=None,
    )
    app.mount("/static/swagger", StaticFiles(directory=swagger_ui_bundle.swagger_ui_path), name="swagger")
    app.add_middleware(Guard, token=settings.web_token)

    @app.middleware("http")
    async def security_headers(request: Request, call_next):  # type: ignore[no-untyped-def]
        response: Response = await call_next(request)
        docs = request.url.path in ("/docs",) or request.url.path.startswith("/static/swagger")
        response.headers["Content-Security-Policy"] = DOCS_CSP if docs else CSP
        response.headers["X-Content-Type-Options"] = "nosniff"
        response.headers["Referrer-Policy"] = "no-referrer"
        response.headers["X-Frame-Options"] = "DENY"
        return response

    def html(template: str, **context: Any) -> HTMLResponse:
        return HTMLResponse(render(template, **context))

    # -- pages --------------------------------------------------------------------------------------------
    @app.get("/docs", include_in_schema=False)
    def docs() -> HTMLResponse:
        return get_swagger_ui_html(
            openapi_url="/openapi.json",
            title="storyline API",
            swagger_js_url="/static/swagger/swagger-ui-bundle.js",
            swagger_css_url="/static/swagger/swagger-ui.css",
            swagger_favicon_url="/static/swagger/favicon-32x32.png",
        )

    def cached_html(key: str, build: Callable[[Reader], str]) -> HTMLResponse:
        return HTMLResponse(state.cached(key, build))

    def render(template: str, **context: Any) -> str:
        return env.get_template(template).render(links=links, query=context.pop("query", None), **context)

    @app.get("/", include_in_schema=False)
    def stories_page() -> HTMLResponse:
        def build(reader: Reader) -> str:
            site = reader.site(links)
            return render("stories.html", stories=site.stories, events=len(reader.events),
                          articles=len(reader.articles), conflicts=len(site.conflicts))

        return cached_html("/", build)

    @app.get("/actors", include_in_schema=False)
    def actors_page() -> HTMLResponse:
        def build(reader: Reader) -> str:
            events: Counter[str] = Counter(a for e in reader.events.values() for a in e.actors)
            quotes: Counter[str] = Counter(
                reader.identities.of(article_id, q.speaker_id)
                for article_id, annotation in reader.annotations.items()
                for q in annotation.quotes
                if q.speaker_id
            )
            rows = sorted(
                ((a, events[a.id], quotes[a.id]) for a in reader.identities.actors.values()),
                key=lambda row: (-(row[1] + row[2]), row[0].name),
            )
            return render("actors.html", actors=rows)

        return cached_html("/actors", build)

    @app.get("/actors/{actor_id:path}", include_in_schema=False)
    def actor_page(actor_id: str) -> HTMLResponse:
        _found(state.reader().identities.actors, actor_id, "actor")
        return cached_html(f"actor:{actor_id}", lambda r: render("actor.html", page=r.actor_page(actor_id, links)))

    @app.get("/conflicts", include_in_schema=False)
    def conflicts_page() -> HTMLResponse:
        return cached_html("/conflicts", lambda r: render("conflicts.html", conflicts=r.conflict_lines(links)))

    @app.get("/stories/{story_id:path}", include_in_schema=False)
    def story_page(story_id: str) -> HTMLResponse:
        _found(state.reader().stories, story_id, "story")
        return cached_html(f"story:{story_id}", lambda r: render("story.html", page=r.story_page(story_id, links)))

    @app.get("/events/{event_id:path}", include_in_schema=False)
    def event_page(event_id: str) -> HTMLResponse:
        event = _found(state.reader().events, event_id, "event")
        return cached_html(
            f"event:{event_id}",
            lambda r: render("event.html", page=r.event_page(event_id, links), story_id=event.story_id),
        )

    @app.get("/articles/{article_id:path}", include_in_schema=False)
    def article_page(article_id: str, mark: str | None = None) -> HTMLResponse:
        _found(state.reader().articles, article_id, "article")
        span = None
        if mark and re.fullmatch(r"\d{1,9}-\d{1,9}", mark):
            start, end = (int(x) for x in mark.split("-"))
            span = (start, end) if start < end else None
        return cached_html(
            f"article:{article_id}:{span}", lambda r: render("article.html", page=r.article_page(article_id, span))
        )

    @app.get("/sources", include_in_schema=False)
    def sources_page() -> HTMLResponse:
        return cached_html("/sources", lambda r: render("sources.html", sources=r.sources, outlet_names=r.outlet_names()))

    @app.get("/search", include_in_schema=False)
    def search_page(q: str = "") -> HTMLResponse:
        query = SearchWords.parse(q)
        if not query:
            return html("search.html", query=q, events=[], actors=[], articles=[])

        def build(reader: Reader) -> str:
            names = [[a.name, *a.aliases] for a in reader.identities.actors.values()]
            spelled = query.with_names(names)
            events = _best(reader.events.values(), lambda e: spelled.score([e.title or ""]))
            actors = _best(reader.identities.actors.values(), lambda a: spelled.score([a.name, *a.aliases]))
            found = _best(reader.articles.values(), lambda a: spelled.score([a.title or ""], a.text))
            articles = [(a, spelled.snippet(a.text)) for a in found]
            return render("search.html", query=q, events=events, actors=actors, articles=articles)

        return cached_html(f"search:{' '.join(query.words)}", build)

    @app.get("/upload", include_in_schema=False)
    def upload_page() -> HTMLResponse:
        return html("upload.html", jobs=jobs.recent())

    @app.post("/upload", include_in_schema=False)
    async def upload(files: Annotated[list[UploadFile], File()] = [], urls: Annotated[str, Form()] = "") -> Response:  # noqa: B006
        folder = Path(tempfile.mkdtemp(prefix="storyline-upload-"))
        locations: list[str] = []
        for upload in files:
            if not upload.filename:
                continue
            target = folder / (_SAFE_NAME.sub("_", Path(upload.filename).name) or "upload")
            if not await _save(upload, target, settings.max_input_bytes):
                shutil.rmtree(folder, ignore_errors=True)
                raise HTTPException(413, f"{target.name}: over {settings.max_input_bytes:,} bytes (max_input_bytes)")
            locations.append(str(target))
        locations += [u.strip() for u in urls.splitlines() if re.match(r"https?://", u.strip())]
        if not locations:
            shutil.rmtree(folder, ignore_errors=True)
            raise HTTPException(400, "no file and no http(s) URL to ingest")
        job = jobs.start(locations, str(folder))
        return RedirectResponse(f"/jobs/{job.id}", status_code=303)

    @app.get("/jobs/{job_id}", include_in_schema=False)
    def job_page(job_id: str) -> HTMLResponse:
        return html("job.html", job=_found(jobs.jobs, job_id, "job"))

    # -- API ----------------------------------------------------------------------------------------------
    @app.get("/api/articles", response_model=Page, tags=["articles"])
    def api_articles(offset: Offset = 0, limit: Limit = 50, outlet: str | None = None, date_from: DateFrom = None,
                     date_to: DateTo = None, q: str | None = None, event_id: str | None = None) -> Page:
        """Articles (clean text and metadata), filtered by outlet, publication date, words and event."""
        query = SearchWords.parse(q)

        def build(reader: Reader) -> list[str]:
            return [
                a.id
                for a in sorted(reader.articles.values(), key=lambda a: a.id)
                if query.matches([a.title or ""], a.text)
            ]

        matching = state.cached(f"article-words:{' '.join(query.words)}", build)
        reader = state.reader()
        rows = []
        for article in (reader.articles[i] for i in matching if i in reader.articles):
            event, story = reader.links.get(article.id, (None, None))
            if outlet and outlet != article.outlet:
                continue
            if not _in_range(article.published.value, date_from, date_to):
                continue
            if event_id and event_id != event:
                continue
            rows.append(article)
        chosen = rows[offset : offset + limit]
        items = [{**to_dict(a), "event_id": reader.links.get(a.id, (None, None))[0],
                  "story_id": reader.links.get(a.id, (None, None))[1]} for a in chosen]
        return Page(total=len(rows), offset=offset, limit=limit, items=items)

    @app.get("/api/articles/{article_id:path}", tags=["articles"], responses=NOT_FOUND)
    def api_article(article_id: str) -> dict[str, Any]:
        reader = state.reader()
        article = _found(reader.articles, article_id, "article")
        event, story = reader.links.get(article_id, (None, None))
        return {**to_dict(article), "event_id": event, "story_id": story}

    def event_matches(event: Any, actor: str | None, type_: str | None, outlet: str | None,
                      date_from: dt.date | None, date_to: dt.date | None, reader: Reader) -> bool:
        if type_ and event.type != type_:
            return False
        if not _involves(reader, event.actors, actor):
            return False
        if outlet and not any(reader.articles[a].outlet == outlet for a in event.articles if a in reader.articles):
            return False
        return _in_range(event.date or event.date_end, date_from, date_to)

    @app.get("/api/events", response_model=Page, tags=["events"])
    def api_events(offset: Offset = 0, limit: Limit = 50, date_from: DateFrom = None, date_to: DateTo = None,
                   actor: str | None = None, type: str | None = None, outlet: str | None = None) -> Page:  # noqa: A002
        """Events (one real-world happening each), filtered by date, actor (id or name), PLOVER type and outlet."""
        reader = state.reader()
        rows = [e for e in reader.events.values() if event_matches(e, actor, type, outlet, date_from, date_to, reader)]
        return _page(sorted(rows, key=lambda e: e.id), offset, limit)

    @app.get("/api/events/{event_id:path}", tags=["events"], responses=NOT_FOUND)
    def api_event(event_id: str) -> dict[str, Any]:
        reader = state.reader()
        event = _found(reader.events, event_id, "event")
        summary = reader.summaries.get(event_id)
        return {**to_dict(event), "summary": to_dict(summary) if summary else None}

    @app.get("/api/stories", response_model=Page, tags=["stories"])
    def api_stories(offset: Offset = 0, limit: Limit = 50, actor: str | None = None, date_from: DateFrom = None,
                    date_to: DateTo = None) -> Page:
        """Stories (events that belong together), filtered by actor and by the dates they span."""
        reader = state.reader()
        rows = []
        for story in sorted(reader.stories.values(), key=lambda s: s.id):
            if not _involves(reader, story.actors, actor):
                continue
            if (date_from or date_to) and not (
                _in_range(story.start, date_from, date_to) or _in_range(story.end, date_from, date_to)
            ):
                continue
            rows.append(story)
        return _page(rows, offset, limit)

    @app.get("/api/stories/{story_id:path}", tags=["stories"], responses=NOT_FOUND)
    def api_story(story_id: str) -> dict[str, Any]:
        return to_dict(_found(state.reader().stories, story_id, "story"))

    @app.get("/api/actors", response_model=Page, tags=["actors"])
    def api_actors(offset: Offset = 0, limit: Limit = 50, q: str | None = None, kind: ActorKind | None = None,
                   country: str | None = None) -> Page:
        """Actors, one identity each across the corpus, filtered by name, kind and country."""
        reader = state.reader()
        query = SearchWords.parse(q)
        rows = []
        for actor in sorted(reader.identities.actors.values(), key=lambda a: a.id):
            if not query.matches([actor.name, *actor.aliases]):
                continue
            if (kind and actor.kind is not kind) or (country and actor.country != country):
                continue
            rows.append(actor)
        return _page(rows, offset, limit)

    @app.get("/api/actors/{actor_id:path}", tags=["actors"], responses=NOT_FOUND)
    def api_actor(actor_id: str) -> dict[str, Any]:
        return to_dict(_found(state.reader().identities.actors, actor_id, "actor"))

    @app.get("/api/conflicts", response_model=Page, tags=["compare"])
    def api_conflicts(offset: Offset = 0, limit: Limit = 50, event_id: str | None = None,
                      severity: str | None = None, attribute: str | None = None, outlet: str | None = None) -> Page:
        """Conflicts: values of one attribute that cannot all hold, with the outlets and sentences on each side."""
        reader = state.reader()
        rows = [
            c for c in sorted(reader.conflicts, key=lambda c: c.id)
            if (not event_id or c.event_id == event_id) and (not severity or c.severity == severity)
            and (not attribute or c.attribute == attribute)
            and (not outlet or any(outlet in side.outlets for side in c.sides))
        ]
        return _page(rows, offset, limit)

    @app.get("/api/agreements", response_model=Page, tags=["compare"])
    def api_agreements(offset: Offset = 0, limit: Limit = 50, event_id: str | None = None) -> Page:
        """Agreements: one value stated by several independent outlets."""
        reader = state.reader()
        rows = sorted((a for a in reader.all_findings if isinstance(a, Agreement)), key=lambda a: a.id)
        return _page([a for a in rows if not event_id or a.event_id == event_id], offset, limit)

    @app.get("/api/positions", response_model=Page, tags=["compare"])
    def api_positions(offset: Offset = 0, limit: Limit = 50, actor: str | None = None, kind: str | None = None,
                      issue: str | None = None, date_from: DateFrom = None, date_to: DateTo = None) -> Page:
        """Stated positions (demand, offer, acceptance, rejection, condition), by actor, kind, issue and date."""
        rows = [
            p for p in state.reader().positions
            if (not actor or actor == p.actor or SearchWords.parse(actor).matches([p.actor_name]))
            and (not kind or p.kind == kind) and (not issue or issue in p.issues) and _in_range(p.date, date_from, date_to)
        ]
        return _page(rows, offset, limit)

    @app.get("/api/sources", response_model=Page, tags=["compare"])
    def api_sources(offset: Offset = 0, limit: Limit = 50, flagged: bool | None = None) -> Page:
        """Source profiles: each outlet's record against the consensus, and its flags."""
        rows = [s for s in state.reader().sources if flagged is None or bool(s.flags) == flagged]
        return _page(rows, offset, limit)

    @app.get("/api/summaries", response_model=Page, tags=["compare"])
    def api_summaries(offset: Offset = 0, limit: Limit = 50, event_id: str | None = None) -> Page:
        """Per-event extractive summaries, each sentence cited to the articles that report it."""
        rows = [s for k, s in sorted(state.reader().summaries.items()) if not event_id or k == event_id]
        return _page(rows, offset, limit)

    @app.get("/api/quotes", response_model=Page, tags=["annotate"])
    def api_quotes(offset: Offset = 0, limit: Limit = 50, speaker: str | None = None, event_id: str | None = None,
                   outlet: str | None = None) -> Page:
        """Who said what: quotes with their speakers (corpus-wide actor ids when known)."""
        rows = [
            q for q in state.quotes()
            if (not speaker or speaker == q["speaker_id"] or SearchWords.parse(speaker).matches([q["speaker"] or ""]))
            and (not event_id or q["event_id"] == event_id) and (not outlet or q["outlet"] == outlet)
        ]
        return _page(rows, offset, limit)

    @app.get("/api/jobs/{job_id}", response_model=JobState, tags=["ingest"], responses=NOT_FOUND)
    def api_job(job_id: str) -> JobState:
        job: Job = _found(jobs.jobs, job_id, "job")
        return JobState(id=job.id, state=job.state, stage=job.stage, step=job.step, log=job.log, articles=job.articles)

    return app


def _best(records: Iterable[R], score: Callable[[R], int]) -> list[R]:
    """The SEARCH_HITS records with the best scores above 0, best first (ties in the records' order)."""
    scored = [(s, n, r) for n, r in enumerate(records) if (s := score(r)) > 0]
    return [r for _, _, r in sorted(scored, key=lambda snr: (-snr[0], snr[1]))[:SEARCH_HITS]]


def _name(reader: Reader, actor_id: str) -> str:
    actor = reader.identities.actors.get(actor_id)
    return actor.name if actor else actor_id


def _involves(reader: Reader, actor_ids: list[str], actor: str | None) -> bool:
    """Whether ``actor`` (a corpus id, or words of a name) is among ``actor_ids``; no filter passes everything."""
    return not actor or any(actor == a or SearchWords.parse(actor).matches([_name(reader, a)]) for a in actor_ids)


def _found(records: dict[str, Any], key: str, kind: str) -> Any:
    """The record with this id, or a 404 that names it."""
    if key not in records:
        raise HTTPException(404, f"no {kind} {key!r}")
    return records[key]
