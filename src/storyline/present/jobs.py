"""Ingest jobs of the web app: uploaded files and URLs run through every stage in a background thread, with a
state a page can show while it runs. One job runs at a time (the stages write the store)."""

from __future__ import annotations

import logging
import threading
import uuid
from dataclasses import dataclass, field
from pathlib import Path

from storyline.annotate import annotate_stored
from storyline.compare.pipeline import compare_stored
from storyline.config import Settings
from storyline.ingest import Status, ingest
from storyline.link.pipeline import link_stored
from storyline.store import Store

log = logging.getLogger(__name__)

STAGES = ("ingest", "annotate", "link", "compare")


@dataclass
class Job:
    id: str
    locations: list[str]
    state: str = "queued"  # queued, running, done, failed
    stage: str | None = None
    step: int = 0  # stages finished
    log: list[str] = field(default_factory=list)
    articles: list[str] = field(default_factory=list)  # ids stored or updated


class Jobs:
    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.jobs: dict[str, Job] = {}
        self._lock = threading.Lock()  # one job writes the store at a time

    def start(self, locations: list[str]) -> Job:
        job = Job(id=uuid.uuid4().hex[:12], locations=locations)
        self.jobs[job.id] = job
        threading.Thread(target=self._run, args=(job,), name=f"job-{job.id}", daemon=True).start()
        return job

    def recent(self, n: int = 10) -> list[Job]:
        return list(self.jobs.values())[-n:][::-1]

    def _run(self, job: Job) -> None:
        with self._lock:
            job.state = "running"
            store = Store(self.settings.db_url)
            try:
                job.stage = "ingest"
                for outcome in ingest(job.locations, store, self.settings):
                    if outcome.status in (Status.STORED, Status.UPDATED) and outcome.article is not None:
                        job.articles.append(outcome.article.id)
                    elif outcome.problem is not None:
                        job.log.append(f"{Path(outcome.source).name}: {outcome.problem.message}")
                job.log.append(f"ingested {len(job.articles)} article(s)")
                job.step = 1
                job.stage = "annotate"
                annotated = sum(1 for _ in annotate_stored(store, self.settings))
                job.log.append(f"annotated {annotated} article(s)")
                job.step = 2
                job.stage = "link"
                linked = link_stored(store, self.settings)
                job.log.append(f"linked into {len(linked.events)} events")
                job.step = 3
                job.stage = "compare"
                compared = compare_stored(store)
                job.log.append(f"{len(compared.conflicts)} conflicts")
                job.step = 4
                job.stage = None
                job.state = "done"
            except Exception as err:  # noqa: BLE001 - a failed job reports why; the server goes on
                log.exception("job %s failed", job.id)
                job.state = "failed"
                job.log.append(f"failed: {err}")
            finally:
                store.close()  # the app reads the store again: its revision changed
