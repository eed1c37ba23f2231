"""``storyline_times_v1``: (being built)."""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc


@Language.factory("storyline_times_v1", assigns=["doc._.times", "doc._.time_tokens"])
def make_times(nlp: Language, name: str) -> "Component":
    return Component()


class Component:
    def __call__(self, doc: Doc) -> Doc:
        return doc
