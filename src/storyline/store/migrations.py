"""Schema migrations: a store made by an earlier storyline is upgraded in place when it is opened.

Each step brings the schema from the version before it to its own, inside the transaction that records the new
version, so a store is never left half-upgraded. A store from a newer storyline is refused, never downgraded.
Steps so far only add tables; a step that changes a column writes its ALTER here, for SQLite and PostgreSQL alike.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

from sqlalchemy import Connection, Table, insert, select, update

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
}


def stored_version(conn: Connection) -> int | None:
    if not conn.dialect.has_table(conn, schema.meta.name):
        return None
    row = conn.execute(select(schema.meta.c.value).where(schema.meta.c.key == "schema_version")).first()
    return int(row.value) if row else None


def prepare(conn: Connection, url: str) -> int:
    """Create a new store, or upgrade an older one to SCHEMA_VERSION; returns the version it was found at (0: new)."""
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
