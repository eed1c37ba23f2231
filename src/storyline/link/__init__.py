"""Link: across articles, which report the same real-world event, which events make a story, one identity per actor.

The public face other stages use: the stage, the corpus-wide identities, and how a page's lede is read."""

from storyline.link.features import content_stems
from storyline.link.identity import Identities, resolve_identities
from storyline.link.lede import doubtful_page_date
from storyline.link.pipeline import Linked, link_stored

__all__ = ["Identities", "Linked", "content_stems", "doubtful_page_date", "link_stored", "resolve_identities"]
