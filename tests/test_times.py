"""storyline_times_v1: time expressions found and resolved against the published date, never invented.

Unit tests run the component alone on sentences written here over the bare spaCy model (so they do
not depend on the other components); the seed tests run the whole annotate stage on the real seeds.
"""

from __future__ import annotations

import datetime as dt

import pytest
import spacy
from spacy.language import Language
from spacy.tokens import Doc

from storyline.annotate.times import Component
from storyline.config import Settings
from storyline.model import Annotation, TimeExpression, TimePrecision

MONDAY = dt.date(2025, 4, 28)
THURSDAY = dt.date(2025, 5, 1)
D = dt.date


@pytest.fixture(scope="module")
def nlp() -> Language:
    return spacy.load(Settings().spacy_model)


@pytest.fixture(scope="module")
def component() -> Component:
    return Component()


def run(
    nlp: Language, component: Component, text: str, published: dt.date | None, source: str | None = "dateline"
) -> Doc:
    doc = nlp(text)
    doc._.article_id = "test"
    doc._.published = published
    doc._.published_source = source if published else None
    return component(doc)


def times(
    nlp: Language, component: Component, text: str, published: dt.date | None = MONDAY, **kw: str | None
) -> list[TimeExpression]:
    return run(nlp, component, text, published, **kw)._.times


def only(found: list[TimeExpression], words: str) -> TimeExpression:
    matching = [t for t in found if words in t.text]
    assert len(matching) == 1, f"{words!r} in {[t.text for t in found]}"
    return matching[0]


# ---- explicit dates: no anchor needed -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "words", "value", "end", "precision"),
    [
        ("The accord was signed on March 18, 2025 in Geneva.", "March 18, 2025", D(2025, 3, 18), D(2025, 3, 18), "day"),
        ("The accord was signed on 18 March 2025 in Geneva.", "18 March 2025", D(2025, 3, 18), D(2025, 3, 18), "day"),
        ("The accord was signed on 2025-03-18 in Geneva.", "2025-03-18", D(2025, 3, 18), D(2025, 3, 18), "day"),
        ("The accord was signed in March 2025 in Geneva.", "March 2025", D(2025, 3, 1), D(2025, 3, 31), "month"),
        ("The border has been closed since 2022.", "2022", D(2022, 1, 1), D(2022, 12, 31), "year"),
        ("Talks resumed on Tuesday, March 18, 2025.", "Tuesday, March 18, 2025", D(2025, 3, 18), D(2025, 3, 18), "day"),
    ],
)
@pytest.mark.parametrize("published", [MONDAY, None])
def test_explicit_dates_resolve_from_the_text_alone(
    nlp: Language,
    component: Component,
    text: str,
    words: str,
    value: dt.date,
    end: dt.date,
    precision: str,
    published: dt.date | None,
) -> None:
    t = only(times(nlp, component, text, published), words)
    assert (t.value, t.end, t.precision) == (value, end, TimePrecision(precision))
    assert t.anchor == "text" and t.anchor_date is None


def test_a_date_without_its_year_takes_the_nearest_year_the_tense_allows(nlp: Language, component: Component) -> None:
    past = only(times(nlp, component, "The prisoners were freed on May 19."), "May 19")
    assert past.value == D(2024, 5, 19) and past.anchor == "dateline" and past.anchor_date == MONDAY
    future = only(times(nlp, component, "The envoys will meet again on May 19."), "May 19")
    assert future.value == D(2025, 5, 19)
    month = only(times(nlp, component, "The offensive began in February."), "February")
    assert (month.value, month.end, month.precision) == (D(2025, 2, 1), D(2025, 2, 28), TimePrecision.MONTH)


# ---- weekdays and deictic words -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "words", "value"),
    [
        ("The two presidents spoke on Wednesday.", "Wednesday", D(2025, 4, 23)),  # past: the Wednesday before
        ("The two presidents will speak on Wednesday.", "Wednesday", D(2025, 4, 30)),  # future: the next one
        ("The minister plans to travel on Friday.", "Friday", D(2025, 5, 2)),  # infinitive under "plan"
        ("The minister resigned on Monday.", "Monday", MONDAY),  # the anchor's own weekday: the anchor day
        ("The minister resigned last Monday.", "last Monday", D(2025, 4, 21)),
        ("The minister will resign next Monday.", "next Monday", D(2025, 5, 5)),
        ("Shelling resumed on Tuesday night.", "Tuesday night", D(2025, 4, 22)),
        ("The ministry said so today.", "today", MONDAY),
        ("The ministry said so yesterday.", "yesterday", D(2025, 4, 27)),
        ("The ministry will reply tomorrow.", "tomorrow", D(2025, 4, 29)),
        ("Drones struck the port last night.", "last night", D(2025, 4, 27)),
    ],
)
def test_weekdays_and_deictic_words_resolve_against_the_published_date(
    nlp: Language, component: Component, text: str, words: str, value: dt.date
) -> None:
    t = only(times(nlp, component, text), words)
    assert t.text == words
    assert (t.value, t.end, t.precision) == (value, value, TimePrecision.DAY)
    assert t.anchor == "dateline" and t.anchor_date == MONDAY


# ---- relative phrases -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "words", "value", "end", "precision"),
    [
        ("The talks began earlier this week.", "earlier this week", D(2025, 4, 28), THURSDAY, "week"),
        ("The envoys will meet later this week.", "later this week", THURSDAY, D(2025, 5, 4), "week"),
        ("The envoys meet this week.", "this week", D(2025, 4, 28), D(2025, 5, 4), "week"),
        ("The envoys met last week.", "last week", D(2025, 4, 21), D(2025, 4, 27), "week"),
        ("The envoys meet next week.", "next week", D(2025, 5, 5), D(2025, 5, 11), "week"),
        ("Prices rose last month.", "last month", D(2025, 4, 1), D(2025, 4, 30), "month"),
        ("Prices rose this month.", "this month", D(2025, 5, 1), D(2025, 5, 31), "month"),
        ("Prices rose last year.", "last year", D(2024, 1, 1), D(2024, 12, 31), "year"),
        ("The convoy left two days ago.", "two days ago", D(2025, 4, 29), D(2025, 4, 29), "day"),
        ("The convoy left a week ago.", "a week ago", D(2025, 4, 21), D(2025, 4, 27), "week"),
        ("The convoy will leave in three days.", "three days", D(2025, 5, 4), D(2025, 5, 4), "day"),
        ("Prices doubled over the past two years.", "past two years", D(2023, 5, 1), THURSDAY, "year"),
        ("Talks go on for the next five days.", "next five days", THURSDAY, D(2025, 5, 6), "day"),
    ],
)
def test_relative_phrases_name_an_interval_at_their_precision(
    nlp: Language, component: Component, text: str, words: str, value: dt.date, end: dt.date, precision: str
) -> None:
    t = only(times(nlp, component, text, THURSDAY), words)
    assert (t.value, t.end, t.precision) == (value, end, TimePrecision(precision))
    assert t.anchor == "dateline" and t.anchor_date == THURSDAY


def test_the_anchor_is_named_by_where_the_published_date_came_from(nlp: Language, component: Component) -> None:
    found = times(nlp, component, "They met on Friday.", source="html_metadata")
    assert only(found, "Friday").anchor == "html_metadata"
    assert only(times(nlp, component, "They met on Friday.", source=None), "Friday").anchor == "published"


# ---- no anchor: keep the words, invent nothing ----------------------------------------------------------


def test_without_a_published_date_relative_expressions_keep_text_and_span_but_no_value(
    nlp: Language, component: Component
) -> None:
    text = "The leaders spoke on Tuesday and will meet later this week; talks began two days ago, not on May 19."
    doc = run(nlp, component, text, None)
    found = {t.text: t for t in doc._.times}
    assert set(found) == {"Tuesday", "later this week", "two days ago", "May 19"}
    for t in found.values():
        assert t.value is t.end is t.precision is t.anchor is t.anchor_date is None
        assert text[t.span.start : t.span.end] == t.text and t.span.article_id == "test"


# ---- what is not a time expression ----------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "Putin backed a 30-day ceasefire.",  # a length: a quantity for claims
        "The call lasted two hours.",  # a duration
        "The 28-month-old conflict goes on.",  # an age
        "The war has gone on for nearly three years.",
        "Kyiv wants its pre-2014 borders back.",
        "The army sent 2000 soldiers.",  # a count, not a year
        "Talks may resume soon.",  # the modal, not the month
        "The call was scheduled an hour earlier.",
        "Shoppers crowded the malls on Black Friday.",  # a named day, not a date
        "The annual report came out.",  # a frequency
        "The band reunited for the first time in 25 years.",  # looks back: only days and weeks count forward
        "The airline ordered an A350 jet.",  # NER noise
    ],
)
def test_durations_ages_and_counts_are_not_time_expressions(nlp: Language, component: Component, text: str) -> None:
    doc = run(nlp, component, text, MONDAY)
    assert doc._.times == [] and doc._.time_tokens == {}


def test_time_tokens_index_every_token_of_every_expression(nlp: Language, component: Component) -> None:
    doc = run(nlp, component, "They met last week and again on 18 March 2025.", MONDAY)
    assert [t.text for t in doc._.times] == ["last week", "18 March 2025"]
    by_expression: dict[int, list[str]] = {}
    for token, index in sorted(doc._.time_tokens.items()):
        by_expression.setdefault(index, []).append(doc[token].text)
    assert by_expression == {0: ["last", "week"], 1: ["18", "March", "2025"]}


def test_an_empty_doc_still_gets_both_attributes(nlp: Language, component: Component) -> None:
    doc = run(nlp, component, "", None)
    assert doc._.times == [] and doc._.time_tokens == {}


# ---- the real seeds through the whole stage -------------------------------------------------------------


@pytest.fixture(scope="module")
def seeds(seed_annotations: dict[str, Annotation]) -> dict[str, Annotation]:
    return seed_annotations


def test_002_on_wednesday_resolves_against_its_dateline(seeds: dict[str, Annotation]) -> None:
    wednesday = [t for t in seeds["002_be88fe9b0bee517e"].times if "Wednesday" in t.text]
    assert wednesday, "no 'Wednesday' expression found"
    for t in wednesday:
        assert (t.value, t.end, t.precision) == (D(2025, 4, 23), D(2025, 4, 23), TimePrecision.DAY)
        assert t.anchor == "dateline" and t.anchor_date == MONDAY


@pytest.mark.parametrize(("key", "weekday"), [("001_bff241c1b6aff0a8", "Tuesday"), ("003_381c122b29faf23c", "Monday")])
def test_undated_seeds_find_their_weekday_but_resolve_nothing_relative(
    seeds: dict[str, Annotation], key: str, weekday: str
) -> None:
    found = seeds[key].times
    assert [t for t in found if weekday in t.text and t.value is None]
    for t in found:  # only fully explicit dates ("since 2022") may carry a value without an anchor
        assert t.value is None or (t.anchor == "text" and t.anchor_date is None), t
