"""From what the user named (files, folders, URLs) to a stream of raw documents."""

from __future__ import annotations

import logging
import os
from collections.abc import Iterable, Iterator
from pathlib import Path

from storyline.config import Settings
from storyline.errors import InputProblem, Problem
from storyline.ingest.fetch import is_url, make_client, read_url
from storyline.ingest.readers import Item, reader_for

log = logging.getLogger(__name__)


def expand(locations: Iterable[str | Path]) -> Iterator[str | Path | InputProblem]:
    """Files and URLs in a stable order: folders are walked recursively and sorted.

    In a folder, files of other types (images, manifests) and hidden ones are passed over quietly; what cannot be
    read (a broken link, a folder it may not open, a link to a folder, which is not followed so that a loop cannot
    trap the walk) gets one line each, as does a folder with nothing to read. A file named directly that cannot be
    read is a problem.
    """
    for location in locations:
        text = str(location)
        if is_url(text):
            yield text
            continue
        path = Path(location)
        if path.is_dir():
            found = False
            for item in _walk(path):
                found = found or isinstance(item, Path)
                yield item
            if not found:
                yield InputProblem(text, Problem.W007, "no file of a supported type in this folder")
        elif path.is_file():
            yield path if reader_for(path) else InputProblem(text, Problem.E003, "".join(path.suffixes) or path.name)
        elif path.is_symlink():
            yield InputProblem(text, Problem.E011, "a broken symbolic link")
        else:
            yield InputProblem(text, Problem.E011)


def _walk(folder: Path) -> Iterator[Path | InputProblem]:
    """The supported files under ``folder`` in sorted order, and a warning for each thing it cannot read."""
    problems: list[InputProblem] = []

    def unreadable(err: OSError) -> None:
        problems.append(InputProblem(str(err.filename or folder), Problem.W007, f"cannot read folder ({err.strerror})"))

    found: list[Path | InputProblem] = []
    for root, dirs, files in os.walk(folder, onerror=unreadable):
        base = Path(root)
        for name in sorted(dirs):
            if (base / name).is_symlink() and not name.startswith("."):
                found.append(InputProblem(str(base / name), Problem.W007, "a symbolic link to a folder, not followed"))
        dirs[:] = sorted(d for d in dirs if not d.startswith(".") and not (base / d).is_symlink())
        for name in files:
            child = base / name
            if name.startswith("."):
                continue
            if reader_for(child) is None:
                log.debug("passing over %s: not a supported type", child)
                continue
            if not child.is_file():
                found.append(InputProblem(str(child), Problem.W007, "a broken symbolic link"))
                continue
            found.append(child)
    found.extend(problems)
    yield from sorted(found, key=lambda item: str(item) if isinstance(item, Path) else item.source)


def read_all(locations: Iterable[str | Path], settings: Settings) -> Iterator[Item]:
    """Every raw document and every problem, input by input."""
    client = None
    try:
        for target in expand(locations):
            if isinstance(target, InputProblem):
                yield target
            elif isinstance(target, str):
                client = client or make_client(settings)
                yield from read_url(target, settings, client)
            else:
                reader = reader_for(target)
                assert reader is not None
                try:
                    yield from reader(target, settings)
                except OSError as err:
                    yield InputProblem(str(target), Problem.E008, err.strerror or str(err))
    finally:
        if client is not None:
            client.close()


def estimate_documents(locations: Iterable[str | Path]) -> int:
    """About how many documents ``locations`` hold (JSONL lines count one each), for progress bars."""
    total = 0
    for target in expand(locations):
        if isinstance(target, Path) and target.name.lower().endswith(".jsonl"):
            with target.open("rb") as f:
                total += sum(1 for line in f if line.strip())
        elif isinstance(target, Path) and target.name.lower().endswith(".parquet"):
            total += _parquet_rows(target)
        else:
            total += 1
    return total


def _parquet_rows(path: Path) -> int:
    import pyarrow.parquet as pq

    try:
        return pq.ParquetFile(path).metadata.num_rows
    except Exception:  # noqa: BLE001 - an unreadable file is reported by its reader; here it counts as one
        return 1
