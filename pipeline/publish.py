"""Publishing a run's outputs: a new generation, one atomic switch, and one run at a time.

What the output folder holds:

    OUT/posts.parquet  -> current/posts.parquet     one link per published file, made once
    OUT/...               (every table, datapackage.json, the dataset card README.md)
    OUT/current        -> _generations/<id>         the one switch
    OUT/_generations/<id>/                          the published set
    OUT/.blogrx.lock                                held by the run writing into OUT

A run writes its set (tables, data dictionary, card) into a generation folder of its own and
syncs every file and the folder.  The links are made next; they go through ``current``, so
until the switch they still show the previous set (or nothing, before the first run).  Then
``current`` is replaced by one rename(2) and OUT is synced; only after that is the previous
generation removed.  A process killed at any instant leaves OUT showing the old set or the
new one, never a mix; what it leaves behind (a generation never switched to, a temporary
link) is removed by the next run.  A reader that opens several files while a run may be
publishing reads them through one resolved generation, ``os.path.realpath(OUT / "current")``.

An output folder written by an earlier blogrx, with the tables as plain files, is first made a
generation of its own (hard links to the same files, so that nothing a reader sees changes),
then published over like any other.

Nothing else is kept in OUT: what a run needs for itself lives in its work folder (see
:func:`work_folder`), outside what is shared.  ``_generations`` and ``current`` stay inside OUT
because the published names are links into them: a copy of OUT made with its links kept
(``cp -a``, ``rsync -a``, ``tar``) must still hold the tables, and deleting the work folder
must never delete a published table.  They hold the published set and nothing else.

The lock is an flock(2) on ``OUT/.blogrx.lock``, which the system releases when its process
ends, however it ends (kill -9 included); processes forked by the run (local workers) close
their copy, so that a worker outliving its run does not keep the lock.  The file holds the pid
of the run holding it, for the message a second run gives when it refuses.
"""

from __future__ import annotations

import fcntl
import logging
import os
import secrets
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime, timezone
from pathlib import Path

from .errors import ExportError, OutputLockedError, os_reason
from .files import sync_file, sync_folder

__all__ = ["LOCK_FILE", "CURRENT", "GENERATIONS", "WORK_SUFFIX", "output_folder", "output_lock", "work_folder",
           "new_generation", "current_generation", "publish", "remove_leftovers", "remove_old_work_files"]

LOCK_FILE = ".blogrx.lock"
CURRENT = "current"
GENERATIONS = "_generations"
TEMP_PREFIX = ".blogrx-"     # temporary links beside the published names; a killed run's are removed
WORK_SUFFIX = ".blogrx-work"  # the default work folder of OUT: <parent>/.<OUT's name>.blogrx-work
OLD_WORK_FILES = ("_shards",)  # working files an earlier blogrx kept inside OUT

log = logging.getLogger(__name__)


def output_folder(out_dir: Path) -> Path:
    """Make the output folder (and its parents), or say in one line why it cannot be one."""
    out_dir = Path(out_dir)
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise ExportError(str(out_dir), _cannot_make(out_dir, exc)) from exc
    return out_dir


def _cannot_make(out_dir: Path, exc: OSError) -> str:
    for folder in (out_dir, *out_dir.parents):
        if os.path.lexists(folder):
            if not folder.is_dir():
                return f"cannot create the output folder: {folder} is a file, not a folder"
            break
    return f"cannot create the output folder ({os_reason(exc)})"


def work_folder(out_dir: Path, work: Path | None = None, create: bool = True) -> Path:
    """The folder where a run into ``out_dir`` keeps what it needs for itself (the shard parts
    a rerun reuses), made if missing unless ``create`` is false (mode 0700: the parts hold the
    comments' texts).

    By default a hidden sibling of OUT, ``<parent>/.<name>.blogrx-work`` (symbolic links not
    followed, as for the pseudonym key): on OUT's file system, so on the shared file system a
    Dask cluster already sees OUT on, and found again by every run into the same OUT.  A work
    folder given (``--work``) may be anywhere outside OUT; inside it, it would be shared."""
    out = Path(os.path.abspath(out_dir))
    folder = Path(os.path.abspath(work)) if work is not None else out.parent / f".{out.name}{WORK_SUFFIX}"
    if folder == out or folder.is_relative_to(out) or Path(os.path.realpath(folder)).is_relative_to(
            os.path.realpath(out)):
        raise ExportError(str(work if work is not None else folder),
                          f"the work folder must be outside the output folder {out_dir}, which is shared")
    if not create:
        return folder
    try:
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    except OSError as exc:
        reason = _cannot_make(folder, exc).replace("output folder", "work folder")
        raise ExportError(str(folder), reason) from exc
    return folder


def remove_old_work_files(out_dir: Path) -> None:
    """Remove the working files an earlier blogrx kept inside OUT (``_shards/``), so that OUT
    holds only what is shared.  Nothing is lost: those parts were keyed by the code that made
    them, so no run of this code could reuse them.  Call it only while holding the lock."""
    for name in OLD_WORK_FILES:
        path = Path(out_dir) / name
        if path.is_dir() and not path.is_symlink():
            log.info("removing %s: working files of an earlier blogrx, kept outside the output folder now", path)
            shutil.rmtree(path)


@contextmanager
def output_lock(out_dir: Path, option: str = "--out") -> Iterator[Path]:
    """Hold ``OUT/.blogrx.lock`` for the block: a second run into OUT refuses at once with
    :class:`OutputLockedError`, naming the folder and the pid of the run that holds it (and the
    option to change, ``option``: the work folder is locked the same way)."""
    folder = output_folder(out_dir)
    path = folder / LOCK_FILE
    try:
        fd = os.open(path, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o666)
    except OSError as exc:
        raise ExportError(str(folder), f"cannot open the lock file {LOCK_FILE} ({os_reason(exc)})") from exc
    _HELD.add(fd)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = _holder(fd)
            raise OutputLockedError(str(folder), f"another blogrx run{f' (pid {holder})' if holder else ''} is "
                                                 f"writing into this folder; wait until it ends or use another {option}"
                                    ) from None
        except OSError as exc:
            raise ExportError(str(folder), f"cannot lock {LOCK_FILE} ({os_reason(exc)})") from exc
        _note_pid(fd, f"{os.getpid()}\n")
        try:
            yield folder
        finally:
            _note_pid(fd, "")
    finally:
        _HELD.discard(fd)
        os.close(fd)        # releases the lock


_HELD: set[int] = set()     # descriptors of the locks this process holds


def _drop_in_child() -> None:
    """A process forked during a run (a local worker) closes its copy of the lock's descriptor:
    the lock belongs to the run's own process and ends with it, even if a worker outlives it."""
    for fd in _HELD:
        try:
            os.close(fd)
        except OSError:
            pass
    _HELD.clear()


os.register_at_fork(after_in_child=_drop_in_child)


def _note_pid(fd: int, text: str) -> None:
    """Say who holds the lock, for the message of a run refused; on a full disk, say nothing."""
    try:
        os.ftruncate(fd, 0)
        os.pwrite(fd, text.encode("ascii"), 0)
    except OSError:
        pass


def _holder(fd: int) -> int | None:
    try:
        return int(os.pread(fd, 32, 0).decode("ascii").strip())
    except (OSError, ValueError):
        return None         # the holder is between taking the lock and writing its pid


def new_generation(out_dir: Path) -> Path:
    """An empty, unpublished generation folder: ``OUT/_generations/<UTC time>-<random>``."""
    root = Path(out_dir) / GENERATIONS
    root.mkdir(exist_ok=True)
    name = datetime.now(timezone.utc).strftime("%Y%m%dT%H%M%S%fZ") + "-" + secrets.token_hex(3)
    folder = root / name
    folder.mkdir()
    return folder


def current_generation(out_dir: Path) -> Path | None:
    """The published generation's folder, or None before the first publication."""
    try:
        target = os.readlink(Path(out_dir) / CURRENT)
    except OSError:         # no link yet (or something else than blogrx's link)
        return None
    return Path(out_dir) / target


def publish(out_dir: Path, generation: Path) -> None:
    """Make ``generation`` (complete, inside ``OUT/_generations``) the set OUT shows, in one switch.

    Raises OSError as the file system does; before the switch, OUT still shows what it showed."""
    out_dir = Path(out_dir)
    names = sorted(p.name for p in generation.iterdir())
    for name in names:
        sync_file(generation / name)
    sync_folder(generation)
    sync_folder(generation.parent)
    previous = current_generation(out_dir)
    if previous is None:
        previous = _adopt_plain_files(out_dir, names)
    for name in names:      # through `current`: they show the previous set until the switch
        _link(out_dir, name, f"{CURRENT}/{name}")
    sync_folder(out_dir)
    _link(out_dir, CURRENT, f"{GENERATIONS}/{generation.name}")       # the switch
    sync_folder(out_dir)
    for stale in out_dir.iterdir():     # names of the previous set this one lacks ("posts.csv")
        try:
            target = os.readlink(stale)
        except OSError:
            continue
        if target.startswith(f"{CURRENT}/") and stale.name not in names:
            stale.unlink(missing_ok=True)
    if previous is not None and previous.name != generation.name:
        shutil.rmtree(previous, ignore_errors=True)


def _link(out_dir: Path, name: str, target: str) -> None:
    """Point ``OUT/name`` at ``target`` with one rename (a no-op when it already does)."""
    path = out_dir / name
    try:
        if os.readlink(path) == target:
            return
    except OSError:
        pass
    tmp = out_dir / f"{TEMP_PREFIX}link-{secrets.token_hex(4)}"
    os.symlink(target, tmp)
    try:
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def _adopt_plain_files(out_dir: Path, names: list[str]) -> Path | None:
    """An output folder of an earlier blogrx (plain files, no ``current``) becomes a generation
    holding the same files, published, without any moment where a name shows something else."""
    plain = [name for name in names if (out_dir / name).is_file() and not (out_dir / name).is_symlink()]
    if not plain:
        return None
    legacy = new_generation(out_dir)
    for name in plain:
        try:
            os.link(out_dir / name, legacy / name)
        except OSError:     # a file system without hard links: a copy shows the same bytes
            shutil.copy2(out_dir / name, legacy / name)
        sync_file(legacy / name)
    sync_folder(legacy)
    sync_folder(legacy.parent)
    _link(out_dir, CURRENT, f"{GENERATIONS}/{legacy.name}")
    sync_folder(out_dir)
    for name in plain:      # each plain file gives way to a link to the same bytes
        _link(out_dir, name, f"{CURRENT}/{name}")
    return legacy


def remove_leftovers(out_dir: Path) -> None:
    """Remove what a killed run left in OUT: generations never published (or published over
    but not yet removed) and temporary links.  Call it only while holding the lock."""
    out_dir = Path(out_dir)
    keep = current_generation(out_dir)
    root = out_dir / GENERATIONS
    leftovers = [p for p in root.iterdir() if keep is None or p.name != keep.name] if root.is_dir() else []
    leftovers += list(out_dir.glob(f"{TEMP_PREFIX}*"))
    for path in leftovers:
        if path.is_dir() and not path.is_symlink():
            shutil.rmtree(path, ignore_errors=True)
        else:
            path.unlink(missing_ok=True)
