"""Provenance: turn token ranges into ``Span`` records (article, character offsets, sentence)."""

from __future__ import annotations

from spacy.tokens import Doc, Token
from spacy.tokens import Span as SpacySpan

from storyline.model import Span


def sentence_index(doc: Doc) -> list[int]:
    """Sentence number of each token, computed once per doc and cached on it."""
    index = doc._.sent_index
    if index is None:
        index = [0] * len(doc)
        for number, sent in enumerate(doc.sents):
            for i in range(sent.start, sent.end):
                index[i] = number
        doc._.sent_index = index
    return index


def span_of(doc: Doc, start: int, end: int) -> Span:
    """The Span of tokens ``start``..``end`` (exclusive)."""
    first = doc[start]
    last = doc[end - 1]
    return Span(doc._.article_id or "", first.idx, last.idx + len(last.text), sentence_index(doc)[start])


def span_of_chars(doc: Doc, start_char: int, end_char: int) -> Span:
    """The Span of a character range (quotes are found on characters, not tokens)."""
    token = _token_at(doc, start_char)
    sentence = sentence_index(doc)[token.i] if token is not None else None
    return Span(doc._.article_id or "", start_char, end_char, sentence)


def span_of_spacy(span: SpacySpan) -> Span:
    return span_of(span.doc, span.start, span.end)


def _token_at(doc: Doc, char: int) -> Token | None:
    """The token covering ``char`` (or the next one after whitespace)."""
    lo, hi = 0, len(doc) - 1
    while lo <= hi:
        mid = (lo + hi) // 2
        token = doc[mid]
        if char < token.idx:
            hi = mid - 1
        elif char >= token.idx + len(token.text_with_ws):
            lo = mid + 1
        elif char >= token.idx + len(token.text) and mid + 1 < len(doc):
            return doc[mid + 1]  # in the white space after a token: the span starts with the next one
        else:
            return token
    return doc[lo] if lo < len(doc) else None
