"""The stage boundaries, read from the imports of every module: stages run in order (ingest, annotate, link,
compare, present) and a stage uses another only through its public face (the names its package exports in
``__all__``), never its modules' insides; no stage imports the application modules (the command line, the
exports); and only ``storyline.pipeline`` runs the stages one after another."""

from __future__ import annotations

import ast
import importlib
from pathlib import Path

SOURCE = Path(__file__).resolve().parents[1] / "src" / "storyline"
STAGES = ("ingest", "annotate", "link", "compare", "present")
APPLICATION = ("storyline.cli", "storyline.export")
ENTRY_POINTS = {"ingest", "annotate_stored", "link_stored", "compare_stored"}


def _imports() -> list[tuple[str, str, str, list[str]]]:
    """(file, importing stage or '', imported module, imported names) for every `import`/`from` in the package."""
    found = []
    for path in sorted(SOURCE.rglob("*.py")):
        parts = path.relative_to(SOURCE).parts
        stage = parts[0] if len(parts) > 1 and parts[0] in STAGES else ""
        for node in ast.walk(ast.parse(path.read_text("utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("storyline"):
                found.append((str(path.relative_to(SOURCE)), stage, node.module, [a.name for a in node.names]))
            elif isinstance(node, ast.Import):
                for alias in node.names:
                    if alias.name.startswith("storyline"):
                        found.append((str(path.relative_to(SOURCE)), stage, alias.name, []))
    return found


def _stage_of(module: str) -> str:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 and parts[1] in STAGES else ""


def test_a_stage_uses_another_only_through_its_public_face() -> None:
    wrong = []
    for path, stage, module, names in _imports():
        other = _stage_of(module)
        if not stage or not other or other == stage:
            continue
        if module != f"storyline.{other}":
            wrong.append(f"{path}: imports {module} (use the face: from storyline.{other} import ...)")
            continue
        public = set(importlib.import_module(module).__all__)
        wrong += [f"{path}: {name} is not in storyline.{other}.__all__" for name in names if name not in public]
    assert not wrong, "\n".join(wrong)


def test_stages_run_in_order_and_never_import_the_application() -> None:
    wrong = []
    for path, stage, module, _ in _imports():
        other = _stage_of(module)
        if stage and other and STAGES.index(other) > STAGES.index(stage):
            wrong.append(f"{path}: the {stage} stage imports the later {other} stage ({module})")
        if stage and module.startswith(APPLICATION):
            wrong.append(f"{path}: a stage imports the application module {module}")
    assert not wrong, "\n".join(wrong)


def test_only_the_pipeline_runs_the_stages_in_turn() -> None:
    """Outside the stages themselves, the entry points of two or more stages are imported by storyline.pipeline
    alone: the command line, the web app's jobs and the benches call it."""
    takers: dict[str, set[str]] = {}
    for path, stage, module, names in _imports():
        other = _stage_of(module)
        if other and other != stage:
            takers.setdefault(path, set()).update(ENTRY_POINTS & set(names))
    assert {path for path, points in takers.items() if len(points) >= 2} <= {"pipeline.py"}, takers
