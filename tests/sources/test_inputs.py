"""Specification of text inputs: posts kept as .txt or .md go through `blogrx extract` as the
plain-text path reads them (clean/text.py), with their URL from a sidecar .url file or front matter."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pyarrow.parquet as pq
import pytest

from pipeline import SourceError, clean, extract, load_extractor
from pipeline.clean.text import clean_text
from pipeline.sources import discover, read_page
from tests.support.paths import CORPUS, REPO

BLOGRX = Path(sys.executable).with_name("blogrx")
POSTS_TEXT = CORPUS / "posts-text"

KNEE_POST = """Knee homework, week 2

My physio gave me a short list to do every day:

- Straight leg raises: 3 sets of 12
- Wall sit, 3 x 30 seconds
"""

HIP_POST_MD = """---
title: "Hip strength for runners"
url: https://hips.example.org/2024/hip-strength
---
# Hip strength for runners

Do these after every run, **3 sets of 15** each:

- [Clamshells](https://hips.example.org/clamshells), 15 per side
- Glute bridges ![a bridge](bridge.jpg)
"""


def extract_files(*args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "COLUMNS": "200"}
    return subprocess.run([str(BLOGRX), "extract", *args], cwd=REPO, capture_output=True, text=True,
                          timeout=300, env=env)


@pytest.fixture
def text_posts(tmp_path: Path) -> Path:
    posts = tmp_path / "posts"
    posts.mkdir()
    (posts / "knee.txt").write_text(KNEE_POST, encoding="utf-8")
    (posts / "knee.url").write_text("https://knees.example.org/week-2\n", encoding="utf-8")
    (posts / "hips.md").write_text(HIP_POST_MD, encoding="utf-8")
    (posts / "README.md").write_text("# Posts\n\nWhat this folder holds: two posts.\n", encoding="utf-8")
    return posts


def test_a_folder_scan_takes_txt_and_md_posts_but_not_sidecars_or_the_folders_readme(text_posts: Path) -> None:
    assert discover([text_posts]) == [text_posts / "hips.md", text_posts / "knee.txt"]


def test_a_text_post_takes_its_url_and_site_from_its_sidecar(text_posts: Path) -> None:
    post = clean(read_page(text_posts / "knee.txt"))

    assert (post.url, post.site, post.platform) == ("https://knees.example.org/week-2", "knees.example.org", "text")
    assert post.title == "Knee homework, week 2"
    assert [b.kind for b in post.blocks] == ["heading", "paragraph", "list_item", "list_item"]


def test_a_text_post_reads_as_clean_text_reads_it(text_posts: Path) -> None:
    post = clean(read_page(text_posts / "knee.txt"))
    plain = clean_text(KNEE_POST, str(text_posts / "knee.txt"))

    assert (post.body_text, post.blocks) == (plain.body_text, plain.blocks)


def test_front_matter_gives_the_url_and_title_and_is_no_part_of_the_body(text_posts: Path) -> None:
    (text_posts / "hips.url").write_text("https://elsewhere.example.com/copy\n", encoding="utf-8")

    post = clean(read_page(text_posts / "hips.md"))

    assert post.url == "https://hips.example.org/2024/hip-strength"     # the post's own word wins
    assert post.title == "Hip strength for runners"
    assert "url:" not in post.body_text and "---" not in post.body_text


def test_markdown_links_images_and_emphasis_keep_only_their_text(text_posts: Path) -> None:
    post = clean(read_page(text_posts / "hips.md"))

    assert "Do these after every run, 3 sets of 15 each:" in post.body_text
    assert "Clamshells, 15 per side" in post.body_text and "](" not in post.body_text
    assert "Glute bridges a bridge" in post.body_text


def test_a_sidecar_without_a_url_is_refused_in_one_line_naming_it(text_posts: Path) -> None:
    (text_posts / "knee.url").write_text("see the blog\n", encoding="utf-8")

    with pytest.raises(SourceError) as caught:
        read_page(text_posts / "knee.txt")

    assert str(caught.value) == f"{text_posts / 'knee.txt'}: its sidecar knee.url holds no http(s) URL on its first line"


def test_extract_turns_text_posts_into_posts_and_exercises(text_posts: Path, tmp_path: Path) -> None:
    result = extract_files(str(text_posts), "--out", str(tmp_path / "out"))

    assert result.returncode == 0, result.stderr
    posts = pq.read_table(tmp_path / "out" / "posts.parquet").to_pandas()
    assert sorted(posts["url"]) == ["https://hips.example.org/2024/hip-strength", "https://knees.example.org/week-2"]
    exercises = pq.read_table(tmp_path / "out" / "exercises.parquet").to_pandas()
    doses = {row.name: (row.sets, row.reps) for row in exercises.itertuples()}
    assert doses["straight leg raise"] == (3, 12)
    assert {"clamshell", "glute bridge"} <= set(doses)
    assert pq.read_table(tmp_path / "out" / "errors.parquet").num_rows == 0


def test_a_list_of_urls_is_an_error_row_pointing_at_scrape(tmp_path: Path) -> None:
    urls = tmp_path / "urls.txt"
    urls.write_text("https://a.example.org/1\nhttps://b.example.org/2\n", encoding="utf-8")

    result = extract_files(str(urls), "--out", str(tmp_path / "out"))

    errors = pq.read_table(tmp_path / "out" / "errors.parquet").to_pylist()
    assert [e["error"] for e in errors] == [
        f"{urls}: a list of 2 URLs, not a post: fetch them with `blogrx scrape --urls {urls}`"]
    assert result.returncode == 1       # its only input failed


def test_html_detection_is_unchanged_for_a_page_named_html(tmp_path: Path) -> None:
    page = tmp_path / "post.html"
    page.write_text(KNEE_POST, encoding="utf-8")

    from pipeline import CleanError
    with pytest.raises(CleanError, match="plain text with no HTML markup"):
        clean(read_page(page))


def test_a_text_post_that_is_not_utf8_is_refused_in_one_line(tmp_path: Path) -> None:
    post = tmp_path / "latin.txt"
    post.write_bytes("Calf raises: 3 sets of 15 \u2014 caf\u00e9 style".encode("cp1252"))

    from pipeline import CleanError
    with pytest.raises(CleanError) as caught:
        clean(read_page(post))

    assert str(caught.value).startswith(f"{post}: not UTF-8 text (byte ")


def require_posts_text() -> Path:
    if not POSTS_TEXT.is_dir():
        pytest.skip(f"the posts-text corpus is not at {POSTS_TEXT} (../shared is absent beside the repo)")
    return POSTS_TEXT


def test_the_33_corpus_text_posts_become_33_posts_with_their_sidecar_urls(tmp_path: Path) -> None:
    folder = require_posts_text()
    files = sorted(folder.glob("*.txt"))

    result = extract_files(str(folder), "--out", str(tmp_path / "out"))

    assert result.returncode == 0, result.stderr
    assert len(files) == 33
    posts = pq.read_table(tmp_path / "out" / "posts.parquet").to_pandas()
    assert len(posts) == 33 and pq.read_table(tmp_path / "out" / "errors.parquet").num_rows == 0
    expected = {str(f): f.with_suffix(".url").read_text(encoding="utf-8").strip() for f in files}
    assert dict(zip(posts["source_path"], posts["url"])) == expected
    assert posts["site"].notna().all()


def test_a_corpus_text_post_gives_the_records_the_plain_text_path_gives() -> None:
    folder = require_posts_text()
    extractor = load_extractor()
    for path in sorted(folder.glob("*.txt"))[:8]:
        via_file = extract(clean(read_page(path)), extractor)
        via_text = extract(clean_text(path.read_text(encoding="utf-8"), str(path)), extractor)
        assert [(r.name, r.dose, r.evidence) for r in via_file] == [(r.name, r.dose, r.evidence) for r in via_text], path


def test_a_rerun_after_a_sidecar_changes_reads_the_new_url(text_posts: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert extract_files(str(text_posts), "--out", str(out)).returncode == 0
    (text_posts / "knee.url").write_text("https://knees.example.org/moved\n", encoding="utf-8")

    result = extract_files(str(text_posts), "--out", str(out))

    assert result.returncode == 0, result.stderr
    urls = set(pq.read_table(out / "posts.parquet").column("url").to_pylist())
    assert "https://knees.example.org/moved" in urls and "https://knees.example.org/week-2" not in urls
