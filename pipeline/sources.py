"""Where pages come from: files and folders of saved ``.html`` / ``.html.gz`` pages.

``discover`` turns the paths a user gives into a sorted list of page files;
``read_page`` reads one of them into a :class:`RawPage`, raising
:class:`SourceError` with the file's name when it cannot be read.
"""

from __future__ import annotations

import gzip
import zlib
from collections.abc import Iterable
from pathlib import Path

from .errors import SourceError
from .records import RawPage

PAGE_SUFFIXES: tuple[str, ...] = (".html", ".htm", ".xhtml", ".html.gz", ".htm.gz", ".xhtml.gz")
GZIP_MAGIC = b"\x1f\x8b"


def is_page_file(path: Path) -> bool:
    """True for the file names a folder scan picks up (``post.html``, ``post.html.gz``...)."""
    name = path.name.lower()
    return any(name.endswith(suffix) for suffix in PAGE_SUFFIXES)


def discover(paths: Iterable[Path]) -> list[Path]:
    """Expand files and folders into the page files to process, sorted, without duplicates.

    A file named on its own is always taken, whatever its name, so that a bad input
    gets its row in the errors table; inside folders only page files are taken.
    A path that does not exist raises :class:`SourceError`.
    """
    found: set[Path] = set()
    for path in paths:
        if path.is_dir():
            found.update(p for p in path.rglob("*") if p.is_file() and is_page_file(p))
        elif path.is_file():
            found.add(path)
        else:
            raise SourceError(str(path), "no such file or folder")
    return sorted(found)


def read_page(path: Path) -> RawPage:
    """Read one saved page; gzip content is recognised by its magic bytes, not its name."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise SourceError(str(path), f"cannot read file ({exc.strerror or exc})") from exc
    if data.startswith(GZIP_MAGIC):
        try:
            data = gzip.decompress(data)
        except (OSError, EOFError, zlib.error) as exc:
            raise SourceError(str(path), f"corrupt gzip data ({exc})") from exc
    return RawPage(source_path=str(path), content=data, url=None, fetched_at=None, http_charset=None)
