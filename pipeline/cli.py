"""Command line: a thin typer layer over the library.

Each command parses its arguments, calls the library function of the same name and
turns a :class:`PipelineError` into a one-line message and exit status 1 (``extract`` also
a failed file operation, such as a full disk, naming the file).
"""

from __future__ import annotations

import json
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
)


def _fail(exc: PipelineError) -> typer.Exit:
    typer.echo(f"blogrx: {exc}", err=True)
    return typer.Exit(code=1)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"blogrx {__version__}")
        raise typer.Exit()


@app.callback()
def main(
    version: Annotated[bool, typer.Option("--version", callback=_version, is_eager=True,
                                          help="Print the version and exit.")] = False,
) -> None:
    """blogrx: saved blog HTML -> posts, comments, exercises and errors tables."""


class TableFormat(str, Enum):
    """--format of extract: the tables as parquet only, or also as CSV or JSON Lines."""
    parquet = "parquet"
    csv = "csv"
    jsonl = "jsonl"


@app.command()
def extract(
    paths: Annotated[list[Path] | None, typer.Argument(
        exists=True, readable=True, show_default=False,
        help="Files or folders of saved .html / .html.gz pages [default: data/raw].")] = None,
    out: Annotated[Path, typer.Option("--out", "-o", file_okay=False,
                                      help="Folder for the parquet tables.")] = Path("data/processed"),
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
) -> None:
    """Clean every page, extract exercises, and write posts/comments/exercises/errors parquet.

    Inputs are files or folders of .html / .html.gz pages and .warc / .warc.gz archives.
    A rerun into the same --out reuses the shards whose inputs have not changed.
    """
    from .run import run  # spaCy loads only for commands that need it

    try:
        summary = run(paths or [Path("data/raw")], out,
                      RunOptions(progress=progress and sys.stderr.isatty(), jobs=jobs, engine=engine,
                                 address=address, shard_size=shard_size, pseudonymize=pseudonymize,
                                 limits=PageLimits(max_bytes=max_page_bytes, max_seconds=max_page_seconds),
                                 copies=() if table_format is TableFormat.parquet else (table_format.value,)))
    except PipelineError as exc:
        raise _fail(exc) from exc
    except OSError as exc:  # a file system failure outside the tables' writer (a worker's part on a full disk...)
        typer.echo(f"blogrx: {exc.filename or out}: {os_reason(exc)}", err=True)
        raise typer.Exit(code=1) from exc
    typer.echo(summary.describe())


@app.command()
def scrape(
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
) -> None:
    """Fetch pages politely (robots.txt, per-host delay, retries) into OUT/<site>/, resumably."""
    from .scrape import FetchOptions, ScrapeOptions
    from .scrape import scrape as run_scrape

    if not (urls or url_file or sitemap or wordpress):
        typer.echo("blogrx: nothing to scrape: give URLs, --urls FILE, --sitemap URL or --wordpress SITE", err=True)
        raise typer.Exit(code=2)
    options = ScrapeOptions(
        out=out, refresh=refresh, progress=progress and sys.stderr.isatty(),
        fetch=FetchOptions(delay=delay, contact=contact, retries=retries, timeout=timeout, max_time=max_time,
                           max_wait=max_wait, max_page_bytes=max_page_bytes))
    try:
        summary = run_scrape(urls or [], url_files=url_file or [], sitemaps=sitemap or [],
                             wordpress=wordpress or [], options=options)
    except PipelineError as exc:
        raise _fail(exc) from exc
    typer.echo(summary.describe())
    for failure in summary.failures[:20]:
        typer.echo(f"  failed: {failure}")
    if summary.failed:
        typer.echo(f"details of every fetch: {out / 'manifest.jsonl'}")


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
