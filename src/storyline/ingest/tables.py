"""Recover tables that a scraper flattened into lines of run-together cells.

"ChallengeDescription" then "Territorial DisputesRussia occupies 20% ..." is a
two-column table: cell boundaries show as junctions where a word runs into the
next cell with no space (lower case into upper case, letters into digits).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from storyline.model import Table

HEADER_MAX_CHARS = 100
HEADER_CELL_MAX_WORDS = 4
MIN_ROWS = 2
MAX_COLUMNS = 8

_HEADER_JUNCTION = re.compile(r"(?<=[a-z])(?=[A-Z])")
# (strength, pattern): a cell boundary is likelier where a capitalised word or a
# number starts right after a letter; "1st" or "G7" style joins are weak.
_ROW_JUNCTIONS = (
    (3, re.compile(r"(?<=[a-z\)\]%.;])(?=[A-Z][a-z])")),
    (3, re.compile(r"(?<=\d)(?=[A-Z][a-z])")),
    (2, re.compile(r"(?<=[A-Za-z])(?=\d{4}(?!\d))")),
    (2, re.compile(r"(?<=[a-z\)])(?=[A-Z]{2,}\b)")),
    (1, re.compile(r"(?<=[A-Za-z])(?=\d)")),
)


@dataclass
class FoundTable:
    start: int  # index of the header line
    end: int  # index after the last row
    table: Table


def split_header(line: str) -> list[str] | None:
    """Column names of a run-together header line, or None when it is not one."""
    if not line or len(line) > HEADER_MAX_CHARS or line.endswith((".", ",", ";", ":", "?", "!")):
        return None
    cells = [c.strip() for c in _HEADER_JUNCTION.split(line)]
    if not 2 <= len(cells) <= MAX_COLUMNS:
        return None
    if any(not c or not c[0].isupper() or len(c.split()) > HEADER_CELL_MAX_WORDS for c in cells):
        return None
    return cells


def split_row(line: str, columns: int) -> list[str] | None:
    """Split a run-together row into ``columns`` cells at its strongest junctions."""
    if not line:
        return None
    candidates: dict[int, int] = {}
    for strength, pattern in _ROW_JUNCTIONS:
        for m in pattern.finditer(line):
            candidates.setdefault(m.start(), strength)
    if len(candidates) < columns - 1:
        return None
    ranked = sorted(candidates, key=lambda pos: (-candidates[pos], pos))[: columns - 1]
    cuts = [0, *sorted(ranked), len(line)]
    cells = [line[a:b].strip() for a, b in zip(cuts, cuts[1:])]
    return cells if all(cells) else None


def find_tables(lines: list[str]) -> list[FoundTable]:
    """Every run-together table in ``lines``: a header line followed by at least two rows."""
    found: list[FoundTable] = []
    i = 0
    while i < len(lines):
        header = split_header(lines[i])
        rows: list[list[str]] = []
        if header:
            j = i + 1
            while j < len(lines) and (row := split_row(lines[j], len(header))):
                rows.append(row)
                j += 1
            if len(rows) >= MIN_ROWS:
                found.append(FoundTable(i, j, Table(header=header, rows=rows)))
                i = j
                continue
        i += 1
    return found
