"""``storyline code``: PLOVER-code single sentences with the same pipeline the articles go through.

Each sentence is annotated as a one-sentence Article by ``storyline.annotate.annotate``,
so the coder behind the CLI is the one the articles use. Actors are reported by name
(the Actor's name when the actors component resolved one, else the phrase).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

from storyline.annotate.pipeline import annotate
from storyline.config import Settings
from storyline.model import Annotation, Article, EventMention


def code_sentences(items: Iterable[tuple[str, str]], settings: Settings | None = None) -> Iterator[dict[str, Any]]:
    """For each (id, sentence): ``{"id", "events": [{"type", "mode", "actors", "targets", "trigger", "main",
    "actor_countries", "target_countries"}]}``, the sentence's main event first, ``[]`` when nothing codable
    happens."""
    pending: list[str] = []

    def articles() -> Iterator[Article]:
        for item_id, sentence in items:
            pending.append(item_id)
            yield Article(id=str(item_id), source=f"code:{item_id}", text=sentence)

    for annotation in annotate(articles(), settings):
        events = sorted(annotation.events, key=lambda e: not e.main)  # stable: the main event first, by its flag
        yield {"id": pending.pop(0), "events": [event_record(annotation, e) for e in events]}


def event_record(annotation: Annotation, event: EventMention) -> dict[str, Any]:
    """The contract's fields, plus ``main`` and the ISO 3166 alpha-3 countries the actors and targets belong to."""
    return {
        "type": event.type,
        "mode": event.mode,
        "actors": [_name(annotation, a) for a in event.actors],
        "targets": [_name(annotation, t) for t in event.targets],
        "trigger": event.trigger,
        "main": event.main,
        "actor_countries": _countries(annotation, event.actors),
        "target_countries": _countries(annotation, event.targets),
    }


def _name(annotation: Annotation, actor: str) -> str:
    found = annotation.actor(actor)
    return found.name if found is not None else actor


def _countries(annotation: Annotation, actors: list[str]) -> list[str]:
    found = (annotation.actor(a) for a in actors)
    return list(dict.fromkeys(a.country for a in found if a is not None and a.country))
