"""The compare stage: what outlets agree on, where they contradict, who wants what, and which outlets to doubt.

The public face other stages use: the stage, and the corpus it reads (outlets, citations) for the views."""

from storyline.compare.claims import Corpus, unknown_outlet
from storyline.compare.pipeline import Compared, compare_stored, load_corpus

__all__ = ["Compared", "Corpus", "compare_stored", "load_corpus", "unknown_outlet"]
