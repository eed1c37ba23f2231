"""The ingest stage as its steps: read -> prepare -> deduplicate -> store, batch by batch."""

from __future__ import annotations

import enum
import logging
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace
from functools import lru_cache, partial
from pathlib import Path

import numpy as np

from storyline.config import Settings
from storyline.errors import InputError, InputProblem
from storyline.ingest.dedup import Deduplicator, Fingerprinter
from storyline.ingest.prepare import prepare_article
from storyline.ingest.readers import RawDocument
from storyline.ingest.sources import read_all
from storyline.model import Article
from storyline.scale.mapper import Mapper, SerialMapper, chunked
from storyline.store import Store, StoredVersion

log = logging.getLogger(__name__)


class Status(str, enum.Enum):
    STORED = "stored"
    UPDATED = "updated"
    UNCHANGED = "unchanged"  # already in the store with the same bytes
    PROBLEM = "problem"  # an error: the input was skipped
    WARNING = "warning"  # the input was kept, with a remark


@dataclass(frozen=True)
class Outcome:
    status: Status
    source: str
    article: Article | None = None
    problem: InputProblem | None = None


# Documents a worker prepares per task: enough to outweigh sending them, few enough to keep every worker busy.
PREPARE_CHUNK = 16


@dataclass(frozen=True)
class Unchanged:
    """A document the store already holds with the same bytes: nothing to prepare."""

    source: str
    raw_hash: str


@dataclass(frozen=True)
class Prepared:
    """One input after the pure per-document work: an article (with its fingerprint and warnings), or a problem."""

    source: str
    raw_hash: str | None = None
    article: Article | None = None
    signature: np.ndarray | None = None
    warnings: tuple[InputProblem, ...] = ()
    problem: InputProblem | None = None


@lru_cache(maxsize=2)
def _fingerprinter(settings: Settings) -> Fingerprinter:
    return Fingerprinter(settings)


def prepare_one(item: RawDocument | InputProblem | Unchanged, settings: Settings) -> Prepared:
    """Extraction, repair, language and fingerprint of one document: pure, so it runs anywhere."""
    if isinstance(item, InputProblem):
        return Prepared(item.source, problem=item)
    if isinstance(item, Unchanged):
        return Prepared(item.source, item.raw_hash)
    try:
        article, warnings = prepare_article(item, settings)
    except InputError as err:
        return Prepared(item.source, item.raw_hash, problem=err.problem)
    signature = _fingerprinter(settings).signature(article.body)
    return Prepared(item.source, item.raw_hash, article, signature, tuple(warnings))


def prepare_chunk(items: list[RawDocument | InputProblem | Unchanged], settings: Settings) -> list[Prepared]:
    return [prepare_one(item, settings) for item in items]


class Ingestor:
    """Holds what ingest must remember across documents: stored versions and first copies.

    A run holds the store's ingest lock (``Store.ingest_lock``) from reading that state to its last write: two
    processes ingesting into one store take turns, so neither misses the other's copies of an article."""

    def __init__(self, store: Store, settings: Settings) -> None:
        self.store = store
        self.settings = settings
        self.dedup = Deduplicator(settings)
        self.versions: dict[str, StoredVersion] = {}
        self.ids: set[str] = set()
        self.seq = 0

    def _load(self) -> None:
        self.dedup = Deduplicator(self.settings)
        self.dedup.load(self.store.originals())
        self.versions = self.store.versions()
        self.ids = {v.id for v in self.versions.values()}
        self.seq = self.store.next_seq()

    def run(self, locations: Iterable[str | Path], mapper: Mapper | None = None) -> Iterator[Outcome]:
        """Ingest everything under ``locations``: ``ingest_locked`` under the store's ingest lock."""
        with self.store.ingest_lock():
            self._load()
            yield from self.ingest_locked(locations, mapper)

    def ingest_locked(self, locations: Iterable[str | Path], mapper: Mapper | None = None) -> Iterator[Outcome]:
        """Ingest everything under ``locations``, yielding one outcome per input or problem.

        Extraction, repair and fingerprints are pure per document and run on ``mapper`` (this process by default);
        identities, deduplication and the store stay here, in input order, so the result is the same whatever ran
        the preparation. Articles' outcomes are yielded once their batch is committed, so a caller never reports as
        stored what an interruption could still lose; problems and warnings are yielded as they are found (a long
        run shows its bad inputs at once) and stored with their batch.
        """
        mapper = mapper or SerialMapper()
        batch: list[tuple[Article, np.ndarray | None, int]] = []
        problems: list[InputProblem] = []
        replaced: list[str] = []
        pending: list[Outcome] = []
        prepare = partial(prepare_chunk, settings=self.settings)
        work = chunked(self._work(read_all(locations, self.settings)), PREPARE_CHUNK)
        for prepared_chunk in mapper.map(prepare, work):
            for prepared in prepared_chunk:
                for outcome, signature in self._admit(prepared):
                    if outcome.problem is not None:
                        problems.append(outcome.problem)
                        log.info("%s", outcome.problem.message)
                        yield outcome  # a skipped input or a remark is told at once; it is stored with the batch
                    else:
                        pending.append(outcome)
                    if outcome.article is not None:
                        batch.append((outcome.article, signature, self.seq))
                        self.seq += 1
                        if outcome.status is Status.UPDATED:
                            replaced.append(outcome.article.source)
                if len(pending) + len(problems) >= self.settings.batch_size:
                    self.store.write(batch, problems, replaced)
                    yield from pending
                    batch, problems, replaced, pending = [], [], [], []
        self.store.write(batch, problems, replaced)
        yield from pending

    def _work(self, items: Iterable[RawDocument | InputProblem]) -> Iterator[RawDocument | InputProblem | Unchanged]:
        """What the workers get: a document the store already holds with the same bytes travels as a marker."""
        for item in items:
            if isinstance(item, InputProblem):
                yield item
                continue
            known = self.versions.get(item.source)
            yield Unchanged(item.source, item.raw_hash) if known and known.raw_hash == item.raw_hash else item

    def _admit(self, prepared: Prepared) -> Iterator[tuple[Outcome, np.ndarray | None]]:
        """Identity and deduplication of one prepared document, in input order."""
        if prepared.problem is not None:
            status = Status.PROBLEM if prepared.problem.is_error else Status.WARNING
            yield Outcome(status, prepared.source, problem=prepared.problem), None
            return
        known = self.versions.get(prepared.source)
        if prepared.article is None or (known and known.raw_hash == prepared.raw_hash):
            yield Outcome(Status.UNCHANGED, prepared.source), None
            return
        for warning in prepared.warnings:
            yield Outcome(Status.WARNING, prepared.source, problem=warning), None
        article = self._identify(prepared.article, known.id if known else None)
        signature = prepared.signature
        match = self.dedup.match(article.content_hash, signature)
        if match and match.original != article.id:
            article = replace(article, duplicate_of=match.original, duplicate_kind=match.kind)
        else:
            self.dedup.add(article.id, article.content_hash, signature)
        self.versions[prepared.source] = StoredVersion(article.id, article.raw_hash)
        yield Outcome(Status.UPDATED if known else Status.STORED, prepared.source, article=article), signature

    def _identify(self, article: Article, existing: str | None) -> Article:
        """Keep the input's id; a different input claiming the same id gets a hash suffix."""
        if existing:
            return replace(article, id=existing)
        ident = article.id
        if ident in self.ids:
            ident = f"{ident}-{article.raw_hash[:8]}"
        self.ids.add(ident)
        return replace(article, id=ident)


def ingest(
    locations: Iterable[str | Path], store: Store, settings: Settings | None = None, mapper: Mapper | None = None
) -> Iterator[Outcome]:
    """Public entry point of the stage; ``mapper`` runs the per-document preparation (this process by default)."""
    return Ingestor(store, settings or Settings()).run(locations, mapper)
