"""View models: the store's records arranged the way a reader looks at them, for the report and the web app alike.

Pages never build URLs themselves: a ``Links`` object says where a story, an event, an article sentence lives (a
fragment of the one-file report, or a route of the web app), so one set of templates serves both.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import PurePath
from typing import Protocol

from storyline.compare import Corpus, unknown_outlet
from storyline.link import resolve_identities
from storyline.model import (
    Actor,
    Agreement,
    Article,
    Citation,
    Conflict,
    Event,
    Position,
    Quote,
    SourceProfile,
    Story,
    Summary,
)
from storyline.present.timeline import Timeline, TimelinePoint, lay_out
from storyline.store import Store


class Links(Protocol):
    def story(self, story_id: str) -> str: ...
    def event(self, event_id: str) -> str: ...
    def article(self, article_id: str, sentence: int | None = None, span: tuple[int, int] | None = None) -> str: ...


@dataclass(frozen=True)
class Cited:
    """A fact's words and where they stand."""

    text: str
    href: str
    outlet: str | None
    article_id: str


@dataclass(frozen=True)
class Cell:
    value: str
    cited: Cited
    outlier: bool  # stands on a minority side of a conflict


@dataclass(frozen=True)
class Fact:
    """One column of an event's outlets-by-facts matrix."""

    id: str
    label: str
    conflict: bool
    severity: str | None
    consensus: str | None
    cells: dict[str, list[Cell]]  # outlet -> what it says


@dataclass(frozen=True)
class SummaryLine:
    text: str
    cited: list[Cited]


@dataclass(frozen=True)
class QuoteLine:
    """One statement, once: a syndicated copy's quote is the original's, cited under every outlet that ran it."""

    text: str
    kind: str
    cited: list[Cited]


@dataclass(frozen=True)
class PositionLine:
    actor: str
    kind: str
    issues: tuple[str, ...]
    about: str
    date: dt.date | None
    event_id: str | None
    cited: Cited


@dataclass(frozen=True)
class ConflictSide:
    value: str
    majority: bool
    cited: list[Cited]


@dataclass(frozen=True)
class ConflictLine:
    """One conflict as the conflicts list shows it: what is disputed, by whom, with every side's sentences."""

    id: str
    label: str
    scope: str  # "event", "actor" (a person's role) or "office" (who holds it)
    severity: str
    consensus: str | None
    event_id: str | None
    event_title: str | None
    sides: list[ConflictSide]


@dataclass
class EventPage:
    event: Event
    when: str
    summary: list[SummaryLine]
    outlets: list[str]
    facts: list[Fact]
    quotes: dict[str, list[QuoteLine]]  # speaker -> quotes
    articles: list[Article]
    conflicts: int = 0
    outlet_names: dict[str, str] = field(default_factory=dict)  # key -> what a reader sees, for unknown outlets

    @property
    def languages(self) -> list[tuple[str, int]]:
        """The event's coverage by language, most articles first ("unknown" when a page's language was not told)."""
        counts = Counter(a.language or "unknown" for a in self.articles)
        return sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))


@dataclass
class ActorPage:
    """One actor across the corpus: who, the titles outlets gave them over time, what they said, their stated
    positions and the events they took part in."""

    actor: Actor
    roles: list[tuple[str, str, Cited]]  # (when, title, where it is written), in time order
    quotes: list[QuoteLine]
    positions: list[PositionLine]
    events: list[Event]


@dataclass
class StoryPage:
    story: Story
    events: list[EventPage]
    timeline: Timeline
    positions: dict[str, list[PositionLine]]  # actor name -> positions in time order
    span: tuple[str, str] | None = None

    @property
    def sort_key(self) -> tuple[int, str]:
        """The report's order: the largest story first, then the earliest."""
        return (-len(self.story.articles), self.span[0] if self.span else "9999")


@dataclass
class SentenceBlock:
    index: int
    text: str
    marked: tuple[int, int] | None = None  # a span inside the sentence to highlight (offsets relative to it)
    gap: str = ""  # the text between this sentence and the next (a line break ends a paragraph)


@dataclass
class ArticlePage:
    article: Article
    sentences: list[SentenceBlock]
    event_id: str | None
    story_id: str | None

    @property
    def paragraphs(self) -> list[list[SentenceBlock]]:
        """The sentences grouped as the article's paragraphs: a paragraph ends where the text breaks a line
        (a sentence split off a name, "US", stays inside its paragraph instead of standing on a line alone)."""
        groups: list[list[SentenceBlock]] = []
        for block in self.sentences:
            if not groups or groups[-1][-1].text.endswith("\n") or "\n" in groups[-1][-1].gap:
                groups.append([])
            groups[-1].append(block)
        return groups


@dataclass
class Site:
    """Everything a report needs, read from the store once."""

    stories: list[StoryPage]
    sources: list[SourceProfile]
    articles: dict[str, Article] = field(default_factory=dict)
    conflicts: list[ConflictLine] = field(default_factory=list)  # every conflict in the store, events' and actors'
    outlet_names: dict[str, str] = field(default_factory=dict)


def _once(said: dict[tuple[str, str], QuoteLine], speaker: str, quote: Quote, cited: Cited) -> QuoteLine | None:
    """A new line for a statement not seen yet; a copy's quote only adds its citation to the line already shown."""
    key = (speaker, _folded(quote.text))
    if key in said:
        said[key].cited.append(cited)
        return None
    said[key] = QuoteLine(quote.text, quote.kind.value, [cited])
    return said[key]


def _folded(text: str) -> str:
    """A quote's words for telling copies apart: case, spacing and punctuation set aside."""
    return " ".join("".join(c for c in text.lower() if c.isalnum() or c.isspace()).split())


def when(event: Event) -> str:
    if event.date:
        return event.date.isoformat()
    if event.date_end:
        return f"by {event.date_end.isoformat()}"
    return "undated"


class Reader:
    """Reads the store once and builds pages on demand."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self.articles = {a.id: a for a in store.articles()}
        self.annotations = {a.article_id: a for a in store.annotations()}
        self.events = {e.id: e for e in store.events()}
        self.stories = {s.id: s for s in store.stories()}
        self.summaries: dict[str, Summary] = {s.event_id: s for s in store.summaries()}
        self.findings: dict[str, list[Agreement | Conflict]] = defaultdict(list)
        self.conflicts: list[Conflict] = list(store.conflicts())
        self.all_findings: list[Agreement | Conflict] = [*store.agreements(), *self.conflicts]
        for finding in self.all_findings:
            if finding.event_id:
                self.findings[finding.event_id].append(finding)
        self.positions = list(store.positions())
        self.sources = list(store.sources())
        self.identities = resolve_identities(self.annotations.values())
        self.corpus = Corpus(self.articles, self.annotations, list(self.events.values()), self.identities)
        self.links = store.links()

    def outlet_label(self, article_id: str) -> str:
        """The one name shown for an article's outlet wherever it is cited, the same as in the sources table: one
        outlet is one name whether a page stated "Northwire" or only came from northwire.example."""
        key = self.corpus.outlet(article_id)
        article = self.articles.get(article_id)
        return _unknown_label(article) if article is not None and key == unknown_outlet(article_id) else key

    # -- pieces ---------------------------------------------------------------------------------------------
    def cited(self, citation: Citation, links: Links) -> Cited:
        span = citation.span
        return Cited(citation.text, links.article(span.article_id, span.sentence, (span.start, span.end)),
                     self.outlet_label(span.article_id), span.article_id)

    def event_page(self, event_id: str, links: Links) -> EventPage:
        event = self.events[event_id]
        summary = self.summaries.get(event_id)
        lines = [
            SummaryLine(s.text, [self.cited(c, links) for c in s.citations]) for s in (summary.sentences if summary else ())
        ]
        facts: list[Fact] = []
        outlets: set[str] = set()
        for finding in sorted(self.findings.get(event_id, []), key=lambda f: (isinstance(f, Agreement), f.id)):
            sides = (finding.side,) if isinstance(finding, Agreement) else finding.sides
            cells: dict[str, list[Cell]] = defaultdict(list)
            for side in sides:
                outlier = isinstance(finding, Conflict) and not side.majority
                for value in side.claims:
                    outlet = self.corpus.outlet(value.citation.article_id)
                    outlets.add(outlet)
                    cells[outlet].append(Cell(value.display, self.cited(value.citation, links), outlier))
            label = f"{finding.subject_label} · {finding.attribute}"
            if isinstance(finding, Conflict):
                facts.append(Fact(finding.id, label, True, finding.severity, finding.consensus, dict(cells)))
            else:
                facts.append(Fact(finding.id, label, False, None, finding.consensus, dict(cells)))
        quotes: dict[str, list[QuoteLine]] = defaultdict(list)
        said: dict[tuple[str, str], QuoteLine] = {}  # (speaker, folded words) -> the line that holds them
        for article_id in event.articles:
            annotation = self.annotations.get(article_id)
            article = self.articles.get(article_id)
            if annotation is None or article is None:
                continue
            for quote in annotation.quotes:
                speaker = quote.speaker or "unattributed"
                if quote.speaker_id:
                    ident = self.identities.of(article_id, quote.speaker_id)
                    speaker = self.identities.actors[ident].name if ident in self.identities.actors else speaker
                cited = self.cited(Citation(article_id, article.outlet, quote.span, quote.text), links)
                line = _once(said, speaker, quote, cited)
                if line is not None:
                    quotes[speaker].append(line)
        articles = [self.articles[a] for a in event.articles if a in self.articles]
        return EventPage(
            event=event,
            when=when(event),
            summary=lines,
            outlets=sorted(outlets),
            facts=facts,
            quotes=dict(sorted(quotes.items(), key=lambda kv: (-len(kv[1]), kv[0]))),
            articles=articles,
            conflicts=sum(1 for f in facts if f.conflict),
            outlet_names=self.outlet_names(),
        )

    def story_page(self, story_id: str, links: Links) -> StoryPage:
        story = self.stories[story_id]
        pages = [self.event_page(e, links) for e in story.events if e in self.events]
        days = [d for d in (p.event.date or p.event.date_end for p in pages) if d]
        first, last = (min(days), max(days)) if days else (None, None)
        width = max(((last - first).days if first and last else 0), 1)
        timeline = []
        for n, page in enumerate(pages):
            day = page.event.date or page.event.date_end
            x = ((day - first).days / width) if day and first else (n + 1) / (len(pages) + 1)
            timeline.append(
                TimelinePoint(page.event.id, page.event.title or page.event.id, page.when, x, bool(page.event.date),
                              page.conflicts, links.event(page.event.id))
            )
        wanted = set(story.events)
        by_actor: dict[str, list[PositionLine]] = defaultdict(list)
        for position in sorted(self.positions, key=lambda p: (p.date or dt.date.max, p.id)):
            if position.event_id in wanted:
                by_actor[position.actor_name].append(self.position_line(position, links))
        return StoryPage(
            story=story,
            events=pages,
            timeline=lay_out(timeline),
            positions=dict(sorted(by_actor.items(), key=lambda kv: (-len(kv[1]), kv[0]))),
            span=(first.isoformat(), last.isoformat()) if first and last else None,
        )

    def position_line(self, position: Position, links: Links) -> PositionLine:
        return PositionLine(position.actor_name, position.kind, position.issues, self.sentence_of(position),
                            position.date, position.event_id, self.cited(position.citation, links))

    def sentence_of(self, position: Position) -> str:
        """The whole sentence that states a position (its clause alone starts mid-sentence: "that any deal ...")."""
        span = position.citation.span
        annotation = self.annotations.get(span.article_id)
        article = self.articles.get(span.article_id)
        if annotation is None or article is None:
            return position.about
        for start, end in annotation.sentences:
            if start <= span.start < end:
                return " ".join(article.text[start : max(end, span.end)].split())
        return position.about

    def article_page(self, article_id: str, mark: tuple[int, int] | None = None) -> ArticlePage:
        article = self.articles[article_id]
        annotation = self.annotations.get(article_id)
        bounds = annotation.sentences if annotation and annotation.sentences else [(0, len(article.text))]
        blocks = []
        for n, (start, end) in enumerate(bounds):
            inside = None
            if mark and start <= mark[0] < end:
                inside = (mark[0] - start, min(mark[1], end) - start)
            following = bounds[n + 1][0] if n + 1 < len(bounds) else len(article.text)
            blocks.append(SentenceBlock(n, article.text[start:end], inside, article.text[end:following]))
        event_id, story_id = self.links.get(article_id, (None, None))
        return ArticlePage(article, blocks, event_id, story_id)

    def conflict_lines(self, links: Links) -> list[ConflictLine]:
        """Every stored conflict once, those of events first (by event), then actors' roles and offices' holders:
        the one list the report, the web app, the API and the export count alike."""
        lines = []
        for conflict in sorted(self.conflicts, key=lambda c: (c.event_id is None, c.event_id or "", c.id)):
            event = self.events.get(conflict.event_id) if conflict.event_id else None
            sides = [
                ConflictSide(side.value, side.majority, [self.cited(v.citation, links) for v in side.claims])
                for side in conflict.sides
            ]
            lines.append(
                ConflictLine(
                    conflict.id,
                    f"{conflict.subject_label} · {conflict.attribute}" + (f" ({conflict.period})" if conflict.period else ""),
                    conflict.scope,
                    conflict.severity,
                    conflict.consensus,
                    conflict.event_id if event else None,
                    (event.title or event.id) if event else None,
                    sides,
                )
            )
        return lines

    def site(self, links: Links) -> Site:
        stories = [self.story_page(s, links) for s in sorted(self.stories, key=lambda s: self._story_order(s))]
        return Site(stories, self.sources, self.articles, self.conflict_lines(links), self.outlet_names())

    def actor_page(self, actor_id: str, links: Links) -> ActorPage:
        actor = self.identities.actors[actor_id]
        roles = []
        for role in sorted(actor.roles, key=lambda r: (r.stated or dt.date.max, r.span.article_id, r.span.start)):
            article = self.articles.get(role.span.article_id)
            if article is None:
                continue
            citation = Citation(article.id, article.outlet, role.span, role.title)
            roles.append((role.stated.isoformat() if role.stated else "undated", role.title, self.cited(citation, links)))
        quotes: list[QuoteLine] = []
        said: dict[tuple[str, str], QuoteLine] = {}
        for article_id, annotation in sorted(self.annotations.items()):
            article = self.articles.get(article_id)
            for quote in annotation.quotes if article else ():
                if not quote.speaker_id or self.identities.of(article_id, quote.speaker_id) != actor_id:
                    continue
                cited = self.cited(Citation(article_id, article.outlet, quote.span, quote.text), links)
                line = _once(said, actor_id, quote, cited)
                if line is not None:
                    quotes.append(line)
        positions = [
            self.position_line(p, links)
            for p in sorted(self.positions, key=lambda p: (p.date or dt.date.max, p.id))
            if p.actor == actor_id
        ]
        events = sorted(
            (e for e in self.events.values() if actor_id in e.actors),
            key=lambda e: (e.date is None, e.date or dt.date.max, e.id),
        )
        return ActorPage(actor, roles, quotes, positions, events)

    def outlet_names(self) -> dict[str, str]:
        """How an article of unknown outlet is shown: its file's name, and that the outlet is unknown."""
        names = {}
        for article in self.articles.values():
            key = unknown_outlet(article.id)
            if self.corpus.outlet(article.id) == key:
                names[key] = _unknown_label(article)
        return names

    def _story_order(self, story_id: str) -> tuple[bool, str, str]:
        story = self.stories[story_id]
        return (story.start is None, (story.start or dt.date.max).isoformat(), story_id)


def _unknown_label(article: Article) -> str:
    """An article whose outlet is not known, as a reader sees it: its file's name, and that the outlet is unknown."""
    return f"{PurePath(article.source).name or article.id} (outlet unknown)"
