"""Who did what to whom in one sentence: PLOVER triggers matched on the dependency parse.

A trigger is a verb (or event noun) whose lemma is in the lexicon and whose own clause
holds the pattern's required words. The main event is looked for along the main clause:
from the root, through reporting verbs ("X said ...") and governing verbs ("agreed to",
"refused to", "threatened to", "urged ... to"), which decide how the complement's event
is coded. Verbs the main clause does not use are coded as further events.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from spacy.tokens import Span, Token

from storyline.annotate.plover.flags import Flags, read_flags
from storyline.annotate.plover.patterns import HAND_WEIGHT, NONE, Lexicon, Pattern

# dependents that open a clause of their own: their words are not the trigger's words
CLAUSES = frozenset({"ccomp", "xcomp", "advcl", "relcl", "acl", "parataxis", "csubj", "csubjpass", "appos", "mark"})
SUBJECTS = frozenset({"nsubj", "nsubjpass", "csubj", "expl"})
OBJECTS = frozenset({"dobj", "dative", "obj", "iobj", "attr", "oprd"})
TARGET_PREPS = frozenset({"with", "to", "against", "on", "at", "into", "toward", "towards", "upon", "from", "between", "in"})
NOUN_ARGS = frozenset({"dobj", "nsubjpass", "nsubj", "attr", "pobj", "obj", "conj", "ROOT", "appos"})
VERB_POS = frozenset({"VERB", "AUX"})
NOUN_POS = frozenset({"NOUN", "PROPN"})
MAX_CLAUSE_WORDS = 60  # a clause longer than this is a parse gone wrong: stop reading it


@dataclass
class Coded:
    """One event found in a sentence, before it becomes an ``EventMention``."""

    type: str
    mode: str | None
    trigger: Token
    actors: list[Token] = field(default_factory=list)
    targets: list[Token] = field(default_factory=list)
    flags: Flags = field(default_factory=Flags)
    chain: list[Token] = field(default_factory=list)  # the trigger and the verbs governing it
    consumed: set[int] = field(default_factory=set)  # token indices this event's coding used
    main: bool = False


def clause_words(token: Token) -> tuple[set[str], set[str]]:
    """Lemmas and lower forms of ``token``'s own clause (its dependents, not nested clauses):
    the subject's words apart (an active subject, or a passive's agent), the rest together."""
    words: set[str] = set()
    subject: set[str] = set()
    stack = [(token, words)]
    seen = 0
    while stack and seen < MAX_CLAUSE_WORDS:
        current, into = stack.pop()
        seen += 1
        into.add(current.lemma_.lower())
        into.add(current.lower_)
        for child in current.children:
            if child.dep_ in CLAUSES or (child.dep_ == "conj" and child.pos_ in VERB_POS):
                continue
            stack.append((child, subject if current is token and child.dep_ in ("nsubj", "agent") else into))
    return words, subject


def is_verb(token: Token) -> bool:
    return token.pos_ in VERB_POS or (token.dep_ == "ROOT" and any(c.dep_ in SUBJECTS for c in token.children))


class Coder:
    """Codes sentences with one lexicon; cheap: a dict lookup per clause head."""

    def __init__(self, lexicon: Lexicon) -> None:
        self.lexicon = lexicon

    # -- single triggers -------------------------------------------------------------------------
    def match_verb(self, token: Token) -> Pattern | None:
        return self.lexicon.best(self.lexicon.verbs, token.lemma_.lower(), *clause_words(token))

    def match_noun(self, token: Token) -> Pattern | None:
        nouns = self.lexicon.nouns
        lemma = token.lemma_.lower()
        if lemma not in nouns and token.lower_ not in nouns:
            return None
        words, subject = clause_words(token)
        return self.lexicon.best(nouns, lemma, words, subject) or self.lexicon.best(nouns, token.lower_, words, subject)

    def own(self, verb: Token) -> Coded | None:
        """The verb's own event, or that of an event noun it takes as object ("held talks", "for talks")."""
        pattern = self.match_verb(verb) if is_verb(verb) else self.match_noun(verb)
        if pattern is not None and pattern.type != NONE and pattern.weight >= HAND_WEIGHT:
            return self._coded(pattern, verb)
        # a bare generated verb code ("organized", "speeded up") says less than its event-noun object
        noun = self.event_object(verb)
        if noun is not None:
            return noun
        if pattern is not None and pattern.type != NONE:
            return self._coded(pattern, verb)
        return None

    def event_object(self, verb: Token) -> Coded | None:
        for child in verb.children:
            candidates = []
            if child.dep_ in ("dobj", "obj", "nsubjpass", "attr", "dative") and child.pos_ in NOUN_POS:
                candidates = [child, *(c for c in child.children if c.dep_ == "compound")]
            elif child.dep_ == "prep" and child.lower_ == "for":
                candidates = [g for g in child.children if g.dep_ == "pobj" and g.pos_ in NOUN_POS]
            for noun in candidates:
                pattern = self.match_noun(noun)
                if pattern is not None and pattern.type != NONE:
                    coded = self._coded(pattern, noun)
                    coded.actors = subjects(verb)
                    coded.targets = coded.targets or [t for t in objects(verb) if t.i != noun.i]
                    coded.chain = [noun, verb]
                    return coded
        return None

    def _coded(self, pattern: Pattern, trigger: Token) -> Coded:
        mode = pattern.mode or self.lexicon.mode_for(pattern.type, set().union(*clause_words(trigger)))
        return Coded(pattern.type, mode, trigger, subjects(trigger), objects(trigger), chain=[trigger])

    # -- clauses ---------------------------------------------------------------------------------
    def clause(self, verb: Token, depth: int = 0) -> Coded | None:
        """The event a clause headed by ``verb`` states, its governing verbs resolved."""
        role, head = self.governor(verb)
        complement = self.complement(head, role) if role and depth < 4 else None
        inner = self.clause(complement, depth + 1) if complement is not None else None
        own = self.own(verb)
        coded = self.combine(role, head, inner, own, complement)
        if coded is None:  # "met and discussed": a coordinated verb carries the event
            for child in verb.children:
                if child.dep_ == "conj" and is_verb(child):
                    coded = self.clause(child, depth + 1)
                    if coded is not None:
                        if not coded.actors:
                            coded.actors = subjects(verb)
                        break
        if coded is not None:
            coded.consumed |= {verb.i} | ({complement.i} if complement is not None else set())
        return coded

    def complement(self, verb: Token, role: str) -> Token | None:
        """The clause a governing verb governs; a purpose clause ("to protest") only after "urge X"."""
        for child in verb.children:
            if child.dep_ in ("xcomp", "ccomp") and is_verb(child):
                return child
        if role == "request":
            for child in verb.children:
                if child.dep_ == "advcl" and is_verb(child) and _infinitive(child):
                    return child
        return None

    def governor(self, verb: Token) -> tuple[str | None, Token]:
        """The verb's role, or that of a predicate adjective ("is willing/ready/prepared to")."""
        role = self.lexicon.governors.get(verb.lemma_.lower())
        if verb.tag_ == "VBN" and any(c.dep_ in ("auxpass", "aux") and c.lemma_ == "be" for c in verb.children):
            role = self.lexicon.governors.get(verb.lower_, role)  # "is prepared to" is not "prepared to"
        if role is None:
            for child in verb.children:
                if child.dep_ == "acomp" and child.lower_ in self.lexicon.governors:
                    return self.lexicon.governors[child.lower_], child
        return role, verb

    def combine(self, role: str | None, verb: Token, inner: Coded | None, own: Coded | None, complement: Token | None) -> Coded | None:
        """How a governing verb and its complement's event make one event (roles: triggers.toml)."""
        lex = self.lexicon
        if role is None or complement is None:
            return own
        if role == "report" and _obliged(complement, lex):  # "said Libya must hand over ..."
            return Coded("REQUEST", None, verb, subjects(verb), objects(verb) or subjects(complement), chain=[verb])
        if role == "report" and own is not None and own.trigger.i != verb.i:
            return own  # "reiterated its demand that ...": the speech act names the event
        if role in ("report", "transparent", "future"):
            if inner is None:
                return own
            if not inner.actors:
                inner.actors = subjects(verb)
            inner.chain.append(verb)
            if role == "future":
                inner.flags.future = True
            if role == "transparent" and verb.lemma_.lower() in lex.flags["negating_verbs"]:
                inner.flags.negated = True
            return inner
        # the target: the governing verb's object ("urged Iran to ..."), else the complement's
        # subject ("demanded that Ukraine withdraw"), else whom the complement's event is done to
        targets = objects(verb) or subjects(complement) or (inner.targets if inner else objects(complement))
        governed = Coded("", None, verb, subjects(verb), targets, chain=[verb])
        if role == "agree":
            return replace(governed, type="AGREE")
        if role == "reject":
            return replace(governed, type="REJECT", mode=inner.mode if inner and inner.type in ("REQUEST",) else None)
        if role == "threaten":
            return replace(governed, type="THREATEN", mode=self.threat_mode(inner))
        if role == "promise":
            if inner is not None and inner.type in lex.conflict | {"THREATEN"}:
                return replace(governed, type="THREATEN", mode=self.threat_mode(inner))
            return replace(governed, type="AGREE")
        if role == "request":
            return replace(governed, type="REQUEST", mode=None)
        return own

    def threat_mode(self, inner: Coded | None) -> str | None:
        if inner is None:
            return None
        if inner.type == "THREATEN":
            return inner.mode
        modes = self.lexicon.threaten_modes
        return modes.get(f"{inner.type}.{inner.mode}") or modes.get(inner.type)

    # -- modality --------------------------------------------------------------------------------
    def settle(self, coded: Coded) -> Coded:
        """Flags from the chain, and the manual's recoding of promised or threatened actions."""
        lex = self.lexicon
        flags = read_flags(coded.chain, lex)
        coded.flags = Flags(
            negated=flags.negated or coded.flags.negated,
            hypothetical=flags.hypothetical or coded.flags.hypothetical,
            future=flags.future or coded.flags.future,
            conditional=flags.conditional,
        )
        ahead = coded.flags.future or coded.flags.hypothetical
        if not ahead or coded.flags.negated:
            return coded
        if coded.flags.conditional in lex.flags["threat_marks"] and coded.type not in lex.cooperative | {"AGREE", "THREATEN", "REQUEST"}:
            coded.mode = self.threat_mode(coded)  # "will withdraw ... unless": a threat
            coded.type = "THREATEN"
            return coded
        if coded.type in lex.conflict:
            coded.mode = self.threat_mode(coded)
            coded.type = "THREATEN"
        elif coded.type in lex.cooperative:
            coded.type, coded.mode = "AGREE", None
        elif coded.type == "RETREAT" and coded.flags.future:
            coded.type = lex.future_retreat
            coded.mode = None
        return coded

    # -- sentences -------------------------------------------------------------------------------
    def code(self, sent: Span) -> list[Coded]:
        """The sentence's events: the main one first, then the others in text order."""
        events: list[Coded] = []
        main = self.clause(sent.root)
        if main is None:
            main = self.fallback(sent)
        used: set[int] = set()
        if main is not None:
            main.main = True
            events.append(self.settle(main))
            used |= main.consumed | {t.i for t in main.chain} | {main.trigger.i}
        for token in sent:
            if token.i in used or token.dep_ not in ("conj", "advcl", "ccomp", "parataxis", "xcomp") or not is_verb(token):
                continue
            coded = self.clause(token)
            if coded is None or coded.trigger.i in used:
                continue
            if not coded.actors and token.dep_ in ("conj", "xcomp"):
                coded.actors = subjects(token.head)
            used |= coded.consumed | {t.i for t in coded.chain}
            events.append(self.settle(coded))
        return events

    def fallback(self, sent: Span) -> Coded | None:
        """No event on the main clause: the coded clause or event noun closest to the root."""
        candidates = sorted((t for t in sent if t.i != sent.root.i), key=lambda t: (_depth(t), t.i))
        for token in candidates:
            if is_verb(token):
                coded = self.clause(token, depth=1)
            elif token.pos_ in NOUN_POS and token.dep_ in NOUN_ARGS:
                pattern = self.match_noun(token)
                coded = self._coded(pattern, token) if pattern is not None and pattern.type != NONE else None
                if coded is not None and token.dep_ in ("dobj", "obj", "nsubj", "nsubjpass") and token.head.i != token.i:
                    coded.chain.append(token.head)  # "talks would continue": the verb carries the flags
                    if not coded.actors and token.dep_ in ("dobj", "obj"):
                        coded.actors = subjects(token.head)
            else:
                continue
            if coded is not None:
                return coded
        return None


# -- arguments -----------------------------------------------------------------------------------
def subjects(token: Token) -> list[Token]:
    """Who acts: the subject (the agent of a passive), or for an event noun its possessor or "by"/"between"."""
    found: list[Token] = []
    passive = any(c.dep_ in ("nsubjpass", "auxpass") for c in token.children)
    for child in token.children:
        if child.dep_ == "agent" or (child.dep_ == "prep" and child.lower_ == "by" and (passive or token.pos_ in NOUN_POS)):
            found += [g for g in child.children if g.dep_ == "pobj"]
        elif child.dep_ in ("nsubj", "csubj") or (child.dep_ == "poss" and token.pos_ in NOUN_POS):
            found.append(child)
        elif child.dep_ == "prep" and child.lower_ == "between" and token.pos_ in NOUN_POS:
            found += [g for g in child.children if g.dep_ == "pobj"]
        elif child.dep_ == "compound" and token.pos_ in NOUN_POS and child.ent_type_ in ("GPE", "PERSON", "ORG", "NORP"):
            found.append(child)
    if not found and token.dep_ in ("xcomp", "conj") and token.head.i != token.i and token.head.pos_ in VERB_POS:
        found = subjects(token.head) if token.dep_ == "xcomp" else []
    if not found and token.dep_ in ("acl",) and token.head.pos_ in NOUN_POS:
        found = [token.head]
    return _with_conjuncts(found)


def objects(token: Token) -> list[Token]:
    """Whom it is done to: the object, or the object of "with", "to", "against", "on"..."""
    found: list[Token] = []
    passive = any(c.dep_ in ("nsubjpass", "auxpass") for c in token.children)
    for child in token.children:
        if child.dep_ in OBJECTS and child.pos_ in NOUN_POS | {"PRON"}:
            inner = [g for p in child.children if p.dep_ == "prep" and p.lower_ in TARGET_PREPS for g in p.children if g.dep_ == "pobj"]
            found += inner if (inner and not child.ent_type_ and child.lemma_.lower() in _EVENTISH) else [child]
        elif child.dep_ == "nsubjpass" and passive:
            found.append(child)
        elif child.dep_ == "prep" and child.lower_ in TARGET_PREPS and child.lower_ != "between":
            if child.lower_ == "in" and not token.pos_ in NOUN_POS:
                continue
            found += [g for g in child.children if g.dep_ == "pobj" and not _time_like(g) and not _where(child, g)]
    return _with_conjuncts([t for t in found if not _time_like(t)])


_EVENTISH = frozenset(
    {"sanction", "sanctions", "embargo", "talk", "talks", "meeting", "attack", "strike", "ban", "restriction", "aid", "call", "visit", "relation", "tie", "ties"}
)


def _where(prep: Token, obj: Token) -> bool:
    """"at the Kremlin", "into the sea": a place the event happens in, not whom it is done to."""
    return prep.lower_ in ("in", "at", "into") and (obj.ent_type_ in ("GPE", "LOC", "FAC") or obj.lemma_.lower() in _PLACES)


_PLACES = frozenset({"home", "sea", "border", "area", "region", "city", "town", "village", "capital", "camp", "headquarters"})


def _time_like(token: Token) -> bool:
    return token.ent_type_ in ("DATE", "TIME", "CARDINAL", "ORDINAL", "PERCENT", "MONEY", "QUANTITY")


def _with_conjuncts(tokens: list[Token]) -> list[Token]:
    out: list[Token] = []
    for token in tokens:
        for t in (token, *token.conjuncts):
            if t not in out and t.pos_ != "VERB":
                out.append(t)
    return out


def _obliged(token: Token, lexicon: Lexicon) -> bool:
    return any(c.dep_ == "aux" and c.lower_ in lexicon.flags["obligation_aux"] for c in token.children)


def _infinitive(token: Token) -> bool:
    return any(c.dep_ == "aux" and c.lower_ == "to" for c in token.children)


def _depth(token: Token) -> int:
    depth = 0
    while token.head.i != token.i and depth < 50:
        token = token.head
        depth += 1
    return depth

