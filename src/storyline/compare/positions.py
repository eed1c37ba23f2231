"""Who wants what: each party's demands, offers, acceptances, rejections and conditions, by issue, over time.

A position is read off an event mention the annotator coded (REQUEST, REJECT, AGREE, positions.toml) whose actor is
a known party: the trigger's lemma names the kind ("offered" -> offer, "insisted" -> demand), a negated acceptance
is a rejection ("will not accept"), and so is a refusal to act of any type ("will not release the ships"), and an acceptance or offer stated with a condition marker ("only if", "in
exchange for") is a condition. The clause from the trigger to the end of its sentence says what it is about; its
words tag the issues (issues.toml). Every position keeps the article and span that state it.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from storyline.compare.claims import Corpus
from storyline.model import Annotation, Event, EventMention, Position, Span


@dataclass(frozen=True)
class Lexicon:
    types: dict[str, str]  # PLOVER type -> default kind
    kinds: dict[str, str]  # trigger lemma (or phrase) -> kind
    conditions: tuple[str, ...]
    issues: tuple[tuple[str, re.Pattern[str]], ...]


@lru_cache(maxsize=1)
def lexicon() -> Lexicon:
    folder = resources.files("storyline.data.compare")
    positions = tomllib.loads(folder.joinpath("positions.toml").read_text("utf-8"))
    issues = tomllib.loads(folder.joinpath("issues.toml").read_text("utf-8"))["issues"]
    kinds = {word: kind for kind, words in positions["kinds"].items() for word in words}
    patterns = tuple((name, _pattern(words)) for name, words in issues.items())
    return Lexicon(positions["types"], kinds, tuple(positions["conditions"]["markers"]), patterns)


def _pattern(words: list[str]) -> re.Pattern[str]:
    parts = [re.escape(w[:-1]) + r"\w*" if w.endswith("*") else re.escape(w) for w in words]
    return re.compile(r"\b(?:" + "|".join(parts) + r")\b")


def kind_of(mention: EventMention, clause: str) -> str | None:
    lex = lexicon()
    default = lex.types.get(mention.type)
    if default is None:
        # a party saying it will not act ("Norway will not release the ships") refuses: a rejection
        return "rejection" if mention.negated and (mention.future or mention.hypothetical) else None
    words = mention.trigger.lower().split()
    lemma = _lemma(words[0]) if words else ""
    kind = lex.kinds.get(mention.trigger.lower()) or lex.kinds.get(lemma) or default
    if mention.negated and kind in ("acceptance", "offer"):
        return "rejection"
    if mention.negated:
        return None  # "did not demand", "did not reject": no stance stated
    lowered = clause.lower()
    if kind in ("acceptance", "offer") and any(marker in lowered for marker in lex.conditions):
        return "condition"
    return kind


def issues_of(clause: str) -> tuple[str, ...]:
    lowered = clause.lower()
    return tuple(name for name, pattern in lexicon().issues if pattern.search(lowered))


def positions(corpus: Corpus, event_of: dict[str, Event]) -> list[Position]:
    """Every stated position of a known party, in article order."""
    known = set(corpus.identities.actors)
    names = {a.id: a.name for a in corpus.identities.actors.values()}
    found: list[Position] = []
    for article_id, annotation in sorted(corpus.annotations.items()):
        article = corpus.articles.get(article_id)
        if article is None:
            continue
        event = event_of.get(article_id)
        for mention in sorted(annotation.events, key=lambda e: e.span.start):
            sentence = _sentence_span(annotation.sentences, mention.span)
            clause_span = Span(article_id, mention.span.start, sentence[1], mention.span.sentence)
            clause = article.text[clause_span.start : clause_span.end].strip()
            kind = kind_of(mention, article.text[sentence[0] : sentence[1]])
            if kind is None:
                continue
            speaker = _speaker(annotation, mention, corpus)
            holders = [h for h in (corpus.identities.of(article_id, a) for a in mention.actors) if h in known]
            if not holders and speaker and (not mention.actors or any(a.lower() in FIRST_PERSON for a in mention.actors)):
                holders = [speaker]  # "I cannot trade a criminal case", said the minister: his own stance
            for actor in dict.fromkeys(holders):
                found.append(
                    Position(
                        id=f"position:{article_id}:{mention.id}:{actor}",
                        actor=actor,
                        actor_name=names.get(actor, actor),
                        kind=kind,
                        issues=issues_of(clause),
                        about=clause,
                        citation=corpus.citation(clause_span),
                        date=(event.date if event and event.date else article.published.value),
                        event_id=event.id if event else None,
                        negated=mention.negated,
                        stated_by=speaker,
                    )
                )
    return found


FIRST_PERSON = frozenset({"i", "we", "me", "us"})


def _speaker(annotation: Annotation, mention: EventMention, corpus: Corpus) -> str | None:
    """Who states the clause a mention sits in: the speaker of the quote (direct or reported) around it."""
    for quote in annotation.quotes:
        if quote.speaker_id and quote.span.start <= mention.span.start < quote.span.end:
            ident = corpus.identities.of(annotation.article_id, quote.speaker_id)
            return ident if ident in corpus.identities.actors else None
    return None


def _sentence_span(sentences: list[tuple[int, int]], span: Span) -> tuple[int, int]:
    if span.sentence is not None and 0 <= span.sentence < len(sentences):
        start, end = sentences[span.sentence]
        return start, end
    return span.start, span.end


_SUFFIXES = (("ied", "y"), ("ies", "y"), ("ing", ""), ("ed", ""), ("es", ""), ("s", ""))


def _lemma(word: str) -> str:
    """A crude lemma for matching kind words: 'offered' -> 'offer', 'insisted' -> 'insist'."""
    if word in lexicon().kinds:
        return word
    for suffix, repl in _SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            candidate = word[: -len(suffix)] + repl
            if candidate in lexicon().kinds:
                return candidate
            if candidate + "e" in lexicon().kinds:
                return candidate + "e"
    return word
