"""Errors raised by the pipeline.

    PipelineError            base of everything blogrx raises on bad input
     +-- SourceError         an input path cannot be read (missing, unreadable, bad gzip)
     |    +-- ScrapeError    a source of URLs (URL file, sitemap, WordPress API) cannot be used
     +-- CleanError          page bytes cannot be turned into a post (empty, binary, no HTML)
     +-- ExtractError        a post cannot be run through the extractor
     +-- LexiconError        a lexicon data file is malformed
     +-- ExportError         tables cannot be written (a full disk, --out below a file...)
     |    +-- OutputLockedError  another run is writing into the same output folder
     +-- EngineError         the engine cannot run shards (bad --jobs, Dask missing or unreachable)

Every message names the input and the problem in one line, e.g.
``data/raw/3f2a9c.html: file is empty``.
"""

from __future__ import annotations

import os


class PipelineError(Exception):
    """Base class: the CLI catches this one type."""

    stage = "pipeline"

    def __init__(self, path: str, problem: str) -> None:
        self.path = path
        self.problem = problem
        super().__init__(f"{path}: {problem}")

    def __reduce__(self):
        # rebuilt from (path, problem), so that an error raised in a worker process reaches the run intact
        return type(self), (self.path, self.problem)


class SourceError(PipelineError):
    stage = "read"


class ScrapeError(SourceError):
    stage = "scrape"


class CleanError(PipelineError):
    stage = "clean"


class ExtractError(PipelineError):
    stage = "extract"


class LexiconError(PipelineError):
    stage = "lexicon"


class ExportError(PipelineError):
    stage = "export"


class OutputLockedError(ExportError):
    """Another run holds the output folder's lock (see publish.py)."""


class EngineError(PipelineError):
    stage = "engine"


def os_reason(exc: OSError) -> str:
    """The system's short words for a failed file operation ("No space left on device").

    pyarrow's own messages wrap them ("Error writing bytes to file. Detail: [errno 28] ..."),
    so the errno decides when there is one."""
    if exc.errno:
        return os.strerror(exc.errno)
    text = str(exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__
