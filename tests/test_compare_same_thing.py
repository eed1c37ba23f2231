"""A conflict needs two claims about the same thing: synonyms of one thing meet, different things never do."""

from __future__ import annotations

from pathlib import Path

from storyline.annotate import annotate_stored
from storyline.compare.pipeline import compare_stored
from storyline.ingest import ingest
from storyline.link.pipeline import link_stored
from storyline.model import Conflict
from storyline.store import Store

HEIST = """Thieves steal crown jewels from the Louvre in four-minute heist

PARIS, Oct 19 (Wire) - Thieves stole priceless jewels from the Louvre museum in Paris on Sunday morning in a \
four-minute heist, French officials said.
The thieves used a truck-mounted ladder to reach the Apollo Gallery, smashed two display cases and fled on scooters, \
the interior minister said.
The museum was closed for the rest of the day.
"""
THEFT = """Louvre jewel theft: thieves strike the Apollo Gallery

PARIS, Oct 19 (Agency) - Thieves broke into the Louvre museum on Sunday morning and stole jewels from the Apollo \
Gallery, officials said.
The culture minister described a seven-minute theft; the thieves escaped on scooters with a truck-mounted ladder \
left behind.
The Louvre closed its doors for the day.
"""


def _conflicts(texts: dict[str, str], folder: Path, db_url: str) -> list[Conflict]:
    for name, text in texts.items():
        (folder / f"{name}.txt").write_text(text, encoding="utf-8")
    store = Store(db_url)
    try:
        list(ingest([folder / f"{name}.txt" for name in texts], store))
        list(annotate_stored(store))
        link_stored(store)
        return list(compare_stored(store).conflicts)
    finally:
        store.close()


def test_a_heist_and_a_theft_of_one_event_are_one_thing(tmp_path: Path, db_url: str) -> None:
    conflicts = _conflicts({"heist": HEIST, "theft": THEFT}, tmp_path, db_url)
    durations = [c for c in conflicts if c.attribute == "duration"]
    assert len(durations) == 1, [(c.subject, c.attribute) for c in conflicts]
    assert {s.value for s in durations[0].sides} == {"4 minutes", "7 minutes"}


CAMPAIGN = """Biden leads polls in South Carolina

COLUMBIA, Nov 18 (Wire) - Former Vice President Joe Biden kept his lead in South Carolina polls on Monday, a survey showed.
The survey of likely voters gave Biden a wide margin over his rivals.
His campaign said the numbers showed broad support.
"""
HEARING = """Envoy testifies on Ukraine policy

WASHINGTON, Nov 19 (Agency) - A former envoy testified on Tuesday before the House Intelligence Committee.
He answered questions for more than eight hours.
Lawmakers asked about meetings held last summer.
The committee released transcripts of earlier interviews.
Republicans questioned the timing of the hearing.
Democrats said the testimony filled gaps in the record.
The envoy described the years when Vice President Joe Biden took over as point man for Ukrainian policy.
"""


def _role_conflicts(texts: dict[str, str], folder: Path, db_url: str) -> list[Conflict]:
    return [c for c in _conflicts(texts, folder, db_url) if c.attribute in ("role", "holder")]


def test_a_bare_title_in_a_reports_background_is_the_title_of_that_time(tmp_path: Path, db_url: str) -> None:
    """'When Vice President Joe Biden took over' deep in a report is not a claim that he holds the office now."""
    assert _role_conflicts({"campaign": CAMPAIGN, "hearing": HEARING}, tmp_path, db_url) == []


def test_a_bare_title_in_a_reports_opening_says_the_role_is_held(tmp_path: Path, db_url: str) -> None:
    opening = HEARING.replace("A former envoy testified", "Vice President Joe Biden testified")
    conflicts = _role_conflicts({"campaign": CAMPAIGN, "hearing": opening}, tmp_path, db_url)
    assert [c.subject_label for c in conflicts] == ["Joe Biden"], [(c.subject, c.attribute) for c in conflicts]
