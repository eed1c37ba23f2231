"""Ingest: any news input becomes a clean, deduplicated, stored Article."""

from storyline.ingest.pipeline import Ingestor, Outcome, Status, ingest
from storyline.ingest.prepare import prepare_article
from storyline.ingest.readers import RawDocument
from storyline.ingest.sources import estimate_documents

__all__ = ["Ingestor", "Outcome", "RawDocument", "Status", "estimate_documents", "ingest", "prepare_article"]
