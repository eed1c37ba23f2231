"""The actor lexicons, loaded once: country phrases, organisations, role titles and well-known people.

Data files (``data/annotate/countries.txt``, ``organisations.txt``, ``roles.txt``, ``office_holders.txt``) are
built by ``tools/build_actor_lexicons.py`` from PETRARCH2's dictionaries and the team's hand-curated additions.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache

from spacy.tokens import Token

from storyline.annotate.lexicon import tsv_rows
from storyline.annotate.names import rules, slug, word_key


@dataclass(frozen=True)
class CountryEntry:
    code: str  # ISO 3166 alpha-3
    kind: str  # name, demonym, capital, institution, canonical
    sector: str | None = None  # institutions: GOV for "Kremlin", MIL for "Pentagon"


@dataclass(frozen=True)
class OrganisationEntry:
    id: str
    name: str
    sector: str | None
    country: str | None


@dataclass(frozen=True)
class TitleEntry:
    title: str  # lower case, words separated by one space
    sector: str | None
    kind: str  # person or group


@dataclass(frozen=True)
class PersonEntry:
    name: str
    country: str | None
    sector: str | None


@dataclass(frozen=True)
class ActorLexicon:
    countries: dict[str, CountryEntry]  # phrase as written -> entry
    organisations: dict[str, OrganisationEntry]  # name or alias as written -> entry
    titles: dict[str, TitleEntry]  # title -> entry
    title_words: frozenset[str]  # every word of a person's title
    names: dict[str, str]  # code -> the country's usual name
    longest_title: int
    people: dict[str, PersonEntry]  # slug of a full name or alias -> entry
    surnames: dict[str, list[PersonEntry]]  # key of a last name -> entries of the team's list
    office_surnames: dict[str, list[PersonEntry]]  # key of a last name -> office holders (office_holders.txt)

    def split_name(self, words: Sequence[str]) -> tuple[str, str | None]:
        """(family name, first given name) of a name's words: the last word and the first, or the other way round
        for a person the list knows of a country that writes the family name first ("Xi Jinping", "Kim Jong Un")."""
        if len(words) > 1:
            entry = self.people.get(slug(" ".join(words)))
            if entry is not None and entry.country in rules().family_name_first:
                return words[0], words[1]
            return words[-1], words[0]
        return (words[0], None) if words else ("", None)

    def person(self, name: str) -> PersonEntry | None:
        """A well-known person by full name, or by a last name: one only of the team's list has it, else every
        office holder who has it is of one country ("President Mugabe"; two Bushes, one country)."""
        found = self.people.get(slug(name))
        if found is None and len(name.split()) == 1:
            key = word_key(name)
            candidates = self.surnames.get(key, [])
            if candidates:
                return candidates[0] if len(candidates) == 1 else None
            holders = self.office_surnames.get(key, [])
            if holders and len({h.country for h in holders}) == 1:
                sectors = {h.sector for h in holders}
                return PersonEntry(name, holders[0].country, sectors.pop() if len(sectors) == 1 else None)
        return found

    def country_name(self, code: str) -> str:
        return self.names.get(code, code)

    def title_in(self, tokens: Iterable[Token]) -> TitleEntry | None:
        """The longest title in ``tokens``, the rightmost when several are as long ("U.S. envoy")."""
        words = [t.lower_ for t in tokens]
        best: TitleEntry | None = None
        best_len = 0
        for i in range(len(words)):
            for n in range(min(self.longest_title, len(words) - i), 0, -1):
                entry = self.titles.get(" ".join(words[i : i + n]))
                if entry is not None:
                    if n >= best_len:
                        best, best_len = entry, n
                    break
        return best


@lru_cache(maxsize=1)
def actor_lexicon() -> ActorLexicon:
    countries: dict[str, CountryEntry] = {}
    names: dict[str, str] = {}
    candidates: dict[str, list[str]] = {}
    for row in tsv_rows("countries.txt"):
        code, kind, phrase = row[0], row[1], row[2]
        sector = row[3] if len(row) > 3 and row[3] else None
        if kind == "canonical":
            names[code] = phrase
            kind = "name"
        countries.setdefault(phrase, CountryEntry(code, kind, sector))
        if kind == "name":
            candidates.setdefault(code, []).append(phrase)
    for code, phrases in candidates.items():
        names.setdefault(code, _usual_name(phrases))
    organisations: dict[str, OrganisationEntry] = {}
    for row in tsv_rows("organisations.txt"):
        ident, name, sector, country = row[0], row[1], row[2] or None, row[3] or None
        entry = OrganisationEntry(ident, name, sector, country)
        for phrase in [name, *(a for a in (row[4].split("|") if len(row) > 4 else []) if a)]:
            organisations.setdefault(phrase, entry)
    titles: dict[str, TitleEntry] = {}
    for row in tsv_rows("roles.txt"):
        title = " ".join(row[0].lower().split())
        titles.setdefault(title, TitleEntry(title, row[1] or None, row[2] if len(row) > 2 else "person"))
    people: dict[str, PersonEntry] = {}
    surnames: dict[str, list[PersonEntry]] = {}
    for row in tsv_rows("people.txt"):
        person = PersonEntry(row[0], row[1] or None, row[2] or None)
        for name in [row[0], *(a for a in (row[3].split("|") if len(row) > 3 else []) if a)]:
            people.setdefault(slug(name), person)
        words = row[0].split()
        family = words[0] if person.country in rules().family_name_first and len(words) > 1 else words[-1]
        surnames.setdefault(word_key(family), []).append(person)
    office_surnames: dict[str, list[PersonEntry]] = {}
    for row in tsv_rows("office_holders.txt"):  # after the team's list: a name it knows keeps its entry
        person = PersonEntry(row[0], row[1] or None, row[2] or None)
        for name in [row[0], *(a for a in (row[3].split("|") if len(row) > 3 else []) if a)]:
            people.setdefault(slug(name), person)
        office_surnames.setdefault(word_key(row[0].split()[-1]), []).append(person)
    words = frozenset(w for t in titles.values() if t.kind == "person" for w in t.title.split() if len(w) > 2)
    return ActorLexicon(
        countries=countries,
        organisations=organisations,
        titles=titles,
        title_words=words - _FUNCTION_WORDS,
        names=names,
        longest_title=max((len(t.split()) for t in titles), default=1),
        people=people,
        surnames=surnames,
        office_surnames=office_surnames,
    )


_FUNCTION_WORDS = frozenset({"the", "of", "for", "and", "to", "in", "on"})


_FORMAL = re.compile(r"\b(of|the|Republic|Federation|Democratic|People|Kingdom|State|Commonwealth|Union)\b|[.']")


def _usual_name(phrases: list[str]) -> str:
    """The name news uses for a country: short and plain ("Germany", not "Federal Republic of Germany")."""
    plain = [p for p in phrases if not _FORMAL.search(p) and not p.isupper() and len(p.split()) <= 2]
    pool = plain or phrases
    return max(pool, key=lambda p: (len(p.split()) <= 2, len(p), p))
