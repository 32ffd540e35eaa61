"""Specification of sources: which files a run reads, and how they are read."""

from __future__ import annotations

import gzip
import os
from pathlib import Path

import pytest

from pipeline.errors import SourceError
from pipeline.sources import discover, iter_pages, read_page


def test_discover_takes_html_and_gzipped_html_from_folders_sorted(tmp_path: Path) -> None:
    (tmp_path / "b").mkdir()
    (tmp_path / "b" / "post.html.gz").write_bytes(gzip.compress(b"<html></html>"))
    (tmp_path / "a.html").write_text("<html></html>")
    (tmp_path / "README.txt").write_text("what this folder holds: no post")
    (tmp_path / "manifest.json").write_text("{}")

    assert discover([tmp_path]) == [tmp_path / "a.html", tmp_path / "b" / "post.html.gz"]


def test_discover_takes_a_file_named_on_its_own_whatever_its_suffix(tmp_path: Path) -> None:
    notes = tmp_path / "notes.txt"
    notes.write_text("plain text")

    assert discover([notes, notes]) == [notes]


def test_discover_rejects_a_missing_path_naming_it(tmp_path: Path) -> None:
    missing = tmp_path / "nowhere"

    with pytest.raises(SourceError, match=r"nowhere: no such file or folder"):
        discover([missing])


def test_read_page_gunzips_by_content_not_by_name(tmp_path: Path) -> None:
    page = tmp_path / "post.html"
    page.write_bytes(gzip.compress(b"<html><body><p>hi</p></body></html>"))

    raw = read_page(page)

    assert raw.content == b"<html><body><p>hi</p></body></html>"
    assert raw.source_path == str(page)


def test_read_page_names_the_file_when_gzip_is_corrupt(tmp_path: Path) -> None:
    page = tmp_path / "broken.html.gz"
    page.write_bytes(gzip.compress(b"<html>" * 100)[:20])

    with pytest.raises(SourceError, match=r"broken\.html\.gz: corrupt gzip data"):
        read_page(page)


# -- what a folder holds but cannot be used is an input too, so that reading it says why -----------

def test_discover_keeps_links_that_lead_nowhere_or_loop_so_that_reading_them_says_why(tmp_path: Path) -> None:
    (tmp_path / "post.html").write_text("<html></html>")
    (tmp_path / "gone.html").symlink_to(tmp_path / "deleted.html")
    (tmp_path / "loop.html").symlink_to(tmp_path / "loop.html")
    (tmp_path / "notes.json").symlink_to(tmp_path / "deleted.json")   # not a page: not an input

    assert discover([tmp_path]) == [tmp_path / "gone.html", tmp_path / "loop.html", tmp_path / "post.html"]
    with pytest.raises(SourceError, match=rf"^{tmp_path / 'gone.html'}: dangling symbolic link to "
                                          rf"{tmp_path / 'deleted.html'} \(no such file or folder\); not read$"):
        read_page(tmp_path / "gone.html")
    with pytest.raises(SourceError, match=rf"^{tmp_path / 'loop.html'}: symbolic link loop: "
                                          r"the link leads back to itself; not read$"):
        read_page(tmp_path / "loop.html")


def test_discover_follows_a_link_to_a_folder_once_and_reports_a_link_back_to_a_folder_above(tmp_path: Path) -> None:
    site = tmp_path / "site"
    site.mkdir()
    (site / "post.html").write_text("<html></html>")
    (tmp_path / "mirror").symlink_to(site)          # the same folder again: its pages are taken once
    (site / "up").symlink_to(tmp_path)              # a loop: followed, it would never end
    elsewhere = tmp_path.parent / f"{tmp_path.name}-elsewhere"
    elsewhere.mkdir()
    (elsewhere / "kept.html").write_text("<html></html>")
    (tmp_path / "linked").symlink_to(elsewhere)     # a folder that lives elsewhere: followed

    assert discover([tmp_path]) == [tmp_path / "linked" / "kept.html", site / "post.html", site / "up"]
    with pytest.raises(SourceError, match=rf"^{site / 'up'}: symbolic link loop: the link leads to {tmp_path}, "
                                          r"a folder that holds it; not followed$"):
        next(iter_pages(site / "up"))


def test_a_named_pipe_called_like_a_page_is_refused_not_waited_on(tmp_path: Path) -> None:
    pipe = tmp_path / "post.html"
    os.mkfifo(pipe)         # opened for reading, it would block until someone writes

    assert discover([tmp_path]) == [pipe]
    with pytest.raises(SourceError, match=rf"^{pipe}: not a regular file \(a named pipe, socket or device\); "
                                          r"not read$"):
        read_page(pipe)


# -- a page is read within --max-page-bytes, stored or decompressed ---------------------------------

def test_read_page_refuses_a_file_over_the_limit_naming_it_and_reads_one_at_the_limit(tmp_path: Path) -> None:
    page = tmp_path / "post.html"
    page.write_bytes(b"<html>" + b" " * 1018)        # 1 KiB exactly

    assert len(read_page(page, max_bytes=1024).content) == 1024
    with pytest.raises(SourceError, match=rf"^{page}: 1 KiB on disk, over the --max-page-bytes limit of "
                                          r"1,000 bytes; not read$"):
        read_page(page, max_bytes=1000)


def test_read_page_stops_decompressing_at_the_limit_and_names_it(tmp_path: Path) -> None:
    page = tmp_path / "post.html.gz"
    page.write_bytes(gzip.compress(b"<html><body>" + bytes(4 << 20)))   # 4 MiB of zeros in 4 KiB

    with pytest.raises(SourceError, match=rf"^{page}: gzip data expands to more than the --max-page-bytes "
                                          r"limit of 1 MiB; decompression stopped there$"):
        read_page(page, max_bytes=1 << 20)
    assert len(read_page(page, max_bytes=5 << 20).content) == 12 + (4 << 20)


def test_a_gzip_page_of_several_members_is_read_whole(tmp_path: Path) -> None:
    page = tmp_path / "post.html.gz"
    page.write_bytes(gzip.compress(b"<html><body><p>one</p>") + gzip.compress(b"<p>two</p></body></html>"))

    assert read_page(page).content == b"<html><body><p>one</p><p>two</p></body></html>"
