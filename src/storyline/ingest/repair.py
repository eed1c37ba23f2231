"""Repair text that a scraper already flattened: small steps, each recording what it removed.

The steps run in order over a :class:`Draft` (the article's lines with their
original line numbers). Each one is a plain function, so a reader can see the
whole repair as its list of steps (:data:`STEPS`) and test each alone.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field

from storyline.ingest.dates import parse_byline, parse_dateline
from storyline.ingest.lexicon import furniture
from storyline.ingest.tables import find_pipe_tables, find_tables
from storyline.model import CleaningReport, Precision

# A title is a line of at most this many words that does not end like a sentence.
TITLE_MAX_WORDS = 30
TITLE_MAX_CHARS = 250
# Lines at the top, before the first line this long, are the page's "leading matter".
LEADING_MATTER_MAX_WORDS = 20
# A repeated line of at most this many words is a heading repeated as a caption.
HEADING_MAX_WORDS = 20
# Footer markers cut the rest of the page only once this share of the text is behind them.
FOOTER_MIN_POSITION = 0.5
# A trailer must stand within this many non-blank lines of the end.
TRAILER_MAX_LINES = 6
# A wire dateline opens the lede: within the first few lines of the body after the leading matter.
CREDIT_MAX_LINES = 3

_FOLD = str.maketrans(
    {"‘": "'", "’": "'", "‚": "'", "‛": "'", "“": '"', "”": '"', "„": '"', "–": "-", "—": "-", "\u00a0": " "}
)
_SPACES = re.compile(r"\s+")
_INVISIBLE = re.compile("[\u200b\u200c\u200d\u2060\ufeff\u00ad]")
_COUNTER = re.compile(r"^\d{1,3}$")
_ALT_TEXT = re.compile(r"^[A-Z][\w'’.-]*[a-z]\d{1,3}$")
_KEYWORD_LINE = re.compile(r"^[^\W\d_][\w'’ -]*$")
_DOMAIN = re.compile(r"^(?:https?://)?(?:www\.)?(?P<domain>[a-z0-9-]+(?:\.[a-z0-9-]+)*\.[a-z]{2,})(?:/\S*)?$", re.I)


def fold(text: str) -> str:
    """Comparison form of a line: straight quotes, one case, single spaces, no end punctuation."""
    if not text.isascii():
        text = unicodedata.normalize("NFKC", text).translate(_FOLD)
    return _SPACES.sub(" ", text.casefold()).strip(" .?!:;,")


@dataclass
class Line:
    no: int  # 1-based line number in the text as read
    text: str


@dataclass
class Draft:
    lines: list[Line]
    title: str | None = None
    title_given: bool = False
    report: CleaningReport = field(default_factory=CleaningReport)
    published: tuple[dt.date, Precision] | None = None
    outlet: str | None = None
    source_title: str | None = None
    credit: str | None = None  # the wire credit of the lede's dateline ("(Northwire) –")
    flags: list[str] = field(default_factory=list)

    @classmethod
    def from_text(cls, text: str, title: str | None = None) -> Draft:
        text = _INVISIBLE.sub("", text.replace("\r\n", "\n").replace("\r", "\n")).replace("\u00a0", " ")
        lines = [Line(i, raw.strip()) for i, raw in enumerate(text.split("\n"), start=1)]
        title = _SPACES.sub(" ", title).strip() if title else None
        return cls(lines=lines, title=title or None, title_given=bool(title))

    def drop(self, indices: set[int] | dict[int, str], reason: str = "") -> None:
        """Remove the lines at ``indices`` in one pass, recording each with its reason."""
        reasons = indices if isinstance(indices, dict) else dict.fromkeys(indices, reason)
        for i in sorted(reasons):
            self.report.remove(reasons[i], self.lines[i].text, self.lines[i].no)
        self.lines = [line for i, line in enumerate(self.lines) if i not in reasons]

    def content(self) -> list[int]:
        return [i for i, line in enumerate(self.lines) if line.text]

    def text(self) -> str:
        body = "\n".join(line.text for line in self.lines)
        body = re.sub(r"\n{3,}", "\n\n", body).strip()
        if self.title:
            return f"{self.title}\n\n{body}" if body else self.title
        return body


def undouble(line: str) -> str | None:
    """The line's first half when the line is that half twice, run together or spaced."""
    n = len(line)
    for half in {n // 2, (n - 1) // 2}:
        first, second = line[:half], line[half:].strip()
        if half >= 8 and fold(first) == fold(second):
            return first.strip()
    return None


def is_title_like(line: str) -> bool:
    words = line.split()
    return (
        0 < len(words) <= TITLE_MAX_WORDS
        and 3 <= len(line) <= TITLE_MAX_CHARS
        and not line.endswith((".", ",", ";", ":"))
        and (line[0].isupper() or line[0].isdigit() or line[0] in "'\"‘“")
        and parse_dateline(line) is None
    )


# ---- the steps ---------------------------------------------------------------------------------


def strip_leading_matter(draft: Draft) -> None:
    """Section labels, datelines, counters and alt text above the headline and lede."""
    labels = furniture().section_labels
    drops: dict[int, str] = {}
    seen_content = False
    for i in draft.content():
        text = draft.lines[i].text
        if len(text.split()) > LEADING_MATTER_MAX_WORDS:
            break
        if not seen_content and fold(text) in labels:
            drops[i] = "section label"
        elif (date := parse_dateline(text)) is not None:
            drops[i] = "dateline (kept as the published date)"
            draft.published = draft.published or date
        elif (date := parse_byline(text)) is not None:
            drops[i] = "byline (its date kept as the published date)"
            draft.published = draft.published or date
        elif _COUNTER.match(text):
            drops[i] = "counter"
        elif _ALT_TEXT.match(text):
            drops[i] = "image alt text"
        else:
            seen_content = True
    draft.drop(drops)


def find_title(draft: Draft) -> None:
    """Take the headline from the first line (undoubling it) unless the input gave one."""
    content = draft.content()
    if not content:
        return
    first = content[0]
    text = draft.lines[first].text
    single = undouble(text)
    if draft.title is None and len(content) > 1 and is_title_like(single or text):
        draft.title = single or text
        if single:
            draft.report.remove("title run together with itself", text[len(single) :].strip(), draft.lines[first].no)
        draft.lines = [line for i, line in enumerate(draft.lines) if i != first]
    if draft.title is None:
        return
    title = fold(draft.title)
    repeats = {i for i in draft.content() if _is_title_again(draft.lines[i].text, title)}
    first_content = draft.content()[0]
    if draft.title_given and first_content in repeats:
        # the page printed its headline above the body: it moves to the title, not a removal
        del draft.lines[first_content]
        repeats = {i - 1 if i > first_content else i for i in repeats if i != first_content}
    draft.drop(repeats, "repeated title (image caption)")


def _is_title_again(line: str, folded_title: str) -> bool:
    size = len(folded_title)
    if abs(len(line) - size) <= 4:
        return fold(line) == folded_title
    if abs(len(line) - 2 * size) <= 6:
        return fold(undouble(line) or "") == folded_title
    return False


def drop_repeated_lines(draft: Draft) -> None:
    """Headings repeated as image captions, and paragraphs printed twice: keep the first."""
    seen: set[str] = set()
    headings: set[int] = set()
    paragraphs: set[int] = set()
    for i in draft.content():
        key = fold(draft.lines[i].text)
        if len(key) < 8:
            continue
        if key in seen:
            (headings if len(key.split()) <= HEADING_MAX_WORDS else paragraphs).add(i)
        seen.add(key)
    draft.drop(dict.fromkeys(headings, "repeated heading (image caption)") | dict.fromkeys(paragraphs, "repeated paragraph"))


def drop_noise_lines(draft: Draft) -> None:
    """Lone counters, alt text with an image number, and lower-case keyword lines."""
    counters, alt, keywords = set(), set(), set()
    lines = draft.lines
    for i in draft.content():
        text = lines[i].text
        if _COUNTER.match(text):
            counters.add(i)
        elif _ALT_TEXT.match(text):
            alt.add(i)
        elif (
            _KEYWORD_LINE.match(text) and text == text.lower() and not any(c.isdigit() for c in text)
            and 2 <= len(text.split()) <= 6 and _stands_alone(lines, i)
        ):
            keywords.add(i)
    draft.drop(
        dict.fromkeys(counters, "counter") | dict.fromkeys(alt, "image alt text")
        | dict.fromkeys(keywords, "image alt text or keyword line")
    )


def _stands_alone(lines: list[Line], i: int) -> bool:
    before = i == 0 or not lines[i - 1].text
    after = i == len(lines) - 1 or not lines[i + 1].text
    return before and after


def extract_trailer(draft: Draft) -> None:
    """A closing 'Reference(s): headline / domain' block becomes outlet metadata."""
    rules = furniture()
    content = draft.content()
    tail = content[-TRAILER_MAX_LINES:]
    for pos, i in enumerate(tail):
        m = rules.trailer_header.match(draft.lines[i].text)
        if not m:
            continue
        block = [m.group("rest")] + [draft.lines[j].text for j in tail[pos + 1 :]]
        domains = [d.group("domain").lower() for line in block if (d := _DOMAIN.match(line.strip()))]
        if not domains or len(block) > 3:
            continue
        draft.outlet = domains[-1]
        others = [line for line in block if line and not _DOMAIN.match(line.strip())]
        draft.source_title = others[0] if others else None
        draft.drop(set(tail[pos:]), "source trailer (kept as outlet metadata)")
        return


def read_credit(draft: Draft) -> None:
    """The wire credit of the lede's dateline ("ARICA, Chile (Northwire) –"): who wrote the text. The line stays."""
    pattern = furniture().credit
    for i in draft.content()[:CREDIT_MAX_LINES]:
        found = pattern.match(draft.lines[i].text)
        if found:
            draft.credit = found.group("credit").strip()
            return


def drop_furniture(draft: Draft) -> None:
    """Comment widgets, share buttons, newsletter prompts; a footer marker cuts the rest."""
    rules = furniture()
    total = sum(len(line.text) + 1 for line in draft.lines) or 1
    done = 0
    drops: dict[int, str] = {}
    for i, line in enumerate(draft.lines):
        rule = rules.match(line.text) if line.text and len(line.text) < 200 else None
        if rule and rule.cuts_tail and done / total >= FOOTER_MIN_POSITION:
            rest = [j for j in range(i, len(draft.lines)) if draft.lines[j].text]
            for j in rest:
                drops[j] = f"page footer (from {line.text!r})"
            break
        if rule:
            drops[i] = rule.reason
        done += len(line.text) + 1
    draft.drop(drops)


def recover_tables(draft: Draft) -> None:
    """Tables whose cells a scraper ran together come back as header and rows; pipe tables are recorded."""
    lines = [line.text for line in draft.lines]
    draft.report.tables.extend(find_pipe_tables(lines))
    for found in reversed(find_tables(lines)):
        numbers = [draft.lines[j].no for j in range(found.start, found.end)]
        table = dataclasses.replace(found.table, line=numbers[0])
        draft.report.tables.insert(0, table)
        rendered = [" | ".join(table.header)] + [" | ".join(row) for row in table.rows]
        draft.lines[found.start : found.end] = [Line(no, text) for no, text in zip(numbers, rendered, strict=True)]


def flag_mixed_script(draft: Draft) -> None:
    """Letters of another script inside Latin text: keep them, flag the article."""
    others: dict[str, list[str]] = {}
    latin = 0
    for line in draft.lines:
        if line.text.isascii():
            latin += bool(line.text)
            continue
        for word in line.text.split():
            if word.isascii():
                latin += 1
                continue
            scripts = {_script(ch) for ch in word if ch.isalpha()}
            latin += "LATIN" in scripts
            for script in scripts - {"LATIN"}:
                others.setdefault(script, []).append(word)
    if not others or latin == 0:
        return
    for script, words in sorted(others.items()):
        if len(words) < latin:
            draft.flags.append("mixed_script")
            draft.report.warnings.append(f"mixed script: {script} in {', '.join(words[:5])}")
    draft.flags = sorted(set(draft.flags))


def _script(ch: str) -> str:
    if ch.isascii():
        return "LATIN"
    name = unicodedata.name(ch, "UNKNOWN")
    return name.split()[0]


Step = Callable[[Draft], None]

STEPS: tuple[Step, ...] = (
    strip_leading_matter,
    find_title,
    extract_trailer,
    read_credit,
    drop_furniture,
    drop_noise_lines,
    drop_repeated_lines,
    recover_tables,
    flag_mixed_script,
)

# trafilatura already leaves figure captions out of a page's text; a line that a
# page repeats is then more often real content (lists, recipes, Q&A) than a
# caption, and dropping repeats costs recall on the extraction benchmark.
HTML_STEPS: tuple[Step, ...] = tuple(step for step in STEPS if step is not drop_repeated_lines)


def repair(text: str, title: str | None = None, steps: tuple[Step, ...] = STEPS) -> Draft:
    """Run the repair steps over ``text``; the returned draft holds text, title, metadata and report."""
    draft = Draft.from_text(text, title)
    for step in steps:
        step(draft)
    draft.report.removals.sort(key=lambda r: r.line or 0)
    return draft
