"""JSON Lines, read the one way every input of storyline reads them: one object a line, blank lines skipped."""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class JsonLine:
    """One non-blank line: its object, or why it has none (``invalid`` JSON, or ``not_object``)."""

    number: int  # 1-based
    record: dict[str, Any] | None = None
    invalid: str | None = None  # the decoder's message, with the column
    not_object: str | None = None  # the JSON type found instead of an object
    too_long: bool = False  # the reader refused the line unread (None in ``lines``)


def json_lines(lines: Iterable[str | None]) -> Iterator[JsonLine]:
    """Each non-blank line's object or why it has none; a None in ``lines`` is a line too long to read."""
    for number, line in enumerate(lines, start=1):
        if line is None:
            yield JsonLine(number, too_long=True)
            continue
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError as err:
            # the decoder's "Unterminated string starting at" already ends in "at"
            yield JsonLine(number, invalid=f"{err.msg.removesuffix(' at')} at column {err.colno}")
            continue
        except RecursionError:  # the decoder recurses per level: a deeply nested line is one bad line
            yield JsonLine(number, invalid="nested too deeply")
            continue
        if not isinstance(record, dict):
            yield JsonLine(number, not_object=type(record).__name__)
            continue
        yield JsonLine(number, record=record)
