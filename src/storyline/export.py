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
    EVENTS = "events"
    STORIES = "stories"
    ACTORS = "actors"


class Format(str, enum.Enum):
    JSONL = "jsonl"
    CSV = "csv"


ARTICLE_COLUMNS = [
    "id", "url", "outlet", "outlet_source", "title", "published", "published_precision", "published_source",
    "language", "duplicate_of", "duplicate_kind", "story_id", "event_id", "flags", "source", "text",
]


EVENT_COLUMNS = ["id", "story_id", "type", "mode", "date", "date_end", "place", "title", "actors", "articles"]
STORY_COLUMNS = ["id", "title", "start", "end", "events", "articles", "actors"]
ACTOR_COLUMNS = ["id", "name", "kind", "country", "sector", "aliases", "roles"]
COLUMNS = {Kind.ARTICLES: ARTICLE_COLUMNS, Kind.EVENTS: EVENT_COLUMNS, Kind.STORIES: STORY_COLUMNS,
           Kind.ACTORS: ACTOR_COLUMNS}


def record_row(record: Any, columns: list[str], *, nested: bool) -> dict[str, Any]:
    """A domain record as an export row: lists stay lists in JSONL and become ';'-joined text in CSV."""
    data = to_dict(record)
    row = {}
    for column in columns:
        value = data.get(column)
        if not nested and isinstance(value, list):
            value = ";".join(v if isinstance(v, str) else _role_text(v) for v in value)
        row[column] = value
    return row


def _role_text(value: Any) -> str:
    if isinstance(value, dict) and "title" in value:  # a Role: its title and when it was stated
        return f"{value['title']} ({value.get('stated') or 'undated'})"
    return json.dumps(value, ensure_ascii=False)


def article_row(article: Article, *, nested: bool, link: tuple[str | None, str | None] = (None, None)) -> dict[str, Any]:
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
        "story_id": link[1],
        "event_id": link[0],
        "flags": article.flags if nested else ";".join(article.flags),
        "source": article.source,
        "text": article.text,
    }
    if nested:
        row["metadata"] = article.metadata
        row["cleaning"] = to_dict(article.cleaning)
    return row


def rows(store: Store, kind: Kind, fmt: Format) -> Iterator[dict[str, Any]]:
    nested = fmt is Format.JSONL
    if kind is Kind.ARTICLES:
        links = store.links()
        for article in store.articles():
            yield article_row(article, nested=nested, link=links.get(article.id, (None, None)))
        return
    records = {Kind.EVENTS: store.events, Kind.STORIES: store.stories, Kind.ACTORS: store.corpus_actors}[kind]()
    for record in records:
        yield record_row(record, COLUMNS[kind], nested=nested)


def write(store: Store, kind: Kind, fmt: Format, out: IO[str]) -> int:
    """Write every row of ``kind`` to ``out``; returns the number of rows."""
    count = 0
    if fmt is Format.JSONL:
        for row in rows(store, kind, fmt):
            out.write(json.dumps(row, ensure_ascii=False) + "\n")
            count += 1
    else:
        writer = csv.DictWriter(out, fieldnames=COLUMNS[kind], extrasaction="ignore")
        writer.writeheader()
        for row in rows(store, kind, fmt):
            writer.writerow(row)
            count += 1
    return count
