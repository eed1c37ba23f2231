"""Article metadata that is not in the text's wording: outlet and language."""

from __future__ import annotations

import logging
from functools import lru_cache
from urllib.parse import urlsplit

log = logging.getLogger(__name__)


def outlet_from_url(url: str | None) -> str | None:
    """The outlet of a page is its host name without ``www.``: stable, unlike site names."""
    if not url:
        return None
    host = (urlsplit(url).hostname or "").lower()
    return host.removeprefix("www.") or None


@lru_cache(maxsize=1)
def _classify():  # type: ignore[no-untyped-def]
    import py3langid  # loads its bundled model on import: no download

    return py3langid.classify


def detect_language(text: str, sample_chars: int = 2000) -> str | None:
    """ISO 639-1 code of the text's language (py3langid, offline), or None for too little text."""
    sample = text[:sample_chars]
    if sum(ch.isalpha() for ch in sample) < 20:
        return None
    code, _score = _classify()(sample)
    return str(code)
