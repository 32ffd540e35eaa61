"""The package's public surface is its __all__, and every name in it resolves."""

from __future__ import annotations

import pipeline


def test_every_public_name_resolves() -> None:
    for name in pipeline.__all__:
        assert getattr(pipeline, name) is not None, name


def test_public_names_are_the_records_errors_and_stage_functions() -> None:
    expected = {
        "__version__", "RawPage", "Block", "Comment", "CleanPost", "Dose", "ExerciseRecord", "ErrorRecord",
        "PipelineError", "SourceError", "CleanError", "ExtractError", "LexiconError", "ExportError",
        "discover", "read_page", "clean", "load_extractor", "extract", "Extractor", "run", "RunOptions",
        "RunSummary", "TableWriter",
    }
    assert set(pipeline.__all__) == expected
