"""P(same event | a pair's features): a logistic model learned from public data, loaded from a data file.

The weights are fitted by ``tools/fit_link_model.py`` on the train halves of ECB+ and news-series and checked on
their dev halves; the file records the feature list, the version and what it was fitted on, so a stored score is
reused only by the model that made it (the linker's fingerprint covers the data file).
"""

from __future__ import annotations

import json
import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources

from storyline.link.pairs import FEATURES

MODEL_FILE = "pair_model.json"


@dataclass(frozen=True)
class PairModel:
    """A logistic regression over ``pairs.FEATURES``."""

    version: str
    features: tuple[str, ...]
    weights: tuple[float, ...]
    intercept: float
    about: dict[str, object] = field(default_factory=dict)
    # the average probability at which two clusters are one event: chosen with the weights, on the dev halves
    threshold: float = 0.5

    def probability(self, values: Sequence[float]) -> float:
        z = self.intercept + sum(w * v for w, v in zip(self.weights, values, strict=True))
        if z < -30:
            return 0.0
        return 1.0 / (1.0 + math.exp(-z))

    def to_json(self) -> str:
        body = {
            "version": self.version,
            "features": list(self.features),
            "weights": dict(zip(self.features, self.weights, strict=True)),
            "intercept": self.intercept,
            "threshold": self.threshold,
            "about": self.about,
        }
        return json.dumps(body, indent=1, ensure_ascii=False) + "\n"


def parse(text: str) -> PairModel:
    """A model from its JSON; its features must be the ones this code computes, in order."""
    data = json.loads(text)
    features = tuple(data["features"])
    if features != FEATURES:
        raise ValueError(f"{MODEL_FILE}: features {features} are not the code's {FEATURES}; rebuild it")
    return PairModel(
        version=str(data["version"]),
        features=features,
        weights=tuple(float(data["weights"][f]) for f in features),
        intercept=float(data["intercept"]),
        about=dict(data.get("about", {})),
        threshold=float(data.get("threshold", 0.5)),
    )


@lru_cache(maxsize=1)
def pair_model() -> PairModel:
    """The shipped model (``storyline/data/link/pair_model.json``)."""
    return parse(resources.files("storyline.data.link").joinpath(MODEL_FILE).read_text("utf-8"))
