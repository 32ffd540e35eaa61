"""Writing files so that a kill (or a power cut) at any moment leaves the old file or the whole new one.

Files are created with mode 0666 less the umask, as ``open()`` creates them (0644 under the
usual umask), so that a scraped page, a table and the dataset card share one set of
permissions.  ``sync_file`` and ``sync_folder`` push a file's bytes, or a folder's entries,
to the disk: a rename is durable only once the folder holding it is synced.
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path

__all__ = ["write_atomically", "write_synced", "sync_file", "sync_folder"]


def write_synced(path: Path, data: bytes, exclusive: bool = False) -> None:
    """Write ``data`` to ``path`` and sync it (``exclusive``: fail if the file already exists)."""
    flags = os.O_WRONLY | os.O_CREAT | os.O_CLOEXEC | (os.O_EXCL if exclusive else os.O_TRUNC)
    fd = os.open(path, flags, 0o666)    # the umask applies, as for open()
    try:
        view = memoryview(data)
        while view:
            view = view[os.write(fd, view):]
        os.fsync(fd)
    finally:
        os.close(fd)


def write_atomically(path: Path, data: bytes) -> None:
    """Write to a temporary file beside ``path``, sync it, then rename it into place.

    Raises OSError as the file system does; the temporary file never outlives a failure."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{secrets.token_hex(4)}.tmp")
    try:
        write_synced(tmp, data, exclusive=True)
        os.replace(tmp, path)
        sync_folder(path.parent)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def sync_file(path: Path) -> None:
    """Push a written file's bytes to the disk (Linux syncs through a read-only descriptor too)."""
    fd = os.open(path, os.O_RDONLY | os.O_CLOEXEC)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def sync_folder(path: Path) -> None:
    """Push a folder's entries (files made, renamed or removed in it) to the disk."""
    fd = os.open(path, os.O_RDONLY | os.O_DIRECTORY | os.O_CLOEXEC)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
