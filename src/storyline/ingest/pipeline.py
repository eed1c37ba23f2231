"""The ingest stage as its steps: read -> prepare -> deduplicate -> store, batch by batch."""

from __future__ import annotations

import enum
import logging
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace
from pathlib import Path

import numpy as np

from storyline.config import Settings
from storyline.errors import InputError, InputProblem
from storyline.ingest.dedup import Deduplicator, Fingerprinter
from storyline.ingest.prepare import prepare_article
from storyline.ingest.readers import RawDocument
from storyline.ingest.sources import read_all
from storyline.model import Article
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


class Ingestor:
    """Holds what ingest must remember across documents: stored versions and first copies."""

    def __init__(self, store: Store, settings: Settings) -> None:
        self.store = store
        self.settings = settings
        self.fingerprinter = Fingerprinter(settings)
        self.dedup = Deduplicator(settings)
        self.dedup.load(store.originals())
        self.versions = store.versions()
        self.ids = {v.id for v in self.versions.values()}
        self.seq = store.next_seq()

    def run(self, locations: Iterable[str | Path]) -> Iterator[Outcome]:
        """Ingest everything under ``locations``, yielding one outcome per input or problem.

        Outcomes are yielded once their batch is committed, so a caller never
        reports as stored what an interruption could still lose.
        """
        batch: list[tuple[Article, np.ndarray | None, int]] = []
        problems: list[InputProblem] = []
        replaced: list[str] = []
        pending: list[Outcome] = []
        for item in read_all(locations, self.settings):
            for outcome, signature in self._one(item):
                pending.append(outcome)
                if outcome.problem is not None:
                    problems.append(outcome.problem)
                    log.info("%s", outcome.problem.message)
                if outcome.article is not None:
                    batch.append((outcome.article, signature, self.seq))
                    self.seq += 1
                    if outcome.status is Status.UPDATED:
                        replaced.append(outcome.article.source)
            if len(pending) >= self.settings.batch_size:
                self.store.write(batch, problems, replaced)
                yield from pending
                batch, problems, replaced, pending = [], [], [], []
        self.store.write(batch, problems, replaced)
        yield from pending

    def _one(self, item: RawDocument | InputProblem) -> Iterator[tuple[Outcome, np.ndarray | None]]:
        if isinstance(item, InputProblem):
            yield Outcome(Status.PROBLEM if item.is_error else Status.WARNING, item.source, problem=item), None
            return
        known = self.versions.get(item.source)
        if known and known.raw_hash == item.raw_hash:
            yield Outcome(Status.UNCHANGED, item.source), None
            return
        try:
            article, warnings = prepare_article(item, self.settings)
        except InputError as err:
            yield Outcome(Status.PROBLEM, item.source, problem=err.problem), None
            return
        for warning in warnings:
            yield Outcome(Status.WARNING, item.source, problem=warning), None
        article = self._identify(article, known.id if known else None)
        signature = self.fingerprinter.signature(article.body)
        match = self.dedup.match(article.content_hash, signature)
        if match and match.original != article.id:
            article = replace(article, duplicate_of=match.original, duplicate_kind=match.kind)
        else:
            self.dedup.add(article.id, article.content_hash, signature)
        self.versions[item.source] = StoredVersion(article.id, article.raw_hash)
        yield Outcome(Status.UPDATED if known else Status.STORED, item.source, article=article), signature

    def _identify(self, article: Article, existing: str | None) -> Article:
        """Keep the input's id; a different input claiming the same id gets a hash suffix."""
        if existing:
            return replace(article, id=existing)
        ident = article.id
        if ident in self.ids:
            ident = f"{ident}-{article.raw_hash[:8]}"
        self.ids.add(ident)
        return replace(article, id=ident)


def ingest(locations: Iterable[str | Path], store: Store, settings: Settings | None = None) -> Iterator[Outcome]:
    """Public entry point of the stage."""
    return Ingestor(store, settings or Settings()).run(locations)
