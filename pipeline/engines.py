"""Where shards run: in this process, in local worker processes, or on a Dask cluster.

Every engine runs the same function over the same shards, and each shard writes its own
complete part folder (see run.py), so the tables a run merges from them are the same
whichever engine made them.  Results arrive in completion order; the merge restores the
plan order.

    map_shards(work, shards, options)
        jobs == 1, engine "local"  -> one after another, here
        jobs  > 1, engine "local"  -> a pool of `jobs` processes on this machine
        engine "dask"              -> the cluster at `address`, or a local cluster of `jobs` workers

With more than one worker, shards are handed out largest first.

A Dask cluster must see the input files and the output folder at the same paths as the
machine that starts the run (a shared file system); each worker process loads spaCy and
the lexicons once and keeps them for every shard it is given.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor, as_completed
from typing import TYPE_CHECKING, TypeVar

from .errors import EngineError

if TYPE_CHECKING:
    from .run import RunOptions, Shard

__all__ = ["map_shards"]

T = TypeVar("T")


def map_shards(work: Callable[[Shard], T], shards: Sequence[Shard], options: RunOptions) -> Iterator[T]:
    """Run ``work`` over every shard with the engine the options name; yield each result."""
    if options.jobs < 1:
        raise EngineError("--jobs", f"must be at least 1, got {options.jobs}")
    if options.engine == "dask":
        yield from _dask(work, _largest_first(shards), options)
    elif options.engine != "local":
        raise EngineError("--engine", f"unknown engine {options.engine!r}; use 'local' or 'dask'")
    elif options.jobs == 1 or len(shards) <= 1:
        for shard in shards:
            yield work(shard)
    else:
        with ProcessPoolExecutor(max_workers=min(options.jobs, len(shards)), initializer=_one_thread_each) as pool:
            futures = [pool.submit(work, shard) for shard in _largest_first(shards)]
            for future in as_completed(futures):
                yield future.result()


def _one_thread_each() -> None:
    """A local worker's numerical libraries (OpenBLAS, OpenMP under NumPy and scikit-learn) use
    one thread: with one worker per core, a theme fit that takes every core oversubscribes the
    machine.  (Dask's nanny does the same for its workers through OMP_NUM_THREADS and the like.)"""
    from threadpoolctl import threadpool_limits

    global _LIMITS
    _LIMITS = threadpool_limits(limits=1)


_LIMITS = None      # kept for the worker's lifetime: the limits hold while the object lives


def _largest_first(shards: Sequence[Shard]) -> list[Shard]:
    """Shards by their bytes on disk, largest first, so that workers do not end on a long one
    while the others wait (results are merged in plan order whatever order they finish in)."""
    def size(shard: Shard) -> int:
        total = 0
        for path in shard.inputs:
            try:
                total += os.stat(path).st_size
            except OSError:
                pass        # a file gone since planning: the shard reports it when it runs
        return total

    return sorted(shards, key=size, reverse=True)


def _dask(work: Callable[[Shard], T], shards: Sequence[Shard], options: RunOptions) -> Iterator[T]:
    try:
        import dask
        from distributed import Client, LocalCluster, as_completed as dask_completed
    except ImportError as exc:
        raise EngineError("--engine dask", "Dask is not installed: pip install 'blogrx[dask]'") from exc
    with dask.config.set(WORKER_CONFIG):
        yield from _on_cluster(work, shards, options, Client, LocalCluster, dask_completed)


# Dask's workers sample every task's Python stack 100 times a second for their profiler; on
# shards that are pure Python for minutes that costs a worker a good part of a core.  And the
# nanny starts each worker with MALLOC_TRIM_THRESHOLD_ set, which also turns off glibc's sliding
# mmap threshold: every buffer over 128 KiB (a page's bytes, its text, the parser's buffers) is
# then mapped and unmapped page by page.  On a local cluster of 1 worker, 600 generated pages,
# seven runs in turn: system time lower in all seven (by 0.2-1.0 s), best wall time 18.2 -> 16.1 s.
# (A cluster at --address keeps its own settings: these reach only the workers a run starts.)
WORKER_CONFIG = {"distributed.worker.profile.enabled": False,
                 "distributed.nanny.pre-spawn-environ.MALLOC_TRIM_THRESHOLD_": None}


def _on_cluster(work, shards, options, Client, LocalCluster, dask_completed):  # noqa: N803 - classes passed in
    cluster = None
    try:
        if options.address:
            client = Client(options.address, timeout="30s")
        else:
            cluster = LocalCluster(n_workers=options.jobs, threads_per_worker=1, processes=True,
                                   host="127.0.0.1", dashboard_address=None)
            client = Client(cluster)
    except (OSError, TimeoutError) as exc:
        if cluster is not None:
            cluster.close()
        raise EngineError(options.address or "local Dask cluster", f"cannot connect ({exc})") from exc
    try:
        futures = client.map(work, list(shards), key=[f"blogrx-shard-{s.key}" for s in shards], pure=False)
        for future in dask_completed(futures):
            yield future.result()
    finally:
        client.close()
        if cluster is not None:
            cluster.close()
