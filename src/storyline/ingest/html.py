"""HTML pages to main text and metadata, through trafilatura (htmldate finds the date)."""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass

import trafilatura

log = logging.getLogger(__name__)

_CLOSING = re.compile(rb"</(html|body)\s*>\s*$", re.I)


@dataclass(frozen=True)
class Page:
    text: str
    title: str | None
    date: str | None  # ISO date as htmldate found it in the page
    site_name: str | None
    url: str | None
    truncated: bool


def looks_truncated(html: bytes) -> bool:
    """A page cut off in transfer has no closing body or html tag at its end."""
    tail = html[-2048:].rstrip()
    return not _CLOSING.search(tail)


def extract_page(html: bytes, url: str | None = None) -> Page | None:
    """Main text and metadata of one page, or None when it holds no article text."""
    doc = trafilatura.bare_extraction(
        html,
        url=url,
        with_metadata=True,
        include_comments=False,
        include_tables=True,
        include_images=False,
        include_links=False,
    )
    if doc is None or not (doc.text or "").strip():
        return None
    return Page(
        text=doc.text,
        title=(doc.title or None),
        date=(doc.date or None),
        site_name=(doc.sitename or None),
        url=(doc.url or url or None),
        truncated=looks_truncated(html),
    )
