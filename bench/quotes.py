"""Who said what: the quotes the seeds and the samples plant, found and given to the right speaker.

Runs ``storyline run`` on ``../shared/corpus/seeds`` and ``samples/`` into one store (as bench/compare.py does),
then looks up each quote ``seeds.gold.json`` and ``samples/MANIFEST.json`` plant by its first words:
- found: a stored quote of that article starts with (or holds) the planted first words;
- speaker right: one of those quotes names the planted speaker (its words are the planted name's words, as
  "Rosa Quispe" for "Rosa Quispe Alarcón", or it holds the planted surname).
- repeated: a stored quote lying inside another of its article by the same speaker (a fragment counted twice).
Prints the misses and ``quotes stored=… repeated=…``, then last: ``quotes planted=… found=… speakers_right=…``
"""

from __future__ import annotations

import json
import re
import unicodedata
from dataclasses import dataclass, field

from common import ROOT, shared_dir
from compare import db_option, scored

from storyline.model import Quote
from storyline.store import Store

# the first words compared: enough to tell quotes apart, short of where outlets trim a quote differently
PREFIX_CHARS = 40


@dataclass
class QuoteScore:
    planted: int = 0
    found: int = 0
    speakers_right: int = 0
    stored: int = 0
    repeated: int = 0
    misses: list[str] = field(default_factory=list)


def planted_quotes() -> list[dict]:
    """Every planted quote with the store id of the article annotated for it (an exact copy's original)."""
    gold = json.loads((shared_dir() / "corpus" / "seeds.gold.json").read_text("utf-8"))
    manifest = json.loads((ROOT / "samples" / "MANIFEST.json").read_text("utf-8"))
    ids = {key: entry.get("jsonl_id", key) for key, entry in manifest["articles"].items()}
    for key, entry in manifest["articles"].items():  # an exact copy is annotated as its original
        if entry.get("body_equals"):
            ids[key] = ids.get(entry["body_equals"], entry["body_equals"])
    quotes = [{**q, "article": a} for a, entry in gold["articles"].items() for q in entry.get("quotes") or []]
    return quotes + [{**q, "article": ids.get(q["article"], q["article"])} for q in manifest["quotes"]]


def _words(text: str) -> list[str]:
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    return re.findall(r"\w+", folded)


def _speaker_right(ours: str | None, planted: str) -> bool:
    mine, theirs = set(_words(ours or "")), _words(planted)
    return bool(mine) and (mine <= set(theirs) or theirs[-1] in mine)


def score_quotes(store: Store) -> QuoteScore:
    annotations = {a.article_id: a for a in store.annotations()}
    result = QuoteScore()
    for planted in planted_quotes():
        result.planted += 1
        annotation = annotations.get(planted["article"])
        start = " ".join(_words(planted["starts"]))[:PREFIX_CHARS]
        ours = [q for q in (annotation.quotes if annotation else []) if start in " ".join(_words(q.text))]
        label = f"{planted['article']}: {planted['speaker']} «{planted['starts'][:50]}»"
        if not ours:
            result.misses.append(f"not found      {label}")
            continue
        result.found += 1
        if any(_speaker_right(q.speaker, planted["speaker"]) for q in ours):
            result.speakers_right += 1
        else:
            result.misses.append(f"wrong speaker  {label}: {[q.speaker for q in ours]}")
    for annotation in annotations.values():
        result.stored += len(annotation.quotes)
        result.repeated += sum(1 for q in annotation.quotes if any(_inside(q, o) for o in annotation.quotes))
    return result


def _inside(quote: Quote, other: Quote) -> bool:
    """``quote`` repeats part of ``other``: its span lies within the other's, and the same speaker says it."""
    within = other.span.start <= quote.span.start and quote.span.end <= other.span.end
    return within and quote is not other and quote.span != other.span and quote.speaker == other.speaker


def main() -> None:
    result = scored(db_option(__doc__.splitlines()[0]), score_quotes)
    for miss in result.misses:
        print(miss)
    print(f"quotes stored={result.stored} repeated={result.repeated}")
    print(f"quotes planted={result.planted} found={result.found} speakers_right={result.speakers_right}")


if __name__ == "__main__":
    main()
