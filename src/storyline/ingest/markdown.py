"""Markdown to plain text: keep the words, drop the markup, record what was dropped."""

from __future__ import annotations

import re

from storyline.model import Removal

_IMAGE = re.compile(r"!\[([^\]]*)\]\([^)]*\)")
_LINK = re.compile(r"\[([^\]]+)\]\([^)]*\)")
_EMPHASIS = re.compile(r"(\*\*|__|\*|_|~~|`)(?=\S)(.+?)(?<=\S)\1")
_HEADING = re.compile(r"^\s{0,3}(#{1,6})\s+(.*?)\s*#*\s*$")
_RULE = re.compile(r"^\s{0,3}([-*_])(\s*\1){2,}\s*$")
_QUOTE = re.compile(r"^\s{0,3}>\s?")
_LIST = re.compile(r"^\s*(?:[-*+]|\d+[.)])\s+")


def markdown_to_text(markdown: str) -> tuple[str, str | None, list[Removal]]:
    """Plain text, the first level-1 heading (the title) if any, and the removed images."""
    title = None
    removed: list[Removal] = []
    out = []
    in_fence = False
    for number, line in enumerate(markdown.splitlines(), start=1):
        if line.strip().startswith(("```", "~~~")):
            in_fence = not in_fence
            continue
        if in_fence:
            out.append(line)
            continue
        if _RULE.match(line):
            continue
        for alt in _IMAGE.findall(line):
            removed.append(Removal("markdown image", alt, number))
        line = _IMAGE.sub("", line)
        heading = _HEADING.match(line)
        if heading:
            line = heading.group(2)
            if title is None and len(heading.group(1)) == 1:
                title = _inline(line)
                continue
        line = _LIST.sub("", _QUOTE.sub("", line))
        out.append(_inline(line))
    return "\n".join(out), title, removed


def _inline(line: str) -> str:
    line = _LINK.sub(r"\1", line)
    return _EMPHASIS.sub(r"\2", line)
