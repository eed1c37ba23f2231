"""Names of the code and data that computed a stored result, so a stage redoes what another version computed.

A stage keeps its results in the store (annotations, link state) and reuses them on the next run; a result made by
other code or other lexicons must be made again, or an upgraded storyline would show yesterday's readings.
"""

from __future__ import annotations

import hashlib
from importlib import resources
from importlib.abc import Traversable

SUFFIXES = (".py", ".txt", ".toml", ".tsv", ".json")


def fingerprint(*packages: str) -> str:
    """A short digest of every code and data file of the packages, their sub-folders included."""
    digest = hashlib.sha256()
    for package in packages:
        _add(digest, resources.files(package), package)
    return digest.hexdigest()[:16]


def _add(digest: "hashlib._Hash", folder: Traversable, prefix: str) -> None:
    for item in sorted(folder.iterdir(), key=lambda f: f.name):
        if item.is_dir() and item.name != "__pycache__":
            _add(digest, item, f"{prefix}/{item.name}")
        elif item.is_file() and item.name.endswith(SUFFIXES):
            digest.update(f"{prefix}/{item.name}".encode() + b"\0" + item.read_bytes())
