"""Reads the annotate lexicons: data files under ``storyline/data/annotate``, loaded once per process.

Lexicons are data, not code: TSV files (one entry a line, ``#`` comments) and
TOML files, written by the team from the PLOVER manual and the PETRARCH2
dictionaries (see NOTICE).
"""

from __future__ import annotations

import tomllib
from collections.abc import Iterator
from functools import lru_cache
from importlib import resources
from typing import Any

PACKAGE = "storyline.data.annotate"


def read_text(name: str) -> str:
    return resources.files(PACKAGE).joinpath(name).read_text("utf-8")


def tsv_rows(name: str) -> Iterator[list[str]]:
    """Rows of a TSV lexicon, without blank and comment lines; empty cells (``-``) become ``""``."""
    for line in read_text(name).splitlines():
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        yield [cell.strip() if cell.strip() != "-" else "" for cell in line.split("\t")]


@lru_cache(maxsize=None)
def toml(name: str) -> dict[str, Any]:
    return tomllib.loads(read_text(name))
