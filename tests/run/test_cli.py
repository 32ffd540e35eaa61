"""Specification of the command line: a thin layer over the library."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pyarrow.parquet as pq

from tests.support.paths import REPO, SAMPLES

BLOGRX = Path(sys.executable).with_name("blogrx")


def sh(*args: str, cwd: Path = REPO) -> subprocess.CompletedProcess:
    env = {**os.environ, "COLUMNS": "200"}  # typer boxes its errors to the terminal width
    return subprocess.run(args, cwd=cwd, capture_output=True, text=True, timeout=300, env=env)


def test_blogrx_help_lists_the_commands() -> None:
    result = sh(str(BLOGRX), "--help")

    assert result.returncode == 0, result.stderr
    assert "extract" in result.stdout and "clean-html" in result.stdout


def test_python_dash_m_pipeline_help_works_too() -> None:
    result = sh(sys.executable, "-m", "pipeline", "--help")

    assert result.returncode == 0, result.stderr
    assert "extract" in result.stdout


def test_extract_writes_the_tables_for_the_sample_posts(tmp_path: Path) -> None:
    result = sh(str(BLOGRX), "extract", str(SAMPLES), "--out", str(tmp_path))

    assert result.returncode == 0, result.stderr
    assert "posts" in result.stdout
    posts = pq.read_table(tmp_path / "posts.parquet")
    assert posts.num_rows == len(list(SAMPLES.glob("*.html")))


def test_extract_refuses_a_missing_input_before_doing_any_work(tmp_path: Path) -> None:
    result = sh(str(BLOGRX), "extract", str(tmp_path / "nowhere"), "--out", str(tmp_path / "out"))

    assert result.returncode != 0
    assert "nowhere" in result.stderr and "does not exist" in result.stderr
    assert not (tmp_path / "out").exists()


def test_clean_html_prints_the_post_record_as_json() -> None:
    result = sh(str(BLOGRX), "clean-html", str(SAMPLES / "milebymile-pt-week-2.html"), "--no-comments")

    assert result.returncode == 0, result.stderr
    assert '"title": "Adventures in Physical Therapy Week 2' in result.stdout
    assert '"comments"' not in result.stdout


def test_clean_html_reports_a_bad_page_in_one_line(tmp_path: Path) -> None:
    empty = tmp_path / "empty.html"
    empty.write_bytes(b"")

    result = sh(str(BLOGRX), "clean-html", str(empty))

    assert result.returncode == 1
    assert result.stderr.strip() == f"blogrx: {empty}: file is empty"


def bad_pages(folder: Path) -> Path:
    folder.mkdir()
    (folder / "empty.html").write_bytes(b"")
    (folder / "notes.html").write_text("just a line of text", encoding="utf-8")
    return folder


def test_extract_exits_1_when_every_input_failed_and_summarises_the_error_rows(tmp_path: Path) -> None:
    pages = bad_pages(tmp_path / "pages")
    out = tmp_path / "out"

    result = sh(str(BLOGRX), "extract", str(pages), "--out", str(out))

    assert result.returncode == 1
    assert result.stderr.splitlines() == [
        f"blogrx: warning: 2 inputs failed: {pages / 'empty.html'}: file is empty; "
        f"{pages / 'notes.html'}: plain text with no HTML markup; see {out / 'errors.parquet'}",
        "blogrx: error: every input failed (2 of 2); no post was read",
    ]
    assert pq.read_table(out / "errors.parquet").num_rows == 2      # the tables say why, all the same


def test_extract_exits_0_when_some_inputs_failed_and_names_them(tmp_path: Path) -> None:
    pages = bad_pages(tmp_path / "pages")
    (pages / "post.html").write_bytes((SAMPLES / "milebymile-pt-week-2.html").read_bytes())
    out = tmp_path / "out"

    result = sh(str(BLOGRX), "extract", str(pages), "--out", str(out))

    assert result.returncode == 0, result.stderr
    assert result.stderr.startswith(f"blogrx: warning: 2 inputs failed: {pages / 'empty.html'}: file is empty; ")
    assert result.stderr.rstrip().endswith(f"see {out / 'errors.parquet'}")
    assert "3 inputs -> 1 posts" in result.stdout


def test_the_summary_names_five_failed_inputs_and_counts_the_rest(tmp_path: Path) -> None:
    pages = tmp_path / "pages"
    pages.mkdir()
    for n in range(7):
        (pages / f"empty-{n}.html").write_bytes(b"")

    result = sh(str(BLOGRX), "extract", str(pages), "--out", str(tmp_path / "out"))

    first = result.stderr.splitlines()[0]
    assert first.startswith("blogrx: warning: 7 inputs failed: ")
    assert first.count("file is empty") == 5 and "; and 2 more; see " in first


def test_extract_over_no_input_warns_writes_empty_tables_and_exits_0(tmp_path: Path) -> None:
    empty = tmp_path / "empty"
    empty.mkdir()
    out = tmp_path / "out"

    result = sh(str(BLOGRX), "extract", str(empty), "--out", str(out))

    assert result.returncode == 0, result.stderr
    assert result.stderr.strip() == (f"blogrx: warning: no inputs in {empty} (saved pages .html / .html.gz, "
                                     f".warc archives, .txt / .md posts); wrote empty tables in {out}")
    assert pq.read_table(out / "posts.parquet").num_rows == 0


def test_a_url_given_to_extract_is_pointed_at_scrape_before_any_work(tmp_path: Path) -> None:
    url = "https://blog.example.org/2024/05/calf-raises/"

    result = sh(str(BLOGRX), "extract", url, "--out", str(tmp_path / "out"))

    assert result.returncode == 2
    assert result.stderr.strip() == (f"blogrx: {url}: a URL, not a file or folder; fetch it first with "
                                     f"`blogrx scrape {url} --out data/raw`, then run `blogrx extract data/raw`")
    assert not (tmp_path / "out").exists()


def test_verbose_says_what_it_does_on_stderr_and_quiet_says_only_errors(tmp_path: Path) -> None:
    pages = bad_pages(tmp_path / "pages")
    (pages / "post.html").write_bytes((SAMPLES / "milebymile-pt-week-2.html").read_bytes())

    plain = sh(str(BLOGRX), "extract", str(pages), "--out", str(tmp_path / "a"))
    verbose = sh(str(BLOGRX), "extract", str(pages), "--out", str(tmp_path / "b"), "-v")
    verbose_first = sh(str(BLOGRX), "-v", "extract", str(pages), "--out", str(tmp_path / "c"))
    quiet = sh(str(BLOGRX), "extract", str(pages), "--out", str(tmp_path / "d"), "-q")

    progress = f"extracting from {pages} into {tmp_path / 'b'}"
    assert progress not in plain.stderr and "inputs failed" in plain.stderr
    assert progress in verbose.stderr.splitlines() and "inputs failed" in verbose.stderr
    assert f"extracting from {pages} into {tmp_path / 'c'}" in verbose_first.stderr.splitlines()
    assert (quiet.returncode, quiet.stdout, quiet.stderr) == (0, "", "")


def test_extract_keeps_its_own_files_in_the_work_folder_and_v_says_what_each_shard_did(tmp_path: Path) -> None:
    out, work = tmp_path / "out", tmp_path / "work"
    command = [str(BLOGRX), "extract", str(SAMPLES), "--out", str(out), "--work", str(work), "--no-progress",
               "--shard-size", "1"]

    first = sh(*command, "-v")
    again = sh(*command, "-vv")
    plain = sh(*command)

    assert first.returncode == again.returncode == plain.returncode == 0, first.stderr
    inputs = len(list(SAMPLES.glob("*.html")))
    lines = first.stderr.splitlines()
    assert f"{inputs} inputs found in {SAMPLES}" in lines
    shards = [line for line in lines if line.startswith("shard ")]
    assert len(shards) > 1 and all(re.fullmatch(rf"shard \d of {len(shards)} \(\d inputs?\) done: \d posts?, "
                                                r"0 error rows", line) for line in shards)
    assert any(line.startswith(f"published in {out}: posts ({inputs} rows), ") for line in lines)
    reused = [line for line in again.stderr.splitlines() if line.startswith("shard ")]
    assert len(reused) == len(shards) and all(line.endswith(") reused (its inputs are unchanged since the last run)")
                                              for line in reused)
    assert f"the shard parts are kept in {work / '_shards'}" in again.stderr.splitlines()   # -vv: debugging too
    assert plain.stderr == ""
    assert "_shards" in os.listdir(work) and "_shards" not in os.listdir(out)


def test_quiet_still_reports_a_run_where_every_input_failed(tmp_path: Path) -> None:
    pages = bad_pages(tmp_path / "pages")

    result = sh(str(BLOGRX), "extract", str(pages), "--out", str(tmp_path / "out"), "--quiet")

    assert result.returncode == 1
    assert result.stderr == "blogrx: error: every input failed (2 of 2); no post was read\n"


def test_help_shows_the_defaults_and_no_type_beside_a_flag() -> None:
    for command in ("extract", "scrape", "clean-html"):
        result = sh(str(BLOGRX), command, "--help")

        assert result.returncode == 0, result.stderr
        assert "<bool>" not in result.stdout, command
    extract_help = " ".join(sh(str(BLOGRX), "extract", "--help").stdout.split())
    assert "[default: data/raw]" in extract_help and "[default: data/processed]" in extract_help
    assert "--pseudonymize Replace" in extract_help and "-v, --verbose" in extract_help
    scrape_help = " ".join(sh(str(BLOGRX), "scrape", "--help").stdout.split())
    assert "[default: data/raw]" in scrape_help
