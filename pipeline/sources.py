"""Where pages come from: saved ``.html`` / ``.html.gz`` pages, WARC archives, and posts kept as
plain text or Markdown (``.txt``, ``.md``: cleaned by ``clean/text.py``).

``discover`` turns the paths a user gives into a sorted list of input files; it follows
links to folders (once per folder) and keeps, as inputs, what it finds but cannot use: a
link that leads nowhere or loops, a folder it cannot list, a pipe named like a page.
Opening one of those (:func:`open_input`) raises :class:`SourceError` with the reason, so
each gets its row in the errors table.
A page stored by ``blogrx scrape`` gets its URL, fetch time and HTTP charset from the
scrape's manifest.  ``iter_pages`` yields the pages of one input, one at a time: the page of a saved
file, or every HTML response of a ``.warc`` / ``.warc.gz`` archive with the URL and
fetch date the archive records.  ``read_page`` reads one saved page.  Problems raise
:class:`SourceError` naming the file (and the record's offset inside an archive); a WARC
record over the size limit is yielded as a SourceError in its place, and the archive goes on.
A text post's URL is read from its sidecar, ``<name>.url`` beside it (one line), when there is one.
A folder's ``README.md`` (or ``README.txt``, ``LICENSE``...) describes the folder and is no post;
named on its own, it is read as one.

A page is read streamed and never beyond ``max_bytes`` (``--max-page-bytes``), whether
stored (its bytes on disk, a WARC record) or decompressed (a ``.html.gz``, a gzipped WARC): a
page over the limit costs the limit, not its size, and its error names the limit.
"""

from __future__ import annotations

import errno
import gzip
import hashlib
import os
import stat
import zlib
from collections.abc import Iterable, Iterator
from datetime import datetime
from functools import lru_cache
from pathlib import Path
from typing import BinaryIO

from .errors import SourceError
from .limits import MAX_PAGE_BYTES, describe_bytes
from .records import TEXT_SUFFIXES, RawPage
from .scrape.manifest import MANIFEST, FetchRecord, read_manifest

PAGE_SUFFIXES: tuple[str, ...] = (".html", ".htm", ".xhtml", ".html.gz", ".htm.gz", ".xhtml.gz",
                                  ".wp.json", ".wp.json.gz")   # the last two: WordPress API posts (scrape)
WARC_SUFFIXES: tuple[str, ...] = (".warc", ".warc.gz")
GZIP_MAGIC = b"\x1f\x8b"
HTML_TYPES: tuple[str, ...] = ("text/html", "application/xhtml+xml")
SIDECAR = ".url"                # post.txt's URL is in post.url
NOT_POSTS: tuple[str, ...] = ("readme", "license", "licence", "changelog")   # a folder's notes, by file stem
Identity = tuple[int, int]      # a folder's (device, inode): the same folder, whatever the path leading to it


def is_page_file(path: Path) -> bool:
    """True for the file names a folder scan picks up (``post.html``, ``post.html.gz``...)."""
    name = path.name.lower()
    return any(name.endswith(suffix) for suffix in PAGE_SUFFIXES)


def is_text_file(path: Path) -> bool:
    """True for a post kept as text (``post.txt``, ``post.md``), unless it is a folder's notes
    (``README.md``)."""
    name = path.name.lower()
    return name.endswith(TEXT_SUFFIXES) and name.partition(".")[0] not in NOT_POSTS


def is_warc_file(path: Path) -> bool:
    """True for web archives (``crawl.warc``, ``crawl.warc.gz``), read record by record."""
    name = path.name.lower()
    return any(name.endswith(suffix) for suffix in WARC_SUFFIXES)


def discover(paths: Iterable[Path]) -> list[Path]:
    """Expand files and folders into the input files to process, sorted, without duplicates.

    A file named on its own is always taken, whatever its name, so that a bad input
    gets its row in the errors table; inside folders only page files are taken, and
    links to folders are followed (after the folders themselves: a folder reached both
    ways is read once, under its own path).  What a folder holds but cannot be used is
    taken too, so that reading it says why (:func:`read_page`): a link that leads
    nowhere or back to a folder that holds it, a folder that cannot be listed.
    A path that does not exist raises :class:`SourceError`.
    """
    found: set[Path] = set()
    seen: set[Identity] = set()
    links: list[tuple[Path, tuple[Identity, ...]]] = []
    for path in paths:
        if path.is_dir():
            _walk(path, (), found, seen, links)
        elif path.is_file():
            found.add(path)
        else:
            raise SourceError(str(path), "no such file or folder")
    while links:
        _walk(*links.pop(0), found, seen, links)
    return sorted(found)


def _walk(folder: Path, above: tuple[Identity, ...], found: set[Path], seen: set[Identity],
          links: list[tuple[Path, tuple[Identity, ...]]]) -> None:
    """Add ``folder``'s inputs to ``found`` and its links to folders to ``links``; ``above``
    identifies the folders that hold it."""
    try:
        info = folder.stat()
        here = (info.st_dev, info.st_ino)
        if here in above:           # a link back to a folder that holds it: reading it says so
            found.add(folder)
            return
        if here in seen:            # the same folder through another link: its pages are taken once
            return
        seen.add(here)
        with os.scandir(folder) as listing:
            entries = sorted(listing, key=lambda entry: entry.name)
    except OSError:
        found.add(folder)           # cannot be listed: reading it says why
        return
    for entry in entries:
        path = Path(entry.path)
        if _is_dir(entry):
            if entry.is_symlink():
                links.append((path, above + (here,)))
            else:
                _walk(path, above + (here,), found, seen, links)
        elif is_page_file(path) or is_warc_file(path) or is_text_file(path):
            found.add(path)         # a page; or a link named as one that leads nowhere or loops, a pipe...
        elif entry.is_symlink() and not path.suffix and not path.exists():
            found.add(path)         # a link that leads nowhere (or loops), perhaps once to a folder


def _is_dir(entry: os.DirEntry) -> bool:
    try:
        return entry.is_dir()       # follows links
    except OSError:
        return False


def open_input(path: Path) -> BinaryIO:
    """Open an input file for reading, or raise :class:`SourceError` saying why it cannot be
    read.  Only a regular file is opened: a named pipe would block the reader for ever."""
    try:
        if not stat.S_ISREG(path.stat().st_mode):
            raise SourceError(str(path), _not_a_file(path))
        return path.open("rb")
    except OSError as exc:
        raise SourceError(str(path), _cannot_read(path, exc)) from exc


def read_page(path: Path, max_bytes: int = MAX_PAGE_BYTES) -> RawPage:
    """Read one saved page; gzip content is recognised by its magic bytes, not its name.

    The page is read streamed, and only up to ``max_bytes`` (stored and decompressed alike):
    a larger page raises :class:`SourceError` naming the limit, having cost no more than it."""
    with open_input(path) as handle:
        try:
            stored = os.fstat(handle.fileno()).st_size
            if stored > max_bytes:
                raise SourceError(str(path), f"{describe_bytes(stored)} on disk, over the --max-page-bytes limit "
                                             f"of {describe_bytes(max_bytes)}; not read")
            magic = handle.read(len(GZIP_MAGIC))
            handle.seek(0)
            data = _gunzip(handle, path, max_bytes) if magic == GZIP_MAGIC else handle.read(max_bytes + 1)
        except OSError as exc:
            raise SourceError(str(path), _cannot_read(path, exc)) from exc
    if len(data) > max_bytes:           # (the file grew since it was measured)
        raise SourceError(str(path), f"more than the --max-page-bytes limit of {describe_bytes(max_bytes)}; not read")
    fetched = fetch_record(path)
    url = (fetched.final_url or fetched.url) if fetched else None
    if url is None and path.name.lower().endswith(TEXT_SUFFIXES):
        url = sidecar_url(path)
    return RawPage(source_path=str(path), content=data, url=url,
                   fetched_at=_iso_date(fetched.fetched_at) if fetched else None,
                   http_charset=_charset(fetched.content_type.partition(";")[2])
                   if fetched and fetched.content_type else None)


def sidecar_url(path: Path) -> str | None:
    """The URL in ``path``'s sidecar (``post.url`` beside ``post.txt``), or None without one; a
    sidecar that holds no http(s) URL on its first line raises :class:`SourceError` naming it."""
    sidecar = path.with_suffix(SIDECAR)
    try:
        text = sidecar.read_text(encoding="utf-8-sig", errors="replace")
    except FileNotFoundError:
        return None
    except OSError as exc:
        raise SourceError(str(path), f"cannot read its sidecar {sidecar.name} ({exc.strerror or exc})") from exc
    url = text.strip().partition("\n")[0].strip()
    if not url.lower().startswith(("http://", "https://")) or any(c.isspace() for c in url):
        raise SourceError(str(path), f"its sidecar {sidecar.name} holds no http(s) URL on its first line")
    return url


def _gunzip(handle, path: Path, max_bytes: int) -> bytes:
    """The decompressed bytes of a gzip file, decompressing no more than ``max_bytes`` + 1."""
    try:
        with gzip.GzipFile(fileobj=handle, mode="rb") as stream:
            data = stream.read(max_bytes + 1)
    except (gzip.BadGzipFile, EOFError, zlib.error) as exc:
        raise SourceError(str(path), f"corrupt gzip data ({exc})") from exc
    if len(data) > max_bytes:
        raise SourceError(str(path), f"gzip data expands to more than the --max-page-bytes limit of "
                                     f"{describe_bytes(max_bytes)}; decompression stopped there")
    return data


def _cannot_read(path: Path, exc: OSError) -> str:
    """Why an input cannot be read, as the errors table says it: the link or the file."""
    if exc.errno == errno.ELOOP:
        return "symbolic link loop: the link leads back to itself; not read"
    if exc.errno == errno.ENOENT and path.is_symlink():
        try:
            target = os.readlink(path)
        except OSError:
            target = "?"
        return f"dangling symbolic link to {target} (no such file or folder); not read"
    return f"cannot read file ({exc.strerror or exc})"


def _not_a_file(path: Path) -> str:
    """Why an input that exists but is no regular file is not read: a folder, a pipe..."""
    if path.is_dir():
        try:
            with os.scandir(path):
                pass
        except OSError as exc:
            return f"cannot read folder ({exc.strerror or exc}); the pages in it were not read"
        if path.is_symlink():
            return f"symbolic link loop: the link leads to {path.resolve()}, a folder that holds it; not followed"
        return "a folder, not a page"
    return "not a regular file (a named pipe, socket or device); not read"


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
    """sha256 of a file's bytes, read in chunks (inputs can be multi-gigabyte archives); for a
    text post, of its sidecar's bytes too, so that a changed ``post.url`` is a changed input."""
    digest = hashlib.sha256()
    with open_input(path) as handle:
        try:
            for chunk in iter(lambda: handle.read(1 << 20), b""):
                digest.update(chunk)
        except OSError as exc:
            raise SourceError(str(path), _cannot_read(path, exc)) from exc
    if path.name.lower().endswith(TEXT_SUFFIXES):
        try:
            digest.update(b"\0sidecar\0" + path.with_suffix(SIDECAR).read_bytes())
        except OSError:
            pass            # no sidecar (or none readable: reading the post says why)
    return digest.hexdigest()


def iter_pages(path: Path, max_bytes: int = MAX_PAGE_BYTES) -> Iterator[RawPage | SourceError]:
    """The pages of one input: one for a saved page, every HTML response for a WARC archive.

    A WARC record over ``max_bytes`` is yielded as a SourceError in its place (the archive
    goes on); whatever stops the input itself is raised."""
    if is_warc_file(path):
        yield from _warc_pages(path, max_bytes)
    else:
        yield read_page(path, max_bytes)


def _warc_pages(path: Path, max_bytes: int) -> Iterator[RawPage | SourceError]:
    from warcio.archiveiterator import ArchiveIterator
    from warcio.exceptions import ArchiveLoadFailed

    with open_input(path) as handle:
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
                content = record.content_stream().read(max_bytes + 1)
                missing = getattr(record.raw_stream, "limit", 0)  # declared bytes the archive lacks
                offset = records.get_record_offset()  # only after reading: it skips to the record's end
                if len(content) > max_bytes:     # (skipping the rest reads it in small blocks)
                    yield SourceError(f"{path}#{offset}", f"WARC record over the --max-page-bytes limit of "
                                                          f"{describe_bytes(max_bytes)}; skipped")
                    continue
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
