"""``storyline_actors_v1``: (being built)."""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc


@Language.factory("storyline_actors_v1", assigns=["doc._.actors", "doc._.mentions", "doc._.actor_tokens"])
def make_actors(nlp: Language, name: str) -> "Component":
    return Component()


class Component:
    def __call__(self, doc: Doc) -> Doc:
        return doc
