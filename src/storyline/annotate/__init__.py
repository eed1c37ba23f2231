"""Annotate: one clean article in, everything it says written down (actors, quotes, times, claims, events)."""

from storyline.annotate.pipeline import annotate, annotate_article, annotate_stored, load_pipeline, make_doc

__all__ = ["annotate", "annotate_article", "annotate_stored", "load_pipeline", "make_doc"]
