"""Who a speaker phrase that is no name stands for: "the company", "the Chinese president", "a statement from
SpaceX", "it".

A document speaks for whoever issued it, named in the phrase ("a statement from SpaceX", "the Chinese readout");
an organisation's common noun for the organisation it names or the article last named ("the company"); a person's
description for the one person the article gives that title ("The Chinese President" -> Xi Jinping), or, named by
no one, the description itself; "it" for the organisation or country last named. Any other noun is a thing ("the
call", "the truce"): it never speaks (``speakers.toml`` lists the words).
"""

from __future__ import annotations

import tomllib
from bisect import bisect_left
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from spacy.tokens import Doc, Token

from storyline.annotate.actor_lexicon import actor_lexicon
from storyline.model import Actor, ActorKind

_ISSUER_PREPOSITIONS = frozenset({"from", "of", "by"})
_BODIES = (ActorKind.ORGANISATION, ActorKind.COUNTRY)


@dataclass(frozen=True)
class SpeakerWords:
    documents: frozenset[str]
    organisations: frozenset[str]
    people: frozenset[str]
    it: frozenset[str]


@lru_cache(maxsize=1)
def speaker_words() -> SpeakerWords:
    data = tomllib.loads(resources.files("storyline.data.annotate").joinpath("speakers.toml").read_text("utf-8"))
    return SpeakerWords(*(frozenset(data[k]) for k in ("documents", "organisations", "people", "it")))


@dataclass(frozen=True)
class Found:
    actor_id: str | None  # None: a person's description no name of the article matches
    name: str
    start: int
    end: int
    source: str | None = None  # "pronoun" for "it"


class Described:
    """The actors of one doc in the order it names them (outside quotes), to resolve descriptions against."""

    def __init__(self, doc: Doc, inside: Callable[[Token], bool]) -> None:
        self.doc = doc
        self.actors: dict[str, Actor] = doc._.actors or {}
        tokens: dict[int, str] = doc._.actor_tokens or {}
        self.tokens = tokens
        named = [(i, ident) for i, ident in sorted(tokens.items()) if ident in self.actors and not inside(doc[i])]
        self.positions = [i for i, _ in named]
        self.ids = [ident for _, ident in named]
        self.words = speaker_words()
        self.titles = actor_lexicon().title_words

    def speaker(self, subject: Token) -> Found | None:
        word = subject.lower_
        if word in self.words.it:
            ident = self._last(subject.i, _BODIES)
            return self._found(ident, subject, "pronoun") if ident else None
        if subject.pos_ in {"PRON", "DET"}:
            return None
        lemma = subject.lemma_.lower()
        if word in self.words.documents or lemma in self.words.documents:
            ident = self._issuer(subject)
            return self._found(ident, subject) if ident else None
        if word in self.words.organisations or lemma in self.words.organisations:
            ident = (
                self._named_in(subject, _BODIES)
                or self._last(subject.i, (ActorKind.ORGANISATION,), noun=word)  # "the committee": a Committee
                or self._last(subject.i, (ActorKind.ORGANISATION,))
            )
            return self._found(ident, subject) if ident else None
        left = subject.left_edge.i
        phrase = Found(None, self.doc[left : subject.i + 1].text, left, subject.i + 1)
        if word in self.words.people or lemma in self.words.people or word in self.titles or lemma in self.titles:
            ident = self._titled(subject)
            return self._found(ident, subject) if ident else phrase
        if subject.pos_ == "PROPN" and subject.text[:1].isupper():
            return phrase  # a name the NER model missed ("Michael Sims"): a name, whoever it is
        return None

    # ---- the pieces --------------------------------------------------------------------------------------

    def _found(self, ident: str, subject: Token, source: str | None = None) -> Found:
        return Found(ident, self.actors[ident].name, subject.i, subject.i + 1, source)

    def _last(self, before: int, kinds: tuple[ActorKind, ...], noun: str | None = None) -> str | None:
        """The actor of these kinds the doc names last before this token (whose name holds ``noun``, if given)."""
        for n in range(bisect_left(self.positions, before) - 1, -1, -1):
            actor = self.actors[self.ids[n]]
            if actor.kind in kinds and (noun is None or noun in actor.name.lower().split()):
                return self.ids[n]
        return None

    def _named_in(self, subject: Token, kinds: tuple[ActorKind, ...]) -> str | None:
        """An actor the phrase itself names: "the Chinese government", "SpaceX's statement"."""
        for token in subject.subtree:
            ident = self.tokens.get(token.i)
            if token.i != subject.i and ident in self.actors and self.actors[ident].kind in (*kinds, ActorKind.PERSON):
                return ident
        return None

    def _by_name(self, text: str) -> str | None:
        """The doc's actor a word names though the tokenizer glued a full stop to it ("from SpaceX.")."""
        name = text.rstrip(".")
        return next((i for i, a in sorted(self.actors.items()) if name == a.name or name in a.aliases), None)

    def _issuer(self, subject: Token) -> str | None:
        """Who issued a document: named after 'from', 'of' or 'by', as a possessive or a modifier."""
        for child in subject.children:
            if child.dep_ == "prep" and child.lower_ in _ISSUER_PREPOSITIONS:
                for obj in child.children:
                    if obj.dep_ == "pobj":
                        return self._named_in(obj, _BODIES) or self.tokens.get(obj.i) or self._by_name(obj.text)
            if child.dep_ in {"poss", "amod", "compound", "nmod"} and child.i in self.tokens:
                return self.tokens[child.i]
        if subject.dep_ in {"dobj", "conj"}:  # "The Kremlin released a brief statement": who issued it
            verb = subject.head if subject.dep_ == "dobj" else subject.head.head
            for child in verb.children:
                if child.dep_ in {"nsubj", "nsubjpass"}:
                    ident = self.tokens.get(child.i) or self._named_in(child, _BODIES)
                    if ident in self.actors:
                        return ident
        return None

    def _titled(self, subject: Token) -> str | None:
        """The one person of the doc whose title holds the description's noun (of the country it names)."""
        country = None
        for token in subject.subtree:
            ident = self.tokens.get(token.i)
            if ident and ident in self.actors and self.actors[ident].kind is ActorKind.COUNTRY:
                country = ident.removeprefix("country:")
        noun = subject.lower_
        people = []
        for ident, actor in sorted(self.actors.items()):
            if actor.kind is not ActorKind.PERSON:
                continue
            titled = [r for r in actor.roles if noun in r.title.lower().split() and not r.former]
            if titled and (country is None or any((r.country or actor.country) == country for r in titled)):
                people.append(ident)
        if len(people) == 1:
            return people[0]
        if len(people) > 1 and country is not None:  # the one of them named last before the description
            for n in range(bisect_left(self.positions, subject.i) - 1, -1, -1):
                if self.ids[n] in people:
                    return self.ids[n]
        if len(people) > 1:  # "the president" of a report naming two: the one it is about, named most
            mentions = {ident: self.ids.count(ident) for ident in people}
            top = max(mentions.values())
            leaders = [ident for ident in people if mentions[ident] == top]
            return leaders[0] if len(leaders) == 1 else None
        return None
