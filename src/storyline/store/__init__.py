"""The store: where stages leave their records for the next one."""

from storyline.store.store import Store, StoredVersion

__all__ = ["Store", "StoredVersion"]
