"""Annotate on real news it was never tuned on: every record is traceable to the exact words it came from.

Runs the whole pipeline over article bodies of ../shared/benchmarks/article-extraction (real pages from many
outlets) and checks provenance invariants, the store round trip, and that nothing is invented without an anchor.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from storyline.annotate import annotate
from storyline.model import Annotation, Article, DateSource, Precision, Published, Span

PLOVER_TYPES = {
    "AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST",
    "ACCUSE", "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT",
}  # fmt: skip


@pytest.fixture(scope="module")
def real(shared: Path) -> list[tuple[Article, Annotation]]:
    truth = json.loads((shared / "benchmarks" / "article-extraction" / "ground-truth.json").read_text("utf-8"))
    bodies = [(k, v["articleBody"]) for k, v in sorted(truth.items()) if v.get("articleBody", "").strip()][:60]
    dated = Published(dt.date(2024, 5, 15), Precision.DAY, DateSource.HTML_METADATA)
    articles = [
        Article(id=key[:12], source=key, text=body, published=dated if i % 2 else Published())
        for i, (key, body) in enumerate(bodies)
    ]
    return list(zip(articles, annotate(articles)))


def _check(span: Span, article: Article, annotation: Annotation) -> None:
    assert span.article_id == article.id
    assert 0 <= span.start < span.end <= len(article.text)
    assert span.sentence is not None and 0 <= span.sentence < len(annotation.sentences)
    s_start, s_end = annotation.sentences[span.sentence]
    assert s_start <= span.start < s_end


def test_every_record_points_at_its_words(real: list[tuple[Article, Annotation]]) -> None:
    for article, annotation in real:
        assert annotation.article_id == article.id
        for mention in annotation.mentions:
            _check(mention.span, article, annotation)
            assert article.text[mention.span.start : mention.span.end] == mention.text
        for quote in annotation.quotes:
            _check(quote.span, article, annotation)
            assert article.text[quote.span.start : quote.span.end] == quote.text
        for time in annotation.times:
            _check(time.span, article, annotation)
            assert article.text[time.span.start : time.span.end] == time.text
        for event in annotation.events:
            _check(event.span, article, annotation)
            assert event.type in PLOVER_TYPES
        for claim in annotation.claims:
            _check(claim.span, article, annotation)


def test_references_resolve_inside_the_article(real: list[tuple[Article, Annotation]]) -> None:
    for _, annotation in real:
        actors = {a.id for a in annotation.actors}
        events = {e.id for e in annotation.events}
        assert len(actors) == len(annotation.actors), "one actor per identity"
        for mention in annotation.mentions:
            assert mention.actor_id in actors
        for quote in annotation.quotes:
            assert quote.speaker_id is None or quote.speaker_id in actors
        for claim in annotation.claims:
            if claim.subject_kind == "event":
                assert claim.subject in events
            if claim.subject_kind == "actor":
                assert claim.subject in actors


def test_no_date_is_invented_without_an_anchor(real: list[tuple[Article, Annotation]]) -> None:
    for article, annotation in real:
        for time in annotation.times:
            if time.anchor not in (None, "text"):
                assert article.published.value is not None and time.anchor_date == article.published.value
            if article.published.value is None:
                assert time.value is None or time.anchor == "text", (article.id, time)


def test_real_news_yields_actors_quotes_and_events(real: list[tuple[Article, Annotation]]) -> None:
    annotations = [a for _, a in real]
    assert sum(len(a.actors) for a in annotations) > 300
    assert sum(1 for a in annotations for q in a.quotes if q.speaker) > 50
    assert sum(len(a.events) for a in annotations) > 300
    assert sum(len(a.times) for a in annotations) > 50


def test_annotation_survives_the_json_round_trip(real: list[tuple[Article, Annotation]]) -> None:
    for _, annotation in real[:10]:
        again = Annotation.from_dict(json.loads(json.dumps(annotation.to_dict())))
        assert again == annotation
