"""The annotate stage: the spaCy model plus the storyline components, driven by ``nlp.pipe``.

Which components run, in which order, comes from ``data/annotate/pipeline.toml``
(spaCy's config-driven idiom): a component is added by its registered, versioned
factory name, so a new behaviour gets a new name and old configs still load.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache, partial

import spacy
from spacy.language import Language
from spacy.tokens import Doc

# importing the component modules registers their factories
from storyline.annotate import actors, claims, events, quotes, record, sentences, times  # noqa: F401
from storyline.annotate.headline import common_lemmas, sentence_case
from storyline.annotate.lexicon import toml
from storyline.config import Settings
from storyline.errors import InputProblem, Problem
from storyline.fingerprint import fingerprint
from storyline.model import Annotation, Article
from storyline.scale.mapper import Mapper, SerialMapper, chunked
from storyline.store import Store

log = logging.getLogger(__name__)


@lru_cache(maxsize=4)
def load_pipeline(model: str, config: str = "pipeline.toml") -> Language:
    """The installed spaCy model with the storyline components added as ``config`` lists them."""
    try:
        nlp = spacy.load(model)
    except OSError as err:  # not installed: say which setting names it
        raise RuntimeError(f"spaCy model {model!r} is not installed (setting spacy_model): {err}") from err
    for component in toml(config)["component"]:
        placement = {k: component[k] for k in ("before", "after") if k in component}
        nlp.add_pipe(component["factory"], name=component["name"], config=component.get("config", {}), **placement)
    log.info("annotate pipeline: %s", ", ".join(nlp.pipe_names))
    return nlp


def make_doc(nlp: Language, article: Article) -> Doc:
    """A tokenised Doc carrying the article's identity and date, for the components to read. A title-case
    headline is read in sentence case (``headline.sentence_case``): offsets are the article text's."""
    doc = nlp.make_doc(sentence_case(article.text, article.title, common_lemmas(nlp), article.language))
    doc._.article_id = article.id
    doc._.outlet = article.outlet
    doc._.source_text = article.text
    if article.published.value is not None:
        doc._.published = article.published.value
        doc._.published_source = article.published.source.value
    return doc


def annotate(articles: Iterable[Article], settings: Settings | None = None) -> Iterator[Annotation]:
    """Public entry point of the stage: one Annotation per article, in input order."""
    settings = settings or Settings()
    nlp = load_pipeline(settings.spacy_model)
    docs = (make_doc(nlp, article) for article in articles)
    for doc in nlp.pipe(docs, batch_size=settings.annotate_batch_size):
        yield doc._.annotation


def annotate_article(article: Article, settings: Settings | None = None) -> Annotation:
    """One article: the pure per-article function that scales out unchanged."""
    return next(annotate([article], settings))


def annotator_name(settings: Settings) -> str:
    """Names the pipeline that wrote an annotation: other annotate code or lexicons, another storyline version or
    another model re-annotate."""
    from storyline import __version__

    return f"storyline-{__version__}-{_annotate_fingerprint()}/{settings.spacy_model}"


@lru_cache(maxsize=1)
def _annotate_fingerprint() -> str:
    return fingerprint("storyline.annotate", "storyline.data.annotate")


@dataclass(frozen=True)
class Failed:
    """An article the pipeline could not annotate (a poison pill), and why: recorded, skipped until it changes."""

    article_id: str
    source: str
    reason: str

    @property
    def problem(self) -> InputProblem:
        return InputProblem(self.source, Problem.E014, self.reason)


def annotate_chunk(articles: list[Article], settings: Settings) -> list[Annotation | Failed]:
    """A chunk of articles annotated where it runs (a worker process, a Dask task): pure, model loaded once there.

    An article the model cannot take (longer than its ``max_length``) or that makes a component raise is a
    Failed record, never the chunk's end: the chunk is annotated again one article at a time to find it."""
    limit = load_pipeline(settings.spacy_model).max_length
    fits = [a for a in articles if len(a.text) < limit]
    try:
        done: dict[str, Annotation | Failed] = {x.article_id: x for x in annotate(fits, settings)}
    except Exception as err:  # noqa: BLE001 - one bad article must not cost its chunk, or the run
        if len(fits) == 1:
            done = {fits[0].id: Failed(fits[0].id, fits[0].source, _reason(err))}
        else:
            done = {r.article_id: r for a in fits for r in annotate_chunk([a], settings)}
    for article in articles:
        if article.id not in done:
            reason = f"{len(article.text):,} characters, over the model's limit of {limit:,}"
            done[article.id] = Failed(article.id, article.source, reason)
    return [done[a.id] for a in articles]


def _reason(err: Exception) -> str:
    text = str(err).strip().splitlines()
    return f"{type(err).__name__}: {text[0][:200]}" if text else type(err).__name__


def annotate_stored(
    store: Store, settings: Settings | None = None, mapper: Mapper | None = None
) -> Iterator[Annotation]:
    """Annotate every stored article not yet annotated by this pipeline, one transaction per batch.

    The model runs on ``mapper`` (this process by default) over chunks of articles (smaller when several workers
    share them, so that each gets work); results come back in the store's order, so the annotations are the same whatever ran them. Yields each
    Annotation once its batch is committed, so an interrupted run resumes where it stopped. An article that
    cannot be annotated is logged (one line naming it), recorded in the store's failures and skipped by later
    runs of this pipeline until it changes.
    """
    settings = settings or Settings()
    name = annotator_name(settings)
    mapper = mapper or SerialMapper()
    size = settings.annotate_batch_size if mapper.workers == 1 else max(4, settings.annotate_batch_size // (2 * mapper.workers))
    chunks = chunked(store.unannotated(name), size)
    results = mapper.map(partial(annotate_chunk, settings=settings), chunks)
    batch: list[Annotation] = []
    for result in (a for chunk in results for a in chunk):
        if isinstance(result, Failed):
            log.warning("%s", result.problem.message)
            store.write_failures("annotate", name, [(result.article_id, result.reason)])
            continue
        batch.append(result)
        if len(batch) >= settings.batch_size:
            store.write_annotations(batch, name)
            yield from batch
            batch = []
    store.write_annotations(batch, name)
    yield from batch
