"""blogrx: running and physical-therapy blog posts -> a research dataset.

The public surface: the records passed between stages, the errors, and one function
per stage.  Stage functions are imported on first use, so that ``blogrx --help``
does not pay for loading spaCy.

    from pipeline import clean, extract, run, extract_html, read_tables

Three stage functions share their names with the modules that hold them (``clean/``,
``extract/``, ``run.py``).  When Python first loads a sub-module it binds it to the attribute
of the same name on this package, which would replace the function by the module for every
later ``pipeline.clean`` or ``from pipeline import clean``.  This package's module type
(:class:`_Package`) declines that binding for the names in ``__all__``: the function keeps the
name whatever was imported before, and the sub-modules stay reachable as always through
``sys.modules`` (``from pipeline.clean import text``, ``import pipeline.clean``).
"""

from __future__ import annotations

import logging
import sys
from importlib import import_module
from types import ModuleType
from typing import Any

from .errors import CleanError, ExportError, ExtractError, LexiconError, PipelineError, SourceError
from .records import Block, CleanPost, Comment, Dose, ErrorRecord, ExerciseRecord, RawPage

__version__ = "0.1.0"

# The library logs what a long run does (inputs found, shards done, tables published) under this
# logger; an application sees none of it unless it configures logging (the CLI does: -v / -q).
logging.getLogger(__name__).addHandler(logging.NullHandler())

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
    "extract_html": "api",
    "read_tables": "api",
}

__all__ = [
    "__version__",
    # records
    "RawPage", "Block", "Comment", "CleanPost", "Dose", "ExerciseRecord", "ErrorRecord",
    # errors
    "PipelineError", "SourceError", "CleanError", "ExtractError", "LexiconError", "ExportError",
    # stages, and the API over them
    *_LAZY,
]


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        value = getattr(import_module(f".{_LAZY[name]}", __name__), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module 'pipeline' has no attribute {name!r}")


class _Package(ModuleType):
    """The ``pipeline`` module: a public name is never rebound to a sub-module of the same name."""

    def __setattr__(self, name: str, value: Any) -> None:
        if name in _LAZY and isinstance(value, ModuleType):
            return      # the import system binding pipeline/clean/ (or extract/, run.py) to its parent
        super().__setattr__(name, value)


sys.modules[__name__].__class__ = _Package
