"""Negation, modality and tense of an event: read on the chain of verbs from its trigger to the main clause.

"did not agree" is still an AGREE mention, but negated; "could impose sanctions if ..." is
hypothetical; "will visit" and "plans to visit" lie in the future. The words that signal
each come from ``triggers.toml`` ([flags]).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from spacy.tokens import Token

from storyline.annotate.plover.patterns import Lexicon


@dataclass
class Flags:
    negated: bool = False
    hypothetical: bool = False
    future: bool = False
    conditional: str | None = None  # the "if"/"unless" that makes the event hypothetical, if any
    refusal: bool = False  # "will not accept", "would not meet": a party stating it will not act


def read_flags(chain: Iterable[Token], lexicon: Lexicon) -> Flags:
    """Flags of an event whose trigger and governing verbs are ``chain`` (trigger first)."""
    words = lexicon.flags
    flags = Flags()
    for token in chain:
        if token.lemma_.lower() in words["negating_verbs"]:
            flags.negated = True
        negated_here = intent_here = False
        for child in token.children:
            lower = child.lower_
            if child.dep_ == "neg" or (child.dep_ in ("advmod", "det", "npadvmod") and lower in words["negation"]):
                flags.negated = negated_here = True
            elif child.dep_ in ("aux", "auxpass"):
                intent_here = intent_here or lower in words["refusal_aux"] or child.lemma_ in words["refusal_aux"]
                if lower in words["future_aux"] or child.lemma_ in words["future_aux"]:
                    flags.future = True
                elif lower in words["hypothetical_aux"]:
                    flags.hypothetical = True
                elif lower == "going" or (child.lemma_ == "go" and child.tag_ == "VBG"):
                    flags.future = True
            elif child.dep_ == "advcl":
                mark = next((m.lower_ for m in child.children if m.dep_ == "mark" and m.lower_ in words["conditional_marks"]), None)
                if mark:
                    flags.hypothetical = True
                    flags.conditional = flags.conditional or mark
            elif child.dep_ in ("npadvmod", "advmod", "prep", "obl"):
                if any(t.lower_ in words["future_words"] for t in child.subtree) and not _past(token):
                    flags.future = True
        flags.refusal = flags.refusal or (negated_here and intent_here)
    return flags


def _past(token: Token) -> bool:
    """A past-tense verb ("later said") is not in the future whatever its adverbs say."""
    return token.tag_ in ("VBD", "VBN") and not any(c.dep_ in ("aux", "auxpass") and c.lower_ in ("will", "shall", "'ll") for c in token.children)
