"""Bar 3 of ingest: syndicated copies point at the first copy; ingesting again changes nothing."""

from __future__ import annotations

from pathlib import Path

import pytest

from storyline.config import Settings
from storyline.ingest import Status, ingest
from storyline.store import Store


@pytest.fixture
def db_url(any_db_url: str) -> str:
    """The store tests run on SQLite and on PostgreSQL."""
    return any_db_url


ORIGINAL = """Coastal states agree to review mackerel quotas

The fisheries ministers of Norway and the Faroe Islands agreed on Thursday to review the shared mackerel quota
before the summer season, ending a standoff that had kept Faroese trawlers out of Norwegian waters since January.

Speaking after three hours of talks in Bergen, the Norwegian minister said both sides had accepted a scientific
review by an independent panel, and that the panel would report within six weeks. The Faroese delegation said
it expected its share to rise from 12 percent to at least 15 percent once the review took the new spawning data
into account.

Industry groups in both countries welcomed the agreement but warned that prices at the Tromsø auction had already
fallen by a fifth since the dispute began. A spokesman for the Norwegian fishing association said the fleet could
not survive another season of uncertainty and called for a binding deal by the end of May.

The talks are due to resume in Tórshavn in April, when the two delegations will also discuss licences for
blue whiting and herring, which have been caught up in the same dispute.
"""

# A syndicated copy: the original's body under a new headline, an editor's note and other page furniture.
SYNDICATED = (
    "Editor's note: this story was first published by the Bergen Courier and is republished with permission.\n\n"
    "Norway and Faroes to review mackerel quotas\n"
    + ORIGINAL.split("\n", 1)[1]
    + "\nShare this:\nLeave a Reply\n"
)

OTHER_REPORT = """Faroese fleet still barred as quota talks begin

Faroese trawlers remained tied up in Klaksvík on Thursday as ministers met in Bergen, and skippers said they had
little hope that a review of the mackerel quota would bring them back to Norwegian waters before the summer.

"We have heard promises of a review before," one captain said, adding that his crew had not worked since January.
The Faroese government has asked for a share of at least 15 percent, up from 12 percent, citing new spawning data.

Norwegian officials said the scientific panel would need six weeks, and that licences for herring and blue
whiting would be discussed separately in Tórshavn in April. Prices at the Tromsø auction have fallen by a fifth.
"""


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    folder = tmp_path / "corpus"
    (folder / "courier").mkdir(parents=True)
    (folder / "wire").mkdir()
    (folder / "courier" / "a-original.txt").write_text(ORIGINAL, encoding="utf-8")
    (folder / "wire" / "b-syndicated.txt").write_text(SYNDICATED, encoding="utf-8")
    # the same words as the original, spaced and punctuated differently: an exact copy
    (folder / "wire" / "c-exact.txt").write_text(ORIGINAL.replace("\n", "  \n").replace(", ", " , "), encoding="utf-8")
    (folder / "wire" / "d-other-report.txt").write_text(OTHER_REPORT, encoding="utf-8")
    return folder


def test_syndicated_copy_points_at_first_copy(corpus: Path, store: Store) -> None:
    list(ingest([corpus], store))
    articles = {a.id: a for a in store.articles()}
    assert articles["a-original"].duplicate_of is None
    assert articles["b-syndicated"].duplicate_of == "a-original"
    assert articles["b-syndicated"].duplicate_kind == "near"
    assert articles["c-exact"].duplicate_of == "a-original"
    assert articles["c-exact"].duplicate_kind == "exact"
    # the same story in other words is not a copy
    assert articles["d-other-report"].duplicate_of is None


def test_threshold_is_a_setting(corpus: Path, store: Store) -> None:
    strict = Settings(near_duplicate_threshold=0.99)
    list(ingest([corpus], store, strict))
    articles = {a.id: a for a in store.articles()}
    assert articles["b-syndicated"].duplicate_of is None
    assert articles["c-exact"].duplicate_of == "a-original"


def test_copy_arriving_in_a_later_run_points_at_the_stored_original(corpus: Path, store: Store) -> None:
    list(ingest([corpus / "courier"], store))
    list(ingest([corpus / "wire"], store))
    articles = {a.id: a for a in store.articles()}
    assert articles["b-syndicated"].duplicate_of == "a-original"


def test_second_ingest_of_the_same_folder_changes_no_count(corpus: Path, db_url: str) -> None:
    first = Store(db_url)
    statuses = [o.status for o in ingest([corpus], first)]
    assert statuses.count(Status.STORED) == 4
    counts = first.counts()
    rows = [a.to_dict() for a in first.articles()]
    first.close()

    again = Store(db_url)
    statuses = [o.status for o in ingest([corpus], again)]
    assert statuses == [Status.UNCHANGED] * 4
    assert again.counts() == counts
    assert [a.to_dict() for a in again.articles()] == rows


def test_changed_input_is_updated_in_place(corpus: Path, store: Store) -> None:
    list(ingest([corpus], store))
    path = corpus / "wire" / "d-other-report.txt"
    path.write_text(OTHER_REPORT + "\nThe ministry said a statement would follow on Friday.\n", encoding="utf-8")
    statuses = [o.status for o in ingest([corpus], store)]
    assert statuses.count(Status.UPDATED) == 1 and statuses.count(Status.UNCHANGED) == 3
    assert store.counts()["articles"] == 4
    assert "statement would follow on Friday" in store.article("d-other-report").text


def test_interrupted_run_resumes_without_loss_or_doubles(corpus: Path, db_url: str) -> None:
    settings = Settings(db_url=db_url, batch_size=1)
    store = Store(db_url)
    run = ingest([corpus], store, settings)
    next(run)  # one batch committed, then the run dies
    run.close()
    assert store.counts()["articles"] == 1
    list(ingest([corpus], store, settings))
    articles = {a.id: a for a in store.articles()}
    assert sorted(articles) == ["a-original", "b-syndicated", "c-exact", "d-other-report"]
    assert articles["b-syndicated"].duplicate_of == "a-original"


def test_same_file_name_in_two_folders_gets_two_ids(tmp_path: Path, store: Store) -> None:
    for outlet in ("one", "two"):
        (tmp_path / outlet).mkdir()
    (tmp_path / "one" / "story.txt").write_text(ORIGINAL, encoding="utf-8")
    (tmp_path / "two" / "story.txt").write_text(OTHER_REPORT, encoding="utf-8")
    list(ingest([tmp_path], store))
    ids = sorted(a.id for a in store.articles())
    assert ids[0] == "story" and ids[1].startswith("story-") and len(ids) == 2
