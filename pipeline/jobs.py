"""What a run is asked to do, what its workers are handed, and what comes back: frozen records.

This module sits at the bottom with records.py (it imports nothing of ours above it), so
that run.py, the shard worker (shards.py), the engines and the command line all read the
same records and the same defaults, each written once here.

    RunOptions  (the command line's flags)  --run-->  Job (what every worker needs) + Shards
    Shard  --a worker: shards.process_shard(shard, job)-->  ShardResult
    one page  --shards.process_page-->  PageResult
    the whole run  -->  RunSummary
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path

from .limits import PageLimits
from .records import CleanPost, CommentFacts, ErrorRecord, ExerciseRecord

__all__ = ["DEFAULT_SHARD_SIZE", "DEFAULT_BATCH_ROWS", "RunOptions", "Job", "Shard", "ShardResult", "PageResult",
           "RunSummary"]

DEFAULT_SHARD_SIZE = 32     # input files per shard: small enough that two workers finish together, large
                            # enough to keep parts few
DEFAULT_BATCH_ROWS = 2000   # rows buffered per table before a row group is written


@dataclass(frozen=True, slots=True)
class RunOptions:
    """How a run behaves; the CLI builds one from its flags."""

    progress: bool = False          # show a progress bar
    batch_rows: int = DEFAULT_BATCH_ROWS  # rows buffered per table before a row group is written
    jobs: int = 1                   # worker processes (local) or workers of a local Dask cluster
    engine: str = "local"           # "local": this machine's processes; "dask": a Dask cluster
    address: str | None = None      # Dask scheduler address; None starts a local cluster of `jobs` workers
    shard_size: int = DEFAULT_SHARD_SIZE  # input files per shard, on average (a WARC archive is a shard alone)
    pseudonymize: bool = False      # commenters' names -> salted hashes in every table (privacy.py)
    themes: bool = True             # fit comment-thread themes (themes.py)
    limits: PageLimits = PageLimits()  # what one page may cost: its bytes and seconds (limits.py)
    copies: tuple[str, ...] = ()    # "csv" / "jsonl": a copy of each table beside its parquet (export.py)
    work: Path | None = None        # the run's work folder (shard parts); None: beside OUT (publish.work_folder)


@dataclass(frozen=True, slots=True)
class Job:
    """What every worker needs to process any shard of a run, handed to it with each shard.

    ``parts_dir`` is where complete shard parts go; ``salt`` the pseudonyms' key (None: names
    as shown); ``thread_themes`` whether the worker fits its threads' themes and reads every
    comment for the corpus themes; ``limits`` what one page may cost."""

    parts_dir: Path
    batch_rows: int = DEFAULT_BATCH_ROWS
    salt: str | None = None
    thread_themes: bool = True
    limits: PageLimits = PageLimits()

    @property
    def settings(self) -> str:
        """What a shard's key depends on besides the code and its inputs: whatever changes the
        rows its worker writes (the salt, as a hash; themes or not; the page limits)."""
        settings = f"pseudonymize={hashlib.sha256(self.salt.encode()).hexdigest()}" if self.salt else ""
        settings += "" if self.thread_themes else "\0no-themes"
        return settings + f"\0limits={self.limits.max_bytes},{self.limits.max_seconds:g}"


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
class PageResult:
    """What one page gave: a post and its exercises, and/or error rows."""

    post: CleanPost | None
    exercises: tuple[ExerciseRecord, ...]
    errors: tuple[ErrorRecord, ...]
    facts: tuple[CommentFacts, ...] = ()


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
