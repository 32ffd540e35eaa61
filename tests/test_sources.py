"""Specification of sources: which files a run reads, and how they are read."""

from __future__ import annotations

import gzip
from pathlib import Path

import pytest

from pipeline.errors import SourceError
from pipeline.sources import discover, read_page


def test_discover_takes_html_and_gzipped_html_from_folders_sorted(tmp_path: Path) -> None:
    (tmp_path / "b").mkdir()
    (tmp_path / "b" / "post.html.gz").write_bytes(gzip.compress(b"<html></html>"))
    (tmp_path / "a.html").write_text("<html></html>")
    (tmp_path / "notes.txt").write_text("not a page")
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
