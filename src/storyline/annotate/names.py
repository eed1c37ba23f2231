"""Personal names inside one article: comparison keys that fold spelling variants and familiar forms.

"Zelensky", "Zelenskyy" and "Zelenskiy" get one key; "Mike Waltz" matches "Michael Waltz". The rules are
data (``data/annotate/names.toml``), so a new transliteration habit is a line in a file, not code.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from storyline.annotate.lexicon import toml

_NOT_LETTER = re.compile(r"[^a-z]")


@dataclass(frozen=True)
class NameRules:
    rewrites: tuple[tuple[re.Pattern[str], str], ...]
    nicknames: dict[str, str]
    title_modifiers: frozenset[str]
    former: frozenset[str]
    particles: frozenset[str]
    family_name_first: frozenset[str]  # ISO alpha-3 of countries whose names put the family name first


@lru_cache(maxsize=1)
def rules() -> NameRules:
    data = toml("names.toml")
    return NameRules(
        rewrites=tuple((re.compile(r["pattern"]), r["replace"]) for r in data["rewrite"]),
        nicknames=dict(data["nicknames"]),
        title_modifiers=frozenset(data["title_modifiers"]["words"]),
        former=frozenset(data["title_modifiers"]["former"]),
        particles=frozenset(data["particles"]["words"]),
        family_name_first=frozenset(data["family_name_first"]["countries"]),
    )


@lru_cache(maxsize=65536)
def word_key(word: str) -> str:
    """One name word folded: lower case, no accents or punctuation, transliteration variants merged."""
    text = unicodedata.normalize("NFKD", word.casefold())
    text = _NOT_LETTER.sub("", "".join(c for c in text if not unicodedata.combining(c)))
    for pattern, replacement in rules().rewrites:
        text = pattern.sub(replacement, text)
    return text


def first_name_key(word: str) -> str:
    key = word_key(word)
    return word_key(rules().nicknames.get(key, key))


def first_names_agree(a: str, b: str) -> bool:
    """Same first name, a familiar form of it, or an initial of it ("J." and "James")."""
    ka, kb = first_name_key(a), first_name_key(b)
    if not ka or not kb:
        return True
    if ka == kb:
        return True
    return (len(a.rstrip(".")) == 1 and kb.startswith(ka)) or (len(b.rstrip(".")) == 1 and ka.startswith(kb))


def slug(text: str) -> str:
    return "-".join(w for w in (word_key(part) for part in text.split()) if w)
