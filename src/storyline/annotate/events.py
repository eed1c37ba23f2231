"""``storyline_events_v1``: PLOVER event mentions, one sentence at a time.

The coder (``storyline.annotate.plover``) finds each sentence's events on the dependency
parse; this component turns them into ``EventMention`` records: actors and targets as
Actor ids where the actors component found one (else the phrase), the date from a time
expression attached to the trigger, the place from a GPE/LOC attached by "in"/"at".

``doc._.events`` lists the events sentence by sentence, each sentence's main event first
and marked ``main`` (consumers read the flag, not the order); ids ``e1, e2, ...`` number the
triggers in text order. ``doc._.event_tokens`` maps each trigger token to its event id.

Participants: a phrase whose head is no actor but which belongs to one ("the Russian side",
"Kremlin officials") is given that country's or organisation's id. A consultation between
"A and B" lists both as actors (the manual's reciprocal events); "A's call with B" and "a call
from A to B" name A the actor and B the recipient.
"""

from __future__ import annotations

import logging

from spacy.language import Language
from spacy.tokens import Doc, Token

from storyline.annotate.actor_lexicon import actor_lexicon
from storyline.annotate.antecedents import SUBJECTS, People
from storyline.annotate.places import is_place
from storyline.annotate.quotes import speech_verbs
from storyline.annotate.plover.coder import Coded, Coder, clause_words
from storyline.annotate.plover.participants import group_actors, owners
from storyline.annotate.plover.patterns import Lexicon, load_lexicon
from storyline.annotate.spans import sentence_index, span_of
from storyline.model import EventMention, TimeExpression, TimePrecision

log = logging.getLogger(__name__)

PLACE_PREPS = frozenset({"in", "at", "near", "outside", "inside"})
PLACE_LABELS = frozenset({"GPE", "LOC", "FAC"})
PHRASE_DEPS = frozenset({"compound", "amod", "poss", "nmod", "flat", "case"})
# subject pronouns that stand for a named person of the text
PERSON_PRONOUNS = frozenset({"he", "she"})
# "it" and "they" stand for a party only where it reports its own intention ("Hungary said it will support")
GROUP_PRONOUNS = frozenset({"it", "they"})


@Language.factory(
    "storyline_events_v1",
    default_config={},
    assigns=["doc._.events", "doc._.event_tokens"],
    requires=["token.dep", "token.lemma", "doc.sents"],
)
def make_events(nlp: Language, name: str) -> EventCoder:
    return EventCoder()


class EventCoder:
    """Codes every sentence (``match``), then writes the records (``set_annotations``)."""

    def __init__(self) -> None:
        self.lexicon = load_lexicon()
        self.coder = Coder(self.lexicon, actor_lexicon().title_words)

    def __call__(self, doc: Doc) -> Doc:
        self.set_annotations(doc, self.match(doc))
        return doc

    def match(self, doc: Doc) -> list[list[Coded]]:
        return [self.coder.code(sent) for sent in doc.sents]

    def set_annotations(self, doc: Doc, per_sentence: list[list[Coded]]) -> None:
        order = sorted(c.trigger.i for events in per_sentence for c in events)
        ids = {i: f"e{n}" for n, i in enumerate(order, start=1)}
        events: list[EventMention] = []
        people = people_outside_quotes(doc)
        for coded_events in per_sentence:
            events += [self.mention(doc, coded, ids[coded.trigger.i], people) for coded in coded_events]
        doc._.events = events
        doc._.event_tokens = {i: event_id for i, event_id in ids.items()}

    def mention(self, doc: Doc, coded: Coded, event_id: str, people: People) -> EventMention:
        trigger = coded.trigger
        particle = next((c for c in trigger.children if c.dep_ == "prt" and c.i == trigger.i + 1), None)
        end = (particle or trigger).i + 1
        time = time_of(doc, coded)
        actors = names(doc, coded.actors, people)
        targets = [n for n in names(doc, coded.targets, people, owned=True) if n not in actors]
        place = place_of(coded)
        mode = coded.mode
        if mode is None and place is None and remote(doc, coded, actors + targets, self.lexicon):
            mode = self.lexicon.remote_mode
        return EventMention(
            id=event_id,
            type=coded.type,
            trigger=doc[trigger.i : end].text,
            span=span_of(doc, trigger.i, end),
            mode=mode,
            actors=actors,
            targets=targets,
            date=time.value if time and time.precision is TimePrecision.DAY else None,  # 'in 2026' dates no event
            time_text=time.text if time else None,
            place=place,
            negated=coded.flags.negated,
            hypothetical=coded.flags.hypothetical,
            future=coded.flags.future,
            main=coded.main,
        )


def remote(doc: Doc, coded: Coded, participants: list[str], lexicon: Lexicon) -> bool:
    """A consultation "spoke with" / "a conversation with" between actors of different countries, with
    nothing placing it in person: a remote one (see [remote] in triggers.toml)."""
    if coded.type != "CONSULT" or coded.trigger.lemma_.lower() not in lexicon.remote_triggers:
        return False
    actors = doc._.actors or {}
    countries = {actors[p].country for p in participants if p in actors and actors[p].country}
    if len(countries) < 2:
        return False
    words = set().union(*(w for head in coded.chain or [coded.trigger] for w in clause_words(head)))
    return not words & lexicon.in_person


def names(doc: Doc, tokens: list[Token], people: People, owned: bool = False) -> list[str]:
    """Actor ids where the actors component found the token (or, for "he" and "she", the person it stands for),
    else, for targets (``owned``), the parties a thing belongs to ("a camp for Sudanese refugees"), else the
    phrase; no repeats."""
    actor_tokens = doc._.actor_tokens or {}
    out: list[str] = []
    for token in tokens:
        if token.i in actor_tokens:
            found = [actor_tokens[token.i]]
        elif token.lower_ in PERSON_PRONOUNS:
            found = [people.antecedent(token) or token.text]
        elif token.lower_ in GROUP_PRONOUNS and (reporter := reporting_subject(token)) is not None:
            found = [actor_tokens.get(reporter.i)] if reporter.i in actor_tokens else group_actors(reporter)
            found = found or [token.text]
        else:
            found = group_actors(token) or (owners(token) if owned else []) or [phrase(token)]
        out += [name for name in found if name and name not in out]
    return out


def people_outside_quotes(doc: Doc) -> People:
    """The doc's person mentions outside direct quotes: inside one, "he" is someone the speaker names."""
    quoted = [part for q in doc._.quotes or [] for part in q.verbatim()]
    return People(doc, lambda token: any(start <= token.idx < end for start, end in quoted))


def reporting_subject(pronoun: Token) -> Token | None:
    """The subject of the speech verb whose report a pronoun subject opens: "Hungary has said it will support",
    "the rebels announced they would release": a party reporting its own intention. None elsewhere."""
    if pronoun.dep_ not in SUBJECTS:
        return None
    clause = pronoun.head
    while clause.dep_ in ("xcomp", "conj") and clause.head is not clause:
        clause = clause.head
    if clause.dep_ != "ccomp" or clause.head.lemma_ not in speech_verbs().all:
        return None
    subject = next((c for c in clause.head.children if c.dep_ in SUBJECTS), None)
    return None if subject is None or subject.pos_ == "PRON" else subject


def phrase(token: Token) -> str:
    """The head noun with its compounds, adjectives and possessor ("Montenegro's prime minister")."""
    if token.pos_ == "PRON" or token.ent_type_:
        if token.ent_type_ and token.ent_iob_ != "O":
            ent = next((e for e in token.doc.ents if e.start <= token.i < e.end), None)
            if ent is not None:
                return ent.text
        return token.text
    indices = {token.i}
    for child in token.children:
        if child.dep_ in PHRASE_DEPS:
            indices |= {t.i for t in child.subtree}
    start, end = min(indices), max(indices) + 1
    return token.doc[start:end].text


def time_of(doc: Doc, coded: Coded) -> TimeExpression | None:
    """A time expression of the trigger's sentence attached to the trigger or its governing verbs."""
    times = doc._.times
    time_tokens = doc._.time_tokens
    if not times or not time_tokens:
        return None
    sentence = sentence_index(doc)[coded.trigger.i]
    for head in coded.chain or [coded.trigger]:
        for child in head.children:
            if child.dep_ in ("ccomp", "xcomp", "advcl", "relcl", "conj"):
                continue
            for token in child.subtree:
                index = time_tokens.get(token.i)
                if index is not None and index < len(times) and sentence_index(doc)[token.i] == sentence:
                    return times[index]
    return None


def place_of(coded: Coded) -> str | None:
    """A GPE/LOC/FAC entity attached to the trigger (or its governing verbs) by "in", "at", ..., or a known town
    there that the small model took for a person or an organisation ("met in Tórshavn")."""
    for head in coded.chain or [coded.trigger]:
        for prep in head.children:
            if prep.dep_ != "prep" or prep.lower_ not in PLACE_PREPS:
                continue
            for obj in prep.children:
                if obj.dep_ != "pobj" or not obj.ent_type_:
                    continue
                ent = next((e for e in obj.doc.ents if e.start <= obj.i < e.end), None)
                text = ent.text if ent is not None else obj.text
                if obj.ent_type_ in PLACE_LABELS or is_place(text):
                    return text
    return None
