"""Headlines in title case or capitals are read in sentence case, judged by the article's own body; the dates
ledes give in clauses the coder does not code still date the news."""

from __future__ import annotations

import datetime as dt

from storyline.annotate.headline import common_lemmas, sentence_case
from storyline.annotate.pipeline import annotate_article, load_pipeline
from storyline.config import Settings
from storyline.link.lede import lede_date, main_event
from storyline.model import Article, Published

TITLE = "Halvorsen Pushes for Negotiated End to Fishing War in Call with Dalsgaard"
BODY = (
    "Norwegian minister Eirik Halvorsen spoke by phone with Faroese premier Rúni Dalsgaard on Tuesday, pressing "
    "for a negotiated end to the fishing war. The call lasted an hour, Halvorsen's office said. Dalsgaard "
    "said the war over quotas had gone on too long and that a negotiated settlement was possible."
)


def _lemmas() -> frozenset[str]:
    return common_lemmas(load_pipeline(Settings().spacy_model))


def test_title_case_headline_keeps_names_and_lowers_common_words() -> None:
    text = f"{TITLE}\n\n{BODY}"
    recased = sentence_case(text, TITLE, _lemmas())
    assert len(recased) == len(text) and recased[len(TITLE) :] == text[len(TITLE) :]
    assert recased[: len(TITLE)] == "Halvorsen pushes for negotiated end to fishing war in call with Dalsgaard"


def test_headline_in_capitals_and_sentence_case_headline() -> None:
    shouting = "HALVORSEN CALLS DALSGAARD"
    recased = sentence_case(f"{shouting}\n\n{BODY}", shouting, _lemmas())
    assert recased.startswith("Halvorsen calls Dalsgaard\n")
    plain = "Halvorsen calls Dalsgaard over the Fishing War"  # sentence case: not rewritten, whatever it capitalises
    assert sentence_case(f"{plain}\n\n{BODY}", plain, _lemmas()).startswith(plain)
    assert sentence_case(BODY, None) == BODY  # no title: nothing to recase


def test_each_part_of_a_headline_starts_with_a_capital_and_other_languages_are_left_alone() -> None:
    title = "Opinion | Is the Fishing War Over? Why Halvorsen’s Call Matters"
    recased = sentence_case(f"{title}\n\n{BODY}", title, _lemmas())
    assert recased.startswith("Opinion | Is the fishing war over? Why Halvorsen’s call matters\n")
    german = "Der Lange Marsch Ins Digitale Gesundheitswesen"
    assert sentence_case(f"{german}\n\nder lange marsch", german, _lemmas(), "de").startswith(german)


def test_title_case_headline_states_its_event_with_offsets_into_the_original_text() -> None:
    article = Article(id="h1", source="test", text=f"{TITLE}\n\n{BODY}", title=TITLE)
    annotation = annotate_article(article)
    main = main_event(annotation)
    assert main is not None and main.span.sentence == 0
    # the headline's verb, not the "War" a title-case parse reads; and the call is a call
    assert (main.type, main.trigger.lower()) == ("REQUEST", "pushes")
    assert ("CONSULT", "phone") in {(e.type, e.mode) for e in annotation.events if e.span.sentence == 0}
    assert article.text[main.span.start : main.span.end].lower() == main.trigger.lower()
    names = {a.name for a in annotation.actors}
    assert not any("Pushes" in name for name in names), names


def test_a_lede_dates_its_news_in_a_clause_the_coder_does_not_code() -> None:
    published = Published(value=dt.date(2026, 5, 11))
    text = (
        "Neighbours swap prisoners at the northern border\n\n"
        "Forty prisoners crossed the border between the two countries on Saturday in the first exchange in years. "
        "Officials said talks on trade would resume on Thursday."
    )
    article = Article(id="d1", source="test", text=text, title=text.split("\n", 1)[0], published=published)
    assert lede_date(annotate_article(article), published.value) == dt.date(2026, 5, 9)


def test_a_day_still_to_come_does_not_date_the_news() -> None:
    published = Published(value=dt.date(2026, 5, 11))
    text = "Talks to resume\n\nNegotiators will meet again on Thursday, the foreign ministry said."
    article = Article(id="d2", source="test", text=text, title="Talks to resume", published=published)
    assert lede_date(annotate_article(article), published.value) is None
