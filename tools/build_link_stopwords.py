"""Write the linker's function-word lists of languages other than English (``src/storyline/data/link/stopwords/``).

Taken from spaCy's stop-word lists (``spacy.lang.<code>.stop_words``, MIT), which need no model: a page in German
or French is linked by its names, numbers and dates, and its function words ("der", "les", "que") must not make two
pages of one language look alike. English keeps its own hand-made ``stopwords.txt``.
Run: ``.venv/bin/python tools/build_link_stopwords.py``.
"""

from __future__ import annotations

import importlib
from pathlib import Path

OUT = Path(__file__).resolve().parents[1] / "src" / "storyline" / "data" / "link" / "stopwords"
LANGUAGES = ("de", "fr", "es", "it", "pt", "ro", "nl", "pl", "ru", "uk", "hi", "tr", "sv", "da", "nb", "fi", "cs")


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    for code in LANGUAGES:
        words = importlib.import_module(f"spacy.lang.{code}.stop_words").STOP_WORDS
        lines = sorted({w.lower() for w in words if w.strip()})
        header = f"# Function words of '{code}', from spaCy's spacy.lang.{code}.stop_words (MIT); rebuilt by {Path(__file__).name}\n"
        (OUT / f"{code}.txt").write_text(header + "\n".join(lines) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
