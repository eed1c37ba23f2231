"""storyline: a sourced record of what happened, from news coverage of a developing story."""

import logging

from storyline.config import Settings
from storyline.model import Article, Span

__all__ = ["Article", "Settings", "Span"]
__version__ = "0.1.0"

logging.getLogger(__name__).addHandler(logging.NullHandler())
