"""Command line: a thin typer layer over the library.

Each command parses its arguments, calls the library function of the same name and
turns a :class:`PipelineError` into a one-line message and exit status 1 (``extract`` also
a failed file operation, such as a full disk, naming the file).

What a command says besides its result goes through :mod:`logging` to stderr (the ``pipeline``
logger; ``-v`` adds progress, ``-vv`` debugging, ``-q`` leaves errors only).  Exit status:
0 when the run made its tables, 1 when it could not (a PipelineError) or when ``extract`` had
inputs and every one failed, 2 for a usage error (an input that does not exist, a URL given
to ``extract``).  ``extract`` over paths that hold no input warns and exits 0: it publishes
empty tables, which is what was asked.
"""

from __future__ import annotations

import json
import logging
import sys
from dataclasses import asdict
from enum import Enum
from pathlib import Path
from typing import Annotated

import typer

from . import __version__
from .errors import PipelineError, os_reason
from .jobs import DEFAULT_SHARD_SIZE, RunOptions
from .limits import MAX_PAGE_BYTES, MAX_PAGE_SECONDS, PageLimits

app = typer.Typer(
    name="blogrx",
    help="Turn running and physical-therapy blog posts (saved HTML) into research tables.",
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode=None,      # help as written: "[default: data/raw]" kept, no "<bool>" beside a flag
)

log = logging.getLogger("pipeline")
ERRORS_LISTED = 5               # failed inputs named in the summary line; the rest are in errors.parquet
URL_SCHEMES = ("http://", "https://", "www.")

Verbose = Annotated[int, typer.Option("--verbose", "-v", count=True, show_default=False,
                                      help="Say more on stderr: -v progress, -vv debugging.")]
Quiet = Annotated[bool, typer.Option("--quiet", "-q", help="Errors only: no progress, summary or warnings.")]


class _Format(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        message = record.getMessage()
        return message if record.levelno < logging.WARNING else f"blogrx: {record.levelname.lower()}: {message}"


def _configure_logging(verbose: int, quiet: bool) -> None:
    """The ``pipeline`` logger to stderr at the level -v / -q ask for (once per command: the
    handler of an earlier call in this process is replaced)."""
    level = (logging.ERROR if quiet else logging.WARNING if verbose == 0 else logging.INFO if verbose == 1
             else logging.DEBUG)
    for handler in [h for h in log.handlers if getattr(h, "blogrx", False)]:
        log.removeHandler(handler)
    handler = logging.StreamHandler(sys.stderr)
    handler.blogrx = True                       # type: ignore[attr-defined]
    handler.setFormatter(_Format())
    log.addHandler(handler)
    log.setLevel(level)
    log.propagate = False


def _fail(exc: PipelineError) -> typer.Exit:
    typer.echo(f"blogrx: {exc}", err=True)
    return typer.Exit(code=1)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"blogrx {__version__}")
        raise typer.Exit()


@app.callback()
def main(
    ctx: typer.Context,
    version: Annotated[bool, typer.Option("--version", callback=_version, is_eager=True,
                                          help="Print the version and exit.")] = False,
    verbose: Verbose = 0,
    quiet: Quiet = False,
) -> None:
    """blogrx: saved blog HTML -> posts, comments, exercises and errors tables."""
    ctx.obj = (verbose, quiet)      # -v / -q before the command; the command's own add to them
    _configure_logging(verbose, quiet)


def _verbosity(ctx: typer.Context, verbose: int, quiet: bool) -> tuple[int, bool]:
    """-v / -q given before the command and after it, together; the logger set accordingly."""
    before_verbose, before_quiet = ctx.obj if isinstance(ctx.obj, tuple) else (0, False)
    verbose, quiet = verbose + before_verbose, quiet or before_quiet
    _configure_logging(verbose, quiet)
    return verbose, quiet


def _input_paths(paths: list[str] | None) -> list[Path]:
    """The paths given to ``extract``, each checked to exist before any work (a URL is pointed
    at ``scrape``); the default is data/raw."""
    if not paths:
        return [Path("data/raw")]
    for given in paths:
        if given.lower().startswith(URL_SCHEMES):
            typer.echo(f"blogrx: {given}: a URL, not a file or folder; fetch it first with "
                       f"`blogrx scrape {given} --out data/raw`, then run `blogrx extract data/raw`", err=True)
            raise typer.Exit(code=2)
        if not Path(given).exists() and not Path(given).is_symlink():
            typer.echo(f"blogrx: {given}: does not exist (no such file or folder)", err=True)
            raise typer.Exit(code=2)
    return [Path(given) for given in paths]


def _failed_inputs(out: Path) -> list[str]:
    """The one-line reasons of the error rows (severity "error") the run wrote, one per input."""
    import pyarrow.parquet as pq

    table = out / "errors.parquet"
    if not table.is_file():
        return []
    reasons: dict[str, str] = {}
    for row in pq.read_table(table, columns=["source_path", "severity", "error"]).to_pylist():
        if row["severity"] == "error":
            reasons.setdefault(row["source_path"], row["error"])
    return list(reasons.values())


def _report_failures(failed: list[str], out: Path) -> None:
    if not failed:
        return
    shown = "; ".join(failed[:ERRORS_LISTED]) + (f"; and {len(failed) - ERRORS_LISTED} more"
                                                   if len(failed) > ERRORS_LISTED else "")
    noun = "input" if len(failed) == 1 else "inputs"
    log.warning(f"{len(failed)} {noun} failed: {shown}; see {out / 'errors.parquet'}")


class TableFormat(str, Enum):
    """--format of extract: the tables as parquet only, or also as CSV or JSON Lines."""
    parquet = "parquet"
    csv = "csv"
    jsonl = "jsonl"


@app.command()
def extract(
    ctx: typer.Context,
    paths: Annotated[list[str] | None, typer.Argument(
        show_default=False, metavar="PATH",
        help="Files or folders of saved pages, archives and text posts [default: data/raw].")] = None,
    out: Annotated[Path, typer.Option("--out", "-o", file_okay=False,
                                      help="Folder for the parquet tables.")] = Path("data/processed"),
    work: Annotated[Path | None, typer.Option(
        "--work", file_okay=False, show_default=False,
        help="Folder for the run's own files (shard parts a rerun reuses), outside --out.  "
             "[default: .NAME.blogrx-work beside --out]")] = None,
    progress: Annotated[bool, typer.Option(help="Show a progress bar.")] = True,
    jobs: Annotated[int, typer.Option("--jobs", "-j", min=1,
                                      help="Worker processes (or Dask workers of a local cluster).")] = 1,
    engine: Annotated[str, typer.Option(help="'local' processes, or 'dask' (a cluster at --address, "
                                             "else a local cluster of --jobs workers).")] = "local",
    address: Annotated[str | None, typer.Option(help="Dask scheduler address, e.g. tcp://10.0.0.5:8786.")] = None,
    shard_size: Annotated[int, typer.Option(min=1, help="Input files per shard, on average.")] = DEFAULT_SHARD_SIZE,
    pseudonymize: Annotated[bool, typer.Option(
        "--pseudonymize", help="Replace commenters' names by stable salted hashes in every table.")] = False,
    max_page_bytes: Annotated[int, typer.Option(
        min=1, help="Largest page read, in bytes, stored or decompressed (.html.gz, WARC record); "
                    "a larger one is an error row.")] = MAX_PAGE_BYTES,
    max_page_seconds: Annotated[float, typer.Option(
        min=0.0, help="Longest a page may take to clean and extract before it is stopped as an error row "
                      "(0: no limit).")] = MAX_PAGE_SECONDS,
    table_format: Annotated[TableFormat, typer.Option(
        "--format", case_sensitive=False,
        help="Also write each table as CSV or JSON Lines (lists as JSON) beside its parquet, which is "
             "always written.")] = TableFormat.parquet,
    verbose: Verbose = 0,
    quiet: Quiet = False,
) -> None:
    """Clean every page, extract exercises, and write posts/comments/exercises/errors parquet.

    Inputs are files or folders of .html / .html.gz pages, .warc / .warc.gz archives, pages
    and posts scraped by `blogrx scrape`, and posts kept as .txt / .md (URL from post.url).
    --out receives only what is shared: the tables, datapackage.json and the card.
    A rerun into the same --out reuses the shards (in --work) whose inputs have not changed.
    Exit status 1 when every input failed; a run with no input warns and writes empty tables.
    """
    verbose, quiet = _verbosity(ctx, verbose, quiet)
    inputs = _input_paths(paths)
    from .run import run  # spaCy loads only for commands that need it

    log.info("extracting from %s into %s", ", ".join(map(str, inputs)), out)
    try:
        summary = run(inputs, out,
                      RunOptions(progress=progress and not quiet and sys.stderr.isatty(), jobs=jobs, engine=engine,
                                 address=address, shard_size=shard_size, pseudonymize=pseudonymize,
                                 limits=PageLimits(max_bytes=max_page_bytes, max_seconds=max_page_seconds),
                                 copies=() if table_format is TableFormat.parquet else (table_format.value,),
                                 work=work))
    except PipelineError as exc:
        raise _fail(exc) from exc
    except OSError as exc:  # a file system failure outside the tables' writer (a worker's part on a full disk...)
        typer.echo(f"blogrx: {exc.filename or out}: {os_reason(exc)}", err=True)
        raise typer.Exit(code=1) from exc
    if not quiet:
        typer.echo(summary.describe())
    if summary.inputs == 0:
        log.warning(f"no inputs in {', '.join(map(str, inputs))} (saved pages .html / .html.gz, .warc archives, "
                    f".txt / .md posts); wrote empty tables in {out}")
        return
    failed = _failed_inputs(out)
    _report_failures(failed, out)
    if summary.counts.get("posts", 0) == 0 and failed:
        log.error(f"every input failed ({summary.inputs} of {summary.inputs}); no post was read")
        raise typer.Exit(code=1)


@app.command()
def scrape(
    ctx: typer.Context,
    urls: Annotated[list[str] | None, typer.Argument(show_default=False, help="Page URLs to fetch.")] = None,
    url_file: Annotated[list[Path] | None, typer.Option(
        "--urls", exists=True, dir_okay=False, readable=True, help="File of URLs, one per line.")] = None,
    sitemap: Annotated[list[str] | None, typer.Option(
        help="Sitemap or sitemap index URL; a site root or robots.txt URL uses its Sitemap: lines.")] = None,
    wordpress: Annotated[list[str] | None, typer.Option(
        help="WordPress site URL: posts and comments through its REST API.")] = None,
    out: Annotated[Path, typer.Option("--out", "-o", file_okay=False,
                                      help="Folder for pages and manifest.jsonl.")] = Path("data/raw"),
    delay: Annotated[float, typer.Option(min=0.0, help="Seconds between requests to one host.")] = 1.0,
    contact: Annotated[str | None, typer.Option(
        help="URL or address site owners can reach you at; goes in the User-Agent.")] = None,
    refresh: Annotated[bool, typer.Option(help="Fetch done pages again, with conditional requests.")] = False,
    retries: Annotated[int, typer.Option(min=0, help="Retries after a 429, a 5xx or a timeout.")] = 3,
    timeout: Annotated[float, typer.Option(min=0.1, help="Seconds to wait for a connection or bytes.")] = 20.0,
    max_time: Annotated[float, typer.Option(
        min=0.1, help="Seconds one fetch may take in all (connection, headers and body).")] = 60.0,
    max_wait: Annotated[float, typer.Option(
        min=0.0, help="Longest pause a host may ask for (Retry-After); longer fails its URLs.")] = 120.0,
    max_page_bytes: Annotated[int, typer.Option(
        "--max-page-bytes", "--max-bytes", min=1,
        help="Largest response accepted, in bytes, as sent and once decompressed "
             "(pages, sitemaps, robots.txt, API answers).")] = MAX_PAGE_BYTES,
    progress: Annotated[bool, typer.Option(help="Show a progress bar.")] = True,
    verbose: Verbose = 0,
    quiet: Quiet = False,
) -> None:
    """Fetch pages politely (robots.txt, per-host delay, retries) into OUT/<site>/, resumably."""
    verbose, quiet = _verbosity(ctx, verbose, quiet)
    from .scrape import FetchOptions, ScrapeOptions
    from .scrape import scrape as run_scrape

    if not (urls or url_file or sitemap or wordpress):
        typer.echo("blogrx: nothing to scrape: give URLs, --urls FILE, --sitemap URL or --wordpress SITE", err=True)
        raise typer.Exit(code=2)
    options = ScrapeOptions(
        out=out, refresh=refresh, progress=progress and not quiet and sys.stderr.isatty(),
        fetch=FetchOptions(delay=delay, contact=contact, retries=retries, timeout=timeout, max_time=max_time,
                           max_wait=max_wait, max_page_bytes=max_page_bytes))
    try:
        summary = run_scrape(urls or [], url_files=url_file or [], sitemaps=sitemap or [],
                             wordpress=wordpress or [], options=options)
    except PipelineError as exc:
        raise _fail(exc) from exc
    if not quiet:
        typer.echo(summary.describe())
    for failure in summary.failures[:20]:       # what happened, beside the summary: on stdout
        typer.echo(f"  failed: {failure}")
    if summary.failed:
        typer.echo(f"details of every fetch: {out / 'manifest.jsonl'}")
    if summary.failed and not (summary.fetched or summary.not_modified or summary.already_done):
        typer.echo(f"blogrx: every fetch failed ({summary.failed}); see {out / 'manifest.jsonl'}", err=True)
        raise typer.Exit(code=1)


@app.command("clean-html")
def clean_html(
    path: Annotated[Path, typer.Argument(exists=True, dir_okay=False, readable=True,
                                         help="One saved .html / .html.gz page.")],
    comments: Annotated[bool, typer.Option(help="Include the comments.")] = True,
) -> None:
    """Clean one page and print the post record as JSON (nothing is written)."""
    from .clean import clean
    from .sources import read_page

    try:
        post = clean(read_page(path))
    except PipelineError as exc:
        raise _fail(exc) from exc
    record = asdict(post)
    if not comments:
        record.pop("comments")
    typer.echo(json.dumps(record, default=str, ensure_ascii=False, indent=2))
