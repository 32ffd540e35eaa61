"""Specification of the command line: a thin layer over the library."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pyarrow.parquet as pq

from tests.paths import REPO, SAMPLES

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
