"""Who said what on real news: direct quotes and their speakers on the news-series dev half, against labels.

The dev half of ``../shared/benchmarks/news-series`` goes through ingest and annotate (the store is kept under
``--work`` and re-annotated only when the annotator changed); the English pages are scored against
``bench/labels/news_series_quotes.json``: every run of words an English page puts in quotation marks as someone's
words, with the speaker a careful reader names (how it was made: its ``about``). Borderline labels are scored
apart.

- a labelled quote is **found** when a stored quote's verbatim words (a direct quote, or the quoted fragments of
  reported speech) are the labelled words: the same characters once surrounding punctuation and spaces are set
  aside;
- its **speaker is right** when the stored speaker names the labelled one (the same name, a surname of it, one
  organisation of the actor lexicon under two of its names, or a country for its government: "China" for "Chinese
  government"); a label with no speaker is right with none;
- **speakerless**: found quotes with no speaker where the label has one;
- **unlabelled direct**: stored direct quotes that are no labelled quote (each printed: a false quote, or a
  partial one);
- **thing speakers**: stored direct quotes given to a phrase that is no actor and no person's description
  (its last word no title, no person's noun of ``speakers.toml``, no pronoun, no name): "the call", "a brief
  statement". Each is printed.

Last line: ``quotes_real found=… of=… speaker_right=… speakerless=… thing_speakers=… borderline_found=…
borderline_of=… unlabelled_direct=…`` (speaker_right counts among found). Run: ``.venv/bin/python bench/quotes_real.py``.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import ROOT  # noqa: E402
from compare_real import store_of  # noqa: E402

from storyline.annotate.actor_lexicon import actor_lexicon  # noqa: E402
from storyline.annotate.descriptions import speaker_words  # noqa: E402
from storyline.annotate.names import slug, word_key  # noqa: E402
from storyline.model import Annotation, Quote, QuoteKind  # noqa: E402

LABELS = ROOT / "bench" / "labels" / "news_series_quotes.json"
EDGE = " \t\n,.;:!?—–-'\"‘’“”«»…"
PRONOUNS = frozenset({"he", "she", "they", "it", "we", "i", "him", "her", "them"})


@dataclass(frozen=True)
class Label:
    article: str
    start: int
    end: int
    speaker: str | None
    borderline: bool


def labels() -> tuple[list[Label], set[str]]:
    if not LABELS.is_file():
        raise SystemExit(f"{LABELS}: the labelled quotes are missing")
    data = json.loads(LABELS.read_text("utf-8"))
    found = [Label(q["id"], q["start"], q["end"], q["speaker"], q.get("borderline", False)) for q in data["quotes"]]
    return found, set(data["checked_ids"])


def _core(text: str, start: int, end: int) -> tuple[int, int]:
    """The range without the punctuation and spaces at its edges (outlets and labellers differ on a comma)."""
    while start < end and text[start] in EDGE:
        start += 1
    while end > start and text[end - 1] in EDGE:
        end -= 1
    return start, end


def _matching(label: Label, quotes: list[Quote], text: str) -> Quote | None:
    want = _core(text, label.start, label.end)
    for quote in quotes:
        for start, end in quote.verbatim():
            if _core(text, start, end) == want:
                return quote
    return None


def _initials(name: str) -> str:
    return "".join(w[0] for w in name.split() if w[:1].isupper())


def _organisation(name: str) -> str | None:
    entry = actor_lexicon().organisations.get(name) or actor_lexicon().organisations.get(name.removeprefix("the "))
    return entry.name if entry else None


def same_speaker(stored: str | None, labelled: str | None) -> bool:
    if labelled is None or stored is None:
        return labelled is None and stored is None
    if slug(stored) == slug(labelled):
        return True
    a, b = [word_key(w) for w in stored.split()], [word_key(w) for w in labelled.split()]
    if len(a) == 1 and a[0] in b and len(a[0]) > 1:
        return True  # "Trump" for "Donald Trump", "Xi" for "Xi Jinping" (a surname first)
    if a and b and (a[-1] in b or b[-1] in a) and len(min(a[-1], b[-1], key=len)) > 2:
        return True  # "President Trump" for "Donald Trump"
    if _initials(stored) == labelled.replace(".", "").upper() or _initials(labelled) == stored.replace(".", "").upper():
        return True  # "Federal Open Market Committee" for "FOMC"
    org_a, org_b = _organisation(stored), _organisation(labelled)
    if org_a is not None and org_a == org_b:
        return True
    country_a, country_b = _country(stored), _country(labelled)
    return country_a is not None and country_a == country_b  # "China" for "Chinese government"


def _country(name: str) -> str | None:
    """The country a name is, or whose government it names ("Chinese government", "the Kremlin")."""
    countries = actor_lexicon().countries
    entry = countries.get(name) or countries.get(name.removeprefix("the "))
    if entry is None and name.split()[-1].lower() in {"government", "ministry", "side", "readout"}:
        entry = countries.get(name.split()[0])
    return entry.code if entry else None


def is_thing(quote: Quote) -> bool:
    """A speaker phrase that is no actor, no pronoun and no person's description ("the call")."""
    if quote.speaker is None or quote.speaker_id is not None:
        return False
    words = quote.speaker.split()
    people = actor_lexicon().title_words | speaker_words().people
    last = words[-1].lower() if words else ""
    named = words[-1][:1].isupper() and quote.speaker[:1].isupper()  # "Michael Sims": a name the NER model missed
    return bool(words) and not named and last not in PRONOUNS and last not in people and last.rstrip("s") not in people


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--work", type=Path, default=Path(tempfile.gettempdir()) / "storyline-compare-real")
    parser.add_argument("--misses", action="store_true", help="print every missed quote and wrong speaker")
    args = parser.parse_args()
    args.work.mkdir(parents=True, exist_ok=True)
    wanted, checked = labels()
    store = store_of(args.work)
    try:
        texts = {a.id: a.text for a in store.articles() if a.id in checked}
        annotations: dict[str, Annotation] = {a.article_id: a for a in store.annotations() if a.article_id in checked}
    finally:
        store.close()
    scores = {False: [0, 0, 0, 0], True: [0, 0, 0, 0]}  # of, found, speaker right, speakerless
    for label in wanted:
        quotes = list(annotations[label.article].quotes) if label.article in annotations else []
        text = texts.get(label.article, "")
        score = scores[label.borderline]
        score[0] += 1
        quote = _matching(label, quotes, text)
        said = f"{label.article} [{label.start}:{label.end}] {text[label.start:label.end][:70]!r}"
        if quote is None:
            if args.misses and not label.borderline:
                print(f"  missed {said} ({label.speaker})")
            continue
        score[1] += 1
        if same_speaker(quote.speaker, label.speaker):
            score[2] += 1
        else:
            score[3] += quote.speaker is None and label.speaker is not None
            if args.misses and not label.borderline:
                print(f"  speaker {quote.speaker!r} for {label.speaker!r}: {said}")
    labelled = {(label.article, _core(texts.get(label.article, ""), label.start, label.end)) for label in wanted}
    unlabelled = [
        (article, q) for article, a in sorted(annotations.items()) for q in a.quotes
        if q.kind is QuoteKind.DIRECT
        and (article, _core(texts[article], q.span.start, q.span.end)) not in labelled
    ]
    for article, quote in unlabelled:
        print(f"  unlabelled direct quote {article} ({quote.speaker}): {quote.text[:80]!r}")
    things = [
        (article, q) for article, a in sorted(annotations.items()) for q in a.quotes
        if q.kind is QuoteKind.DIRECT and is_thing(q)
    ]
    for article, quote in things:
        print(f"  thing speaker {quote.speaker!r}: {article} {quote.text[:70]!r}")
    of, found, right, speakerless = scores[False]
    print(f"labelled quotes: {of} (+{scores[True][0]} borderline) on {len(checked)} English pages")
    print(f"found {found}/{of} ({found / max(of, 1):.0%}); speaker right {right}/{found} ({right / max(found, 1):.0%})")
    print(
        f"quotes_real found={found} of={of} speaker_right={right} speakerless={speakerless} "
        f"thing_speakers={len(things)} borderline_found={scores[True][1]} borderline_of={scores[True][0]} "
        f"unlabelled_direct={len(unlabelled)}"
    )


if __name__ == "__main__":
    main()
