"""Every problem storyline reports about its input, in one numbered list (spaCy's idiom).

A problem names the input and the reason; the run goes on with the rest.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass

from storyline.controls import printable


class Problem(str, enum.Enum):
    E001 = "empty input"
    E002 = "binary content, not text ({detail})"
    E003 = "unsupported input type {detail!r}"
    E004 = "invalid JSON: {detail}"
    E005 = "JSON line lacks a usable field: {detail}"
    E006 = "could not fetch: {detail}"
    E007 = "no article text found"
    E008 = "unreadable: {detail}"
    E009 = "response too large (over {detail} bytes)"
    E010 = "invalid WARC: {detail}"
    E011 = "not found"
    E012 = "invalid Parquet: {detail}"
    E013 = "too large: {detail}"
    E014 = "annotation failed: {detail}"
    E015 = "refused address: {detail}"
    W001 = "not valid UTF-8, decoded as {detail}"
    W002 = "HTML looks truncated ({detail}); kept what could be extracted"
    W003 = "feed item skipped: {detail}"
    W004 = "article cut: {detail}"
    W005 = "control characters removed: {detail}"
    W006 = "date ignored: {detail}"
    W007 = "passed over: {detail}"


@dataclass(frozen=True)
class InputProblem:
    """A problem with one input: an error skips it, a warning keeps it."""

    source: str
    code: Problem
    detail: str = ""

    @property
    def is_error(self) -> bool:
        return self.code.name.startswith("E")

    @property
    def message(self) -> str:
        text = f"{self.source}: {self.code.value.format(detail=self.detail)} [{self.code.name}]"
        return printable(text)

    def __str__(self) -> str:
        return self.message


class InputError(Exception):
    """Raised by a reader for an input it cannot use; carries the problem record."""

    def __init__(self, problem: InputProblem) -> None:
        super().__init__(problem.message)
        self.problem = problem
