"""Where shards run: in this process, in local worker processes, or on a Dask cluster.

Every engine runs the same function over the same shards, and each shard writes its own
complete part folder (see shards.py), so the tables a run merges from them are the same
whichever engine made them.  Results arrive in completion order; the merge restores the
plan order.

    map_shards(work, shards, options)
        jobs == 1, engine "local"  -> one after another, here
        jobs  > 1, engine "local"  -> a pool of `jobs` processes on this machine
        engine "dask"              -> the cluster at `address`, or a local cluster of `jobs` workers

With more than one worker, shards are handed out largest first.

Local workers are fed one shard at a time, so a worker process that dies (the out-of-memory
killer, a crash in a C library) takes only its own shard down: the shard is retried once in a
fresh worker, and if that one dies too, the shard is handed to ``work`` marked ``lost`` (with
how the worker died), in this process, so that its inputs become error rows and the run
completes.  A worker started after another died is spawned rather than forked when the run
has other threads by then (a fork copies the locks they hold).  Local workers die with the
run: on Linux the kernel kills them when their parent process dies (PR_SET_PDEATHSIG), and a
watchdog thread in each checks for it as well.  On a Dask cluster the scheduler retries a
shard whose workers die; one it gives up on (KilledWorker) is handed back ``lost`` likewise.

A Dask cluster must see the input files and the output folder at the same paths as the
machine that starts the run (a shared file system); each worker process loads spaCy and
the lexicons once and keeps them for every shard it is given.
"""

from __future__ import annotations

import ctypes
import multiprocessing
import os
import signal
import sys
import threading
import time
from collections import deque
from collections.abc import Callable, Iterator, Sequence
from dataclasses import replace
from multiprocessing.connection import Connection, wait
from typing import TYPE_CHECKING, Any, TypeVar

from .errors import EngineError, PipelineError

if TYPE_CHECKING:
    from .jobs import RunOptions, Shard

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
        yield from _local(work, _largest_first(shards), min(options.jobs, len(shards)))


ATTEMPTS = 2            # a shard whose worker dies is tried once more, in a fresh worker
WATCH_SECONDS = 1.0     # how often a worker's watchdog checks that the run is still alive
PR_SET_PDEATHSIG = 1    # linux/prctl.h


def _local(work: Callable[[Shard], T], shards: Sequence[Shard], jobs: int) -> Iterator[T]:
    """Run ``work`` over ``shards`` in ``jobs`` worker processes, one shard per worker at a
    time, so that a worker that dies is known to have died on its own shard."""
    queue: deque[Shard] = deque(shards)
    deaths: dict[str, int] = {}
    workers: list[_Worker] = []
    try:
        workers.extend(_Worker(multiprocessing.get_context()) for _ in range(jobs))
        while queue or any(w.shard for w in workers):
            for worker in workers:
                if worker.shard is None and queue:
                    worker.give(work, queue.popleft())
            results: list[T] = []
            for worker in _ready(workers):
                outcome = worker.receive()
                if isinstance(outcome, _Died):
                    workers.remove(worker)
                    deaths[outcome.shard.key] = deaths.get(outcome.shard.key, 0) + 1
                    if deaths[outcome.shard.key] < ATTEMPTS:
                        queue.appendleft(outcome.shard)
                    else:
                        results.append(work(replace(outcome.shard, lost=f"a worker process died {ATTEMPTS} times "
                                                                         f"on its shard ({outcome.how})")))
                    if queue:       # a fresh worker, which takes the retried shard first
                        workers.append(_Worker(_fresh_context()))
                        workers[-1].give(work, queue.popleft())
                elif outcome is not _NOTHING:
                    results.append(outcome)
            yield from results
    finally:
        for worker in workers:
            worker.stop()


def _fresh_context() -> Any:
    """How to start a worker in place of one that died: forked like the first ones while this
    process has no other thread, else spawned (a fork copies the locks other threads hold, and
    by then the run may have started one: an import held half-way would hang the worker)."""
    if threading.active_count() == 1:
        return multiprocessing.get_context()
    return multiprocessing.get_context("spawn")


def _ready(workers: list[_Worker]) -> list[_Worker]:
    """The busy workers with something to say: a result, an exception, or their death."""
    busy = {w: (w.conn, w.process.sentinel) for w in workers if w.shard is not None}
    ready = set(wait([handle for pair in busy.values() for handle in pair]))
    return [w for w, pair in busy.items() if ready.intersection(pair)]


_NOTHING = object()     # a worker's "ready": nothing to report yet


class _Died:
    def __init__(self, shard: Shard, how: str) -> None:
        self.shard, self.how = shard, how


class _Worker:
    """One worker process, fed one shard at a time through a pipe.  It says "ready" once it
    has started: one that dies before has failed to start, whatever shard it was given."""

    def __init__(self, context: Any) -> None:
        self.conn, child = context.Pipe()
        self.process = context.Process(target=_worker_main, args=(child, os.getpid()), daemon=True,
                                       name="blogrx-worker")
        self.shard: Shard | None = None
        self.started = False
        try:
            self.process.start()
        except OSError as exc:
            raise EngineError("local worker", f"cannot start a worker process ({exc.strerror or exc})") from exc
        finally:
            child.close()

    def give(self, work: Callable[[Shard], Any], shard: Shard) -> None:
        self.shard = shard
        try:
            self.conn.send((work, shard))
        except (OSError, ValueError):
            pass        # it died: receive() says so

    def receive(self) -> Any:
        """The shard's result, _NOTHING, or _Died; an exception the work raised is raised here."""
        try:
            status, value = self.conn.recv()
        except (EOFError, OSError):     # (a reply its death cut short ends early too)
            self.process.join()
            how = _exit_reason(self.process.exitcode)
            if not self.started:
                raise EngineError("local worker", f"a worker process died as it started ({how})") from None
            shard, self.shard = self.shard, None
            return _Died(shard, how)
        except Exception as exc:  # noqa: BLE001 - a reply that does not unpickle here
            raise EngineError("local worker", f"a worker's reply cannot be read back "
                                              f"({type(exc).__name__}: {exc})") from exc
        if status == "ready":
            self.started = True
            return _NOTHING
        self.shard = None
        if status == "failed":          # a PipelineError, rebuilt: its arguments do not pickle
            kind, path, problem = value
            raise kind(path, problem)
        if status == "error":
            raise value
        return value

    def stop(self) -> None:
        self.conn.close()
        if self.process.is_alive():
            self.process.kill()
        self.process.join()


def _exit_reason(code: int | None) -> str:
    if code is not None and code < 0:
        try:
            name = signal.Signals(-code).name
        except ValueError:
            name = "?"
        return f"killed by signal {-code}, {name}"
    return f"exit status {code}"


def _worker_main(conn: Connection, parent: int) -> None:
    """A worker's life: die with the run, then run shard after shard until the pipe closes."""
    _die_with_parent(parent)
    _one_thread_each()
    signal.signal(signal.SIGINT, signal.SIG_IGN)   # Ctrl-C is for the run, which stops its workers
    conn.send(("ready", None))
    while True:
        try:
            work, shard = conn.recv()
        except (EOFError, OSError):
            return
        try:
            reply = ("ok", work(shard))
        except PipelineError as exc:
            reply = ("failed", (type(exc), exc.path, exc.problem))
        except BaseException as exc:  # noqa: BLE001 - the run decides what an exception means
            reply = ("error", exc)
        try:
            conn.send(reply)
        except Exception as exc:  # noqa: BLE001 - a result or an exception that does not pickle
            conn.send(("failed", (EngineError, f"shard {shard.key}",
                                  f"a worker's reply cannot be sent back ({type(exc).__name__}: {exc})")))


def _die_with_parent(parent: int) -> None:
    """Make this worker die when the process that started it dies, even by kill -9."""
    if sys.platform.startswith("linux"):
        try:
            ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
        except (OSError, AttributeError):
            pass        # the watchdog below still notices
    if os.getppid() != parent:      # it died before prctl took effect
        os._exit(1)
    threading.Thread(target=_watch_parent, args=(parent,), name="blogrx-parent-watch", daemon=True).start()


def _watch_parent(parent: int) -> None:
    while os.getppid() == parent:
        time.sleep(WATCH_SECONDS)
    os.kill(os.getpid(), signal.SIGKILL)


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
        from distributed import Client, KilledWorker, LocalCluster, as_completed as dask_completed
    except ImportError as exc:
        raise EngineError("--engine dask", "Dask is not installed: pip install 'blogrx[dask]'") from exc
    with dask.config.set(WORKER_CONFIG):
        yield from _on_cluster(work, shards, options, Client, LocalCluster, dask_completed, KilledWorker)


# Dask's workers sample every task's Python stack 100 times a second for their profiler; on
# shards that are pure Python for minutes that costs a worker a good part of a core.  And the
# nanny starts each worker with MALLOC_TRIM_THRESHOLD_ set, which also turns off glibc's sliding
# mmap threshold: every buffer over 128 KiB (a page's bytes, its text, the parser's buffers) is
# then mapped and unmapped page by page, which costs system time.  (`make bench` runs a local
# cluster of one and of two workers.)  (A cluster at --address keeps its own settings: these reach only the workers a run starts.)
WORKER_CONFIG = {"distributed.worker.profile.enabled": False,
                 "distributed.nanny.pre-spawn-environ.MALLOC_TRIM_THRESHOLD_": None}


def _on_cluster(work, shards, options, Client, LocalCluster, dask_completed, KilledWorker):  # noqa: N803
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
        keys = [f"blogrx-shard-{s.key}" for s in shards]
        shard_of = dict(zip(keys, shards))
        futures = client.map(work, list(shards), key=keys, pure=False)
        for future in dask_completed(futures):
            try:
                result = future.result()
            except KilledWorker:        # the scheduler gave the shard up: every worker that ran it died
                result = work(replace(shard_of[future.key], lost="the Dask workers that ran its shard died"))
            yield result
    finally:
        client.close()
        if cluster is not None:
            cluster.close()
