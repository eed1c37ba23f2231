"""Bytes to text: refuse what is not text, say which encoding was guessed."""

from __future__ import annotations

import codecs

from storyline.errors import InputError, InputProblem, Problem

# Signatures of common binary formats, so the error can say what the file is.
_MAGIC: dict[bytes, str] = {
    b"\x89PNG": "PNG image",
    b"\xff\xd8\xff": "JPEG image",
    b"GIF8": "GIF image",
    b"%PDF": "PDF document",
    b"PK\x03\x04": "ZIP archive",
    b"\x1f\x8b": "gzip data",
    b"\x7fELF": "executable",
    b"SQLite format 3": "SQLite database",
}
# UTF-32's before UTF-16's: the UTF-32-LE mark begins with the UTF-16-LE one
BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
_CONTROL = set(range(0, 32)) - {9, 10, 12, 13}
def binary_kind(data: bytes) -> str | None:
    """What binary thing ``data`` is, or None when it looks like text."""
    for magic, kind in _MAGIC.items():
        if data.startswith(magic):
            return kind
    if any(data.startswith(bom) for bom, _ in BOMS):
        return None
    sample = data[:8192]
    if b"\x00" in sample:
        return "NUL bytes"
    controls = sum(1 for b in sample if b in _CONTROL)
    if sample and controls / len(sample) > 0.05:
        return f"{controls} control bytes in the first {len(sample)}"
    return None


def decode_bytes(data: bytes, source: str) -> tuple[str, list[InputProblem]]:
    """Decode text bytes: UTF-8 (with or without BOM), UTF-32 or UTF-16 by BOM, else Windows-1252/Latin-1.

    Raises InputError for empty or binary input. A non-UTF-8 decode is kept,
    with a warning, since Latin-1 news text is common in old archives.
    """
    if not data.strip():
        raise InputError(InputProblem(source, Problem.E001))
    kind = binary_kind(data)
    if kind:
        raise InputError(InputProblem(source, Problem.E002, kind))
    for bom, encoding in BOMS:
        if data.startswith(bom):
            return data.decode(encoding), []
    try:
        return data.decode("utf-8"), []
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252"), [InputProblem(source, Problem.W001, "Windows-1252 (Latin-1)")]
    except UnicodeDecodeError:
        return data.decode("latin-1"), [InputProblem(source, Problem.W001, "ISO-8859-1 (Latin-1)")]
