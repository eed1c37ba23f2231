"""The compare stage over the store: linked events in; agreements, conflicts, positions, source profiles and
summaries out, replacing the previous ones in one transaction. Everything is derived from what the store holds,
so the result does not depend on the order articles arrived in."""

from __future__ import annotations

import logging
from dataclasses import dataclass

from storyline.compare.agreement import judge
from storyline.compare.claims import Corpus, event_claims
from storyline.compare.positions import positions
from storyline.compare.roles import explicitly_current, office, role_findings
from storyline.compare.sources import profiles
from storyline.compare.summary import summarise
from storyline.link import resolve_identities
from storyline.model import Agreement, Conflict, Event, Position, QuoteKind, SourceProfile, Summary
from storyline.store import Store

log = logging.getLogger(__name__)

# What one article can contradict itself on: what a happening has one of (how long it lasted, the day it fell on).
# Not counts: a page recounting two exchanges gives two counts of "detainees" ("17 and 52"), both right.
SELF_CONTRADICTION_ATTRIBUTES = frozenset({"duration", "length", "date", "start", "end"})
# Reports of one happening that date it more than this many days apart are, far more often than outlets in error,
# reports of two happenings linked as one (two rate meetings seven weeks apart, two calls): not a contradiction.
# Outlets really disagree by a day (time zones) or a weekday. A thing's dates (a truce's start) are not held to it.
EVENT_DATE_SPREAD_DAYS = 7


@dataclass(frozen=True)
class Compared:
    agreements: list[Agreement]
    conflicts: list[Conflict]
    positions: list[Position]
    sources: list[SourceProfile]
    summaries: list[Summary]

    @property
    def flagged_outlets(self) -> int:
        return sum(1 for s in self.sources if s.flags)


def load_corpus(store: Store) -> Corpus:
    articles = {a.id: a for a in store.articles()}
    annotations = {a.article_id: a for a in store.annotations()}
    return Corpus(articles, annotations, list(store.events()), resolve_identities(annotations.values()))


def compare(corpus: Corpus) -> Compared:
    """Every finding the corpus supports."""
    event_of: dict[str, Event] = {a: e for e in corpus.events for a in e.articles}
    findings: list[Agreement | Conflict] = []
    inconsistent: list[tuple[str, str, str]] = []
    for event in corpus.events:
        grouped = event_claims(event, corpus)
        for subject, values in sorted(grouped.groups.items(), key=lambda kv: kv[0].id("x")):
            finding = judge(subject, values, lambda v: corpus.origin(v.citation.article_id), numeric=True)
            if isinstance(finding, Conflict) and subject.subject == event.id and _days_apart(finding):
                log.info("%s: dates %s apart are two happenings, not a contradiction", event.id, finding.id)
                continue
            if finding is not None:
                findings.append(finding)
        for article_id, subject, first, other in grouped.inconsistent:
            if subject.subject != event.id or subject.attribute not in SELF_CONTRADICTION_ATTRIBUTES:
                continue  # things are named by their noun: two "trawlers" may be two trawlers
            inconsistent.append((article_id, subject.attribute, f"{first.citation.text!r} and {other.citation.text!r}"))
    findings.extend(role_findings(corpus, event_of))
    inconsistent.extend(_self_contradicting_roles(corpus))
    agreements = sorted((f for f in findings if isinstance(f, Agreement)), key=lambda f: f.id)
    conflicts = sorted((f for f in findings if isinstance(f, Conflict)), key=lambda f: f.id)
    return Compared(
        agreements=agreements,
        conflicts=conflicts,
        positions=positions(corpus, event_of),
        sources=profiles(corpus, findings, inconsistent, event_of),
        summaries=[summarise(e, corpus) for e in corpus.events],
    )


def compare_stored(store: Store) -> Compared:
    """Public entry point of the stage."""
    compared = compare(load_corpus(store))
    store.write_comparison(compared.agreements, compared.conflicts, compared.positions, compared.sources, compared.summaries)
    log.info(
        "compared: %d agreements, %d conflicts, %d positions, %d flagged outlets",
        len(compared.agreements),
        len(compared.conflicts),
        len(compared.positions),
        compared.flagged_outlets,
    )
    return compared


def _days_apart(conflict: Conflict) -> bool:
    """A date conflict whose values lie more than EVENT_DATE_SPREAD_DAYS apart."""
    if conflict.attribute != "date":
        return False
    days = [d for side in conflict.sides for v in side.claims for d in (v.low, v.high) if d is not None]
    return bool(days) and max(days) - min(days) > EVENT_DATE_SPREAD_DAYS


def _self_contradicting_roles(corpus: Corpus) -> list[tuple[str, str, str]]:
    """Articles that call one person, in their own words (not a quote's), both the former and the explicitly
    current holder of one office."""
    found: list[tuple[str, str, str]] = []
    for article_id, annotation in sorted(corpus.annotations.items()):
        quoted = [(q.span.start, q.span.end) for q in annotation.quotes if q.kind is QuoteKind.DIRECT]
        for actor in annotation.actors:
            status: dict[str, set[bool]] = {}
            for role in actor.roles:
                if any(start <= role.span.start < end for start, end in quoted):
                    continue
                current = explicitly_current(role.title)
                if role.former or current:
                    status.setdefault(office(role.title), set()).add(role.former)
            for name, flags in sorted(status.items()):
                if len(flags) == 2:
                    found.append((article_id, "role", f"{actor.name} is called both former and current {name}"))
    return found
