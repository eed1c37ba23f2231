"""Recover tables that a scraper flattened into lines of run-together cells.

"ChallengeDescription" then "Territorial DisputesRussia occupies 20% ..." is a
two-column table: cell boundaries show as junctions where a word runs into the
next cell with no space (lower case into upper case, letters into digits).
"""

from __future__ import annotations

import regex as re
from dataclasses import dataclass

from storyline.model import Table

HEADER_MAX_CHARS = 100
HEADER_CELL_MAX_WORDS = 4
MIN_ROWS = 2
MAX_COLUMNS = 8

# Unicode letter classes: "Tromsø412" and "ÁsdísBergsdóttir" are junctions too.
_HEADER_JUNCTION = re.compile(r"(?<=\p{Ll})(?=\p{Lu})")
# (strength, pattern): a cell boundary is likelier where a capitalised word or a
# number starts right after a letter; "1st" or "G7" style joins are weak.
_ROW_JUNCTIONS = (
    (3, re.compile(r"(?<=[\p{Ll}\)\]%.;])(?=\p{Lu}\p{Ll})")),
    (3, re.compile(r"(?<=\d)(?=\p{Lu}\p{Ll})")),
    (2, re.compile(r"(?<=\p{L})(?=\d{4}(?!\d))")),
    (2, re.compile(r"(?<=[\p{Ll}\)])(?=\p{Lu}{2,}\b)")),
    (1, re.compile(r"(?<=\p{L})(?=\d)")),
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


_PIPE_ROW = re.compile(r"^\|(.+)\|$")
_PIPE_RULE = re.compile(r"^\|(\s*:?-{2,}:?\s*\|)+$")


def find_pipe_tables(lines: list[str]) -> list[Table]:
    """Tables that trafilatura wrote as ``| a | b |`` rows under a ``|---|`` rule: kept, and recorded."""
    tables: list[Table] = []
    i = 0
    while i + 2 < len(lines):
        if _PIPE_ROW.match(lines[i]) and _PIPE_RULE.match(lines[i + 1]):
            header = [c.strip() for c in lines[i].strip("|").split("|")]
            rows, j = [], i + 2
            while j < len(lines) and _PIPE_ROW.match(lines[j]):
                rows.append([c.strip() for c in lines[j].strip("|").split("|")])
                j += 1
            if rows:
                tables.append(Table(header=header, rows=rows))
            i = j
            continue
        i += 1
    return tables
