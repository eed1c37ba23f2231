"""Benchmark floors: a change that makes extraction worse than the pinned baseline fails CI."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def last_line_figures(script: str) -> dict[str, float]:
    result = subprocess.run(
        [sys.executable, str(ROOT / "bench" / script)], capture_output=True, text=True, timeout=600, check=True
    )
    last = result.stdout.strip().splitlines()[-1]
    return {k: float(v) for k, v in re.findall(r"(\w+)=([\d.]+)", last)}


def test_extraction_stays_above_its_floor(shared: Path) -> None:
    floors = json.loads((ROOT / "bench" / "baseline.json").read_text("utf-8"))["extraction"]
    figures = last_line_figures("extraction.py")
    for name, floor in floors.items():
        assert figures[name] >= floor, f"extraction {name}={figures[name]} fell below its floor {floor}"


def _within(section: str, figures: dict[str, float]) -> None:
    """Each figure at or above its floor, and at or below its ``_max`` ceiling."""
    bounds = json.loads((ROOT / "bench" / "baseline.json").read_text("utf-8"))[section]
    for name, bound in bounds.items():
        if name == "about":
            continue
        if name.endswith("_max"):
            key = name.removesuffix("_max")
            assert figures[key] <= bound, f"{section} {key}={figures[key]} rose above its ceiling {bound}"
        else:
            assert figures[name] >= bound, f"{section} {name}={figures[name]} fell below its floor {bound}"


def test_quotes_on_real_news_stay_within_their_bounds(shared: Path) -> None:
    """bench/quotes_real.py: direct quotes found and right speakers on news-series dev, no thing speaks."""
    _within("quotes_real", last_line_figures("quotes_real.py"))


def test_contradictions_on_real_news_stay_within_their_bounds(shared: Path) -> None:
    """bench/compare_real.py: no conflict outside the labelled disagreements, no false self-contradiction."""
    _within("compare_real", last_line_figures("compare_real.py"))
