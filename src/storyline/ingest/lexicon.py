"""Loads the ingest lexicons (data files under ``storyline/data/ingest``) once."""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources


@dataclass(frozen=True)
class LineRule:
    pattern: re.Pattern[str]
    reason: str
    cuts_tail: bool = False


@dataclass(frozen=True)
class Furniture:
    rules: tuple[LineRule, ...]
    section_labels: frozenset[str]
    trailer_header: re.Pattern[str]
    credit: re.Pattern[str]  # a wire dateline's credit: "ARICA, Chile (Northwire) –"

    def match(self, line: str) -> LineRule | None:
        for rule in self.rules:
            if rule.pattern.fullmatch(line):
                return rule
        return None


@lru_cache(maxsize=1)
def furniture() -> Furniture:
    data = tomllib.loads(resources.files("storyline.data.ingest").joinpath("furniture.toml").read_text("utf-8"))
    rules = tuple(
        LineRule(re.compile(r["pattern"], re.I), r["reason"], bool(r.get("cuts_tail", False))) for r in data["line"]
    )
    headers = "|".join(data["trailer"]["headers"])
    return Furniture(
        rules=rules,
        section_labels=frozenset(n.lower() for n in data["section_labels"]["names"]),
        trailer_header=re.compile(rf"^(?:{headers})\s*(?P<rest>.*)$", re.I),
        credit=re.compile(data["credit"]["pattern"]),
    )
