"""Exports for analysts: the store's records as JSONL, CSV or Parquet rows; events also as PLOVER JSON."""

from __future__ import annotations

import csv
import enum
import json
from collections.abc import Iterator
from typing import IO, Any

from storyline.model import Agreement, Article, Conflict, to_dict
from storyline.present.rows import plover_records, quote_rows
from storyline.store import Store


class Kind(str, enum.Enum):
    ARTICLES = "articles"
    EVENTS = "events"
    STORIES = "stories"
    ACTORS = "actors"
    CONFLICTS = "conflicts"
    AGREEMENTS = "agreements"
    CLAIMS = "claims"
    POSITIONS = "positions"
    SOURCES = "sources"
    SUMMARIES = "summaries"
    TIMELINE = "timeline"
    QUOTES = "quotes"


class Format(str, enum.Enum):
    JSONL = "jsonl"
    CSV = "csv"
    PARQUET = "parquet"
    PLOVER = "plover"  # events only: one PLOVER JSON record a line

    @property
    def binary(self) -> bool:
        return self is Format.PARQUET


ARTICLE_COLUMNS = [
    "id", "url", "outlet", "outlet_source", "title", "published", "published_precision", "published_source",
    "language", "duplicate_of", "duplicate_kind", "story_id", "event_id", "flags", "source", "text",
]


EVENT_COLUMNS = ["id", "story_id", "type", "mode", "date", "date_end", "place", "title", "actors", "articles"]
STORY_COLUMNS = ["id", "title", "start", "end", "events", "articles", "actors"]
ACTOR_COLUMNS = ["id", "name", "kind", "country", "sector", "aliases", "roles"]
FINDING_COLUMNS = ["id", "scope", "event_id", "subject", "subject_label", "attribute", "period"]
CONFLICT_COLUMNS = [*FINDING_COLUMNS, "severity", "consensus", "sides", "outlets", "articles"]
AGREEMENT_COLUMNS = [*FINDING_COLUMNS, "consensus", "outlets", "articles"]
CLAIM_COLUMNS = [
    "finding_id", "finding", "event_id", "subject_label", "attribute", "value", "side_value", "majority",
    "article_id", "outlet", "text", "start", "end",
]
POSITION_COLUMNS = [
    "id", "actor", "actor_name", "kind", "issues", "date", "event_id", "stated_by", "article_id", "outlet", "start",
    "end", "about",
]
SOURCE_COLUMNS = ["outlet", "articles", "compared", "agreed", "contradicted", "agreement_rate", "conflicts", "flags"]
SUMMARY_COLUMNS = ["event_id", "sentences", "articles"]
QUOTE_COLUMNS = [
    "article_id", "outlet", "event_id", "speaker_id", "speaker", "kind", "cue", "text", "start", "end", "speaker_source",
]
TIMELINE_COLUMNS = ["story_id", "position", "event_id", "date", "date_end", "type", "title", "summary", "articles"]
COLUMNS = {Kind.ARTICLES: ARTICLE_COLUMNS, Kind.EVENTS: EVENT_COLUMNS, Kind.STORIES: STORY_COLUMNS,
           Kind.ACTORS: ACTOR_COLUMNS, Kind.CONFLICTS: CONFLICT_COLUMNS, Kind.AGREEMENTS: AGREEMENT_COLUMNS,
           Kind.CLAIMS: CLAIM_COLUMNS, Kind.POSITIONS: POSITION_COLUMNS, Kind.SOURCES: SOURCE_COLUMNS,
           Kind.SUMMARIES: SUMMARY_COLUMNS, Kind.TIMELINE: TIMELINE_COLUMNS, Kind.QUOTES: QUOTE_COLUMNS}


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
    nested = fmt in (Format.JSONL, Format.PARQUET)
    if kind is Kind.ARTICLES:
        links = store.links()
        for article in store.articles():
            yield article_row(article, nested=nested, link=links.get(article.id, (None, None)))
        return
    if kind in COMPARE_ROWS:
        for row in COMPARE_ROWS[kind](store):
            yield {k: (v if nested or not isinstance(v, list) else ";".join(map(str, v))) for k, v in row.items()}
        return
    records = {Kind.EVENTS: store.events, Kind.STORIES: store.stories, Kind.ACTORS: store.corpus_actors}[kind]()
    for record in records:
        yield record_row(record, COLUMNS[kind], nested=nested)


def _finding(record: Agreement | Conflict) -> dict[str, Any]:
    sides = (record.side,) if isinstance(record, Agreement) else record.sides
    claims = [v for side in sides for v in side.claims]
    return {
        "id": record.id,
        "scope": record.scope,
        "event_id": record.event_id,
        "subject": record.subject,
        "subject_label": record.subject_label,
        "attribute": record.attribute,
        "period": record.period,
        "outlets": sorted({o for side in sides for o in side.outlets}),
        "articles": sorted({v.citation.article_id for v in claims}),
    }


def conflict_rows(store: Store) -> Iterator[dict[str, Any]]:
    for conflict in store.conflicts():
        sides = [f"{side.value}: {' '.join(sorted({v.citation.article_id for v in side.claims}))}" for side in conflict.sides]
        yield {**_finding(conflict), "severity": conflict.severity, "consensus": conflict.consensus, "sides": sides}


def agreement_rows(store: Store) -> Iterator[dict[str, Any]]:
    for agreement in store.agreements():
        yield {**_finding(agreement), "consensus": agreement.consensus}


def claim_rows(store: Store) -> Iterator[dict[str, Any]]:
    """Every compared value, with the finding and side it stands on."""
    findings: list[Agreement | Conflict] = [*store.agreements(), *store.conflicts()]
    for finding in sorted(findings, key=lambda f: f.id):
        sides = (finding.side,) if isinstance(finding, Agreement) else finding.sides
        for side in sides:
            for value in side.claims:
                yield {
                    "finding_id": finding.id,
                    "finding": "agreement" if isinstance(finding, Agreement) else "conflict",
                    "event_id": finding.event_id,
                    "subject_label": finding.subject_label,
                    "attribute": finding.attribute,
                    "value": value.display,
                    "side_value": side.value,
                    "majority": isinstance(finding, Agreement) or side.majority,
                    "article_id": value.citation.article_id,
                    "outlet": value.citation.outlet,
                    "text": value.citation.text,
                    "start": value.citation.span.start,
                    "end": value.citation.span.end,
                }


def position_rows(store: Store) -> Iterator[dict[str, Any]]:
    for position in store.positions():
        yield {
            "id": position.id,
            "actor": position.actor,
            "actor_name": position.actor_name,
            "kind": position.kind,
            "issues": list(position.issues),
            "date": position.date.isoformat() if position.date else None,
            "event_id": position.event_id,
            "stated_by": position.stated_by,
            "article_id": position.citation.article_id,
            "outlet": position.citation.outlet,
            "start": position.citation.span.start,
            "end": position.citation.span.end,
            "about": position.about,
        }


def source_rows(store: Store) -> Iterator[dict[str, Any]]:
    for profile in store.sources():
        yield {
            "outlet": profile.outlet,
            "articles": profile.articles,
            "compared": profile.compared,
            "agreed": profile.agreed,
            "contradicted": profile.contradicted,
            "agreement_rate": profile.agreement_rate,
            "conflicts": profile.conflicts,
            "flags": [f"{f.code}: {f.detail} ({f.article_id})" for f in profile.flags],
        }


def summary_rows(store: Store) -> Iterator[dict[str, Any]]:
    for summary in store.summaries():
        yield {
            "event_id": summary.event_id,
            "sentences": [s.text for s in summary.sentences],
            "articles": sorted({c.article_id for s in summary.sentences for c in s.citations}),
        }


def timeline_rows(store: Store) -> Iterator[dict[str, Any]]:
    """Each story's events in time order, each with the first sentence of its summary."""
    events = {e.id: e for e in store.events()}
    first = {s.event_id: s.sentences[0].text for s in store.summaries() if s.sentences}
    for story in store.stories():
        for position, event_id in enumerate(story.events, start=1):
            event = events[event_id]
            yield {
                "story_id": story.id,
                "position": position,
                "event_id": event_id,
                "date": event.date.isoformat() if event.date else None,
                "date_end": event.date_end.isoformat() if event.date_end else None,
                "type": event.type,
                "title": event.title,
                "summary": first.get(event_id),
                "articles": event.articles,
            }


COMPARE_ROWS = {
    Kind.CONFLICTS: conflict_rows,
    Kind.AGREEMENTS: agreement_rows,
    Kind.CLAIMS: claim_rows,
    Kind.POSITIONS: position_rows,
    Kind.SOURCES: source_rows,
    Kind.SUMMARIES: summary_rows,
    Kind.TIMELINE: timeline_rows,
    Kind.QUOTES: quote_rows,
}


def write(store: Store, kind: Kind, fmt: Format, out: IO[str] | IO[bytes]) -> int:
    """Write every row of ``kind`` to ``out`` (a binary stream for Parquet); returns the number of rows."""
    if fmt is Format.PLOVER:
        if kind is not Kind.EVENTS:
            raise ValueError("the PLOVER format holds events only: export events --format plover")

        count = 0
        for record in plover_records(store):
            out.write(json.dumps(record, ensure_ascii=False) + "\n")  # type: ignore[arg-type]
            count += 1
        return count
    if fmt is Format.PARQUET:
        return _write_parquet(list(rows(store, kind, fmt)), COLUMNS[kind], out)  # type: ignore[arg-type]
    count = 0
    if fmt is Format.JSONL:
        for row in rows(store, kind, fmt):
            out.write(json.dumps(row, ensure_ascii=False) + "\n")  # type: ignore[arg-type]
            count += 1
    else:
        writer = csv.DictWriter(out, fieldnames=COLUMNS[kind], extrasaction="ignore")  # type: ignore[arg-type]
        writer.writeheader()
        for row in rows(store, kind, fmt):
            writer.writerow(row)
            count += 1
    return count


def _write_parquet(records: list[dict[str, Any]], columns: list[str], out: IO[bytes]) -> int:
    """One Parquet file: lists of plain values stay lists; nested objects become JSON text (their keys vary by row,
    which a columnar schema cannot hold)."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    names = list(dict.fromkeys([*columns, *(k for r in records for k in r)]))
    table = pa.table({name: pa.array(_parquet_column([r.get(name) for r in records])) for name in names})
    pq.write_table(table, out)
    return len(records)


def _parquet_column(values: list[Any]) -> list[Any]:
    """A column Parquet can type: nested objects (anywhere in the column) as JSON text, lists of plain values as
    lists of text."""
    if any(isinstance(v, dict) or (isinstance(v, list) and any(isinstance(x, (dict, list)) for x in v)) for v in values):
        return [None if v is None else json.dumps(v, ensure_ascii=False) for v in values]
    if any(isinstance(v, list) for v in values):
        return [None if v is None else [x if isinstance(x, str) or x is None else str(x) for x in v] for v in values]
    return values
