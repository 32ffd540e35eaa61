"""Runs at scale: shards, engines, incremental reruns, kill -9 and WARC input.

Every engine must give the tables a single-process run gives; a rerun reuses what has not
changed; a run killed at any moment and started again ends with every page exactly once.
"""

from __future__ import annotations

import io
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from pipeline.engines import map_shards
from pipeline.errors import EngineError
from pipeline.jobs import Job, RunOptions, Shard
from pipeline.publish import work_folder
from pipeline.run import run
from pipeline.shards import PARTS_DIR, _cuts_after, plan_shards
from tests.support.paths import REPO, SAMPLES

TABLE_NAMES = ("posts", "comments", "exercises", "errors")


def make_corpus(folder: Path, copies: int) -> Path:
    """Sample pages, each repeated `copies` times with a distinct trailing comment (so distinct posts)."""
    folder.mkdir(parents=True, exist_ok=True)
    for page in sorted(SAMPLES.glob("*.html")):
        data = page.read_bytes()
        for n in range(copies):
            (folder / f"{page.stem}-{n:03d}.html").write_bytes(data + f"\n<!-- copy {n} -->\n".encode())
    return folder


def tables(out: Path) -> dict[str, pa.Table]:
    return {name: pq.read_table(out / f"{name}.parquet") for name in TABLE_NAMES}


def assert_same_tables(a: Path, b: Path) -> None:
    ta, tb = tables(a), tables(b)
    for name in TABLE_NAMES:
        assert ta[name].num_rows == tb[name].num_rows, name
        assert ta[name].equals(tb[name]), f"{name} differs"


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    return make_corpus(tmp_path_factory.mktemp("corpus"), copies=3)


@pytest.fixture(scope="module")
def single(corpus: Path, tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("single")
    run([corpus], out, RunOptions(shard_size=2))
    return out


def test_a_single_process_run_reads_every_page_once(single: Path) -> None:
    posts = pq.read_table(single / "posts.parquet").to_pydict()
    assert len(posts["post_id"]) == 12 == len(set(posts["post_id"]))


def test_two_local_processes_give_the_same_tables_as_one(corpus: Path, single: Path, tmp_path: Path) -> None:
    run([corpus], tmp_path / "out", RunOptions(jobs=2, shard_size=2))

    assert_same_tables(single, tmp_path / "out")


def test_no_thread_of_the_run_is_alive_when_local_workers_are_forked(corpus: Path, tmp_path: Path) -> None:
    # A fork copies a thread's held locks but not the thread: a worker forked while the run's
    # background import held the import lock hung for ever (seen in make bench). The run
    # starts that thread only once every worker exists.
    import threading

    alive_at_fork: list[list[str]] = []
    watching = [True]

    def before_fork() -> None:
        if watching[0]:
            alive_at_fork.append([t.name for t in threading.enumerate() if t.name.startswith("blogrx")])

    os.register_at_fork(before=before_fork)
    try:
        run([corpus], tmp_path / "out", RunOptions(jobs=2, shard_size=2))
    finally:
        watching[0] = False
    assert alive_at_fork, "the local pool forked no worker"
    assert all(names == [] for names in alive_at_fork), alive_at_fork


def test_a_dask_cluster_of_two_workers_gives_the_same_tables_as_one_process(
        corpus: Path, single: Path, tmp_path: Path) -> None:
    pytest.importorskip("distributed", reason="Dask is in the [dask] extra, installed by make test")

    run([corpus], tmp_path / "out", RunOptions(engine="dask", jobs=2, shard_size=2))

    assert_same_tables(single, tmp_path / "out")


def _malloc_setting(shard: Shard) -> str | None:
    return os.environ.get("MALLOC_TRIM_THRESHOLD_")


def test_the_workers_of_a_local_dask_cluster_keep_glibcs_own_memory_trimming() -> None:
    # Dask's nanny sets MALLOC_TRIM_THRESHOLD_, which turns off glibc's sliding mmap threshold:
    # every large buffer of every page is then mapped and unmapped again
    pytest.importorskip("distributed", reason="Dask is in the [dask] extra, installed by make test")

    ours = os.environ.get("MALLOC_TRIM_THRESHOLD_")     # (a nanny sets its variables here too)

    found = list(map_shards(_malloc_setting, [Shard("a", ())], RunOptions(engine="dask", jobs=1)))

    assert found == [ours] and os.environ.get("MALLOC_TRIM_THRESHOLD_") == ours


@pytest.mark.parametrize("removed", range(12))
def test_removing_a_file_changes_only_the_shards_up_to_the_next_boundary_a_file_decides(
        corpus: Path, removed: int) -> None:
    """A shard ends after a file whose own name says so (content-defined), or, in a run of files
    without such a boundary, by length (MAX_SHARD_FACTOR times the shard size). Removing a file
    changes the shard holding it and, through the length cuts, at most the shards up to the next
    boundary a file decides: every shard before it and every shard after that boundary keeps its
    key. (The corpus lives in a new temporary folder each session, so the boundaries differ from
    run to run: each file is removed in turn.)"""
    files = sorted(corpus.iterdir())
    before = plan_shards(files, shard_size=3)
    gone = files[removed]
    after = plan_shards([f for f in files if f != gone], shard_size=3)

    held = next(i for i, s in enumerate(before) if str(gone) in s.inputs)
    later = files[removed + 1:]
    boundary = next((f for f in later if _cuts_after(f, 3)), None)
    resumes = (next(i for i, s in enumerate(before) if str(boundary) in s.inputs) + 1
               if boundary is not None else len(before))
    kept = {s.key for s in after}
    assert all(s.key in kept for s in before[:held] + before[resumes:])
    assert str(gone) not in {p for s in after for p in s.inputs}
    assert sum(len(s.inputs) for s in before) == len(files) == sum(len(s.inputs) for s in after) + 1


def test_a_rerun_reuses_unchanged_shards_and_redoes_only_the_changed_one(corpus: Path, tmp_path: Path) -> None:
    work = make_corpus(tmp_path / "pages", copies=2)
    out = tmp_path / "out"
    first = run([work], out, RunOptions(shard_size=1))
    assert first.reused_shards == 0

    again = run([work], out, RunOptions(shard_size=1))
    assert again.reused_shards == again.shards == 8

    page = sorted(work.iterdir())[0]
    page.write_bytes(page.read_bytes().replace(b"</body>", b"<p>An edit.</p></body>", 1))
    edited = run([work], out, RunOptions(shard_size=1))

    assert edited.reused_shards == 7
    fresh = tmp_path / "fresh"
    run([work], fresh, RunOptions(shard_size=1))
    assert_same_tables(fresh, out)
    assert len(os.listdir(work_folder(out) / PARTS_DIR)) == 8   # the stale part of the old page is gone


def test_a_run_killed_with_sigkill_then_rerun_equals_an_uninterrupted_run(tmp_path: Path) -> None:
    work = make_corpus(tmp_path / "pages", copies=8)          # 32 pages, one shard each
    out = tmp_path / "out"
    command = [sys.executable, "-m", "pipeline", "extract", str(work), "--out", str(out),
               "--shard-size", "1", "--no-progress"]
    process = subprocess.Popen(command, cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    parts = work_folder(out) / PARTS_DIR
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and process.poll() is None:
        done = [p for p in parts.glob("*") if (p / "_SUCCESS.json").is_file()] if parts.is_dir() else []
        if len(done) >= 5:
            break
        time.sleep(0.02)
    assert process.poll() is None, "the run finished before it could be killed; make the corpus larger"
    os.kill(process.pid, signal.SIGKILL)
    process.wait()
    assert not (out / "posts.parquet").exists()

    finished = subprocess.run(command, cwd=REPO, capture_output=True, text=True, timeout=300)

    assert finished.returncode == 0, finished.stderr
    assert "shards unchanged since the last run" in finished.stdout
    uninterrupted = tmp_path / "uninterrupted"
    run([work], uninterrupted, RunOptions(shard_size=1))
    assert_same_tables(uninterrupted, out)
    post_ids = pq.read_table(out / "posts.parquet").column("post_id").to_pylist()
    assert len(post_ids) == 32 == len(set(post_ids))
    assert not [p for p in parts.iterdir() if p.name.startswith(".tmp-")]


def test_jobs_below_one_is_an_error_naming_the_option(tmp_path: Path) -> None:
    with pytest.raises(EngineError, match=r"^--jobs: must be at least 1, got 0$"):
        run([SAMPLES], tmp_path / "out", RunOptions(jobs=0))


# -- WARC archives ---------------------------------------------------------------------------------

def write_warc(path: Path, pages: list[tuple[str, bytes, str]], truncate_last: bool = False) -> Path:
    """A gzipped WARC of request + response records, like a crawler writes (and one image)."""
    buffer = io.BytesIO()
    writer = WARCWriter(buffer, gzip=True)
    for url, body, content_type in pages:
        request = writer.create_warc_record(url, "request", payload=io.BytesIO(b"GET / HTTP/1.1\r\n\r\n"))
        writer.write_record(request)
        headers = StatusAndHeaders("200 OK", [("Content-Type", content_type)], protocol="HTTP/1.1")
        record = writer.create_warc_record(url, "response", payload=io.BytesIO(body), http_headers=headers,
                                           warc_headers_dict={"WARC-Date": "2024-05-01T10:00:00Z"})
        writer.write_record(record)
    data = buffer.getvalue()
    path.write_bytes(data[: len(data) - 200] if truncate_last else data)
    return path


def test_a_warc_archive_gives_one_post_per_html_response_with_its_url(tmp_path: Path) -> None:
    pages = sorted(SAMPLES.glob("*.html"))[:2]
    warc = write_warc(tmp_path / "crawl.warc.gz", [
        ("https://example.org/a/", pages[0].read_bytes(), "text/html; charset=utf-8"),
        ("https://example.org/logo.png", b"\x89PNG\r\n\x1a\n" + bytes(64), "image/png"),
        ("https://example.org/b/", pages[1].read_bytes(), "text/html"),
    ])

    summary = run([tmp_path], tmp_path / "out")

    posts = pq.read_table(tmp_path / "out" / "posts.parquet").to_pylist()
    assert summary.inputs == 1 and len(posts) == 2
    assert all(p["source_path"].startswith(f"{warc}#") for p in posts)
    assert pq.read_table(tmp_path / "out" / "errors.parquet").num_rows == 0


def test_a_warc_archive_cut_short_keeps_its_earlier_pages_and_reports_where_it_broke(tmp_path: Path) -> None:
    pages = sorted(SAMPLES.glob("*.html"))[:3]
    warc = write_warc(tmp_path / "crawl.warc.gz",
                      [(f"https://example.org/{n}/", p.read_bytes(), "text/html") for n, p in enumerate(pages)],
                      truncate_last=True)

    run([warc], tmp_path / "out")

    assert pq.read_table(tmp_path / "out" / "posts.parquet").num_rows == 2
    [error] = pq.read_table(tmp_path / "out" / "errors.parquet").to_pylist()
    assert error["stage"] == "read"
    assert error["error"].startswith(f"{warc}: WARC record at offset ")
    assert "is cut short" in error["error"]


# -- workers that die ------------------------------------------------------------------------------

def _work_unless_told_to_die(shard: Shard) -> str:
    """A shard's work for the engine: a "kill" shard kills its worker with SIGKILL, as the
    out-of-memory killer would ("kill-once" only while its marker file, its input, is absent)."""
    if shard.lost is not None:
        return f"{shard.key} lost: {shard.lost}"
    if shard.key == "kill-once" and not os.path.exists(shard.inputs[0]):
        Path(shard.inputs[0]).touch()
        os.kill(os.getpid(), signal.SIGKILL)
    if shard.key == "kill":
        os.kill(os.getpid(), signal.SIGKILL)
    if shard.key == "fail":
        raise EngineError("fail", "this shard's work raised")
    return f"{shard.key} done"


def test_a_worker_killed_on_its_shard_is_retried_once_then_the_shard_is_handed_back_lost() -> None:
    shards = [Shard(key, ()) for key in ("a", "b", "kill", "c", "d")]

    results = list(map_shards(_work_unless_told_to_die, shards, RunOptions(jobs=2)))

    assert sorted(results) == ["a done", "b done", "c done", "d done",
                               "kill lost: a worker process died 2 times on its shard (killed by signal 9, SIGKILL)"]


@pytest.mark.parametrize("threads", [False, True], ids=["forked", "spawned-while-the-run-has-a-thread"])
def test_a_worker_that_dies_once_is_replaced_and_its_shard_done_by_the_fresh_one(tmp_path: Path, threads: bool) -> None:
    import threading

    marker = tmp_path / "died-once"
    shards = [Shard("a", ()), Shard("kill-once", (str(marker),)), Shard("b", ())]
    stop = threading.Event()
    other = threading.Thread(target=stop.wait, name="blogrx-test-thread")
    if threads:             # (the fresh worker is then spawned: a fork would copy that thread's locks)
        other.start()
    try:
        results = list(map_shards(_work_unless_told_to_die, shards, RunOptions(jobs=2)))
    finally:
        stop.set()

    assert marker.exists()      # the first worker did die on it
    assert sorted(results) == ["a done", "b done", "kill-once done"]


def test_an_error_a_worker_raises_reaches_the_run_with_its_message() -> None:
    shards = [Shard("a", ()), Shard("fail", ())]

    with pytest.raises(EngineError, match=r"^fail: this shard's work raised$"):
        list(map_shards(_work_unless_told_to_die, shards, RunOptions(jobs=2)))


KILLER_HOOK = """
import os, signal, sys

def _kill_workers_on_chosen_inputs(event, args):
    # the test's own hook: a worker process (not the run) that opens killer.html is killed
    # with SIGKILL every time, one that opens flaky.html only the first time
    if event != "open" or not args or not isinstance(args[0], (str, os.PathLike)):
        return
    parent_process = getattr(sys.modules.get("multiprocessing"), "parent_process", None)
    if parent_process is None or parent_process() is None:
        return
    name = os.path.basename(os.fspath(args[0]))
    if name == "killer.html" or (name == "flaky.html" and not os.path.exists({marker!r})):
        if name == "flaky.html":
            open({marker!r}, "w").close()
        os.kill(os.getpid(), signal.SIGKILL)

sys.addaudithook(_kill_workers_on_chosen_inputs)
"""


def test_a_run_whose_worker_is_killed_completes_with_an_error_row_for_that_input_only(tmp_path: Path) -> None:
    pages = tmp_path / "pages"
    pages.mkdir()
    smallest = min(SAMPLES.glob("*.html"), key=lambda p: p.stat().st_size)
    for name in ("good.html", "killer.html", "flaky.html"):
        (pages / name).write_bytes(smallest.read_bytes() + f"<!-- {name} -->".encode())
    hook = tmp_path / "hook"
    hook.mkdir()
    (hook / "sitecustomize.py").write_text(KILLER_HOOK.format(marker=str(tmp_path / "flaky-died")))
    out = tmp_path / "out"

    finished = subprocess.run([sys.executable, "-m", "pipeline", "extract", str(pages), "--out", str(out),
                               "--jobs", "2", "--shard-size", "1", "--no-progress"],
                              cwd=REPO, capture_output=True, text=True, timeout=300,
                              env={**os.environ, "PYTHONPATH": os.pathsep.join([str(hook), str(REPO)])})

    assert finished.returncode == 0 and "Traceback" not in finished.stderr, finished.stderr
    assert (tmp_path / "flaky-died").exists()       # flaky.html's first worker died; its retry did not
    [error] = pq.read_table(out / "errors.parquet").to_pylist()
    assert error == {"source_path": str(pages / "killer.html"), "stage": "engine", "severity": "error",
                     "error": f"{pages / 'killer.html'}: not read: a worker process died 2 times on its shard "
                              f"(killed by signal 9, SIGKILL)"}
    (pages / "killer.html").unlink()
    clean = tmp_path / "clean"
    run([pages], clean, RunOptions(shard_size=1))
    for name in ("posts", "comments", "exercises"):
        assert pq.read_table(out / f"{name}.parquet").equals(pq.read_table(clean / f"{name}.parquet")), name


def _children(parent: int) -> list[int]:
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == parent:
            found.append(int(stat.parent.name))
    return found


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"         # a zombie has died; only its exit status waits to be collected


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="reads processes from /proc (Linux)")
def test_the_workers_die_with_a_run_killed_with_sigkill(tmp_path: Path) -> None:
    work = make_corpus(tmp_path / "pages", copies=3)
    process = subprocess.Popen([sys.executable, "-m", "pipeline", "extract", str(work), "--out",
                                str(tmp_path / "out"), "--jobs", "2", "--shard-size", "1", "--no-progress"],
                               cwd=REPO, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    workers: list[int] = []
    try:
        deadline = time.monotonic() + 60
        while len(workers) < 2 and time.monotonic() < deadline and process.poll() is None:
            workers = _children(process.pid)
            time.sleep(0.05)
        assert len(workers) == 2, "the run did not start its two workers"
        os.kill(process.pid, signal.SIGKILL)
        process.wait()

        deadline = time.monotonic() + 5
        while any(map(_alive, workers)) and time.monotonic() < deadline:
            time.sleep(0.05)

        assert not [pid for pid in workers if _alive(pid)]
    finally:
        for pid in workers:
            if _alive(pid):
                os.kill(pid, signal.SIGKILL)


def test_a_shard_whose_dask_workers_die_is_handed_back_lost() -> None:
    dask = pytest.importorskip("dask", reason="Dask is in the [dask] extra, installed by make test")
    # (alone: the scheduler also counts a death against the shards queued on that worker)
    with dask.config.set({"distributed.scheduler.allowed-failures": 0}):    # give up at the first death
        results = list(map_shards(_work_unless_told_to_die, [Shard("kill", ())], RunOptions(engine="dask", jobs=1)))

    assert results == ["kill lost: the Dask workers that ran its shard died"]


def test_a_lost_shard_has_an_error_row_per_input_and_the_next_run_processes_it(tmp_path: Path) -> None:
    from pipeline.shards import process_shard

    pages = [str(p) for p in sorted(SAMPLES.glob("*.html"))[:2]]
    parts = tmp_path / "_shards"
    parts.mkdir()

    lost = process_shard(Shard("k", tuple(pages), lost="a worker process died 2 times on its shard"), Job(parts))
    errors = pq.read_table(parts / "k" / "errors.parquet").to_pylist()
    again = process_shard(Shard("k", tuple(pages)), Job(parts))
    then = process_shard(Shard("k", tuple(pages)), Job(parts))

    assert lost.counts["posts"] == 0
    assert [(e["source_path"], e["stage"], e["error"]) for e in errors] == [
        (page, "engine", f"{page}: not read: a worker process died 2 times on its shard") for page in pages]
    assert not again.reused and again.counts["posts"] == 2 and again.counts["errors"] == 0
    assert then.reused and sorted(os.listdir(parts)) == ["k"]
