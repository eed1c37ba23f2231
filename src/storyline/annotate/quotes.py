"""``storyline_quotes_v1``: who said what, direct and indirect.

Direct quotes are found on the characters (straight and curly marks, several sentences long); indirect speech
on the parse (a speech verb with a clausal complement: "Zelenskyy stated that Ukraine is open to ..."), also when
it quotes a fragment ('said that all catches were "reported, weighed and legal"'): that mixed quotation is one
quote, the reported speech with its marks, not also the fragment on its own (``Quote.verbatim`` finds the words
said verbatim in either kind).
A speaker comes from the cue verb's subject in the quote's own sentences (", X said." after, "X said:" before),
or the person named just after a speech verb that comes first ('"...," said X, whose husband ...'), else from a
sentence ending in a colon just before the quote, else from the quote just before it. A pronoun
subject is the last named person outside quotes, preferring the subject of a recent sentence.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass
from functools import lru_cache

from spacy.language import Language
from spacy.tokens import Doc, Token

from storyline.annotate.antecedents import SUBJECTS, People
from storyline.annotate.descriptions import Described
from storyline.annotate.lexicon import tsv_rows
from storyline.annotate.spans import sentence_index, span_of, span_of_chars
from storyline.model import Quote, QuoteKind, Span, quoted_ranges

_CLOSING = re.compile(r"\s*[”\"»’']")
_PRONOUNS = {"he", "she", "i"}
NOBODY = "nobody"  # a cue whose subject cannot speak ("the call said"): the quote has no speaker
_MIN_WORDS = 4  # shorter runs between marks are scare quotes or titles, unless they end like speech
# Reported speech that quotes a fragment ('said that all catches were "reported, weighed and legal"') is a quote of
# its own when this many of its words stand outside the quote marks; fewer, and it is the direct quote again.
_MIN_OWN_WORDS = 3
# '"...," said Fisheries Minister Bjarki Steinsson': the speaker's name starts within this many words of the verb
_INVERTED_REACH = 4


@dataclass(frozen=True)
class SpeechVerbs:
    all: frozenset[str]
    indirect: frozenset[str]


@lru_cache(maxsize=1)
def speech_verbs() -> SpeechVerbs:
    rows = list(tsv_rows("speech_verbs.txt"))
    return SpeechVerbs(frozenset(r[0] for r in rows), frozenset(r[0] for r in rows if r[1] == "yes"))


@Language.factory(
    "storyline_quotes_v1",
    assigns=["doc._.quotes"],
    requires=["doc._.actors", "doc._.mentions", "doc._.actor_tokens", "token.dep"],
)
def make_quotes(nlp: Language, name: str) -> QuoteFinder:
    return QuoteFinder()


@dataclass(frozen=True)
class _Speaker:
    actor_id: str | None
    name: str
    start: int
    end: int
    source: str
    cue: str | None


class QuoteFinder:
    def __init__(self) -> None:
        self.verbs = speech_verbs()

    def __call__(self, doc: Doc) -> Doc:
        text = doc.text  # Doc.text joins every token on each read: read it once
        if doc._.source_text and len(doc._.source_text) == len(text):
            text = doc._.source_text  # the article's own characters: the Doc reads a title-case headline re-cased
        ranges = _direct_ranges(text)
        context = _Context(doc, ranges, text)
        quotes: list[Quote] = []
        previous: _Speaker | None = None
        previous_sentence = -2
        for start, end in ranges:
            speaker = self._direct_speaker(context, start, end)
            span = span_of_chars(doc, start, end)
            here = span.sentence if span.sentence is not None else -10
            if speaker is None and previous is not None and here - previous_sentence <= 1:
                # a quote that runs on in the next sentence or paragraph, with no cue of its own
                speaker = _Speaker(previous.actor_id, previous.name, previous.start, previous.end, "previous", None)
            if speaker is not None and speaker.source == NOBODY:
                speaker = None
            quotes.append(context.quote(text[start:end], QuoteKind.DIRECT, span, speaker))
            previous = speaker
            end_sentence = span_of_chars(doc, end - 1, end).sentence
            previous_sentence = end_sentence if end_sentence is not None else here
        reported = self._indirect(context)
        quotes = [q for q in quotes if not any(_part_of(q, r) for r in reported)] + reported
        quotes.sort(key=lambda q: q.span.start)
        doc._.quotes = quotes
        return doc

    # ---- direct ----------------------------------------------------------------------------------

    def _direct_speaker(self, ctx: _Context, start: int, end: int) -> _Speaker | None:
        doc = ctx.doc
        first, last = ctx.token_at(start), ctx.token_at(max(start, end - 1))
        if first is None or last is None:
            return None
        sents = sentence_index(doc)
        after = [t for t in doc[last.i :] if sents[t.i] == sents[last.i] and t.idx > end and not _mark(t)]
        before = [t for t in reversed(doc[: first.i]) if sents[t.i] == sents[first.i] and not _mark(t)]
        for tokens, where in ((after, "after"), (before, "before")):
            for token in tokens:
                if token.lower_ == "according" and token.i + 1 < len(doc) and doc[token.i + 1].lower_ == "to":
                    speaker = ctx.according_to(doc[token.i + 1], where)  # '“...,” according to a statement from X'
                    if speaker is not None:
                        return speaker
                if self._cue(token) and not ctx.inside(token):
                    speaker = ctx.subject_of(token, where)
                    if speaker is not None:
                        return speaker
        if before and before[0].text == ":":  # "Vance echoed this sentiment: “...”"
            return ctx.subject_of(before[0].sent.root, "before")
        if not before:  # the quote opens its sentence: a lead-in ending in ':' just before it
            prev = first.i - 1
            while prev >= 0 and _mark(doc[prev]):
                prev -= 1
            if prev >= 0 and doc[prev].text == ":":
                sent = doc[prev].sent
                cues = [t for t in sent if self._cue(t)]
                for verb in [*cues, sent.root]:
                    speaker = ctx.subject_of(verb, "before")
                    if speaker is not None:
                        return speaker
        # '“... safe!” Trump added.': the splitter may end a sentence at the quote's own "!" or "?", leaving its cue
        # to open the next one (read last: a cue of the quote's own sentence or a lead-in comes first)
        for token in self._next_cue(ctx, last) if not after else []:
            if self._cue(token):
                return ctx.subject_of(token, "after")
        return None

    def _cue(self, token: Token) -> bool:
        """A speech verb: by its lemma, or an "-ing" form the tagger took for a noun (", remarking, “...”")."""
        if token.pos_ in {"VERB", "AUX"}:
            return token.lemma_ in self.verbs.all
        if token.pos_ == "NOUN" and token.dep_ in {"advcl", "xcomp", "conj"} and token.lower_.endswith("ing"):
            stem = token.lower_[:-3]
            return stem in self.verbs.all or stem + "e" in self.verbs.all
        return False

    def _next_cue(self, ctx: _Context, last: Token) -> list[Token]:
        """The next sentence's opening words when they are only a speaker and a speech verb ('Trump added.',
        'the company said in a post'): the cue of a quote the splitter cut off at its end mark."""
        doc = ctx.doc
        sents = sentence_index(doc)
        following = [t for t in doc[last.i + 1 :] if not _mark(t)]
        if not following or sents[following[0].i] == sents[last.i] or following[0].text[:1] in "“\"«":
            return []
        if "\n" in ctx.text[last.idx : following[0].idx]:
            return []  # a new paragraph is no cue of the quote that ends the one before
        opening = [t for t in following if sents[t.i] == sents[following[0].i]][: _INVERTED_REACH + 2]
        for n, token in enumerate(opening):
            if self._cue(token):
                return opening[: n + 1]
            if token.is_punct:
                return []
        return []

    # ---- indirect --------------------------------------------------------------------------------

    def _indirect(self, ctx: _Context) -> list[Quote]:
        doc = ctx.doc
        quotes = []
        for token in doc:
            if token.lemma_ not in self.verbs.indirect or token.pos_ != "VERB" or ctx.inside(token):
                continue
            for child in token.children:
                if child.dep_ != "ccomp" or child.i < token.i:
                    continue  # "X did Y, Peskov said": the complement before the verb is usually a direct report
                # the complement's own words come after its cue ("an offer that Lima said it would study")
                left, right = max(child.left_edge.i, token.i + 1), child.right_edge.i + 1
                while left < right and doc[left].lower_ in {"that", ","}:
                    left += 1
                while right > left and doc[right - 1].is_punct:
                    right -= 1
                own = [t for t in doc[left:right] if not t.is_punct and not ctx.inside(t)]
                if len(own) < _MIN_OWN_WORDS:
                    continue  # the complement is a direct quote, already found as one
                if ctx.within_direct(doc[left].idx):
                    continue  # 'remarked, "some of that land will come back," sparking ...': a quote, then narration
                speaker = ctx.subject_of(token, "cue")
                if speaker is None or speaker.source == NOBODY:
                    continue
                span = ctx.closing_marks(span_of(doc, left, right))
                quotes.append(ctx.quote(ctx.text[span.start : span.end], QuoteKind.INDIRECT, span, speaker))
        return quotes


class _Context:
    """What speaker resolution needs about one doc: quote ranges, actors, person mentions in order."""

    def __init__(self, doc: Doc, ranges: list[tuple[int, int]], text: str) -> None:
        self.doc = doc
        self.text = text
        self.ranges = ranges
        self.actor_tokens: dict[int, str] = doc._.actor_tokens or {}
        self.actors = doc._.actors or {}
        self.people = People(doc, self.inside)
        self.described = Described(doc, self.inside)
        self.starts = [t.idx for t in doc]

    def token_at(self, char: int) -> Token | None:
        i = bisect_left(self.starts, char + 1) - 1
        return self.doc[i] if 0 <= i < len(self.doc) else None

    def inside(self, token: Token) -> bool:
        return self.overlaps_direct(token.idx, token.idx)

    def overlaps_direct(self, start: int, end: int) -> bool:
        return any(s - 1 <= end and start <= e for s, e in self.ranges)

    def within_direct(self, char: int) -> bool:
        """True when ``char`` is one of a direct quote's words (not its opening mark)."""
        return any(start <= char < end for start, end in self.ranges)

    def closing_marks(self, span: Span) -> Span:
        """The span with the closing mark of a fragment it quotes at its end ('... still "solve problems at a
        table"'): trimming the sentence's final punctuation must not leave a quote mark open."""
        end = span.end
        for start, stop in self.ranges:
            if span.start <= start < end <= stop + 1:
                found = _CLOSING.match(self.text, stop)
                end = found.end() if found else end
        words = self.text[span.start : end]
        if words.count("“") > words.count("”") or words.count('"') % 2:  # a short fragment ('is “very good”')
            found = _CLOSING.match(self.text, end)
            end = found.end() if found else end
        return Span(span.article_id, span.start, end, span.sentence)

    def subject_of(self, verb: Token, where: str) -> _Speaker | None:
        """The speaker a cue verb names: its subject, or for "..., saying" the subject of the verb it hangs on."""
        for candidate in (verb, verb.head) if verb.dep_ in {"advcl", "xcomp", "conj", "pcomp"} else (verb,):
            for child in candidate.children:
                if child.dep_ in SUBJECTS and not self.inside(child):
                    return self._speaker(child, where, verb)
        for child in verb.children:  # "The call, described by Trump as “lengthy and highly productive”"
            if child.dep_ == "agent":
                for obj in child.children:
                    if obj.dep_ == "pobj" and not self.inside(obj):
                        return self._speaker(obj, where, verb)
        head = verb.head
        if verb.dep_ in {"acl", "relcl", "appos"} and head.pos_ in {"PROPN", "NOUN"} and not self.inside(head):
            return self._speaker(head, where, verb)  # the parser hung "X, an adviser, tweeted:" on the name
        return self._inverted(verb, where) if where == "after" else None

    def according_to(self, to: Token, where: str) -> _Speaker | None:
        """The source 'according to' names: a speaker, or the issuer of a document ('a statement from SpaceX')."""
        for obj in to.children:
            if obj.dep_ == "pobj" and not self.inside(obj):
                return self._speaker(obj, where, to)
        return None

    def _inverted(self, verb: Token, where: str) -> _Speaker | None:
        """'"...," said Marcela Contreras, whose husband was ...': a speech verb before its speaker, which the parser
        may hang elsewhere; the person named within a few words after the verb (titles between) is the speaker."""
        doc = self.doc
        for token in doc[verb.i + 1 : min(len(doc), verb.i + 1 + _INVERTED_REACH)]:
            if token.is_punct or self.inside(token):
                return None
            if self.actor_tokens.get(token.i, "").startswith("person:"):
                return self._speaker(token, where, verb)
        return None

    def _speaker(self, subject: Token, where: str, verb: Token) -> _Speaker | None:
        doc = self.doc
        ident = self.actor_tokens.get(subject.i)
        if ident is None or not ident.startswith("person:"):
            # "The mediator, Uruguayan diplomat Martín Larrañaga, said", "SpaceX founder and CEO Elon Musk posted":
            # the person, not the country or the company
            named = [
                self.actor_tokens[t.i]
                for t in subject.subtree
                if t.i in self.actor_tokens and t.dep_ in {"compound", "appos", "nsubj", "conj"}
                and not self.inside(t)
            ]
            ident = next((i for i in named if i.startswith("person:")), ident or (named[0] if named else None))
        if ident is not None:
            actor = self.actors.get(ident)
            return _Speaker(ident, actor.name if actor else subject.text, subject.i, subject.i + 1, where, verb.lemma_)
        if subject.lower_ in _PRONOUNS:
            found = self.people.antecedent(subject)
            if found is None:
                return None
            actor = self.actors.get(found)
            name = actor.name if actor else found
            return _Speaker(found, name, subject.i, subject.i + 1, "pronoun", verb.lemma_)
        found = self.described.speaker(subject)
        if found is None:  # a thing ("the call") or a pronoun with no one before it: no speaker rather than a false
            # one, and the quote's cue is found: it does not run on from the quote before
            return _Speaker(None, "", subject.i, subject.i + 1, NOBODY, verb.lemma_)
        if found.actor_id is None:  # a person's description the article never names ("the spokesperson")
            return _Speaker(None, found.name, found.start, found.end, where, verb.lemma_)
        return _Speaker(found.actor_id, found.name, subject.i, subject.i + 1, found.source or where, verb.lemma_)

    def quote(self, text: str, kind: QuoteKind, span: Span, speaker: _Speaker | None) -> Quote:
        if speaker is None:
            return Quote(text=text, kind=kind, span=span)
        return Quote(
            text=text,
            kind=kind,
            span=span,
            speaker_id=speaker.actor_id,
            speaker=speaker.name,
            cue=speaker.cue,
            speaker_span=span_of(self.doc, speaker.start, speaker.end),
            speaker_source=speaker.source,
        )


def _direct_ranges(text: str) -> list[tuple[int, int]]:
    """Character ranges of the words between quote marks that read as speech, not scare quotes."""
    ranges = []
    for left, right in quoted_ranges(text):
        raw = text[left:right]
        body = raw.strip()
        words = len(body.split())
        if words >= _MIN_WORDS or (words >= 2 and body[-1:] in ".!?,"):
            start = left + len(raw) - len(raw.lstrip())
            ranges.append((start, start + len(body)))
    return ranges



def _part_of(quote: Quote, reported: Quote) -> bool:
    """A direct quote inside reported speech by the same speaker is a fragment the report quotes (a mixed
    quotation: 'said that all catches were "reported, weighed and legal"'): one statement, kept once, as the report."""
    inside = reported.span.start <= quote.span.start and quote.span.end <= reported.span.end
    same = quote.speaker is None or (quote.speaker_id or quote.speaker) == (reported.speaker_id or reported.speaker)
    return quote.kind is QuoteKind.DIRECT and inside and same


def _mark(token: Token) -> bool:
    """Quote marks and white space: not words of the sentence around a quote."""
    return token.is_space or token.is_quote
