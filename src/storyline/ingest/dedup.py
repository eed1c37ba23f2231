"""Exact and near-duplicate detection: a syndicated copy points at the first copy seen.

Exact: SHA-256 of the normalised body. Near: MinHash signatures of word
shingles in an LSH index (datasketch), confirmed by the signatures' estimated
Jaccard similarity against the threshold. Only first copies enter the index,
so ``duplicate_of`` always names an original, never another copy.
"""

from __future__ import annotations

import hashlib
import zlib
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np
from datasketch import MinHash, MinHashLSH

from storyline.config import Settings

_WORD = re.compile(r"\w+")
# Texts this short share too few shingles for a similarity to mean anything.
MIN_WORDS_FOR_NEAR = 25
LSH_MAX_THRESHOLD = 0.9
# The permutation scheme is stored with nothing else: fix it so stored signatures stay comparable.
SCHEME = "affine32"


def words(text: str) -> list[str]:
    # quotes and apostrophes are not word characters, so no folding is needed beyond NFKC and case
    return _WORD.findall(unicodedata.normalize("NFKC", text).casefold())


def content_hash(text: str) -> str:
    """Hash of the words alone: spacing, punctuation and case do not make a text new."""
    return hashlib.sha256(" ".join(words(text)).encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class Match:
    original: str
    kind: str  # "exact" or "near"
    similarity: float


class Fingerprinter:
    """MinHash signatures with permutations made once (making them is the slow part).

    Shingles are hashed with CRC-32 (C speed; stable across processes, unlike
    ``hash``). Seed, scheme and hash function are fixed: stored signatures
    stay comparable from run to run.
    """

    def __init__(self, settings: Settings) -> None:
        self.num_perm = settings.minhash_permutations
        self.n = settings.shingle_words
        self._template = MinHash(num_perm=self.num_perm, seed=1, scheme=SCHEME, hashfunc=zlib.crc32)

    def signature(self, text: str) -> np.ndarray | None:
        tokens = words(text)
        if len(tokens) < MIN_WORDS_FOR_NEAR:
            return None
        shingles = {" ".join(tokens[i : i + self.n]).encode("utf-8") for i in range(len(tokens) - self.n + 1)}
        mh = MinHash(num_perm=self.num_perm, permutations=self._template.permutations, scheme=SCHEME, hashfunc=zlib.crc32)
        mh.update_batch(list(shingles))
        return mh.hashvalues.astype(np.uint64)


class Deduplicator:
    """Remembers first copies (from the store and from this run) and matches new texts to them."""

    def __init__(self, settings: Settings) -> None:
        self.threshold = settings.near_duplicate_threshold
        self.num_perm = settings.minhash_permutations
        self._by_hash: dict[str, str] = {}
        self._signatures: dict[str, np.ndarray] = {}
        if not 0.0 < self.threshold <= 1.0:
            raise ValueError(f"near_duplicate_threshold must be in (0, 1], got {self.threshold}")
        # LSH only proposes candidates; each is confirmed against the real threshold.
        # Above ~0.9 the band count collapses, so the index is built a little looser.
        self._lsh = MinHashLSH(threshold=min(self.threshold, LSH_MAX_THRESHOLD), num_perm=self.num_perm)

    def load(self, originals: Iterable[tuple[str, str, bytes | None]]) -> None:
        """Index first copies already stored: (id, content hash, signature bytes)."""
        for article_id, chash, blob in originals:
            signature = np.frombuffer(blob, dtype=np.uint64) if blob else None
            self.add(article_id, chash, signature)

    def match(self, chash: str, signature: np.ndarray | None) -> Match | None:
        if chash in self._by_hash:
            return Match(self._by_hash[chash], "exact", 1.0)
        if signature is None:
            return None
        query = MinHash(num_perm=self.num_perm, hashvalues=signature, scheme=SCHEME)
        best: Match | None = None
        for candidate in self._lsh.query(query):
            similarity = float(np.mean(self._signatures[candidate] == signature))
            if similarity >= self.threshold and (best is None or similarity > best.similarity):
                best = Match(candidate, "near", similarity)
        return best

    def add(self, article_id: str, chash: str, signature: np.ndarray | None) -> None:
        self._by_hash.setdefault(chash, article_id)
        if signature is not None and article_id not in self._signatures:
            self._signatures[article_id] = signature
            self._lsh.insert(article_id, MinHash(num_perm=self.num_perm, hashvalues=signature, scheme=SCHEME))
