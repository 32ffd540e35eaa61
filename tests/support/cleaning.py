"""Shared test helpers: clean bytes or a fixture page straight into a CleanPost."""

from __future__ import annotations

from pipeline.clean import clean
from pipeline.records import CleanPost, RawPage
from tests.support.paths import FIXTURES


def clean_bytes(content: bytes, path: str = "page.html", http_charset: str | None = None,
                url: str | None = None) -> CleanPost:
    return clean(RawPage(source_path=path, content=content, url=url, fetched_at=None, http_charset=http_charset))


def clean_fixture(name: str) -> CleanPost:
    path = FIXTURES / "html" / name
    return clean_bytes(path.read_bytes(), path=str(path))
