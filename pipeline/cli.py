"""Command line: a thin typer layer over the library.

Each command parses its arguments, calls the library function of the same name and
turns a :class:`PipelineError` into a one-line message and exit status 1.
"""

from __future__ import annotations

import json
import sys
from dataclasses import asdict
from pathlib import Path
from typing import Annotated

import typer

from . import __version__
from .errors import PipelineError

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
    shard_size: Annotated[int, typer.Option(min=1, help="Input files per shard, on average.")] = 64,
) -> None:
    """Clean every page, extract exercises, and write posts/comments/exercises/errors parquet.

    Inputs are files or folders of .html / .html.gz pages and .warc / .warc.gz archives.
    A rerun into the same --out reuses the shards whose inputs have not changed.
    """
    from .run import RunOptions, run  # spaCy loads only for commands that need it

    try:
        summary = run(paths or [Path("data/raw")], out,
                      RunOptions(progress=progress and sys.stderr.isatty(), jobs=jobs, engine=engine,
                                 address=address, shard_size=shard_size))
    except PipelineError as exc:
        raise _fail(exc) from exc
    typer.echo(summary.describe())


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
