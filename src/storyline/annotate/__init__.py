"""Annotate: one clean article in, everything it says written down (actors, quotes, times, claims, events).

The public face other stages use: the stage itself, and the lexicons later stages read the same way (who is who,
how times and PLOVER event words are written)."""

from storyline.annotate.actor_lexicon import actor_lexicon
from storyline.annotate.code_input import read_sentences
from storyline.annotate.coding import code_sentences
from storyline.annotate.names import first_names_agree, slug, word_key
from storyline.annotate.pipeline import annotate, annotate_article, annotate_stored, load_pipeline, make_doc
from storyline.annotate.plover.patterns import load_lexicon as plover_lexicon
from storyline.annotate.times import load_lexicon as time_lexicon

__all__ = [
    "actor_lexicon",
    "annotate",
    "annotate_article",
    "annotate_stored",
    "code_sentences",
    "first_names_agree",
    "load_pipeline",
    "make_doc",
    "plover_lexicon",
    "read_sentences",
    "slug",
    "time_lexicon",
    "word_key",
]
