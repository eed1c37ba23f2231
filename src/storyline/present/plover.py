"""Events as PLOVER JSON records (the PLOVER manual's JSON fields), one per event, for event-data tools.

``actor`` and ``recipient`` are entity objects (raw text as an article wrote it, the corpus-wide name and id,
country and sector) counted over the main mentions of every article that reports the event; ``event``, ``mode``
and ``context`` are lists as the manual allows; ``text`` is the main mention's sentence in the earliest article,
and ``citation`` lists every reporting article with its URL and outlet.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterator
from typing import Any

from storyline.link import resolve_identities
from storyline.store import Store

CODER = "storyline"


def plover_records(store: Store) -> Iterator[dict[str, Any]]:
    articles = {a.id: a for a in store.articles()}
    annotations = {a.article_id: a for a in store.annotations()}
    identities = resolve_identities(annotations.values())
    today = dt.date.today().isoformat()
    for event in store.events():
        actors: Counter[str] = Counter()
        recipients: Counter[str] = Counter()
        raw: dict[str, str] = {}
        texts: list[str] = []
        sentence: str | None = None
        for ref in event.mentions:
            if ref.role != "main" or ref.article_id not in annotations:
                continue
            annotation = annotations[ref.article_id]
            mention = next((m for m in annotation.events if m.id == ref.mention_id), None)
            if mention is None:
                continue
            local = {a.id: a for a in annotation.actors}
            for side, counter in ((mention.actors, actors), (mention.targets, recipients)):
                for participant in side:
                    ident = identities.of(ref.article_id, participant)
                    if ident in identities.actors:
                        counter[ident] += 1
                        raw.setdefault(ident, local[participant].name if participant in local else participant)
            texts.append(mention.trigger)
            if sentence is None and mention.span.sentence is not None and mention.span.sentence < len(annotation.sentences):
                start, end = annotation.sentences[mention.span.sentence]
                sentence = articles[ref.article_id].text[start:end].strip()
        day = event.date or event.date_end
        yield {
            "id": event.id,
            "has_event": event.type is not None,
            "date": day.isoformat() if day else None,
            "enddate": event.date_end.isoformat() if event.date_end and event.date else None,
            "actor": [_entity(i, raw, identities) for i, _ in _ranked(actors)],
            "recipient": [_entity(i, raw, identities) for i, _ in _ranked(recipients) if i not in actors],
            "event": [event.type] if event.type else [],
            "mode": [event.mode] if event.mode else [],
            "context": [],
            "event_loc": {"name": event.place} if event.place else None,
            "event_text": sorted(set(texts)),
            "text": sentence,
            "citation": [
                {"article_id": a, "url": articles[a].url, "outlet": articles[a].outlet, "title": articles[a].title,
                 "published": articles[a].published.value.isoformat() if articles[a].published.value else None}
                for a in event.articles if a in articles
            ],
            "story_id": event.story_id,
            "coder": CODER,
            "coded_date": today,
        }


def _ranked(counts: Counter[str]) -> list[tuple[str, int]]:
    return sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))


def _entity(ident: str, raw: dict[str, str], identities: Any) -> dict[str, Any]:
    actor = identities.actors[ident]
    return {
        "raw_text": raw.get(ident, actor.name),
        "entity_name": actor.name,
        "identifier_id": actor.id,
        "country_name": actor.country,
        "sector_code": actor.sector,
        "other_sector_codes": "",
    }
