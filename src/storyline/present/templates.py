"""The Jinja2 environment of the report and the web app: autoescaping always on (article text is untrusted)."""

from __future__ import annotations

from functools import lru_cache

from jinja2 import Environment, PackageLoader, StrictUndefined

# No script may run on a page that shows article text: nothing but inline styles and data images, no outside
# request. The report carries it in a meta tag; the web app sends it as a header.
CSP = (
    "default-src 'none'; style-src 'unsafe-inline'; img-src data:; form-action 'self'; base-uri 'none'; "
    "frame-ancestors 'none'"
)
REPORT_CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'"


_PLURALS = {"story": "stories", "person": "people"}


def counted(n: int, word: str) -> str:
    """'1 story', '2 stories', '1 event', '5 articles': a count as a reader writes it."""
    return f"{n} {word if n == 1 else _PLURALS.get(word, word + 's')}"


@lru_cache(maxsize=1)
def environment() -> Environment:
    env = Environment(
        loader=PackageLoader("storyline.present", "templates"),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["counted"] = counted  # {{ n|counted("story") }}
    return env
