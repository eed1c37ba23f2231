"""Bars 1 and 3 of annotate on the five real seed articles: speakers, identities, countries, roles, events.

The seeds are ingested and annotated through the real pipeline (spaCy model, SQLite store) and the
annotations are read back from the store, as later stages will read them.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from storyline.annotate import annotate_stored
from storyline.annotate.names import slug
from storyline.ingest import ingest
from storyline.model import Actor, ActorKind, Annotation
from storyline.store import Store

EXPECTED_COUNTRIES = {"Trump": "USA", "Putin": "RUS", "Zelensky": "UKR", "Peskov": "RUS", "Scholz": "DEU"}


@pytest.fixture(scope="module")
def annotated(seeds_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Annotation]:
    store = Store(f"sqlite:///{tmp_path_factory.mktemp('seeds-annotate') / 'store.db'}")
    list(ingest([seeds_dir], store))
    written = list(annotate_stored(store))
    assert len(written) == 5
    assert list(annotate_stored(store)) == []  # a second run finds nothing left to do
    annotations = {a.article_id: a for a in store.annotations()}
    store.close()
    return annotations


def _same_person(name: str | None, gold: str, aliases: list[list[str]]) -> bool:
    if not name:
        return False
    if slug(name) == slug(gold):
        return True
    return any(name in group and gold in group for group in aliases)


def _starts(text: str, words: str) -> bool:
    fold = lambda s: " ".join(s.replace("’", "'").split()).casefold()  # noqa: E731
    return fold(text).startswith(fold(words)[:40])


def _person(annotation: Annotation, surname: str) -> Actor | None:
    key = slug(surname)
    return next((a for a in annotation.actors if a.kind is ActorKind.PERSON and slug(a.name).endswith(key)), None)


def test_gold_quotes_are_found_with_their_speakers(annotated: dict[str, Annotation], seeds_gold: dict) -> None:
    aliases = seeds_gold["aliases"]
    found, missed = 0, []
    for key, gold in seeds_gold["articles"].items():
        for quote in gold.get("quotes", []):
            ours = [q for q in annotated[key].quotes if _starts(q.text, quote["starts"])]
            if any(_same_person(q.speaker, quote["speaker"], aliases) for q in ours):
                found += 1
            else:
                missed.append((key, quote["starts"], [q.speaker for q in ours]))
    assert found >= 10, f"{found} of 11 gold quotes with the right speaker; missed: {missed}"


def test_each_alias_group_is_one_actor_inside_each_article(
    annotated: dict[str, Annotation], seeds_gold: dict
) -> None:
    for key, annotation in annotated.items():
        for group in seeds_gold["aliases"]:
            ids = {m.actor_id for m in annotation.mentions if m.text in group}
            assert len(ids) <= 1, f"{key}: {group} split over {ids}"


def test_the_main_people_get_their_countries(annotated: dict[str, Annotation]) -> None:
    seen = 0
    for key, annotation in annotated.items():
        for surname, country in EXPECTED_COUNTRIES.items():
            actor = _person(annotation, surname)
            if actor is not None:
                seen += 1
                assert actor.country == country, f"{key}: {actor.name} has {actor.country}, not {country}"
    assert seen >= 15


def test_trump_is_former_president_in_000_and_001(annotated: dict[str, Annotation]) -> None:
    for key in ("000_d86872217a1edc23", "001_bff241c1b6aff0a8"):
        trump = _person(annotated[key], "Trump")
        assert trump is not None, key
        assert "former U.S. President" in [r.title for r in trump.roles], (key, trump.roles)
        assert any(r.former for r in trump.roles)


def test_roles_carry_sector_and_article_date(annotated: dict[str, Annotation]) -> None:
    peskov = _person(annotated["002_be88fe9b0bee517e"], "Peskov")
    assert peskov is not None and peskov.sector == "GOV"
    role = peskov.roles[0]
    assert role.title == "Kremlin spokesman" and role.country == "RUS"
    assert role.stated is not None and role.stated.isoformat() == "2025-04-28"


def test_every_mention_points_at_an_actor_and_its_text(annotated: dict[str, Annotation], seeds_dir: Path) -> None:
    for annotation in annotated.values():
        ids = {a.id for a in annotation.actors}
        for mention in annotation.mentions:
            assert mention.actor_id in ids
            assert mention.span.article_id == annotation.article_id
            assert mention.span.sentence is not None


def test_each_seed_has_a_trump_putin_phone_call(annotated: dict[str, Annotation]) -> None:
    for key, annotation in annotated.items():
        trump, putin = _person(annotation, "Trump"), _person(annotation, "Putin")
        assert trump is not None and putin is not None, key
        calls = [
            e
            for e in annotation.events
            if e.type == "CONSULT" and e.mode == "phone" and {trump.id, putin.id} <= set(e.actors) | set(e.targets)
        ]
        assert calls, f"{key}: no CONSULT/phone between Trump and Putin in {[(e.type, e.mode, e.trigger, e.actors, e.targets) for e in annotation.events]}"


def test_001_has_requests_for_russias_conditions(annotated: dict[str, Annotation]) -> None:
    annotation = annotated["001_bff241c1b6aff0a8"]
    russia_side = {"country:RUS"} | {a.id for a in annotation.actors if a.country == "RUS"}
    requests = [e for e in annotation.events if e.type == "REQUEST" and set(e.actors) & russia_side]
    assert len(requests) >= 2, [(e.type, e.trigger, e.actors) for e in annotation.events]


def test_durations_and_the_30_day_proposal_are_claims_attached_to_the_call(annotated: dict[str, Annotation]) -> None:
    """Bar 2: typed claims, tied to the CONSULT mention they are about or were stated within."""

    def consult(annotation: Annotation, event_id: str | None) -> bool:
        return any(e.id == event_id and e.type == "CONSULT" for e in annotation.events)

    a001, a002 = annotated["001_bff241c1b6aff0a8"], annotated["002_be88fe9b0bee517e"]
    over = [c for c in a001.claims if c.attribute == "duration" and c.quantity and c.quantity.low == 120]
    assert any(
        c.quantity.high is None and not c.quantity.low_inclusive and consult(a001, c.subject) for c in over if c.quantity
    ), over
    nearly = [c for c in a002.claims if c.attribute == "duration" and c.quantity]
    assert any(
        60 <= c.quantity.low <= c.quantity.high <= 90 and consult(a002, c.subject) for c in nearly if c.quantity
    ), nearly
    length = [c for c in a001.claims if c.attribute == "length" and c.quantity and c.quantity.low == 30]
    assert any(c.quantity.unit == "day" and consult(a001, c.event) for c in length if c.quantity), length
