"""The one place that knows the order of the stages.

    paths --discover--> input files --plan_shards--> shards          (sources.py, shards.py)
    each shard --(a worker: engines.py)--> clean --> extract --> part tables in WORK/_shards/<key>/   (shards.py)
    parts, in plan order --merge--> posts / comments / exercises / errors            (shards.py)
    parts --run_themes--> themes / comment_themes                                     (themes.py)
    tables + datapackage.json + card --publish (one switch)--> OUT/*.parquet, OUT/README.md  (export.py, card.py)

What each step promises (shards made whole or not at all, and reused by the next run; a bad
page as an error row; a dead worker costing only its shard; one switch to publish) is said
where the step is written.  OUT receives only what is shared; the shard parts live in the
run's work folder (publish.work_folder), the pseudonym key beside OUT (privacy.key_path).

What a user running a long job wants to know is logged (``logging.getLogger(__name__)``, under
the ``pipeline`` logger, silent unless the application configures logging): the inputs found,
each shard done or reused, the error rows recorded, the tables published.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Iterable, Iterator, Sequence
from functools import partial
from pathlib import Path

from .card import CARD, dataset_card
from .engines import map_shards
from .export import TableWriter
from .jobs import Job, RunOptions, RunSummary, ShardResult
from .privacy import load_salt, move_old_salt
from .publish import output_lock, remove_leftovers, remove_old_work_files, work_folder
from .shards import PARTS_DIR, ThemeRows, merge, plan_shards, process_shard, prune, thaw
from .sources import discover
from .themes import preload, run_themes

__all__ = ["run", "RunOptions", "RunSummary"]

log = logging.getLogger(__name__)


def run(paths: Sequence[Path], out_dir: Path, options: RunOptions = RunOptions()) -> RunSummary:
    """Run every input through clean -> extract and publish the tables in ``out_dir``.

    The run holds ``out_dir``'s lock throughout (a second run into it refuses at once), and
    publishes the tables, the data dictionary and the dataset card together, with one switch
    (publish.py): a reader sees the previous set or this one, whenever the run is killed.
    Its shard parts go into its work folder, ``options.work`` (by default beside ``out_dir``),
    which it locks too."""
    started = time.perf_counter()
    files = discover(paths)
    log.info("%s found in %s", _count(len(files), "input"), ", ".join(map(str, paths)))
    with output_lock(out_dir):
        work = work_folder(out_dir, options.work)
        with output_lock(work, option="--work"):
            remove_leftovers(out_dir)   # a killed run's generation never published, its temporary links
            remove_old_work_files(out_dir)  # an earlier blogrx's _shards/ inside OUT
            move_old_salt(out_dir)      # an earlier blogrx's salt inside OUT: out, kept as the key
            try:
                return _run_locked(paths, files, Path(out_dir), work, options, started)
            finally:
                thaw()                  # what the shards' models froze in this process, collected again


def _run_locked(paths: Sequence[Path], files: list[Path], out_dir: Path, work: Path, options: RunOptions,
                started: float) -> RunSummary:
    """The rest of ``run``, while it holds the locks of the output and work folders."""
    parts_dir = work / PARTS_DIR
    log.debug("the shard parts are kept in %s", parts_dir)
    job = Job(parts_dir=parts_dir.resolve(), batch_rows=options.batch_rows,
              salt=load_salt(out_dir) if options.pseudonymize else None,
              thread_themes=options.themes, limits=options.limits)
    shards = plan_shards(files, options.shard_size, job.settings)
    prune(parts_dir, {s.key for s in shards})  # leftovers of a killed run, parts of removed inputs
    parts_dir.mkdir(parents=True, exist_ok=True)
    preloading = options.themes and (options.engine == "dask" or options.jobs > 1)
    reused = 0
    for done, result in enumerate(_progress(map_shards(partial(process_shard, job=job), shards, options),
                                            len(files), options), 1):
        reused += result.reused
        _log_shard(result, done, len(shards))
        if preloading:   # only now: every worker process exists, and a fork must never copy a thread mid-import
            threading.Thread(target=preload, name="blogrx-preload", daemon=True).start()
            preloading = False
    with TableWriter(out_dir, batch_rows=options.batch_rows, sources=[str(p) for p in paths],
                     copies=options.copies) as writer:
        log.info("merging the parts of %s into the tables", _count(len(shards), "shard"))
        parts = merge(shards, parts_dir, writer, options.batch_rows)
        if options.themes:
            log.info("fitting the corpus themes")
            run_themes(parts, ThemeRows(writer))
        counts = writer.finish()
        summary = RunSummary(out_dir=out_dir, inputs=len(files), counts=counts,
                             seconds=time.perf_counter() - started, shards=len(shards), reused_shards=reused)
        writer.add_file(CARD, dataset_card(counts, files=len(files), inputs=[str(p) for p in paths],
                                           seconds=summary.seconds, pseudonymized=options.pseudonymize))
        writer.commit()     # one switch: the tables, datapackage.json and the card together
    log.info("published in %s: %s, datapackage.json, %s%s", out_dir,
             ", ".join(f"{table} ({_count(rows, 'row')})" for table, rows in counts.items()), CARD,
             f"; each table also as {' and '.join(options.copies)}" if options.copies else "")
    if counts.get("errors"):
        log.info("%s recorded in %s", _count(counts["errors"], "error row"), out_dir / "errors.parquet")
    return summary


def _log_shard(result: ShardResult, done: int, total: int) -> None:
    """One line per shard: what a long run has done so far."""
    what = ("reused (its inputs are unchanged since the last run)" if result.reused else
            f"done: {_count(result.counts.get('posts', 0), 'post')}, "
            f"{_count(result.counts.get('errors', 0), 'error row')}")
    log.info("shard %d of %d (%s) %s", done, total, _count(result.inputs, "input"), what)


def _count(n: int, noun: str) -> str:
    return f"{n:,} {noun}{'' if n == 1 else 's'}"


def _progress(results: Iterable[ShardResult], total: int, options: RunOptions) -> Iterator[ShardResult]:
    if not options.progress:
        yield from results
        return
    from tqdm import tqdm
    from tqdm.contrib.logging import logging_redirect_tqdm

    # log lines (-v) are printed above the bar instead of through it
    with tqdm(total=total, unit="file", desc="extract", leave=False) as bar, \
            logging_redirect_tqdm(loggers=[logging.getLogger("pipeline")]):
        for result in results:
            bar.update(result.inputs)
            yield result
