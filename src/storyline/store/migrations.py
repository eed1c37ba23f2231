"""Schema migrations: a store made by an earlier storyline is upgraded in place when it is opened.

Each step brings the schema from the version before it to its own, inside the transaction that records the new
version, so a store is never left half-upgraded. A store from a newer storyline is refused, never downgraded.
Steps so far only add tables; a step that changes a column writes its ALTER here, for SQLite and PostgreSQL alike.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

from sqlalchemy import Connection, Table, insert, select, text, update

from storyline.store import schema

log = logging.getLogger(__name__)


class SchemaTooNew(RuntimeError):
    """The store was written by a newer storyline than this one."""


@dataclass(frozen=True)
class Step:
    """What one schema version added."""

    tables: tuple[Table, ...] = ()

    def __call__(self, conn: Connection) -> None:
        for table in self.tables:
            table.create(conn, checkfirst=True)


# version -> the step that brings a store from version - 1 to it
STEPS: dict[int, Step] = {
    2: Step((schema.annotations,)),
    3: Step((schema.events, schema.stories, schema.actors, schema.article_links)),
    4: Step((schema.link_docs, schema.link_edges)),  # the linker's kept state: a v3 store is scored once again
    5: Step((schema.findings, schema.positions, schema.sources, schema.summaries)),
    6: Step((schema.link_facts,)),  # the records' view of each article: a v5 store is linked once again in full
    7: Step((schema.failures, schema.jobs)),  # articles a stage could not process; the web app's jobs
}


def stored_version(conn: Connection) -> int | None:
    if not conn.dialect.has_table(conn, schema.meta.name):
        return None
    row = conn.execute(select(schema.meta.c.value).where(schema.meta.c.key == "schema_version")).first()
    return int(row.value) if row else None


# The PostgreSQL advisory lock that makes store creation and upgrades one process at a time (any constant key).
SCHEMA_LOCK = 0x5707_1E


def _exclusive(conn: Connection) -> None:
    """Hold the store's write lock for this transaction, so that two processes opening a new store do not both
    create it (SQLite: "table already exists"; PostgreSQL: a unique violation in its catalogue): the second waits,
    then finds the store made."""
    if conn.dialect.name == "sqlite":
        conn.exec_driver_sql("BEGIN IMMEDIATE")  # pysqlite leaves DDL outside a transaction unless one is open
    elif conn.dialect.name == "postgresql":
        conn.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": SCHEMA_LOCK})


def prepare(conn: Connection, url: str) -> int:
    """Create a new store, or upgrade an older one to SCHEMA_VERSION; returns the version it was found at (0: new).
    Safe when several processes open the same new store at once."""
    found = stored_version(conn)
    if found == schema.SCHEMA_VERSION:
        return found  # the common case: nothing to create, no lock taken
    _exclusive(conn)
    found = stored_version(conn)
    current = schema.SCHEMA_VERSION
    if found is None:
        schema.metadata.create_all(conn)
        conn.execute(insert(schema.meta).values(key="schema_version", value=str(current)))
        return 0
    if found > current:
        raise SchemaTooNew(
            f"the store at {url} has schema version {found}, newer than this storyline's {current}: upgrade storyline"
        )
    for version in range(found + 1, current + 1):
        STEPS[version](conn)
        log.info("store %s upgraded to schema version %d", url, version)
    if found < current:
        conn.execute(update(schema.meta).where(schema.meta.c.key == "schema_version").values(value=str(current)))
    return found
