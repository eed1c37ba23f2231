"""Reads the input of ``storyline code``: JSONL, one sentence a line as ``{"id": ..., "text": ...}``.

Every line gets a result, so output line N answers input line N: a line that cannot be read is coded as an
empty sentence (no events) under the id ``FILE:N``, and reported as a problem that names the file and line.
"""

from __future__ import annotations

from pathlib import Path

from storyline.jsonlines import json_lines

TEXT_FIELDS = ("text", "sentence")


def read_sentences(path: Path) -> tuple[list[tuple[str, str]], list[str]]:
    """(id, sentence) pairs, one per non-blank line, and the problems found."""
    items: list[tuple[str, str]] = []
    problems: list[str] = []
    with path.open(encoding="utf-8", errors="replace") as lines:
        for line in json_lines(lines):
            where = f"{path}:{line.number}"
            record = line.record or {}
            if line.invalid is not None:
                problems.append(f"{where}: invalid JSON: {line.invalid}")
            elif line.record is None:
                problems.append(f"{where}: expected an object, got {line.not_object}")
            text = next((record[f] for f in TEXT_FIELDS if isinstance(record.get(f), str)), None)
            if text is None and line.record is not None:
                problems.append(f"{where}: no 'text' field")
            items.append((str(record.get("id", f"{path.name}:{line.number}")), text or ""))
    return items, problems
