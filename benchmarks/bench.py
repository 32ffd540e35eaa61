"""Throughput of blogrx against trafilatura, on the same pages, in the same process.

    python benchmarks/bench.py [PAGES_DIR] [--rounds N]

Times, over every saved page under PAGES_DIR (default ../shared/corpus/html), each
page already read into memory:

- trafilatura.extract(html, include_comments=True)  -- the peer
- blogrx clean alone
- blogrx clean + extract (the whole pipeline without writing parquet)

and prints pages/s, words/s for extraction, and each blogrx figure as a ratio of the
peer's pages/s.  Each figure is the best of N rounds, so a busy moment on the machine
does not decide it.  Numbers are for issue notes; no test asserts them.
"""

from __future__ import annotations

import argparse
import sys
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


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("pages", nargs="?", type=Path, default=DEFAULT_PAGES)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args(argv)
    if not args.pages.is_dir():
        print(f"bench: {args.pages}: no such folder (../shared/corpus is needed beside the repo)", file=sys.stderr)
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

    t_peer, _ = best_of(args.rounds, run_peer)
    t_clean, cleaned = best_of(args.rounds, run_clean)
    t_extract, _ = best_of(args.rounds, run_extract_only)
    t_pipe, exercises = best_of(args.rounds, run_pipeline)
    words = sum(len(p.body_text.split()) + sum(len(c.text.split()) for c in p.comments) for p in posts)

    peer_rate = n / t_peer
    print(f"pages: {n} from {args.pages} ({cleaned} cleaned, {exercises} exercises); best of {args.rounds} rounds")
    print(f"{'':32} {'seconds':>8} {'pages/s':>9} {'x trafilatura':>14}")
    for label, seconds in (("trafilatura extract (+comments)", t_peer), ("blogrx clean", t_clean),
                           ("blogrx clean + extract", t_pipe)):
        print(f"{label:32} {seconds:8.2f} {n / seconds:9.1f} {n / seconds / peer_rate:14.2f}")
    print(f"blogrx extract alone: {words} words in {t_extract:.2f} s = {words / t_extract:,.0f} words/s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
