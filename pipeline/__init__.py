"""blogrx: running and physical-therapy blog posts -> a research dataset.

The public surface: the records passed between stages, the errors, and one function
per stage.  Stage functions are imported on first use, so that ``blogrx --help``
does not pay for loading spaCy.
"""

from __future__ import annotations

from importlib import import_module
from typing import Any

from .errors import CleanError, ExportError, ExtractError, LexiconError, PipelineError, SourceError
from .records import Block, CleanPost, Comment, Dose, ErrorRecord, ExerciseRecord, RawPage

__version__ = "0.1.0"

_LAZY = {
    "discover": "sources",
    "read_page": "sources",
    "clean": "clean",
    "load_extractor": "extract",
    "extract": "extract",
    "Extractor": "extract",
    "run": "run",
    "RunOptions": "jobs",
    "RunSummary": "jobs",
    "TableWriter": "export",
}

__all__ = [
    "__version__",
    # records
    "RawPage", "Block", "Comment", "CleanPost", "Dose", "ExerciseRecord", "ErrorRecord",
    # errors
    "PipelineError", "SourceError", "CleanError", "ExtractError", "LexiconError", "ExportError",
    # stages
    *_LAZY,
]


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        value = getattr(import_module(f".{_LAZY[name]}", __name__), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module 'pipeline' has no attribute {name!r}")
