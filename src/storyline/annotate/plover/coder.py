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
from storyline.annotate.plover.participants import (
    AGENT_LABELS,
    NOUN_POS,
    VERB_POS,
    with_conjuncts,
    group_actors,
    objects,
    prep_objects,
    subjects,
)
from storyline.annotate.plover.patterns import HAND_WEIGHT, LIGHT, NONE, Lexicon, Pattern

# dependents that open a clause of their own: their words are not the trigger's words
CLAUSES = frozenset({"ccomp", "xcomp", "advcl", "relcl", "acl", "parataxis", "csubj", "csubjpass", "appos", "mark"})
SUBJECTS = frozenset({"nsubj", "nsubjpass", "csubj", "expl"})
NOUN_ARGS = frozenset({"dobj", "nsubjpass", "nsubj", "attr", "pobj", "obj", "conj", "ROOT", "appos"})
NOT_EVENTS = frozenset({NONE, LIGHT})
MAX_CLAUSE_WORDS = 60  # a clause longer than this is a parse gone wrong: stop reading it
MAX_CLIMB = 8  # steps from an event noun up to the verb whose subject it may inherit
# a light verb's event noun may stand after one of these ("engaged in talks", "came after the call")
CARRIER_PREPS = frozenset({"in", "after", "following", "during", "amid", "for", "into"})
# deps by which an event noun hangs on the verb it may inherit an agent from ("details of a call")
CLIMB_DEPS = frozenset({"pobj", "pcomp", "prep", "dobj", "obj", "attr", "oprd", "dative", "appos", "conj", "nsubjpass", "compound"})
LABEL_CLAUSES = frozenset({"acl", "appos", "parataxis", "relcl", "ccomp", "conj", "dep", "advcl"})


# names and numbers are never triggers, whatever word they share: "March" the month, "Hope" the town
NOT_TRIGGER_ENTITIES = frozenset({"DATE", "TIME", "PERSON", "GPE", "CARDINAL", "MONEY", "PERCENT", "QUANTITY"})


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
            if (child.dep_ in CLAUSES and not _predicative(child)) or (child.dep_ == "conj" and child.pos_ in VERB_POS):
                continue
            stack.append((child, subject if current is token and child.dep_ in ("nsubj", "agent") else into))
    return words, subject


def _predicative(token: Token) -> bool:
    """An adjective the parser hangs as a clause without a subject of its own ("made its reopening conditional on"):
    a word of the verb's clause, not a nested clause."""
    return token.pos_ == "ADJ" and not any(c.dep_ in SUBJECTS for c in token.children)


def mode_clues(token: Token) -> set[str]:
    """The words that may choose an event's mode: its clause's words, and those of the participial modifiers of the
    clause's nouns, which say how a participant was armed or equipped ("militiamen armed with machetes")."""
    words, subject = clause_words(token)
    words |= subject
    for child in token.subtree:
        if child.dep_ == "acl" and child.head.pos_ in NOUN_POS and child.head.lower_ in words:
            words |= clause_words(child)[0]
    return words


def is_verb(token: Token) -> bool:
    return token.pos_ in VERB_POS or (token.dep_ == "ROOT" and any(c.dep_ in SUBJECTS for c in token.children))


class Coder:
    """Codes sentences with one lexicon; cheap: a dict lookup per clause head."""

    def __init__(self, lexicon: Lexicon, titles: frozenset[str] = frozenset()) -> None:
        self.lexicon = lexicon
        self.titles = titles  # words of people's titles: "the president" may act

    # -- single triggers -------------------------------------------------------------------------
    def match_verb(self, token: Token) -> Pattern | None:
        if token.ent_type_ in NOT_TRIGGER_ENTITIES or token.dep_ == "prep":
            return None  # a participle used as a preposition ("according to", "following") is no event
        lemma = token.lemma_.lower()
        if lemma not in self.lexicon.verbs:
            return None  # no pattern to try: the clause's words are not gathered
        return self.lexicon.best(self.lexicon.verbs, lemma, *clause_words(token))

    def match_noun(self, token: Token) -> Pattern | None:
        nouns = self.lexicon.nouns
        lemma = token.lemma_.lower()
        if (lemma not in nouns and token.lower_ not in nouns) or token.ent_type_ in NOT_TRIGGER_ENTITIES:
            return None  # "March" the month is no march
        words, subject = clause_words(token)
        return self.lexicon.best(nouns, lemma, words, subject) or self.lexicon.best(nouns, token.lower_, words, subject)

    def own(self, verb: Token) -> Coded | None:
        """The verb's own event, or that of an event noun it takes as object ("held talks", "for talks")."""
        pattern = self.match_verb(verb) if is_verb(verb) else self.match_noun(verb)
        if pattern is not None and pattern.type == LIGHT:
            carried = self.carried_event(verb)
            if carried is not None:
                return carried
            # "engaged in ethnic cleansing": no event noun carried, the verb's own sense stands
            pattern = self.lexicon.best(self.lexicon.verbs, verb.lemma_.lower(), *clause_words(verb), skip=LIGHT)
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
        """An event noun the verb takes as object ("initiated the call", "revealed details of the call")."""
        for child in verb.children:
            candidates = []
            if child.dep_ in ("dobj", "obj", "nsubjpass", "attr", "dative") and child.pos_ in NOUN_POS:
                candidates = [child, *(c for c in child.children if c.dep_ == "compound"), *self.reported(child)]
            elif child.dep_ == "prep" and child.lower_ == "for":
                candidates = [g for g in child.children if g.dep_ == "pobj" and g.pos_ in NOUN_POS]
            coded = self.first_event_noun(candidates, verb)
            if coded is not None:
                return coded
        return None

    def carried_event(self, verb: Token) -> Coded | None:
        """The event noun a light verb carries: its subject, the noun it describes, its object, or after "in"."""
        candidates: list[Token] = []
        if verb.dep_ == "relcl" and verb.head.pos_ in NOUN_POS:  # "the call, which lasted two hours"
            candidates.append(verb.head)
        for child in verb.children:
            if child.dep_ in ("nsubj", "nsubjpass", "dobj", "obj", "attr") and child.pos_ in NOUN_POS:
                candidates += [child, *(c for c in child.children if c.dep_ == "compound"), *self.reported(child)]
        for child in verb.children:
            if child.dep_ == "prep" and child.lower_ in CARRIER_PREPS:
                candidates += [g for g in child.children if g.dep_ in ("pobj", "pcomp") and g.pos_ in NOUN_POS]
        return self.first_event_noun(candidates, verb)

    def reported(self, noun: Token) -> list[Token]:
        """"details of a call", "news of the talks": the event a content noun is about."""
        if noun.lemma_.lower() not in self.lexicon.content_nouns:
            return []
        return [g for p in noun.children if p.dep_ == "prep" and p.lower_ in ("of", "about", "on") for g in p.children if g.dep_ == "pobj" and g.pos_ in NOUN_POS]

    def first_event_noun(self, candidates: list[Token], verb: Token) -> Coded | None:
        for noun in candidates:
            pattern = self.match_noun(noun)
            if pattern is not None and pattern.type not in NOT_EVENTS:
                coded = self._coded(pattern, noun)
                if not coded.targets:
                    coded.targets = [t for t in objects(verb) if t.i != noun.i and t not in coded.actors and self.is_agent(t)]
                coded.chain = [noun, verb]
                return coded
        return None

    def _coded(self, pattern: Pattern, trigger: Token) -> Coded:
        mode = pattern.mode or self.lexicon.mode_for(pattern.type, trigger, mode_clues(trigger))
        if is_verb(trigger):
            return Coded(pattern.type, mode, trigger, subjects(trigger), objects(trigger), chain=[trigger])
        actors, targets = self.noun_participants(trigger, pattern.type)
        return Coded(pattern.type, mode, trigger, actors, targets, chain=[trigger])

    # -- participants of event nouns -----------------------------------------------------------------
    def noun_participants(self, noun: Token, type_: str, inherit: bool = True) -> tuple[list[Token], list[Token]]:
        """Who took part in an event noun: its own ("Trump's call with Putin", "talks between A and B",
        "a call from A to B"), else the agent of the clause it hangs on ("Trump revealed details of a call")."""
        actors = subjects(noun)
        targets = objects(noun)
        of = [t for t in prep_objects(noun, frozenset({"of"})) if self.is_agent(t)]
        if type_ in self.lexicon.of_participants:
            actors = actors + [t for t in of if t not in actors]  # "the meeting of X and Y"
        else:
            targets = targets + [t for t in of if t not in targets]  # "the release of the hostages"
        if type_ in self.lexicon.from_participants:  # "a call from A", not "a withdrawal from A"
            senders = prep_objects(noun, frozenset({"from"}))
            actors = actors + [t for t in senders if self.is_agent(t) and t not in actors]
        if not actors and inherit:
            actors = self.inherited(noun)
        targets = [t for t in targets if t not in actors]
        return actors, targets

    def inherited(self, noun: Token) -> list[Token]:
        """The agent of the verb an event noun hangs on, through objects and prepositions, never a noun
        that cannot act ("The statement followed a call": the statement took no part in the call)."""
        token = noun
        for _ in range(MAX_CLIMB):
            head = token.head
            if head.i == token.i or token.dep_ not in CLIMB_DEPS:
                return []
            if is_verb(head) and token.dep_ not in ("pobj", "pcomp"):
                found = subjects(head)
                if not found and head.dep_ in ("advcl", "conj", "xcomp") and head.head.i != head.i:
                    found = subjects(head.head)  # "..., engaging in a call with Putin"
                return [t for t in found if t.i != noun.i and self.is_agent(t)]
            if head.pos_ in NOUN_POS and head.lemma_.lower() not in self.lexicon.content_nouns:
                return []  # "the possibility of a meeting": whoever mentions it need not take part
            token = head
        return []

    def is_agent(self, token: Token) -> bool:
        """Whether a phrase can act: an actor, a person or group, a title, or a group of an actor ("Russian side")."""
        if token.pos_ == "PRON":
            return token.lower_ in self.lexicon.agent_pronouns
        if token.i in (token.doc._.actor_tokens or {}) or token.ent_type_ in AGENT_LABELS or token.pos_ == "PROPN":
            return True  # a name the NER missed ("Chancellor Scholz") still names someone
        lemma = token.lemma_.lower()
        if lemma in self.lexicon.agent_nouns or lemma in self.titles or token.lower_ in self.titles:
            return True
        return bool(group_actors(token))

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
        """The clause a governing verb governs; a purpose clause ("to protest") only after "urge X", or after a
        promise or threat with no object of its own, where it is the small model's misparse of the complement
        ("have sworn to fight on"; "pledged $5m to rebuild schools" keeps its purpose clause)."""
        for child in verb.children:
            if child.dep_ in ("xcomp", "ccomp") and is_verb(child):
                return child
        if role == "request" or (role in ("promise", "threaten") and not objects(verb)):
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
        if role == "report" and _obliged(complement, lex):  # "said Libya must hand over ...", "insisted that X be met"
            return Coded("REQUEST", None, verb, subjects(verb), objects(verb) or subjects(complement), chain=[verb])
        condition = _condition(complement, lex) if role == "report" else None
        if condition is not None and _on_others(condition) and (inner is None or inner.type not in lex.conflict | {"THREATEN"}):
            # "stressed that peace would be futile unless the West stopped ...": a demand on the West
            return Coded("REQUEST", None, verb, subjects(verb), _condition_subjects(condition) or objects(verb), chain=[verb])
        if role == "report" and own is not None and own.trigger.i != verb.i:
            return own  # "reiterated its demand that ...": the speech act names the event
        if role in ("report", "transparent", "future"):
            if inner is None:
                return own
            if not inner.actors:
                inner.actors = [t for t in subjects(verb) if self.is_agent(t) or is_verb(inner.trigger)]
            inner.chain.append(verb)
            if role == "future":
                inner.flags.future = True
            if role == "transparent" and verb.lemma_.lower() in lex.flags["negating_verbs"]:
                inner.flags.negated = True
            return inner
        # the target: the governing verb's object ("urged Iran to ..."), else the complement's
        # subject ("demanded that Ukraine withdraw"), else whom the complement's event is done to
        # (an xcomp's subject is the governing verb's own: "Syria is willing to withdraw" targets no Syria)
        own_subject = subjects(complement) if complement.dep_ != "xcomp" else []
        targets = objects(verb) or own_subject or (inner.targets if inner else objects(complement))
        # the complement's own nested clauses were read into it ("proposed asking X to host talks"): not events again
        governed = Coded("", None, verb, subjects(verb), targets, chain=[verb], consumed=set(inner.consumed) if inner else set())
        if role == "agree":
            return replace(governed, type="AGREE")
        if role == "reject":
            return replace(governed, type="REJECT", mode=inner.mode if inner and inner.type in ("REQUEST",) else None)
        if role == "threaten":
            # an uncoded content ("to resume terrorist activities") still names the threat by its words
            mode = self.threat_mode(inner) or lex.mode_for("THREATEN", complement, mode_clues(complement))
            return replace(governed, type="THREATEN", mode=mode)
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
        """Flags from the chain, and the manual's recoding of joint exercises and of refused, promised or
        threatened actions."""
        lex = self.lexicon
        if coded.type == "MOBILIZE":
            words, subject = clause_words(coded.trigger)
            parties = {p for a in coded.actors for p in group_actors(a) or [a.lower_]}  # "French and Egyptian warships"
            if words & lex.exercises and (len(parties) > 1 or (words | subject) & lex.joint):
                coded.type, coded.mode = "COOPERATE", None  # "India and Russia held naval exercises"
        flags = read_flags(coded.chain, lex)
        coded.flags = Flags(
            negated=flags.negated or coded.flags.negated,
            hypothetical=flags.hypothetical or coded.flags.hypothetical,
            future=flags.future or coded.flags.future,
            conditional=flags.conditional,
            refusal=flags.refusal,
        )
        if flags.refusal and coded.type in lex.refusals:  # "will not accept": a refusal, not a negated acceptance
            coded.type, coded.mode = "REJECT", lex.refusals[coded.type] or None
            coded.flags = Flags()
            return coded
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
        main = self.clause(self.main_head(sent))
        if main is None:
            main = self.fallback(sent)
        used: set[int] = set()
        if main is not None and main.trigger.i != sent.root.i:
            used.add(sent.root.i)  # a label ("Military readiness:") or a verb whose event is carried elsewhere
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
            if not coded.actors and (token.dep_ in ("conj", "xcomp") or (token.dep_ == "advcl" and token.tag_ == "VBG")):
                coded.actors = subjects(token.head)  # "..., insisting that ...": the clause's subject
            used |= coded.consumed | {t.i for t in coded.chain}
            events.append(self.settle(coded))
        events += [self.settle(c) for c in self.nominal_events(sent, used)]
        return events

    def main_head(self, sent: Span) -> Token:
        """The root, or after a label ("Military readiness: the Russian side insisted ...") the clause it introduces."""
        root = sent.root
        if root.pos_ not in NOUN_POS:
            return root
        colon = next((c for c in root.children if c.dep_ == "punct" and c.text == ":"), None)
        if colon is None:
            return root
        return next((c for c in root.children if c.i > colon.i and c.dep_ in LABEL_CLAUSES and is_verb(c)), root)

    def nominal_events(self, sent: Span, used: set[int]) -> list[Coded]:
        """Event nouns the clauses did not use, when they name who took part ("his call with Putin")."""
        found: list[Coded] = []
        for token in sent:
            if token.i in used or token.pos_ not in NOUN_POS or token.dep_ == "compound":
                continue
            pattern = self.match_noun(token)
            if pattern is None or pattern.type in NOT_EVENTS:
                continue
            named = any(self.is_agent(t) for t in sum(self.noun_participants(token, pattern.type, inherit=False), []))
            topic = token.dep_ in ("nsubj", "nsubjpass") and token.head.i not in used  # not "Protesters marched"
            if not named and not self._medium(token) and not topic:
                continue  # "insisted on halting mobilization": the noun names no one, it is what is asked
            # an event noun its sentence is about ("This conversation ... has sparked debate") is reported too
            # a noun whose words say how it happened ("the phone conversation") is an event even unnamed
            coded = self._coded(pattern, token)
            if token.dep_ in ("dobj", "obj", "nsubjpass", "attr") and is_verb(token.head):
                coded.chain.append(token.head)
            used.add(token.i)
            found.append(coded)
        return found

    def _medium(self, noun: Token) -> bool:
        """The noun's own modifiers name a mode ("phone conversation", "car bomb", "hunger strike")."""
        pattern = self.match_noun(noun)
        return pattern is not None and pattern.mode is not None and bool(pattern.required)

    def fallback(self, sent: Span) -> Coded | None:
        """No event on the main clause: the coded clause or event noun closest to the root."""
        candidates = sorted((t for t in sent if t.i != sent.root.i), key=lambda t: (_depth(t), t.i))
        for token in candidates:
            if is_verb(token):
                coded = self.clause(token, depth=1)
            elif token.pos_ in NOUN_POS and token.dep_ in NOUN_ARGS:
                pattern = self.match_noun(token)
                coded = self._coded(pattern, token) if pattern is not None and pattern.type not in NOT_EVENTS else None
                if coded is not None and token.dep_ in ("dobj", "obj", "nsubj", "nsubjpass") and token.head.i != token.i:
                    coded.chain.append(token.head)  # "talks would continue": the verb carries the flags
            else:
                continue
            if coded is not None:
                if not coded.actors and is_verb(token):
                    coded.actors = self.clause_agents(token)
                return coded
        return None

    def clause_agents(self, token: Token) -> list[Token]:
        """Who acts in a subjectless clause ("officials reiterated that ..., demanding that Russia withdraw"): the
        first agent subject up the chain of clauses it hangs from, a few clauses at most."""
        for _ in range(3):
            if token.dep_ not in ("advcl", "conj", "xcomp", "ccomp") or token.head.i == token.i:
                return []
            token = token.head
            agents = [t for t in subjects(token) if self.is_agent(t)]
            if agents:
                return agents
        return []


def _obliged(token: Token, lexicon: Lexicon) -> bool:
    """"must"/"should", or the mandative subjunctive ("insisted that conditions be met", "that Kyiv withdraw")."""
    aux = [c for c in token.children if c.dep_ in ("aux", "auxpass")]
    if any(c.dep_ == "aux" and c.lower_ in lexicon.flags["obligation_aux"] for c in aux):
        return True
    has_subject = any(c.dep_ in ("nsubj", "nsubjpass") for c in token.children)
    if any(c.tag_ == "VB" and c.lower_ == "be" for c in aux) and len(aux) == 1:
        return has_subject
    return token.tag_ == "VB" and not aux and has_subject and any(c.dep_ == "mark" and c.lower_ == "that" for c in token.children)


def _on_others(condition: Token) -> bool:
    """A condition the speaker sets for others, not for himself ("unless I and Putin meet")."""
    return bool(found := _condition_subjects(condition)) and not any(t.lower_ in ("i", "we") for t in found)


def _condition_subjects(condition: Token) -> list[Token]:
    """Who must meet the condition: its subject, or the condition itself when parsed as a noun ("unless the militias disarmed")."""
    found = [c for c in condition.children if c.dep_ in ("nsubj", "nsubjpass")]
    return with_conjuncts(found or ([condition] if condition.pos_ in NOUN_POS else []))


def _condition(token: Token, lexicon: Lexicon) -> Token | None:
    """An "unless" clause of a reported statement: the condition another party must meet."""
    for child in token.children:
        if child.dep_ == "advcl" and any(m.dep_ == "mark" and m.lower_ in lexicon.flags["threat_marks"] for m in child.children):
            return child
    return None


def _infinitive(token: Token) -> bool:
    return any(c.dep_ == "aux" and c.lower_ == "to" for c in token.children)


def _depth(token: Token) -> int:
    depth = 0
    while token.head.i != token.i and depth < 50:
        token = token.head
        depth += 1
    return depth

