"""Specification of a run: every input gives a post or an error row, and the run goes on."""

from __future__ import annotations

import json
import logging
import os
import re
import shutil
import stat
import subprocess
import sys
from pathlib import Path

import pyarrow.parquet as pq
import pytest

import pipeline.shards as shards_module
import pipeline.themes as themes_module
from pipeline.errors import ExportError, OutputLockedError
from pipeline.export import SHARD_TABLES
from pipeline.publish import output_lock, work_folder
from pipeline.run import RunOptions, run
from tests.support.paths import FOUNDING_PAGE, REPO, SAMPLES


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


PUBLISHED = ["README.md", "comment_themes.parquet", "comments.parquet", "datapackage.json", "errors.parquet",
             "exercises.parquet", "posts.parquet", "themes.parquet"]


def test_the_output_folder_holds_only_what_is_shared_and_the_shard_parts_are_kept_beside_it(tmp_path: Path) -> None:
    out = tmp_path / "out"

    run([SAMPLES], out, RunOptions(progress=False))

    # the tables, the data dictionary and the card; besides them only the switch (current, the
    # published generation it points at) and the run's lock, an empty file
    assert sorted(os.listdir(out)) == sorted([*PUBLISHED, ".blogrx.lock", "_generations", "current"])
    [generation] = (out / "_generations").iterdir()     # the one published set; nothing else is kept
    assert os.readlink(out / "current") == f"_generations/{generation.name}"
    assert sorted(os.listdir(generation)) == PUBLISHED
    for name in PUBLISHED:                              # the names users read lead into that set
        assert os.readlink(out / name) == f"current/{name}"
    assert (out / ".blogrx.lock").stat().st_size == 0
    everything = sorted(str(p.relative_to(out)) for p in out.rglob("*"))
    assert everything == sorted([*PUBLISHED, ".blogrx.lock", "_generations", "current",
                                 *(f"_generations/{generation.name}/{name}" for name in PUBLISHED),
                                 f"_generations/{generation.name}"])
    package = json.loads((out / "datapackage.json").read_text(encoding="utf-8"))
    assert sorted(r["path"] for r in package["resources"]) == sorted(n for n in PUBLISHED if n.endswith(".parquet"))

    work = tmp_path / ".out.blogrx-work"        # the run's own files: a hidden folder beside OUT
    assert work_folder(out) == work
    assert stat.S_IMODE(work.stat().st_mode) == 0o700
    parts = os.listdir(work / "_shards")        # complete shards, kept so the next run can reuse them
    assert parts and all("_SUCCESS.json" in os.listdir(work / "_shards" / part) for part in parts)
    # a part holds its tables for the merge and the marker, no data dictionary: it is never shared
    assert all(sorted(os.listdir(work / "_shards" / part)) == sorted(
        ["_SUCCESS.json", *(f"{table}.parquet" for table in SHARD_TABLES)]) for part in parts)


_GC_SCRIPT = """
import gc, sys
from pathlib import Path
from pipeline.run import run
run_module = sys.modules["pipeline.run"]
during = []
thaw = run_module.thaw
def watched_thaw():
    during.append(gc.get_freeze_count())
    thaw()
run_module.thaw = watched_thaw
if sys.argv[2] == "frozen":
    gc.freeze()         # the program's own choice, before it calls blogrx
before = gc.get_freeze_count()
run([Path(sys.argv[1])], Path(sys.argv[3]))
print(before, *during, gc.get_freeze_count())
"""


@pytest.mark.parametrize("program", ["plain", "frozen"])
def test_a_run_in_a_programs_own_process_leaves_its_garbage_collector_as_it_found_it(tmp_path: Path,
                                                                                      program: str) -> None:
    done = subprocess.run([sys.executable, "-c", _GC_SCRIPT, str(FOUNDING_PAGE), program, str(tmp_path / "out")],
                          capture_output=True, text=True, check=True, cwd=REPO)
    before, during, after = map(int, done.stdout.split())
    if program == "plain":
        # the shards' models were frozen out of the collector's sight while the run lasted, then given back
        assert before == 0 and during > 0 and after == 0
    else:
        # a program that froze its own objects keeps them frozen, and blogrx freezes nothing more
        assert 0 < after <= during <= before


def test_a_rerun_reuses_the_shards_of_the_work_folder_given(tmp_path: Path) -> None:
    out, work = tmp_path / "out", tmp_path / "cache" / "blogrx"

    first = run([SAMPLES], out, RunOptions(work=work, shard_size=1))
    again = run([SAMPLES], out, RunOptions(work=work, shard_size=1))

    assert first.reused_shards == 0 and again.reused_shards == again.shards == first.shards > 1
    assert len(os.listdir(work / "_shards")) == first.shards
    assert not (tmp_path / ".out.blogrx-work").exists() and "_shards" not in os.listdir(out)


@pytest.mark.parametrize("inside", [".", "_work", "_generations/work"])
def test_a_work_folder_inside_the_output_folder_is_refused_before_any_work(tmp_path: Path, inside: str) -> None:
    out = tmp_path / "out"

    with pytest.raises(ExportError) as refused:
        run([SAMPLES], out, RunOptions(work=out / inside))

    assert str(refused.value) == (f"{out / inside}: the work folder must be outside the output folder {out}, "
                                  "which is shared")
    assert not (out / "posts.parquet").exists() and not (out / inside / "_shards").exists()


def test_a_second_run_using_the_same_work_folder_refuses_at_once_naming_the_option(tmp_path: Path) -> None:
    work = tmp_path / "work"
    with output_lock(work, option="--work"):        # a run into another folder holds it
        with pytest.raises(OutputLockedError) as refused:
            run([SAMPLES], tmp_path / "out", RunOptions(work=work))

    assert str(refused.value) == (f"{work}: another blogrx run (pid {os.getpid()}) is writing into this folder; "
                                  "wait until it ends or use another --work")


def test_an_output_folder_of_the_old_layout_is_left_holding_only_what_is_shared(tmp_path: Path) -> None:
    # what an earlier blogrx left: its shard parts (and its salt, see test_privacy) inside OUT
    out = tmp_path / "out"
    run([SAMPLES], out)
    before = read(out, "posts")
    shutil.move(work_folder(out) / "_shards", out / "_shards")

    run([SAMPLES], out)

    assert sorted(os.listdir(out)) == sorted([*PUBLISHED, ".blogrx.lock", "_generations", "current"])
    assert read(out, "posts") == before


# -- what the library says while it runs ---------------------------------------------------------

@pytest.fixture()
def pipeline_log(caplog: pytest.LogCaptureFixture) -> pytest.LogCaptureFixture:
    """The ``pipeline`` logger's records at INFO and above (a CLI test in this process may have
    stopped it propagating to the root, where caplog listens)."""
    logger = logging.getLogger("pipeline")
    propagate = logger.propagate
    logger.propagate = True
    caplog.set_level(logging.INFO, logger="pipeline")
    yield caplog
    logger.propagate = propagate


def test_a_run_logs_its_inputs_each_shard_the_error_rows_and_the_tables_it_published(
        bad_inputs: Path, tmp_path: Path, pipeline_log: pytest.LogCaptureFixture) -> None:
    out = tmp_path / "out"

    summary = run([bad_inputs], out, RunOptions(shard_size=1))   # a shard per input
    first = [(r.name, r.getMessage()) for r in pipeline_log.records]
    pipeline_log.clear()
    run([bad_inputs], out, RunOptions(shard_size=1))
    again = [(r.name, r.getMessage()) for r in pipeline_log.records]

    assert first[0] == ("pipeline.run", f"5 inputs found in {bad_inputs}")
    done = _shard_lines(first)          # (inputs, posts, error rows) of each shard, as it finishes
    assert summary.shards == 5 and len(done) == summary.shards
    assert [sum(column) for column in zip(*done)] == [5, 1, 4]   # every input, the one post, 4 error rows
    rows = {t: len(read(out, t)) for t in ("posts", "comments", "exercises", "themes", "comment_themes", "errors")}
    assert rows["posts"] == 1 and rows["errors"] == 4 and rows["comments"] > 1
    assert ("pipeline.run", f"published in {out}: " + ", ".join(f"{t} ({n} row{'' if n == 1 else 's'})"
                                                                for t, n in rows.items())
            + ", datapackage.json, README.md") in first
    assert first[-1] == ("pipeline.run", f"4 error rows recorded in {out / 'errors.parquet'}")
    reused = [m for _, m in again if m.startswith("shard ")]
    assert len(reused) == summary.shards and all(
        re.fullmatch(rf"shard \d of {summary.shards} \(\d inputs?\) reused \(its inputs are unchanged since the "
                     r"last run\)", m) for m in reused)


def _shard_lines(records: list[tuple[str, str]]) -> list[tuple[int, int, int]]:
    """The shard lines as (inputs, posts, error rows), checked to count the shards 1 of N ... N of N."""
    lines = [m for _, m in records if m.startswith("shard ")]
    parsed = [re.fullmatch(r"shard (\d+) of (\d+) \((\d+) inputs?\) done: (\d+) posts?, (\d+) error rows?", m)
              for m in lines]
    assert all(parsed), lines
    assert [(int(p[1]), int(p[2])) for p in parsed] == [(i, len(lines)) for i in range(1, len(lines) + 1)]
    return [(int(p[3]), int(p[4]), int(p[5])) for p in parsed]


def test_the_library_writes_nothing_to_the_terminal_unless_the_application_configures_logging(
        tmp_path: Path) -> None:
    script = ("import logging, sys\n"
              "from pathlib import Path\n"
              "from pipeline.run import RunOptions, run\n"
              "logging.getLogger('pipeline.run').warning('a warning nobody asked to see')\n"
              f"run([Path({str(FOUNDING_PAGE)!r})], Path({str(tmp_path / 'out')!r}), RunOptions(themes=False))\n")
    quiet = subprocess.run([sys.executable, "-c", script], cwd=REPO, capture_output=True, text=True, timeout=300)
    configured = subprocess.run([sys.executable, "-c", "import logging; logging.basicConfig(level=logging.INFO)\n"
                                 + script], cwd=REPO, capture_output=True, text=True, timeout=300)

    assert (quiet.returncode, quiet.stdout, quiet.stderr) == (0, "", "")
    assert "WARNING:pipeline.run:a warning nobody asked to see" in configured.stderr.splitlines()
    assert "INFO:pipeline.run:1 input found in" in configured.stderr


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
