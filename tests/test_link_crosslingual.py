"""Pages in other languages: what the linker reads of them that English coverage of their event states too (days,
weekdays, members of a series, decimal numbers), and the function words that must not make two pages of one
language look alike. Texts written for these tests."""

from __future__ import annotations

import datetime as dt

from storyline.link import crosslingual
from storyline.link.features import link_doc, normalise_number, stopwords
from storyline.model import Article, DateSource, Precision, Published

GERMAN_FED = """Fed senkt den Leitzins um 0,25 Prozentpunkte
WASHINGTON - Die US-Notenbank hat am Mittwochabend den Leitzins auf die Spanne von 4,00 bis 4,25 Prozent gesenkt,
wie Fed-Chef Jerome Powell am 17. September in Washington bekannt gab."""

SPANISH_FLIGHT = """El noveno vuelo de prueba de Starship termina antes de tiempo
SpaceX lanzó el martes 27 de mayo su cohete Starship desde Texas en el noveno vuelo de prueba."""


def test_days_weekdays_and_series_members_are_read_in_other_languages() -> None:
    assert crosslingual.month_days(GERMAN_FED, "de") == ["09-17"]
    assert crosslingual.month_days("WASHINGTON, 17 sep (Reuters) - La Reserva Federal", "es") == ["09-17"]
    assert crosslingual.month_days("Duminică, 19/20 octombrie 2025, la Luvru", "ro") == ["10-19"]
    assert crosslingual.weekdays(GERMAN_FED, "de") == {2}  # "Mittwochabend": a weekday joined to a time of day
    assert crosslingual.ordinals(SPANISH_FLIGHT, "es") == {("flight", 9)}
    assert crosslingual.ordinals("Der neunte Testflug des Starship", "de") == {("flight", 9)}
    assert crosslingual.ordinals("la segunda ronda de conversaciones", "es") == {("round", 2)}
    assert crosslingual.ordinals("Non è il volo di prova", "it") == frozenset()  # "non" is not "nono"
    assert crosslingual.month_days("A page in English, 17 September", "en") == []  # English is the annotator's


def test_a_day_is_resolved_against_the_page_date() -> None:
    september = dt.date(2025, 9, 18)
    assert crosslingual.event_date(GERMAN_FED, "de", september) == dt.date(2025, 9, 17)
    weekday_only = "Die Notenbank hat am Mittwoch die Zinsen gesenkt."
    assert crosslingual.event_date(weekday_only, "de", dt.date(2025, 9, 19)) == dt.date(2025, 9, 17)
    assert crosslingual.event_date("El 30 de diciembre se firmó", "es", dt.date(2026, 1, 2)) == dt.date(2025, 12, 30)
    assert crosslingual.event_date(weekday_only, "de", None) is None


def test_decimal_commas_are_the_numbers_english_pages_write() -> None:
    assert normalise_number("4,25") == "4.25" == normalise_number("4.25")
    assert normalise_number("0,25") == "0.25"
    assert normalise_number("1,000") == "1000"


def test_a_pages_own_function_words_are_not_its_terms() -> None:
    assert {"der", "die", "und"} <= stopwords("de") and "die" not in stopwords("en")
    published = Published(dt.date(2025, 9, 18), Precision.DAY, DateSource.INPUT)
    doc = link_doc(Article(id="de-1", source="t", text=GERMAN_FED, language="de", published=published))
    assert not {"der", "die", "den", "von"} & set(doc.terms)
    assert {"powell", "4.25", "0.25"} <= set(doc.terms)
    assert "leitzins" not in doc.names, "a German noun is not a name for its capital"
    assert doc.event_date == dt.date(2025, 9, 17) and doc.event_day == "09-17" and doc.language == "de"
