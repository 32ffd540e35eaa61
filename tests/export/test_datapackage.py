"""Specification of datapackage.json: a Frictionless Data Package that `frictionless validate`
accepts, over the tables a real run writes, with Table Schema types, keys and references."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pyarrow.parquet as pq
import pytest

from tests.support.paths import CORPUS_HTML, SAMPLES, require_corpus
from pipeline import __version__
from pipeline.export import TABLES, TableWriter, exercise_row, post_row
from pipeline.records import CleanPost, Dose, ExerciseRecord
from pipeline.run import run

frictionless = pytest.importorskip("frictionless", reason="frictionless is in the dev extra: pip install -e '.[dev]'")


def validate(out: Path) -> list[tuple]:
    """frictionless's complaints about the package in ``out``: (table, row, field, error type)."""
    report = frictionless.validate(out / "datapackage.json")
    return ([(task.name, getattr(e, "row_number", None), getattr(e, "field_name", None), e.type)
             for task in report.tasks for e in task.errors]
            + [("package", None, None, e.message) for e in report.errors])


@pytest.fixture(scope="module")
def samples_run(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("samples")
    run([SAMPLES], out)
    return out


def test_the_samples_run_is_a_valid_data_package(samples_run: Path) -> None:
    assert pq.read_metadata(samples_run / "exercises.parquet").num_rows > 0      # real rows are checked
    assert validate(samples_run) == []


def test_frictionless_validate_on_the_command_line_accepts_it(samples_run: Path) -> None:
    done = subprocess.run([sys.executable, "-m", "frictionless", "validate", "datapackage.json"],
                          cwd=samples_run, capture_output=True, text=True)

    assert done.returncode == 0, done.stdout[-2000:]


def test_the_corpus_run_is_a_valid_data_package(tmp_path: Path) -> None:
    require_corpus()
    run([CORPUS_HTML], tmp_path)

    assert pq.read_metadata(tmp_path / "comments.parquet").num_rows > 0
    assert validate(tmp_path) == []


def test_the_package_says_what_it_is_where_it_came_from_and_under_what_terms(samples_run: Path) -> None:
    package = json.loads((samples_run / "datapackage.json").read_text())

    assert package["title"].startswith("blogrx") and package["version"] == __version__
    assert package["created"].endswith("Z") and package["created"][:2] == "20"
    assert package["sources"] == [{"title": str(SAMPLES), "path": str(SAMPLES)}]
    assert "authors'" in package["licenses"][0]["description"]


def test_columns_have_table_schema_types(samples_run: Path) -> None:
    package = json.loads((samples_run / "datapackage.json").read_text())
    types = {(r["name"], f["name"]): f["type"] for r in package["resources"] for f in r["schema"]["fields"]}

    assert types["exercises", "sets"] == "integer" and types["exercises", "hold_seconds"] == "number"
    assert types["exercises", "per_side"] == "boolean" and types["exercises", "name"] == "string"
    assert types["posts", "published"] == "datetime" and types["posts", "published_local"] == "datetime"
    assert types["exercises", "muscles"] == "any"     # a list: see table_schema_type for why not "array"
    allowed = {"string", "integer", "number", "boolean", "datetime", "any", "object", "array"}
    assert set(types.values()) <= allowed


def test_tables_have_primary_keys_and_point_at_each_other(samples_run: Path) -> None:
    schemas = {r["name"]: r["schema"] for r in json.loads((samples_run / "datapackage.json").read_text())["resources"]}

    assert {name: s.get("primaryKey") for name, s in schemas.items()} == {
        "posts": ["post_id"], "comments": ["comment_id"], "exercises": ["exercise_id"], "themes": ["theme_id"],
        "comment_themes": ["comment_id", "theme_id"], "errors": None}
    references = {(name, fk["fields"], fk["reference"]["resource"] or name, fk["reference"]["fields"])
                  for name, s in schemas.items() for fk in s.get("foreignKeys", [])}
    assert {("comments", "post_id", "posts", "post_id"), ("comments", "parent_id", "comments", "comment_id"),
            ("exercises", "post_id", "posts", "post_id"), ("exercises", "comment_id", "comments", "comment_id"),
            ("comment_themes", "theme_id", "themes", "theme_id")} <= references


def _post(post_id: str) -> CleanPost:
    return CleanPost(post_id=post_id, source_path=f"in/{post_id}.html", url=None, site=None, platform="generic",
                     title=None, author=None, published=None, categories=(), tags=(), body_text="Bridges.",
                     blocks=(), comments=(), comment_widget=None)


def _exercise(exercise_id: str, post_id: str) -> ExerciseRecord:
    return ExerciseRecord(exercise_id=exercise_id, post_id=post_id, comment_id=None, source="body",
                          name="glute bridge", mention="Bridges", category="strength", muscles=(), equipment=(),
                          dose=Dose.empty(), evidence="Bridges.", char_start=0, char_end=8, prescribed=True,
                          position=None, laterality=None, setting=None, prescriber=None, progression=None)


def test_an_exercise_pointing_at_a_missing_post_fails_validation(tmp_path: Path) -> None:
    with TableWriter(tmp_path) as writer:
        writer.add("posts", [post_row(_post("p1"))])
        writer.add("exercises", [exercise_row(_exercise("p1-e000", "p1")), exercise_row(_exercise("p9-e000", "p9"))])

    assert validate(tmp_path) == [("exercises", 3, None, "foreign-key")]


def test_a_post_written_twice_fails_validation_on_its_key(tmp_path: Path) -> None:
    with TableWriter(tmp_path) as writer:
        writer.add("posts", [post_row(_post("p1"))] * 2)

    assert validate(tmp_path) == [("posts", 3, None, "primary-key")]


def test_the_card_opens_with_a_hugging_face_yaml_header_naming_each_table(samples_run: Path) -> None:
    import yaml

    card = (samples_run / "README.md").read_text(encoding="utf-8")
    assert card.startswith("---\n")
    header = yaml.safe_load(card.split("---\n")[1])

    assert header["pretty_name"] == "blogrx dataset" and header["license"] == "other"
    assert header["size_categories"] == ["n<1K"] and "running" in header["tags"]
    configs = {c["config_name"]: c for c in header["configs"]}
    assert {name: c["data_files"] for name, c in configs.items()} == {name: f"{name}.parquet" for name in TABLES}
    assert [name for name, c in configs.items() if c.get("default")] == ["exercises"]
    assert all((samples_run / c["data_files"]).is_file() for c in configs.values())
    assert card.split("---\n", 2)[2].startswith("\n# blogrx dataset\n")


def test_a_card_is_sized_by_its_exercises() -> None:
    from pipeline.card import size_category

    assert [size_category(n) for n in (0, 999, 1_000, 250_000, 20_000_000)] == [
        "n<1K", "n<1K", "1K<n<10K", "100K<n<1M", "n>10M"]
