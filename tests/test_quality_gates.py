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
