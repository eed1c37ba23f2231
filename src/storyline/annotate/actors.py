"""``storyline_actors_v1``: people, organisations and countries, one Actor per identity in the article.

Found from spaCy's entities and the actor lexicons (countries, organisations, role titles). Within an article
"Putin" is "Vladimir Putin" and "Zelenskyy" is "Zelensky" (``names``); titles in front of a name or in
apposition ("Kremlin spokesman Dmitry Peskov", "Dmitry Peskov, the Kremlin spokesman") become Roles with the
article's date, and give the person a country and a sector. A definite description of a title already seen
("the former president") is a mention of that person.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass, field

from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Token
from spacy.tokens import Span as SpacySpan

from storyline.annotate.actor_lexicon import ActorLexicon, CountryEntry, OrganisationEntry, actor_lexicon
from storyline.annotate.antecedents import SUBJECTS
from storyline.annotate.names import first_names_agree, rules, slug, word_key
from storyline.annotate.places import is_place
from storyline.annotate.spans import sentence_index, span_of
from storyline.model import Actor, ActorKind, EntityMention, Role

_POSSESSIVE = {"'s", "’s", "'", "’"}
_LOCATIVE = {"in", "at", "near", "from", "to", "into", "outside", "inside", "across", "around"}
_PLACE_PREPOSITIONS = {"in", "at", "near", "outside", "inside", "across", "around", "off"}
_NAME_LABELS = {"PERSON"}
_GROUP_LABELS = {"ORG", "GPE", "NORP", "LOC", "FAC"}


@Language.factory(
    "storyline_actors_v1",
    assigns=["doc._.actors", "doc._.mentions", "doc._.actor_tokens"],
    requires=["doc.ents", "token.dep"],
)
def make_actors(nlp: Language, name: str) -> ActorFinder:
    return ActorFinder(nlp)


@dataclass
class _Person:
    """A person being assembled: the name forms seen, and the roles stated."""

    surname: str  # key of the last name word
    first: str | None  # first name as written (None: surname only seen so far)
    names: list[str] = field(default_factory=list)
    roles: list[Role] = field(default_factory=list)

    @property
    def canonical(self) -> str:
        full = [n for n in self.names if len(n.split()) > 1]
        pool = full or self.names
        return max(pool, key=lambda n: (pool.count(n), -pool.index(n)))


class ActorFinder:
    """Works out every mention first (``match``), then writes the records (``set_annotations``)."""

    def __init__(self, nlp: Language) -> None:
        self.lexicon: ActorLexicon = actor_lexicon()
        self.matcher = PhraseMatcher(nlp.vocab, attr="ORTH")
        tokenizer = nlp.tokenizer
        self.matcher.add("COUNTRY", list(tokenizer.pipe(self.lexicon.countries)))
        self.matcher.add("ORG", list(tokenizer.pipe(self.lexicon.organisations)))

    def __call__(self, doc: Doc) -> Doc:
        self.set_annotations(doc, *self.match(doc))
        return doc

    # ---- finding ---------------------------------------------------------------------------------

    def match(self, doc: Doc) -> tuple[list[tuple[int, int, str, str]], dict[str, Actor]]:
        """Mentions as (start, end, actor id, text) and the actors they point to."""
        published = doc._.published
        actors: dict[str, Actor] = {}
        mentions: list[tuple[int, int, str, str]] = []
        taken = [False] * len(doc)

        # lexicon phrases: countries (names, demonyms, capitals, institutions) and organisations
        lexical = self._lexicon_matches(doc)
        # people: PERSON entities, minus any title words NER took in; a heading (title case, no end mark)
        # only names people the body names too, as NER takes its capitalised words for names
        headings = _heading_sentences(doc)
        sents = sentence_index(doc)
        people: list[tuple[int, int]] = []
        not_people: set[str] = set()
        outlet = _outlet_key(doc._.outlet)
        for ent in doc.ents:
            if ent.label_ in _NAME_LABELS:
                start, end = self._trim_name(ent)
                if end > start and (_a_thing(doc, start, end) or "".join(word_key(t.text) for t in doc[start:end]) == outlet):
                    not_people.add(word_key(doc[end - 1].text))
                elif end > start and not any(s <= start < e for s, e, *_ in lexical) and _name_like(doc[start:end]):
                    people.append((start, end))
            elif ent.label_ == "ORG" and len(ent) > 1 and self.lexicon.person(ent.text) is not None:
                # a full name the people list knows is a person, whatever the NER model read ("Rustem Umerov")
                if not any(s <= ent.start < e for s, e, *_ in lexical):
                    people.append((ent.start, ent.end))
        people += self._conjoined_names(doc, people, lexical)
        surname = {(s, e): word_key(doc[e - 1].text) for s, e in people}
        # a name only ever written as a place ("talks in Torshavn", "the waters around Jan Mayen") is a place
        placed = {surname[p] for p in people if _placed(doc[p[0] : p[1]].root)}
        unplaced = {surname[p] for p in people if not _placed(doc[p[0] : p[1]].root)}
        # ... but a name the text also gives in full ("Joe Biden", then "the Biden administration") is a person
        in_full = {surname[p] for p in people if p[1] - p[0] > 1}
        # a one-word name that is a known town and is written as a place ("came to Tórshavn") is a place, also where
        # it modifies a noun ("the Tórshavn talks"), unless the text treats it as someone: with a title ("President
        # Obama") or doing something ("Obama said"). A town's name alone is no evidence: George, Clinton, Toyota.
        acting = {surname[p] for p in people if self._acts(doc, *p)}
        located = {surname[p] for p in people if _locative(doc[p[0] : p[1]].root)}
        towns = {surname[p] for p in people if p[1] - p[0] == 1 and is_place(doc[p[0]].text)} & located - acting
        dropped = (not_people | (placed - unplaced) | towns) - in_full
        people = [p for p in people if surname[p] not in dropped]
        body_surnames = {word_key(doc[e - 1].text) for s, e in people if sents[s] not in headings}
        people = [(s, e) for s, e in people if sents[s] not in headings or word_key(doc[e - 1].text) in body_surnames]
        persons = self._people(doc, people)

        for start, end, entry in lexical:
            if any(taken[start:end]) or any(s < end and start < e for s, e in people):
                continue
            actor = self._lexical_actor(actors, entry)
            if actor is None or (isinstance(entry, CountryEntry) and entry.kind == "capital" and _locative(doc[start])):
                continue
            mentions.append((start, end, actor.id, doc[start:end].text))
            for i in range(start, end):
                taken[i] = True

        # the same for a town NER took for an organisation ("officials in Tromsø", "the Tromsø office")
        org_ents = [e for e in doc.ents if e.label_ == "ORG"]
        towns_as_orgs = {e.text for e in org_ents if _locative(e.root) and is_place(e.text)} - {
            e.text for e in org_ents if self._acts(doc, e.start, e.end)
        }
        for ent in doc.ents:  # organisations the lexicon does not know (in the body: headings are title case)
            if (
                ent.label_ == "ORG"
                and sents[ent.start] not in headings
                and not any(taken[ent.start : ent.end])
                and _name_like(ent)
                and not all(self._is_title_word(t) or t.lower_ in rules().title_modifiers for t in ent)
                and ent.text not in towns_as_orgs
            ):
                if word_key(ent[-1].text) in persons.by_surname:
                    continue  # a surname NER took for an organisation: handled with the people
                actor = actors.setdefault(
                    f"organisation:{slug(ent.text)}",
                    Actor(id=f"organisation:{slug(ent.text)}", name=ent.text, kind=ActorKind.ORGANISATION),
                )
                mentions.append((ent.start, ent.end, actor.id, ent.text))
                for i in range(ent.start, ent.end):
                    taken[i] = True

        person_mentions = list(persons.mentions(doc, taken))
        for start, end, person in person_mentions:
            for i in range(start, end):
                taken[i] = True
        country_at = {i: e.code for s, end, e in lexical if isinstance(e, CountryEntry) for i in range(s, end)}
        self._roles(doc, person_mentions, published, country_at)
        for start, end, person in list(person_mentions):
            mentions.append((start, end, persons.actor_id(person), doc[start:end].text))
        mentions.extend(self._descriptions(doc, persons, taken))
        for person in persons.all:
            actors[persons.actor_id(person)] = self._person_actor(persons.actor_id(person), person)
        mentions.sort()
        return mentions, actors

    def _lexicon_matches(self, doc: Doc) -> list[tuple[int, int, CountryEntry | OrganisationEntry]]:
        found: list[tuple[int, int, CountryEntry | OrganisationEntry]] = []
        for span in self.matcher(doc, as_spans=True):
            text = span.text
            entry = self.lexicon.countries.get(text) or self.lexicon.organisations.get(text)
            if entry is not None:
                found.append((span.start, span.end, entry))
        found.sort(key=lambda m: (m[0], -(m[1] - m[0])))
        kept: list[tuple[int, int, CountryEntry | OrganisationEntry]] = []
        end = -1
        for match in found:  # longest match at each place, no overlaps ("White House" over "White")
            if match[0] >= end:
                kept.append(match)
                end = match[1]
        return kept

    def _lexical_actor(self, actors: dict[str, Actor], entry: CountryEntry | OrganisationEntry) -> Actor | None:
        if isinstance(entry, CountryEntry):
            ident = f"country:{entry.code}"
            if ident not in actors:
                actors[ident] = Actor(
                    id=ident, name=self.lexicon.country_name(entry.code), kind=ActorKind.COUNTRY, country=entry.code
                )
            return actors[ident]
        ident = f"organisation:{entry.id}"
        if ident not in actors:
            actors[ident] = Actor(
                id=ident, name=entry.name, kind=ActorKind.ORGANISATION, country=entry.country, sector=entry.sector
            )
        return actors[ident]

    def _trim_name(self, ent: SpacySpan) -> tuple[int, int]:
        """The name proper: NER sometimes takes a title ("President Trump") or a possessive in, or leaves
        a first name out ("Dmitry [Peskov]")."""
        start, end = ent.start, ent.end
        doc = ent.doc
        while start > 0 and _first_name_like(doc[start - 1]) and not self._is_title_word(doc[start - 1]):
            if doc[start - 1].text in self.lexicon.countries or doc[start - 1].lower_ in rules().title_modifiers:
                break
            start -= 1
        while start < end and (self._is_title_word(doc[start]) or doc[start].lower_ in rules().title_modifiers):
            start += 1
        while end > start and (doc[end - 1].text in _POSSESSIVE or not doc[end - 1].text[:1].isalpha()):
            end -= 1
        particles = rules().particles
        stop = end
        while stop < len(doc) and doc[stop].text in particles:  # "Ursula von [der Leyen]"
            stop += 1
        if stop > end and stop < len(doc) and doc[stop].text[:1].isupper() and doc[stop].is_alpha:
            end = stop + 1
        elif end > start and doc[end - 1].text in particles:
            end -= 1
        return start, end

    def _conjoined_names(
        self, doc: Doc, people: list[tuple[int, int]], lexical: list[tuple[int, int, CountryEntry | OrganisationEntry]]
    ) -> list[tuple[int, int]]:
        """Names joined by "and" to a person's name that NER left out or took for a place ("the call between Torstein
        Aasland and Hildur Magnusdottir"): a proper-noun phrase in the same coordination is a person too."""
        inside = {i for s, e in people for i in range(s, e)} | {i for s, e, *_ in lexical for i in range(s, e)}
        found: list[tuple[int, int]] = []
        for start, end in people:
            root = doc[start:end].root
            partners = [c for c in root.children if c.dep_ == "conj"] + ([root.head] if root.dep_ == "conj" else [])
            for token in partners:
                if token.i in inside or token.pos_ != "PROPN" or not token.text[:1].isupper():
                    continue
                first = token.i
                while first > 0 and _first_name_like(doc[first - 1]) and doc[first - 1].head.i == token.i:
                    first -= 1
                if first < token.i and not any(i in inside for i in range(first, token.i + 1)):
                    found.append((first, token.i + 1))  # a full name: a lone capitalised word may be anything
                    inside.update(range(first, token.i + 1))
        return found

    def _acts(self, doc: Doc, start: int, end: int) -> bool:
        """The name is treated as someone: a title stands before it, or it is the subject of a verb."""
        return (start > 0 and self._is_title_word(doc[start - 1])) or doc[start:end].root.dep_ in SUBJECTS

    def _is_title_word(self, token: Token) -> bool:
        return token.lower_ in self.lexicon.title_words

    def _people(self, doc: Doc, spans: list[tuple[int, int]]) -> _People:
        """Group the name spans into persons: full names first, then surnames join the person they name."""
        people = _People()
        for start, end in sorted(spans, key=lambda s: -(s[1] - s[0])):
            people.add(doc[start:end])
        for start, end in spans:
            people.register(start, end, doc)
        return people

    def _roles(
        self, doc: Doc, mentions: list[tuple[int, int, _Person]], published: dt.date | None, country_at: dict[int, str]
    ) -> None:
        for start, end, person in mentions:
            for role_start, role_end in self._role_spans(doc, start, end, country_at):
                role = self._role(doc, role_start, role_end, published, country_at)
                if role is not None and all(r.title.casefold() != role.title.casefold() for r in person.roles):
                    person.roles.append(role)

    def _role_spans(self, doc: Doc, start: int, end: int, country_at: dict[int, str]) -> Iterator[tuple[int, int]]:
        """Title before the name ("Kremlin spokesman Dmitry Peskov") and title in apposition."""
        i = start
        modifiers = rules().title_modifiers
        while i > 0:
            prev = doc[i - 1]
            if "\n" in prev.text_with_ws or (prev.is_sent_end and prev.is_punct):
                break  # the parser sometimes ends a sentence inside "US President X": only marks and lines count
            if (
                self._is_title_word(prev)
                or prev.lower_ in modifiers
                or prev.i in country_at
                or prev.text in _POSSESSIVE
                or (prev.text in {"-", "."} and i - 2 >= 0 and doc[i - 2].i in country_at)
            ):
                i -= 1
                continue
            break
        while i < start and (doc[i].lower_ in {"the", "of"} or doc[i].pos_ == "PRON"):
            i += 1
        if i < start and any(self._is_title_word(t) for t in doc[i:start]):
            yield i, start
        head = doc[end - 1]
        for child in head.children:  # "Dmitry Peskov, the Kremlin spokesman,"
            if child.dep_ == "appos" and child.i >= end and self._is_title_word(child):
                left = child.left_edge.i
                while left < child.i and doc[left].pos_ in {"DET", "PRON"}:
                    left += 1
                right = child.i + 1
                for grand in child.rights:  # "advisor to Zelenskyy"
                    if grand.dep_ == "prep" and grand.right_edge.i - left < 8:
                        right = grand.right_edge.i + 1
                yield left, right
        if head.dep_ == "appos" and self._is_title_word(head.head) and head.head.i < start:  # "the spokesman, X"
            noun = head.head
            left = noun.left_edge.i
            while left < noun.i and doc[left].pos_ in {"DET", "PRON"}:
                left += 1
            yield left, noun.i + 1

    def _role(
        self, doc: Doc, start: int, end: int, published: dt.date | None, country_at: dict[int, str]
    ) -> Role | None:
        tokens = doc[start:end]
        title = self.lexicon.title_in(tokens)
        if title is None:
            return None
        former = any(t.lower_ in rules().former for t in tokens)
        # "U.S.", "Russian", "Kremlin", "Ukraine's", "United States"
        country = next((country_at[i] for i in range(start, end) if i in country_at), None)
        sector = "ELI" if former and title.sector == "GOV" else title.sector
        return Role(
            title=tokens.text,
            stated=published,
            span=span_of(doc, start, end),
            former=former,
            country=country,
            sector=sector or None,
        )

    def _descriptions(self, doc: Doc, persons: _People, taken: list[bool]) -> Iterator[tuple[int, int, str, str]]:
        """'The former president' refers to the last person seen whose roles carry that title."""
        seen: list[_Person] = []
        marks = {start: person for start, _, person in persons.positions}
        named = {i for start, end, _ in persons.positions for i in range(start, end)}
        for token in doc:
            if token.i in marks:
                seen.append(marks[token.i])
            if taken[token.i] or not self._is_title_word(token) or token.pos_ not in {"NOUN", "PROPN"}:
                continue
            if token.i + 1 < len(doc) and doc[token.i + 1].pos_ == "PROPN":
                continue  # a title before a name, not a description
            left = token.left_edge.i
            if doc[left].lower_ != "the" or any(i in named for i in range(left, token.i)):
                continue  # a country word may stand in it ("the Russian President"), a name may not
            former = any(t.lower_ in rules().former for t in doc[left : token.i])
            words = {t.lower_ for t in doc[left : token.i + 1] if t.lower_ not in rules().former and not t.is_punct}
            words.discard("the")
            for person in reversed(seen):  # every word of the description is in the title: "the Russian President"
                if any(words <= set(r.title.lower().split()) and r.former == former for r in person.roles):
                    yield left, token.i + 1, persons.actor_id(person), doc[left : token.i + 1].text
                    break

    def _person_actor(self, ident: str, person: _Person) -> Actor:
        roles = person.roles
        current = [r for r in roles if not r.former] or roles
        country = next((r.country for r in reversed(current) if r.country), None) or next(
            (r.country for r in roles if r.country), None
        )
        sector = next((r.sector for r in reversed(current) if r.sector), None)
        canonical = person.canonical
        if country is None or sector is None:  # the text does not say: what is known of a well-known person
            known = self.lexicon.person(canonical)
            if known is not None:
                country = country or known.country
                sector = sector or known.sector
        aliases = sorted({n for n in person.names if n != canonical})
        return Actor(
            id=ident,
            name=canonical,
            kind=ActorKind.PERSON,
            country=country,
            sector=sector,
            aliases=aliases,
            roles=list(roles),
        )

    # ---- writing ---------------------------------------------------------------------------------

    def set_annotations(self, doc: Doc, mentions: list[tuple[int, int, str, str]], actors: dict[str, Actor]) -> None:
        records = []
        tokens: dict[int, str] = {}
        for start, end, ident, text in mentions:
            records.append(EntityMention(actor_id=ident, text=text, span=span_of(doc, start, end)))
            for i in range(start, end):
                tokens[i] = ident
        doc._.actors = actors
        doc._.mentions = records
        doc._.actor_tokens = tokens


class _People:
    """The persons of one article, keyed by surname, and where each is named."""

    def __init__(self) -> None:
        self.by_surname: dict[str, list[_Person]] = {}
        self.positions: list[tuple[int, int, _Person]] = []
        self._ids: dict[int, str] = {}

    @property
    def all(self) -> list[_Person]:
        return [p for group in self.by_surname.values() for p in group]

    def add(self, span: SpacySpan) -> None:
        words = [t.text for t in span if t.text[:1].isalpha()]
        if not words:
            return
        family, first = actor_lexicon().split_name(words)
        surname = word_key(family)
        group = self.by_surname.setdefault(surname, [])
        if first is None:
            if not group:
                group.append(_Person(surname=surname, first=None))
            return
        for person in group:
            if person.first is None:
                person.first = first
                return
            if first_names_agree(person.first, first):
                return
        group.append(_Person(surname=surname, first=first))

    def register(self, start: int, end: int, doc: Doc) -> None:
        person = self.find(doc[start:end])
        if person is not None:
            person.names.append(doc[start:end].text)
            self.positions.append((start, end, person))

    def find(self, span: SpacySpan | Token) -> _Person | None:
        words = [t.text for t in (span if isinstance(span, SpacySpan) else [span]) if t.text[:1].isalpha()]
        if not words:
            return None
        family, given = actor_lexicon().split_name(words)
        group = self.by_surname.get(word_key(family))
        if not group:
            return None
        if given is not None:
            return next((p for p in group if p.first and first_names_agree(p.first, given)), group[0])
        if len(group) == 1:
            return group[0]
        start = span.start if isinstance(span, SpacySpan) else span.i
        before = [p for s, _, p in self.positions if s < start and p in group]
        return before[-1] if before else group[0]

    def mentions(self, doc: Doc, taken: list[bool]) -> Iterator[tuple[int, int, _Person]]:
        """Every naming of a known person: the entities, and surnames NER missed or mislabelled."""
        named = {s for s, _, _ in self.positions}
        covered = [False] * len(doc)
        for start, end, person in self.positions:
            if not any(taken[start:end]):
                for i in range(start, end):
                    covered[i] = True
                yield start, end, person
        for token in doc:
            if covered[token.i] or taken[token.i] or token.i in named or not token.text[:1].isupper():
                continue
            if token.pos_ not in {"DET", "ADP", "PRON", "AUX", "CCONJ", "PUNCT"}:  # the tagger often calls a name NOUN
                key = word_key(token.text)
                if key in self.by_surname and len(key) > 2:
                    person = self.find(token)
                    if person is not None:
                        person.names.append(token.text)
                        self.positions.append((token.i, token.i + 1, person))
                        yield token.i, token.i + 1, person

    def actor_id(self, person: _Person) -> str:
        key = id(person)
        if key not in self._ids:
            name = person.canonical
            self._ids[key] = f"person:{slug(name)}"
        return self._ids[key]


def _outlet_key(outlet: str | None) -> str | None:
    """The outlet's name as one folded word: "northwire.example" and "Lima Dispatch" -> "northwire", "limadispatch".
    A dateline's "(Northwire)" or "he told Northwire" is the outlet, though NER reads a person."""
    if not outlet:
        return None
    name = outlet.split(".")[0] if "." in outlet and " " not in outlet else outlet
    return "".join(word_key(word) for word in name.split()) or None


def _a_thing(doc: Doc, start: int, end: int) -> bool:
    """A name after "the" names a thing (a ship, a venue: "the Gullfaxi's captain"), not a person, unless it
    modifies a noun ("the Biden administration"). Titles between the article and a name ("the Prime Minister Jonas
    Berg") are trimmed off before this is asked."""
    return start > 0 and doc[start - 1].lower_ == "the" and doc[start:end].root.dep_ != "compound"


def _placed(token: Token) -> bool:
    """The object of a preposition of place: 'in', 'at', 'around' (not 'to' or 'from': "spoke to Putin")."""
    return token.dep_ == "pobj" and token.head.lower_ in _PLACE_PREPOSITIONS


def _locative(token: Token) -> bool:
    """A capital after 'in'/'at'/... is a place, not the government acting; so is each of "in Oslo and Bergen"."""
    while token.dep_ == "conj" and token.head is not token:
        token = token.head
    return token.dep_ == "pobj" and token.head.lower_ in _LOCATIVE


def _name_like(span: SpacySpan) -> bool:
    """Capitalised proper-noun words on one line: not a common noun NER took for a name."""
    text = span.text.strip()
    if len(text) < 2 or not text[:1].isupper() or "\n" in text:
        return False
    return any(t.pos_ == "PROPN" for t in span) and span[-1].pos_ in {"PROPN", "NOUN", "X"}


def _first_name_like(token: Token) -> bool:
    """A capitalised proper noun joined to the name that follows it."""
    return token.pos_ == "PROPN" and token.dep_ == "compound" and token.text[:1].isupper() and token.is_alpha


_END_MARKS = {".", "!", "?", ":", ";", "”", '"', "’", "'", ")", "…"}


def _heading_sentences(doc: Doc) -> set[int]:
    """Sentences that are headings or labels: a line with no end mark."""
    headings = set()
    for number, sent in enumerate(doc.sents):
        words = [t for t in sent if not t.is_space]
        if words and words[-1].text not in _END_MARKS and "\n" in (sent[-1].text_with_ws + sent[-1].text):
            headings.add(number)
        elif words and words[-1].text not in _END_MARKS and sent.end == len(doc):
            headings.add(number)
    return headings
