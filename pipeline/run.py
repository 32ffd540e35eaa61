"""The one place that knows the order of the stages.

    paths --discover--> input files --plan_shards--> shards
    shard --(a worker: engines.py)--> iter_pages --> clean --> extract --> part tables in _shards/<key>/
    parts, in plan order --merge--> posts / comments / exercises / errors.parquet
    tables + datapackage.json + card --publish (one switch, publish.py)--> OUT/*.parquet, OUT/README.md

A shard is a group of input files whose key hashes the code, the files' names and their
bytes.  A worker writes a shard's part tables into a temporary folder and renames it
into place when it is complete, so a run killed at any moment leaves only whole shards;
the next run over the same inputs reuses every complete shard whose key is unchanged
and does the rest, so each page is processed exactly once.  The merge reads the parts
one row group at a time: memory stays flat however many pages a run has.

One bad input never stops a run: whatever a stage raises for one page becomes a row
in the errors table, naming the file and the reason, and the run goes on.  So does a page
over a limit (limits.py): its bytes are read only up to ``--max-page-bytes``, and its
cleaning and extraction stop after ``--max-page-seconds``.  A shard whose worker process
died twice (engines.py) is recorded as an error row per input, and retried by the next run.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import sys
import threading
import time
import uuid
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from functools import lru_cache, partial
from pathlib import Path

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from . import __version__
from .clean import clean
from .errors import PipelineError, SourceError
from .card import CARD, dataset_card
from .files import write_atomically
from .export import (SHARD_TABLES, TableWriter, comment_rows, comment_theme_row, error_row, exercise_row, post_row,
                     theme_row)
from .extract import Extractor, extract, load_extractor
from .limits import PageLimits, PageTimeout, page_deadline
from .privacy import load_salt, pseudonymize_post
from .publish import output_lock, remove_leftovers
from .records import CleanPost, CommentFacts, ErrorRecord, ExerciseRecord, RawPage
from .themes import (MAX_FIT, MIN_POST_COMMENTS, FactFinder, Reading, ThemeInput, ThemeModel, ThemeTally,
                     comment_facts, fit_themes, load_vocabulary, preload)
from .sources import discover, file_digest, is_warc_file, iter_pages

__all__ = ["RunOptions", "RunSummary", "PageResult", "Shard", "plan_shards", "process_shard",
           "process_page", "process_input", "process_file", "run"]

PART_TABLES = ("posts", "comments", "exercises", "errors")   # merged as they are; threads' themes by _themes
POST_ID_LENGTH = 16           # post_id_of: the first 16 hex digits of the page's sha256
PARTS_DIR = "_shards"      # inside the output folder: one complete sub-folder per shard
DONE = "_SUCCESS.json"     # written last inside a shard's folder, before it is renamed into place
DEFAULT_SHARD_SIZE = 32    # small enough that two workers finish together, large enough to keep parts few
MAX_SHARD_FACTOR = 3       # a run of files without a boundary is cut at this many times the shard size
ASSIGN_BATCH = 2000        # comments given their corpus theme together, in input order (whatever the shards)


@dataclass(frozen=True, slots=True)
class RunOptions:
    """How a run behaves; the CLI builds one from its flags."""

    progress: bool = False          # show a progress bar
    batch_rows: int = 2000          # rows buffered per table before a row group is written
    jobs: int = 1                   # worker processes (local) or workers of a local Dask cluster
    engine: str = "local"           # "local": this machine's processes; "dask": a Dask cluster
    address: str | None = None      # Dask scheduler address; None starts a local cluster of `jobs` workers
    shard_size: int = DEFAULT_SHARD_SIZE  # input files per shard, on average (a WARC archive is a shard alone)
    pseudonymize: bool = False      # commenters' names -> salted hashes in every table (privacy.py)
    themes: bool = True             # fit comment-thread themes (themes.py)
    limits: PageLimits = PageLimits()  # what one page may cost: its bytes and seconds (limits.py)


@dataclass(frozen=True, slots=True)
class PageResult:
    """What one page gave: a post and its exercises, and/or error rows."""

    post: CleanPost | None
    exercises: tuple[ExerciseRecord, ...]
    errors: tuple[ErrorRecord, ...]
    facts: tuple[CommentFacts, ...] = ()


@dataclass(frozen=True, slots=True)
class Shard:
    """Input files processed together; ``key`` changes when the code or any file's bytes change.
    ``lost`` says why the shard could not be processed (its worker process died twice): the
    engine hands such a shard back, and ``process_shard`` records its inputs as error rows."""

    key: str
    inputs: tuple[str, ...]
    lost: str | None = None


@dataclass(frozen=True, slots=True)
class ShardResult:
    key: str
    inputs: int
    counts: dict[str, int]
    reused: bool                    # complete from an earlier run: nothing was processed


@dataclass(frozen=True, slots=True)
class RunSummary:
    out_dir: Path
    inputs: int
    counts: dict[str, int] = field(default_factory=dict)
    seconds: float = 0.0
    shards: int = 0
    reused_shards: int = 0

    def describe(self) -> str:
        c = self.counts
        reused = (f"; {self.reused_shards} of {self.shards} shards unchanged since the last run"
                  if self.reused_shards else "")
        return (f"{self.inputs} inputs -> {c.get('posts', 0)} posts, {c.get('comments', 0)} comments, "
                f"{c.get('exercises', 0)} exercises, {c.get('errors', 0)} error rows "
                f"in {self.seconds:.1f} s{reused}; tables in {self.out_dir}")


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
    return FactFinder(_worker_extractor())


def _shard_counts(folder: Path) -> dict | None:
    try:
        return json.loads((folder / DONE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def process_shard(shard: Shard, parts_dir: Path, batch_rows: int = 2000, salt: str | None = None,
                  thread_themes: bool = True, limits: PageLimits = PageLimits()) -> ShardResult:
    """Process one shard into ``parts_dir/<key>/``, or reuse it when an earlier run completed it.

    With ``thread_themes``, the themes of each of the shard's threads of at least
    MIN_POST_COMMENTS comments are fitted here too, in the worker, into the shard's themes and
    comment_themes parts; the run keeps those of the posts its merge keeps (see ``_themes``).
    Every comment's reading for the themes (small talk or not, its terms) goes into a readings
    part, so that the corpus themes, fitted after the merge, do not read every comment again.

    A shard the engine could not process (``shard.lost``) gets a part of its own too: an error
    row per input, saying why.  That part is complete for this run's merge but is never reused:
    the next run processes the shard again."""
    target = Path(parts_dir) / shard.key
    done = _shard_counts(target)
    if done is not None and not done.get("lost"):
        return ShardResult(shard.key, len(shard.inputs), done["counts"], reused=True)
    tmp = Path(parts_dir) / f".tmp-{shard.key}-{os.getpid()}-{uuid.uuid4().hex[:8]}"
    try:
        with TableWriter(tmp, batch_rows=batch_rows, tables=SHARD_TABLES, direct=True) as writer:
            if shard.lost is not None:
                writer.add("errors", (error_row(_lost(name, shard.lost)) for name in shard.inputs))
            else:
                extractor, finder = _worker_extractor(), _worker_finder()
                seen: dict[str, str] = {}
                for name in shard.inputs:
                    for result in process_input(Path(name), extractor, finder, salt, limits):
                        _write_result(writer, result, seen, thread_themes)
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


def _write_result(writer: TableWriter, result: PageResult, seen: dict[str, str], thread_themes: bool = False) -> None:
    post = result.post
    if post is not None and post.post_id in seen:
        writer.add("errors", [error_row(_duplicate(post.source_path, seen[post.post_id]))])
        return
    if post is not None:
        seen[post.post_id] = post.source_path
        writer.add("posts", [post_row(post)])
        writer.add("comments", comment_rows(post, result.facts))
        writer.add("exercises", (exercise_row(e) for e in result.exercises))
        if thread_themes:
            vocabulary = load_vocabulary()
            thread = [ThemeInput(c.comment_id, post.post_id, text, vocabulary.read(text))
                      for c in post.comments if c.kind == "comment" for text in [c.text or ""]]
            writer.add("readings", ({"comment_id": i.comment_id, "small_talk": i.reading.small_talk,
                                     "terms": list(i.reading.terms)} for i in thread))
            if len(thread) >= MIN_POST_COMMENTS:
                themes, assignments = fit_themes(thread, "post", post.post_id)
                writer.add("themes", (theme_row(t) for t in themes))
                writer.add("comment_themes", (comment_theme_row(a) for a in assignments))
    writer.add("errors", (error_row(e) for e in result.errors))


def _duplicate(path: str, first: str) -> ErrorRecord:
    return ErrorRecord(source_path=path, stage="read", severity="warning",
                       error=f"{path}: same content as {first}; skipped as a duplicate")


# -- merge -------------------------------------------------------------------------------------

def _merge(shards: Sequence[Shard], parts_dir: Path, writer: TableWriter, batch_rows: int) -> dict[str, set[str]]:
    """Append every shard's parts in plan order, dropping posts already seen in an earlier shard;
    returns, per shard key, the post_ids dropped from it."""
    seen: dict[str, str] = {}
    dropped_by_shard: dict[str, set[str]] = {}
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
        dropped_by_shard[shard.key] = set(dropped_ids)
    return dropped_by_shard


def _prune(parts_dir: Path, keep: set[str]) -> None:
    """Remove parts no longer in the plan (inputs changed or gone) and leftovers of killed runs."""
    if not parts_dir.is_dir():
        return
    for child in parts_dir.iterdir():
        if child.name not in keep:
            shutil.rmtree(child, ignore_errors=True) if child.is_dir() else child.unlink(missing_ok=True)


def run(paths: Sequence[Path], out_dir: Path, options: RunOptions = RunOptions()) -> RunSummary:
    """Run every input through clean -> extract and publish the tables in ``out_dir``.

    The run holds ``out_dir``'s lock throughout (a second run into it refuses at once), and
    publishes the tables, the data dictionary and the dataset card together, with one switch
    (publish.py): a reader sees the previous set or this one, whenever the run is killed."""
    started = time.perf_counter()
    files = discover(paths)
    with output_lock(out_dir):
        remove_leftovers(out_dir)   # a killed run's generation never published, its temporary links
        return _run_locked(paths, files, Path(out_dir), options, started)


def _run_locked(paths: Sequence[Path], files: list[Path], out_dir: Path, options: RunOptions,
                started: float) -> RunSummary:
    """The rest of ``run``, while it holds the output folder's lock."""
    from .engines import map_shards

    salt = load_salt(out_dir) if options.pseudonymize else None
    settings = f"pseudonymize={hashlib.sha256(salt.encode()).hexdigest()}" if salt else ""
    settings += "" if options.themes else "\0no-themes"     # a shard fits its threads' themes only with themes
    settings += f"\0limits={options.limits.max_bytes},{options.limits.max_seconds:g}"  # what they let through
    shards = plan_shards(files, options.shard_size, settings)
    parts_dir = out_dir / PARTS_DIR
    _prune(parts_dir, {s.key for s in shards})  # leftovers of a killed run, parts of removed inputs
    parts_dir.mkdir(parents=True, exist_ok=True)
    work = partial(process_shard, parts_dir=parts_dir.resolve(), batch_rows=options.batch_rows, salt=salt,
                   thread_themes=options.themes, limits=options.limits)
    preloading = options.themes and (options.engine == "dask" or options.jobs > 1)
    reused = 0
    for result in _progress(map_shards(work, shards, options), len(files), options):
        reused += result.reused
        if preloading:   # only now: every worker process exists, and a fork must never copy a thread mid-import
            threading.Thread(target=preload, name="blogrx-preload", daemon=True).start()
            preloading = False
    with TableWriter(out_dir, batch_rows=options.batch_rows) as writer:
        dropped = _merge(shards, parts_dir, writer, options.batch_rows)
        if options.themes:
            _themes(shards, parts_dir, writer, dropped)
        counts = writer.finish()
        summary = RunSummary(out_dir=out_dir, inputs=len(files), counts=counts,
                             seconds=time.perf_counter() - started, shards=len(shards), reused_shards=reused)
        writer.add_file(CARD, dataset_card(summary, [str(p) for p in paths], options))
        writer.commit()     # one switch: the tables, datapackage.json and the card together
    return summary


def _themes(shards: Sequence[Shard], parts_dir: Path, writer: TableWriter, dropped: dict[str, set[str]]) -> None:
    """Themes of every thread of at least MIN_POST_COMMENTS comments, and of all comments together.

    Each thread's own themes were fitted by the worker that processed its shard; they are
    copied here for the posts the merge kept.  Then the shard parts are streamed twice, one
    shard at a time: first for a fixed-size sample of comments; then the corpus themes, fitted
    on that sample, are given to every comment.  Memory stays bounded by one shard and the
    sample, however large the run."""
    for shard in shards:
        _copy_thread_themes(parts_dir / shard.key, writer, dropped.get(shard.key, set()))
    total = sum(pq.ParquetFile(parts_dir / s.key / "comments.parquet").metadata.num_rows for s in shards)
    rate = min(1.0, MAX_FIT / total) if total else 1.0
    sample: list[ThemeInput] = []
    for _, thread in _threads(shards, parts_dir, dropped):
        sample.extend(_shared_words(i) for i in thread if rate >= 1.0 or _sampled(i.comment_id, rate))
    model = ThemeModel.fit(sample, "corpus")
    tally = ThemeTally(model)

    def assign(batch: list[ThemeInput]) -> None:
        assignments = model.assign(batch)
        tally.add(assignments)
        writer.add("comment_themes", (comment_theme_row(a) for a in assignments))

    batch: list[ThemeInput] = []
    for _, thread in _threads(shards, parts_dir, dropped):
        batch.extend(thread)
        if len(batch) >= ASSIGN_BATCH:     # one NMF transform per batch, not per thread (far fewer calls)
            assign(batch)
            batch = []
    assign(batch)
    writer.add("themes", (theme_row(t) for t in tally.themes()))


def _copy_thread_themes(part: Path, writer: TableWriter, dropped: set[str]) -> None:
    """A shard's per-thread themes and their comment assignments, less those of dropped posts
    (a comment_id and a thread's theme_id both start with the post_id)."""
    for table, column in (("themes", "theme_id"), ("comment_themes", "comment_id")):
        for batch in pq.ParquetFile(part / f"{table}.parquet").iter_batches():
            if dropped:
                post_ids = pc.utf8_slice_codeunits(batch.column(column), 0, POST_ID_LENGTH)
                batch = batch.filter(pc.invert(pc.is_in(post_ids, pa.array(sorted(dropped)))))
            writer.add_arrow(table, batch)


def _threads(shards: Sequence[Shard], parts_dir: Path,
             dropped: dict[str, set[str]]) -> Iterator[tuple[str, list[ThemeInput]]]:
    """(post_id, its comments, pingbacks left out) for every post kept by the merge, one shard at a
    time, each comment with the reading its worker made of it."""
    for shard in shards:
        columns = ("comment_id", "post_id", "text", "kind")
        table = pq.read_table(parts_dir / shard.key / "comments.parquet", columns=list(columns))
        readings = _readings(parts_dir / shard.key)
        skip = dropped.get(shard.key, set())
        threads: dict[str, list[ThemeInput]] = {}
        for comment_id, post_id, text, kind in zip(*(table.column(n).to_pylist() for n in columns)):
            if post_id not in skip and kind == "comment":
                threads.setdefault(post_id, []).append(ThemeInput(comment_id, post_id, text or "",
                                                                  readings.get(comment_id)))
        yield from threads.items()


def _readings(part: Path) -> dict[str, Reading]:
    """A shard's readings by comment_id (a comment without one is read again by the model)."""
    table = pq.read_table(part / "readings.parquet")
    return {comment_id: Reading(small_talk, tuple(terms)) for comment_id, small_talk, terms
            in zip(*(table.column(n).to_pylist() for n in ("comment_id", "small_talk", "terms")))}


def _shared_words(item: ThemeInput) -> ThemeInput:
    """The item with one string object per distinct term: read back from parquet, every term
    of every comment is a string of its own, and the sample holds up to MAX_FIT comments
    (some 30 MB more at 3000 pages than the words the vocabulary hands out, which repeat)."""
    if item.reading is None:
        return item
    return replace(item, reading=Reading(item.reading.small_talk, tuple(map(sys.intern, item.reading.terms))))


def _sampled(comment_id: str, rate: float) -> bool:
    return int(hashlib.sha1(comment_id.encode()).hexdigest()[:8], 16) < rate * 0xFFFFFFFF


def _progress(results: Iterable[ShardResult], total: int, options: RunOptions) -> Iterator[ShardResult]:
    if not options.progress:
        yield from results
        return
    from tqdm import tqdm

    with tqdm(total=total, unit="file", desc="extract", leave=False) as bar:
        for result in results:
            bar.update(result.inputs)
            yield result
