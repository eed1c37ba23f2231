"""``storyline_line_breaks_v1``: a line break always ends a sentence.

Clean article text keeps one paragraph (or heading) per line; without this the
parser runs a heading into the sentence after it. Runs before the parser, which
respects boundaries already set.
"""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc


@Language.component("storyline_line_breaks_v1", assigns=["token.is_sent_start"])
def line_breaks(doc: Doc) -> Doc:
    after_break = False
    for token in doc:
        if after_break and not token.is_space:
            token.is_sent_start = True
            after_break = False
        if "\n" in token.text_with_ws:
            after_break = True
    return doc
