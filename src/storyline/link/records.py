"""Event and Story records from linked articles: who, what, when, told by whom.

An Event gathers the articles one cluster holds. Its type, participants and date come from each article's
main event and lede date (its ``ArticleFacts``), counted across the articles, so one outlet's odd framing
does not decide alone. A Story gathers events that share the same main participants, in time order.
"""

from __future__ import annotations

import datetime as dt
import heapq
from collections import Counter, defaultdict
from collections.abc import Iterable, Set
from itertools import combinations

from storyline.link.facts import ArticleFacts
from storyline.link.identity import Identities
from storyline.link.similarity import DATE_TOLERANCE_DAYS
from storyline.model import Event, EventMention, MentionRef, Story

STORY_ACTORS = 4  # the participants that say what an event is about, most mentioned first
STORY_SHARED = 2  # two events with two of those in common are one story (a pair of parties and its issue)
# Countries are not among them: "the United States" takes part in a rate decision and in a leaders' call alike,
# and with one shared person it chained the Fed's decisions to Trump's calls with Xi (news-series dev). A story
# is joined by specific participants: people and organisations.


def build_events(clusters: dict[str, list[str]], facts: dict[str, ArticleFacts], identities: Identities) -> list[Event]:
    """One Event per cluster (key -> article ids); ids are stable: derived from the cluster's key."""
    events = []
    for key, members in sorted(clusters.items()):
        ordered = sorted(members, key=lambda a: (facts[a].published or dt.date.max, a))
        types: Counter[str] = Counter()
        modes: Counter[str] = Counter()
        participants: Counter[str] = Counter()
        mentioned: Counter[str] = Counter()
        dates: Counter[dt.date] = Counter()
        places: Counter[str] = Counter()
        refs: list[MentionRef] = []
        for article_id in ordered:
            article = facts[article_id]
            for actor, times in article.mentioned.items():
                mentioned[identities.of(article_id, actor)] += times
            main = article.main
            if main is None:
                continue
            refs.append(MentionRef(article_id, main.id))
            types[main.type] += 1
            if main.mode:
                modes[main.mode] += 1
            for actor in (*main.actors, *main.targets):
                participants[identities.of(article_id, actor)] += 1
            day = article.lede_date  # the lede's dated event: a headline's event is rarely dated
            if day:
                dates[day] += 1
            if main.place:
                places[main.place] += 1
        known = set(identities.actors)
        ranked = [a for a, _ in _ranked(participants) if a in known]
        ranked += [a for a, _ in _ranked(mentioned) if a in known and a not in ranked]
        first = facts[ordered[0]]
        events.append(
            Event(
                id=f"event:{key}",
                articles=ordered,
                type=_top(types),
                mode=_top(modes),
                actors=ranked,
                date=_top(dates),
                # undated by its ledes, it happened no later than its first report appeared
                date_end=None if dates else min(filter(None, (facts[a].published for a in ordered)), default=None),
                place=_top(places),
                title=first.label,
                mentions=refs,
                doubts=doubts(facts[a] for a in ordered),
            )
        )
        # one kind of disagreement is weak evidence of two happenings (on the train and dev halves of ECB+ and
        # news-series, 3 of the 13 events whose reports give weekdays days apart mixed two events): shown as a
        # thing to check; both kinds together lower the confidence
        events[-1].confidence = "low" if len(events[-1].doubts) > 1 else "high"
    attach_mentions(events, facts, identities)
    return events


WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


# Reports of one happening name its weekday a day apart often enough (time zones, "late Friday", the day a
# report went out): only weekdays further apart, in both directions round the week, tell two happenings.
WEEKDAY_SLACK = 1
# Outlets disagree on how long one call lasted (90 minutes or 2.5 hours): only durations this many times apart,
# each of at least DURATION_MIN_MINUTES (not the seconds of a launch or a heist), are a sign of two happenings.
DURATION_RATIO = 2.0
DURATION_MIN_MINUTES = 10.0


def doubts(members: Iterable[ArticleFacts]) -> list[str]:
    """What an event's reports disagree on that could mean they describe more than one happening: they date its
    main event to weekdays more than a day apart, or state durations for it several times apart. Only reports
    that state the fact take part; the weekdays are named with how many reports give each, the most given first."""
    found = []
    reports = list(members)
    weekdays: Counter[int] = Counter(r.weekday for r in reports if r.weekday is not None)
    days = sorted(weekdays, key=lambda d: (-weekdays[d], d))
    if any(min((x - y) % 7, (y - x) % 7) > WEEKDAY_SLACK for n, x in enumerate(days) for y in days[n + 1 :]):
        told = [f"{WEEKDAYS[d]} ({_reports(weekdays[d])})" for d in days]
        found.append("its reports give weekdays days apart: " + (", ".join(told[:-1]) + " and " + told[-1]))
    stated = sorted(
        (low, high) for r in reports for low, high in r.durations[:1] if low >= DURATION_MIN_MINUTES
    )
    if stated and stated[-1][0] >= DURATION_RATIO * stated[0][1]:
        found.append(f"the durations stated for it are far apart: {_minutes(stated[0])} vs {_minutes(stated[-1])}")
    return found


def _reports(n: int) -> str:
    return f"{n} report" + ("s" if n != 1 else "")


def _minutes(interval: tuple[float, float]) -> str:
    low, high = interval
    text = lambda m: f"{m / 60:g} h" if m >= 60 else f"{m:g} min"  # noqa: E731
    return text(low) if low == high else f"{text(low)}–{text(high)}"


def attach_mentions(events: list[Event], facts: dict[str, ArticleFacts], identities: Identities) -> None:
    """Every asserted event mention that tells of a known Event joins its ``mentions``.

    In an article of event E, a mention of E's type that shares a known participant with the article's main event
    (or either names none) restates E ("the call, which lasted 90 minutes"): the claims stated with it are claims about E. A
    dated mention of another type, or of E's type with other participants, refers to another happening: it joins
    the Event of that type that shares a participant and is dated within DATE_TOLERANCE_DAYS (a background
    reference to an earlier event), and stays unlinked when none is (a date alone cannot tell three calls apart).
    """
    by_type: dict[str, list[Event]] = defaultdict(list)
    for event in events:
        if event.type and event.date:
            by_type[event.type].append(event)
    background: dict[str, list[MentionRef]] = defaultdict(list)
    for event in events:
        for article_id in event.articles:
            main = facts[article_id].main
            if main is None:
                continue
            main_who = _known(article_id, main, identities)
            for mention in facts[article_id].told:  # asserted, of the main's type or dated
                who = _known(article_id, mention, identities)
                if mention.type == main.type and (not who or not main_who or who & main_who):
                    event.mentions.append(MentionRef(article_id, mention.id, "restated"))
                    continue
                if mention.date is None:
                    continue
                target = _dated_match(by_type.get(mention.type, []), mention.date, who, exclude=event.id)
                if target is not None:
                    background[target.id].append(MentionRef(article_id, mention.id, "background"))
    for event in events:
        event.mentions.extend(sorted(background.get(event.id, []), key=lambda r: (r.article_id, r.mention_id)))


def _known(article_id: str, mention: EventMention, identities: Identities) -> set[str]:
    """The participants of a mention that are known actors (not phrases such as "leaders")."""
    ids = (identities.of(article_id, a) for a in (*mention.actors, *mention.targets))
    return {i for i in ids if i in identities.actors}


def _dated_match(candidates: list[Event], day: dt.date, who: set[str], exclude: str) -> Event | None:
    """The candidate dated near ``day`` sharing the most participants with ``who`` (at least one); ties by id."""
    best: tuple[int, str] | None = None
    found: Event | None = None
    for event in candidates:
        if event.id == exclude or event.date is None or abs((event.date - day).days) > DATE_TOLERANCE_DAYS:
            continue
        shared = len(who & set(event.actors))
        if shared and (best is None or (-shared, event.id) < best):
            best, found = (-shared, event.id), event
    return found


def build_stories(events: list[Event], generic: Set[str] = frozenset()) -> list[Story]:
    """Events gathered into stories by the participants the stories share (``generic`` actors, the corpus's
    countries, never count).

    Agglomerative and order-free: each event starts as a story; the two stories whose participants share the
    most, and at least STORY_SHARED, merge first (ties by id), and the merged story's participants are counted
    again. A story's participants are its top STORY_ACTORS named by at least half of its events.

    Comparing stories, not single events, is what keeps a hub from chaining: one event of the Iran talks that
    names Netanyahu beside Trump shares two participants with the Gaza ceasefire's events, but the two stories,
    once each has gathered its own events, share only Trump."""
    gathered: dict[str, list[Event]] = {e.id: [e] for e in events}
    counts: dict[str, Counter[str]] = {
        e.id: Counter(dict.fromkeys([a for a in e.actors if a not in generic][:STORY_ACTORS], 1)) for e in events
    }
    holders: dict[tuple[str, ...], set[str]] = defaultdict(set)  # a STORY_SHARED-subset of top actors -> stories
    tops: dict[str, list[str]] = {}
    heap: list[tuple[int, str, str]] = []

    def index(story: str) -> None:
        need = (len(gathered[story]) + 1) // 2  # what most of its events name, not one event's side participant
        ranked = sorted(counts[story].items(), key=lambda kv: (-kv[1], kv[0]))
        top = sorted(a for a, n in ranked[:STORY_ACTORS] if n >= need)
        tops[story] = top
        met: set[str] = set()
        for subset in combinations(top, STORY_SHARED):
            met |= holders[subset]
            holders[subset].add(story)
        for other in sorted(met - {story}):
            shared = len(set(top) & set(tops[other]))
            heapq.heappush(heap, (-shared, *sorted((story, other))))

    for story in sorted(gathered):
        index(story)
    while heap:
        negative, a, b = heapq.heappop(heap)
        if a not in gathered or b not in gathered or len(set(tops[a]) & set(tops[b])) != -negative:
            continue  # stale: one side merged away, or its participants changed since
        for story in (a, b):
            for subset in combinations(tops.pop(story), STORY_SHARED):
                holders[subset].discard(story)
        gathered[a].extend(gathered.pop(b))
        counts[a].update(counts.pop(b))
        index(a)
    stories = []
    for members in gathered.values():
        members.sort(key=lambda e: (_when(e) is None, _when(e) or dt.date.max, e.id))
        ident = "story:" + min(e.id for e in members).removeprefix("event:")
        actors: Counter[str] = Counter(a for e in members for a in e.actors[:STORY_ACTORS])
        dated = [day for day in map(_when, members) if day]
        for event in members:
            event.story_id = ident
        stories.append(
            Story(
                id=ident,
                events=[e.id for e in members],
                articles=sorted({a for e in members for a in e.articles}),
                actors=[a for a, _ in _ranked(actors)],
                title=members[0].title,
                start=min(dated) if dated else None,
                end=max(dated) if dated else None,
            )
        )
    return sorted(stories, key=lambda s: s.id)


def _when(event: Event) -> dt.date | None:
    """Where an event sits on a timeline: its date, else the last day it can have happened."""
    return event.date or event.date_end


def _ranked(counts: Counter[str]) -> list[tuple[str, int]]:
    return sorted(counts.items(), key=lambda item: (-item[1], item[0]))


def _top(counts: Counter) -> object:  # type: ignore[type-arg]
    ranked = sorted(counts.items(), key=lambda item: (-item[1], str(item[0])))
    return ranked[0][0] if ranked else None


def by_article(events: Iterable[Event]) -> dict[str, tuple[str, str | None]]:
    """article id -> (event id, story id), for the articles export."""
    return {a: (e.id, e.story_id) for e in events for a in e.articles}
