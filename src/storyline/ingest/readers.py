"""Readers: one small function per input kind, each yielding raw documents or problems.

A reader never raises for one bad record: it yields an :class:`InputProblem`
and goes on, so one broken line does not cost the rest of the file.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import re
import zlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO

from storyline.config import Settings
from storyline.controls import without_controls
from storyline.errors import InputError, InputProblem, Problem
from storyline.ingest.decode import BOMS, binary_kind, decode_bytes
from storyline.jsonlines import json_lines


@dataclass
class RawDocument:
    """One input document before extraction and repair."""

    source: str  # where it was read from: path, URL, "file.jsonl#id"
    id: str
    kind: str  # "text", "markdown" or "html"
    content: bytes | str  # HTML stays bytes so trafilatura can detect its encoding
    raw_hash: str
    url: str | None = None
    outlet: str | None = None
    title: str | None = None
    published: str | None = None
    warnings: list[InputProblem] = field(default_factory=list)


Item = RawDocument | InputProblem
Reader = Callable[[Path, Settings], Iterator[Item]]

# Bytes read at a time from a stream being drained or checked against a limit.
_CHUNK = 1 << 20


def digest(data: bytes | str) -> str:
    return hashlib.sha256(data.encode("utf-8") if isinstance(data, str) else data).hexdigest()


def file_id(path: Path) -> str:
    """The article id of a file: its name without extension(s) such as .warc.gz."""
    name = path.name
    for suffix in (".warc.gz", ".html.gz"):
        if name.lower().endswith(suffix):
            return name[: -len(suffix)]
    return path.stem


def url_id(url: str) -> str:
    """A readable id for a URL: host and path as a slug, with a short hash for uniqueness."""
    slug = re.sub(r"[^A-Za-z0-9]+", "-", re.sub(r"^https?://(www\.)?", "", url)).strip("-")
    return f"{slug[:60]}-{digest(url)[:8]}"


_FRONT_MATTER = re.compile(r"\A---\s*\n(?P<block>(?:[A-Za-z_]+\s*:.*\n)+)---\s*\n", re.M)
_FRONT_KEYS = {"id", "url", "outlet", "title", "published"}
_FRONT_ALIASES = {"date": "published", "source": "outlet", "link": "url"}


def split_front_matter(text: str) -> tuple[dict[str, str], str]:
    """``key: value`` lines between two ``---`` lines at the top, as scrapers often save metadata."""
    m = _FRONT_MATTER.match(text)
    if not m:
        return {}, text
    meta = {}
    for line in m.group("block").splitlines():
        key, _, value = line.partition(":")
        key = _FRONT_ALIASES.get(key.strip().lower(), key.strip().lower())
        if key in _FRONT_KEYS and value.strip() and key not in meta:
            meta[key] = value.strip().strip("\"'")
    return meta, text[m.end() :]


def _too_large(source: str, limit: int) -> InputProblem:
    return InputProblem(source, Problem.E013, f"over {limit:,} bytes (setting max_input_bytes)")


def read_bounded(path: Path, settings: Settings) -> bytes | InputProblem:
    """A file's bytes, gunzipped when its name ends in .gz, never more than ``max_input_bytes`` of them: a bigger
    file, or a small one that expands past the limit (a gzip bomb), is refused before it is read whole."""
    limit = settings.max_input_bytes
    if path.stat().st_size > limit:
        return _too_large(str(path), limit)
    if not path.name.lower().endswith(".gz"):
        return path.read_bytes()
    try:
        with gzip.open(path, "rb") as stream:
            data = stream.read(limit + 1)
    except (OSError, EOFError, zlib.error) as err:
        return InputProblem(str(path), Problem.E008, f"not valid gzip ({err})")
    return _too_large(str(path), limit) if len(data) > limit else data


def _decoded(path: Path, settings: Settings) -> tuple[bytes, str, list[InputProblem]] | InputProblem:
    """The file's bytes and text, or the problem that stops it from being text."""
    data = read_bounded(path, settings)
    if isinstance(data, InputProblem):
        return data
    try:
        text, warnings = decode_bytes(data, str(path))
    except InputError as err:
        return err.problem
    return data, text, warnings


def _text_document(path: Path, kind: str, settings: Settings) -> Iterator[Item]:
    decoded = _decoded(path, settings)
    if isinstance(decoded, InputProblem):
        yield decoded
        return
    data, text, warnings = decoded
    meta, text = split_front_matter(text)
    yield RawDocument(
        source=str(path),
        id=meta.get("id") or file_id(path),
        kind=kind,
        content=text,
        raw_hash=digest(data),
        url=meta.get("url"),
        outlet=meta.get("outlet"),
        title=meta.get("title"),
        published=meta.get("published"),
        warnings=warnings,
    )


def read_text(path: Path, settings: Settings) -> Iterator[Item]:
    yield from _text_document(path, "text", settings)


def read_markdown(path: Path, settings: Settings) -> Iterator[Item]:
    yield from _text_document(path, "markdown", settings)


def read_html(path: Path, settings: Settings) -> Iterator[Item]:
    data = read_bounded(path, settings)
    if isinstance(data, InputProblem):
        yield data
        return
    if not data.strip():
        yield InputProblem(str(path), Problem.E001)
        return
    kind = binary_kind(data)
    if kind:
        yield InputProblem(str(path), Problem.E002, kind)
        return
    yield RawDocument(source=str(path), id=file_id(path), kind="html", content=data, raw_hash=digest(data))


def read_jsonl(path: Path, settings: Settings) -> Iterator[Item]:
    """One article a line: ``text`` or ``html``, optional id, url, outlet, title, published.

    Read a line at a time (a file of any size never sits in memory whole); a line over ``max_input_bytes`` is one
    problem, and reading stops after ``max_records_per_file`` records."""
    with path.open("rb") as stream:
        head = stream.read(8192)
        stream.seek(0)
        if not head.strip():
            yield InputProblem(str(path), Problem.E001)
            return
        if any(head.startswith(bom) for bom, encoding in BOMS if encoding != "utf-8-sig"):
            decoded = _decoded(path, settings)  # UTF-16/32: rare, read whole (bounded)
            if isinstance(decoded, InputProblem):
                yield decoded
                return
            yield from decoded[2]
            lines: Iterator[str | None] = iter(decoded[1].splitlines())
        else:
            kind = binary_kind(head)
            if kind:
                yield InputProblem(str(path), Problem.E002, kind)
                return
            lines = _byte_lines(stream, settings.max_input_bytes)
        yield from _jsonl_records(path, lines, settings)


def _jsonl_records(path: Path, lines: Iterator[str | None], settings: Settings) -> Iterator[Item]:
    records = 0
    for line in json_lines(lines):
        where = f"{path}:{line.number}"
        if line.too_long:
            yield _too_large(where, settings.max_input_bytes)
        elif line.invalid is not None:
            yield InputProblem(where, Problem.E004, line.invalid)
        elif line.record is None:
            yield InputProblem(where, Problem.E005, f"expected an object, got {line.not_object}")
        else:
            records += 1
            if records > settings.max_records_per_file:
                yield _too_many(path, settings)
                return
            default_id = f"{file_id(path)}-{line.number}"
            yield from _record_document(line.record, where, default_id, str(path), settings)


def _too_many(path: Path, settings: Settings) -> InputProblem:
    limit = settings.max_records_per_file
    detail = f"more than {limit:,} records (setting max_records_per_file); the rest not read"
    return InputProblem(str(path), Problem.E013, detail)


def _byte_lines(stream: BinaryIO, limit: int) -> Iterator[str | None]:
    """The stream's lines as text (UTF-8, else Windows-1252), None for a line over ``limit`` bytes (skipped
    without being held whole)."""
    first = True
    while True:
        raw = stream.readline(limit + 1)
        if not raw:
            return
        if len(raw) > limit and not raw.endswith(b"\n"):
            while raw and not raw.endswith(b"\n"):  # drain the rest of the long line
                raw = stream.readline(_CHUNK)
            yield None
            continue
        if first and raw.startswith(b"\xef\xbb\xbf"):
            raw = raw[3:]
        first = False
        try:
            yield raw.decode("utf-8")
        except UnicodeDecodeError:
            yield raw.decode("cp1252", errors="replace")


# Rows of a Parquet input read per batch: a file of any size never sits in memory whole.
PARQUET_BATCH_ROWS = 1024


def read_parquet(path: Path, settings: Settings) -> Iterator[Item]:
    """One article a row, with the JSONL fields as columns (``text`` or ``html``; id, url, outlet, title,
    published): the bulk input of large runs. A file that is not Parquet, or lacks both text columns, is one
    E012 problem naming it; the rows read before a failure are kept."""
    import pyarrow.parquet as pq

    rows = 0
    try:
        source = pq.ParquetFile(path)
        columns = set(source.schema_arrow.names)
        if not columns & {"text", "html"}:
            yield InputProblem(str(path), Problem.E012, "needs a 'text' or 'html' column")
            return
        for batch in source.iter_batches(batch_size=PARQUET_BATCH_ROWS):
            for record in batch.to_pylist():
                rows += 1
                if rows > settings.max_records_per_file:
                    yield _too_many(path, settings)
                    return
                where = f"{path}:{rows}"
                clean = {k: (v.isoformat() if hasattr(v, "isoformat") else v) for k, v in record.items()}
                yield from _record_document(clean, where, f"{file_id(path)}-{rows}", str(path), settings)
    except Exception as err:  # noqa: BLE001 - untrusted input: any read failure is this file's problem
        detail = str(err).splitlines()[0] if str(err) else type(err).__name__
        yield InputProblem(str(path), Problem.E012, f"{detail} (after {rows} rows)")


def _record_document(
    record: dict, where: str, default_id: str, source_file: str, settings: Settings
) -> Iterator[Item]:
    body = record.get("html") if isinstance(record.get("html"), str) and record["html"].strip() else None
    kind = "html" if body else "text"
    body = body or (record.get("text") if isinstance(record.get("text"), str) else None)
    if not body or not body.strip():
        yield InputProblem(where, Problem.E005, "needs a non-empty 'text' or 'html' string")
        return
    if len(body) > settings.max_input_bytes:
        yield _too_large(where, settings.max_input_bytes)
        return
    fields = {}
    for name in ("id", "url", "outlet", "title", "published"):
        value = record.get(name)
        if value is not None and not isinstance(value, (str, int)):
            yield InputProblem(where, Problem.E005, f"field {name!r} must be a string")
            return
        fields[name] = without_controls(str(value))[0] if value is not None else None
    ident = fields["id"] or default_id
    yield RawDocument(
        source=f"{source_file}#{ident}",
        id=ident,
        kind=kind,
        content=body.encode("utf-8") if kind == "html" else body,
        raw_hash=digest(json.dumps(record, sort_keys=True, ensure_ascii=False)),
        url=fields["url"],
        outlet=fields["outlet"],
        title=fields["title"],
        published=fields["published"],
    )


def read_warc(path: Path, settings: Settings) -> Iterator[Item]:
    """HTML responses in a WARC file; other records (requests, metadata, images) are passed over.

    WARC is untrusted binary input: any failure to parse it (a cut record, a
    file that is not WARC at all) becomes one E010 problem naming the file,
    and the records read before it are kept. A record's body is read up to ``max_input_bytes`` (a bigger one is
    one E013 problem, drained unread); skipped records are drained a chunk at a time.
    """
    from warcio.archiveiterator import ArchiveIterator

    records = 0
    try:
        with path.open("rb") as stream:
            for record in ArchiveIterator(stream):
                if record.format != "warc":
                    raise ValueError(f"not a WARC file (looks like {record.format or 'something else'})")
                records += 1
                if records > settings.max_records_per_file:
                    yield _too_many(path, settings)
                    return
                ctype = (record.http_headers.get_header("Content-Type") if record.http_headers else "") or ""
                if record.rec_type != "response" or "html" not in ctype.lower():
                    _check_complete(record)
                    continue
                url = record.rec_headers.get_header("WARC-Target-URI") or ""
                data = record.content_stream().read(settings.max_input_bytes + 1)
                _check_complete(record)
                if len(data) > settings.max_input_bytes:
                    yield _too_large(f"{path}#{url}", settings.max_input_bytes)
                    continue
                if not data.strip():
                    yield InputProblem(f"{path}#{url}", Problem.E001)
                    continue
                yield RawDocument(
                    source=f"{path}#{url}", id=url_id(url), kind="html", content=data, raw_hash=digest(data), url=url
                )
    except Exception as err:  # noqa: BLE001 - untrusted input: any parse failure is this file's problem
        detail = str(err).splitlines()[0] if str(err) else type(err).__name__
        yield InputProblem(str(path), Problem.E010, f"{detail} (after {records} records)")
        return
    if records == 0:
        yield InputProblem(str(path), Problem.E010, "no WARC records")


def _check_complete(record) -> None:  # type: ignore[no-untyped-def]
    """A record cut short in transfer leaves bytes its header promised unread at end of file."""
    while record.raw_stream.read(_CHUNK):  # drain what is left of this record (skipped records too), a chunk at a time
        pass
    if getattr(record.raw_stream, "limit", 0) > 0:
        raise ValueError(f"record for {record.rec_headers.get_header('WARC-Target-URI') or '?'} is truncated")


READERS: dict[str, Reader] = {
    ".txt": read_text,
    ".text": read_text,
    ".md": read_markdown,
    ".markdown": read_markdown,
    ".html": read_html,
    ".htm": read_html,
    ".html.gz": read_html,
    ".jsonl": read_jsonl,
    ".parquet": read_parquet,
    ".warc": read_warc,
    ".warc.gz": read_warc,
}


def reader_for(path: Path) -> Reader | None:
    name = path.name.lower()
    for suffix in sorted(READERS, key=len, reverse=True):
        if name.endswith(suffix):
            return READERS[suffix]
    return None
