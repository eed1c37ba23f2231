"""``storyline_events_v1``: (being built)."""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc


@Language.factory("storyline_events_v1", assigns=["doc._.events", "doc._.event_tokens"])
def make_events(nlp: Language, name: str) -> "Component":
    return Component()


class Component:
    def __call__(self, doc: Doc) -> Doc:
        return doc
