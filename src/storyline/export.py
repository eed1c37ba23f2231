"""Exports for analysts: the store's records as JSONL or CSV rows."""

from __future__ import annotations

import csv
import enum
import json
from collections.abc import Iterator
from typing import IO, Any

from storyline.model import Article, to_dict
from storyline.store import Store


class Kind(str, enum.Enum):
    ARTICLES = "articles"


class Format(str, enum.Enum):
    JSONL = "jsonl"
    CSV = "csv"


ARTICLE_COLUMNS = [
    "id", "url", "outlet", "outlet_source", "title", "published", "published_precision", "published_source",
    "language", "duplicate_of", "duplicate_kind", "story_id", "event_id", "flags", "source", "text",
]


def article_row(article: Article, *, nested: bool) -> dict[str, Any]:
    """The contract's article row; ``nested`` keeps lists and the cleaning report as structures."""
    row: dict[str, Any] = {
        "id": article.id,
        "url": article.url,
        "outlet": article.outlet,
        "outlet_source": article.outlet_source,
        "title": article.title,
        "published": article.published.value.isoformat() if article.published.value else None,
        "published_precision": article.published.precision.value if article.published.precision else None,
        "published_source": article.published.source.value,
        "language": article.language,
        "duplicate_of": article.duplicate_of,
        "duplicate_kind": article.duplicate_kind,
        "story_id": None,  # filled once the link stage exists
        "event_id": None,
        "flags": article.flags if nested else ";".join(article.flags),
        "source": article.source,
        "text": article.text,
    }
    if nested:
        row["metadata"] = article.metadata
        row["cleaning"] = to_dict(article.cleaning)
    return row


def rows(store: Store, kind: Kind, fmt: Format) -> Iterator[dict[str, Any]]:
    if kind is Kind.ARTICLES:
        for article in store.articles():
            yield article_row(article, nested=fmt is Format.JSONL)


def write(store: Store, kind: Kind, fmt: Format, out: IO[str]) -> int:
    """Write every row of ``kind`` to ``out``; returns the number of rows."""
    count = 0
    if fmt is Format.JSONL:
        for row in rows(store, kind, fmt):
            out.write(json.dumps(row, ensure_ascii=False) + "\n")
            count += 1
    else:
        writer = csv.DictWriter(out, fieldnames=ARTICLE_COLUMNS, extrasaction="ignore")
        writer.writeheader()
        for row in rows(store, kind, fmt):
            writer.writerow(row)
            count += 1
    return count
