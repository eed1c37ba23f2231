"""Who "he" and "she" are: the last named person before the pronoun, outside direct quotes, preferring the subject
of a recent sentence ("Quispe Alarcón met the families. She demanded that Chile ...").

Quote speakers ("..., she said") and event participants ("She demanded ...") resolve their pronouns the same way.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Callable

from spacy.tokens import Doc, Token

from storyline.annotate.spans import sentence_index

SUBJECTS = frozenset({"nsubj", "nsubjpass"})
# a subject this many sentences back still wins over a nearer non-subject mention
SUBJECT_REACH = 2


class People:
    """The person mentions of one doc in order, outside the spans ``inside`` rules out (quoted words)."""

    def __init__(self, doc: Doc, inside: Callable[[Token], bool]) -> None:
        self.doc = doc
        actor_tokens: dict[int, str] = doc._.actor_tokens or {}
        persons = [(t, ident) for t, ident in sorted(actor_tokens.items()) if ident.startswith("person:") and not inside(doc[t])]
        self.positions = [p for p, _ in persons]
        self.ids = [i for _, i in persons]

    def antecedent(self, pronoun: Token) -> str | None:
        """The person a pronoun names, or None when no person comes before it."""
        i = bisect_left(self.positions, pronoun.i) - 1
        if i < 0:
            return None
        sents = sentence_index(self.doc)
        here = sents[pronoun.i]
        j = i
        while j >= 0 and here - sents[self.positions[j]] <= SUBJECT_REACH:
            token = self.doc[self.positions[j]]
            if token.dep_ in SUBJECTS or token.head.dep_ in SUBJECTS and token.dep_ in {"compound", "appos"}:
                return self.ids[j]
            j -= 1
        return self.ids[i]
