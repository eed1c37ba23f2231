"""The one pipeline every caller runs: the command line, the web app's jobs, the benches and a Dask cluster.

The stages run in order over one store: ingest (inputs to clean Articles), annotate (what each says), link (events,
stories, actors across articles) and compare (agreements, conflicts, positions, sources). Each stage reads what the
previous ones stored and writes its own results, so a caller may also run one stage alone (the names below). A
caller that shows progress passes hooks: the pipeline itself only logs.
"""

from __future__ import annotations

import logging
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from storyline.annotate import annotate_stored
from storyline.compare import Compared, compare_stored
from storyline.config import Settings
from storyline.ingest import Outcome, Status, ingest
from storyline.link import Linked, link_stored
from storyline.model import Annotation
from storyline.scale import Mapper
from storyline.store import Store

log = logging.getLogger(__name__)

STAGES: tuple[str, ...] = ("ingest", "annotate", "link", "compare")


@dataclass
class Hooks:
    """What a caller hears while the pipeline runs (each optional): a stage starting, each ingest outcome, each new
    annotation."""

    stage: Callable[[str], None] | None = None
    ingested: Callable[[Outcome], None] | None = None
    annotated: Callable[[Annotation], None] | None = None


@dataclass
class Ran:
    """What one run did, stage by stage."""

    ingested: Counter[Status] = field(default_factory=Counter)
    stored: list[str] = field(default_factory=list)  # ids of the articles stored or updated, in input order
    annotated: int = 0
    linked: Linked | None = None
    compared: Compared | None = None

    @property
    def read_anything(self) -> bool:
        return any(self.ingested[s] for s in (Status.STORED, Status.UPDATED, Status.UNCHANGED))


def run(
    locations: Iterable[str],
    store: Store,
    settings: Settings | None = None,
    mapper: Mapper | None = None,
    hooks: Hooks | None = None,
) -> Ran:
    """Every stage over ``locations`` (files, folders, URLs, feeds) into ``store``. Ingest and annotate run on
    ``mapper`` (processes, a Dask cluster); link and compare in this process, over the whole store. Stops after
    ingest when nothing could be read."""
    settings = settings or Settings()
    hooks = hooks or Hooks()
    ran = Ran()
    seen: set[str] = set()
    _enter(hooks, "ingest")
    for outcome in ingest(list(locations), store, settings, mapper):
        ran.ingested[outcome.status] += 1
        if outcome.status in (Status.STORED, Status.UPDATED) and outcome.article is not None:
            if outcome.article.id not in seen:
                seen.add(outcome.article.id)
                ran.stored.append(outcome.article.id)
        if hooks.ingested:
            hooks.ingested(outcome)
    if not ran.read_anything:
        log.warning("nothing could be read: the later stages are not run")
        return ran
    _enter(hooks, "annotate")
    for annotation in annotate_stored(store, settings, mapper):
        ran.annotated += 1
        if hooks.annotated:
            hooks.annotated(annotation)
    _enter(hooks, "link")
    ran.linked = link_stored(store, settings)
    _enter(hooks, "compare")
    ran.compared = compare_stored(store)
    return ran


def _enter(hooks: Hooks, stage: str) -> None:
    log.info("stage %s", stage)
    if hooks.stage:
        hooks.stage(stage)


__all__ = [
    "STAGES",
    "Hooks",
    "Ran",
    "annotate_stored",
    "compare_stored",
    "ingest",
    "link_stored",
    "run",
]
