"""The command line: parses, dispatches to the public API, shows progress (Rich lives only here)."""

from __future__ import annotations

import json
import logging
import os
import sys
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated, NoReturn, Optional

import typer
from rich.console import Console
from rich.logging import RichHandler
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, SpinnerColumn, TaskID, TextColumn, TimeElapsedColumn
from rich.table import Table

from storyline import export as exporting
from storyline import pipeline
from storyline.compare import Compared
from storyline.config import DEFAULT_DB_URL, Settings
from storyline.ingest import Outcome, Status, estimate_documents
from storyline.link import Linked
from storyline.model import Annotation
from storyline.scale import Mapper, make_mapper
from storyline.store import Store

# What ``storyline --help`` says to a user (the module docstring above is for who reads the code).
HELP = """storyline: news coverage of a developing story in, a sourced record of what happened out.

Which events happened, who did what to whom and when, who said what, and where outlets contradict each other,
every fact linked to its sentences. Start with:

  storyline run ARTICLES...     (files, folders or URLs; then open report.html)

  storyline demo                (the bundled sample corpus)

The store defaults to ./storyline.db; --db takes a file path or a database URL (postgresql://...).
"""

app = typer.Typer(no_args_is_help=True, add_completion=False, help=HELP)
console = Console(stderr=True)

DbOption = Annotated[
    str, typer.Option("--db", help="The store: a file path (SQLite) or a database URL.", envvar="STORYLINE_DB")
]
Paths = Annotated[list[str], typer.Argument(help="Files, folders (recursive) or http(s) URLs.")]
WorkersOption = Annotated[
    Optional[int], typer.Option("--workers", min=1, help="Processes for the per-article stages (default: all cores).")
]
DaskOption = Annotated[
    Optional[str], typer.Option("--dask", help="Run the per-article stages on a Dask scheduler (ADDRESS, or 'local').")
]


@contextmanager
def _mapper(workers: int | None, dask: str | None) -> Iterator[Mapper]:
    """The processes or cluster the per-article stages run on, closed when the command ends."""
    mapper = make_mapper(workers, dask)
    try:
        yield mapper
    finally:
        mapper.close()


def _db_url(db: str, existing: bool = False) -> str:
    """The store's URL from --db: a database URL as given, a plain path as an SQLite file. A command that only
    reads (``existing``) refuses a store file that is not there, rather than make an empty one."""
    from sqlalchemy.engine import make_url
    from sqlalchemy.exc import ArgumentError

    if "://" not in db:
        path = Path(db).expanduser()
        if existing and not path.is_file():
            _fail(f"--db {db}: no store there (make one with `storyline run ARTICLES... --db {db}`)")
        return f"sqlite:///{path.resolve()}"
    try:
        url = make_url(db)
    except ArgumentError:
        _fail(f"--db {db}: neither a file path nor a database URL (sqlite:///FILE, postgresql://HOST/DB)")
    if existing and url.drivername.startswith("sqlite") and url.database not in (None, "", ":memory:"):
        if not Path(url.database).is_file():
            _fail(f"--db {db}: no store there (make one with `storyline run ARTICLES... --db {db}`)")
    return db


def _fail(message: str, code: int = 2) -> NoReturn:
    console.print(f"[red]error[/]: {escape(message)}", highlight=False, soft_wrap=True)
    raise typer.Exit(code)


def _settings(db: str, near_threshold: float | None = None, existing: bool = False) -> Settings:
    return Settings().with_overrides(db_url=_db_url(db, existing), near_duplicate_threshold=near_threshold)


class _Shown:
    """The pipeline's progress on the terminal: a bar for each per-article stage, a spinner for link and compare,
    one line per input problem; counts what annotate found for the summary."""

    LABELS = {"ingest": "ingest", "annotate": "annotate", "link": "linking", "compare": "comparing"}

    def __init__(self, store: Store, paths: list[str]) -> None:
        self.store = store
        self.paths = paths
        self.found: Counter[str] = Counter()
        columns = (SpinnerColumn(), TextColumn("[bold]{task.description}"), BarColumn(), MofNCompleteColumn(),
                   TimeElapsedColumn())  # fmt: skip
        self.progress = Progress(*columns, console=console, transient=True)
        self.task: TaskID | None = None

    def __enter__(self) -> _Shown:
        self.progress.start()
        return self

    def __exit__(self, *_: object) -> None:
        self.progress.stop()

    def hooks(self) -> pipeline.Hooks:
        return pipeline.Hooks(stage=self.stage, ingested=self.ingested, annotated=self.annotated)

    def stage(self, name: str) -> None:
        if self.task is not None:
            self.progress.remove_task(self.task)
        total: int | None = None
        if name == "ingest":
            total = estimate_documents(self.paths) or None
        elif name == "annotate":
            stored = self.store.counts()
            total = max(stored["articles"] - stored["annotated"], 0) or None
        self.task = self.progress.add_task(self.LABELS.get(name, name), total=total)

    def ingested(self, outcome: Outcome) -> None:
        if outcome.problem is not None:
            style = "red" if outcome.status is Status.PROBLEM else "yellow"
            mark = "error" if outcome.status is Status.PROBLEM else "warning"
            message = escape(outcome.problem.message)  # input names are data, never markup
            self.progress.console.print(f"[{style}]{mark}[/]: {message}", highlight=False, soft_wrap=True)
        if outcome.status is not Status.WARNING and self.task is not None:
            self.progress.advance(self.task)

    def annotated(self, annotation: Annotation) -> None:
        self.found["articles annotated now"] += 1
        self.found["actors"] += len(annotation.actors)
        self.found["quotes"] += len(annotation.quotes)
        self.found["quotes with a speaker"] += sum(1 for q in annotation.quotes if q.speaker)
        self.found["time expressions"] += len(annotation.times)
        self.found["claims"] += len(annotation.claims)
        self.found["event mentions"] += len(annotation.events)
        if self.task is not None:
            self.progress.advance(self.task)


def _ingest(paths: list[str], settings: Settings, store: Store, mapper: Mapper | None = None) -> Counter[Status]:
    """Run ingest alone with its progress; count outcomes."""
    counts: Counter[Status] = Counter()
    with _Shown(store, paths) as shown:
        shown.stage("ingest")
        for outcome in pipeline.ingest(paths, store, settings, mapper):
            counts[outcome.status] += 1
            shown.ingested(outcome)
    return counts


def _read_anything(counts: Counter[Status]) -> bool:
    return any(counts[s] for s in (Status.STORED, Status.UPDATED, Status.UNCHANGED))


def _summary(store: Store, counts: Counter[Status]) -> None:
    table = Table(title="storyline: ingest", show_header=True, header_style="bold")
    table.add_column("what")
    table.add_column("count", justify="right")
    stored = store.counts()
    for label, value in (
        ("new articles", counts[Status.STORED]),
        ("updated articles", counts[Status.UPDATED]),
        ("already stored", counts[Status.UNCHANGED]),
        ("inputs skipped (errors)", counts[Status.PROBLEM]),
        ("warnings", counts[Status.WARNING]),
        ("articles in store", stored["articles"]),
        ("  of which duplicates", stored["duplicates"]),
        ("outlets", stored["outlets"]),
    ):
        table.add_row(label, str(value))
    Console().print(table)


@app.callback()
def _main(verbose: Annotated[bool, typer.Option("--verbose", "-v", help="Log what each stage does.")] = False) -> None:
    logging.basicConfig(
        level=logging.INFO if verbose else logging.WARNING,
        format="%(message)s",
        handlers=[RichHandler(console=console, show_path=False)],
    )
    logging.getLogger("trafilatura").setLevel(logging.ERROR)
    logging.getLogger("htmldate").setLevel(logging.ERROR)


@app.command("ingest")
def ingest_command(
    paths: Paths,
    db: DbOption = DEFAULT_DB_URL,
    near_threshold: Annotated[Optional[float], typer.Option(help="Jaccard similarity for near-duplicates.")] = None,
    workers: WorkersOption = None,
    dask: DaskOption = None,
) -> None:
    """Read, clean, deduplicate and store articles."""
    settings = _settings(db, near_threshold)
    with _mapper(workers, dask) as mapper:
        store = Store(settings.db_url)
        try:
            counts = _ingest(paths, settings, store, mapper)
            _summary(store, counts)
        finally:
            store.close()
    if not _read_anything(counts):
        console.print("[red]nothing could be read[/]")
        raise typer.Exit(1)


def _annotate(settings: Settings, store: Store, mapper: Mapper | None = None) -> Counter[str]:
    """Annotate alone what the store holds and has not annotated yet, with its progress; count what was found."""
    with _Shown(store, []) as shown:
        shown.stage("annotate")
        for annotation in pipeline.annotate_stored(store, settings, mapper):
            shown.annotated(annotation)
    return shown.found


def _annotation_summary(store: Store, counts: Counter[str]) -> None:
    table = Table(title="storyline: annotate (this run)", show_header=True, header_style="bold")
    table.add_column("what")
    table.add_column("count", justify="right")
    for label in ("articles annotated now", "actors", "quotes", "quotes with a speaker", "time expressions",
                  "claims", "event mentions"):
        table.add_row(label, str(counts[label]))
    table.add_row("articles annotated in store", str(store.counts()["annotated"]))
    Console().print(table)


@app.command("annotate")
def annotate_command(db: DbOption = DEFAULT_DB_URL, workers: WorkersOption = None, dask: DaskOption = None) -> None:
    """Annotate the stored articles: actors, quotes, times, claims, PLOVER events."""
    settings = _settings(db, existing=True)
    with _mapper(workers, dask) as mapper:
        store = Store(settings.db_url)
        try:
            _annotation_summary(store, _annotate(settings, store, mapper))
        finally:
            store.close()


ScorerOption = Annotated[
    Optional[str],
    typer.Option(
        "--link-scorer", help="How article pairs are scored: 'rules' (default) or 'learned' (the pair model)."
    ),
]


@app.command("link")
def link_command(db: DbOption = DEFAULT_DB_URL, link_scorer: ScorerOption = None) -> None:
    """Link the stored articles: the same event across outlets, stories, one identity per actor."""
    settings = _settings(db, existing=True).with_overrides(link_scorer=link_scorer)
    store = Store(settings.db_url)
    try:
        with console.status("linking"):
            _link_table(pipeline.link_stored(store, settings))
    finally:
        store.close()


def _link_table(linked: Linked) -> None:
    table = Table(title="storyline: link", show_header=True, header_style="bold")
    table.add_column("what")
    table.add_column("count", justify="right")
    table.add_row("events", str(len(linked.events)))
    table.add_row("  reported by more than one article", str(sum(1 for e in linked.events if len(e.articles) > 1)))
    table.add_row("stories", str(len(linked.stories)))
    table.add_row("actors (corpus-wide)", str(linked.actors))
    table.add_row("articles scored this run", str(linked.scored))
    Console().print(table)


@app.command("compare")
def compare_command(db: DbOption = DEFAULT_DB_URL) -> None:
    """Compare what outlets say of each event: agreements, conflicts, positions, source profiles, summaries."""
    settings = _settings(db, existing=True)
    store = Store(settings.db_url)
    try:
        with console.status("comparing"):
            compared = pipeline.compare_stored(store)
        _compare_table(compared)
    finally:
        store.close()


def _compare_table(compared: Compared) -> None:
    table = Table(title="storyline: compare", show_header=True, header_style="bold")
    table.add_column("what")
    table.add_column("count", justify="right")
    table.add_row("events", str(len(compared.summaries)))
    table.add_row("conflicts", str(len(compared.conflicts)))
    table.add_row("  high severity", str(sum(1 for c in compared.conflicts if c.severity == "high")))
    table.add_row("agreements", str(len(compared.agreements)))
    table.add_row("positions", str(len(compared.positions)))
    table.add_row("flagged outlets", str(compared.flagged_outlets))
    Console().print(table)


ReportOption = Annotated[Path, typer.Option("--report", help="Where to write the HTML report.")]


@app.command("run")
def run_command(
    paths: Paths,
    db: DbOption = DEFAULT_DB_URL,
    report: ReportOption = Path("report.html"),
    workers: WorkersOption = None,
    dask: DaskOption = None,
    link_scorer: ScorerOption = None,
) -> None:
    """The whole pipeline on PATHs: ingest, annotate, link and compare, a summary of each, and the HTML report.

    Ingest's preparation and annotate run on ``--workers`` processes (all cores by default) or a Dask cluster;
    linking and comparing stay in this process (they are incremental over the whole store)."""
    from storyline.present.report import write_report

    settings = _settings(db).with_overrides(link_scorer=link_scorer)
    if not report.parent.is_dir():
        _fail(f"--report {report}: the folder {report.parent} does not exist")
    with _mapper(workers, dask) as mapper:
        store = Store(settings.db_url)
        try:
            with _Shown(store, paths) as shown:
                ran = pipeline.run(paths, store, settings, mapper, shown.hooks())
            _summary(store, ran.ingested)
            if not ran.read_anything or ran.linked is None or ran.compared is None:
                console.print("[red]nothing could be read[/]")
                raise typer.Exit(1)
            _annotation_summary(store, shown.found)
            _link_table(ran.linked)
            _compare_table(ran.compared)
            with console.status("writing the report"):
                write_report(store, report)
            console.print(f"report written to {report}")
        finally:
            store.close()


@app.command("export")
def export_command(
    kind: Annotated[exporting.Kind, typer.Argument(help="What to export.")],
    fmt: Annotated[exporting.Format, typer.Option("--format", "-f", help="Output format.")] = exporting.Format.JSONL,
    output: Annotated[Optional[Path], typer.Option("--output", "-o", help="File to write (default: stdout).")] = None,
    db: DbOption = DEFAULT_DB_URL,
) -> None:
    """Write the store's records (articles, events, stories, actors, quotes, conflicts, agreements, claims,
    positions, sources, summaries, timeline) as JSONL, CSV or Parquet; events also as PLOVER JSON."""
    url = _db_url(db, existing=True)
    if output is None and fmt.binary and sys.stdout.isatty():
        _fail(f"{fmt.value} is binary: give a file to write with --output/-o")
    if output is not None and not output.parent.is_dir():
        _fail(f"--output {output}: the folder {output.parent} does not exist")
    store = Store(url)
    try:
        if output is None:
            stream = sys.stdout.buffer if fmt.binary else sys.stdout
            count = exporting.write(store, kind, fmt, stream)
        elif fmt.binary:
            with output.open("wb") as out:
                count = exporting.write(store, kind, fmt, out)
        else:
            with output.open("w", encoding="utf-8", newline="") as out:
                count = exporting.write(store, kind, fmt, out)
    except ValueError as err:
        _fail(str(err))
    except OSError as err:
        _fail(f"--output {output}: {err.strerror or err}")
    finally:
        store.close()
    console.print(f"exported {count} {kind.value}" + (f" to {output}" if output else ""))


@app.command("report")
def report_command(
    output: Annotated[Path, typer.Option("--output", "-o", help="The HTML file to write.")] = Path("report.html"),
    db: DbOption = DEFAULT_DB_URL,
) -> None:
    """Write the self-contained HTML report of the store: stories, timelines, events, conflicts, sources."""
    from storyline.present.report import write_report

    url = _db_url(db, existing=True)
    if not output.parent.is_dir():
        _fail(f"--output {output}: the folder {output.parent} does not exist")
    store = Store(url)
    try:
        with console.status("writing the report"):
            write_report(store, output)
    finally:
        store.close()
    console.print(f"report written to {output}")


@app.command("serve")
def serve_command(
    host: Annotated[str, typer.Option(help="Address to bind (127.0.0.1: this machine only).")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port to listen on.")] = 8000,
    db: DbOption = DEFAULT_DB_URL,
    token: Annotated[
        Optional[str],
        typer.Option(help="Access token every request must carry (a browser gets it once from the printed address).",
                     envvar="STORYLINE_TOKEN"),
    ] = None,
    allow_host: Annotated[
        Optional[list[str]],
        typer.Option("--allow-host", help="A host the upload form may fetch although it is not public (repeatable)."),
    ] = None,
) -> None:
    """The web app and HTTP API (OpenAPI at /docs) over the store.

    Uploaded URLs are fetched from public addresses only; pages of other sites cannot post to it. Bound beyond
    this machine (--host 0.0.0.0), anyone who can reach it can read the store and upload: give it a --token.
    """
    import ipaddress

    import uvicorn

    from storyline.present.web import create_app

    settings = _settings(db, existing=True).with_overrides(
        web_token=token, fetch_allowed_hosts=tuple(allow_host or ())
    )
    address = f"http://{host}:{port}/"
    try:
        local = host == "localhost" or ipaddress.ip_address(host).is_loopback
    except ValueError:
        local = False
    if not local and not token:
        console.print(
            f"[yellow]warning[/]: serving on {escape(host)}, beyond this machine, with no --token: anyone on the "
            "network can read this store and upload to it"
        )
    shown = f"{address}?token={token}" if token else address
    console.print(f"storyline serving {escape(db)} on {escape(shown)} (API docs at /docs)")
    uvicorn.run(create_app(settings), host=host, port=port, log_level="warning")


@app.command("code")
def code_command(
    path: Annotated[Path, typer.Argument(help="JSONL: one sentence a line, as {\"id\": ..., \"text\": ...}.")],
    output: Annotated[Optional[Path], typer.Option("--output", "-o", help="File to write (default: stdout).")] = None,
    db: DbOption = DEFAULT_DB_URL,
) -> None:
    """PLOVER-code single sentences: one JSON result per input line, the main event first."""
    from storyline.annotate import code_sentences, read_sentences

    if not path.is_file():
        console.print(f"[red]error[/]: {escape(str(path))}: not found")
        raise typer.Exit(1)
    items, problems = read_sentences(path)
    for problem in problems:
        console.print(f"[red]error[/]: {escape(problem)}", highlight=False, soft_wrap=True)
    out = output.open("w", encoding="utf-8") if output else sys.stdout
    try:
        for result in code_sentences(items, _settings(db)):
            out.write(json.dumps(result, ensure_ascii=False) + "\n")
    finally:
        if output:
            out.close()
    if not items:
        raise typer.Exit(1)


def samples_dir() -> Path:
    """The bundled demo corpus: $STORYLINE_SAMPLES, else samples/ beside the source tree."""
    env = os.environ.get("STORYLINE_SAMPLES")
    return Path(env) if env else Path(__file__).resolve().parents[2] / "samples"


@app.command("demo")
def demo_command(db: DbOption = DEFAULT_DB_URL) -> None:
    """Run storyline on the bundled sample corpus."""
    folder = samples_dir()
    if not folder.is_dir():
        console.print(f"[red]error[/]: sample corpus not found at {folder}")
        raise typer.Exit(1)
    console.print(f"storyline demo on {folder}")
    run_command([str(folder)], db, Path("report.html"), None, None)


def main() -> None:
    app()


if __name__ == "__main__":
    main()
