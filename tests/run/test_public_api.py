"""The package's public surface is its __all__: every name resolves to the kind of object it
documents, whatever was imported before (httpx's tests/test_exported_members.py in spirit)."""

from __future__ import annotations

import importlib
import inspect
import pkgutil
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

import pipeline
from tests.support.paths import FOUNDING_PAGE, REPO, SAMPLES

FUNCTIONS = {"discover", "read_page", "clean", "load_extractor", "extract", "run", "extract_html", "read_tables"}
CLASSES = {"RawPage", "Block", "Comment", "CleanPost", "Dose", "ExerciseRecord", "ErrorRecord", "Extractor",
           "RunOptions", "RunSummary", "TableWriter"}
ERRORS = {"PipelineError", "SourceError", "CleanError", "ExtractError", "LexiconError", "ExportError"}

PAGE = """<!doctype html><html lang="en"><head><title>Calf work | Test Blog</title></head><body>
<article><h1>Calf work</h1><p>After every run, do 3 sets of 15 calf raises on a step.</p>
<p>Then hold a wall calf stretch for 30 seconds per side.</p></article></body></html>"""


def import_every_module() -> None:
    """Import every module of the package, as a notebook that pokes around might."""
    for info in pkgutil.walk_packages(pipeline.__path__, "pipeline."):
        if info.name != "pipeline.__main__":        # runs the command line
            importlib.import_module(info.name)


def test_public_names_are_the_records_errors_stage_functions_and_the_api() -> None:
    assert set(pipeline.__all__) == {"__version__"} | FUNCTIONS | CLASSES | ERRORS


def test_after_importing_every_module_each_public_name_is_the_documented_kind() -> None:
    import_every_module()

    for name in FUNCTIONS:
        value = getattr(pipeline, name)
        assert inspect.isfunction(value) and value.__name__ == name, f"pipeline.{name} is {value!r}"
    for name in CLASSES:
        assert inspect.isclass(getattr(pipeline, name)), name
    for name in ERRORS:
        assert issubclass(getattr(pipeline, name), pipeline.PipelineError), name
    assert isinstance(pipeline.__version__, str)


def test_from_pipeline_import_gives_the_functions_not_the_sub_packages() -> None:
    import_every_module()
    from pipeline import clean, extract, run

    assert (clean.__module__, extract.__module__, run.__module__) == ("pipeline.clean", "pipeline.extract",
                                                                      "pipeline.run")
    assert clean is pipeline.clean and extract is pipeline.extract and run is pipeline.run


def test_the_sub_packages_stay_importable_under_their_own_names() -> None:
    import_every_module()
    from pipeline.clean import text

    assert inspect.ismodule(text) and inspect.ismodule(sys.modules["pipeline.clean"])
    assert sys.modules["pipeline.clean"].clean is pipeline.clean


@pytest.mark.parametrize("first", ["import pipeline.run", "from pipeline import load_extractor; load_extractor()",
                                   "import pipeline.clean.text, pipeline.extract.dose"])
def test_clean_is_callable_whatever_was_imported_first(first: str) -> None:
    # a fresh interpreter, so that the import order is the one stated
    script = (f"{first}\nimport pipeline\nfrom pipeline import clean, extract, run\n"
              f"post = pipeline.clean(pipeline.read_page(__import__('pathlib').Path({str(FOUNDING_PAGE)!r})))\n"
              "assert callable(extract) and callable(run)\nprint(post.title)\n")

    result = subprocess.run([sys.executable, "-c", script], cwd=REPO, capture_output=True, text=True, timeout=120)

    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("Adventures in Physical Therapy Week 2")


def test_extract_html_reads_exercises_and_doses_from_a_string() -> None:
    records = pipeline.extract_html(PAGE, url="https://blog.example.org/calf-work")

    by_name = {r.name: r for r in records}
    assert {"calf raise", "calf stretch"} <= set(by_name)
    assert (by_name["calf raise"].dose.sets, by_name["calf raise"].dose.reps) == (3, 15)
    assert by_name["calf stretch"].dose.hold_seconds == 30
    assert all(isinstance(r, pipeline.ExerciseRecord) for r in records)


def test_extract_html_takes_bytes_as_saved_and_gives_the_same_records() -> None:
    assert pipeline.extract_html(PAGE.encode("utf-8")) == pipeline.extract_html(PAGE)


def test_extract_html_gives_what_the_run_gives_for_a_sample_page() -> None:
    from pipeline.sources import read_page

    page = read_page(FOUNDING_PAGE)
    expected = pipeline.extract(pipeline.clean(page), pipeline.load_extractor())

    records = pipeline.extract_html(FOUNDING_PAGE.read_bytes())

    assert [(r.name, r.dose, r.evidence) for r in records] == [(r.name, r.dose, r.evidence) for r in expected]


def test_extract_html_refuses_text_without_markup_in_one_line() -> None:
    with pytest.raises(pipeline.CleanError) as caught:
        pipeline.extract_html("Calf raises: 3 sets of 15.")

    assert str(caught.value) == "<html>: plain text with no HTML markup"


@pytest.fixture(scope="module")
def sample_tables(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("tables")
    pipeline.run([SAMPLES], out, pipeline.RunOptions(progress=False))
    return out


def test_read_tables_gives_every_table_of_a_run(sample_tables: Path) -> None:
    tables = pipeline.read_tables(sample_tables)

    assert set(tables) == {p.name.removesuffix(".parquet") for p in sample_tables.glob("*.parquet")}
    assert {"posts", "comments", "exercises", "errors"} <= set(tables)
    assert len(tables["posts"]) == len(list(SAMPLES.glob("*.html")))
    assert all(isinstance(frame, pd.DataFrame) for frame in tables.values())


def test_read_tables_gives_integer_doses_boolean_flags_and_missing_values_as_na(sample_tables: Path) -> None:
    exercises = pipeline.read_tables(sample_tables)["exercises"]

    assert pd.api.types.is_integer_dtype(exercises["sets"]) and exercises["sets"].dtype.name.startswith("Int")
    assert exercises["per_side"].dtype.name == "boolean" and exercises["prescribed"].dtype.name == "boolean"
    assert exercises["sets"].isna().any() and exercises["sets"].dropna().gt(0).all()
    assert exercises["name"].dtype.name == "string"


def test_read_tables_keeps_every_moment_a_timezone_aware_timestamp(sample_tables: Path) -> None:
    tables = pipeline.read_tables(sample_tables)

    stamped = [(name, field.name) for name in tables for field in pq.read_schema(sample_tables / f"{name}.parquet")
               if pa.types.is_timestamp(field.type)]
    assert ("posts", "published") in stamped and ("comments", "published") in stamped
    for name, column in stamped:
        dtype = tables[name][column].dtype
        if column.endswith("_local"):     # the time as the page shows it, in no zone
            assert pd.api.types.is_datetime64_dtype(dtype) and not isinstance(dtype, pd.DatetimeTZDtype)
        else:
            assert isinstance(dtype, pd.DatetimeTZDtype), (name, column, dtype)
    assert tables["posts"]["published"].notna().any()


def test_read_tables_names_a_folder_without_tables(tmp_path: Path) -> None:
    with pytest.raises(pipeline.SourceError) as caught:
        pipeline.read_tables(tmp_path)

    assert str(caught.value).startswith(f"{tmp_path}: no tables (*.parquet) in this folder")
