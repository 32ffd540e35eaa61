"""Specification of a run: every input gives a post or an error row, and the run goes on."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pyarrow.parquet as pq
import pytest

import pipeline.shards as shards_module
import pipeline.themes as themes_module
from pipeline.run import RunOptions, run
from tests.support.paths import FOUNDING_PAGE, SAMPLES


def read(out: Path, table: str) -> list[dict]:
    return pq.read_table(out / f"{table}.parquet").to_pylist()


@pytest.fixture()
def bad_inputs(tmp_path: Path) -> Path:
    """A folder of one good page and the four kinds of bad input the brief names."""
    folder = tmp_path / "raw"
    folder.mkdir()
    shutil.copy(FOUNDING_PAGE, folder / "good.html")
    (folder / "empty.html").write_bytes(b"")
    (folder / "binary.html").write_bytes(bytes(range(256)) * 40)
    (folder / "truncated.html").write_bytes(FOUNDING_PAGE.read_bytes()[:9000])
    (folder / "plain.html").write_text("Just some notes about my run today.\nIt was cold.\n", encoding="utf-8")
    return folder


def test_each_bad_input_gives_one_error_row_naming_the_file_and_the_run_goes_on(bad_inputs: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"

    summary = run([bad_inputs], out)

    errors = {Path(e["source_path"]).name: e for e in read(out, "errors")}
    assert set(errors) == {"empty.html", "binary.html", "truncated.html", "plain.html"}
    assert errors["empty.html"]["error"] == f"{bad_inputs / 'empty.html'}: file is empty"
    assert "binary" in errors["binary.html"]["error"]
    assert "no HTML markup" in errors["plain.html"]["error"]
    assert errors["truncated.html"]["error"].endswith(
        "truncated page: the HTML stops without closing </body> or </html>; it ends before the post body begins")
    for name, row in errors.items():
        assert row["error"].startswith(str(bad_inputs / name) + ": ")
        assert "\n" not in row["error"]
    assert "good.html" in {Path(p["source_path"]).name for p in read(out, "posts")}
    assert summary.counts["errors"] == 4


def test_a_page_cut_off_in_its_comments_keeps_its_post_and_gets_a_warning_row(tmp_path: Path) -> None:
    page = FOUNDING_PAGE.read_bytes()
    cut = tmp_path / "cut.html"
    cut.write_bytes(page[: page.index(b'id="comments"') + 4000])

    run([cut], tmp_path / "out")

    [post] = read(tmp_path / "out", "posts")
    assert post["title"].startswith("Adventures in Physical Therapy Week 2")
    assert 0 < post["comment_count"] < 65
    [warning] = read(tmp_path / "out", "errors")
    assert warning["severity"] == "warning"
    assert warning["error"] == (f"{cut}: truncated page: the HTML stops without closing </body> or </html>; "
                                "the body or comments may be incomplete")


def test_a_plain_text_file_named_on_the_command_line_is_an_error_row(tmp_path: Path) -> None:
    notes = tmp_path / "notes.dat"      # (.txt and .md are text posts: tests/sources/test_inputs.py)
    notes.write_text("Ran 5 miles, then did 3 sets of 10 clamshells.", encoding="utf-8")

    run([notes], tmp_path / "out")

    [error] = read(tmp_path / "out", "errors")
    assert error["stage"] == "clean" and error["severity"] == "error"
    assert error["error"].startswith(f"{notes}: ")


def test_an_unexpected_failure_in_a_stage_is_recorded_and_the_run_goes_on(tmp_path: Path, monkeypatch) -> None:
    real_clean = shards_module.clean

    def flaky_clean(page):
        if page.source_path.endswith("blogger-ankle-rehab.html"):
            raise ValueError("unexpected markup")
        return real_clean(page)

    monkeypatch.setattr(shards_module, "clean", flaky_clean)
    out = tmp_path / "out"

    run([SAMPLES], out)

    [error] = read(out, "errors")
    assert error["stage"] == "clean"
    assert error["error"].endswith("blogger-ankle-rehab.html: unexpected ValueError in clean: unexpected markup")
    assert len(read(out, "posts")) == len(list(SAMPLES.glob("*.html"))) - 1


def test_a_rerun_over_the_same_inputs_gives_identical_tables(bad_inputs: Path, tmp_path: Path) -> None:
    shutil.copytree(SAMPLES, bad_inputs / "samples")
    first, second = tmp_path / "first", tmp_path / "second"

    run([bad_inputs], first)
    run([bad_inputs], second)

    for table in ("posts", "comments", "exercises", "errors"):
        assert pq.read_table(first / f"{table}.parquet").equals(pq.read_table(second / f"{table}.parquet")), table


def test_the_same_page_saved_twice_is_one_post_and_a_warning(tmp_path: Path) -> None:
    folder = tmp_path / "raw"
    folder.mkdir()
    shutil.copy(FOUNDING_PAGE, folder / "a.html")
    shutil.copy(FOUNDING_PAGE, folder / "b.html")

    run([folder], tmp_path / "out")

    assert len(read(tmp_path / "out", "posts")) == 1
    [warning] = read(tmp_path / "out", "errors")
    assert warning["severity"] == "warning"
    assert warning["error"] == f"{folder / 'b.html'}: same content as {folder / 'a.html'}; skipped as a duplicate"


def test_a_copy_in_another_shard_adds_no_second_set_of_thread_themes(tmp_path: Path) -> None:
    # each file its own shard: the workers fit both copies' thread themes, the merge keeps one post
    folder = tmp_path / "raw"
    folder.mkdir()
    shutil.copy(FOUNDING_PAGE, folder / "a.html")
    shutil.copy(FOUNDING_PAGE, folder / "b.html")
    run([folder], tmp_path / "two", RunOptions(shard_size=1))
    run([FOUNDING_PAGE], tmp_path / "one")

    assert read(tmp_path / "two", "themes") == read(tmp_path / "one", "themes")
    assert read(tmp_path / "two", "comment_themes") == read(tmp_path / "one", "comment_themes")
    assert any(t["scope"] == "post" for t in read(tmp_path / "one", "themes"))


def test_output_folder_holds_the_tables_the_data_dictionary_the_card_and_the_shard_parts(tmp_path: Path) -> None:
    out = tmp_path / "out"

    run([SAMPLES], out, RunOptions(progress=False))

    published = ["README.md", "comment_themes.parquet", "comments.parquet", "datapackage.json", "errors.parquet",
                 "exercises.parquet", "posts.parquet", "themes.parquet"]
    assert sorted(os.listdir(out)) == sorted([*published, ".blogrx.lock", "_generations", "_shards", "current"])
    [generation] = (out / "_generations").iterdir()     # the one published set; nothing else is kept
    assert os.readlink(out / "current") == f"_generations/{generation.name}"
    assert sorted(os.listdir(generation)) == published
    for name in published:                              # the names users read lead into that set
        assert os.readlink(out / name) == f"current/{name}"
    parts = os.listdir(out / "_shards")     # complete shards, kept so the next run can reuse them
    assert parts and all("_SUCCESS.json" in os.listdir(out / "_shards" / part) for part in parts)


def test_the_corpus_sample_keeps_one_string_per_distinct_term() -> None:
    # terms read back from the shards' parquet are each a string of their own; the sample of up
    # to MAX_FIT comments keeps one object per distinct word
    from pipeline.themes import Reading, ThemeInput

    first, second = "".join(["foam", "_roller"]), "".join(["foam_", "roller"])
    assert first == second and first is not second
    a, b = (themes_module._shared_words(ThemeInput(cid, "p", "text", Reading(False, (word, "calf"))))
            for cid, word in (("c1", first), ("c2", second)))

    assert a.reading.terms == b.reading.terms == ("foam_roller", "calf")
    assert a.reading.terms[0] is b.reading.terms[0]
