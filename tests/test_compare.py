"""The compare stage on the seeds and the demo corpus: the contradictions their annotations plant are found, values
that agree are never set against each other, positions are read with their actor and kind, and every finding
leads back to the words of an article."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

from storyline.annotate import annotate_stored
from storyline.compare.pipeline import compare_stored
from storyline.ingest import ingest
from storyline.link.pipeline import link_stored
from storyline.model import Citation, Conflict
from storyline.store import Store

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bench"))

import compare as bench  # noqa: E402  (bench/compare.py: the scoring the benchmark prints)
import events as events_bench  # noqa: E402  (bench/events.py: who did what to whom, when)
import quotes as quotes_bench  # noqa: E402  (bench/quotes.py: who said what)

E3, CONFUSED, E2 = "003_381c122b29faf23c", "000_d86872217a1edc23", "001_bff241c1b6aff0a8"
SITTING = ("002_be88fe9b0bee517e", E3, "004_a535a716b7896970")


@pytest.fixture(scope="module")
def store(seeds_dir: Path, samples_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Store:
    """The seeds and the samples in one store, through every stage."""
    store = Store(f"sqlite:///{tmp_path_factory.mktemp('compare') / 'store.db'}")
    list(ingest([seeds_dir, samples_dir], store))
    list(annotate_stored(store))
    link_stored(store)
    compare_stored(store)
    return store


def _sides(conflict: Conflict) -> list[set[str]]:
    return [{v.citation.article_id for v in side.claims} for side in conflict.sides]


def _trump_conflicts(store: Store, scope: str) -> list[Conflict]:
    return [c for c in store.conflicts() if c.scope == scope and c.subject == "person:donald-trump" and c.attribute == "role"]


def test_trumps_role_conflict_is_found_once(store: Store) -> None:
    """000 (former president) and 003 (president) stand on different sides, in one finding: the conflict inside
    their event sets apart the same titles the corpus-wide one does, so it is not told a second time."""
    both = [*_trump_conflicts(store, "event"), *_trump_conflicts(store, "actor")]
    apart = [
        c for c in both
        if any(CONFUSED in side for side in _sides(c)) and any(E3 in side for side in _sides(c))
        and not any({CONFUSED, E3} <= side for side in _sides(c))
    ]
    assert len(apart) == 1, [c.id for c in both]
    corpus = _trump_conflicts(store, "actor")
    assert corpus, "a corpus-wide conflict on Trump's role"
    for conflict in corpus:
        majority, *others = _sides(conflict)
        assert conflict.sides[0].majority and set(SITTING) <= majority
        assert set().union(*others) == {CONFUSED, E2}, "000 and 001 are the outliers"
        assert conflict.severity == "high"


def test_two_people_called_the_sitting_us_president_is_a_conflict(store: Store) -> None:
    holders = [c for c in store.conflicts() if c.scope == "office" and c.subject == "USA:president"]
    assert holders
    values = {side.value: {v.citation.article_id for v in side.claims} for side in holders[0].sides}
    assert values["Joe Biden"] == {CONFUSED} and set(SITTING) <= values["Donald Trump"]


def test_agreeing_values_are_never_set_against_each_other(store: Store) -> None:
    """The seeds' 'US President', 'U.S. President' and 'President' agree, and so do the compatible values the
    samples plant; a conflict that splits any of them is false."""
    for conflict in [*_trump_conflicts(store, "event"), *_trump_conflicts(store, "actor")]:
        holding = [side for side in _sides(conflict) if side & set(SITTING)]
        assert len(holding) == 1, f"{conflict.id} splits the seeds that call Trump the president"
    _, compatible, _, _ = bench.planted()
    for conflict in store.conflicts():
        for group in compatible:
            if bench._attribute_matches(group.attribute, conflict.attribute):
                assert not bench.separates(conflict, sorted(group.says)), f"{conflict.id} splits {group.label}"


def test_every_planted_contradiction_is_found(store: Store) -> None:
    result = bench.score(store)
    missed = [label for label in result.planted if label not in result.found]
    assert not missed, missed
    assert len(result.planted) == 7


def test_no_conflict_compares_values_of_two_planted_events(store: Store) -> None:
    """The two calls' durations (about an hour, about 40 minutes) are never set against each other."""
    assert not bench.score(store).false


def test_positions_of_001_are_found_with_actor_and_kind(store: Store, seeds_gold: dict) -> None:
    actors = {a.id: a for a in store.corpus_actors()}
    positions = list(store.positions())
    gold = [{**p, "article": E2} for p in seeds_gold["articles"][E2]["positions"]]
    found = [g for g in gold if any(bench._position_matches(p, g, actors) for p in positions)]
    assert len(found) >= 3, found


def test_planted_positions_stay_above_their_floor(store: Store) -> None:
    """bench/baseline.json pins how many planted positions (seeds and samples) are found: a change that loses some fails."""
    floors = json.loads((ROOT / "bench" / "baseline.json").read_text("utf-8"))["compare"]
    score = bench.score(store)
    assert len(score.found) >= floors["conflicts_found"], score.found
    assert len(score.positions_found) >= floors["positions_found"], score.positions_found


def test_planted_quotes_keep_their_speakers_above_the_floor(store: Store) -> None:
    """bench/baseline.json pins how many planted quotes are found and given to the right speaker."""
    floors = json.loads((ROOT / "bench" / "baseline.json").read_text("utf-8"))["quotes"]
    score = quotes_bench.score_quotes(store)
    assert score.found >= floors["found"], score.misses
    assert score.speakers_right >= floors["speakers_right"], score.misses


def test_planted_events_keep_their_coding_above_the_floor(store: Store) -> None:
    """bench/baseline.json pins how many planted events get the right PLOVER type, mode, participants and date."""
    floors = json.loads((ROOT / "bench" / "baseline.json").read_text("utf-8"))["events"]
    score = events_bench.score_events(store)
    for facet, floor in floors.items():
        assert score.right[facet] >= floor, (facet, score.lines)


def _walks_back(store: Store, citation: Citation) -> None:
    article = store.article(citation.article_id)
    assert article is not None, citation
    assert article.text[citation.span.start : citation.span.end] == citation.text, citation


def test_every_finding_position_and_summary_sentence_leads_back_to_its_words(store: Store) -> None:
    findings = [*store.agreements(), *store.conflicts()]
    assert findings
    for finding in findings:
        sides = (finding.side,) if hasattr(finding, "side") else finding.sides
        for side in sides:
            assert side.claims and side.outlets
            for value in side.claims:
                _walks_back(store, value.citation)
    positions = list(store.positions())
    assert positions
    for position in positions:
        _walks_back(store, position.citation)
        assert position.about and position.kind in {"demand", "offer", "proposal", "acceptance", "rejection", "condition"}
    summaries = list(store.summaries())
    assert {s.event_id for s in summaries} == {e.id for e in store.events()}
    for summary in summaries:
        assert summary.sentences
        for sentence in summary.sentences:
            assert sentence.citations[0].text == sentence.text
            for citation in sentence.citations:
                _walks_back(store, citation)


def test_source_profiles_flag_the_misdated_page(store: Store) -> None:
    profiles = {p.outlet: p for p in store.sources()}
    flags = [f for p in profiles.values() for f in p.flags if f.article_id == "dd-a3-mackerel-pause"]
    assert any(f.code == "page_date_far" for f in flags)
    assert profiles["fjordpost.example"].contradicted >= 1  # fp-a1's "more than two hours"
