"""Throughput and scale of blogrx against trafilatura, on the same pages, in the same run.

    python benchmarks/bench.py [PAGES_DIR] [--rounds N] [--real-copies N] [--real-rounds N] [--engine-pages N]
                                [--engine-rounds N] [--memory-pages N,M] [--dense-mb A,B]

1. In this process, over every saved page under PAGES_DIR (default ../shared/corpus/html),
   each page already read into memory: trafilatura.extract(html, include_comments=True)
   (the peer), blogrx clean alone, and blogrx clean + extract; pages/s, the ratio of each
   to the peer, and words/s for extraction alone.  Best of N rounds, taken in turn (one of each
   per round).
2. The real pages copied --real-copies times (each copy's bytes made distinct by a leading HTML
   comment; the corpus's 55 pages x 20 = 1,100): the whole `blogrx extract` (parquet written,
   one process) against trafilatura's extract over the same files, each a fresh process as a
   user starts it (start-up, imports, reading included), taken in turn, best of --real-rounds;
   pages/s of each and the ratio.  Real pages weigh more than generated ones (comment sections
   of hundreds of comments, deeply nested themes): this is the figure users meet.
3. A generated corpus made from those pages (each copy made distinct by a trailing HTML
   comment, gzipped): the whole `blogrx extract` (parquet written) with one process, two
   local processes, and a local Dask cluster of one and of two workers, as pages/s; each run
   is a fresh `python -m pipeline extract` process, so start-up and imports count as a user's.
   The peer here is trafilatura's extract over the same files, in a fresh process too (import,
   reading and unzipping included, as for blogrx).  Best of N rounds, taken in turn as in 1.
4. Peak memory (largest resident set of any process) of `blogrx extract` over generated
   corpora of each size in --memory-pages, to show it does not grow with the corpus.
5. One generated page dense in exercise names and doses (every sentence names two exercises
   with a dose), of each size in --dense-mb: the whole `blogrx extract` in a fresh process,
   and its seconds per MB against the smallest size's, to show a page's cost is linear in it.

Numbers are for issue notes; no test asserts them.
"""

from __future__ import annotations

import argparse
import gzip
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from pipeline.clean import clean
from pipeline.errors import PipelineError
from pipeline.extract import extract, load_extractor
from pipeline.sources import discover, read_page

DEFAULT_PAGES = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "html"


def best_of(rounds: int, work: Callable[[], int]) -> tuple[float, int]:
    """Run ``work`` ``rounds`` times; return the shortest wall time and what it returned."""
    best, result = float("inf"), 0
    for _ in range(rounds):
        started = time.perf_counter()
        result = work()
        best = min(best, time.perf_counter() - started)
    return best, result


def interleaved(rounds: int, works: list[Callable[[], int]]) -> list[tuple[float, int]]:
    """``best_of`` for several works, one round of each in turn: on a shared machine whose speed
    drifts, each ratio then compares runs made minutes apart at most, not a whole series apart."""
    best = [(float("inf"), 0) for _ in works]
    for _ in range(rounds):
        for n, work in enumerate(works):
            seconds, result = best_of(1, work)
            best[n] = (min(best[n][0], seconds), result)
    return best


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("pages", nargs="?", type=Path, default=DEFAULT_PAGES)
    parser.add_argument("--rounds", type=int, default=7,
                        help="in-process rounds; the fastest of each counts (a shared machine's speed drifts)")
    parser.add_argument("--real-copies", type=int, default=20,
                        help="copies of the real pages for the whole-pipeline comparison on real pages (0 skips)")
    parser.add_argument("--real-rounds", type=int, default=3,
                        help="runs of each side on the real pages; the fastest counts")
    parser.add_argument("--engine-pages", type=int, default=3000,
                        help="size of the generated corpus the engines run on (0 skips)")
    parser.add_argument("--engine-rounds", type=int, default=2,
                        help="runs of each engine; the fastest counts (a shared machine's speed varies)")
    parser.add_argument("--memory-pages", default="1000,10000",
                        help="generated corpus sizes for the peak-memory runs ('' skips)")
    parser.add_argument("--dense-mb", default="0.5,1,2",
                        help="sizes in MB of the generated dense page, one run each ('' skips)")
    args = parser.parse_args(argv)
    if not args.pages.is_dir() and args.pages == DEFAULT_PAGES:
        print(f"bench: skipped: {args.pages} is absent (../shared/corpus beside the repo holds the real pages "
              f"every section runs on)", file=sys.stderr)
        return 0
    if not args.pages.is_dir():
        print(f"bench: {args.pages}: no such folder", file=sys.stderr)
        return 2
    try:
        import trafilatura
    except ImportError:
        print("bench: trafilatura is not installed (it is a dev dependency: make install)", file=sys.stderr)
        return 2

    pages = [read_page(p) for p in discover([args.pages])]
    extractor = load_extractor()
    n = len(pages)
    htmls = [p.content.decode("utf-8", errors="replace") for p in pages]  # the peer gets str, decoded for it

    def run_peer() -> int:
        return sum(len(trafilatura.extract(h, include_comments=True) or "") for h in htmls)

    posts = []

    def run_clean() -> int:
        posts.clear()
        for page in pages:
            try:
                posts.append(clean(page))
            except PipelineError:
                pass
        return len(posts)

    def run_extract_only() -> int:
        return sum(len(extract(post, extractor)) for post in posts)

    def run_pipeline() -> int:
        found = 0
        for page in pages:
            try:
                found += len(extract(clean(page), extractor))
            except PipelineError:
                pass
        return found

    (t_peer, _), (t_clean, cleaned), (t_extract, _), (t_pipe, exercises) = interleaved(
        args.rounds, [run_peer, run_clean, run_extract_only, run_pipeline])
    words = sum(len(p.body_text.split()) + sum(len(c.text.split()) for c in p.comments) for p in posts)

    peer_rate = n / t_peer
    print(f"pages: {n} from {args.pages} ({cleaned} cleaned, {exercises} exercises); best of {args.rounds} rounds")
    print(f"{'':32} {'seconds':>8} {'pages/s':>9} {'x trafilatura':>14}")
    for label, seconds in (("trafilatura extract (+comments)", t_peer), ("blogrx clean", t_clean),
                           ("blogrx clean + extract", t_pipe)):
        print(f"{label:32} {seconds:8.2f} {n / seconds:9.1f} {n / seconds / peer_rate:14.2f}")
    print(f"blogrx extract alone: {words} words in {t_extract:.2f} s = {words / t_extract:,.0f} words/s")

    sources = [p for p in discover([args.pages])]
    with tempfile.TemporaryDirectory(prefix="blogrx-bench-") as tmp:
        if args.real_copies:
            real_pages(args.pages, sources, Path(tmp), args.real_copies, args.real_rounds)
        if args.engine_pages:
            engines(sources, Path(tmp), args.engine_pages, peer_rate, args.engine_rounds)
        sizes = [int(x) for x in args.memory_pages.split(",") if x.strip()]
        if sizes:
            memory(sources, Path(tmp), sizes)
        dense_sizes = [float(x) for x in args.dense_mb.split(",") if x.strip()]
        if dense_sizes:
            dense(Path(tmp), dense_sizes)
    return 0


def generate(sources: list[Path], folder: Path, count: int) -> Path:
    """`count` distinct gzipped pages, cycling through the sources."""
    folder.mkdir(parents=True, exist_ok=True)
    contents = [read_page(p).content for p in sources]
    for n in range(count):
        data = contents[n % len(contents)] + f"\n<!-- blogrx bench copy {n} -->\n".encode()
        (folder / f"page-{n:06d}.html.gz").write_bytes(gzip.compress(data, compresslevel=1))
    return folder


def copy_real(root: Path, sources: list[Path], folder: Path, copies: int) -> int:
    """The pages under ``root`` copied ``copies`` times into ``folder`` as plain .html, each copy's bytes
    made distinct by a leading HTML comment (so nothing can be reused between copies); returns the count."""
    contents = {p.relative_to(root): read_page(p).content for p in sources}
    for copy in range(copies):
        target = folder / f"copy-{copy:03d}"
        target.mkdir(parents=True)
        for relative, content in contents.items():
            name = "__".join(relative.parts).removesuffix(".gz")
            (target / name).write_bytes(f"<!-- blogrx bench copy {copy} -->\n".encode() + content)
    return copies * len(contents)


def real_pages(root: Path, sources: list[Path], tmp: Path, copies: int, rounds: int) -> None:
    corpus = tmp / "real"
    count = copy_real(root, sources, corpus, copies)
    print(f"\nwhole `blogrx extract` (parquet written, one process) on {count} real pages ({len(sources)} pages of "
          f"{root} x {copies}, each copy distinct), against trafilatura's extract over the same files; each run a "
          f"fresh process (start-up and imports included); best of {rounds}, in turn:")
    (peer_seconds, _), (seconds, _) = interleaved(rounds, [peer_run(corpus, count), blogrx_run(corpus, tmp, [], count)])
    print(f"{'':32} {'seconds':>8} {'pages/s':>9} {'x trafilatura':>14}")
    print(f"{'trafilatura extract (+comments)':32} {peer_seconds:8.1f} {count / peer_seconds:9.1f} {1:14.2f}")
    print(f"{'blogrx extract':32} {seconds:8.1f} {count / seconds:9.1f} {peer_seconds / seconds:14.2f}")
    shutil.rmtree(corpus, ignore_errors=True)


def blogrx_run(corpus: Path, tmp: Path, flags: list[str], count: int) -> Callable[[], int]:
    """One fresh `python -m pipeline extract` over ``corpus``, into an output folder of its own made
    under ``tmp`` for the run: nothing an earlier run left (its shard parts, wherever the run keeps
    them) can be reused.  ``-P``: the pipeline this process imports, not the current folder's."""
    def run() -> int:
        with tempfile.TemporaryDirectory(dir=tmp, prefix="run-") as fresh:
            subprocess.run([sys.executable, "-P", "-m", "pipeline", "extract", str(corpus), "--out",
                            str(Path(fresh) / "out"), "--no-progress", *flags], capture_output=True, text=True,
                           check=True)
        return count
    return run


def peer_run(corpus: Path, count: int) -> Callable[[], int]:
    """trafilatura's extract over every page of ``corpus``, in a fresh process."""
    def run() -> int:
        subprocess.run([sys.executable, "-P", "-c", PEER_SCRIPT, str(corpus)], capture_output=True, text=True,
                       check=True)
        return count
    return run


PEER_SCRIPT = """
import sys
from pathlib import Path
import trafilatura
from pipeline.sources import discover, read_page
for path in discover([Path(sys.argv[1])]):
    trafilatura.extract(read_page(path).content.decode("utf-8", errors="replace"), include_comments=True)
"""


def engines(sources: list[Path], tmp: Path, count: int, peer_rate: float, rounds: int) -> None:
    corpus = generate(sources, tmp / f"engines-{count}", count)
    print(f"\nwhole `blogrx extract` (parquet written) on {count} generated pages, each run a fresh process "
          f"as a user starts it (start-up and imports included), beside trafilatura's extract over the same "
          f"files in a fresh process; best of {rounds}, in turn:")
    print(f"{'':32} {'seconds':>8} {'pages/s':>9} {'x 1 process':>12} {'x trafilatura':>14}")
    configs = (("1 process", ["--jobs", "1"]),
               ("2 local processes", ["--jobs", "2"]),
               ("dask, 1 worker", ["--engine", "dask", "--jobs", "1"]),
               ("dask, 2 workers", ["--engine", "dask", "--jobs", "2"]))
    (peer_seconds, _), *timed = interleaved(rounds, [peer_run(corpus, count)] +
                                            [blogrx_run(corpus, tmp, flags, count) for _, flags in configs])
    same_pages_rate = count / peer_seconds
    print(f"{'trafilatura extract (+comments)':32} {peer_seconds:8.1f} {same_pages_rate:9.1f} {'':12} {1:14.2f}")
    base = None
    rates: dict[str, float] = {}
    for (label, _), (seconds, _) in zip(configs, timed):
        rate = count / seconds
        base = base or rate
        rates[label] = rate
        print(f"{label:32} {seconds:8.1f} {rate:9.1f} {rate / base:12.2f} {rate / same_pages_rate:14.2f}")
    print(f"2 local processes / 1: {rates['2 local processes'] / rates['1 process']:.2f}x; "
          f"dask 2 workers / 1 worker: {rates['dask, 2 workers'] / rates['dask, 1 worker']:.2f}x; "
          f"1 process against the in-process trafilatura rate above: {rates['1 process'] / peer_rate:.2f}x")
    shutil.rmtree(corpus, ignore_errors=True)


def memory(sources: list[Path], tmp: Path, sizes: list[int]) -> None:
    print("\npeak memory of `blogrx extract` (largest resident set of one process, one process):")
    first = None
    for count in sizes:
        corpus = generate(sources, tmp / f"memory-{count}", count)
        out = tmp / f"out-memory-{count}"   # a folder of its own: nothing reused from the last size
        shutil.rmtree(out, ignore_errors=True)
        script = ("import resource, sys; from pathlib import Path; from pipeline.run import run; "
                  "run([Path(sys.argv[1])], Path(sys.argv[2])); "
                  "print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)")
        started = time.perf_counter()
        done = subprocess.run([sys.executable, "-P", "-c", script, str(corpus), str(out)],
                              capture_output=True, text=True, check=True)
        seconds = time.perf_counter() - started
        peak_mb = int(done.stdout.split()[-1]) / 1024
        first = first or peak_mb
        print(f"{count:>7} pages: {peak_mb:7.0f} MB peak, {peak_mb / first:5.2f} x the first size, "
              f"{count / seconds:6.1f} pages/s")
        shutil.rmtree(corpus, ignore_errors=True)


DENSE_NAMES = ("calf raises", "single leg calf raises", "glute bridge", "clamshells", "side plank", "lunges",
               "squats", "hamstring stretch", "monster walks", "bird dog", "dead bug", "foam roll your IT band")


def dense_page(megabytes: float, seed: int = 1) -> str:
    """An HTML page of ``megabytes`` whose every sentence names two exercises and a dose."""
    import random

    rnd = random.Random(seed)
    size = int(megabytes * 1_000_000)
    parts = ["<html><head><title>Dense</title></head><body><article><h1>Dense</h1>\n"]
    total = len(parts[0])
    while total < size:
        paragraph = "<p>" + " ".join(
            f"Do {rnd.choice(DENSE_NAMES)} for 3 sets of {rnd.randint(5, 20)} reps, then "
            f"{rnd.choice(DENSE_NAMES)} with a {rnd.randint(2, 10)} second hold." for _ in range(8)) + "</p>\n"
        parts.append(paragraph)
        total += len(paragraph)
    parts.append("</article></body></html>\n")
    return "".join(parts)


def dense(tmp: Path, sizes: list[float]) -> None:
    print("\none page dense in exercise names, the whole `blogrx extract` (fresh process each):")
    first = None
    for megabytes in sizes:
        folder = tmp / f"dense-{megabytes}"
        folder.mkdir()
        (folder / "dense.html").write_text(dense_page(megabytes), encoding="utf-8")
        out = tmp / f"out-dense-{megabytes}"
        started = time.perf_counter()
        subprocess.run([sys.executable, "-P", "-m", "pipeline", "extract", str(folder), "--out", str(out)],
                       capture_output=True, text=True, check=True)
        seconds = time.perf_counter() - started
        per_mb = seconds / megabytes
        first = first or per_mb
        print(f"{megabytes:>5g} MB: {seconds:6.1f} s, {per_mb:5.1f} s/MB, {per_mb / first:5.2f} x the first size's s/MB")
        shutil.rmtree(folder, ignore_errors=True)
        shutil.rmtree(out, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
