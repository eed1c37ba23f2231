"""Finding records by the words a reader types: every word, in any order, whatever the accents and case.

Outlets spell one name several ways ("Magnúsdóttir", "Magnusdottir"; "Zelensky", "Zelenskyy") and readers type
without accents; a query's words need not stand together ("Aasland call" finds "Aasland's phone call"). Each query
word must begin a word of the text (so "call" finds "calls" but "all" does not). Hits are ranked: words in a title
or name count more than words in a body, then by how often they occur.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

# letters that carry no combining mark to strip but that readers type as plain Latin letters
_PLAIN = str.maketrans({"ð": "d", "þ": "th", "ø": "o", "æ": "ae", "œ": "oe", "ł": "l", "đ": "d", "ı": "i"})
_WORD = re.compile(r"\w+")
TITLE_WEIGHT = 5  # a query word in a title or name outweighs several in a body


@lru_cache(maxsize=4096)
def fold(text: str) -> str:
    """Lower case, accents and ligatures removed: the form queries and texts are compared in."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c)).translate(_PLAIN)


@dataclass(frozen=True)
class SearchWords:
    """The folded words of what a reader typed, each with the other spellings of the name it is (if any)."""

    words: tuple[str, ...]
    spellings: tuple[tuple[str, ...], ...] = ()  # per word: it and the other words of its actor's names

    @classmethod
    def parse(cls, text: str | None) -> SearchWords:
        words = tuple(dict.fromkeys(_WORD.findall(fold(text or ""))))
        return cls(words, tuple((w,) for w in words))

    def with_names(self, names: Iterable[list[str]]) -> SearchWords:
        """Each word that is a word of an actor's names also matches that actor's other spellings: "zelenskyy"
        finds the page that writes "Zelensky" (the actor's aliases hold both)."""
        spellings = []
        for word in self.words:
            found = {word}
            for group in names:
                folded = [_WORD.findall(fold(name)) for name in group]
                if any(word in words for words in folded):
                    found |= {words[-1] for words in folded if words}
            spellings.append(tuple(sorted(found)))
        return SearchWords(self.words, tuple(spellings))

    def __bool__(self) -> bool:
        return bool(self.words)

    def _hits(self, folded: str) -> list[int]:
        return [
            sum(len(re.findall(rf"(?<!\w){re.escape(word)}", folded)) for word in spelled)
            for spelled in self.spellings or tuple((w,) for w in self.words)
        ]

    def snippet(self, text: str, width: int = 220) -> str | None:
        """The first sentence of the text that holds a query word, cut to ``width`` around it."""
        folded = fold(text)
        for spelled in self.spellings or tuple((w,) for w in self.words):
            for word in spelled:
                found = re.search(rf"(?<!\w){re.escape(word)}", folded)
                if found and len(folded) == len(text):  # folding kept the offsets: cut the text itself
                    start = max(text.rfind(". ", 0, found.start()) + 2, text.rfind("\n", 0, found.start()) + 1, 0)
                    start = max(start, found.start() - width // 2)
                    return " ".join(text[start : start + width].split())
        return None

    def score(self, titles: list[str], body: str = "") -> int:
        """0 unless every word begins a word of the titles or the body; more for title words and repeats."""
        if not self.words:
            return 1
        title_hits = self._hits(fold(" \n ".join(titles)))
        body_hits = self._hits(fold(body)) if body else [0] * len(self.words)
        if not all(t or b for t, b in zip(title_hits, body_hits)):
            return 0
        return sum(TITLE_WEIGHT * t + b for t, b in zip(title_hits, body_hits))

    def matches(self, titles: list[str], body: str = "") -> bool:
        return self.score(titles, body) > 0
