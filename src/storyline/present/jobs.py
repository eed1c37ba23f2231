"""Ingest jobs of the web app: uploaded files and URLs run through every stage in a background thread, with a
state a page can show while it runs. One job runs at a time (the stages write the store).

Jobs live in the store, not only in memory: a restart finds every job, and one it cut short (queued or running)
runs again from the start (every stage skips what it has already done), or fails with the reason when its
uploaded files are gone. An upload's files are deleted when its job ends.
"""

from __future__ import annotations

import datetime as dt
import logging
import shutil
import threading
import uuid
from dataclasses import asdict, dataclass, field
from pathlib import Path

from storyline import pipeline
from storyline.config import Settings
from storyline.ingest import Outcome, Status
from storyline.store import Store

log = logging.getLogger(__name__)

STAGES = pipeline.STAGES
UNFINISHED = ("queued", "running")


@dataclass
class Job:
    id: str
    locations: list[str]
    state: str = "queued"  # queued, running, done, failed
    stage: str | None = None
    step: int = 0  # stages finished
    log: list[str] = field(default_factory=list)
    articles: list[str] = field(default_factory=list)  # ids stored or updated
    folder: str | None = None  # the upload's files, deleted when the job ends
    created_at: dt.datetime = field(default_factory=lambda: dt.datetime.now(dt.timezone.utc))

    def to_row(self) -> dict:
        row = asdict(self)
        row.pop("created_at")
        return row


class Jobs:
    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.jobs: dict[str, Job] = {}
        self._lock = threading.Lock()  # one job writes the store at a time
        self._store = Store(settings.db_url)
        for created_at, data in self._store.jobs():
            job = Job(**data, created_at=created_at)
            self.jobs[job.id] = job
        for job in [j for j in self.jobs.values() if j.state in UNFINISHED]:
            self._resume(job)

    def start(self, locations: list[str], folder: str | None = None) -> Job:
        job = Job(id=uuid.uuid4().hex[:12], locations=locations, folder=folder)
        self.jobs[job.id] = job
        self._save(job)
        self._thread(job)
        return job

    def recent(self, n: int = 10) -> list[Job]:
        return list(self.jobs.values())[-n:][::-1]

    def close(self) -> None:
        self._store.close()

    def _resume(self, job: Job) -> None:
        missing = [p for p in job.locations if not p.startswith(("http://", "https://")) and not Path(p).exists()]
        if missing:
            job.state = "failed"
            job.log.append(f"failed: the server restarted during the job and its {len(missing)} uploaded file(s) are gone")
            self._save(job)
            return
        job.log.append("the server restarted during the job: running it again (finished work is kept)")
        job.state, job.stage, job.step = "queued", None, 0  # the articles it stored before stay its own
        self._save(job)
        self._thread(job)

    def _thread(self, job: Job) -> None:
        threading.Thread(target=self._run, args=(job,), name=f"job-{job.id}", daemon=True).start()

    def _save(self, job: Job) -> None:
        self._store.write_job(job.id, job.to_row(), job.created_at)

    def _stage(self, job: Job, stage: str | None, step: int) -> None:
        job.stage, job.step = stage, step
        self._save(job)

    def _hooks(self, job: Job) -> pipeline.Hooks:
        """The pipeline's progress as the job's state: the stage it is in, and one log line per input problem."""

        def stage(name: str) -> None:
            self._stage(job, name, STAGES.index(name))

        def ingested(outcome: Outcome) -> None:
            stored = outcome.status in (Status.STORED, Status.UPDATED) and outcome.article is not None
            if stored and outcome.article.id not in job.articles:
                job.articles.append(outcome.article.id)
            elif outcome.problem is not None:
                job.log.append(f"{Path(outcome.source).name}: {outcome.problem.message}")

        return pipeline.Hooks(stage=stage, ingested=ingested)

    def _run(self, job: Job) -> None:
        with self._lock:
            job.state = "running"
            store = Store(self.settings.db_url)
            try:
                ran = pipeline.run(job.locations, store, self.settings, hooks=self._hooks(job))
                job.log.append(f"ingested {len(ran.stored)} article(s)")
                if ran.linked is not None and ran.compared is not None:
                    job.log.append(f"annotated {ran.annotated} article(s)")
                    job.log.append(f"linked into {len(ran.linked.events)} events")
                    job.log.append(f"{len(ran.compared.conflicts)} conflicts")
                job.state = "done"
                self._stage(job, None, len(pipeline.STAGES))
            except Exception as err:  # noqa: BLE001 - a failed job reports why; the server goes on
                log.exception("job %s failed", job.id)
                job.state = "failed"
                job.log.append(f"failed: {err}")
                self._save(job)
            finally:
                store.close()  # the app reads the store again: its revision changed
                if job.folder and job.state in ("done", "failed"):
                    shutil.rmtree(job.folder, ignore_errors=True)
