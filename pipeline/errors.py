"""Errors raised by the pipeline.

    PipelineError            base of everything blogrx raises on bad input
     +-- SourceError         an input path cannot be read (missing, unreadable, bad gzip)
     |    +-- ScrapeError    a source of URLs (URL file, sitemap, WordPress API) cannot be used
     +-- CleanError          page bytes cannot be turned into a post (empty, binary, no HTML)
     +-- ExtractError        a post cannot be run through the extractor
     +-- LexiconError        a lexicon data file is malformed
     +-- ExportError         tables cannot be written
     +-- EngineError         the engine cannot run shards (bad --jobs, Dask missing or unreachable)

Every message names the input and the problem in one line, e.g.
``data/raw/3f2a9c.html: file is empty``.
"""

from __future__ import annotations


class PipelineError(Exception):
    """Base class: the CLI catches this one type."""

    stage = "pipeline"

    def __init__(self, path: str, problem: str) -> None:
        self.path = path
        self.problem = problem
        super().__init__(f"{path}: {problem}")


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


class EngineError(PipelineError):
    stage = "engine"
