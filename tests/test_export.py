"""Specification of export: parquet tables with fixed schemas, a data dictionary, atomic writes."""

from __future__ import annotations

import json
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pyarrow.parquet as pq
import pytest

from pipeline.errors import ExportError
from pipeline.export import TABLES, TableWriter, comment_rows, datapackage, error_row, exercise_row, post_row
from pipeline.records import Block, CleanPost, Comment, Dose, ErrorRecord, ExerciseRecord

REQUIRED = {
    "posts": ["post_id", "source_path", "url", "site", "title", "author", "published", "categories",
              "body_text", "word_count", "comment_count"],
    "comments": ["comment_id", "post_id", "parent_id", "depth", "author", "published", "is_post_author", "text"],
    "exercises": ["exercise_id", "post_id", "comment_id", "source", "name", "mention", "category", "muscles",
                  "equipment", "sets", "reps", "hold_seconds", "duration_seconds", "per_side", "frequency",
                  "load", "evidence", "char_start", "char_end", "sets_max", "reps_max", "hold_seconds_max",
                  "duration_seconds_max", "prescribed", "position", "laterality", "setting", "prescriber",
                  "progression"],
    "errors": ["source_path", "stage", "error"],
}

EST = timezone(timedelta(hours=-5))


def make_post() -> CleanPost:
    body = "Bridge\n\nDo 2 sets of 15."
    comment = Comment(comment_id="p1-c0000", post_id="p1", parent_id=None, depth=0, author="Suzy",
                      published=datetime(2015, 2, 17, 9, 56, tzinfo=EST), is_post_author=False,
                      text="I do 30 per leg.", html_id="comment-1")
    return CleanPost(
        post_id="p1", source_path="in/p1.html", url="https://example.org/p1", site="example.org",
        platform="wordpress", title="Hips", author="Lisa", published=datetime(2015, 2, 17, 5, 0, tzinfo=EST),
        categories=("Injuries",), tags=(), body_text=body,
        blocks=(Block("heading", "Bridge", 0, 6, 2, 1, None), Block("paragraph", "Do 2 sets of 15.", 8, 24, None, 1, None)),
        comments=(comment,), comment_widget=None,
    )


def make_exercise() -> ExerciseRecord:
    dose = Dose(sets=2, sets_max=None, reps=15, reps_max=None, hold_seconds=None, hold_seconds_max=None,
                duration_seconds=None, duration_seconds_max=None, per_side=None, frequency=None, load=None)
    return ExerciseRecord(exercise_id="p1-e000", post_id="p1", comment_id=None, source="body", name="glute bridge",
                          mention="Bridge", category="strength", muscles=("glutes",), equipment=(), dose=dose,
                          evidence="Do 2 sets of 15.", char_start=8, char_end=24, prescribed=True,
                          position="supine", laterality=None, setting="home", prescriber="physical therapist",
                          progression=None)


def test_tables_have_every_required_column() -> None:
    for table, columns in REQUIRED.items():
        names = [c.name for c in TABLES[table]]
        assert set(columns) <= set(names), f"{table} lacks {set(columns) - set(names)}"


def test_tables_round_trip_through_parquet_with_their_types(tmp_path: Path) -> None:
    post = make_post()
    with TableWriter(tmp_path) as writer:
        writer.add("posts", [post_row(post)])
        writer.add("comments", comment_rows(post))
        writer.add("exercises", [exercise_row(make_exercise())])

    posts = pq.read_table(tmp_path / "posts.parquet").to_pylist()
    comments = pq.read_table(tmp_path / "comments.parquet").to_pylist()
    exercises = pq.read_table(tmp_path / "exercises.parquet").to_pylist()
    assert posts[0]["published"] == "2015-02-17T05:00:00-05:00"
    assert posts[0]["published_utc"] == datetime(2015, 2, 17, 10, 0, tzinfo=timezone.utc)
    assert posts[0]["categories"] == ["Injuries"]
    assert posts[0]["word_count"] == 6 and posts[0]["comment_count"] == 1
    assert posts[0]["blocks"][1] == {"kind": "paragraph", "text": "Do 2 sets of 15.", "start": 8, "end": 24,
                                     "level": None, "section": 1, "list_id": None}
    assert comments[0]["depth"] == 0 and comments[0]["parent_id"] is None and comments[0]["author"] == "Suzy"
    assert exercises[0]["sets"] == 2 and exercises[0]["reps"] == 15 and exercises[0]["hold_seconds"] is None
    assert exercises[0]["muscles"] == ["glutes"]


def test_an_empty_table_is_still_written_with_its_columns(tmp_path: Path) -> None:
    with TableWriter(tmp_path):
        pass

    errors = pq.read_table(tmp_path / "errors.parquet")
    assert errors.num_rows == 0
    assert errors.schema.names == [c.name for c in TABLES["errors"]]


def test_data_dictionary_describes_every_column_of_every_table(tmp_path: Path) -> None:
    with TableWriter(tmp_path):
        pass

    package = json.loads((tmp_path / "datapackage.json").read_text())
    for resource in package["resources"]:
        written = pq.read_schema(tmp_path / resource["path"]).names
        described = [f["name"] for f in resource["schema"]["fields"]]
        assert described == written
        assert all(f["description"] and f["type"] for f in resource["schema"]["fields"])
    assert {r["name"] for r in package["resources"]} == set(TABLES)


def test_data_dictionary_marks_the_columns_holding_personal_data() -> None:
    fields = {r["name"]: {f["name"]: f["personal_data"] for f in r["schema"]["fields"]}
              for r in datapackage()["resources"]}
    assert fields["comments"]["author"] is True
    assert fields["comments"]["text"] is True
    assert fields["posts"]["title"] is False


def test_a_failed_run_leaves_the_previous_tables_in_place(tmp_path: Path) -> None:
    with TableWriter(tmp_path) as writer:
        writer.add("errors", [error_row(ErrorRecord("a.html", "clean", "error", "a.html: file is empty"))])

    with pytest.raises(RuntimeError):
        with TableWriter(tmp_path) as writer:
            writer.add("errors", [])
            raise RuntimeError("killed half-way")

    assert pq.read_table(tmp_path / "errors.parquet").num_rows == 1
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []
    assert len(list((tmp_path / "_generations").iterdir())) == 1     # the failed set is gone, the first stays


def test_rows_are_written_in_row_groups_as_they_come(tmp_path: Path) -> None:
    rows = [error_row(ErrorRecord(f"{i}.html", "clean", "error", f"{i}.html: file is empty")) for i in range(25)]
    with TableWriter(tmp_path, batch_rows=10) as writer:
        for row in rows:
            writer.add("errors", [row])

    meta = pq.ParquetFile(tmp_path / "errors.parquet").metadata
    assert meta.num_rows == 25 and meta.num_row_groups == 3


def test_an_export_error_raised_in_a_worker_process_reaches_the_run_as_it_was() -> None:
    from concurrent.futures import ProcessPoolExecutor

    with ProcessPoolExecutor(max_workers=1) as pool:
        with pytest.raises(ExportError) as error:
            pool.submit(_fail_to_export, "out/_shards/part").result()

    assert (error.value.path, error.value.problem) == ("out/_shards/part", "cannot write the tables (No space left on device)")
    assert str(error.value) == "out/_shards/part: cannot write the tables (No space left on device)"


def _fail_to_export(path: str) -> None:
    raise ExportError(path, "cannot write the tables (No space left on device)")


def test_a_direct_writer_fills_the_folder_it_is_given_and_a_failed_one_leaves_it_empty(tmp_path: Path) -> None:
    # a shard's part folder: the caller renames the whole folder into place, so no generations
    with TableWriter(tmp_path / "part", direct=True) as writer:
        writer.add("errors", [error_row(ErrorRecord("a.html", "clean", "error", "a.html: file is empty"))])
    with pytest.raises(RuntimeError):
        with TableWriter(tmp_path / "failed", direct=True) as writer:
            writer.add("errors", [error_row(ErrorRecord("a.html", "clean", "error", "a.html: file is empty"))] * 5)
            writer.add("posts", [post_row(make_post())] * 3000)       # a row group written before the failure
            raise RuntimeError("killed half-way")

    assert sorted(p.name for p in (tmp_path / "part").iterdir()) == sorted(
        [f"{t}.parquet" for t in TABLES] + ["datapackage.json"])
    assert pq.read_table(tmp_path / "part" / "errors.parquet").num_rows == 1
    assert list((tmp_path / "failed").iterdir()) == []
