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
    assert result.mode_accuracy >= floors["mode_accuracy"], f"mode accuracy={result.mode_accuracy:.4f} fell below the floor"
    sources, right = result.sides["source"]
    assert right / sources >= floors["source_country"], f"source_country={right / sources:.4f} fell below the floor"
    targets, right = result.sides["target"]
    assert right / targets >= floors["target_country"], f"target_country={right / targets:.4f} fell below the floor"


def test_who_is_ready_or_willing_acts_and_is_not_its_own_target() -> None:
    ready = coded("France is ready to contribute troops to a peace-keeping force in Liberia.")[0]
    assert ready["actor_countries"] == ["FRA"], ready
    willing = coded("Syria says it is willing to withdraw its troops from neighboring Lebanon.")[0]
    assert willing["actor_countries"] == ["SYR"] and willing["target_countries"] == ["LBN"], willing
    agreed = coded("Iran agreed to release the British sailors.")[0]
    assert "IRN" not in agreed["target_countries"], agreed


@pytest.mark.parametrize(
    ("sentence", "country"),
    [
        ("Militiamen attacked a camp for Sudanese refugees near the border.", "SDN"),
        ("The army lifted a blockade on Palestinian lorries at the crossing.", "PSE"),
        ("The ministers demanded the withdrawal of Serbian forces from the enclave.", "SRB"),
        ("The European Community agreed to provide 70 million dollars of aid for Romania.", "ROU"),
    ],
)
def test_a_thing_done_to_belongs_to_its_party(sentence: str, country: str) -> None:
    # the target is the party a camp, blockade or withdrawal is for or of, not the thing
    event = coded(sentence)[0]
    assert country in event["target_countries"], event


def test_an_office_holder_named_without_a_country_word_acts_for_his_country() -> None:
    # office_holders.txt (built from PETRARCH2's dated records): no word of the sentence names Zimbabwe or Uganda
    event = coded("President Mugabe rejected a call from President Yoweri Museveni for talks.")[0]
    assert event["actor_countries"] == ["ZWE"] and event["target_countries"] == ["UGA"], event


def test_a_party_reporting_its_own_intention_is_the_actor() -> None:
    # "it" / "they" opening a speech verb's report stand for the verb's subject
    for sentence, country in (
        ("Hungary has said it will support a U.N. Security Council resolution on sanctions.", "HUN"),
        ("Iraq said it would allow the return of U.N. weapons inspectors.", "IRQ"),
    ):
        assert coded(sentence)[0]["actor_countries"] == [country], coded(sentence)


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


def test_a_stated_refusal_is_reject_with_what_is_refused_as_mode() -> None:
    """The manual: REJECT is "all rejections and refusals"; a party saying it will not act refuses."""
    accept = main_event("Syria says it will not accept any more refugees.")
    assert (accept.type, accept.negated) == ("REJECT", False)
    release = coded("Norway will not release the ships.")[0]
    assert (release["type"], release["mode"]) == ("REJECT", "yield")
    talks = coded("Iran won't hold talks with the United States.")[0]
    assert (talks["type"], talks["mode"]) == ("REJECT", "meet")
    past = main_event("The two leaders did not meet on Tuesday.")  # a non-event, not a refusal
    assert (past.type, past.negated) == ("CONSULT", True)


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
        # meeting demands is giving in; saying one will not is a refusal (the markets' "meet demand" is no event)
        ("The rebels met the government's demands and freed the convoy.", "CONCEDE"),
        ("The government said it would not meet the kidnappers' demands.", "REJECT"),
        ("Rebels released twelve hostages on Saturday.", "RETREAT"),
        # the manual: "the actual release or exchange of prisoners should be coded as RETREAT"
        ("Chile and Peru exchanged 52 detainees at the border crossing on Saturday.", "RETREAT"),
        ("Russia and Ukraine carried out a prisoner exchange on Friday.", "RETREAT"),
        ("Washington imposed new sanctions on the oil industry.", "SANCTION"),
        ("Thousands of teachers went on strike over unpaid wages.", "PROTEST"),
        ("The secretary of state will host her counterpart for talks in Washington.", "AGREE"),
        # the manual: "Joint military operations are coded as COOPERATE but single-country exercises ... MOBILIZE"
        ("India and Russia held naval exercises off Vladivostok.", "COOPERATE"),
        ("French and Egyptian warships launched ten days of war games in the Mediterranean.", "COOPERATE"),
        ("The navy began joint drills with its allies on Monday.", "COOPERATE"),
        ("North Korea held military exercises near the border.", "MOBILIZE"),
    ],
)
def test_types_from_the_manuals_definitions(sentence: str, expected: str) -> None:
    assert coded(sentence)[0]["type"] == expected


# -- who did it to whom: participants of event nouns, light verbs, group phrases, requests ---------------


def _names(event: dict) -> tuple[list[str], list[str]]:
    return event["actors"], event["targets"]


def _has(names: list[str], word: str) -> bool:
    return any(word in name for name in names)


def test_between_names_every_side_as_actor() -> None:
    """Reciprocal: the manual lists all sides of a consultation as actors, with no recipient."""
    event = coded("Talks between Armenia and Azerbaijan and Georgia resumed in Geneva on Monday.")[0]
    assert event["type"] == "CONSULT" and event["trigger"] == "Talks"
    actors, _ = _names(event)
    assert all(_has(actors, c) for c in ("Armenia", "Azerbaijan", "Georgia"))


def test_possessor_acts_and_with_is_the_recipient() -> None:
    event = coded("Macron's conversation with Scholz touched on energy prices.")[0]
    assert event["type"] == "CONSULT"
    assert _has(event["actors"], "Macron") and _has(event["targets"], "Scholz")


def test_call_from_a_to_b() -> None:
    event = coded("A call from the Indian prime minister to the Chinese president was reported on Friday.")[0]
    assert (event["type"], event["mode"]) == ("CONSULT", "phone")
    assert _has(event["actors"], "India") and _has(event["targets"], "China")


def test_meeting_of_names_its_participants() -> None:
    event = coded("The meeting of Japan and South Korea ended without a statement.")[0]
    assert event["type"] == "CONSULT"
    assert _has(event["actors"], "Japan") and _has(event["actors"], "Korea")


def test_event_noun_inherits_the_agent_of_its_clause() -> None:
    event = coded("Chancellor Scholz disclosed details of a phone call with President Erdogan on Thursday.")[0]
    assert (event["type"], event["mode"]) == ("CONSULT", "phone") and event["trigger"] == "call"
    assert _has(event["actors"], "Scholz") and _has(event["targets"], "Erdogan")
    event = coded("Prime Minister Modi initiated the call shortly after noon.")[0]
    assert event["type"] == "CONSULT" and _has(event["actors"], "Modi")


def test_a_noun_that_cannot_act_never_inherits_the_event() -> None:
    event = coded("The communique followed a long phone call between Macron and Meloni.")[0]
    assert (event["type"], event["mode"]) == ("CONSULT", "phone")
    assert not _has(event["actors"], "communique")
    assert _has(event["actors"] + event["targets"], "Macron") and _has(event["actors"] + event["targets"], "Meloni")


@pytest.mark.parametrize(
    "sentence",
    [
        "A video call between Biden and Xi took place on Wednesday, lasting nearly an hour.",
        "The phone call between Biden and Xi lasted nearly an hour.",
        "Biden held talks with Xi in San Francisco.",
        "Biden engaged in a lengthy phone call with Xi on Wednesday.",
    ],
)
def test_light_verbs_are_not_the_event(sentence: str) -> None:
    event = coded(sentence)[0]
    assert event["type"] == "CONSULT", event
    assert event["trigger"] in ("call", "talks")
    assert _has(event["actors"] + event["targets"], "Biden") and _has(event["actors"] + event["targets"], "Xi")


def test_a_light_verb_without_an_event_noun_keeps_its_own_sense() -> None:
    assert coded("Militia fighters engaged in ethnic cleansing in the valley, the report said.")[0]["type"] == "ASSAULT"


def test_main_event_is_flagged() -> None:
    events = annotate_article(Article(id="m", source="test", text="The talks took place in Oslo. Rebels attacked a convoy.")).events
    assert [e.main for e in events].count(True) == 2
    assert all(e.main for e in events if e.trigger in ("talks", "attacked"))


@pytest.mark.parametrize(
    ("sentence", "country"),
    [
        ("The Chinese side insisted on an immediate halt to the naval exercises.", "China"),
        ("Iranian officials demanded the release of the seized tanker.", "Iran"),
        ("Kremlin officials demanded an apology from the ambassador.", "Russia"),
        ("Opposition groups in Zimbabwe demanded the release of the detained journalists.", "Zimbabwe"),
        ("Thousands of Nigerians demanded the release of the detained journalists.", "Nigeria"),
    ],
)
def test_group_phrases_act_for_their_country(sentence: str, country: str) -> None:
    annotation = annotate_article(Article(id="g", source="test", text=sentence))
    event = annotation.events[0]
    assert event.main and event.type == "REQUEST"
    names = [a.name for a in annotation.actors if a.id in event.actors]
    assert country in names, (event.actors, names)


@pytest.mark.parametrize(
    "sentence",
    [
        "The Serbian government insisted on the withdrawal of all foreign observers.",
        "Egypt emphasized the necessity of a permanent ceasefire in the region.",
        "The prime minister stressed that any deal would be worthless unless the militias disarmed first.",
        "The opposition insisted that the election be postponed.",
    ],
)
def test_insistence_and_conditions_are_requests(sentence: str) -> None:
    assert coded(sentence)[0]["type"] == "REQUEST"


def test_a_condition_on_oneself_is_not_a_request() -> None:
    assert coded("There will be no deal unless we meet in person, the minister said.")[0]["type"] != "REQUEST"


def test_conversation_between_leaders_of_two_countries_is_remote() -> None:
    event = coded("French President Emmanuel Macron had a conversation with German Chancellor Olaf Scholz on Sunday.")[0]
    assert (event["type"], event["mode"]) == ("CONSULT", "phone")
    event = coded("French President Emmanuel Macron had a conversation with German Chancellor Olaf Scholz at the summit.")[0]
    assert event["type"] == "CONSULT" and event["mode"] != "phone"


@pytest.mark.parametrize(
    ("sentence", "type_", "mode"),
    [
        # the trigger's own word before the weapons beside it; "fired" names no weapon of its own
        ("Israeli helicopters and tanks shelled positions near Rafah.", "ASSAULT", "heavy-weapons"),
        ("Israeli tanks fired four shells at targets in Jericho.", "ASSAULT", "heavy-weapons"),
        # how the attackers were armed
        ("A refugee camp was attacked by militiamen armed with machetes, killing 156 people.", "ASSAULT", "primitive"),
        # a threat whose content is not an event of its own is named by its words
        ("Hamas threatened on Monday to resume terrorist activities in Israel.", "THREATEN", "violence"),
        # the small model reads "have sworn to fight" as a purpose clause; a promise of violence is a threat
        ("The rebels have sworn to fight on until the government falls.", "THREATEN", "violence"),
    ],
)
def test_mode(sentence: str, type_: str, mode: str) -> None:
    event = coded(sentence)[0]
    assert (event["type"], event["mode"]) == (type_, mode)
