"""``storyline_claims_v1``: (being built)."""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc


@Language.factory("storyline_claims_v1", assigns=["doc._.claims"])
def make_claims(nlp: Language, name: str) -> "Component":
    return Component()


class Component:
    def __call__(self, doc: Doc) -> Doc:
        return doc
