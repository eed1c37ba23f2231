"""``storyline_quotes_v1``: (being built)."""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc


@Language.factory("storyline_quotes_v1", assigns=["doc._.quotes"])
def make_quotes(nlp: Language, name: str) -> "Component":
    return Component()


class Component:
    def __call__(self, doc: Doc) -> Doc:
        return doc
