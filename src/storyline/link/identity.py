"""One identity per actor across the corpus.

Inside an article, annotate already made "Putin" and "Vladimir Putin" one Actor. Across articles, the same
person can still carry different local ids: "Mike Waltz" here and "Michael Waltz" there, or a bare
"Peskov" where an article never gives the first name. People are grouped by the folded surname; inside a
group, full names whose first names agree are one person unless their countries disagree, and a bare surname
joins the group's most-mentioned full name. Countries and organisations have corpus-wide ids already.

The result depends only on the set of annotations (groups are sorted, ties broken by name), never on order.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Protocol

from storyline.annotate import actor_lexicon, first_names_agree, slug, word_key
from storyline.model import Actor, ActorKind, Role


@dataclass
class _Person:
    first: str | None
    names: Counter[str] = field(default_factory=Counter)
    countries: Counter[str] = field(default_factory=Counter)
    members: list[tuple[str, Actor]] = field(default_factory=list)  # (article id, local actor)

    @property
    def full_name(self) -> str:
        full = [(n, c) for n, c in self.names.items() if len(n.split()) > 1] or list(self.names.items())
        return sorted(full, key=lambda item: (-item[1], -len(item[0]), item[0]))[0][0]


@dataclass
class Identities:
    """Local (article, actor id) -> corpus-wide id, and the corpus-wide Actor records."""

    local: dict[tuple[str, str], str]
    actors: dict[str, Actor]

    def of(self, article_id: str, actor_id: str) -> str:
        """The corpus-wide id of an article's actor; phrases that are no actor stay as they are."""
        return self.local.get((article_id, actor_id), actor_id)


class ArticleActors(Protocol):
    """An article's actors: an Annotation, or the link stage's ArticleFacts."""

    @property
    def article_id(self) -> str: ...

    @property
    def actors(self) -> Sequence[Actor]: ...


def resolve_identities(annotations: Iterable[ArticleActors]) -> Identities:
    people: dict[str, list[tuple[str, Actor]]] = defaultdict(list)
    others: dict[str, list[tuple[str, Actor]]] = defaultdict(list)
    ordered = sorted(annotations, key=lambda a: a.article_id)
    prefixes = _short_names(ordered)
    for annotation in ordered:
        for actor in annotation.actors:
            if actor.kind is ActorKind.PERSON and actor.name.split():
                people[_surname_key(actor.name, prefixes)].append((annotation.article_id, actor))
            else:
                others[actor.id].append((annotation.article_id, actor))
    local: dict[tuple[str, str], str] = {}
    merged: dict[str, Actor] = {}
    for ident, members in sorted(others.items()):
        merged[ident] = _merge(ident, members)
        local.update({(article, actor.id): ident for article, actor in members})
    for surname in sorted(people):
        for person in _group(people[surname]):
            ident = f"person:{slug(person.full_name)}"
            if ident in merged:  # two people with one name but different countries: keep them apart
                ident = f"{ident}-{(person.countries.most_common(1) or [('x', 0)])[0][0].lower()}"
            merged[ident] = _merge(ident, person.members, name=person.full_name)
            local.update({(article, actor.id): ident for article, actor in person.members})
    return Identities(local=local, actors=merged)


def _short_names(annotations: list[ArticleActors]) -> frozenset[tuple[str, ...]]:
    """Every person's full name (two words or more) as word keys."""
    return frozenset(
        tuple(word_key(w) for w in actor.name.split())
        for annotation in annotations
        for actor in annotation.actors
        if actor.kind is ActorKind.PERSON and len(actor.name.split()) > 1
    )


def _surname_key(name: str, short_names: frozenset[tuple[str, ...]]) -> str:
    """The key people are grouped by: the last word of a name, or of the shortest other full name it starts with
    ("Rosa Quispe Alarcón" is the "Rosa Quispe" of other reports: Spanish names carry two surnames, and middle
    names come and go)."""
    words = tuple(word_key(w) for w in name.split())
    for n in range(2, len(words)):
        if words[:n] in short_names:
            return words[n - 1]
    return word_key(actor_lexicon().split_name(name.split())[0])  # "Xi Jinping" is a Xi


def _group(members: list[tuple[str, Actor]]) -> list[_Person]:
    """People sharing a surname: full names by first name and country, then bare surnames."""
    persons: list[_Person] = []
    full = [(a, x) for a, x in members if len(x.name.split()) > 1]
    bare = [(a, x) for a, x in members if len(x.name.split()) == 1]
    for article, actor in sorted(full, key=lambda m: (m[1].name, m[0])):
        first = actor.name.split()[0]
        home = next(
            (p for p in persons if p.first and first_names_agree(p.first, first) and _same_country(p, actor)), None
        )
        if home is None:
            home = _Person(first=first)
            persons.append(home)
        _join(home, article, actor)
    for article, actor in sorted(bare, key=lambda m: (m[1].name, m[0])):
        fitting = [p for p in persons if _same_country(p, actor)]
        home = max(fitting, key=lambda p: (sum(p.names.values()), p.full_name), default=None)
        if home is None:
            home = next((p for p in persons if p.first is None), None) or _Person(first=None)
            if home not in persons:
                persons.append(home)
        _join(home, article, actor)
    return persons


def _same_country(person: _Person, actor: Actor) -> bool:
    if not actor.country or not person.countries:
        return True
    return actor.country in person.countries


def _join(person: _Person, article: str, actor: Actor) -> None:
    person.names[actor.name] += 1
    for alias in actor.aliases:
        person.names[alias] += 0  # known, but not a vote for the display name
    if actor.country:
        person.countries[actor.country] += 1
    person.members.append((article, actor))


def _merge(ident: str, members: list[tuple[str, Actor]], name: str | None = None) -> Actor:
    """One Actor from its article-level records: every alias, every dated role, the most stated country."""
    first = members[0][1]
    countries = Counter(a.country for _, a in members if a.country)
    sectors = Counter(a.sector for _, a in members if a.sector)
    aliases = sorted({n for _, a in members for n in (a.name, *a.aliases)} - {name or first.name})
    roles: list[Role] = sorted(
        (r for _, a in members for r in a.roles), key=lambda r: (r.stated is None, r.stated, r.span.article_id)
    )
    return Actor(
        id=ident,
        name=name or first.name,
        kind=first.kind,
        country=_top(countries),
        sector=_top(sectors),
        aliases=aliases,
        roles=roles,
    )


def _top(counts: Counter[str]) -> str | None:
    return sorted(counts.items(), key=lambda item: (-item[1], item[0]))[0][0] if counts else None
