"""``storyline_record_v1``: the last component; folds the components' attributes into one Annotation."""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

from storyline.annotate.extensions import INTERMEDIATE
from storyline.model import Annotation


@Language.component(
    "storyline_record_v1",
    requires=["doc._.actors", "doc._.quotes", "doc._.times", "doc._.claims", "doc._.events"],
    assigns=["doc._.annotation"],
)
def record(doc: Doc) -> Doc:
    actors = doc._.actors or {}
    doc._.annotation = Annotation(
        article_id=doc._.article_id or "",
        actors=list(actors.values()),
        mentions=list(doc._.mentions or []),
        quotes=list(doc._.quotes or []),
        times=list(doc._.times or []),
        claims=list(doc._.claims or []),
        events=list(doc._.events or []),
        sentences=[(s.start_char, s.end_char) for s in doc.sents],
    )
    for name in INTERMEDIATE:  # the records now live in the annotation; drop the working state
        setattr(doc._, name, None)
    return doc
