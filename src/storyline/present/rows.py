"""Flat records of what the store holds, for the API and the exports: who said what, and events as PLOVER JSON.

They are views like the pages, so they live with the present stage; ``storyline.export`` writes them out.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from storyline.link import resolve_identities
from storyline.present.plover import plover_records
from storyline.store import Store

__all__ = ["plover_records", "quote_rows"]


def quote_rows(store: Store) -> Iterator[dict[str, Any]]:
    """Who said what: every quote, its speaker as a corpus-wide actor when one is known."""
    annotations = list(store.annotations())
    identities = resolve_identities(annotations)
    links = store.links()
    outlets = {a.id: a.outlet for a in store.articles()}
    for annotation in annotations:
        for quote in annotation.quotes:
            yield {
                "article_id": annotation.article_id,
                "outlet": outlets.get(annotation.article_id),
                "event_id": links.get(annotation.article_id, (None, None))[0],
                "speaker_id": identities.of(annotation.article_id, quote.speaker_id) if quote.speaker_id else None,
                "speaker": quote.speaker,
                "kind": quote.kind.value,
                "cue": quote.cue,
                "text": quote.text,
                "start": quote.span.start,
                "end": quote.span.end,
                "speaker_source": quote.speaker_source,
            }
