"""Build ``data/annotate/plover/cameo_patterns.txt`` from the PETRARCH2 CAMEO verb dictionary.

Reproducible: reads ``CAMEO.2.0.txt`` (verb synonym blocks and their patterns) and
``CAMEO2PLOVER-2021.txt`` (CAMEO code -> PLOVER type and mode) from ../shared/reference
and writes one line per (verb lemma, required words) with the PLOVER type it signals.
Only facts are kept (lemmas, words, codes); no prose. Run:

    .venv/bin/python tools/build_plover_patterns.py [--shared ../shared]

Output: tab-separated lines (see the file's header). Required words are space-separated
groups; a group lists alternatives joined by ``|`` or names a synset (``&weapon``); every
group must be found in the verb's own clause (its dependents, not nested clauses).
"""

from __future__ import annotations

import argparse
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "src" / "storyline" / "data" / "annotate" / "plover" / "cameo_patterns.txt"

# CAMEO 02x (APPEAL) has no line in CAMEO2PLOVER: PLOVER folds appeals into REQUEST,
# so 02x codes are read as their 10x (DEMAND) counterparts. 01x (statements) are not events.
APPEAL_TO_DEMAND = {"02": "10"}
NOT_EVENTS = ("01",)
# marker tokens in patterns that stand for actors, not words
MARKERS = set("$+%^")
# words too common to be a useful requirement on their own
MAX_GROUPS = 3  # longer patterns are sentence-specific: they do not generalise
STOP = {"the", "a", "an", "of", "to", "its", "their", "his", "her"}


def read_plover_map(path: Path) -> dict[str, tuple[str, str]]:
    table: dict[str, tuple[str, str]] = {}
    for line in path.read_text("utf-8").splitlines():
        match = re.match(r"^(\d{2,4}):\s*([A-Z]+)\s*(?:,([^,#]*))?", line)
        if match and len(match.group(1)) >= 3:
            table[match.group(1)] = (match.group(2), (match.group(3) or "").strip().replace(" ", ""))
    return table


def plover_of(code: str, table: dict[str, tuple[str, str]]) -> tuple[str, str] | None:
    code = code.split(":")[0].strip()
    if not code.isdigit() or code.startswith(NOT_EVENTS):
        return None
    if code[:2] in APPEAL_TO_DEMAND:
        code = APPEAL_TO_DEMAND[code[:2]] + code[2:]
    for n in range(len(code), 2, -1):  # 1234 -> 123 -> 12x0
        if code[:n] in table:
            return table[code[:n]]
    return table.get(code[:2] + "0")


def read_synsets(lines: list[str]) -> dict[str, list[str]]:
    synsets: dict[str, list[str]] = {}
    current: str | None = None
    for line in lines:
        if line.lstrip().startswith("#"):
            continue
        line = line.split("#")[0].strip()
        if line.startswith("&"):
            current = line.rstrip("_").upper()
            synsets[current] = []
        elif line.startswith("+") and current:
            words = line[1:].rstrip("_").lower().split("_")
            synsets[current].append(words[-1].rstrip("_"))  # the head word of the phrase
        elif not line:
            current = None
    return synsets


def alternatives(word: str, synsets: dict[str, list[str]]) -> str | None:
    """One requirement group: ``a|b|c`` from a word, a ``/`` list or a synset."""
    options: list[str] = []
    for part in word.split("/"):
        part = part.strip("{}()").rstrip("_")
        if not part or part in MARKERS:
            continue
        if part.startswith("&"):
            if part.upper() in synsets:  # kept by name: the synset table is written once
                options.append(part.lower())
        else:
            options.append(part.lower().split("_")[-1])
    options = sorted({o for o in options if o and o not in STOP and o.isascii() and "\t" not in o})
    return "|".join(options) if options else None


def pattern_groups(pattern: str, synsets: dict[str, list[str]]) -> list[str] | None:
    words = pattern.replace("{", " ").replace("}", " ").replace("(", " ").replace(")", " ").split()
    groups: list[str] = []
    for word in words:
        if word == "*" or word in MARKERS:
            continue
        group = alternatives(word, synsets)
        if group and group not in groups:
            groups.append(group)
    return groups


def verb_entry(line: str) -> tuple[str, list[str], str | None] | None:
    """(lemma, extra words of a multi-word verb, own code) from a verb line of a block."""
    line = line.split("#")[0]
    code = re.search(r"\[([^\]]*)\]", line)
    head = re.sub(r"\{.*?\}|\[.*?\]", "", line).strip().split()
    if not head:
        return None
    parts = head[0].lower().split("_")
    marked = [p for p in parts if p.startswith("+")]
    verb = (marked[0] if marked else parts[0]).lstrip("+")
    extra = [p.lstrip("+") for p in parts if p.lstrip("+") != verb and p]
    if not verb.isalpha():
        return None
    return verb, extra, code.group(1) if code else None


def build(shared: Path) -> list[str]:
    ref = shared / "reference"
    table = read_plover_map(ref / "plover" / "CAMEO2PLOVER-2021.txt")
    lines = (ref / "petrarch2-dictionaries" / "CAMEO.2.0.txt").read_text("utf-8", "replace").splitlines()
    start = next(i for i, line in enumerate(lines) if "VERB PATTERNS" in line)
    synsets = read_synsets(lines[:start])
    blocks: list[tuple[str, list[tuple[str, list[str], str | None]], list[tuple[str, str]]]] = []
    for line in lines[start + 1 :]:
        if line.startswith("---"):
            code = re.search(r"\[([^\]]*)\]", line)
            blocks.append((code.group(1) if code else "---", [], []))
        elif not blocks or not line.strip() or line.startswith(("#", "~")):
            continue
        elif line.startswith("-"):
            match = re.match(r"^-\s*(.*?)\s*\[([^\]]*)\]", line)
            if match:
                blocks[-1][2].append((match.group(1), match.group(2)))
        else:
            entry = verb_entry(line)
            if entry:
                blocks[-1][1].append(entry)
    out: list[str] = []
    used: set[str] = set()
    for block_code, verbs, patterns in blocks:
        verb_rows, pattern_rows = [], []
        for verb, extra, own_code in verbs:
            code = own_code or block_code
            plover = plover_of(code, table) or ("-", "")
            verb_rows.append(("V", "_".join([verb, *extra]), *plover, code.split(":")[0]))
        for pattern, code in patterns:
            plover = plover_of(code, table)
            groups = pattern_groups(pattern, synsets)
            if plover is None or not groups or len(groups) > MAX_GROUPS:
                continue  # not an event, or too specific to recur in other text
            pattern_rows.append(("P", " ".join(groups), *plover, code.split(":")[0]))
        if not pattern_rows and all(row[2] == "-" for row in verb_rows):
            continue
        used |= {g for row in pattern_rows for g in row[1].replace("|", " ").split() if g.startswith("&")}
        out.append("B")
        out += ["\t".join(row) for row in verb_rows + sorted(set(pattern_rows))]
    synset_rows = [
        f"S\t&{name[1:].lower()}\t{'|'.join(sorted(set(words)))}"
        for name, words in synsets.items()
        if "&" + name[1:].lower() in used
    ]
    return synset_rows + out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    args = parser.parse_args()
    lines = build(args.shared)
    OUT.parent.mkdir(parents=True, exist_ok=True)
    header = (
        "# Generated by tools/build_plover_patterns.py from the PETRARCH2 CAMEO verb dictionary and\n"
        "# CAMEO2PLOVER (see NOTICE). Do not edit: curate in triggers.toml, which overrides these.\n"
        "# S  &synset  words            a requirement naming &synset accepts any of its words\n"
        "# B                            a block of synonymous verbs sharing patterns\n"
        "# V  lemma[_particle]  type  mode  cameo      a verb of the block and its code alone ('-': none)\n"
        "# P  required groups   type  mode  cameo      with these words in the verb's clause\n"
    )
    OUT.write_text(header + "\n".join(lines) + "\n", "utf-8")
    print(f"{len(lines)} lines -> {OUT.relative_to(ROOT)} ({OUT.stat().st_size // 1024} KB)")


if __name__ == "__main__":
    main()
