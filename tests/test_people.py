"""Who is a person: the corrections the actors component makes to what the NER model reads as a name, on short
real texts through the real pipeline (ships after "the", names joined to a person's name, the outlet's own name,
and a person's name that modifies a noun; towns the model takes for people)."""

from __future__ import annotations

from storyline.annotate.pipeline import annotate_article
from storyline.model import Annotation, Article


def _annotated(text: str, outlet: str | None = None) -> Annotation:
    return annotate_article(Article(id="a", source="test", text=text, outlet=outlet))


def _people(annotation: Annotation) -> set[str]:
    return {a.id for a in annotation.actors if a.id.startswith("person:")}


def test_a_name_after_the_is_a_ship_not_a_person() -> None:
    annotation = _annotated(
        "Norwegian coastguard officers boarded the Hafdís, the Straumey and the Gullfaxi near Jan Mayen on Friday. "
        "The Gullfaxi's owners said the catch was legal."
    )
    assert not _people(annotation) & {"person:hafdis", "person:straumy", "person:gulfaxi"}, _people(annotation)


def test_a_name_joined_to_a_persons_name_is_a_person() -> None:
    annotation = _annotated(
        "The call between Torstein Aasland and Hildur Magnúsdóttir lasted about 40 minutes, officials said. "
        "Aasland rejected the offer."
    )
    assert {"person:torstein-asland", "person:hildur-magnusdotir"} <= _people(annotation)


def test_the_outlets_own_name_is_not_a_speaker() -> None:
    annotation = _annotated(
        'OSLO (Northwire) – Norway\'s prime minister rejected the offer. "Prosecutors are independent," he told '
        "Northwire after the call.",
        outlet="northwire.example",
    )
    assert "person:northwire" not in _people(annotation)
    assert all(q.speaker != "Northwire" for q in annotation.quotes)


def test_a_person_named_in_full_stays_one_in_the_x_administration() -> None:
    annotation = _annotated(
        "Current U.S. President Joe Biden backed Ukraine on Monday. The Biden administration remains Kyiv's top backer."
    )
    assert "person:joe-biden" in _people(annotation)


def _actor_names(annotation: Annotation) -> set[str]:
    return {a.name for a in annotation.actors}


def test_a_known_town_is_a_place_not_an_actor() -> None:
    """The small model reads Nordic towns as people or organisations; the gazetteer of towns says they are places."""
    annotation = _annotated(
        "The Gullfaxi's owners in Akureyri say they will contest the charges. Ministers from both countries came to "
        "Reykjavík for the talks, and officials in Tromsø and Bergen followed them from the coastguard's offices."
    )
    assert not _actor_names(annotation) & {"Akureyri", "Reykjavík", "Tromsø", "Bergen"}, _actor_names(annotation)


def test_a_surname_that_is_also_a_town_stays_a_person_when_it_acts() -> None:
    annotation = _annotated("President Obama said the talks would go on. Obama spoke to reporters in Washington.")
    assert "person:obama" in _people(annotation), _people(annotation)


def test_a_known_town_the_model_misreads_is_still_the_events_place() -> None:
    annotation = _annotated("The ministers held talks in Akureyri.")
    assert [e.place for e in annotation.events] == ["Akureyri"], [(e.trigger, e.place) for e in annotation.events]


def test_spellings_of_one_persons_name_are_one_person_across_reports() -> None:
    """Transliterations of one Ukrainian name (Zelenskyy / Zelensky / Zelenskiy; Umierov / Umerov, Selenskyj) are
    one corpus-wide person before anything is compared."""
    from storyline.annotate.names import word_key
    from storyline.link.identity import resolve_identities

    assert word_key("Umierov") == word_key("Umerov")
    assert word_key("Selenskyj") == word_key("Selenskyy")
    texts = {
        "a": "Ukrainian delegation head Rustem Umierov met Volodymyr Zelenskyy in Kyiv on Monday, officials said.",
        "b": "Ukrainian delegation head Rustem Umerov said on Tuesday that the talks in Istanbul were constructive.",
        "c": "Volodymyr Zelenskiy told reporters the talks would resume next week, President Volodymyr Zelensky said.",
    }
    annotations = [annotate_article(Article(id=i, source="test", text=t)) for i, t in texts.items()]
    identities = resolve_identities(annotations)
    zelensky = {
        identities.of(a.article_id, actor.id)
        for a in annotations
        for actor in a.actors
        if "zelensk" in actor.name.lower()
    }
    assert len(zelensky) == 1, zelensky
    umerov = {
        identities.of(a.article_id, actor.id)
        for a in annotations
        for actor in a.actors
        if actor.name.lower().endswith(("umerov", "umierov"))
    }
    assert umerov == {"person:rustem-umerov"}, umerov
