"""Stated positions read off short real reports through every stage: who holds a stance when the text says "she",
"his party" or "her government", who stated it when a sentence reports one speaker, stance verbs whatever type the
coder gave their clause, and verbs that state no stance."""

from __future__ import annotations

from pathlib import Path

import pytest

from storyline.annotate import annotate_stored
from storyline.compare.pipeline import compare_stored
from storyline.ingest import ingest
from storyline.link.pipeline import link_stored
from storyline.model import Position
from storyline.store import Store

# one paragraph a line, as scraped text comes
REPORTS = {
    "families": """Peru presses Chile over six detained truck drivers
LIMA, March 3, 2026 - Foreign Minister Maria Lopez met the families of six Peruvian drivers held in Chile on Monday. She demanded that Chile guarantee weekly consular visits to the prisoners. Interior Minister Carlos Mendoza said that Chile would not release anyone facing charges of that kind "under any agreement, with any country". Mendoza said that Chile was willing to let them serve any sentence in Peru once their trials had finished. The crossing remains closed to cargo. Chile has made its reopening conditional on the release of eight Chilean truck drivers held in Tacna.
""",
    "talks": """Norway sets terms for new fishing talks
OSLO, March 2, 2026 - Prime Minister Torstein Aasland spoke with his Icelandic counterpart by telephone on Sunday. He said Norway was ready to return to negotiations, but only once Reykjavík had withdrawn the 145,000-tonne quota.
""",
    "moratorium": """Iceland accepts Norway's monitoring demand at Tórshavn talks
TÓRSHAVN, April 16, 2026 - Norway insisted that both fleets keep their tracking transponders switched on at all times. Iceland accepted the demand on the second day of talks, according to officials in both delegations. The opposition leader Einar Logi Pálsson said that his party would demand a debate in the Althing next week. Kyiv and Moscow have remained silent, suggesting internal deliberations. "We must hold firm on the quota," Pálsson said. The Icelandic delegation will be led by Foreign Minister Anna Berg. Has Norway accepted the proposal? A Norwegian spokesman declined to comment on the talks.
""",
}


@pytest.fixture(scope="module")
def positions(tmp_path_factory: pytest.TempPathFactory) -> list[Position]:
    folder = tmp_path_factory.mktemp("positions")
    for name, text in REPORTS.items():
        (folder / f"{name}.txt").write_text(text, encoding="utf-8")
    store = Store(f"sqlite:///{folder / 'store.db'}")
    list(ingest([folder], store))
    list(annotate_stored(store))
    link_stored(store)
    compare_stored(store)
    return list(store.positions())


def _of(positions: list[Position], actor: str, kind: str) -> list[Position]:
    return [p for p in positions if actor in p.actor and p.kind == kind]


def test_she_is_the_person_named_before(positions: list[Position]) -> None:
    found = _of(positions, "maria-lopez", "demand")
    assert any("consular visits" in p.about for p in found), [(p.actor, p.kind, p.about) for p in positions]


def test_the_one_speaker_of_a_sentence_stated_its_stance(positions: list[Position]) -> None:
    found = _of(positions, "country:CHL", "rejection")
    assert any("release anyone" in p.about and p.stated_by and "mendoza" in p.stated_by for p in found), found


def test_a_refusal_reads_with_its_modal_and_negation(positions: list[Position]) -> None:
    found = _of(positions, "country:CHL", "rejection")
    assert any(p.about.startswith("would not release anyone") for p in found), [p.about for p in found]


def test_willing_to_do_something_is_an_offer(positions: list[Position]) -> None:
    assert any("serve any sentence" in p.about for p in _of(positions, "mendoza", "offer"))


def test_accepting_a_demand_is_an_acceptance_whatever_its_type(positions: list[Position]) -> None:
    assert any("accepted the demand" in p.about for p in _of(positions, "country:ISL", "acceptance"))


def test_his_party_in_reported_speech_is_the_speakers_stance(positions: list[Position]) -> None:
    assert any("debate in the Althing" in p.about for p in _of(positions, "einar-logi", "demand"))


def test_suggesting_states_no_stance(positions: list[Position]) -> None:
    assert not [p for p in positions if "suggesting" in p.about.lower()]


def test_planned_cooperation_is_no_stance(positions: list[Position]) -> None:
    """The coder codes a delegation to be led by someone as AGREE (promised cooperation): not her stance."""
    assert not [p for p in positions if "led by" in p.about], [p.about for p in positions]


def test_a_question_and_declining_to_comment_state_no_stance(positions: list[Position]) -> None:
    assert not [p for p in positions if "accepted the proposal" in p.about or "comment" in p.about], [
        (p.actor, p.kind, p.about) for p in positions
    ]


def test_a_stance_before_its_speech_verb_is_told_by_its_sentence(positions: list[Position]) -> None:
    for position in positions:
        assert len(position.about.split()) >= 4, position.about


def test_ready_to_act_with_a_price_is_a_condition(positions: list[Position]) -> None:
    # "ready to" governs the trigger ("return"); "only once" makes the offer a condition
    found = _of(positions, "country:NOR", "condition")
    assert any("return to negotiations" in p.about for p in found), [(p.actor, p.kind, p.about) for p in positions]


def test_a_demand_made_a_condition_is_a_condition(positions: list[Position]) -> None:
    found = _of(positions, "country:CHL", "condition")
    assert any("conditional on the release" in p.about for p in found), [(p.actor, p.kind, p.about) for p in positions]
