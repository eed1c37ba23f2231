"""Who said what, on short real sentences through the real pipeline: reported speech that quotes a fragment is one
quote with its marks (not also the fragment alone), a quote whose whole complement is between marks is found once,
a speech verb before its speaker ('"...," said X, whose husband ...') names that speaker however the parser hangs
the clause after it, and narration after a quote is not reported speech."""

from __future__ import annotations

from storyline.annotate.pipeline import annotate_article
from storyline.model import Article, Quote, QuoteKind


def _quotes(text: str) -> list[Quote]:
    return annotate_article(Article(id="q", source="test", text=text)).quotes


def test_reported_speech_quoting_a_fragment_is_one_quote_with_its_marks() -> None:
    text = 'Foreign Minister Maria Lopez said that all catches were "reported, weighed and legal". She left.'
    quotes = _quotes(text)
    assert len(quotes) == 1, quotes  # the fragment is not a second quote of the same statement
    reported = quotes[0]
    assert reported.kind is QuoteKind.INDIRECT and reported.speaker == "Maria Lopez", quotes
    assert reported.text == 'all catches were "reported, weighed and legal"', reported.text  # no mark left open
    assert [text[s:e] for s, e in reported.verbatim()] == ["reported, weighed and legal"]


def test_a_complement_that_is_all_between_marks_is_one_quote() -> None:
    quotes = _quotes('Foreign Minister Maria Lopez said "we will not give in to pressure from anyone, ever".')
    assert len(quotes) == 1 and quotes[0].kind is QuoteKind.DIRECT, quotes


def test_a_speech_verb_before_its_speaker_names_the_speaker() -> None:
    quotes = _quotes(
        "“Twenty-four days without knowing if he was eating, if he was sleeping,” said Marcela Contreras, whose "
        "husband, a truck driver from Calama, was among those released."
    )
    assert quotes[0].speaker == "Marcela Contreras", quotes


def test_a_speaker_described_by_nationality_and_name_is_the_person() -> None:
    quotes = _quotes("The mediator, Uruguayan diplomat Martín Larrañaga, said that his work was largely done.")
    assert [q.speaker for q in quotes] == ["Martín Larrañaga"], quotes


def test_reported_speech_never_holds_its_own_cue() -> None:
    quotes = _quotes(
        "Urrutia said that Chile was willing to let them serve any sentence in Peru once their trials had "
        "finished, an offer that Lima said it would study."
    )
    assert all(" said " not in f" {q.text} " for q in quotes), quotes


def test_narration_after_a_quote_is_not_reported_speech() -> None:
    quotes = _quotes(
        "Asked about the disputed land, the president remarked, “some of that land will come back,” sparking "
        "further speculation about the nature of any peace agreement."
    )
    assert [q.kind for q in quotes] == [QuoteKind.DIRECT], quotes


def _seed_quote(annotations: dict, prefix: str, words: str) -> Quote:
    article = next(a for a in annotations if a.startswith(prefix))
    return next(q for q in annotations[article].quotes if words in q.text)


def test_the_seeds_quotes_go_to_people_and_bodies_never_to_things(seed_annotations: dict, seeds_dir) -> None:  # type: ignore[no-untyped-def]
    """Issue 21's seed cases: a call 'described by Trump' is Trump's words, a statement the Kremlin released is the
    Kremlin's, Trump's post is his; no quote is given to a thing ('The call', 'a brief statement', 'statements',
    'Reports'), and every quote's text is the article's own characters (a headline's quote is not re-cased)."""
    from storyline.annotate.descriptions import speaker_words
    from storyline.annotate.actor_lexicon import actor_lexicon

    assert _seed_quote(seed_annotations, "004", "lengthy and highly productive").speaker == "Donald Trump"
    assert _seed_quote(seed_annotations, "002", "lengthy and highly productive").speaker == "Donald Trump"
    assert _seed_quote(seed_annotations, "002", "DEATH and DESTRUCTION").speaker == "Donald Trump"
    assert _seed_quote(seed_annotations, "002", "it was unlikely").speaker == "Donald Trump"
    assert _seed_quote(seed_annotations, "000", "ongoing dialogues").speaker_id == "country:RUS"  # the Kremlin
    people = speaker_words().people | actor_lexicon().title_words
    texts = {p.name.split(".")[0]: p.read_text("utf-8") for p in seeds_dir.glob("*.txt")}
    for article, annotation in seed_annotations.items():
        for quote in annotation.quotes:
            if quote.speaker is not None and quote.speaker_id is None:
                assert quote.speaker.lower().split()[-1] in people, (article, quote.speaker, quote.text)
            assert quote.speaker not in {"The call", "a brief statement", "statements", "Reports", "reports"}
    headline = _seed_quote(seed_annotations, "000", "Immediate")
    assert "to Start 'Immediate' Talks" in headline.text, headline.text
    assert headline.text in texts[next(k for k in texts if k.startswith("000"))]
