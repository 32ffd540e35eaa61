"""The one place that knows the order of the stages.

    paths --discover--> files --read_page--> RawPage --clean--> CleanPost --extract--> ExerciseRecord
                                                                      \\------------------> export (parquet)

One bad input never stops a run: whatever a stage raises for one page becomes a row
in the errors table, naming the file and the reason, and the run goes on.
"""

from __future__ import annotations

import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from tqdm import tqdm

from .clean import clean
from .errors import PipelineError
from .export import TableWriter, comment_rows, error_row, exercise_row, post_row
from .extract import Extractor, extract, load_extractor
from .records import CleanPost, ErrorRecord, ExerciseRecord
from .sources import discover, read_page

__all__ = ["RunOptions", "RunSummary", "PageResult", "process_file", "run"]


@dataclass(frozen=True, slots=True)
class RunOptions:
    """How a run behaves; the CLI builds one from its flags."""

    progress: bool = False          # show a progress bar
    batch_rows: int = 2000          # rows buffered per table before a row group is written


@dataclass(frozen=True, slots=True)
class PageResult:
    """What one input file gave: a post and its exercises, and/or error rows."""

    post: CleanPost | None
    exercises: tuple[ExerciseRecord, ...]
    errors: tuple[ErrorRecord, ...]


@dataclass(frozen=True, slots=True)
class RunSummary:
    out_dir: Path
    inputs: int
    counts: dict[str, int] = field(default_factory=dict)
    seconds: float = 0.0

    def describe(self) -> str:
        c = self.counts
        return (f"{self.inputs} inputs -> {c.get('posts', 0)} posts, {c.get('comments', 0)} comments, "
                f"{c.get('exercises', 0)} exercises, {c.get('errors', 0)} error rows "
                f"in {self.seconds:.1f} s; tables in {self.out_dir}")


def _failure(path: str, stage: str, exc: BaseException) -> ErrorRecord:
    if isinstance(exc, PipelineError):
        return ErrorRecord(source_path=path, stage=exc.stage, severity="error", error=str(exc))
    # A bug of ours met an input it did not expect: still one row, with what happened.
    detail = str(exc).splitlines()[0] if str(exc) else ""
    return ErrorRecord(source_path=path, stage=stage, severity="error",
                       error=f"{path}: unexpected {type(exc).__name__} in {stage}" + (f": {detail}" if detail else ""))


def process_file(path: Path, extractor: Extractor) -> PageResult:
    """Read, clean and extract one input file; never raises for a bad input."""
    name = str(path)
    stage = "read"
    try:
        page = read_page(path)
        stage = "clean"
        post = clean(page)
    except Exception as exc:  # noqa: BLE001 - every failure becomes a row, the run goes on
        return PageResult(None, (), (_failure(name, stage, exc),))
    warnings = tuple(ErrorRecord(source_path=name, stage="clean", severity="warning", error=f"{name}: {w}")
                     for w in post.warnings)
    try:
        exercises = tuple(extract(post, extractor))
    except Exception as exc:  # noqa: BLE001
        return PageResult(post, (), warnings + (_failure(name, "extract", exc),))
    return PageResult(post, exercises, warnings)


def run(paths: Sequence[Path], out_dir: Path, options: RunOptions = RunOptions()) -> RunSummary:
    """Run every input through clean -> extract and write the tables to ``out_dir``."""
    started = time.perf_counter()
    files = discover(paths)
    extractor = load_extractor()
    seen: dict[str, str] = {}
    with TableWriter(out_dir, batch_rows=options.batch_rows) as writer:
        for path in _progress(files, options):
            result = process_file(path, extractor)
            post = result.post
            if post is not None and post.post_id in seen:
                writer.add("errors", [error_row(ErrorRecord(
                    source_path=str(path), stage="read", severity="warning",
                    error=f"{path}: same content as {seen[post.post_id]}; skipped as a duplicate"))])
                continue
            if post is not None:
                seen[post.post_id] = str(path)
                writer.add("posts", [post_row(post)])
                writer.add("comments", comment_rows(post))
                writer.add("exercises", (exercise_row(e) for e in result.exercises))
            writer.add("errors", (error_row(e) for e in result.errors))
        counts = writer.commit()
    return RunSummary(out_dir=Path(out_dir), inputs=len(files), counts=counts,
                      seconds=time.perf_counter() - started)


def _progress(files: Iterable[Path], options: RunOptions) -> Iterable[Path]:
    if not options.progress:
        return files
    return tqdm(files, unit="page", desc="extract", leave=False)
