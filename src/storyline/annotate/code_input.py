"""Reads the input of ``storyline code``: JSONL, one sentence a line as ``{"id": ..., "text": ...}``.

Every line gets a result, so output line N answers input line N: a line that cannot be read is coded as an
empty sentence (no events) under the id ``FILE:N``, and reported as a problem that names the file and line.
"""

from __future__ import annotations

import json
from pathlib import Path

TEXT_FIELDS = ("text", "sentence")


def read_sentences(path: Path) -> tuple[list[tuple[str, str]], list[str]]:
    """(id, sentence) pairs, one per non-blank line, and the problems found."""
    items: list[tuple[str, str]] = []
    problems: list[str] = []
    with path.open(encoding="utf-8", errors="replace") as lines:
        for number, line in enumerate(lines, start=1):
            if not line.strip():
                continue
            fallback = f"{path.name}:{number}"
            try:
                record = json.loads(line)
            except json.JSONDecodeError as err:
                problems.append(f"{path}:{number}: invalid JSON: {err.msg}")
                items.append((fallback, ""))
                continue
            if not isinstance(record, dict):
                problems.append(f"{path}:{number}: a line must be a JSON object")
                items.append((fallback, ""))
                continue
            text = next((record[f] for f in TEXT_FIELDS if isinstance(record.get(f), str)), None)
            ident = str(record.get("id", fallback))
            if text is None:
                problems.append(f"{path}:{number}: no 'text' field")
                text = ""
            items.append((ident, text))
    return items, problems
