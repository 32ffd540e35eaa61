"""Shards: planning them, the worker that processes one, and merging their parts into the tables.

    input files --plan_shards--> shards, each keyed by the code, the job's settings, its files' names and bytes
    shard --process_shard (a worker)--> iter_pages --> clean --> extract --> part tables in WORK/_shards/<key>/
    parts, in plan order --merge--> posts / comments / exercises / errors (and the themes, themes.run_themes)

A worker writes a shard's part tables into a temporary folder and renames it into place when
it is complete, so a run killed at any moment leaves only whole shards; the next run over the
same inputs reuses every complete shard whose key is unchanged and does the rest, so each page
is processed exactly once.  The merge reads the parts one row group at a time: memory stays
flat however many pages a run has.

One bad input never stops a run: whatever a stage raises for one page becomes a row in the
errors table, naming the file and the reason, and the run goes on.  So does a page over a
limit (limits.py): its bytes are read only up to ``--max-page-bytes``, and its cleaning and
extraction stop after ``--max-page-seconds``.  A shard whose worker process died twice
(engines.py) is recorded as an error row per input, and retried by the next run.
"""

from __future__ import annotations

import gc
import hashlib
import json
import os
import shutil
import uuid
from collections.abc import Iterable, Iterator, Sequence
from functools import lru_cache
from pathlib import Path

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from . import __version__
from .clean import clean
from .errors import PipelineError, SourceError
from .conditions import exercise_condition, post_conditions
from .export import (SHARD_TABLES, TableWriter, comment_rows, comment_theme_row, error_row, exercise_row, post_row,
                     reading_row, theme_row)
from .extract import Extractor, extract, load_extractor
from .lexicon import variants
from .files import write_atomically
from .jobs import DEFAULT_SHARD_SIZE, Job, PageResult, Shard, ShardResult
from .limits import PageLimits, PageTimeout, page_deadline
from .privacy import pseudonymize_post
from .records import CleanPost, ErrorRecord, RawPage, Theme, ThemeAssignment
from .sources import file_digest, is_warc_file, iter_pages
from .themes import FactFinder, ThemeInput, comment_facts, thread_themes

__all__ = ["PARTS_DIR", "plan_shards", "process_shard", "process_page", "process_input", "process_file",
           "fact_finder", "merge", "prune", "thaw", "ThemeRows"]

PART_TABLES = ("posts", "comments", "exercises", "errors")   # merged as they are; the themes by themes.run_themes
PARTS_DIR = "_shards"      # inside the run's work folder (publish.work_folder): one complete sub-folder per shard
DONE = "_SUCCESS.json"     # written last inside a shard's folder, before it is renamed into place
MAX_SHARD_FACTOR = 3       # a run of files without a boundary is cut at this many times the shard size


# -- one page ------------------------------------------------------------------------------------

def _failure(path: str, stage: str, exc: BaseException) -> ErrorRecord:
    if isinstance(exc, PipelineError):
        return ErrorRecord(source_path=path, stage=exc.stage, severity="error", error=str(exc))
    # A bug of ours met an input it did not expect: still one row, with what happened.
    detail = str(exc).splitlines()[0] if str(exc) else ""
    return ErrorRecord(source_path=path, stage=stage, severity="error",
                       error=f"{path}: unexpected {type(exc).__name__} in {stage}" + (f": {detail}" if detail else ""))


def _timed_out(path: str, stage: str, limits: PageLimits) -> ErrorRecord:
    return ErrorRecord(source_path=path, stage=stage, severity="error",
                       error=f"{path}: took longer than the --max-page-seconds limit of {limits.max_seconds:g} s; "
                             f"stopped in {stage}")


def process_page(page: RawPage, extractor: Extractor, finder: FactFinder | None = None,
                 salt: str | None = None, limits: PageLimits = PageLimits()) -> PageResult:
    """Clean and extract one page (and, given a finder, its comments' facts); never raises for a bad page.

    A page still at work after ``limits.max_seconds`` is stopped there: an error row names the
    limit (with the post, when cleaning was done, as an extraction failure keeps it)."""
    name = page.source_path
    stage, post = "clean", None
    try:
        with page_deadline(limits.max_seconds):
            try:
                post = clean(page)
                if salt is not None:
                    post = pseudonymize_post(post, salt)
            except Exception as exc:  # noqa: BLE001 - every failure becomes a row, the run goes on
                return PageResult(None, (), (_failure(name, "clean", exc),))
            stage = "extract"
            try:
                exercises = tuple(extract(post, extractor))
                facts = comment_facts(post, exercises, finder) if finder is not None else ()
            except Exception as exc:  # noqa: BLE001
                return PageResult(post, (), _warnings(name, post) + (_failure(name, "extract", exc),))
    except PageTimeout:
        if stage == "clean":
            return PageResult(None, (), (_timed_out(name, stage, limits),))
        return PageResult(post, (), _warnings(name, post) + (_timed_out(name, stage, limits),))
    return PageResult(post, exercises, _warnings(name, post), facts)


def _warnings(name: str, post: CleanPost) -> tuple[ErrorRecord, ...]:
    return tuple(ErrorRecord(source_path=name, stage="clean", severity="warning", error=f"{name}: {w}")
                 for w in post.warnings)


def process_input(path: Path, extractor: Extractor, finder: FactFinder | None = None,
                  salt: str | None = None, limits: PageLimits = PageLimits()) -> Iterator[PageResult]:
    """Every page of one input file (one for a saved page, many for a WARC archive), never raising."""
    try:
        for page in iter_pages(path, limits.max_bytes):
            if isinstance(page, SourceError):       # one record of an archive over the size limit
                yield PageResult(None, (), (_failure(page.path, "read", page),))
            else:
                yield process_page(page, extractor, finder, salt, limits)
    except Exception as exc:  # noqa: BLE001 - an unreadable input, or an archive broken part-way
        yield PageResult(None, (), (_failure(str(path), "read", exc),))


def process_file(path: Path, extractor: Extractor, limits: PageLimits = PageLimits()) -> PageResult:
    """Read, clean and extract one saved page file; never raises for a bad input."""
    return next(process_input(path, extractor, limits=limits))


def fact_finder(extractor: Extractor) -> FactFinder:
    """The comments' facts finder, given the extractor's muscles and equipment (each name, then
    its aliases) and the forms the lexicon matches an alias in."""
    lexicon = extractor.lexicon
    names = {kind: {e.name: (e.name, *e.aliases) for e in entries.values()}
             for kind, entries in (("muscles", lexicon.muscles), ("equipment", lexicon.equipment))}
    return FactFinder(names, variants)


# -- shards --------------------------------------------------------------------------------------

@lru_cache(maxsize=1)
def code_fingerprint() -> str:
    """Hash of blogrx's version, code and data files: a shard made by other code is not reused."""
    digest = hashlib.sha256(__version__.encode())
    package = Path(__file__).resolve().parent
    for path in sorted(package.rglob("*")):
        if path.suffix in {".py", ".json", ".jsonl", ".csv"} and "__pycache__" not in path.parts:
            digest.update(str(path.relative_to(package)).encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()


def _cuts_after(path: Path, shard_size: int) -> bool:
    """Content-defined boundary: decided by the file's own name, so adding or removing a file
    changes only the shard it falls in, and every other shard keeps its key."""
    return int(hashlib.sha256(str(path).encode()).hexdigest()[:8], 16) % shard_size == 0


def plan_shards(files: Sequence[Path], shard_size: int = DEFAULT_SHARD_SIZE, settings: str = "") -> list[Shard]:
    """Group input files (in the given order) into shards keyed by code, settings, names and bytes."""
    if shard_size < 1:
        raise ValueError("shard_size must be at least 1")
    shards: list[Shard] = []
    group: list[tuple[Path, str]] = []

    def close() -> None:
        if group:
            digest = hashlib.sha256(f"{code_fingerprint()}\0{settings}".encode())
            for path, content in group:
                digest.update(f"\0{path}\0{content}".encode())
            shards.append(Shard(digest.hexdigest()[:24], tuple(str(p) for p, _ in group)))
            group.clear()

    for path in files:
        try:
            content = file_digest(path)
        except SourceError:
            content = "unreadable"          # the worker will say why, in an error row
        if is_warc_file(path):
            close()
            group.append((path, content))
            close()
            continue
        group.append((path, content))
        if _cuts_after(path, shard_size) or len(group) >= MAX_SHARD_FACTOR * shard_size:
            close()
    close()
    return shards


@lru_cache(maxsize=1)
def _worker_extractor() -> Extractor:
    """spaCy and the lexicons, loaded once per worker process."""
    return load_extractor()


@lru_cache(maxsize=1)
def _worker_finder() -> FactFinder:
    return fact_finder(_worker_extractor())


_frozen = False     # whether _worker_models froze this process's objects (thaw gives them back)


@lru_cache(maxsize=1)
def _worker_models() -> tuple[Extractor, FactFinder]:
    """The extractor and the facts finder, loaded once per worker process; then what the process
    holds so far (modules, spaCy, the lexicons, their compiled patterns) is moved out of the
    garbage collector's sight (``gc.freeze``), so that each full collection over a long run
    walks only what the pages make, not those hundreds of thousands of objects again.  A
    process whose program froze objects of its own is left as it is; :func:`thaw` undoes ours."""
    global _frozen
    models = _worker_extractor(), _worker_finder()
    if gc.get_freeze_count() == 0:
        gc.freeze()
        _frozen = True
    return models


def thaw() -> None:
    """Give the garbage collector back what :func:`_worker_models` froze: a program that runs
    blogrx in its own process (``pipeline.run``) collects its objects afterwards as before.  (A
    worker process need not: it exits with them.)"""
    global _frozen
    if _frozen:
        gc.unfreeze()
        _frozen = False


def _shard_counts(folder: Path) -> dict | None:
    try:
        return json.loads((folder / DONE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def process_shard(shard: Shard, job: Job) -> ShardResult:
    """Process one shard into ``job.parts_dir/<key>/``, or reuse it when an earlier run completed it.

    With ``job.thread_themes``, each post's thread is read for the themes here too, in the
    worker (themes.thread_themes): every comment's reading (small talk or not, its terms) into
    a readings part, so that the corpus themes, fitted after the merge, do not read every
    comment again, and the themes of each thread of at least MIN_POST_COMMENTS comments into
    the shard's themes and comment_themes parts (the run keeps those of the posts its merge keeps).

    A shard the engine could not process (``shard.lost``) gets a part of its own too: an error
    row per input, saying why.  That part is complete for this run's merge but is never reused:
    the next run processes the shard again."""
    target = Path(job.parts_dir) / shard.key
    done = _shard_counts(target)
    if done is not None and not done.get("lost"):
        return ShardResult(shard.key, len(shard.inputs), done["counts"], reused=True)
    tmp = Path(job.parts_dir) / f".tmp-{shard.key}-{os.getpid()}-{uuid.uuid4().hex[:8]}"
    try:
        with TableWriter(tmp, batch_rows=job.batch_rows, tables=SHARD_TABLES, direct=True, dictionary=False) as writer:
            if shard.lost is not None:
                writer.add("errors", (error_row(_lost(name, shard.lost)) for name in shard.inputs))
            else:
                extractor, finder = _worker_models()
                seen: dict[str, str] = {}
                for name in shard.inputs:
                    for result in process_input(Path(name), extractor, finder, job.salt, job.limits):
                        _write_result(writer, result, seen, job.thread_themes)
        counts = dict(writer.counts)
        write_atomically(tmp / DONE, json.dumps({"inputs": list(shard.inputs), "counts": counts,
                                                 **({"lost": shard.lost} if shard.lost else {})}).encode())
        _publish(tmp, target)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    return ShardResult(shard.key, len(shard.inputs), counts, reused=False)


def _publish(tmp: Path, target: Path) -> None:
    """Rename a complete part into place.  A complete part already there (another worker
    finished the same shard first) is kept; a lost shard's part gives way to a processed one."""
    previous = _shard_counts(target)
    if previous is not None and not previous.get("lost"):
        shutil.rmtree(tmp, ignore_errors=True)
        return
    if target.exists():     # set aside under a .tmp- name: a run killed here has it pruned
        aside = tmp.with_name(f"{tmp.name}-old")
        os.replace(target, aside)
        os.replace(tmp, target)
        shutil.rmtree(aside, ignore_errors=True)
    else:
        os.replace(tmp, target)


def _lost(path: str, reason: str) -> ErrorRecord:
    return ErrorRecord(source_path=path, stage="engine", severity="error",
                       error=f"{path}: not read: {reason}")


def _write_result(writer: TableWriter, result: PageResult, seen: dict[str, str], with_themes: bool = False) -> None:
    post = result.post
    if post is not None and post.post_id in seen:
        writer.add("errors", [error_row(_duplicate(post.source_path, seen[post.post_id]))])
        return
    if post is not None:
        seen[post.post_id] = post.source_path
        found = post_conditions(post)
        writer.add("posts", [post_row(post, found.names, found.evidence)])
        writer.add("comments", comment_rows(post, result.facts))
        writer.add("exercises", (exercise_row(e, exercise_condition(post, found, e)) for e in result.exercises))
        if with_themes:
            thread_themes(post, ThemeRows(writer))
    writer.add("errors", (error_row(e) for e in result.errors))



class ThemeRows:
    """The themes' output (themes.ThemeSink) as rows of a TableWriter's tables."""

    def __init__(self, writer: TableWriter) -> None:
        self.writer = writer

    def readings(self, items: Iterable[ThemeInput]) -> None:
        self.writer.add("readings", (reading_row(i.comment_id, i.reading.small_talk, i.reading.terms) for i in items))

    def themes(self, themes: Iterable[Theme]) -> None:
        self.writer.add("themes", (theme_row(t) for t in themes))

    def assignments(self, assignments: Iterable[ThemeAssignment]) -> None:
        self.writer.add("comment_themes", (comment_theme_row(a) for a in assignments))

    def copy(self, table: str, batch: pa.RecordBatch) -> None:
        self.writer.add_arrow(table, batch)


def _duplicate(path: str, first: str) -> ErrorRecord:
    return ErrorRecord(source_path=path, stage="read", severity="warning",
                       error=f"{path}: same content as {first}; skipped as a duplicate")


# -- merge -------------------------------------------------------------------------------------

def merge(shards: Sequence[Shard], parts_dir: Path, writer: TableWriter,
          batch_rows: int) -> list[tuple[Path, set[str]]]:
    """Append every shard's parts in plan order, dropping posts already seen in an earlier shard;
    returns each shard's part folder, in plan order, with the post_ids dropped from it."""
    seen: dict[str, str] = {}
    kept: list[tuple[Path, set[str]]] = []
    for shard in shards:
        part = parts_dir / shard.key
        posts = pq.read_table(part / "posts.parquet", columns=["post_id", "source_path"]).to_pydict()
        dropped_ids: list[str] = []
        dropped_paths: list[str] = []
        warnings: list[dict] = []
        for post_id, path in zip(posts["post_id"], posts["source_path"]):
            if post_id in seen:
                dropped_ids.append(post_id)
                dropped_paths.append(path)
                warnings.append(error_row(_duplicate(path, seen[post_id])))
            else:
                seen[post_id] = path
        for table in PART_TABLES:
            key, dropped = ("source_path", dropped_paths) if table == "errors" else ("post_id", dropped_ids)
            for batch in pq.ParquetFile(part / f"{table}.parquet").iter_batches(batch_size=batch_rows):
                if dropped:
                    batch = batch.filter(pc.invert(pc.is_in(batch.column(key), pa.array(dropped))))
                writer.add_arrow(table, batch)
        writer.add("errors", warnings)
        kept.append((part, set(dropped_ids)))
    return kept


def prune(parts_dir: Path, keep: set[str]) -> None:
    """Remove parts no longer in the plan (inputs changed or gone) and leftovers of killed runs."""
    if not parts_dir.is_dir():
        return
    for child in parts_dir.iterdir():
        if child.name not in keep:
            shutil.rmtree(child, ignore_errors=True) if child.is_dir() else child.unlink(missing_ok=True)
