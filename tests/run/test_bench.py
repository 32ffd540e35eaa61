"""`make bench` (benchmarks/bench.py): the real-page corpus it measures on, and its skip without ../shared."""

from __future__ import annotations

import gzip

from benchmarks import bench
from pipeline.sources import discover, read_page


def test_the_real_page_corpus_is_every_page_copied_with_distinct_bytes(tmp_path):
    pages = tmp_path / "pages"
    (pages / "site").mkdir(parents=True)
    (pages / "site" / "post.html").write_bytes(b"<html><body><p>A post</p></body></html>")
    (pages / "other").mkdir()
    (pages / "other" / "post.html.gz").write_bytes(gzip.compress(b"<html><body><p>Another</p></body></html>"))
    sources = discover([pages])

    count = bench.copy_real(pages, sources, tmp_path / "real", 3)

    copies = discover([tmp_path / "real"])
    assert count == len(copies) == 6
    contents = [read_page(p).content for p in copies]
    assert len(set(contents)) == 6                      # no two copies alike, so nothing is reused
    assert all(c.startswith(b"<!-- blogrx bench copy ") for c in contents)
    assert sum(c.endswith(b"<p>Another</p></body></html>") for c in contents) == 3   # unzipped, whole
    assert {p.name for p in copies} == {"site__post.html", "other__post.html"}


def test_the_bench_skips_saying_why_when_the_shared_corpus_is_absent(tmp_path, monkeypatch, capsys):
    monkeypatch.setattr(bench, "DEFAULT_PAGES", tmp_path / "shared" / "corpus" / "html")
    assert bench.main([]) == 0
    assert "skipped" in capsys.readouterr().err


def test_the_bench_refuses_a_pages_folder_that_does_not_exist(tmp_path, capsys):
    assert bench.main([str(tmp_path / "nowhere")]) == 2
    assert "no such folder" in capsys.readouterr().err
