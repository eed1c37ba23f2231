"""The domain model: the typed records every stage reads and writes.

Stages never exchange their internals, only these records. Every record is a
plain dataclass that round-trips through ``to_dict``/``from_dict`` so it can be
stored, exported or shipped to another process unchanged.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import enum
import functools
import re
import types
import typing
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, TypeVar

T = TypeVar("T")


class DateSource(str, enum.Enum):
    """Where a published date came from: a reader can weigh a date by its origin."""

    INPUT = "input"  # given by the caller (a JSONL field)
    HTML_METADATA = "html_metadata"  # page metadata, found by trafilatura/htmldate
    DATELINE = "dateline"  # a date line at the top of the article text
    UNKNOWN = "unknown"


class Precision(str, enum.Enum):
    DAY = "day"
    MONTH = "month"
    YEAR = "year"


@dataclass(frozen=True)
class Span:
    """Where a fact stands: provenance is not optional for any mention."""

    article_id: str
    start: int
    end: int
    sentence: int | None = None


@dataclass(frozen=True)
class Published:
    value: dt.date | None = None
    precision: Precision | None = None
    source: DateSource = DateSource.UNKNOWN


@dataclass(frozen=True)
class Removal:
    """One piece of text that cleaning took out, and why: nothing disappears silently."""

    reason: str
    text: str
    line: int | None = None  # 1-based line in the text as read


@dataclass(frozen=True)
class Table:
    """A table recovered from text in which a scraper ran the cells together."""

    header: list[str]
    rows: list[list[str]]
    line: int | None = None


@dataclass
class CleaningReport:
    removals: list[Removal] = field(default_factory=list)
    tables: list[Table] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    def remove(self, reason: str, text: str, line: int | None = None) -> None:
        self.removals.append(Removal(reason=reason, text=text, line=line))


@dataclass
class Article:
    """One clean article: the unit every later stage reads.

    ``text`` starts with the title (when there is one) as its first paragraph,
    then the body; ``body`` is the text without it.
    """

    id: str
    source: str  # file path, URL, or "file.jsonl:LINE": where it was read from
    text: str
    title: str | None = None
    url: str | None = None
    outlet: str | None = None
    outlet_source: str | None = None  # "input", "url", "html_metadata", "trailer", "credit"
    published: Published = field(default_factory=Published)
    language: str | None = None
    content_hash: str = ""
    raw_hash: str = ""
    duplicate_of: str | None = None
    duplicate_kind: str | None = None  # "exact" or "near"
    flags: list[str] = field(default_factory=list)
    metadata: dict[str, Any] = field(default_factory=dict)
    cleaning: CleaningReport = field(default_factory=CleaningReport)

    @property
    def body(self) -> str:
        if self.title and self.text.startswith(self.title):
            return self.text[len(self.title) :].lstrip("\n")
        return self.text

    def to_dict(self) -> dict[str, Any]:
        return to_dict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Article:
        return from_dict(cls, data)


_PLAIN = frozenset({str, int, float, bool, type(None)})


def to_dict(record: Any) -> Any:
    """JSON-ready form of a record: dates as ISO strings, enums as their values.

    Plain values (most of an annotation's millions) are returned before any other test, and a dataclass's field
    names are looked up once per class: the store writes every annotation through here."""
    kind = type(record)
    if kind in _PLAIN:
        return record
    names = _field_names(kind)
    if names is not None:
        return {name: to_dict(getattr(record, name)) for name in names}
    if isinstance(record, enum.Enum):
        return record.value
    if isinstance(record, (dt.date, dt.datetime)):
        return record.isoformat()
    if isinstance(record, (list, tuple)):
        return [to_dict(v) for v in record]
    if isinstance(record, (set, frozenset)):
        return sorted(to_dict(v) for v in record)  # sorted: the same set always gives the same JSON
    if isinstance(record, Mapping):
        return {k: to_dict(v) for k, v in record.items()}
    return record


@functools.lru_cache(maxsize=None)
def _field_names(kind: type) -> tuple[str, ...] | None:
    """The field names of a dataclass type, None for any other type."""
    if not dataclasses.is_dataclass(kind):
        return None
    return tuple(f.name for f in dataclasses.fields(kind))


def from_dict(cls: type[T], data: Any) -> T:
    """Inverse of :func:`to_dict`, driven by the dataclass field types."""
    return _converter(cls)(data)  # type: ignore[no-any-return]


Convert = typing.Callable[[Any], Any]


def _same(value: Any) -> Any:
    return value


@functools.lru_cache(maxsize=None)
def _converter(tp: Any) -> Convert:
    """The function that rebuilds a value of type ``tp`` from its ``to_dict`` form, made once per type.

    A store holds millions of stored values; working out what to do from the type hint at every value was most of
    the time it took to read annotations back. ``None`` stays ``None`` whatever the type.
    """
    origin = typing.get_origin(tp)
    args = typing.get_args(tp)
    if origin in (typing.Union, types.UnionType):
        inner = next((_converter(a) for a in args if a is not type(None)), _same)
        return inner
    if origin is list:
        item = _converter(args[0])
        if item is _same:
            return lambda v: None if v is None else list(v)
        return lambda v: None if v is None else [item(x) for x in v]
    if origin is tuple:
        if len(args) == 2 and args[1] is Ellipsis:  # tuple[X, ...]: every item an X
            item = _converter(args[0])
            return lambda v: None if v is None else tuple(item(x) for x in v)
        items = tuple(_converter(a) for a in args)
        return lambda v: (
            None if v is None else tuple(c(x) for c, x in zip(items, v)) if len(items) == len(v) else tuple(v)
        )
    if origin in (set, frozenset):
        item = _converter(args[0])
        return lambda v: None if v is None else frozenset(item(x) for x in v)
    if origin in (dict, Mapping):
        return lambda v: None if v is None else dict(v)
    if dataclasses.is_dataclass(tp):
        return _record_converter(tp)
    if isinstance(tp, type) and issubclass(tp, enum.Enum):
        return lambda v: None if v is None else tp(v)
    if tp is dt.date:
        return lambda v: dt.date.fromisoformat(v) if isinstance(v, str) else v
    return _same


def _record_converter(cls: type) -> Convert:
    hints = typing.get_type_hints(cls)
    fields = [(f.name, _converter(hints[f.name])) for f in dataclasses.fields(cls)]
    plain = [name for name, convert in fields if convert is _same]
    converted = [(name, convert) for name, convert in fields if convert is not _same]

    def convert(data: Any) -> Any:
        if data is None:
            return None
        kwargs = {name: data[name] for name in plain if name in data}
        for name, field_convert in converted:
            if name in data:
                value = data[name]
                kwargs[name] = None if value is None else field_convert(value)
        return cls(**kwargs)

    return convert


# ---- annotate: what one article says ---------------------------------------------------------------


class ActorKind(str, enum.Enum):
    PERSON = "person"
    ORGANISATION = "organisation"
    COUNTRY = "country"


@dataclass(frozen=True)
class Role:
    """A title an article gives an actor, kept with the date it was stated: roles change over time."""

    title: str  # as written, e.g. "former U.S. President"
    stated: dt.date | None  # the article's published date, when it has one
    span: Span
    former: bool = False
    country: str | None = None  # ISO alpha-3 the title names ("U.S. President" -> USA)
    sector: str | None = None  # GOV, MIL, ... from the role lexicon


@dataclass
class Actor:
    """One identity inside one article: every alias of it points here (``link`` merges across articles)."""

    id: str  # "person:vladimir-putin", "country:RUS", "organisation:nato"
    name: str  # the fullest name the article uses
    kind: ActorKind
    country: str | None = None  # ISO 3166 alpha-3
    sector: str | None = None
    aliases: list[str] = field(default_factory=list)
    roles: list[Role] = field(default_factory=list)


@dataclass(frozen=True)
class EntityMention:
    actor_id: str
    text: str
    span: Span


# words between an opening and a closing quote mark, inside one paragraph: double marks, guillemets, or single
# marks (‘...’ and '...', as British and headline style quote), where a single mark between letters is an
# apostrophe ("China’s") and a closing one is followed by no letter
_QUOTED = re.compile(
    r"[“\"«](?P<double>[^“”\"«»\n]{3,}?)[”\"»]"
    r"|‘(?P<curly>(?:[^‘’\n]|’(?=\w)){3,}?)’(?!\w)"
    r"|(?<![\w'])'(?P<straight>(?:[^'\n]|'(?=\w)){3,}?)'(?!\w)"
)


def quoted_ranges(text: str) -> list[tuple[int, int]]:
    """Character ranges of the words between quote marks (without the marks), in order."""
    found = []
    for match in _QUOTED.finditer(text):
        group = match.lastgroup or "double"
        found.append((match.start(group), match.end(group)))
    return found


class QuoteKind(str, enum.Enum):
    DIRECT = "direct"
    INDIRECT = "indirect"


@dataclass(frozen=True)
class Quote:
    text: str  # the words quoted (direct) or the reported content (indirect), without the quote marks
    kind: QuoteKind
    span: Span  # the quoted text
    speaker_id: str | None = None  # an Actor id of the same article
    speaker: str | None = None  # the speaker's canonical name (or the phrase, when no actor matches)
    cue: str | None = None  # the speech verb's lemma: "say", "state", "warn"
    speaker_span: Span | None = None
    speaker_source: str | None = None  # "cue" (same sentence), "before", "after", "pronoun", "previous"

    def verbatim(self) -> list[tuple[int, int]]:
        """Character ranges of the words said verbatim: a direct quote whole, the fragments between marks of
        reported speech ('said all catches were "reported, weighed and legal"')."""
        if self.kind is QuoteKind.DIRECT:
            return [(self.span.start, self.span.end)]
        return [(self.span.start + start, self.span.start + end) for start, end in quoted_ranges(self.text)]


class TimePrecision(str, enum.Enum):
    DAY = "day"
    WEEK = "week"
    MONTH = "month"
    YEAR = "year"


@dataclass(frozen=True)
class TimeExpression:
    """A time phrase as written, and what it resolves to; never a value invented without an anchor."""

    text: str
    span: Span
    value: dt.date | None = None  # the start of the interval it names
    end: dt.date | None = None  # the last day of that interval (== value for a day)
    precision: TimePrecision | None = None
    anchor: str | None = None  # what it was resolved against: "text" (explicit), "published", "dateline", ...
    anchor_date: dt.date | None = None


@dataclass(frozen=True)
class Quantity:
    """A number with a unit, as the interval the words allow ("nearly 90 minutes" -> 75..90)."""

    low: float | None  # None: unbounded below
    high: float | None  # None: unbounded above
    unit: str  # normalised: "minute", "day", "percent", "person", "count", ...
    hedge: str | None = None  # "nearly", "over", "about", ...
    low_inclusive: bool = True
    high_inclusive: bool = True


class ClaimKind(str, enum.Enum):
    QUANTITY = "quantity"
    DATE = "date"
    ROLE = "role"
    CATEGORY = "category"


@dataclass(frozen=True)
class Claim:
    """A checkable statement: ``subject``'s ``attribute`` is ``value`` (typed), as this sentence says."""

    subject: str  # an Actor id or an EventMention id
    subject_kind: str  # "actor" or "event"
    attribute: str  # "duration", "length", "count", "share", "role", ...
    kind: ClaimKind
    text: str  # the words stating the value
    span: Span
    quantity: Quantity | None = None
    date: dt.date | None = None
    value: str | None = None  # roles and categories
    event: str | None = None  # the EventMention it was stated about or within ("a 30-day ceasefire" in "the call")


@dataclass(frozen=True)
class EventMention:
    """One PLOVER event as one sentence states it: who did what to whom, when, where."""

    id: str  # unique in the article: "e3"
    type: str  # one of the 16 PLOVER types
    trigger: str
    span: Span  # the trigger
    mode: str | None = None
    actors: list[str] = field(default_factory=list)  # Actor ids (or the phrase when no actor matches)
    targets: list[str] = field(default_factory=list)
    date: dt.date | None = None
    time_text: str | None = None  # the time expression it was dated by
    place: str | None = None
    negated: bool = False
    hypothetical: bool = False
    future: bool = False
    main: bool = False  # the sentence's main event (the one its main clause states)


@dataclass
class Annotation:
    """Everything the annotate stage writes down about one article."""

    article_id: str
    actors: list[Actor] = field(default_factory=list)
    mentions: list[EntityMention] = field(default_factory=list)
    quotes: list[Quote] = field(default_factory=list)
    times: list[TimeExpression] = field(default_factory=list)
    claims: list[Claim] = field(default_factory=list)
    events: list[EventMention] = field(default_factory=list)
    sentences: list[tuple[int, int]] = field(default_factory=list)  # character offsets of each sentence

    def actor(self, actor_id: str) -> Actor | None:
        return next((a for a in self.actors if a.id == actor_id), None)

    def to_dict(self) -> dict[str, Any]:
        return to_dict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Annotation:
        return from_dict(cls, data)


# ---- link: what the corpus says, across articles -----------------------------------------------------


@dataclass(frozen=True)
class MentionRef:
    """An event mention of one article, as an Event's evidence."""

    article_id: str
    mention_id: str  # EventMention.id inside that article's Annotation
    role: str = "main"  # "main": the article's main event; "restated": another mention of it in that article;
    # "background": an article about another event refers to this one (same type, participants and date)


@dataclass
class Event:
    """One real-world happening, as every article that reports it tells it."""

    id: str  # stable for the same set of articles: derived from its earliest member's id
    articles: list[str]  # article ids; the first is the earliest published
    type: str | None = None  # the PLOVER type most of its main mentions carry
    mode: str | None = None
    actors: list[str] = field(default_factory=list)  # corpus-wide Actor ids, most mentioned first
    date: dt.date | None = None  # when it happened, as its articles resolve it
    date_end: dt.date | None = None  # the last day the date may be, when only an interval is known
    place: str | None = None
    title: str | None = None  # a label: the earliest article's title, else its first sentence
    mentions: list[MentionRef] = field(default_factory=list)
    story_id: str | None = None
    # what its reports disagree on that could mean they describe more than one happening (the weekday, the
    # duration stated for it), for a reader to check; "low" confidence when they disagree on both
    confidence: str = "high"
    doubts: list[str] = field(default_factory=list)


@dataclass
class Story:
    """Events that belong together (same actors and issue over time), in time order."""

    id: str
    events: list[str]  # event ids in time order (undated last)
    articles: list[str]
    actors: list[str] = field(default_factory=list)
    title: str | None = None
    start: dt.date | None = None
    end: dt.date | None = None


# ---- compare: what the sources agree on, where they contradict, who wants what --------------------------


@dataclass(frozen=True)
class Citation:
    """Where a compared fact is stated: the article, its outlet and the words."""

    article_id: str
    outlet: str | None
    span: Span
    text: str  # the words stating it, as written


@dataclass(frozen=True)
class ClaimValue:
    """One article's value for a compared attribute, normalised so that values can be set side by side."""

    citation: Citation
    display: str  # the value as storyline reads it: "50–60 minute", "52 person", "2026-04-20", "former foreign minister"
    low: float | None = None  # numeric interval (durations in minutes, lengths in days, counts, percent, ordinal days)
    high: float | None = None
    label: str | None = None  # categorical values (roles)


@dataclass(frozen=True)
class Side:
    """The claims that agree with one another on one value."""

    value: str  # the shared value: an interval's overlap or a category
    claims: tuple[ClaimValue, ...]
    outlets: tuple[str, ...]
    majority: bool = False


@dataclass(frozen=True)
class Agreement:
    """Several outlets state compatible values of one attribute of one subject."""

    id: str
    scope: str  # "event" (an attribute of a happening) or "actor" (an actor's role in a period)
    subject: str  # an Event id, or a corpus-wide Actor id
    subject_label: str  # what a reader sees: "the call", "the count of person", "Ásdís Bergsdóttir"
    attribute: str
    consensus: str
    side: Side
    event_id: str | None = None
    period: str | None = None  # "2026-04", or "undated"


@dataclass(frozen=True)
class Conflict:
    """Outlets state values of one attribute of one subject that cannot all hold."""

    id: str
    scope: str
    subject: str
    subject_label: str
    attribute: str
    sides: tuple[Side, ...]  # the majority side first, when there is one
    consensus: str | None  # the majority's value, when one side outnumbers every other
    severity: str  # "low", "medium" or "high": how far apart, and how many outlets stand on the minority side
    event_id: str | None = None
    period: str | None = None


@dataclass(frozen=True)
class Position:
    """A party's stated stance: a demand, offer, acceptance, rejection, condition or proposal, on an issue."""

    id: str
    actor: str  # corpus-wide Actor id
    actor_name: str
    kind: str
    issues: tuple[str, ...]  # "ceasefire", "territory", ... (data/compare/issues.toml); empty when none matched
    about: str  # the clause that states it
    citation: Citation
    date: dt.date | None = None  # when it was stated: its event's date, else its page's date
    event_id: str | None = None
    negated: bool = False  # "will not accept": a rejection read off a negated acceptance
    stated_by: str | None = None  # who said it, when a quote carries it ("Norway will not release", Aasland said)


@dataclass(frozen=True)
class SourceFlag:
    code: str  # "page_date_far", "self_contradiction", "mixed_script"
    detail: str
    article_id: str


@dataclass
class SourceProfile:
    """One outlet's record across the corpus."""

    outlet: str
    articles: list[str]
    compared: int = 0  # its claims that met another outlet's claim on the same attribute
    agreed: int = 0  # of those, how many stand with the consensus
    contradicted: int = 0  # how many stand apart from it
    agreement_rate: float | None = None
    conflicts: list[str] = field(default_factory=list)  # Conflict ids it stands on a minority side of
    flags: list[SourceFlag] = field(default_factory=list)


@dataclass(frozen=True)
class SummarySentence:
    text: str
    citations: tuple[Citation, ...]  # every article that states it (the first is where the text comes from)


@dataclass(frozen=True)
class Summary:
    """A short extractive account of an event: the sentences most of its outlets report."""

    event_id: str
    sentences: tuple[SummarySentence, ...]
