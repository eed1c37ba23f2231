"""Control characters in text from outside: what may be printed, and what every store back end can keep."""

from __future__ import annotations

import re

# C0 and C1 control characters (terminal escape sequences start with one)
_CONTROLS = re.compile(r"[\x00-\x1f\x7f-\x9f]")
# What no text back end stores alike (PostgreSQL refuses NUL) and no reader needs: C0 controls but tab, newlines
# and form feed, DEL, C1 controls, and lone surrogates left by a broken decode.
_UNSTORABLE = re.compile("[\x00-\x08\x0b\x0e-\x1f\x7f-\x9f\ud800-\udfff]")


def printable(text: str) -> str:
    """``text`` with control characters shown as escapes ("\\x1b"): a file name or URL is data, and one holding
    an escape sequence must not drive the terminal that prints it."""
    return _CONTROLS.sub(lambda m: m.group().encode("unicode_escape").decode("ascii"), text)


def without_controls(text: str) -> tuple[str, int]:
    """``text`` with the characters no back end stores removed, and how many there were."""
    cleaned, count = _UNSTORABLE.subn("", text)
    return cleaned, count
