"""Who "he" and "she" are: the last named person before the pronoun, outside direct quotes, preferring the subject
of a recent sentence ("Quispe Alarcón met the families. She demanded that Chile ..."). A subject that is the same
pronoun carries its own antecedent on: in "Trump spoke with Xi. He said ... He wrote ...", every "he" is Trump,
though Xi is named nearer.

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
PRONOUN_SUBJECTS = frozenset({"he", "she"})


def _main_subject(token: Token) -> bool:
    """The subject (or a word of the subject's name) of a sentence's main clause, not of an aside ("Trump said he
    would visit, with Xi expected to come later": Trump)."""
    if token.dep_ in {"compound", "appos"} and token.head.dep_ in SUBJECTS:
        token = token.head
    if token.dep_ not in SUBJECTS:
        return False
    verb = token.head
    while verb.dep_ == "conj":
        verb = verb.head
    return verb.dep_ in {"ROOT", "ccomp", "parataxis"}


class People:
    """The person mentions of one doc in order, outside the spans ``inside`` rules out (quoted words)."""

    def __init__(self, doc: Doc, inside: Callable[[Token], bool]) -> None:
        self.doc = doc
        actor_tokens: dict[int, str] = doc._.actor_tokens or {}
        persons = [(t, ident) for t, ident in sorted(actor_tokens.items()) if ident.startswith("person:") and not inside(doc[t])]
        self.positions = [p for p, _ in persons]
        self.ids = [i for _, i in persons]
        self.pronouns = [t.i for t in doc if t.lower_ in PRONOUN_SUBJECTS and t.dep_ in SUBJECTS and not inside(t)]
        self._found: dict[int, str | None] = {}

    def antecedent(self, pronoun: Token) -> str | None:
        """The person a pronoun names, or None when no person comes before it."""
        if pronoun.i not in self._found:
            self._found[pronoun.i] = self._antecedent(pronoun)
        return self._found[pronoun.i]

    def _antecedent(self, pronoun: Token) -> str | None:
        i = bisect_left(self.positions, pronoun.i) - 1
        if i < 0:
            return None
        sents = sentence_index(self.doc)
        here = sents[pronoun.i]
        j, k = i, bisect_left(self.pronouns, pronoun.i) - 1
        while True:  # back through person mentions and subject pronouns, the nearest first
            person = self.positions[j] if j >= 0 else -1
            earlier = self.pronouns[k] if k >= 0 else -1
            at = max(person, earlier)
            if at < 0 or here - sents[at] > SUBJECT_REACH:
                return self.ids[i]
            if at == earlier:
                if self.doc[earlier].lower_ == pronoun.lower_:
                    return self.antecedent(self.doc[earlier])
                k -= 1
                continue
            if _main_subject(self.doc[person]):
                return self.ids[j]
            j -= 1
