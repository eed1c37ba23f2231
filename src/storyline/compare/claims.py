"""Which claims are about the same thing: an event's claims grouped by subject, attribute and unit.

A claim whose subject is one of the event's mentions (the article's main event, a restatement of it: "the
conversation, which lasted nearly 90 minutes", or a mention of its opening sentences) is about the event itself;
a date only when its mention is the main event or a restatement in the opening (an opening also dates the
preparations, and a later paragraph an earlier step). A claim about a thing ("a 30-day halt",
"52 detainees") is about that thing, named by its noun, within the event. Claims about other mentions (an earlier
call, a planned meeting) are not the event's, and are not compared with it.
"""

from __future__ import annotations

import tomllib
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from urllib.parse import urlsplit

from storyline.annotate import plover_lexicon as load_lexicon
from storyline.compare.agreement import Subject
from storyline.compare.values import compatible, numeric, unit_of
from storyline.link import Identities, doubtful_page_date
from storyline.model import Annotation, Article, Citation, ClaimKind, ClaimValue, Event, Span

# The opening of a report states its event's key facts (how many, how long, when): a claim tied to a mention there
# is about the event, whatever the annotator coded the mention as (one outlet's "exchanged" is another's "swap").
# Headline, standfirst and dateline lines come first, so the window is wider than the linker's lede.
OPENING_SENTENCES = 6
# A thing's schedule and extent ("a 30-day moratorium", "the halt begins on May 1") are compared across reports;
# counts of things are not: the things an opening counts are often an earlier instance ("the first exchange
# involved 52 people").
THING_ATTRIBUTES = frozenset({"length", "duration", "start", "end"})
# A thing's start or end day is read anywhere in a report ("When does the halt start? The moratorium begins on
# Monday, April 20"): an article of the event that names the thing's schedule names the event's.
SCHEDULE_ATTRIBUTES = frozenset({"start", "end"})
# Attributes of a person rather than of a happening, or too loosely tied to one to compare: an age, and a gap
# ("two days before the inauguration", "eight minutes into the flight") that places the event, not measures it.
SKIP_ATTRIBUTES = frozenset({"age", "gap"})
# What a happening itself is compared on. Not its shares or sums: a rate decision's report gives the rate, the
# inflation forecast and the growth outlook as percentages of "the decision" alike, and a tariff deal several
# tariffs; which number is which needs the noun it measures (a thing, compared as one).
EVENT_ATTRIBUTES = frozenset({"duration", "length", "count", "date", "start", "end"})
EVENT_ROLES = frozenset({"main", "restated"})


UNKNOWN_OUTLET = "article:"  # the key of an article whose outlet is not known: it stands alone


def unknown_outlet(article_id: str) -> str:
    return f"{UNKNOWN_OUTLET}{article_id}"


def _host(url: str | None) -> str | None:
    host = urlsplit(url).hostname if url else None
    return host.removeprefix("www.") if host else None


def _domain(name: str | None) -> str | None:
    """An outlet named by its web host ("northwire.example", "www.reuters.com")."""
    if name and " " not in name.strip() and "." in name.strip(".") and not name.endswith("."):
        return name.strip().lower().removeprefix("www.")
    return None


def _folded(name: str) -> str:
    return "".join(c for c in name.casefold() if c.isalnum())


@dataclass(frozen=True)
class Corpus:
    """What the compare stage reads: the stored articles, annotations, events and identities."""

    articles: dict[str, Article]
    annotations: dict[str, Annotation]
    events: list[Event]
    identities: Identities
    hosts: dict[str, str] = field(init=False, repr=False, compare=False)  # a host's name folded -> the host

    def __post_init__(self) -> None:
        hosts: dict[str, str] = {}
        for article in self.articles.values():
            host = _host(article.url) or _domain(article.outlet)
            if host:
                hosts.setdefault(_folded(host.split(".")[0]), host)
        object.__setattr__(self, "hosts", hosts)  # a frozen record: set once, here

    def outlet(self, article_id: str) -> str:
        """The outlet as one key: its web host when the page has a URL (names vary: "Lima Dispatch" and
        "limadispatch.example"), else the host of the corpus that its stated name spells ("Lima Dispatch" ->
        limadispatch.example), else that name, else the article itself (an unknown source stands alone)."""
        article = self.articles.get(article_id)
        if article is None:
            return unknown_outlet(article_id)
        host = _host(article.url)
        if host:
            return host
        if article.outlet:
            if _domain(article.outlet):
                return article.outlet
            return self.hosts.get(_folded(article.outlet), article.outlet)
        return unknown_outlet(article_id)

    def origin(self, article_id: str) -> str:
        """The independent source behind an article: a copy (exact or near) speaks with its original's voice."""
        article = self.articles.get(article_id)
        if article is not None and article.duplicate_of and article.duplicate_of in self.articles:
            return self.outlet(article.duplicate_of)
        return self.outlet(article_id)

    def citation(self, span: Span) -> Citation:
        article = self.articles[span.article_id]
        return Citation(span.article_id, article.outlet, span, article.text[span.start : span.end])


@dataclass
class Grouped:
    """An event's claims by subject, one value per article each, and the articles that contradict themselves."""

    groups: dict[Subject, list[ClaimValue]]
    inconsistent: list[tuple[str, Subject, ClaimValue, ClaimValue]]  # (article, subject, first value, other)


def event_claims(event: Event, corpus: Corpus) -> Grouped:
    told = {(m.article_id, m.mention_id) for m in event.mentions if m.role in EVENT_ROLES}
    opening = _opening_mentions(event, corpus)
    refs = told | opening
    dated = {(m.article_id, m.mention_id) for m in event.mentions if m.role == "main"} | (told & opening)
    label = _event_label(event, corpus)
    groups: dict[Subject, list[ClaimValue]] = {}
    inconsistent: list[tuple[str, Subject, ClaimValue, ClaimValue]] = []
    for article_id in event.articles:
        annotation = corpus.annotations.get(article_id)
        if annotation is None:
            continue
        first: dict[Subject, ClaimValue] = {}
        mention_of: dict[Subject, str] = {}  # the mention each first value is tied to
        article = corpus.articles.get(article_id)
        doubtful = doubtful_page_date(annotation, article.published.value if article else None) is not None
        for claim in sorted(annotation.claims, key=lambda c: c.span.start):
            if claim.kind is ClaimKind.ROLE or claim.attribute in SKIP_ATTRIBUTES:
                continue
            if doubtful and claim.kind is ClaimKind.DATE and not any(ch.isdigit() for ch in claim.text):
                continue  # "on Thursday" read against a page date the page itself contradicts: no date at all
            if (
                claim.subject_kind == "event"
                and claim.attribute in EVENT_ATTRIBUTES
                and (article_id, claim.subject) in (dated if claim.kind is ClaimKind.DATE else refs)
            ):
                subject_key, subject_label = event.id, label
            elif claim.subject_kind == "thing" and claim.attribute in THING_ATTRIBUTES and (
                claim.attribute in SCHEDULE_ATTRIBUTES
                or (article_id, claim.event) in refs
                or (claim.span.sentence or 0) < OPENING_SENTENCES
            ):
                noun = thing_noun(claim.subject)
                subject_key, subject_label = f"thing:{noun}", noun
            else:
                continue
            value = numeric(claim, corpus.citation(claim.span))
            if value is None:
                continue
            subject = Subject("event", subject_key, subject_label, claim.attribute, unit_of(claim), event.id)
            if subject in first:
                # one page contradicts itself only on one mention's value, stated in two places: two mentions, or
                # two values in one sentence ("the previous model took 4 minutes while the new one took 2"), are
                # two things compared, both right
                if (
                    not compatible(first[subject], value)
                    and mention_of.get(subject) == claim.subject
                    and first[subject].citation.span.sentence != value.citation.span.sentence
                ):
                    inconsistent.append((article_id, subject, first[subject], value))
                continue
            first[subject] = value
            mention_of[subject] = claim.subject
            groups.setdefault(subject, []).append(value)
    return Grouped(groups, inconsistent)


@lru_cache(maxsize=1)
def _synonyms() -> dict[str, str]:
    data = tomllib.loads(resources.files("storyline.data.compare").joinpath("things.toml").read_text("utf-8"))
    return {word: group[0] for group in data["synonyms"] for word in group}


def thing_noun(noun: str) -> str:
    """The name a thing is compared under: its noun, or the first word of its synonyms (things.toml)."""
    noun = noun.lower()
    return _synonyms().get(noun, noun)


def _opening_mentions(event: Event, corpus: Corpus) -> set[tuple[str, str]]:
    """The asserted mentions of each article's opening sentences."""
    found: set[tuple[str, str]] = set()
    for article_id in event.articles:
        annotation = corpus.annotations.get(article_id)
        for mention in annotation.events if annotation else []:
            if (mention.span.sentence or 0) < OPENING_SENTENCES and not (
                mention.negated or mention.hypothetical or mention.future
            ):
                found.add((article_id, mention.id))
    return found


def _event_label(event: Event, corpus: Corpus) -> str:
    """What the event is called: the event noun its articles' main mentions use most ("the call", "the talks").
    A verb trigger reads badly after "the" ("the arrested"): without a noun, the first noun the trigger lexicon
    lists for the event's type and mode ("the arrest"), else its title."""
    nouns = load_lexicon().nouns
    words: Counter[str] = Counter()
    for ref in event.mentions:
        if ref.role != "main" or ref.article_id not in corpus.annotations:
            continue
        for mention in corpus.annotations[ref.article_id].events:
            if mention.id == ref.mention_id and mention.trigger.lower() in nouns:
                words[mention.trigger.lower()] += 1
    top = sorted(words.items(), key=lambda kv: (-kv[1], kv[0]))
    if top:
        return f"the {top[0][0]}"
    noun = _type_noun(event.type, event.mode) or _type_noun(event.type, None)
    return f"the {noun}" if noun else (event.title or event.id)


@lru_cache(maxsize=None)
def _type_noun(event_type: str | None, mode: str | None) -> str | None:
    """The first noun the trigger lexicon lists for a PLOVER type and mode with no other words required."""
    for lemma, patterns in load_lexicon().nouns.items():
        if any(p.type == event_type and p.mode == mode and not p.required for p in patterns):
            return lemma
    return None
