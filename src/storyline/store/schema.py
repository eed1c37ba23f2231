"""The store's tables (SQLAlchemy Core): the same schema on SQLite and PostgreSQL."""

from __future__ import annotations

from sqlalchemy import (
    JSON,
    Column,
    DateTime,
    Float,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
)

SCHEMA_VERSION = 7

metadata = MetaData()

meta = Table(
    "meta",
    metadata,
    Column("key", String(64), primary_key=True),
    Column("value", Text, nullable=False),
)

articles = Table(
    "articles",
    metadata,
    Column("id", String(255), primary_key=True),
    Column("seq", Integer, nullable=False, index=True),  # arrival order: "first copy seen"
    Column("source", Text, nullable=False),
    Column("raw_hash", String(64), nullable=False),
    Column("content_hash", String(64), nullable=False, index=True),
    Column("url", Text),
    Column("outlet", String(255), index=True),
    Column("outlet_source", String(32)),
    Column("title", Text),
    Column("published", String(10)),
    Column("published_precision", String(8)),
    Column("published_source", String(32)),
    Column("language", String(16)),
    Column("text", Text, nullable=False),
    Column("duplicate_of", String(255), index=True),
    Column("duplicate_kind", String(8)),
    Column("flags", JSON, nullable=False),
    Column("metadata", JSON, nullable=False),
    Column("cleaning", JSON, nullable=False),
    Column("minhash", LargeBinary),
    Column("ingested_at", DateTime(timezone=True), nullable=False),
    UniqueConstraint("source", name="uq_articles_source"),
)

problems = Table(
    "problems",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("source", Text, nullable=False),
    Column("code", String(8), nullable=False),
    Column("message", Text, nullable=False),
    Column("seen_at", DateTime(timezone=True), nullable=False),
)

annotations = Table(
    "annotations",
    metadata,
    Column("article_id", String(255), primary_key=True),
    Column("annotator", String(128), nullable=False),  # which pipeline wrote it: a new one re-annotates
    Column("data", JSON, nullable=False),  # the Annotation record (storyline.model) as a dict
    Column("annotated_at", DateTime(timezone=True), nullable=False),
)

# the link stage's results: replaced as a whole by each link run (one transaction)
events = Table(
    "events",
    metadata,
    Column("id", String(255), primary_key=True),
    Column("story_id", String(255), index=True),
    Column("date", String(10)),
    Column("data", JSON, nullable=False),  # the Event record
)

stories = Table(
    "stories",
    metadata,
    Column("id", String(255), primary_key=True),
    Column("data", JSON, nullable=False),  # the Story record
)

actors = Table(
    "actors",
    metadata,
    Column("id", String(255), primary_key=True),
    Column("data", JSON, nullable=False),  # the corpus-wide Actor record
)

article_links = Table(
    "article_links",
    metadata,
    Column("article_id", String(255), primary_key=True),
    Column("event_id", String(255), index=True),
    Column("story_id", String(255), index=True),
)

# the event linker's state, kept so that a link run scores only the articles that are new or changed: each
# article's LinkDoc, and the scored pairs at or above the edge floor (a < b)
link_docs = Table(
    "link_docs",
    metadata,
    Column("article_id", String(255), primary_key=True),
    Column("data", JSON, nullable=False),  # the LinkDoc (storyline.link.features) as a dict
)

link_edges = Table(
    "link_edges",
    metadata,
    Column("a", String(255), primary_key=True),
    Column("b", String(255), primary_key=True, index=True),
    Column("score", Float, nullable=False),
)

# what the link stage's records need of each article (storyline.link.facts.ArticleFacts), kept with the linker's
# state so that a run reads whole annotations only for the articles it has not linked yet
link_facts = Table(
    "link_facts",
    metadata,
    Column("article_id", String(255), primary_key=True),
    Column("data", JSON, nullable=False),
)

# the compare stage's results: replaced as a whole by each compare run (one transaction)
findings = Table(
    "findings",
    metadata,
    Column("id", String(512), primary_key=True),
    Column("kind", String(16), nullable=False),  # "agreement" or "conflict"
    Column("event_id", String(255), index=True),
    Column("data", JSON, nullable=False),  # the Agreement or Conflict record
)

positions = Table(
    "positions",
    metadata,
    Column("id", String(512), primary_key=True),
    Column("actor", String(255), nullable=False, index=True),
    Column("data", JSON, nullable=False),  # the Position record
)

sources = Table(
    "sources",
    metadata,
    Column("outlet", String(255), primary_key=True),
    Column("data", JSON, nullable=False),  # the SourceProfile record
)

summaries = Table(
    "summaries",
    metadata,
    Column("event_id", String(255), primary_key=True),
    Column("data", JSON, nullable=False),  # the Summary record
)

# Articles a stage could not process (one that crashed the model: a poison pill), with the reason; later runs of the
# same stage code skip them until the article changes (ingest deletes the row with the old version).
failures = Table(
    "failures",
    metadata,
    Column("article_id", String(255), primary_key=True),
    Column("stage", String(32), primary_key=True),
    Column("worker", String(255), nullable=False),  # the code that failed (an annotator name)
    Column("reason", Text, nullable=False),
    Column("failed_at", DateTime(timezone=True), nullable=False),
)

# The web app's ingest jobs, so that a restart finds them (and resumes the ones it cut short).
jobs = Table(
    "jobs",
    metadata,
    Column("id", String(64), primary_key=True),
    Column("created_at", DateTime(timezone=True), nullable=False, index=True),
    Column("data", JSON, nullable=False),
)
