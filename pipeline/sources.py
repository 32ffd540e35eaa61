"""Where pages come from: saved ``.html`` / ``.html.gz`` pages and WARC archives.

``discover`` turns the paths a user gives into a sorted list of input files;
A page stored by ``blogrx scrape`` gets its URL, fetch time and HTTP charset from the
scrape's manifest.  ``iter_pages`` yields the pages of one input, one at a time: the page of a saved
file, or every HTML response of a ``.warc`` / ``.warc.gz`` archive with the URL and
fetch date the archive records.  ``read_page`` reads one saved page.  Problems raise
:class:`SourceError` naming the file (and the record's offset inside an archive).
"""

from __future__ import annotations

import gzip
import hashlib
import zlib
from collections.abc import Iterable, Iterator
from datetime import datetime
from functools import lru_cache
from pathlib import Path

from .errors import SourceError
from .records import RawPage
from .scrape.manifest import MANIFEST, FetchRecord, read_manifest

PAGE_SUFFIXES: tuple[str, ...] = (".html", ".htm", ".xhtml", ".html.gz", ".htm.gz", ".xhtml.gz",
                                  ".wp.json", ".wp.json.gz")   # the last two: WordPress API posts (scrape)
WARC_SUFFIXES: tuple[str, ...] = (".warc", ".warc.gz")
GZIP_MAGIC = b"\x1f\x8b"
HTML_TYPES: tuple[str, ...] = ("text/html", "application/xhtml+xml")


def is_page_file(path: Path) -> bool:
    """True for the file names a folder scan picks up (``post.html``, ``post.html.gz``...)."""
    name = path.name.lower()
    return any(name.endswith(suffix) for suffix in PAGE_SUFFIXES)


def is_warc_file(path: Path) -> bool:
    """True for web archives (``crawl.warc``, ``crawl.warc.gz``), read record by record."""
    name = path.name.lower()
    return any(name.endswith(suffix) for suffix in WARC_SUFFIXES)


def discover(paths: Iterable[Path]) -> list[Path]:
    """Expand files and folders into the input files to process, sorted, without duplicates.

    A file named on its own is always taken, whatever its name, so that a bad input
    gets its row in the errors table; inside folders only page files are taken.
    A path that does not exist raises :class:`SourceError`.
    """
    found: set[Path] = set()
    for path in paths:
        if path.is_dir():
            found.update(p for p in path.rglob("*") if p.is_file() and (is_page_file(p) or is_warc_file(p)))
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
    fetched = fetch_record(path)
    return RawPage(source_path=str(path), content=data,
                   url=(fetched.final_url or fetched.url) if fetched else None,
                   fetched_at=_iso_date(fetched.fetched_at) if fetched else None,
                   http_charset=_charset(fetched.content_type.partition(";")[2])
                   if fetched and fetched.content_type else None)


def fetch_record(path: Path) -> FetchRecord | None:
    """The scrape manifest's record for a page `blogrx scrape` stored (it sits in the page's
    folder or the one above), giving the page's URL, fetch time and HTTP charset."""
    for folder in (path.parent, path.parent.parent):
        manifest = folder / MANIFEST
        if manifest.is_file():
            index = _manifest_index(str(manifest.resolve()), manifest.stat().st_mtime_ns)
            record = index.get(str(path.resolve()))
            if record is not None:
                return record
    return None


@lru_cache(maxsize=16)
def _manifest_index(manifest: str, _mtime_ns: int) -> dict[str, FetchRecord]:
    folder = Path(manifest).parent
    return {str((folder / r.path).resolve()): r for r in read_manifest(Path(manifest)).values() if r.path}


def file_digest(path: Path) -> str:
    """sha256 of a file's bytes, read in chunks (inputs can be multi-gigabyte archives)."""
    digest = hashlib.sha256()
    try:
        with path.open("rb") as handle:
            for chunk in iter(lambda: handle.read(1 << 20), b""):
                digest.update(chunk)
    except OSError as exc:
        raise SourceError(str(path), f"cannot read file ({exc.strerror or exc})") from exc
    return digest.hexdigest()


def iter_pages(path: Path) -> Iterator[RawPage]:
    """The pages of one input: one for a saved page, every HTML response for a WARC archive."""
    if is_warc_file(path):
        yield from _warc_pages(path)
    else:
        yield read_page(path)


def _warc_pages(path: Path) -> Iterator[RawPage]:
    from warcio.archiveiterator import ArchiveIterator
    from warcio.exceptions import ArchiveLoadFailed

    try:
        handle = path.open("rb")
    except OSError as exc:
        raise SourceError(str(path), f"cannot read file ({exc.strerror or exc})") from exc
    with handle:
        records = ArchiveIterator(handle)
        offset = 0
        try:
            for record in records:
                if record.rec_type != "response" or record.http_headers is None:
                    continue
                content_type = record.http_headers.get_header("Content-Type") or ""
                mime, _, params = content_type.partition(";")
                if mime.strip().lower() not in HTML_TYPES:
                    continue
                content = record.content_stream().read()
                missing = getattr(record.raw_stream, "limit", 0)  # declared bytes the archive lacks
                offset = records.get_record_offset()  # only after reading: it skips to the record's end
                if missing:
                    raise SourceError(str(path), f"WARC record at offset {offset} is cut short "
                                                 f"({missing} of its {record.length} bytes missing)")
                yield RawPage(
                    source_path=f"{path}#{offset}",
                    content=content,
                    url=record.rec_headers.get_header("WARC-Target-URI"),
                    fetched_at=_iso_date(record.rec_headers.get_header("WARC-Date")),
                    http_charset=_charset(params),
                )
        except (ArchiveLoadFailed, OSError, EOFError, zlib.error, ValueError) as exc:
            detail = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
            raise SourceError(str(path), f"unreadable WARC data after offset {offset} ({detail})") from exc


def _iso_date(value: str | None) -> datetime | None:
    """An ISO 8601 time as WARC-Date and the manifest write it ("2024-05-01T10:00:00Z")."""
    if not value:
        return None
    try:
        return datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None


def _charset(params: str) -> str | None:
    for param in params.split(";"):
        key, _, value = param.partition("=")
        if key.strip().lower() == "charset" and value.strip():
            return value.strip().strip('"\'')
    return None
