"""Specification of what one page may cost a run (issue 23): its bytes, decompressed or not,
and its time; and of inputs that cannot be read at all.  Each becomes an error row naming the
limit or the reason, and every other page gives the rows a clean run gives."""

from __future__ import annotations

import gzip
import io
import os
import shutil
import signal
import subprocess
import sys
import threading
import time
import zlib
from pathlib import Path

import pyarrow.parquet as pq
import pytest
from typer.testing import CliRunner
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

import pipeline.shards as shards_module
from pipeline.cli import app
from pipeline.limits import PageLimits
from pipeline.run import RunOptions, run
from pipeline.shards import process_page
from pipeline.sources import read_page
from tests.support.paths import FOUNDING_PAGE, REPO, SAMPLES
from tests.support.peak import peak_memory

GOOD_TABLES = ("posts", "comments", "exercises")


def read(out: Path, table: str) -> list[dict]:
    return pq.read_table(out / f"{table}.parquet").to_pylist()


def assert_same_rows(a: Path, b: Path, tables: tuple[str, ...] = GOOD_TABLES) -> None:
    for name in tables:
        assert pq.read_table(a / f"{name}.parquet").equals(pq.read_table(b / f"{name}.parquet")), name


def smallest_samples(count: int) -> list[Path]:
    return sorted(SAMPLES.glob("*.html"), key=lambda p: p.stat().st_size)[:count]


# -- bytes: --max-page-bytes, stored or decompressed -----------------------------------------------

def write_gzip_bomb(path: Path, expanded_mib: int) -> Path:
    """A .html.gz that expands to ``expanded_mib`` MiB: a page's first tags, then zeros, as a
    run of identical gzip members of 64 MiB each (made from 1 MiB at a time, never held whole)."""
    member_mib = 64
    compressor = zlib.compressobj(9, zlib.DEFLATED, 31)     # 31: a gzip member
    zeros = bytes(1 << 20)
    member = b"".join(compressor.compress(zeros) for _ in range(member_mib)) + compressor.flush()
    with path.open("wb") as out:
        out.write(gzip.compress(b"<html><body><p>"))
        for _ in range(expanded_mib // member_mib):
            out.write(member)
    return path


def test_a_gzip_bomb_of_1_gib_costs_the_run_its_limit_not_its_size_and_is_an_error_row(tmp_path: Path) -> None:
    pages = tmp_path / "pages"
    pages.mkdir()
    [good] = smallest_samples(1)
    shutil.copy(good, pages / good.name)
    bomb = write_gzip_bomb(pages / "bomb.html.gz", expanded_mib=1024)
    assert bomb.stat().st_size < 2 << 20      # 2 MiB on disk
    out = tmp_path / "out"

    status, peak_mib, stderr = peak_memory([sys.executable, "-m", "pipeline", "extract", str(pages), "--out", str(out),
                                            "--no-progress"])

    assert status == 0, stderr
    assert peak_mib < 512, f"peak {peak_mib:.0f} MiB for a page the limit stops at 50 MiB"
    [error] = read(out, "errors")
    assert error == {"source_path": str(bomb), "stage": "read", "severity": "error",
                     "error": f"{bomb}: gzip data expands to more than the --max-page-bytes limit of 50 MiB; "
                              "decompression stopped there"}
    clean = tmp_path / "clean"
    run([pages / good.name], clean)
    assert_same_rows(out, clean)


def test_a_page_over_the_byte_limit_is_an_error_row_naming_it_and_the_other_pages_are_as_in_a_clean_run(
        tmp_path: Path) -> None:
    big = FOUNDING_PAGE                     # about 180 KB
    others = [p for p in sorted(SAMPLES.glob("*.html")) if p != big]

    run([SAMPLES], tmp_path / "limited", RunOptions(limits=PageLimits(max_bytes=100 * 1024)))

    [error] = read(tmp_path / "limited", "errors")
    assert error["source_path"] == str(big) and error["stage"] == "read"
    assert error["error"] == (f"{big}: {big.stat().st_size:,} bytes on disk, over the --max-page-bytes limit "
                              "of 100 KiB; not read")
    run(others, tmp_path / "clean")
    assert_same_rows(tmp_path / "limited", tmp_path / "clean")


def write_warc(path: Path, bodies: list[bytes]) -> Path:
    """A gzipped WARC of one HTML response per body, each record its own gzip member."""
    buffer = io.BytesIO()
    writer = WARCWriter(buffer, gzip=True)
    for n, body in enumerate(bodies):
        headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html")], protocol="HTTP/1.1")
        writer.write_record(writer.create_warc_record(f"https://example.org/{n}/", "response",
                                                      payload=io.BytesIO(body), http_headers=headers))
    path.write_bytes(buffer.getvalue())
    return path


def test_a_warc_record_over_the_limit_is_an_error_row_and_the_archive_goes_on(tmp_path: Path) -> None:
    first, last = (p.read_bytes() for p in smallest_samples(2))
    huge = first.replace(b"</body>", b"<!--" + b" " * (8 << 20) + b"--></body>")    # 8 MiB, gzipped to ~8 KB
    warc = write_warc(tmp_path / "crawl.warc.gz", [first, huge, last])

    run([warc], tmp_path / "out", RunOptions(limits=PageLimits(max_bytes=1 << 20)))

    posts = read(tmp_path / "out", "posts")
    assert len(posts) == 2
    [error] = read(tmp_path / "out", "errors")
    offset = int(error["source_path"].rpartition("#")[2])
    assert error["source_path"] == f"{warc}#{offset}" and error["stage"] == "read"
    assert error["error"] == f"{warc}#{offset}: WARC record over the --max-page-bytes limit of 1 MiB; skipped"
    assert sorted(int(p["source_path"].rpartition("#")[2]) for p in posts + [error])[1] == offset  # the middle one
    (tmp_path / "clean").mkdir()
    run([write_warc(tmp_path / "clean" / "crawl.warc.gz", [first, last])], tmp_path / "clean" / "out")
    assert [p["post_id"] for p in posts] == [p["post_id"] for p in read(tmp_path / "clean" / "out", "posts")]


def test_extract_takes_the_byte_limit_as_an_option(tmp_path: Path) -> None:
    result = CliRunner().invoke(app, ["extract", str(FOUNDING_PAGE), "--out", str(tmp_path / "out"),
                                      "--max-page-bytes", "1000", "--no-progress"])

    assert result.exit_code == 1, result.output       # its one input failed: the run says so
    [error] = read(tmp_path / "out", "errors")
    assert error["error"].endswith("over the --max-page-bytes limit of 1,000 bytes; not read")


# -- time: --max-page-seconds, a last resort ---------------------------------------------------------

SLOW_PAGE = "trailmends-blogger-ankle-rehab.html"


def slow_for_one_page(stage, seconds: float = 60.0):
    """``stage`` (clean or extract), made to work for a minute on SLOW_PAGE."""
    def slow(first, *rest):
        path = first.source_path
        if path.endswith(SLOW_PAGE):
            deadline = time.monotonic() + seconds
            while time.monotonic() < deadline:
                time.sleep(0.01)
        return stage(first, *rest)
    return slow


@pytest.mark.parametrize("stage", ["clean", "extract"])
def test_a_page_over_the_time_limit_is_stopped_with_an_error_row_and_the_run_goes_on(
        tmp_path: Path, monkeypatch, stage: str) -> None:
    monkeypatch.setattr(shards_module, stage, slow_for_one_page(getattr(shards_module, stage)))
    handler_before = signal.getsignal(signal.SIGALRM)
    started = time.monotonic()

    run([SAMPLES], tmp_path / "out", RunOptions(limits=PageLimits(max_seconds=1)))

    assert time.monotonic() - started < 30
    slow = SAMPLES / SLOW_PAGE
    [error] = read(tmp_path / "out", "errors")
    assert error == {"source_path": str(slow), "stage": stage, "severity": "error",
                     "error": f"{slow}: took longer than the --max-page-seconds limit of 1 s; stopped in {stage}"}
    posts = {p["source_path"] for p in read(tmp_path / "out", "posts")}
    assert (str(slow) in posts) == (stage == "extract")     # cleaned in time, the post is kept
    assert signal.getitimer(signal.ITIMER_REAL) == (0.0, 0.0)
    assert signal.getsignal(signal.SIGALRM) is handler_before
    monkeypatch.undo()
    run([p for p in sorted(SAMPLES.glob("*.html")) if p != slow], tmp_path / "clean")
    for name in ("exercises",) if stage == "extract" else GOOD_TABLES:
        assert pq.read_table(tmp_path / "out" / f"{name}.parquet").equals(
            pq.read_table(tmp_path / "clean" / f"{name}.parquet")), name


def test_the_time_limit_holds_in_local_worker_processes(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setattr(shards_module, "extract", slow_for_one_page(shards_module.extract))  # (the workers are forked)

    run([SAMPLES], tmp_path / "out", RunOptions(jobs=2, shard_size=1, limits=PageLimits(max_seconds=1)))

    [error] = read(tmp_path / "out", "errors")
    assert error["error"] == (f"{SAMPLES / SLOW_PAGE}: took longer than the --max-page-seconds limit of 1 s; "
                              "stopped in extract")


def test_the_time_limit_holds_in_a_thread_as_dask_workers_run_shards(monkeypatch) -> None:
    from pipeline.shards import _worker_extractor

    page, extractor = read_page(SAMPLES / SLOW_PAGE), _worker_extractor()
    monkeypatch.setattr(shards_module, "clean", slow_for_one_page(shards_module.clean, seconds=30))
    results = []

    def work() -> None:
        results.append(process_page(page, extractor, limits=PageLimits(max_seconds=0.5)))

    thread = threading.Thread(target=work)
    started = time.monotonic()
    thread.start()
    thread.join(timeout=60)

    assert time.monotonic() - started < 20
    [result] = results
    assert result.post is None
    assert [e.error for e in result.errors] == [
        f"{page.source_path}: took longer than the --max-page-seconds limit of 0.5 s; stopped in clean"]


def test_extract_takes_the_time_limit_as_an_option(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setattr(shards_module, "clean", slow_for_one_page(shards_module.clean))

    result = CliRunner().invoke(app, ["extract", str(SAMPLES / SLOW_PAGE), "--out", str(tmp_path / "out"),
                                      "--max-page-seconds", "0.5", "--no-progress"])

    assert result.exit_code == 1, result.output       # its one input failed: the run says so
    [error] = read(tmp_path / "out", "errors")
    assert error["error"].endswith("took longer than the --max-page-seconds limit of 0.5 s; stopped in clean")


# -- inputs that cannot be read: a row each, with the reason -------------------------------------------

def test_links_that_lead_nowhere_or_loop_are_error_rows_and_the_run_goes_on(tmp_path: Path) -> None:
    pages = tmp_path / "pages"
    pages.mkdir()
    [good] = smallest_samples(1)
    shutil.copy(good, pages / good.name)
    (pages / "gone.html").symlink_to(pages / "deleted.html")
    (pages / "loop.html").symlink_to(pages / "loop.html")
    (pages / "up").symlink_to(pages)

    run([pages], tmp_path / "out")

    errors = {row["source_path"]: row["error"] for row in read(tmp_path / "out", "errors")}
    assert errors == {
        str(pages / "gone.html"): f"{pages / 'gone.html'}: dangling symbolic link to {pages / 'deleted.html'} "
                                  "(no such file or folder); not read",
        str(pages / "loop.html"): f"{pages / 'loop.html'}: symbolic link loop: the link leads back to itself; "
                                  "not read",
        str(pages / "up"): f"{pages / 'up'}: symbolic link loop: the link leads to {pages}, a folder that holds "
                           "it; not followed",
    }
    assert [p["source_path"] for p in read(tmp_path / "out", "posts")] == [str(pages / good.name)]


def _unprivileged() -> list[str]:
    """A command prefix under which file permissions hold: as root, without the capabilities that
    let root read anything (or a skip, saying why, when setpriv is missing)."""
    if os.geteuid() != 0:
        return []
    setpriv = shutil.which("setpriv")
    if setpriv is None:
        pytest.skip("running as root, and setpriv (util-linux) is not there to drop the capabilities "
                    "that read unreadable files")
    return [setpriv, "--inh-caps=-all", "--bounding-set=-dac_override,-dac_read_search"]


def test_a_folder_and_a_file_that_cannot_be_read_are_error_rows(tmp_path: Path) -> None:
    pages = tmp_path / "pages"
    (pages / "locked").mkdir(parents=True)
    [good] = smallest_samples(1)
    shutil.copy(good, pages / good.name)
    shutil.copy(good, pages / "locked" / "hidden.html")
    (pages / "secret.html").write_bytes(good.read_bytes() + b"<!-- secret -->")
    (pages / "secret.html").chmod(0)
    (pages / "locked").chmod(0)
    out = tmp_path / "out"
    try:
        finished = subprocess.run([*_unprivileged(), sys.executable, "-m", "pipeline", "extract", str(pages),
                                   "--out", str(out), "--no-progress"],
                                  cwd=REPO, capture_output=True, text=True, timeout=300)
    finally:
        (pages / "locked").chmod(0o755)
        (pages / "secret.html").chmod(0o644)

    assert finished.returncode == 0, finished.stderr
    errors = {row["source_path"]: row["error"] for row in read(out, "errors")}
    assert errors == {
        str(pages / "locked"): f"{pages / 'locked'}: cannot read folder (Permission denied); "
                               "the pages in it were not read",
        str(pages / "secret.html"): f"{pages / 'secret.html'}: cannot read file (Permission denied)",
    }
    assert [p["source_path"] for p in read(out, "posts")] == [str(pages / good.name)]
