"""Finding records by the words a reader types: every word, in any order, whatever the accents and case.

Outlets spell one name several ways ("Magnúsdóttir", "Magnusdottir"; "Zelensky", "Zelenskyy") and readers type
without accents; a query's words need not stand together ("Aasland call" finds "Aasland's phone call"). Each query
word must begin a word of the text (so "call" finds "calls" but "all" does not). Hits are ranked: words in a title
or name count more than words in a body, then by how often they occur.
"""

from __future__ import annotations

import re
import unicodedata
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
    """The folded words of what a reader typed."""

    words: tuple[str, ...]

    @classmethod
    def parse(cls, text: str | None) -> SearchWords:
        return cls(tuple(dict.fromkeys(_WORD.findall(fold(text or "")))))

    def __bool__(self) -> bool:
        return bool(self.words)

    def _hits(self, folded: str) -> list[int]:
        return [len(re.findall(rf"(?<!\w){re.escape(word)}", folded)) for word in self.words]

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
