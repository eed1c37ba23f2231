"""Helpers shared by the benchmark scripts: where ../shared is, and peak memory."""

from __future__ import annotations

import os
import resource
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def shared_dir() -> Path:
    """../shared beside the checkout, or $STORYLINE_SHARED."""
    env = os.environ.get("STORYLINE_SHARED")
    path = Path(env) if env else ROOT.parent / "shared"
    if not path.is_dir():
        raise SystemExit(f"shared data not found at {path} (set STORYLINE_SHARED)")
    return path


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
