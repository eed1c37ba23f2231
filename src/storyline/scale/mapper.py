"""Ordered maps of a pure per-chunk function: in this process, over N processes, or over a Dask cluster.

Every mapper yields results in the order of its inputs, so what the store receives (and so every record derived
from it) is the same whatever runs the work. At most ``window`` chunks are in flight at once: results stream to the
store as they come back, and memory stays bounded on a corpus of any size.
"""

from __future__ import annotations

import logging
import multiprocessing
import os
import threading
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from itertools import islice
from typing import Any, Protocol, TypeVar

log = logging.getLogger(__name__)

T = TypeVar("T")
R = TypeVar("R")

# Chunks in flight per worker: enough to keep every worker busy while the main process writes results.
WINDOW_PER_WORKER = 2


def chunked(items: Iterable[T], size: int) -> Iterator[list[T]]:
    iterator = iter(items)
    while chunk := list(islice(iterator, size)):
        yield chunk


class Mapper(Protocol):
    workers: int

    def map(self, fn: Callable[[T], R], items: Iterable[T]) -> Iterator[R]: ...

    def close(self) -> None: ...


class SerialMapper:
    """Everything in this process: the reference the others must equal."""

    workers = 1

    def map(self, fn: Callable[[T], R], items: Iterable[T]) -> Iterator[R]:
        return map(fn, items)

    def close(self) -> None:
        pass


def _ordered(submit: Callable[[T], Any], result: Callable[[Any], R], items: Iterable[T], window: int) -> Iterator[R]:
    """Submit up to ``window`` items ahead and yield results in input order."""
    pending: deque[Any] = deque()
    for item in items:
        pending.append(submit(item))
        if len(pending) >= window:
            yield result(pending.popleft())
    while pending:
        yield result(pending.popleft())


# How often a worker process checks that the process that started it is still alive.
ORPHAN_CHECK_S = 1.0


def _exit_with_parent(parent: int) -> None:
    """Worker initializer: end this worker when its parent is gone. A parent killed with SIGKILL cannot shut its
    pool down, and orphaned workers would otherwise live on holding memory (and a model each)."""

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(ORPHAN_CHECK_S)
        os._exit(1)

    threading.Thread(target=watch, name="orphan-watch", daemon=True).start()


class ProcessMapper:
    """N worker processes on this machine (forked: they share the parent's loaded model pages)."""

    def __init__(self, workers: int) -> None:
        self.workers = workers
        method = "fork" if "fork" in multiprocessing.get_all_start_methods() else "spawn"
        self._pool = ProcessPoolExecutor(
            max_workers=workers,
            mp_context=multiprocessing.get_context(method),
            initializer=_exit_with_parent,
            initargs=(os.getpid(),),
        )

    def map(self, fn: Callable[[T], R], items: Iterable[T]) -> Iterator[R]:
        def result(future: Future[R]) -> R:
            return future.result()

        return _ordered(lambda item: self._pool.submit(fn, item), result, items, self.workers * WINDOW_PER_WORKER)

    def close(self) -> None:
        self._pool.shutdown(wait=True, cancel_futures=True)


class DaskMapper:
    """Tasks on a Dask cluster: an existing scheduler's address, or ``local`` for a LocalCluster of N processes."""

    def __init__(self, address: str, workers: int | None = None) -> None:
        from distributed import Client, LocalCluster

        self._cluster = None
        if address == "local":
            self._cluster = LocalCluster(
                n_workers=workers or os.cpu_count() or 1, threads_per_worker=1, processes=True,
                dashboard_address=None,
            )
            self._client = Client(self._cluster)
        else:
            self._client = Client(address)
        self.workers = max(1, len(self._client.scheduler_info().get("workers", {})))
        log.info("dask: %d workers at %s", self.workers, self._client.scheduler.address)

    def map(self, fn: Callable[[T], R], items: Iterable[T]) -> Iterator[R]:
        def submit(item: T) -> Any:
            return self._client.submit(fn, item, pure=False)

        return _ordered(submit, lambda future: future.result(), items, self.workers * WINDOW_PER_WORKER)

    def close(self) -> None:
        self._client.close()
        if self._cluster is not None:
            self._cluster.close()


def make_mapper(workers: int | None = None, dask: str | None = None) -> Mapper:
    """The mapper a run asked for: Dask when an address is given, else N processes (all cores by default; one
    means this process)."""
    if dask:
        return DaskMapper(dask, workers)
    count = workers or os.cpu_count() or 1
    return SerialMapper() if count <= 1 else ProcessMapper(count)
