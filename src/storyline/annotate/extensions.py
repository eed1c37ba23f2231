"""The custom attributes the storyline components read and write on a spaCy ``Doc``.

Set once (spaCy's ``Doc.set_extension`` idiom). Components talk only through
these attributes, each holding domain records (``storyline.model``) or small
indexes over them, and the last component folds them into one ``Annotation``.
"""

from __future__ import annotations

from spacy.tokens import Doc

# name -> default; mutable defaults are never shared: components assign fresh values per doc
EXTENSIONS: dict[str, object] = {
    "article_id": None,  # str: the Article the text came from
    "published": None,  # datetime.date | None: the article's published date (the default time anchor)
    "published_source": None,  # str | None: where that date came from ("dateline", "html_metadata", ...)
    "outlet": None,  # str | None: the outlet that published it ("northwire.example", "Lima Dispatch")
    "source_text": None,  # str | None: the article's text as written (the Doc may read a headline re-cased)
    "sent_index": None,  # list[int]: sentence number of each token
    "actors": None,  # dict[str, Actor]: one per identity in the article
    "mentions": None,  # list[EntityMention]
    "actor_tokens": None,  # dict[int, str]: token index -> Actor id, for every token of every mention
    "quotes": None,  # list[Quote]
    "times": None,  # list[TimeExpression]
    "time_tokens": None,  # dict[int, int]: token index -> index into times
    "events": None,  # list[EventMention]
    "event_tokens": None,  # dict[int, str]: trigger token index -> EventMention id
    "claims": None,  # list[Claim]
    "annotation": None,  # Annotation: the finished record (set by storyline.record)
}

INTERMEDIATE = tuple(name for name in EXTENSIONS if name not in ("article_id", "published", "published_source", "outlet", "annotation"))


def register_extensions() -> None:
    """Idempotent: importing several components, or reloading, never re-registers."""
    for name, default in EXTENSIONS.items():
        if not Doc.has_extension(name):
            Doc.set_extension(name, default=default)


register_extensions()
