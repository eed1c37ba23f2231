"""The PLOVER coder: its floor on the GSR benchmark, and behaviour on sentences written for these tests."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

from storyline.annotate.coding import code_sentences
from storyline.annotate.pipeline import annotate_article
from storyline.model import Article

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bench"))
import plover  # noqa: E402  (bench/plover.py)


def test_plover_gsr_stays_above_its_floor(shared: Path) -> None:
    floors = json.loads((ROOT / "bench" / "baseline.json").read_text("utf-8"))["plover"]
    result = plover.evaluate(records=plover.gold_records(shared / "benchmarks" / "plover-gsr" / "PLOVER_GSR_CAMEO.json"))
    assert result.n == 322
    assert result.accuracy >= floors["accuracy"], f"plover accuracy={result.accuracy:.4f} fell below {floors['accuracy']}"
    assert result.macro_f1 >= floors["macro_f1"], f"plover macro_f1={result.macro_f1:.4f} fell below {floors['macro_f1']}"


def coded(sentence: str) -> list[dict]:
    return next(code_sentences([("s", sentence)]))["events"]


def main_event(sentence: str):
    """The main EventMention of a one-sentence article (flags live on the record, not in the CLI output)."""
    return annotate_article(Article(id="t", source="test", text=sentence)).events[0]


def test_phone_call_is_consult_phone_with_actor_and_target() -> None:
    event = coded("Trump spoke with Putin by phone on Tuesday.")[0]
    assert (event["type"], event["mode"]) == ("CONSULT", "phone")
    assert any("Trump" in a for a in event["actors"])
    assert any("Putin" in t for t in event["targets"])
    assert event["trigger"] == "spoke"


def test_nominal_phone_call_names_both_sides() -> None:
    event = coded("A phone call between the two presidents lasted nearly two hours, officials in Paris said.")[0]
    assert (event["type"], event["mode"]) == ("CONSULT", "phone")
    assert event["trigger"] == "call"


def test_negation_keeps_the_type_and_sets_the_flag() -> None:
    event = main_event("The two governments did not agree on a new border treaty.")
    assert event.type == "AGREE" and event.negated


def test_conditional_sanctions_are_a_hypothetical_threat() -> None:
    event = main_event("The European Union could impose sanctions on the regime if the crackdown continues.")
    assert event.type == "THREATEN" and event.hypothetical


def test_future_visit_is_an_intention() -> None:
    event = main_event("The Italian prime minister will visit Kenya next month.")
    assert event.future and not event.negated
    assert event.type == "AGREE"  # the manual: future CONSULT/SUPPORT/COOPERATE/AID are AGREE


def test_demand_names_who_must_act() -> None:
    event = coded("Russia demanded that Ukraine withdraw its forces from the border region.")[0]
    assert event["type"] == "REQUEST"
    assert any("Russia" in a for a in event["actors"])
    assert any("Ukraine" in t for t in event["targets"])


def test_refusal_is_reject() -> None:
    assert coded("The rebel commanders refused to hand over their weapons to the monitors.")[0]["type"] == "REJECT"
    assert coded("Parliament rejected the government's budget proposal on Friday.")[0]["type"] == "REJECT"


def test_threat_takes_its_mode_from_what_is_threatened() -> None:
    event = coded("The militia threatened to attack the convoy unless the army left the valley.")[0]
    assert (event["type"], event["mode"]) == ("THREATEN", "violence")


def test_reporting_clause_is_not_the_event() -> None:
    event = coded("Police arrested dozens of protesters in the capital, a spokesman said on Monday.")[0]
    assert (event["type"], event["mode"]) == ("COERCE", "arrest")


def test_promised_aid_is_agree_and_delivered_aid_is_aid() -> None:
    assert coded("Japan pledged to send emergency food aid to the flood victims.")[0]["type"] == "AGREE"
    assert coded("Japan sent emergency food aid to the flood victims on Sunday.")[0]["type"] == "AID"


def test_nothing_codable_gives_an_empty_list() -> None:
    assert coded("The weather in the region was mild for the season.") == []


def test_component_writes_events_and_trigger_index() -> None:
    annotation = annotate_article(Article(id="a", source="test", text="Protesters marched through the city. Soldiers later fired on the crowd."))
    types = [e.type for e in annotation.events]
    assert types == ["PROTEST", "ASSAULT"]
    assert [e.id for e in annotation.events] == ["e1", "e2"]
    first = annotation.events[0]
    assert annotation.events[0].trigger == "marched" and (first.span.start, first.span.end) == (11, 18)


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("The foreign minister praised the neighbouring country's efforts to fight corruption.", "SUPPORT"),
        ("The opposition leader accused the government of rigging the election.", "ACCUSE"),
        ("The army deployed thousands of troops along the northern border.", "MOBILIZE"),
        ("The government lifted the curfew in the eastern province.", "CONCEDE"),
        ("Rebels released twelve hostages on Saturday.", "RETREAT"),
        ("Washington imposed new sanctions on the oil industry.", "SANCTION"),
        ("Thousands of teachers went on strike over unpaid wages.", "PROTEST"),
        ("The secretary of state will host her counterpart for talks in Washington.", "AGREE"),
    ],
)
def test_types_from_the_manuals_definitions(sentence: str, expected: str) -> None:
    assert coded(sentence)[0]["type"] == expected
