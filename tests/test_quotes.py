"""Who said what, on short real sentences through the real pipeline: reported speech that quotes a fragment is a
quote of its own, a quote whose whole complement is between marks is found once, and a speech verb before its
speaker ('"...," said X, whose husband ...') names that speaker however the parser hangs the clause after it."""

from __future__ import annotations

from storyline.annotate.pipeline import annotate_article
from storyline.model import Article, Quote, QuoteKind


def _quotes(text: str) -> list[Quote]:
    return annotate_article(Article(id="q", source="test", text=text)).quotes


def test_reported_speech_quoting_a_fragment_is_a_quote_of_its_own() -> None:
    quotes = _quotes('Foreign Minister Maria Lopez said that all catches were "reported, weighed and legal".')
    reported = [q for q in quotes if q.kind is QuoteKind.INDIRECT and q.text.startswith("all catches were")]
    assert reported and reported[0].speaker == "Maria Lopez", quotes


def test_a_complement_that_is_all_between_marks_is_one_quote() -> None:
    quotes = _quotes('Foreign Minister Maria Lopez said "we will not give in to pressure from anyone, ever".')
    assert len(quotes) == 1 and quotes[0].kind is QuoteKind.DIRECT, quotes


def test_a_speech_verb_before_its_speaker_names_the_speaker() -> None:
    quotes = _quotes(
        "“Twenty-four days without knowing if he was eating, if he was sleeping,” said Marcela Contreras, whose "
        "husband, a truck driver from Calama, was among those released."
    )
    assert quotes[0].speaker == "Marcela Contreras", quotes
