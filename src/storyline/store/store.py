"""The store between stages: idempotent, transactional writes of domain records.

An article's ``source`` (path, URL, or JSONL file and id) is its identity in
the store: the same source with the same bytes is never stored twice, a source
whose bytes changed is updated in place. Each batch is one transaction, so an
interrupted run keeps every finished batch and resumes after it.
"""

from __future__ import annotations

import datetime as dt
import fcntl
import logging
import uuid
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any, TypeVar

import numpy as np
from sqlalchemy import (
    ColumnElement,
    Connection,
    Select,
    Table,
    create_engine,
    delete,
    event,
    func,
    insert,
    select,
    text,
)
from sqlalchemy.engine import Engine

from storyline.controls import without_controls
from storyline.errors import InputProblem
from storyline.model import (
    Actor,
    Agreement,
    Annotation,
    Article,
    CleaningReport,
    Conflict,
    DateSource,
    Event,
    Position,
    Precision,
    Published,
    SourceProfile,
    Story,
    Summary,
    from_dict,
    to_dict,
)
from storyline.store import migrations, schema

log = logging.getLogger(__name__)
T = TypeVar("T")

_REVISION = "revision"  # the meta key that names the store's content (Store.revision)
_READ_CHUNK = 200  # articles read per query when streaming a large store
INGEST_LOCK = 0x5707_1F  # the PostgreSQL advisory lock key of ``Store.ingest_lock`` (any constant)


@dataclass(frozen=True)
class StoredVersion:
    id: str
    raw_hash: str


def _sqlite_pragmas(dbapi_connection, _record) -> None:  # type: ignore[no-untyped-def]
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


def engine_url(url: str) -> str:
    """SQLAlchemy's URL for a store URL: ``postgresql://`` means the psycopg (3) driver, which storyline ships."""
    if url.startswith(("postgresql://", "postgres://")):
        return "postgresql+psycopg://" + url.split("://", 1)[1]
    return url


class Store:
    """The records every stage leaves for the next: SQLite by default, PostgreSQL by URL, one schema for both."""

    def __init__(self, url: str) -> None:
        self.url = url
        self.engine: Engine = create_engine(engine_url(url), future=True)
        if self.engine.dialect.name == "sqlite":
            event.listen(self.engine, "connect", _sqlite_pragmas)
        with self.engine.begin() as conn:
            self.found_version = migrations.prepare(conn, url)

    def close(self) -> None:
        self.engine.dispose()

    @contextmanager
    def ingest_lock(self) -> Iterator[None]:
        """Hold the store's ingest lock while the block runs: another process asking for it waits (with one line
        saying so). The lock dies with its holder (a lock on the SQLite file, which SQLite's own locks ignore; a
        PostgreSQL session lock), so a killed run never leaves the store locked."""
        waiting = "another process is ingesting into %s: waiting for it to finish"
        if self.engine.dialect.name == "postgresql":
            with self.engine.connect() as conn:
                args = {"key": INGEST_LOCK}
                if not conn.execute(text("SELECT pg_try_advisory_lock(:key)"), args).scalar_one():
                    log.warning(waiting, self.url)
                    conn.execute(text("SELECT pg_advisory_lock(:key)"), args)
                conn.commit()
                try:
                    yield
                finally:
                    conn.execute(text("SELECT pg_advisory_unlock(:key)"), args)
                    conn.commit()
            return
        database = self.engine.url.database
        if self.engine.dialect.name != "sqlite" or not database or database == ":memory:":
            yield
            return
        with open(database, "rb") as handle:
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                log.warning(waiting, self.url)
                fcntl.flock(handle, fcntl.LOCK_EX)
            try:
                yield
            finally:
                fcntl.flock(handle, fcntl.LOCK_UN)

    # ---- reads ---------------------------------------------------------------------------------

    def versions(self) -> dict[str, StoredVersion]:
        """Stored sources and what was stored for each, to skip unchanged inputs cheaply."""
        t = schema.articles
        with self.engine.connect() as conn:
            rows = conn.execute(select(t.c.source, t.c.id, t.c.raw_hash))
            return {r.source: StoredVersion(r.id, r.raw_hash) for r in rows}

    def originals(self) -> Iterator[tuple[str, str, bytes | None]]:
        """First copies (not duplicates), in arrival order, with their fingerprints."""
        t = schema.articles
        with self.engine.connect() as conn:
            query = select(t.c.id, t.c.content_hash, t.c.minhash).where(t.c.duplicate_of.is_(None)).order_by(t.c.seq)
            yield from ((r.id, r.content_hash, r.minhash) for r in conn.execute(query))

    def next_seq(self) -> int:
        with self.engine.connect() as conn:
            return int(conn.execute(select(func.coalesce(func.max(schema.articles.c.seq), 0))).scalar_one()) + 1

    def articles(self, ids: Iterable[str] | None = None) -> Iterator[Article]:
        """Every article in arrival order, or those of ``ids`` (read a chunk at a time)."""
        t = schema.articles
        if ids is not None:
            yield from (_article(row._mapping) for row in self._chunked(select(t).order_by(t.c.seq), t.c.id, ids))
            return
        with self.engine.connect() as conn:
            for row in conn.execute(select(t).order_by(t.c.seq)):
                yield _article(row._mapping)

    def _chunked(self, query: Select[Any], column: ColumnElement[Any], ids: Iterable[str]) -> Iterator[Any]:
        """The rows of ``query`` whose ``column`` is one of ``ids``, a chunk of ids per statement."""
        for chunk in _chunks(ids):
            with self.engine.connect() as conn:
                yield from conn.execute(query.where(column.in_(chunk)))

    def copies(self) -> dict[str, tuple[str | None, str | None]]:
        """Every article id -> (duplicate kind, the article it copies), both None for an original; no texts read."""
        t = schema.articles
        with self.engine.connect() as conn:
            rows = conn.execute(select(t.c.id, t.c.duplicate_kind, t.c.duplicate_of))
            return {r.id: (r.duplicate_kind, r.duplicate_of) for r in rows}

    def article(self, article_id: str) -> Article | None:
        t = schema.articles
        with self.engine.connect() as conn:
            row = conn.execute(select(t).where(t.c.id == article_id)).first()
            return _article(row._mapping) if row else None

    def counts(self) -> dict[str, int]:
        t = schema.articles
        with self.engine.connect() as conn:
            total = conn.execute(select(func.count()).select_from(t)).scalar_one()
            dups = conn.execute(select(func.count()).select_from(t).where(t.c.duplicate_of.is_not(None))).scalar_one()
            outlets = conn.execute(select(func.count(func.distinct(t.c.outlet)))).scalar_one()
            problems = conn.execute(select(func.count()).select_from(schema.problems)).scalar_one()
            failed = conn.execute(select(func.count()).select_from(schema.failures)).scalar_one()
            annotated = conn.execute(select(func.count()).select_from(schema.annotations)).scalar_one()
        return {
            "articles": total,
            "duplicates": dups,
            "outlets": outlets,
            "problems": problems,
            "annotated": annotated,
            "failed": failed,
        }

    def outlet_counts(self) -> list[tuple[str | None, int]]:
        t = schema.articles
        with self.engine.connect() as conn:
            rows = conn.execute(select(t.c.outlet, func.count()).group_by(t.c.outlet).order_by(func.count().desc()))
            return [(r[0], int(r[1])) for r in rows]

    def unannotated(self, annotator: str) -> Iterator[Article]:
        """Articles with no annotation by ``annotator`` yet, in arrival order; exact copies are skipped, and so are
        articles ``annotator`` failed on (until they change)."""
        t, a, f = schema.articles, schema.annotations, schema.failures
        done = select(a.c.article_id).where(a.c.annotator == annotator)
        failed = select(f.c.article_id).where((f.c.stage == "annotate") & (f.c.worker == annotator))
        query = (
            select(t)
            .where(t.c.id.not_in(done))
            .where(t.c.id.not_in(failed))
            .where((t.c.duplicate_kind.is_(None)) | (t.c.duplicate_kind != "exact"))
            .order_by(t.c.seq)
        )
        with self.engine.connect() as conn:  # ids first, then texts a chunk at a time: memory stays flat
            ids = [r.id for r in conn.execute(query.with_only_columns(t.c.id))]
        for chunk in _chunks(ids):
            with self.engine.connect() as conn:
                rows = {r.id: r._mapping for r in conn.execute(select(t).where(t.c.id.in_(chunk)))}
            for ident in chunk:
                yield _article(rows[ident])

    def write_failures(self, stage: str, worker: str, failures: Iterable[tuple[str, str]]) -> None:
        """Record (article id, reason) of articles ``worker`` could not process in ``stage``."""
        now = dt.datetime.now(dt.timezone.utc)
        rows = [
            {"article_id": i, "stage": stage, "worker": worker, "reason": without_controls(r)[0], "failed_at": now}
            for i, r in failures
        ]
        if not rows:
            return
        f = schema.failures
        with self.engine.begin() as conn:
            conn.execute(delete(f).where((f.c.stage == stage) & f.c.article_id.in_([r["article_id"] for r in rows])))
            conn.execute(insert(f), rows)

    def failures(self, stage: str) -> dict[str, str]:
        """Article id -> why ``stage`` could not process it."""
        f = schema.failures
        with self.engine.connect() as conn:
            return {r.article_id: r.reason for r in conn.execute(select(f).where(f.c.stage == stage))}

    def write_job(self, job_id: str, data: dict, created_at: dt.datetime) -> None:
        """Insert or replace one web job's state."""
        j = schema.jobs
        with self.engine.begin() as conn:
            conn.execute(delete(j).where(j.c.id == job_id))
            conn.execute(insert(j).values(id=job_id, created_at=created_at, data=data))

    def jobs(self) -> list[tuple[dt.datetime, dict]]:
        """Every web job's (created at, state), oldest first."""
        j = schema.jobs
        with self.engine.connect() as conn:
            return [(r.created_at, r.data) for r in conn.execute(select(j).order_by(j.c.created_at, j.c.id))]

    def annotations(self, ids: Iterable[str] | None = None) -> Iterator[Annotation]:
        """Every annotation by article id, or those of ``ids`` (read a chunk at a time)."""
        a = schema.annotations
        if ids is not None:
            query = select(a.c.data).order_by(a.c.article_id)
            yield from (Annotation.from_dict(row.data) for row in self._chunked(query, a.c.article_id, ids))
            return
        with self.engine.connect() as conn:
            for row in conn.execute(select(a.c.data).order_by(a.c.article_id)):
                yield Annotation.from_dict(row.data)

    def annotation(self, article_id: str) -> Annotation | None:
        a = schema.annotations
        with self.engine.connect() as conn:
            row = conn.execute(select(a.c.data).where(a.c.article_id == article_id)).first()
            return Annotation.from_dict(row.data) if row else None

    def write_annotations(self, annotations: Iterable[Annotation], annotator: str) -> None:
        """Store a batch of annotations in one transaction, replacing older ones of the same articles."""
        now = dt.datetime.now(dt.timezone.utc)
        rows = [
            {"article_id": x.article_id, "annotator": annotator, "data": x.to_dict(), "annotated_at": now}
            for x in annotations
        ]
        if not rows:
            return
        a = schema.annotations
        ids = [r["article_id"] for r in rows]
        with self.engine.begin() as conn:
            conn.execute(delete(a).where(a.c.article_id.in_(ids)))
            _forget_linked(conn, ids)  # link them again
            conn.execute(insert(a), rows)
            _changed(conn)

    def _records(
        self, cls: type[T], table: Table, *order: ColumnElement[Any], where: ColumnElement[bool] | None = None
    ) -> Iterator[T]:
        """The records a derived table keeps as JSON in its ``data`` column, in ``order``."""
        query = select(table.c.data).order_by(*order)
        if where is not None:
            query = query.where(where)
        with self.engine.connect() as conn:
            for row in conn.execute(query):
                yield from_dict(cls, row.data)

    def events(self) -> Iterator[Event]:
        # undated last on every back end (SQLite sorts NULL first, PostgreSQL last)
        return self._records(Event, schema.events, schema.events.c.date.asc().nulls_last(), schema.events.c.id)

    def stories(self) -> Iterator[Story]:
        return self._records(Story, schema.stories, schema.stories.c.id)

    def corpus_actors(self) -> Iterator[Actor]:
        return self._records(Actor, schema.actors, schema.actors.c.id)

    def links(self) -> dict[str, tuple[str | None, str | None]]:
        """article id -> (event id, story id)."""
        t = schema.article_links
        with self.engine.connect() as conn:
            return {r.article_id: (r.event_id, r.story_id) for r in conn.execute(select(t))}

    def write_links(
        self, events: list[Event], stories: list[Story], actors: list[Actor], links: dict[str, tuple[str, str | None]]
    ) -> None:
        """Replace the link stage's results in one transaction: readers never see half of a linking."""
        self._replace({
            schema.events: [
                {"id": e.id, "story_id": e.story_id, "date": e.date.isoformat() if e.date else None, "data": to_dict(e)}
                for e in events
            ],
            schema.stories: [{"id": s.id, "data": to_dict(s)} for s in stories],
            schema.actors: [{"id": a.id, "data": to_dict(a)} for a in actors],
            schema.article_links: [{"article_id": a, "event_id": e, "story_id": s} for a, (e, s) in links.items()],
        })

    def _replace(self, rows: dict[Table, list[dict]]) -> None:
        """Empty these derived tables and fill them with ``rows``, in one transaction."""
        with self.engine.begin() as conn:
            for table, table_rows in rows.items():
                conn.execute(delete(table))
                if table_rows:
                    conn.execute(insert(table), table_rows)
            _changed(conn)

    def agreements(self) -> Iterator[Agreement]:
        f = schema.findings
        return self._records(Agreement, f, f.c.id, where=f.c.kind == "agreement")

    def conflicts(self) -> Iterator[Conflict]:
        f = schema.findings
        return self._records(Conflict, f, f.c.id, where=f.c.kind == "conflict")

    def positions(self) -> Iterator[Position]:
        return self._records(Position, schema.positions, schema.positions.c.id)

    def sources(self) -> Iterator[SourceProfile]:
        return self._records(SourceProfile, schema.sources, schema.sources.c.outlet)

    def summaries(self) -> Iterator[Summary]:
        return self._records(Summary, schema.summaries, schema.summaries.c.event_id)

    def write_comparison(
        self,
        agreements: list[Agreement],
        conflicts: list[Conflict],
        positions: list[Position],
        sources: list[SourceProfile],
        summaries: list[Summary],
    ) -> None:
        """Replace the compare stage's results in one transaction."""
        findings = [("agreement", a) for a in agreements] + [("conflict", c) for c in conflicts]
        self._replace({
            schema.findings: [{"id": f.id, "kind": k, "event_id": f.event_id, "data": to_dict(f)} for k, f in findings],
            schema.positions: [{"id": p.id, "actor": p.actor, "data": to_dict(p)} for p in positions],
            schema.sources: [{"outlet": s.outlet, "data": to_dict(s)} for s in sources],
            schema.summaries: [{"event_id": s.event_id, "data": to_dict(s)} for s in summaries],
        })

    def meta(self, key: str) -> str | None:
        with self.engine.connect() as conn:
            row = conn.execute(select(schema.meta.c.value).where(schema.meta.c.key == key)).first()
            return row.value if row else None

    def revision(self) -> str | None:
        """Names the store's content: it changes with every write a reader can see (articles, annotations, link
        and compare results), so a long-running reader (the web app) knows when to read again."""
        return self.meta(_REVISION)

    def link_state(self) -> tuple[dict[str, dict], list[tuple[str, str, float]], dict[str, dict]]:
        """The link stage's stored state: article id -> LinkDoc dict, the scored pairs (a, b, score), and article
        id -> ArticleFacts dict."""
        with self.engine.connect() as conn:
            docs = {r.article_id: r.data for r in conn.execute(select(schema.link_docs))}
            edges = [(r.a, r.b, r.score) for r in conn.execute(select(schema.link_edges))]
            facts = {r.article_id: r.data for r in conn.execute(select(schema.link_facts))}
        return docs, edges, facts

    def write_link_state(
        self,
        linker: str,
        docs: dict[str, dict],
        edges: Iterable[tuple[str, str, float]],
        rescored: Iterable[str],
        removed: Iterable[str],
        facts: dict[str, dict],
        removed_facts: Iterable[str],
    ) -> None:
        """Replace the state of the ``rescored`` articles (their docs and every pair touching them) and drop that
        of the ``removed`` ones; replace the ``facts`` given and drop the ``removed_facts``; in one transaction.
        ``linker`` names the code that computed it."""
        ids = sorted(set(rescored) | set(removed))
        d, e, f = schema.link_docs, schema.link_edges, schema.link_facts
        with self.engine.begin() as conn:
            _set_meta(conn, "linker", linker)
            for chunk in _chunks(ids):
                conn.execute(delete(d).where(d.c.article_id.in_(chunk)))
                conn.execute(delete(e).where(e.c.a.in_(chunk) | e.c.b.in_(chunk)))
            for chunk in _chunks(sorted(set(facts) | set(removed_facts))):
                conn.execute(delete(f).where(f.c.article_id.in_(chunk)))
            if docs:
                conn.execute(insert(d), [{"article_id": i, "data": data} for i, data in sorted(docs.items())])
            if facts:
                conn.execute(insert(f), [{"article_id": i, "data": data} for i, data in sorted(facts.items())])
            rows = [{"a": a, "b": b, "score": value} for a, b, value in edges]
            if rows:
                conn.execute(insert(e), rows)

    # ---- writes --------------------------------------------------------------------------------

    def write(
        self,
        items: Iterable[tuple[Article, np.ndarray | None, int]],
        problems: Iterable[InputProblem] = (),
        replace_sources: Iterable[str] = (),
    ) -> None:
        """Store a batch in one transaction: (article, fingerprint, arrival number) triples."""
        now = dt.datetime.now(dt.timezone.utc)
        rows = [_row(article, signature, seq, now) for article, signature, seq in items]
        issues = [
            {"source": without_controls(p.source)[0], "code": p.code.name, "message": p.message, "seen_at": now}
            for p in problems
        ]
        with self.engine.begin() as conn:
            replaced = list(replace_sources)
            if replaced:
                stale = select(schema.articles.c.id).where(schema.articles.c.source.in_(replaced))
                conn.execute(delete(schema.annotations).where(schema.annotations.c.article_id.in_(stale)))
                conn.execute(delete(schema.failures).where(schema.failures.c.article_id.in_(stale)))
                _forget_linked(conn, stale)
                conn.execute(delete(schema.articles).where(schema.articles.c.source.in_(replaced)))
            if rows:
                conn.execute(insert(schema.articles), rows)
            if issues:
                conn.execute(insert(schema.problems), issues)
            if rows or issues or replaced:
                _changed(conn)


def _chunks(ids: Iterable[str]) -> Iterator[list[str]]:
    """``ids`` a _READ_CHUNK at a time: back ends bound the parameters of one statement."""
    ids = list(ids)
    for start in range(0, len(ids), _READ_CHUNK):
        yield ids[start : start + _READ_CHUNK]


def _set_meta(conn: Connection, key: str, value: str) -> None:
    conn.execute(delete(schema.meta).where(schema.meta.c.key == key))
    conn.execute(insert(schema.meta).values(key=key, value=value))


def _changed(conn: Connection) -> None:
    """A new revision, inside the transaction whose writes it names."""
    _set_meta(conn, _REVISION, uuid.uuid4().hex)


def _forget_linked(conn: Connection, ids: Iterable[str] | Select[Any]) -> None:
    """Drop what the link stage kept of these articles (their text or annotation changed): they are linked again."""
    for table in (schema.link_docs, schema.link_facts):
        conn.execute(delete(table).where(table.c.article_id.in_(ids)))


def _row(article: Article, signature: np.ndarray | None, seq: int, now: dt.datetime) -> dict:
    published = article.published
    return {
        "id": article.id,
        "seq": seq,
        "source": article.source,
        "raw_hash": article.raw_hash,
        "content_hash": article.content_hash,
        "url": article.url,
        "outlet": article.outlet,
        "outlet_source": article.outlet_source,
        "title": article.title,
        "published": published.value.isoformat() if published.value else None,
        "published_precision": published.precision.value if published.precision else None,
        "published_source": published.source.value,
        "language": article.language,
        "text": article.text,
        "duplicate_of": article.duplicate_of,
        "duplicate_kind": article.duplicate_kind,
        "flags": list(article.flags),
        "metadata": to_dict(article.metadata),
        "cleaning": to_dict(article.cleaning),
        "minhash": signature.astype(np.uint64).tobytes() if signature is not None else None,
        "ingested_at": now,
    }


def _article(row) -> Article:  # type: ignore[no-untyped-def]
    return Article(
        id=row["id"],
        source=row["source"],
        text=row["text"],
        title=row["title"],
        url=row["url"],
        outlet=row["outlet"],
        outlet_source=row["outlet_source"],
        published=Published(
            value=dt.date.fromisoformat(row["published"]) if row["published"] else None,
            precision=Precision(row["published_precision"]) if row["published_precision"] else None,
            source=DateSource(row["published_source"] or "unknown"),
        ),
        language=row["language"],
        content_hash=row["content_hash"],
        raw_hash=row["raw_hash"],
        duplicate_of=row["duplicate_of"],
        duplicate_kind=row["duplicate_kind"],
        flags=list(row["flags"] or []),
        metadata=dict(row["metadata"] or {}),
        cleaning=from_dict(CleaningReport, row["cleaning"] or {}),
    )
