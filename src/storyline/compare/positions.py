"""Who wants what: each party's demands, offers, acceptances, rejections and conditions, by issue, over time.

A position is read off an event mention the annotator coded (REQUEST, REJECT, AGREE, positions.toml) whose actor is
a known party, or off a stance verb coded as another type ("Iceland accepted the demand", a CONCEDE):
- the trigger's lemma names the kind ("offered" -> offer, "insisted" -> demand, "willing to" -> offer); verbs that
  state no stance ("suggesting") give none;
- a refusal is a rejection: the coder codes "will not accept" and "will not release the ships" as REJECT, and a
  negated acceptance it leaves negated ("did not accept") is one too; an acceptance or offer stated with a
  condition marker ("only if", "in exchange for"), or a demand made a condition ("conditional on"), is a condition;
- the holder is the mention's actor; "I", "we", "his party" in someone's words are the speaker's own stance;
- who stated it is the speaker of the quote around it, else the one speaker its sentence reports.
The clause from the trigger (with its modal, negation and auxiliaries: "would not release") to the end of its
sentence (the sentence, when that clause is too short to read) says what it is about; its words tag the issues
(issues.toml). Every position keeps the article and span that state it.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from storyline.compare.claims import Corpus
from storyline.model import Annotation, Event, EventMention, Position, Span


@dataclass(frozen=True)
class Lexicon:
    types: dict[str, str]  # PLOVER type -> default kind
    kinds: dict[str, str]  # trigger lemma (or phrase) -> kind
    any_type: frozenset[str]  # stance lemmas that state a position whatever the mention's type
    words_only: frozenset[str]  # types that state a stance only through a listed word
    no_comment: frozenset[str]  # what a refusal to say is about ("declined to comment")
    not_stances: frozenset[str]  # lemmas that never state one
    known: frozenset[str]  # every word above, for the crude lemma to aim at
    conditions: tuple[str, ...]
    demand_conditions: tuple[str, ...]  # what makes a demand a condition ("made it conditional on")
    issues: tuple[tuple[str, re.Pattern[str]], ...]
    lead_words: frozenset[str]  # modals, negation, auxiliaries: the words before a trigger that are its stance's


@lru_cache(maxsize=1)
def lexicon() -> Lexicon:
    folder = resources.files("storyline.data.compare")
    positions = tomllib.loads(folder.joinpath("positions.toml").read_text("utf-8"))
    issues = tomllib.loads(folder.joinpath("issues.toml").read_text("utf-8"))["issues"]
    kinds = {word: kind for kind, words in positions["kinds"].items() for word in words}
    patterns = tuple((name, _pattern(words)) for name, words in issues.items())
    return Lexicon(
        positions["types"],
        kinds,
        frozenset(positions["any_type"]["lemmas"]),
        frozenset(positions["stance_words_only"]["types"]),
        frozenset(positions["no_comment"]["words"]),
        frozenset(positions["not_stances"]["lemmas"]),
        frozenset(kinds) | frozenset(positions["not_stances"]["lemmas"]) | frozenset(positions["any_type"]["lemmas"]),
        tuple(positions["conditions"]["markers"]),
        tuple(positions["conditions"]["demand_markers"]),
        patterns,
        frozenset(positions["about"]["lead_words"]),
    )


def _pattern(words: list[str]) -> re.Pattern[str]:
    parts = [re.escape(w[:-1]) + r"\w*" if w.endswith("*") else re.escape(w) for w in words]
    return re.compile(r"\b(?:" + "|".join(parts) + r")\b")


def kind_of(mention: EventMention, sentence: str, before: str = "") -> str | None:
    """The kind of stance a mention states in its sentence (``before``: the sentence up to its trigger), or None
    when it states none (a question asks)."""
    lex = lexicon()
    if sentence.rstrip().rstrip("\"'”’)").endswith("?"):
        return None  # "Has Ukraine agreed to the talks?"
    words = mention.trigger.lower().split()
    lemma = _lemma(words[0]) if words else ""
    if lemma in lex.not_stances:
        return None
    listed = lex.kinds.get(mention.trigger.lower()) or lex.kinds.get(lemma) or _governing_kind(before)
    if listed is None and mention.type in lex.words_only:
        return None
    default = lex.types.get(mention.type) or (listed if lemma in lex.any_type else None)
    if default is None:
        # a party saying it will not act ("Norway will not release the ships") refuses: a rejection
        return "rejection" if mention.negated and (mention.future or mention.hypothetical) else None
    kind = listed or default
    if mention.type == "REJECT" and kind in ("acceptance", "offer"):
        return "rejection"  # the coder's refusal: "will not accept", "would not offer"
    if kind == "rejection" and _refuses_to_say(mention, sentence):
        return None
    if mention.negated and kind in ("acceptance", "offer"):
        return "rejection"
    if mention.negated:
        return None  # "did not demand", "did not reject": no stance stated
    lowered = sentence.lower()
    if kind in ("acceptance", "offer") and any(marker in lowered for marker in lex.conditions):
        return "condition"
    if kind == "demand" and any(marker in lowered for marker in lex.demand_conditions):
        return "condition"  # "made its reopening conditional on the release": what it asks for is a price
    return kind


_BEFORE_INFINITIVE = re.compile(r"([\w'’]+)\s+to\s+$")


def _governing_kind(before: str) -> str | None:
    """The kind a listed word governing the trigger's infinitive gives: "ready to return to negotiations" offers,
    "willing to let them serve" offers; the trigger itself ("return") states no stance."""
    found = _BEFORE_INFINITIVE.search(before)
    return lexicon().kinds.get(_lemma(found.group(1).lower())) if found else None


def _refuses_to_say(mention: EventMention, sentence: str) -> bool:
    """"Peskov declined to offer specifics": a refusal whose object is saying something, not a stance."""
    after = sentence.lower().split(mention.trigger.lower(), 1)[-1].split()[:4]
    return any(word.strip(".,;:") in lexicon().no_comment for word in after)


def issues_of(clause: str) -> tuple[str, ...]:
    lowered = clause.lower()
    return tuple(name for name, pattern in lexicon().issues if pattern.search(lowered))


def positions(corpus: Corpus, event_of: dict[str, Event]) -> list[Position]:
    """Every stated position of a known party, in article order."""
    known = set(corpus.identities.actors)
    names = {a.id: a.name for a in corpus.identities.actors.values()}
    found: list[Position] = []
    for article_id, annotation in sorted(corpus.annotations.items()):
        article = corpus.articles.get(article_id)
        if article is None:
            continue
        event = event_of.get(article_id)
        for mention in sorted(annotation.events, key=lambda e: e.span.start):
            sentence = _sentence_span(annotation.sentences, mention.span)
            clause_span = _about(article.text, mention.span, sentence)
            clause = article.text[clause_span.start : clause_span.end].strip()
            before = article.text[sentence[0] : mention.span.start]
            kind = kind_of(mention, article.text[sentence[0] : sentence[1]], before)
            if kind is None:
                continue
            speaker = _speaker(annotation, mention, sentence, corpus)
            holders = [h for h in (corpus.identities.of(article_id, a) for a in mention.actors) if h in known]
            if not holders and speaker and (not mention.actors or any(_speaker_word(a) for a in mention.actors)):
                # "I cannot trade a criminal case", said the minister; "her government would not accept", she said:
                # the speaker's own stance
                holders = [speaker]
            for actor in dict.fromkeys(holders):
                found.append(
                    Position(
                        id=f"position:{article_id}:{mention.id}:{actor}",
                        actor=actor,
                        actor_name=names.get(actor, actor),
                        kind=kind,
                        issues=issues_of(clause),
                        about=clause,
                        citation=corpus.citation(clause_span),
                        date=(event.date if event and event.date else article.published.value),
                        event_id=event.id if event else None,
                        negated=mention.negated,
                        stated_by=speaker,
                    )
                )
    return found


# Words that make an actor phrase the speaker's own in reported speech: "I", "we", "his party", "her government".
SPEAKER_WORDS = frozenset({"i", "we", "me", "us", "my", "our", "his", "her"})


def _speaker_word(phrase: str) -> bool:
    words = phrase.lower().split()
    return bool(words) and words[0] in SPEAKER_WORDS


def _speaker(annotation: Annotation, mention: EventMention, sentence: tuple[int, int], corpus: Corpus) -> str | None:
    """Who states the clause a mention sits in: the speaker of the quote (direct or reported) around it, else the
    one speaker its sentence reports ("Urrutia said that Chile would not release anyone 'under any agreement'")."""
    in_sentence: set[str] = set()
    for quote in annotation.quotes:
        if not quote.speaker_id:
            continue
        ident = corpus.identities.of(annotation.article_id, quote.speaker_id)
        if quote.span.start <= mention.span.start < quote.span.end:
            return ident if ident in corpus.identities.actors else None
        if sentence[0] <= quote.span.start < sentence[1]:
            in_sentence.add(ident)
    if len(in_sentence) == 1:
        ident = in_sentence.pop()
        return ident if ident in corpus.identities.actors else None
    return None


# A clause this short says nothing on its own ('"We must hold firm," he said.' leaves "said."): the sentence does.
MIN_ABOUT_WORDS = 4


def _about(text: str, trigger: Span, sentence: tuple[int, int]) -> Span:
    """What a position is about: the clause from its trigger to the end of its sentence, or the whole sentence when
    that clause is too short to read alone (the stance stood before its speech verb)."""
    if len(text[trigger.start : sentence[1]].split()) < MIN_ABOUT_WORDS:
        return Span(trigger.article_id, sentence[0], sentence[1], trigger.sentence)
    return Span(trigger.article_id, _lead_start(text, trigger.start, sentence[0]), sentence[1], trigger.sentence)


_WORD_BEFORE = re.compile(r"([\w'’]+)\s+$")


def _lead_start(text: str, start: int, floor: int) -> int:
    """Where a stance's words start: back over the modals, negation and auxiliaries just before its trigger."""
    lead = lexicon().lead_words
    while start > floor:
        found = _WORD_BEFORE.search(text, floor, start)
        if found is None or found.group(1).lower().replace("’", "'") not in lead:
            return start
        start = found.start(1)
    return start


def _sentence_span(sentences: list[tuple[int, int]], span: Span) -> tuple[int, int]:
    if span.sentence is not None and 0 <= span.sentence < len(sentences):
        start, end = sentences[span.sentence]
        return start, end
    return span.start, span.end


_SUFFIXES = (("ied", "y"), ("ies", "y"), ("ing", ""), ("ed", ""), ("es", ""), ("s", ""))


def _lemma(word: str) -> str:
    """A crude lemma for matching the lexicon's words: 'offered' -> 'offer', 'insisted' -> 'insist',
    'suggesting' -> 'suggest', 'committed' -> 'commit'; a word the lexicon does not know stays as it is."""
    known = lexicon().known
    if word in known:
        return word
    for suffix, repl in _SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            candidate = word[: -len(suffix)] + repl
            if candidate in known:
                return candidate
            if candidate + "e" in known:
                return candidate + "e"
            if len(candidate) > 3 and candidate[-1] == candidate[-2] and candidate[:-1] in known:
                return candidate[:-1]  # "committed" -> "commit"
    return word
