"""Scraping a blog politely and resumably, against a real HTTP server on 127.0.0.1.

The server (tests/support/http_site.py) logs every request it receives; politeness is asserted from
that log, not from what the client believes it did.
"""

from __future__ import annotations

import gzip
import os
import signal
import subprocess
import sys
import time
from datetime import datetime, timezone
from pathlib import Path

import pyarrow.parquet as pq
import pytest

from pipeline.errors import ScrapeError
from pipeline.run import run
from pipeline.scrape import FetchOptions, ScrapeOptions, read_manifest, scrape
from pipeline.sources import read_page
from tests.support.http_site import PAGES, SLOW_SECONDS, start_site, stop_site, write_url_file
from tests.support.paths import REPO

DELAY = 0.15
FAST = FetchOptions(delay=DELAY, timeout=0.5, retries=2, backoff=0.05, max_page_bytes=200_000,
                    max_redirects=4, contact="https://example.org/blogrx-study")


@pytest.fixture()
def site():
    served = start_site()
    yield served
    stop_site(served)


def options(out: Path, **changes) -> ScrapeOptions:
    return ScrapeOptions(out=out, fetch=FAST, **changes)


def assert_polite(site, since: int = 0) -> None:
    """No disallowed path requested; within one scrape (from request `since` of the server's
    log on), requests to the host never closer together than the delay."""
    assert not [p for p in site.paths() if p.startswith("/private/")]
    times = [entry.at for entry in site.log[since:]]
    gaps = [b - a for a, b in zip(times, times[1:])]
    assert min(gaps) >= DELAY, f"two requests {min(gaps):.3f} s apart"


def test_a_sitemap_index_from_robots_txt_is_scraped_politely(site, tmp_path: Path) -> None:
    summary = scrape(sitemaps=[site.url("/robots.txt")], options=options(tmp_path))

    assert_polite(site)
    manifest = read_manifest(tmp_path / "manifest.jsonl")
    assert set(manifest) == {site.url(p) for p in (*PAGES, "/private/notes/", "/flaky/", "/busy/")}
    assert manifest[site.url("/private/notes/")].error.endswith("disallowed by robots.txt")
    assert manifest[site.url("/flaky/")].ok and manifest[site.url("/flaky/")].attempts == 3
    assert manifest[site.url("/busy/")].ok and manifest[site.url("/busy/")].attempts == 2
    busy = [e.at for e in site.log if e.path == "/busy/"]
    assert busy[1] - busy[0] >= 1.0                      # Retry-After: 1 was honoured
    assert summary.fetched == 6 and summary.failed == 1 and summary.retries == 3
    page = manifest[site.url("/posts/hip-routine/")]
    stored = gzip.decompress((tmp_path / page.path).read_bytes())
    assert page.path.startswith("127.0.0.1/hip-routine-") and page.path.endswith(".html.gz")
    assert stored == (REPO / "data" / "raw" / "samples" / PAGES["/posts/hip-routine/"]).read_bytes()
    assert page.etag and page.sha256 and page.bytes == len(stored) and page.status == 200
    assert all(e.headers["user-agent"].startswith("blogrx/") and "https://example.org/blogrx-study"
               in e.headers["user-agent"] for e in site.log)


def test_failures_are_recorded_with_their_reason_and_the_scrape_goes_on(site, tmp_path: Path) -> None:
    urls = write_url_file(tmp_path / "urls.txt", site,
                          ["/slow/", "/loop/a", "/huge/", "/gzipped/", "/missing/", "/posts/drills/"])

    summary = scrape(url_files=[urls], options=options(tmp_path / "raw"))

    assert_polite(site)
    manifest = read_manifest(tmp_path / "raw" / "manifest.jsonl")
    slow = manifest[site.url("/slow/")]
    assert slow.error == f"{site.url('/slow/')}: timed out (ReadTimeout) after 3 attempts" and slow.path is None
    assert site.hits["/slow/"] == 3
    assert "more than 4 redirects" in manifest[site.url("/loop/a")].error
    assert "larger than the 200,000-byte limit" in manifest[site.url("/huge/")].error
    assert manifest[site.url("/missing/")].error.endswith("HTTP 404")
    gzipped = manifest[site.url("/gzipped/")]
    assert gzipped.ok and gzip.decompress((tmp_path / "raw" / gzipped.path).read_bytes()).startswith(b"<!DOCTYPE")
    assert manifest[site.url("/posts/drills/")].ok
    assert summary.failed == 4 and summary.fetched == 2
    assert SLOW_SECONDS > FAST.timeout


def test_a_rerun_skips_what_is_done_and_refresh_asks_conditionally(site, tmp_path: Path) -> None:
    urls = [site.url(p) for p in PAGES]
    scrape(urls, options=options(tmp_path))
    first = len(site.log)

    again = scrape(urls, options=options(tmp_path))
    assert len(site.log) == first and again.already_done == 4      # nothing fetched again

    refreshed = scrape(urls, options=options(tmp_path, refresh=True))

    assert refreshed.not_modified == 4
    assert_polite(site, since=first)
    conditional = [e for e in site.log[first:] if e.path in PAGES]
    assert len(conditional) == 4 and all("if-none-match" in e.headers for e in conditional)
    assert all(r.status == 304 and r.ok for r in read_manifest(tmp_path / "manifest.jsonl").values())


def test_an_interrupted_scrape_run_again_fetches_each_url_once(site, tmp_path: Path) -> None:
    paths = [f"/posts/{name}/" for name in ("hip-routine", "ankle-diary", "drills", "pt-week-2")]
    urls = write_url_file(tmp_path / "urls.txt", site, [*paths, "/slow/"])
    out = tmp_path / "raw"
    command = [sys.executable, "-m", "pipeline", "scrape", "--urls", str(urls), "--out", str(out),
               "--delay", "0.3", "--no-progress"]
    process = subprocess.Popen(command, cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    manifest = out / "manifest.jsonl"
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline and process.poll() is None:
        if manifest.is_file() and len(manifest.read_text().splitlines()) >= 2:
            break
        time.sleep(0.02)
    os.kill(process.pid, signal.SIGKILL)
    process.wait()
    done_before = len(read_manifest(manifest))
    assert 2 <= done_before < 5

    summary = scrape(url_files=[urls], options=options(out))

    assert summary.already_done == done_before
    for path in paths:
        assert site.hits[path] == 1, path
    records = read_manifest(manifest)
    assert all(records[site.url(p)].ok for p in paths)
    assert "timed out" in records[site.url("/slow/")].error


def test_a_wordpress_site_is_read_through_its_rest_api_and_extracts_like_a_page(site, tmp_path: Path) -> None:
    raw = tmp_path / "raw"

    summary = scrape(wordpress=[site.root], options=options(raw))

    assert summary.fetched == 1
    assert_polite(site)
    assert [e.path for e in site.log if e.path.startswith("/wp-json/")] == [
        "/wp-json/wp/v2/posts", "/wp-json/wp/v2/comments", "/wp-json/wp/v2/comments"]
    run([raw], tmp_path / "out")
    [post] = pq.read_table(tmp_path / "out" / "posts.parquet").to_pylist()
    assert post["title"] == "Clamshells, Done Right – My Routine"
    assert post["author"] == "Maya Okafor" and post["categories"] == ["Injury Prevention"]
    assert post["platform"] == "wordpress-api"
    # the API's date_gmt, as the API writes it (UTC without an offset), read as UTC
    assert (post["published_text"], post["published"]) == ("2024-03-02T14:20:11",
                                                            datetime(2024, 3, 2, 14, 20, 11, tzinfo=timezone.utc))
    comments = pq.read_table(tmp_path / "out" / "comments.parquet").to_pylist()
    assert comments[0]["published_text"] == "2024-03-03T15:01:00"
    assert [(c["author"], c["depth"], c["is_post_author"]) for c in comments] == [
        ("Jen R.", 0, False), ("Maya Okafor", 1, True), ("Jen R.", 2, False), ("Sam", 0, False)]
    assert comments[1]["parent_id"] == comments[0]["comment_id"]
    assert comments[2]["parent_id"] == comments[1]["comment_id"]
    assert "@" not in comments[2]["text"]
    exercises = pq.read_table(tmp_path / "out" / "exercises.parquet").to_pylist()
    [exercise] = [e for e in exercises if e["source"] == "body"]
    assert exercise["name"] == "clamshell" and (exercise["sets"], exercise["reps"]) == (3, 15)


def test_extract_reads_a_scrape_folder_with_the_manifest_urls_and_fetch_dates(site, tmp_path: Path) -> None:
    raw = tmp_path / "raw"
    scrape([site.url("/posts/drills/")], options=options(raw))
    [record] = read_manifest(raw / "manifest.jsonl").values()

    page = read_page(raw / record.path)

    assert page.url == site.url("/posts/drills/")
    assert page.fetched_at is not None and page.fetched_at.isoformat().startswith(record.fetched_at[:19])

    run([raw], tmp_path / "out")
    [post] = pq.read_table(tmp_path / "out" / "posts.parquet").to_pylist()
    assert post["fetched_url"] == site.url("/posts/drills/")
    assert post["fetched_at"].isoformat().startswith(record.fetched_at[:19])
    assert page.http_charset == "utf-8"


def test_a_url_file_with_a_line_that_is_no_url_is_an_error_naming_the_line(tmp_path: Path) -> None:
    urls = tmp_path / "urls.txt"
    urls.write_text("https://example.org/a/\nnot a url\n", encoding="utf-8")

    with pytest.raises(ScrapeError, match=r"urls.txt: line 2: not an http\(s\) URL: 'not a url'$"):
        scrape(url_files=[urls], options=options(tmp_path / "raw"))


def scrape_command(*args: str) -> subprocess.CompletedProcess:
    """`blogrx scrape ARGS` as a user runs it, its output captured."""
    return subprocess.run([sys.executable, "-m", "pipeline", "scrape", *args],
                          cwd=REPO, capture_output=True, text=True, env={**os.environ, "COLUMNS": "200"})


def test_the_scrape_command_names_what_it_needs(tmp_path: Path) -> None:
    done = scrape_command("--out", str(tmp_path))
    assert done.returncode == 2
    assert "nothing to scrape" in done.stderr


def test_a_scrape_whose_every_fetch_failed_exits_non_zero(site, tmp_path: Path) -> None:
    missing = [site.url("/no/such/page/"), site.url("/nor/this/one/")]
    done = scrape_command(*missing, "--out", str(tmp_path), "--delay", "0", "--retries", "0", "--no-progress")
    assert done.returncode == 1, done.stdout + done.stderr
    assert "every fetch failed (2)" in done.stderr


def test_a_scrape_with_one_good_page_exits_zero(site, tmp_path: Path) -> None:
    urls = [site.url("/posts/drills/"), site.url("/no/such/page/")]
    done = scrape_command(*urls, "--out", str(tmp_path), "--delay", "0", "--retries", "0", "--no-progress")
    assert done.returncode == 0, done.stdout + done.stderr
