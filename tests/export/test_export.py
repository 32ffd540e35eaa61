"""Specification of export: parquet tables with fixed schemas, a data dictionary, atomic writes."""

from __future__ import annotations

import csv
import json
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pyarrow.parquet as pq
import pytest

from pipeline.errors import ExportError
import pandas as pd

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
                      text="I do 30 per leg.", html_id="comment-1", published_raw="February 17, 2015 at 9:56 am")
    return CleanPost(
        post_id="p1", source_path="in/p1.html", url="https://example.org/p1", site="example.org",
        platform="wordpress", title="Hips", author="Lisa", published=datetime(2015, 2, 17, 5, 0, tzinfo=EST),
        categories=("Injuries",), tags=(), body_text=body,
        blocks=(Block("heading", "Bridge", 0, 6, 2, 1, None), Block("paragraph", "Do 2 sets of 15.", 8, 24, None, 1, None)),
        comments=(comment,), comment_widget=None, published_raw="2015-02-17T05:00:00-05:00",
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
    assert posts[0]["published"] == datetime(2015, 2, 17, 10, 0, tzinfo=timezone.utc)
    assert posts[0]["published_local"] == datetime(2015, 2, 17, 5, 0)
    assert (posts[0]["published_precision"], posts[0]["published_text"]) == ("minute", "2015-02-17T05:00:00-05:00")
    assert comments[0]["published_text"] == "February 17, 2015 at 9:56 am"
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


def _with_dates(post: CleanPost, published: datetime | None, *comment_dates: datetime | None,
                text: str | None = None, comment_text: str | None = None) -> CleanPost:
    """The post with these dates, and the page's words for them (``text``, ``comment_text``)."""
    from dataclasses import replace

    comments = tuple(replace(post.comments[0], comment_id=f"p1-c{i:04d}", published=d, published_raw=comment_text)
                     for i, d in enumerate(comment_dates))
    return replace(post, published=published, published_raw=text, comments=comments)


def test_pandas_reads_integer_doses_boolean_flags_and_utc_times_without_arguments(tmp_path: Path) -> None:
    undosed = ExerciseRecord(**{**{f: getattr(make_exercise(), f) for f in ExerciseRecord.__slots__},
                                "exercise_id": "p1-e001", "dose": Dose.empty()})
    with TableWriter(tmp_path) as writer:
        writer.add("posts", [post_row(make_post())])
        writer.add("comments", comment_rows(make_post()))
        writer.add("exercises", [exercise_row(make_exercise()), exercise_row(undosed)])

    exercises = pd.read_parquet(tmp_path / "exercises.parquet")
    posts = pd.read_parquet(tmp_path / "posts.parquet")
    assert {c: str(exercises[c].dtype) for c in ("sets", "sets_max", "reps", "reps_max", "char_start")} == dict.fromkeys(
        ("sets", "sets_max", "reps", "reps_max", "char_start"), "Int64")
    assert exercises["sets"].tolist() == [2, pd.NA] and exercises["reps"].tolist() == [15, pd.NA]
    assert str(exercises["per_side"].dtype) == "boolean" and exercises["per_side"].isna().all()
    assert str(exercises["prescribed"].dtype) == "boolean"
    assert str(posts["published"].dtype) == "datetime64[us, UTC]"
    assert posts["published"][0] == pd.Timestamp("2015-02-17T10:00:00Z")
    assert str(posts["word_count"].dtype) == "Int64"


def test_a_date_alone_is_day_precise_and_keeps_no_invented_zone() -> None:
    row = post_row(_with_dates(make_post(), datetime(2014, 9, 15), text="September 15, 2014"))

    assert (row["published"], row["published_local"]) == (None, datetime(2014, 9, 15))
    assert (row["published_precision"], row["published_text"]) == ("day", "September 15, 2014")


def test_seconds_and_fractions_are_second_precise() -> None:
    row = post_row(_with_dates(make_post(), datetime(2015, 3, 17, 16, 27, 40, 294000, tzinfo=timezone.utc),
                               text="2015-03-17T16:27:40.294Z"))

    assert row["published_precision"] == "second"
    assert row["published_text"] == "2015-03-17T16:27:40.294Z"
    assert row["published"] == datetime(2015, 3, 17, 16, 27, 40, 294000, tzinfo=timezone.utc)


def test_a_comment_time_shown_without_a_zone_takes_the_post_dates_offset_when_it_is_not_utc() -> None:
    # WordPress shows comment times in the site's zone, without an offset; a post date of -05:00 says the zone
    post = _with_dates(make_post(), datetime(2018, 9, 10, 16, 25, 36, tzinfo=EST), datetime(2018, 9, 12, 16, 47),
                       comment_text="September 12, 2018 at 4:47 pm")

    [row] = comment_rows(post)

    assert row["published"] == datetime(2018, 9, 12, 21, 47, tzinfo=timezone.utc)
    assert (row["published_local"], row["published_text"]) == (datetime(2018, 9, 12, 16, 47),
                                                                "September 12, 2018 at 4:47 pm")


def test_a_comment_time_without_a_zone_stays_unzoned_when_the_post_date_is_in_utc_or_unzoned() -> None:
    # +00:00 may be the site's zone or UTC written in its place (Yoast): not evidence of the site's zone
    for post_date in (datetime(2011, 7, 11, 15, 10, 31, tzinfo=timezone.utc), datetime(2011, 7, 11, 15, 10, 31), None):
        [row] = comment_rows(_with_dates(make_post(), post_date, datetime(2011, 7, 11, 12, 25)))

        assert row["published"] is None and row["published_local"] == datetime(2011, 7, 11, 12, 25)
        assert row["published_precision"] == "minute"


def test_every_parquet_field_carries_its_description(tmp_path: Path) -> None:
    with TableWriter(tmp_path):
        pass

    for table, columns in TABLES.items():
        fields = pq.read_schema(tmp_path / f"{table}.parquet")
        assert {f.name: f.metadata[b"description"].decode() for f in fields} == {c.name: c.description for c in columns}


@pytest.mark.parametrize(("load", "kg"), [
    ("10 lb", 4.536), ("95 lb", 43.091), ("5 kg", 5.0), ("8-16 kg", 8.0), ("2.5 kg", 2.5), ("bodyweight", None), (None, None),
])
def test_load_is_also_given_in_kilograms_lower_bound_of_a_range(load: str | None, kg: float | None) -> None:
    assert exercise_row(_dosed(load=load))["load_kg"] == kg


@pytest.mark.parametrize(("frequency", "per_week"), [
    ("daily", 7.0), ("every other day", 3.5), ("3x/week", 3.0), ("2-3x/week", 2.0), ("2x/day", 14.0),
    ("1x/week", 1.0), ("1x/month", 0.23), ("after every run", None), ("a few times/week", None), (None, None),
])
def test_frequency_is_also_given_as_sessions_per_week(frequency: str | None, per_week: float | None) -> None:
    assert exercise_row(_dosed(frequency=frequency))["sessions_per_week"] == per_week


def test_the_setting_is_a_list_in_the_order_stated(tmp_path: Path) -> None:
    from dataclasses import replace

    rows = [exercise_row(replace(make_exercise(), exercise_id=f"p1-e00{i}", setting=setting))
            for i, setting in enumerate(("clinic, home", "gym", None))]
    with TableWriter(tmp_path) as writer:
        writer.add("exercises", rows)

    assert pq.read_table(tmp_path / "exercises.parquet").column("setting").to_pylist() == [["clinic", "home"], ["gym"], []]


def _dosed(**dose: object) -> ExerciseRecord:
    from dataclasses import replace

    return replace(make_exercise(), dose=replace(Dose.empty(), **dose))


def test_tables_can_also_be_written_as_csv_and_json_lines_with_lists_as_json(tmp_path: Path) -> None:
    post = make_post()
    with TableWriter(tmp_path, copies=("csv", "jsonl")) as writer:
        writer.add("posts", [post_row(post)])
        writer.add("exercises", [exercise_row(make_exercise())])

    with open(tmp_path / "exercises.csv", encoding="utf-8", newline="") as handle:
        [row] = list(csv.DictReader(handle))
    assert (row["name"], row["sets"], row["reps"], row["sets_max"]) == ("glute bridge", "2", "15", "")
    assert json.loads(row["muscles"]) == ["glutes"] and json.loads(row["setting"]) == ["home"]
    assert (row["prescribed"], row["per_side"]) == ("true", "")
    [line] = (tmp_path / "posts.jsonl").read_text(encoding="utf-8").splitlines()
    jsonl = json.loads(line)
    assert jsonl["categories"] == ["Injuries"] and jsonl["published"] == "2015-02-17T10:00:00+00:00"
    assert jsonl["blocks"][0]["kind"] == "heading" and jsonl["comment_widget"] is None
    assert (tmp_path / "errors.csv").read_text(encoding="utf-8") == "source_path,stage,severity,error\n"


def test_extract_format_jsonl_writes_every_table_beside_its_parquet(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from tests.support.paths import SAMPLES
    from pipeline.cli import app

    result = CliRunner().invoke(app, ["extract", str(SAMPLES), "--out", str(tmp_path), "--format", "jsonl",
                                      "--no-progress"])

    assert result.exit_code == 0, result.output
    for table in TABLES:
        rows = (tmp_path / f"{table}.jsonl").read_text(encoding="utf-8").splitlines()
        assert len(rows) == pq.read_metadata(tmp_path / f"{table}.parquet").num_rows
    assert pq.read_metadata(tmp_path / "exercises.parquet").num_rows > 0


def test_a_run_without_a_format_drops_the_copies_an_earlier_run_published(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from tests.support.paths import SAMPLES
    from pipeline.cli import app

    founding = sorted(SAMPLES.glob("*.html"))[:1]
    for extra in (["--format", "csv"], []):
        result = CliRunner().invoke(app, ["extract", *map(str, founding), "--out", str(tmp_path), "--no-progress",
                                          *extra])
        assert result.exit_code == 0, result.output
    assert not list(tmp_path.glob("*.csv"))                     # no link left pointing at nothing
    assert (tmp_path / "posts.parquet").exists()


def test_an_unknown_table_format_is_refused_by_name(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="no such table format: xml"):
        TableWriter(tmp_path, copies=("xml",))
    assert list(tmp_path.iterdir()) == []          # nothing started


def test_the_text_columns_hold_each_date_as_the_page_writes_it() -> None:
    from tests.support.cleaning import clean_bytes
    page = ("<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'><title>Calf raises</title>"
            "<meta property='article:modified_time' content='2015-03-05T08:40:11+00:00'></head><body>"
            "<article class='post'><header class='entry-header'><h1 class='entry-title'>Calf raises</h1>"
            "<span class='posted-on'><a href='/2015/03/03/calf-raises/'><time class='entry-date published' "
            "datetime='2015-03-03T19:12:00+00:00'>March 3, 2015</time></a></span></header>"
            "<div class='entry-content'><p>Do 3 sets of 15 calf raises on a step every day after your run.</p></div>"
            "<div id='comments'><ol class='comment-list'><li id='comment-7' class='comment depth-1'>"
            "<article class='comment-body'><footer class='comment-meta'><div class='comment-author vcard'>"
            "<b class='fn'>Ann</b></div><div class='comment-metadata'><a href='/2015/03/03/calf-raises/#comment-7'>"
            "March 4, 2015 at 8:01 am</a></div></footer><div class='comment-content'><p>Do I keep my knees straight?"
            "</p></div></article></li></ol></div></article></body></html>").encode()
    post = clean_bytes(page)

    row, [comment] = post_row(post), comment_rows(post)

    assert (row["published_text"], row["published_precision"]) == ("2015-03-03T19:12:00+00:00", "minute")
    assert row["modified_text"] == "2015-03-05T08:40:11+00:00"
    assert (comment["published_text"], comment["published_local"]) == ("March 4, 2015 at 8:01 am",
                                                                       datetime(2015, 3, 4, 8, 1))
    assert "exactly as the page writes it" in next(c.description for c in TABLES["comments"]
                                                     if c.name == "published_text")
