"""Who took part in an event: subjects and objects on the dependency parse, names run together, group phrases.

Plain functions over tokens (and the actors component's ``doc._.actor_tokens``), shared by the coder and
the events component: "the Russian side" acts for Russia, "President Donald Trump and Russian President
Vladimir Putin" parsed as one phrase is two people, "the Trump-Putin call" names both sides.
"""

from __future__ import annotations

from spacy.tokens import Token

VERB_POS = frozenset({"VERB", "AUX"})
NOUN_POS = frozenset({"NOUN", "PROPN"})
OBJECTS = frozenset({"dobj", "dative", "obj", "iobj", "attr", "oprd"})
TARGET_PREPS = frozenset({"with", "to", "against", "on", "at", "into", "toward", "towards", "upon", "from", "between", "in"})
AGENT_LABELS = frozenset({"PERSON", "ORG", "GPE", "NORP"})
GROUP_MODIFIERS = frozenset({"amod", "compound", "poss", "nmod"})
# A target that is a thing, not a party, belongs to the party these attach to it: "a camp for Sudanese refugees",
# "the withdrawal of Serbian forces", "a blockade on Palestinian lorries", "an aid programme for Bosnia".
OWNER_PREPS = frozenset({"of", "for", "on", "against", "to"})
GROUP_PLACE_PREPS = frozenset({"in", "throughout", "across"})


def subjects(token: Token) -> list[Token]:
    """Who acts: the subject (the agent of a passive), or for an event noun its possessor or "by"/"between"."""
    found: list[Token] = []
    passive = any(c.dep_ in ("nsubjpass", "auxpass") for c in token.children)
    for child in token.children:
        if child.dep_ == "agent" or (child.dep_ == "prep" and child.lower_ == "by" and (passive or token.pos_ in NOUN_POS)):
            found += [g for g in child.children if g.dep_ == "pobj"]
        elif child.dep_ in ("nsubj", "csubj") or (child.dep_ == "poss" and token.pos_ in NOUN_POS):
            found.append(child)
        elif child.dep_ == "prep" and child.lower_ in ("between", "among") and token.pos_ in NOUN_POS:
            found += [g for g in child.children if g.dep_ == "pobj"]  # "talks between A and B"
        elif child.dep_ in ("compound", "nmod") and child.i < token.i and token.pos_ in NOUN_POS:
            found += _named_compounds(child)  # "the Trump-Putin call", "the Chile and Peru exchange"
    if not found and token.dep_ == "xcomp" and token.head.i != token.i:
        head = token.head
        if head.pos_ in VERB_POS:
            found = subjects(head)
        elif head.pos_ == "ADJ" and head.dep_ == "acomp":
            found = subjects(head.head)  # "France is ready to contribute troops": the subject of "is"
    if not found and token.dep_ in ("acl",) and token.head.pos_ in NOUN_POS:
        found = [token.head]
    return with_conjuncts(found)


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
            if child.lower_ == "from" and token.pos_ in NOUN_POS:
                continue  # "a call from A": the actor
            found += [g for g in child.children if g.dep_ == "pobj" and not _time_like(g) and not _where(child, g)]
        elif child.dep_ == "prep" and child.lower_ == "for":
            # "provided aid for Romania", "attacked a camp for Sudanese refugees": a party, not a purpose
            found += [g for g in child.children if g.dep_ == "pobj" and (_is_actor(g) or group_actors(g))]
    return [t for t in with_conjuncts(found) if not _time_like(t)]


_EVENTISH = frozenset(
    {"sanction", "sanctions", "embargo", "talk", "talks", "meeting", "attack", "strike", "ban", "restriction", "aid", "call", "visit", "relation", "tie", "ties"}
)


def _where(prep: Token, obj: Token) -> bool:
    """"at the Kremlin", "into the sea": a place the event happens in, not whom it is done to."""
    return prep.lower_ in ("in", "at", "into") and (obj.ent_type_ in ("GPE", "LOC", "FAC") or obj.lemma_.lower() in _PLACES)


_PLACES = frozenset({"home", "sea", "border", "area", "region", "city", "town", "village", "capital", "camp", "headquarters"})


def _time_like(token: Token) -> bool:
    return token.ent_type_ in ("DATE", "TIME", "CARDINAL", "ORDINAL", "PERCENT", "MONEY", "QUANTITY")


def with_conjuncts(tokens: list[Token]) -> list[Token]:
    out: list[Token] = []
    for token in map(_partitive, tokens):
        for conjunct in (token, *token.conjuncts):
            for t in _people_in(conjunct):
                if t not in out and t.pos_ != "VERB":
                    out.append(t)
    return out


# Heads that count or pick out members of a group: the group is who acts ("thousands of Nigerians marched",
# "tortured scores of Sierra Leonean refugees", "members of the Association of African Jurists investigated").
PARTITIVES = frozenset({"thousand", "hundred", "dozen", "score", "million", "member", "group", "number", "crowd",
                        "handful", "majority", "contingent"})


def _partitive(token: Token) -> Token:
    """The "of" object of a counting head that names no party itself, else the token."""
    if token.pos_ not in ("NOUN", "NUM") or token.i in (token.doc._.actor_tokens or {}):
        return token
    if not (token.like_num or token.ent_type_ == "CARDINAL" or token.lemma_.lower() in PARTITIVES):
        return token
    of = next((p for p in token.children if p.dep_ == "prep" and p.lower_ == "of"), None)
    obj = next((g for g in of.children if g.dep_ == "pobj"), None) if of is not None else None
    return obj if obj is not None and obj.pos_ in NOUN_POS else token


def _people_in(token: Token) -> list[Token]:
    """A name phrase the parser ran together ("President Donald Trump and Russian President Vladimir Putin"
    as one pobj): one token per person in it; else the token itself."""
    actor_tokens = token.doc._.actor_tokens or {}
    people: dict[str, Token] = {}
    stack = [token]
    while stack:
        t = stack.pop()
        ident = actor_tokens.get(t.i)
        if ident and ident.startswith("person:"):
            people.setdefault(ident, t)
        stack += [c for c in t.children if c.dep_ in ("compound", "appos", "conj")]
    return sorted(people.values(), key=lambda t: t.i) if len(people) > 1 else [token]


def _named_compounds(compound: Token) -> list[Token]:
    """Names in a noun's compound modifier ("Trump-Putin"), one token per actor or named entity."""
    actor_tokens = compound.doc._.actor_tokens or {}
    out: list[Token] = []
    seen: set[str] = set()
    for t in compound.subtree:
        if t.dep_ not in ("compound", "conj") and t.i != compound.i:
            continue
        key = actor_tokens.get(t.i) or (t.text if t.ent_type_ in AGENT_LABELS - {"GPE"} else None)  # "Istanbul talks"
        if key and key not in seen:
            seen.add(key)
            out.append(t)
    return out


def _is_actor(token: Token) -> bool:
    return token.i in (token.doc._.actor_tokens or {})


def owners(token: Token) -> list[str]:
    """The parties a thing-target belongs to or is for ("a camp for Sudanese refugees" -> Sudan): the actors, or
    the groups of actors, its "of"/"for"/"on"/"against"/"to" phrases name, one level down."""
    actor_tokens = token.doc._.actor_tokens or {}
    found: list[str] = []
    for obj in prep_objects(token, OWNER_PREPS):
        ident = actor_tokens.get(obj.i)
        for name in [ident] if ident else group_actors(obj):
            if name not in found:
                found.append(name)
    return found


def prep_objects(token: Token, preps: frozenset[str]) -> list[Token]:
    """The objects (with their conjuncts) of the token's prepositions among ``preps``."""
    preps_of = [p for p in token.children if p.dep_ == "prep" and p.lower_ in preps]
    return with_conjuncts([g for p in preps_of for g in p.children if g.dep_ == "pobj"])


def group_actors(token: Token) -> list[str]:
    """Countries or organisations a group phrase belongs to ("the Russian side", "Kremlin officials",
    "Russian and Ukrainian delegates"); none for a name ("European Commission President von der Leyen")."""
    if token.ent_type_ == "PERSON":
        return []
    actor_tokens = token.doc._.actor_tokens or {}
    found: list[str] = []
    for child in token.children:
        if child.dep_ in GROUP_MODIFIERS:
            for t in child.subtree:
                ident = actor_tokens.get(t.i)
                if ident and not ident.startswith("person:") and ident not in found:
                    found.append(ident)
    if not found and token.pos_ == "NOUN":
        # "rebels in the Ivory Coast", "students throughout Indonesia": a group is of the country it is in
        for obj in prep_objects(token, GROUP_PLACE_PREPS):
            ident = actor_tokens.get(obj.i)
            if ident and ident.startswith("country:") and ident not in found:
                found.append(ident)
    return found
