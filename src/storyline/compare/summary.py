"""A short account of each event: the sentences most of its outlets report, each cited to every article that does.

Extractive and cautious: candidate sentences come from the opening of each report (where news states what
happened); a candidate is backed by each other source that has a sentence sharing SAME_SENTENCE of its content
words. The best-backed candidates are taken, earliest first on ties, skipping any that repeats one already taken.
"""

from __future__ import annotations

from dataclasses import dataclass

from storyline.compare.claims import Corpus
from storyline.link import content_stems
from storyline.model import Citation, Event, Span, Summary, SummarySentence

SENTENCES = 3  # per summary
OPENING = 6  # sentences of each article's opening that may be quoted
MIN_WORDS = 8  # shorter lines are headings, captions and bylines
SAME_SENTENCE = 0.3  # Jaccard of content words at which two sentences report the same thing
REPEAT = 0.5  # a candidate this close to a sentence already taken adds nothing


@dataclass(frozen=True)
class Candidate:
    span: Span
    text: str
    words: frozenset[str]
    position: int  # its rank among its article's prose sentences


def jaccard(a: frozenset[str], b: frozenset[str]) -> float:
    return len(a & b) / len(a | b) if a and b else 0.0


def candidates(article_id: str, corpus: Corpus) -> list[Candidate]:
    """The prose sentences of an article's opening."""
    annotation = corpus.annotations.get(article_id)
    article = corpus.articles.get(article_id)
    if annotation is None or article is None:
        return []
    found: list[Candidate] = []
    for number, (start, end) in enumerate(annotation.sentences):
        text = article.text[start:end].strip()
        if len(text.split()) < MIN_WORDS or text[-1] not in ".!?\"”’'":
            continue
        lead = start + (len(article.text[start:end]) - len(article.text[start:end].lstrip()))
        found.append(Candidate(Span(article_id, lead, lead + len(text), number), text, content_stems(text), len(found)))
        if len(found) >= OPENING:
            break
    return found


def summarise(event: Event, corpus: Corpus) -> Summary:
    by_article = {a: candidates(a, corpus) for a in event.articles}
    scored: list[tuple[int, int, str, Candidate, list[Candidate]]] = []
    for article_id, own in by_article.items():
        for candidate in own:
            backers = [candidate]
            origins = {corpus.origin(article_id)}
            for other_id, others in by_article.items():
                if other_id == article_id or corpus.origin(other_id) in origins:
                    continue
                best = max(others, key=lambda o: jaccard(candidate.words, o.words), default=None)
                if best is not None and jaccard(candidate.words, best.words) >= SAME_SENTENCE:
                    backers.append(best)
                    origins.add(corpus.origin(other_id))
            scored.append((-len(origins), candidate.position, article_id, candidate, backers))
    scored.sort(key=lambda s: (s[0], s[1], s[2], s[3].span.start))
    chosen: list[SummarySentence] = []
    taken: list[frozenset[str]] = []
    for _, _, _, candidate, backers in scored:
        if any(jaccard(candidate.words, t) >= REPEAT for t in taken):
            continue
        taken.append(candidate.words)
        chosen.append(SummarySentence(candidate.text, tuple(_cite(b, corpus) for b in backers)))
        if len(chosen) >= SENTENCES:
            break
    return Summary(event.id, tuple(chosen))


def _cite(candidate: Candidate, corpus: Corpus) -> Citation:
    return Citation(candidate.span.article_id, corpus.articles[candidate.span.article_id].outlet, candidate.span, candidate.text)
