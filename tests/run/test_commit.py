"""Specification of a run's commit: one atomic switch to a new set of tables, one run at a time.

Readers of an output folder see the previous set (tables, data dictionary and card) or the new
one, never a mix, whenever the process writing it is killed; the next run cleans up after it.
Kills are real: the commit runs in a child process that SIGKILLs itself just before its n-th
file system step (a write, sync, link, rename, removal), for every n until it completes.
"""

from __future__ import annotations

import errno
import itertools
import json
import os
import re
import shutil
import signal
import stat
import subprocess
import sys
import time
import traceback
from collections.abc import Callable
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

import pipeline.export as export_module
from pipeline.card import CARD, dataset_card
from pipeline.errors import ExportError, OutputLockedError
from pipeline.export import TABLES, TableWriter, datapackage
from pipeline.files import write_atomically
from pipeline.publish import output_lock, remove_leftovers, work_folder
from pipeline.run import run
from tests.support.paths import FOUNDING_PAGE, REPO, SAMPLES

PUBLISHED = [f"{table}.parquet" for table in TABLES] + ["datapackage.json", CARD]
STEPS = ("write", "fsync", "mkdir", "rmdir", "unlink", "remove", "link", "symlink", "rename", "replace")


# -- a set of tables, and what a reader sees ---------------------------------------------------

def commit_set(out: Path, rows: int) -> None:
    """What run() does once its shards are done: take the lock, clear a killed run's leftovers,
    write every table (``rows`` rows each), the data dictionary and the card, and publish."""
    with output_lock(out):
        remove_leftovers(out)
        with TableWriter(out) as writer:
            for table, columns in TABLES.items():
                writer.add(table, [{columns[0].name: f"{table}-{i}"} for i in range(rows)])
            counts = writer.finish()
            writer.add_file(CARD, dataset_card(counts, files=rows, inputs=["pages/"], seconds=0.0,
                                               pseudonymized=False))
            writer.commit()


def visible_set(out: Path) -> dict[str, int] | None:
    """The rows per table a reader of OUT's published names sees now (None: no tables yet),
    after checking that every name is there and that the card counts those very tables."""
    present = [name for name in PUBLISHED if (out / name).exists()]
    if not present:
        return None
    assert present == PUBLISHED, f"a partial set is visible: {present}"
    counts = {table: pq.ParquetFile(out / f"{table}.parquet").metadata.num_rows for table in TABLES}
    card = re.findall(r"^\| `(\w+)\.parquet` \| ([\d,]+) \|", (out / CARD).read_text(encoding="utf-8"), re.M)
    assert {table: int(n.replace(",", "")) for table, n in card} == counts, "the card counts other tables"
    assert [r["name"] for r in json.loads((out / "datapackage.json").read_text())["resources"]] == list(TABLES)
    return counts


def same_rows(rows: int) -> dict[str, int]:
    return dict.fromkeys(TABLES, rows)


def assert_no_leftovers(out: Path) -> None:
    assert len(list((out / "_generations").iterdir())) == 1     # the published set only
    assert not list(out.glob(".blogrx-*"))                       # no temporary link


# -- a child process killed at a chosen step ---------------------------------------------------

def in_child(action: Callable[[], None], kill: Callable[[], None] | None = None) -> str:
    """Run ``action`` in a forked child, after ``kill`` has armed its self-kill; 'killed' or 'done'."""
    pid = os.fork()
    if pid == 0:        # the child: never returns into pytest
        code = 1
        try:
            if kill is not None:
                kill()
            action()
            code = 0
        except BaseException:  # noqa: BLE001 - reported on stderr, the parent sees the exit status
            traceback.print_exc()
        finally:
            os._exit(code)
    _, status = os.waitpid(pid, 0)
    if os.WIFSIGNALED(status) and os.WTERMSIG(status) == signal.SIGKILL:
        return "killed"
    assert os.WIFEXITED(status) and os.WEXITSTATUS(status) == 0, f"the child failed (status {status})"
    return "done"


def before_step(n: int | None) -> Callable[[], None]:
    """Arm a SIGKILL just before the child's n-th file system step (counting from 0; None: never).

    A sync is a step too, but it returns at once: it guards against a power cut, not a kill
    (the system keeps a killed process's writes), and waiting for the disk at every one of
    some fifty kills would take seconds.  The syncs' order has a test of its own."""
    def arm() -> None:
        counter = itertools.count()
        for name in STEPS:
            def step(*args, _real=getattr(os, name), _name=name, **kwargs):
                if next(counter) == n:
                    os.kill(os.getpid(), signal.SIGKILL)
                return None if _name == "fsync" else _real(*args, **kwargs)
            setattr(os, name, step)
    return arm


def around_switch(after: bool) -> Callable[[], None]:
    """Arm a SIGKILL just before (or just after) the rename that replaces OUT/current."""
    def arm() -> None:
        real = os.replace

        def replace(src, dst, *args, **kwargs):
            switch = Path(dst).name == "current"
            if switch and not after:
                os.kill(os.getpid(), signal.SIGKILL)
            real(src, dst, *args, **kwargs)
            if switch and after:
                os.kill(os.getpid(), signal.SIGKILL)
        os.replace = replace
    return arm


def kill_at_every_step(pristine: Path, work: Path, old: dict[str, int] | None, recover: bool = True) -> list[bool]:
    """From a copy of ``pristine`` (showing ``old``), kill a commit of 2 rows a table before its
    n-th step, for every n until it completes; after each kill the folder shows the old set or
    the new one, and (``recover``) a complete commit of 3 rows a table then publishes over
    whatever the kill left.  Returns, per kill, whether the new set was showing."""
    shown_new = []
    for n in itertools.count():
        out = work / f"kill-{n}"
        shutil.copytree(pristine, out, symlinks=True)

        outcome = in_child(lambda: commit_set(out, 2), kill=before_step(n))

        seen = visible_set(out)
        assert seen in (old, same_rows(2)), f"killed before step {n}: a reader sees {seen}"
        if outcome == "done":
            assert seen == same_rows(2)
            assert_no_leftovers(out)
            return shown_new
        shown_new.append(seen == same_rows(2))
        if recover:
            assert in_child(lambda: commit_set(out, 3), kill=before_step(None)) == "done"   # the next run
            assert visible_set(out) == same_rows(3), f"no recovery after a kill before step {n}"
            assert_no_leftovers(out)
        shutil.rmtree(out)
    raise AssertionError("unreachable")


# -- kill -9 during the commit -----------------------------------------------------------------

def test_a_kill_at_any_step_of_the_commit_leaves_the_old_set_or_the_new_one_and_the_next_run_recovers(
        tmp_path: Path) -> None:
    pristine = tmp_path / "pristine"
    commit_set(pristine, 1)

    shown_new = kill_at_every_step(pristine, tmp_path, old=same_rows(1))

    # the kills fell on both sides of the switch, at every step of the commit
    assert len(shown_new) >= 20 and not shown_new[0] and shown_new[-1]
    assert shown_new == sorted(shown_new)      # one switch: once the new set shows, it stays


def test_a_kill_at_any_step_of_the_first_commit_shows_no_tables_or_all_of_them(tmp_path: Path) -> None:
    pristine = tmp_path / "pristine"
    pristine.mkdir()

    shown_new = kill_at_every_step(pristine, tmp_path, old=None, recover=False)

    assert not shown_new[0] and shown_new[-1]


def test_a_folder_written_by_an_earlier_blogrx_is_taken_over_without_a_moment_of_mixed_tables(
        tmp_path: Path) -> None:
    # the earlier layout: every table, the dictionary and the card as plain files in OUT
    pristine = tmp_path / "pristine"
    pristine.mkdir()
    for table in TABLES:
        schema = export_module.schema(table)
        pq.write_table(pa.Table.from_pylist([{schema.names[0]: "old"}] * 4, schema=schema),
                       pristine / f"{table}.parquet")
    (pristine / "datapackage.json").write_text(json.dumps(datapackage()), encoding="utf-8")
    (pristine / CARD).write_bytes(dataset_card(same_rows(4), files=4, inputs=["pages/"], seconds=0.0,
                                               pseudonymized=False))
    os.chmod(pristine / CARD, 0o600)

    shown_new = kill_at_every_step(pristine, tmp_path, old=same_rows(4), recover=False)

    assert not shown_new[0] and shown_new[-1] and shown_new == sorted(shown_new)


def test_a_run_killed_just_before_its_switch_leaves_the_previous_run_and_the_next_run_publishes(
        tmp_path: Path) -> None:
    out = tmp_path / "out"
    run([FOUNDING_PAGE], out)
    first = visible_set(out)
    pages = [FOUNDING_PAGE, SAMPLES / "trailmends-blogger-ankle-rehab.html"]

    assert in_child(lambda: run(pages, out), kill=around_switch(after=False)) == "killed"
    assert visible_set(out) == first
    assert in_child(lambda: run(pages, out), kill=around_switch(after=True)) == "killed"
    second = visible_set(out)
    assert second != first and second["posts"] == 2
    assert len(list((out / "_generations").iterdir())) == 2      # the previous set, not yet removed

    run(pages, out)

    assert visible_set(out) == second
    assert_no_leftovers(out)
    assert len(pd.read_parquet(out / "posts.parquet")) == 2      # as the README and the notebooks read them


# -- the files of a set: synced before the switch, one set of permissions -------------------------

def test_every_file_of_the_new_set_and_its_folder_are_synced_before_the_switch(tmp_path: Path, monkeypatch) -> None:
    out = tmp_path / "out"
    events: list[tuple[str, str]] = []
    real_fsync, real_replace = os.fsync, os.replace

    def fsync(fd: int) -> None:
        events.append(("fsync", os.readlink(f"/proc/self/fd/{fd}")))
        real_fsync(fd)

    def replace(src, dst, *args, **kwargs) -> None:
        real_replace(src, dst, *args, **kwargs)
        events.append(("replace", str(dst)))

    monkeypatch.setattr(os, "fsync", fsync)
    monkeypatch.setattr(os, "replace", replace)

    commit_set(out, 2)

    generation = Path(os.path.realpath(out / "current"))
    switch = events.index(("replace", str(out / "current")))
    synced_before = {path for op, path in events[:switch] if op == "fsync"}
    assert {str(generation / name) for name in PUBLISHED} <= synced_before
    assert {str(generation), str(generation.parent), str(out)} <= synced_before
    assert ("fsync", str(out)) in events[switch:]           # the switch itself made durable


@pytest.mark.parametrize("umask", [0o022, 0o027])
def test_the_card_the_dictionary_and_the_tables_share_one_mode_from_the_umask(tmp_path: Path, umask: int) -> None:
    previous = os.umask(umask)
    try:
        commit_set(tmp_path / "out", 2)
        write_atomically(tmp_path / "page.html.gz", b"bytes")      # as scrape stores a page
    finally:
        os.umask(previous)

    modes = {name: stat.S_IMODE(os.stat(tmp_path / "out" / name).st_mode) for name in PUBLISHED}
    assert set(modes.values()) == {0o666 & ~umask}, modes
    assert stat.S_IMODE(os.stat(tmp_path / "page.html.gz").st_mode) == 0o666 & ~umask
    assert stat.S_IMODE(os.stat(tmp_path / "out" / "current").st_mode) == 0o777 & ~umask


# -- one run at a time -------------------------------------------------------------------------

def extract_command(out: Path, *inputs: Path) -> list[str]:
    return [sys.executable, "-m", "pipeline", "extract", *map(str, inputs), "--out", str(out), "--no-progress"]


def wait_until_locked(out: Path, process: subprocess.Popen) -> None:
    """Until ``process`` holds OUT's lock (it writes its pid there once it does)."""
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and process.poll() is None:
        try:
            if (out / ".blogrx.lock").read_text().strip() == str(process.pid):
                return
        except FileNotFoundError:
            pass
        time.sleep(0.005)
    raise AssertionError(f"the first run never took the lock: {process.communicate()}")


def every_path(out: Path) -> list[str]:
    return sorted(str(Path(root, name).relative_to(out)) for root, dirs, files in os.walk(out)
                  for name in dirs + files)


def test_a_second_run_into_the_same_folder_refuses_at_once_naming_the_folder_and_the_first_runs_pid(
        tmp_path: Path) -> None:
    out = tmp_path / "out"
    first = subprocess.Popen(extract_command(out, FOUNDING_PAGE), cwd=REPO, stdout=subprocess.PIPE,
                             stderr=subprocess.PIPE)
    try:
        wait_until_locked(out, first)
        os.kill(first.pid, signal.SIGSTOP)       # the first run, paused while it holds the lock
        before = every_path(out)

        # a second run (this process) that waited for the paused one would never end
        with pytest.raises(OutputLockedError) as refused:
            run([FOUNDING_PAGE], out)

        assert str(refused.value) == (f"{out}: another blogrx run (pid {first.pid}) is writing into this folder; "
                                      "wait until it ends or use another --out")
        assert every_path(out) == before         # not one of the first run's files touched
    finally:
        os.kill(first.pid, signal.SIGCONT)
    _, errors = first.communicate(timeout=300)
    assert first.returncode == 0, errors
    assert visible_set(out)["posts"] == 1


def test_a_run_killed_with_sigkill_leaves_no_lock_behind(tmp_path: Path) -> None:
    out = tmp_path / "out"
    first = subprocess.Popen(extract_command(out, SAMPLES), cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    wait_until_locked(out, first)
    os.kill(first.pid, signal.SIGKILL)       # while it holds the lock
    assert first.wait() == -signal.SIGKILL

    run([FOUNDING_PAGE], out)                # a second process, the test's own

    assert visible_set(out)["posts"] == 1
    assert_no_leftovers(out)


# -- failures a user can cause: one line, the previous set intact --------------------------------

def test_out_below_a_regular_file_is_a_one_line_error_naming_the_file(tmp_path: Path) -> None:
    blocker = tmp_path / "notes.txt"
    blocker.write_text("not a folder", encoding="utf-8")

    with pytest.raises(ExportError) as error:
        run([FOUNDING_PAGE], blocker / "out")

    assert str(error.value) == f"{blocker / 'out'}: cannot create the output folder: {blocker} is a file, not a folder"


def test_a_full_disk_while_writing_the_tables_is_one_error_and_the_previous_set_stays(
        tmp_path: Path, monkeypatch) -> None:
    out = tmp_path / "out"
    run([FOUNDING_PAGE], out)
    first, published = visible_set(out), os.readlink(out / "current")

    class FullDisk(pq.ParquetWriter):        # the disk fills up while the merge writes the new set
        def write_table(self, table, row_group_size=None):
            if "_generations" in str(self.where):
                raise OSError(errno.ENOSPC, "Error writing bytes to file. Detail: [errno 28] No space left on device")
            return super().write_table(table, row_group_size=row_group_size)

    monkeypatch.setattr(export_module.pq, "ParquetWriter", FullDisk)
    with pytest.raises(ExportError) as error:
        run([FOUNDING_PAGE, SAMPLES / "trailmends-blogger-ankle-rehab.html"], out)

    assert str(error.value) == f"{out}: cannot write the tables (No space left on device)"
    assert visible_set(out) == first and os.readlink(out / "current") == published
    assert_no_leftovers(out)


def test_a_really_full_disk_during_the_merge_is_one_line_from_the_command_and_the_previous_set_stays(
        tmp_path: Path) -> None:
    # a tmpfs mounted in a user and mount namespace of our own: filled up, it fails writes with ENOSPC
    if subprocess.run(["unshare", "--user", "--map-root-user", "--mount", "true"], capture_output=True).returncode:
        pytest.skip("unshare cannot make a user and mount namespace here, so no tmpfs of our own")
    before, disk, after = tmp_path / "before", tmp_path / "disk", tmp_path / "after"
    run([FOUNDING_PAGE], before)                # its shards stay (copied too): the run on the full disk goes to the merge
    disk.mkdir()
    script = f"""
        mount -t tmpfs -o size=8m tmpfs {disk} || exit 42
        cp -a {before} {disk}/out
        cp -a {work_folder(before)} {work_folder(disk / "out", create=False)}
        dd if=/dev/zero of={disk}/filler bs=4k 2> /dev/null
        {" ".join(extract_command(disk / "out", FOUNDING_PAGE))} 2> {tmp_path}/stderr; echo $? > {tmp_path}/status
        cp -a {disk}/out {after}
    """
    done = subprocess.run(["unshare", "--user", "--map-root-user", "--mount", "sh", "-c", script], cwd=REPO,
                          capture_output=True, text=True, timeout=300)
    if done.returncode == 42:
        pytest.skip(f"cannot mount a tmpfs in a namespace here: {done.stderr.strip()}")
    assert done.returncode == 0, done.stderr

    assert (tmp_path / "status").read_text().strip() == "1"
    assert (tmp_path / "stderr").read_text() == (f"blogrx: {disk / 'out'}: cannot write the tables "
                                                  "(No space left on device)\n")
    assert visible_set(after) == visible_set(before) and visible_set(after)["posts"] == 1
    assert os.readlink(after / "current") == os.readlink(before / "current")
    assert_no_leftovers(after)


def test_out_below_a_regular_file_is_one_line_from_the_command(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from pipeline.cli import app

    blocker = tmp_path / "notes.txt"
    blocker.write_text("not a folder", encoding="utf-8")

    result = CliRunner().invoke(app, ["extract", str(FOUNDING_PAGE), "--out", str(blocker / "out"), "--no-progress"])

    assert result.exit_code == 1
    assert result.stderr == f"blogrx: {blocker / 'out'}: cannot create the output folder: {blocker} is a file, not a folder\n"


def test_a_failed_file_operation_outside_the_tables_is_one_line_from_the_command_naming_the_file(
        tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from pipeline.cli import app

    out, work = tmp_path / "out", tmp_path / "work"
    work.mkdir()
    (work / "_shards").write_text("in the way of the shard parts", encoding="utf-8")

    result = CliRunner().invoke(app, ["extract", str(FOUNDING_PAGE), "--out", str(out), "--work", str(work),
                                      "--no-progress"])

    assert result.exit_code == 1
    assert result.stderr == f"blogrx: {work / '_shards'}: File exists\n"


def test_a_worker_forked_during_a_run_does_not_keep_the_lock_once_the_run_is_over(tmp_path: Path) -> None:
    out = tmp_path / "out"
    (hold, release), (started, ready) = os.pipe(), os.pipe()
    with output_lock(out):
        worker = os.fork()
        if worker == 0:             # a local worker that outlives its run, as an orphan would
            os.close(release)
            os.write(ready, b"!")
            os.read(hold, 1)        # until the test closes `release`
            os._exit(0)
        os.close(hold)
        os.close(ready)
        os.read(started, 1)
    try:
        with output_lock(out):      # the next run takes the lock at once
            pass
    finally:
        os.close(release)
        os.close(started)
        os.waitpid(worker, 0)
