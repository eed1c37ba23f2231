"""An actor's roles across the corpus: titles that cannot both hold in one period.

Each article's first title for an actor is read as an office ("Peru's Foreign Minister" -> foreign minister) and a
status (former or current). A bare title says the role is held now only where a report tells its news, in its
opening sentences, or with an explicit "current": further down a writer names people by the title they held at the
time a paragraph tells ("when Vice President Joe Biden took over as point man for Ukraine"), while "former" always
speaks of now. In one month, an office called former by some outlets and current by others is a
Conflict, with the majority and the outliers; so are two people each called the current holder of an office one
person holds at a time (offices.toml). Undated titles could belong to any month: they are compared with every one.
"""

from __future__ import annotations

import re
import tomllib
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from storyline.annotate import actor_lexicon
from storyline.compare.agreement import Subject, judge
from storyline.compare.claims import OPENING_SENTENCES, Corpus
from storyline.model import ActorKind, Agreement, ClaimValue, Conflict, Event, QuoteKind

WORD = re.compile(r"[a-z]+")
Origin = Callable[[ClaimValue], str]  # the independent source behind a value
STATUS_WORDS = frozenset({"former", "ex", "erstwhile", "late"})
# Words that make a title explicitly the current one: a bare title is also how a former holder is addressed
# ("former Vice President Biden ... Vice President Biden" in one article is one writer's usage, not two claims).
CURRENT_WORDS = frozenset({"current", "sitting", "incumbent", "serving", "present"})
UNDATED = "undated"


@dataclass(frozen=True)
class Titled:
    """One article's title for one actor."""

    actor: str  # corpus-wide id
    office: str
    former: bool
    country: str | None
    period: str
    value: ClaimValue
    written_country: str | None = None  # the country the title itself names ("U.S. President")

    @property
    def seat_country(self) -> str | None:
        """The country whose office the title names: the one it writes, or for a bare title ("President") the
        bearer's; "president of the American Farm Bureau" names no country's office."""
        if self.written_country:
            return self.written_country
        words = [w for w in WORD.findall(self.value.citation.text.lower()) if w not in STATUS_WORDS]
        return self.country if words and set(words) <= set(self.office.split()) else None


def explicitly_current(title: str) -> bool:
    return bool(CURRENT_WORDS & set(title.lower().split()))


@lru_cache(maxsize=1)
def _offices() -> dict:
    return tomllib.loads(resources.files("storyline.data.compare").joinpath("offices.toml").read_text("utf-8"))


def exclusive_offices() -> frozenset[str]:
    return frozenset(_offices()["exclusive"])


def holds_office(title: str, office_name: str) -> bool:
    """True when a title names its bearer as the office's holder: not a deputy, an adviser or an organisation's
    president ("vice president" is an office of its own: its words are the office's, not modifiers)."""
    own = set(office_name.split())
    return not any(w in _offices()["not_holder"] and w not in own for w in WORD.findall(title.lower()))


@lru_cache(maxsize=4096)
def office(title: str) -> str:
    """The office a title names: its longest known title words, the rightmost when several are as long."""
    words = [w for w in WORD.findall(title.lower()) if w not in STATUS_WORDS and w != "current"]
    titles = actor_lexicon().titles
    best, best_len = "", 0
    for i in range(len(words)):
        for n in range(len(words) - i, 0, -1):
            if " ".join(words[i : i + n]) in titles:
                if n >= best_len:
                    best, best_len = " ".join(words[i : i + n]), n
                break
    return best or (words[-1] if words else title.lower())


def titles(corpus: Corpus, event_of: dict[str, Event]) -> list[Titled]:
    """Every article's first title per actor and office, as a categorical value."""
    found: list[Titled] = []
    for article_id, annotation in sorted(corpus.annotations.items()):
        event = event_of.get(article_id)
        seen: set[tuple[str, str]] = set()  # (corpus id, office): two local actors may be one person
        people = [a for a in annotation.actors if a.kind is ActorKind.PERSON]
        stated = sorted(((role, actor) for actor in people for role in actor.roles), key=lambda ra: ra[0].span.start)
        quoted = [(q.span.start, q.span.end) for q in annotation.quotes if q.kind is QuoteKind.DIRECT]
        for role, actor in stated:
            if any(start <= role.span.start < end for start, end in quoted):
                continue  # a speaker's words, of another time as often as not ("the theory that Vice President Biden")
            if not role.former and (role.span.sentence or 0) >= OPENING_SENTENCES and not explicitly_current(role.title):
                continue  # a bare title in the background: the title of the time the paragraph tells
            ident = corpus.identities.of(article_id, actor.id)
            name = office(role.title)
            if (ident, name) in seen:
                continue
            seen.add((ident, name))
            day = role.stated or (event.date if event else None)
            label = f"former {name}" if role.former else name
            value = ClaimValue(corpus.citation(role.span), role.title, label=label)
            period = day.strftime("%Y-%m") if day else UNDATED
            found.append(Titled(ident, name, role.former, role.country or actor.country, period, value, role.country))
    return found


def role_findings(corpus: Corpus, event_of: dict[str, Event]) -> list[Agreement | Conflict]:
    """Role findings across the corpus (per actor, office and month), within each event, and per exclusive office."""
    everything = titles(corpus, event_of)
    names = {a.id: a.name for a in corpus.identities.actors.values()}
    origin = _origin(corpus)
    findings: list[Agreement | Conflict] = []
    by_office: dict[tuple[str, str], list[Titled]] = defaultdict(list)
    for item in everything:
        by_office[(item.actor, item.office)].append(item)
    told: dict[tuple[str, str], set[tuple[str, int]]] = defaultdict(set)  # citations of actor-wide conflicts
    for (actor, name), items in sorted(by_office.items()):
        for period, members in _periods(items):
            subject = Subject("actor", actor, names.get(actor, actor), "role", name, period=period)
            finding = judge(subject, [m.value for m in members], origin, numeric=False, severity="high")
            if finding is not None:
                findings.append(finding)
            if isinstance(finding, Conflict):
                told[(actor, name)] |= _cited(finding)
    inside: dict[str, dict[tuple[str, str], list[Titled]]] = defaultdict(lambda: defaultdict(list))
    for item in everything:  # grouped in one pass: scanning every title for every event grew with their product
        event = event_of.get(item.value.citation.article_id)
        if event is not None:
            inside[event.id][(item.actor, item.office)].append(item)
    for event_id in sorted(inside):
        for (actor, name), items in sorted(inside[event_id].items()):
            subject = Subject("event", actor, names.get(actor, actor), "role", name, event_id=event_id)
            finding = judge(subject, [m.value for m in items], origin, numeric=False, severity="high")
            # agreements on roles inside an event repeat the corpus-wide ones; so does a conflict whose every
            # title an actor-wide conflict already sets apart: each finding is told once
            if isinstance(finding, Conflict) and not _cited(finding) <= told[(actor, name)]:
                findings.append(finding)
    findings.extend(_office_holders(everything, names, origin))
    return findings


def _office_holders(everything: list[Titled], names: dict[str, str], origin: Origin) -> list[Conflict]:
    """Two people each called the current holder of an office one person holds at a time, in one period."""
    exclusive = exclusive_offices()
    by_seat: dict[tuple[str, str], list[Titled]] = defaultdict(list)
    for item in everything:
        if (
            item.office in exclusive
            and item.seat_country
            and not item.former
            and holds_office(item.value.citation.text, item.office)
        ):
            by_seat[(item.seat_country, item.office)].append(item)
    conflicts: list[Conflict] = []
    for (country, name), items in sorted(by_seat.items()):
        if len({i.actor for i in items}) < 2:
            continue
        for period, members in _periods(items):
            holders = [
                ClaimValue(m.value.citation, m.value.display, label=names.get(m.actor, m.actor)) for m in members
            ]
            subject = Subject("office", f"{country}:{name}", f"{name} of {country}", "holder", period=period)
            finding = judge(subject, holders, origin, numeric=False, severity="high")
            if isinstance(finding, Conflict):
                conflicts.append(finding)
    return conflicts


def _cited(conflict: Conflict) -> set[tuple[str, int]]:
    return {(v.citation.article_id, v.citation.span.start) for side in conflict.sides for v in side.claims}


def _periods(items: list[Titled]) -> list[tuple[str, list[Titled]]]:
    """Each dated month with the undated items added; the undated alone when nothing is dated."""
    dated = sorted({i.period for i in items if i.period != UNDATED})
    undated = [i for i in items if i.period == UNDATED]
    if not dated:
        return [(UNDATED, undated)]
    return [(p, [i for i in items if i.period == p] + undated) for p in dated]


def _origin(corpus: Corpus) -> Origin:
    return lambda value: corpus.origin(value.citation.article_id)
