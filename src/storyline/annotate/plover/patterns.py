"""The PLOVER trigger lexicon: hand-written ``triggers.toml`` over the generated CAMEO patterns.

Both files are data (see ``tools/build_plover_patterns.py`` and NOTICE). They are read
once per process into dicts keyed by trigger lemma, so coding a sentence costs one dict
lookup per token plus a few set tests, never a scan of the whole lexicon.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from typing import TYPE_CHECKING

from storyline.annotate.lexicon import read_text, toml

if TYPE_CHECKING:
    from spacy.tokens import Token

log = logging.getLogger(__name__)

TRIGGERS = "plover/triggers.toml"
CAMEO = "plover/cameo_patterns.txt"
NONE = "NONE"  # a phrase that is explicitly not an event
LIGHT = "LIGHT"  # a light verb ("took place", "held talks"): the event is the event noun it carries
HAND_WEIGHT = 1.5  # a generated pattern must need two more words than a hand-written one to win
MODE_BONUS = 0.1
PREPOSITION_WEIGHT = 0.5
PREPOSITIONS = frozenset(
    {"to", "from", "with", "on", "at", "in", "for", "against", "by", "of", "into", "over", "upon", "about", "toward", "towards", "between", "off", "out", "up", "down"}
)
TYPES = (
    "AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST",
    "ACCUSE", "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT",
)  # fmt: skip


@dataclass(frozen=True)
class Pattern:
    """A trigger lemma and the words its clause must contain to signal ``type``/``mode``."""

    lemma: str
    required: tuple[frozenset[str], ...]
    type: str
    mode: str | None
    weight: float  # specificity: required words, plus a bonus for hand-written entries
    # hand entries: words ("@a|b") required in the subject; the others then exclude the subject
    subject: tuple[frozenset[str], ...] | None = None

    def matches(self, words: set[str], subject: set[str]) -> bool:
        if self.subject is None:  # generated patterns: before or after the verb alike
            return all(group & words or group & subject for group in self.required)
        return all(group & words for group in self.required) and all(group & subject for group in self.subject)


@dataclass
class Lexicon:
    verbs: dict[str, list[Pattern]] = field(default_factory=dict)
    nouns: dict[str, list[Pattern]] = field(default_factory=dict)
    governors: dict[str, str] = field(default_factory=dict)  # lemma -> role (see triggers.toml)
    cooperative: frozenset[str] = frozenset()
    conflict: frozenset[str] = frozenset()
    future_retreat: str = "CONCEDE"
    threaten_modes: dict[str, str] = field(default_factory=dict)  # "TYPE" or "TYPE.mode" -> THREATEN mode
    mode_words: dict[str, dict[str, str]] = field(default_factory=dict)  # type -> word -> mode
    refusals: dict[str, str] = field(default_factory=dict)  # type refused -> REJECT mode ("" for none)
    mode_generic: frozenset[str] = frozenset()  # trigger words that name no mode of their own ("fired")
    exercises: frozenset[str] = frozenset()  # military exercise words: MOBILIZE alone, COOPERATE held jointly
    joint: frozenset[str] = frozenset()  # words that call an exercise joint
    flags: dict[str, frozenset[str]] = field(default_factory=dict)
    agent_nouns: frozenset[str] = frozenset()  # group nouns that may act ("officials", "the side")
    agent_pronouns: frozenset[str] = frozenset()
    content_nouns: frozenset[str] = frozenset()  # "details of <event>": the event is what is reported
    of_participants: frozenset[str] = frozenset()  # types whose "of" phrase names participants
    from_participants: frozenset[str] = frozenset()  # types whose "from" phrase names the actor
    remote_mode: str | None = None
    remote_triggers: frozenset[str] = frozenset()
    in_person: frozenset[str] = frozenset()

    def best(self, table: dict[str, list[Pattern]], lemma: str, words: set[str], subject: set[str], skip: str = "") -> Pattern | None:
        """The most specific pattern of ``lemma`` whose required words are all in the clause (not of type ``skip``)."""
        for pattern in table.get(lemma, ()):  # heaviest first (``load_lexicon``): the first match is the best
            if pattern.type != skip and pattern.matches(words, subject):
                return pattern
        return None

    def mode_for(self, type_: str, trigger: Token, words: set[str]) -> str | None:
        """A mode chosen by the trigger's own word ("shelled", "stabbed"), else by its clause's words, for entries
        that leave it open: the verb says how more surely than a weapon named beside it."""
        table = self.mode_words.get(type_, {})
        for own in (trigger.lemma_.lower(), trigger.lower_):
            if own in table and own not in self.mode_generic:
                return table[own]
        for word, mode in table.items():
            if word in words:
                return mode
        return None


def parse_entry(entry: str, type_: str, mode: str | None, bonus: float) -> list[Pattern]:
    """``"lemma|lemma word a|b @c"`` -> Patterns: ``_`` joins a particle (``"pull_out"``), ``@`` marks subject words."""
    words = entry.replace("_", " ").lower().split()
    required = tuple(frozenset(group.split("|")) for group in words[1:] if not group.startswith("@"))
    subject = tuple(frozenset(group[1:].split("|")) for group in words[1:] if group.startswith("@"))
    weight = weigh(required + subject) + bonus + (MODE_BONUS if mode else 0.0)  # a mode says more, at equal specificity
    return [Pattern(lemma, required, type_, mode or None, weight, subject) for lemma in words[0].split("|")]


def weigh(required: tuple[frozenset[str], ...]) -> float:
    """Specificity: an object word counts one, a bare preposition half (objects say more)."""
    return sum(PREPOSITION_WEIGHT if group <= PREPOSITIONS else 1.0 for group in required)


def _add(table: dict[str, list[Pattern]], patterns: Iterable[Pattern]) -> None:
    for pattern in patterns:
        table.setdefault(pattern.lemma, []).append(pattern)


def read_triggers(lexicon: Lexicon) -> None:
    data = toml(TRIGGERS)
    for type_ in (*TYPES, NONE, LIGHT):
        section = data.get(type_, {})
        tables = [(None, section)] + [(mode, sub) for mode, sub in section.items() if isinstance(sub, dict)]
        for mode, table in tables:
            _add(lexicon.verbs, (p for e in table.get("verbs", []) for p in parse_entry(e, type_, mode, HAND_WEIGHT)))
            _add(lexicon.nouns, (p for e in table.get("nouns", []) for p in parse_entry(e, type_, mode, HAND_WEIGHT)))
    for role, lemmas in data["governors"].items():
        for lemma in lemmas:
            lexicon.governors.setdefault(lemma, role)
    lexicon.cooperative = frozenset(data["combine"]["cooperative"])
    lexicon.conflict = frozenset(data["combine"]["conflict"])
    lexicon.future_retreat = data["combine"]["future_retreat"]
    lexicon.threaten_modes = dict(data["threaten_modes"])
    lexicon.mode_words = {
        type_: {word: mode for mode, words in modes.items() for word in words} for type_, modes in data["mode_words"].items()
    }
    lexicon.mode_generic = frozenset(data["mode_generic"]["words"])
    lexicon.refusals = dict(data["refusals"])
    lexicon.exercises = frozenset(data["joint_exercises"]["words"])
    lexicon.joint = frozenset(data["joint_exercises"]["joint"])
    lexicon.flags = {name: frozenset(words) for name, words in data["flags"].items()}
    participants = data["participants"]
    lexicon.agent_nouns = frozenset(participants["agent_nouns"])
    lexicon.agent_pronouns = frozenset(participants["agent_pronouns"])
    lexicon.content_nouns = frozenset(participants["content_nouns"])
    lexicon.of_participants = frozenset(participants["of_participants"])
    lexicon.from_participants = frozenset(participants["from_participants"])
    remote = data["remote"]
    lexicon.remote_mode = remote["mode"]
    lexicon.remote_triggers = frozenset(remote["triggers"])
    lexicon.in_person = frozenset(remote["in_person"])


def read_cameo(lexicon: Lexicon) -> None:
    """The generated CAMEO verb patterns: blocks of synonymous verbs sharing their patterns."""
    synsets: dict[str, frozenset[str]] = {}
    verbs: list[tuple[str, list[str], str, str]] = []
    count = 0

    def group(text: str) -> frozenset[str]:
        words: set[str] = set()
        for word in text.split("|"):
            words |= synsets.get(word, {word})
        return frozenset(words)

    for line in read_text(CAMEO).splitlines():
        if not line or line.startswith("#"):
            continue
        kind, *cells = line.split("\t")
        if kind == "S":
            synsets[cells[0]] = frozenset(cells[1].split("|")) if cells[1] else frozenset()
        elif kind == "B":
            verbs = []
        elif kind == "V":
            lemma, *extra = cells[0].split("_")
            verbs.append((lemma, extra, cells[1], cells[2]))
            if cells[1] != "-":
                own = tuple(frozenset([e]) for e in extra)
                _add(lexicon.verbs, [Pattern(lemma, own, cells[1], cells[2] or None, weigh(own))])
                count += 1
        elif kind == "P":
            required = tuple(group(g) for g in cells[0].split())
            for lemma, extra, _, _ in verbs:
                full = tuple(frozenset([e]) for e in extra) + required
                _add(lexicon.verbs, [Pattern(lemma, full, cells[1], cells[2] or None, weigh(full))])
                count += 1
    log.debug("cameo patterns: %d", count)


@lru_cache(maxsize=1)
def load_lexicon() -> Lexicon:
    """The trigger lexicon, built once per process."""
    lexicon = Lexicon()
    read_triggers(lexicon)
    read_cameo(lexicon)
    for table in (lexicon.verbs, lexicon.nouns):
        for patterns in table.values():  # heaviest first; a stable sort keeps the file order among equals
            patterns.sort(key=lambda pattern: -pattern.weight)
    return lexicon
