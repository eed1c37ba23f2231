"""``storyline_claims_v1``: checkable statements: quantities, roles, and event dates.

Quantities ("nearly 90 minutes", "a 30-day ceasefire", "175 prisoners") come from
:mod:`storyline.annotate.quantities`; this module says what each is *about*, so
that ``compare`` can set "90 minutes" against "nearly three hours" for the same call.

Who a quantity is about, first rule that holds:

0. a stretch of time "of" a noun ("after three days of talks", "ten years of it") measures that noun;
1. it modifies a noun ("a two-hour call", "a proposed 30-day ceasefire"): that noun's
   event (the noun or one of its modifiers is an event trigger), else the noun itself
   as a "thing": the quantity is a property of that noun, never of the sentence's other events;
2. walking up the parse from the unit, at each step: a noun that a clause on the way describes
   ("the conversation, which lasted nearly 90 minutes") is the subject as in rule 1; else a
   trigger that is the subject of the token ("the call took place, lasting over two hours"),
   the token itself, or, coming up from a coordinated clause, its direct object ("initiated
   the call, and it extended beyond two hours");
3. the nearest event trigger in the same sentence;
4. an actor that is the subject of a verb on the way up;
5. the head noun of the phrase (or the clause's subject) as a "thing".
"""

from __future__ import annotations

import logging
import tomllib
from collections.abc import Iterator, Mapping
from functools import lru_cache
from importlib import resources

from spacy.language import Language
from spacy.tokens import Doc, Token

from storyline.annotate.quantities import QuantityMention, Scanner
from storyline.annotate.quantities import lexicon as quantities_lexicon
from storyline.annotate.spans import sentence_index, span_of
from storyline.model import Claim, ClaimKind, TimePrecision

log = logging.getLogger(__name__)

EVENT, ACTOR, THING = "event", "actor", "thing"
MODIFIER_DEPS = frozenset({"compound", "amod", "nmod", "nummod", "npadvmod"})  # "two-hour" -> "call"
SUBJECT_DEPS = frozenset({"nsubj", "nsubjpass"})
OBJECT_DEPS = frozenset({"dobj"})  # "initiated the call, and it extended well beyond two hours"
CLAUSE_MODIFIER_DEPS = frozenset({"relcl", "acl"})  # a clause describing the noun it hangs from
NOUNS = frozenset({"NOUN", "PROPN"})
TIME_ATTRIBUTES = frozenset({"duration", "length"})
MAX_HOPS = 8  # parse depth walked up from a quantity: sentences are rarely deeper
DATE_HOPS = 4  # from a time expression to the trigger it dates: "call" <- "on" <- "Wednesday"
# The preposition a day hangs from says what it is of the event: None bounds the event without dating it.
DATE_ATTRIBUTES: dict[str, str | None] = {
    "from": "start", "until": "end", "till": "end", "through": "end", "since": None, "before": None,
    "after": None, "by": None,
}


class Subjects:
    """Finds what a quantity is about, from the event and actor indexes the earlier components wrote."""

    def __init__(self, doc: Doc) -> None:
        self.doc = doc
        self.events: Mapping[int, str] = doc._.event_tokens or {}
        self.actors: Mapping[int, str] = doc._.actor_tokens or {}

    def of(self, mention: QuantityMention) -> tuple[str, str]:
        """(subject, subject_kind) of a quantity."""
        head = self.doc[mention.head]
        measured = self._measured_noun(head, mention)
        if measured is not None:
            return self._noun_subject(measured)
        noun = self._modified_noun(head, mention)
        if noun is not None:
            return self._noun_subject(noun)
        path = self._path_up(head)
        for below, token in zip([None, *path], path):
            if below is not None and below.dep_ in CLAUSE_MODIFIER_DEPS and token.pos_ in NOUNS:
                return self._noun_subject(token)  # "the conversation, which lasted nearly 90 minutes"
            found = self._event_on_path(token, objects=below is not None and below.dep_ == "conj")
            if found is not None:
                return found, EVENT
        nearest = self._nearest_trigger(head) if mention.attribute not in TIME_ATTRIBUTES else None
        if nearest is not None:  # a count near a trigger is mostly its count; a time near one is as often another's
            return self.events[nearest], EVENT
        for token in path:
            for child in token.children:
                if child.dep_ in SUBJECT_DEPS and child.i in self.actors:
                    return self.actors[child.i], ACTOR
        return self._thing(head, path, mention), THING

    def context(self, mention: QuantityMention) -> str | None:
        """The event a claim about a thing was stated within: the first trigger up the parse
        ("the call focused on a proposed 30-day ceasefire"); None when no trigger governs it."""
        head = self.doc[mention.head]
        for token in self._path_up(head)[1:]:
            if token.i in self.events:
                return self.events[token.i]
        return None

    def _measured_noun(self, head: Token, mention: QuantityMention) -> Token | None:
        """"three days of talks": the noun a duration or length is "of" (not "52 of the detainees": a count)."""
        if mention.attribute not in TIME_ATTRIBUTES:
            return None
        for prep in head.children:
            if prep.dep_ == "prep" and prep.lower_ == "of":
                objects = [c for c in prep.children if c.dep_ == "pobj"]
                if objects:
                    return objects[0]  # a pronoun ("ten years of it") is a thing too: never the sentence's event
        return None

    def _modified_noun(self, head: Token, mention: QuantityMention) -> Token | None:
        outer = head.head
        if head.dep_ in MODIFIER_DEPS and outer.pos_ in NOUNS and not mention.start <= outer.i < mention.end:
            return outer
        return None

    def _noun_subject(self, noun: Token) -> tuple[str, str]:
        """A quantity describing a noun is about that noun: its event when it is (or carries) a trigger."""
        trigger = self._trigger_at(noun)
        return (self.events[trigger], EVENT) if trigger is not None else (noun.lemma_.lower(), THING)

    def _trigger_at(self, noun: Token) -> int | None:
        """The noun itself, or a modifier of it ("proposed" in "a proposed 30-day ceasefire"), as a trigger."""
        if noun.i in self.events:
            return noun.i
        return next((c.i for c in noun.children if c.dep_ in MODIFIER_DEPS and c.i in self.events), None)

    def _path_up(self, token: Token) -> list[Token]:
        path = [token]
        while token.head.i != token.i and len(path) < MAX_HOPS:
            token = token.head
            path.append(token)
        return path

    def _event_on_path(self, token: Token, objects: bool) -> str | None:
        """A trigger among the token's subjects, the token itself, or (``objects``) its objects, in that order.

        The subject comes first because the verbs a quantity hangs from are mostly light
        ("the call took place, lasting over two hours"): the event is what took place. Objects
        count only for a clause coordinated from below, whose own subject is then mostly a
        pronoun for them ("initiated the call, and it extended beyond two hours").
        """
        children = list(token.children)
        subject = next((c.i for c in children if c.dep_ in SUBJECT_DEPS and c.i in self.events), None)
        if subject is not None:
            return self.events[subject]
        if token.i in self.events:
            return self.events[token.i]
        if objects:
            obj = next((c.i for c in children if c.dep_ in OBJECT_DEPS and c.i in self.events), None)
            if obj is not None:
                return self.events[obj]
        return None

    def _nearest_trigger(self, token: Token) -> int | None:
        if not self.events:
            return None
        sentences = sentence_index(self.doc)
        same = [i for i in self.events if sentences[i] == sentences[token.i]]
        return min(same, key=lambda i: abs(i - token.i)) if same else None

    def _thing(self, head: Token, path: list[Token], mention: QuantityMention) -> str:
        """The noun the quantity belongs to: the first noun up the parse, else the clause's subject, else the unit."""
        outside = lambda t: not mention.start <= t.i < mention.end  # noqa: E731
        for token in path[1:]:
            if token.pos_ in NOUNS and outside(token):
                return token.lemma_.lower()
            subjects = (c for c in token.children if c.dep_ in SUBJECT_DEPS and c.pos_ in NOUNS and outside(c))
            subject = next(subjects, None)
            if subject is not None:
                return subject.lemma_.lower()
        return head.lemma_.lower()


def quantity_claims(doc: Doc, scanner: Scanner) -> Iterator[Claim]:
    """One Claim per quantity, tied to what it is about."""
    words = [t.lower_ for t in doc]
    subjects = Subjects(doc)
    for mention in scanner.find(doc, words, skip=doc._.time_tokens or {}):
        subject, kind = subjects.of(mention)
        event = subject if kind == EVENT else subjects.context(mention)
        yield Claim(
            subject=subject,
            subject_kind=kind,
            attribute=mention.attribute,
            kind=ClaimKind.QUANTITY,
            text=doc[mention.start : mention.end].text,
            span=span_of(doc, mention.start, mention.end),
            quantity=mention.quantity,
            event=event,
        )


def role_claims(doc: Doc) -> Iterator[Claim]:
    """Each role an article gives an actor ("former U.S. President") is a claim about that actor."""
    for actor in (doc._.actors or {}).values():
        for role in actor.roles:
            yield Claim(
                subject=actor.id,
                subject_kind=ACTOR,
                attribute="role",
                kind=ClaimKind.ROLE,
                text=role.title,
                span=role.span,
                value=role.title,
            )


def date_claims(doc: Doc) -> Iterator[Claim]:
    """An event's date: a time expression resolved to a day whose phrase hangs from the event's trigger.

    "the call on Wednesday", "met on Wednesday": walking up from the expression's root
    reaches the trigger within a few hops; a time elsewhere in the sentence dates nothing.
    A day an event runs "from" or "starting" is its ``start``, "until" its ``end``; "since", "before",
    "after" and "by" bound it without dating it.
    """
    events = doc._.event_tokens or {}
    times = doc._.times or []
    if not events or not times:
        return
    tokens_of: dict[int, list[int]] = {}
    for token, index in (doc._.time_tokens or {}).items():
        tokens_of.setdefault(index, []).append(token)
    for index, tokens in tokens_of.items():
        time = times[index]
        if time.value is None or time.precision is not TimePrecision.DAY:
            continue
        root = doc[min(tokens)]
        while root.head.i in tokens and root.head.i != root.i:
            root = root.head
        attribute = DATE_ATTRIBUTES.get(root.head.lower_, "date") if root.dep_ == "pobj" else "date"
        if root.dep_ in ("npadvmod", "pobj") and root.head.lower_ in ("starting", "beginning", "effective"):
            attribute = "start"
        if attribute is None:
            continue
        token = root
        for _ in range(DATE_HOPS):
            if token.i in events:
                yield Claim(
                    subject=events[token.i],
                    subject_kind=EVENT,
                    attribute=attribute,
                    kind=ClaimKind.DATE,
                    text=time.text,
                    span=time.span,
                    date=time.value,
                )
                break
            if token.head.i == token.i:
                break
            token = token.head


@lru_cache(maxsize=4)
def schedule_verbs(lexicon_name: str) -> dict[str, str]:
    """Verb (or verb + object) -> "start" or "end", from the lexicon's [schedule] table."""
    data = tomllib.loads(resources.files("storyline.data.annotate").joinpath(lexicon_name).read_text("utf-8"))
    return {phrase: which for which, phrases in data.get("schedule", {}).items() for phrase in phrases}


def schedule_claims(doc: Doc, verbs: Mapping[str, str]) -> Iterator[Claim]:
    """The day a thing starts or ends: "the moratorium begins on May 1" -> the moratorium's start."""
    times = doc._.times or []
    tokens_of: dict[int, list[int]] = {}
    for token, index in (doc._.time_tokens or {}).items():
        tokens_of.setdefault(index, []).append(token)
    events = doc._.event_tokens or {}
    for index, tokens in tokens_of.items():
        time = times[index]
        if time.value is None or time.precision is not TimePrecision.DAY:
            continue
        token = doc[min(tokens)]
        for _ in range(DATE_HOPS):
            if token.pos_ in ("VERB", "AUX") or token.head.i == token.i:
                break
            token = token.head
        objects = [c.lemma_.lower() for c in token.children if c.dep_ in ("dobj", "prep", "prt")]
        lemma = token.lemma_.lower()
        which = verbs.get(lemma) or next((verbs[f"{lemma} {o}"] for o in objects if f"{lemma} {o}" in verbs), None)
        subjects = [c for c in token.children if c.dep_ in SUBJECT_DEPS and c.pos_ in NOUNS]
        if which is None or not subjects:
            continue
        thing = subjects[0]
        subject, kind = (events[thing.i], EVENT) if thing.i in events else (thing.lemma_.lower(), THING)
        yield Claim(subject, kind, which, ClaimKind.DATE, time.text, time.span, date=time.value)


@Language.factory(
    "storyline_claims_v1",
    assigns=["doc._.claims"],
    requires=["doc._.time_tokens", "doc._.actors", "doc._.actor_tokens", "doc._.events", "doc._.event_tokens"],
    default_config={"lexicon": "quantities.toml", "roles": True, "dates": True},
)
def make_claims(nlp: Language, name: str, lexicon: str, roles: bool, dates: bool) -> Component:
    return Component(lexicon, roles=roles, dates=dates)


class Component:
    """Works out every claim of a doc, then writes them in one assignment."""

    def __init__(self, lexicon_name: str = "quantities.toml", roles: bool = True, dates: bool = True) -> None:
        self.scanner = Scanner(quantities_lexicon(lexicon_name))
        self.schedule = schedule_verbs(lexicon_name)
        self.roles, self.dates = roles, dates

    def __call__(self, doc: Doc) -> Doc:
        claims = list(quantity_claims(doc, self.scanner))
        if self.roles:
            claims += role_claims(doc)
        if self.dates:
            claims += date_claims(doc)
            claims += schedule_claims(doc, self.schedule)
        doc._.claims = claims
        log.debug("%s: %d claims", doc._.article_id, len(claims))
        return doc
