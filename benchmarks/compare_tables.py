"""Do two checkouts of blogrx make the same tables?  Every row of every table, compared.

    python benchmarks/compare_tables.py BASE HEAD [INPUT ...] [--generated N] [--jobs N] [--pseudonymize] [--keep DIR]

BASE and HEAD are two checkouts (e.g. ``/work/main`` and a branch's work tree).  For each input
(a file or folder, as ``blogrx extract`` takes it; default: ``data/raw`` and
``../shared/corpus/html``, plus N pages generated from the corpus as ``benchmarks/bench.py``
makes them, when ``--generated N`` is given), ``python -m pipeline extract INPUT`` runs once
with BASE's code and once with HEAD's (``PYTHONPATH`` set to each, this Python, each into an
output folder of its own; with ``--pseudonymize``, HEAD's run is given the key BASE's run
made), and their outputs are compared:

- every ``*.parquet`` table: the same columns and types, the same rows in the same order, and,
  should the order differ, the same rows once each table is sorted by its ids (whole rows, as
  JSON, break ties);
- ``datapackage.json``, key for key but for ``created`` (when the run made it);
- the dataset card ``README.md``, line for line but for its "Made by" line (the run's date and
  seconds, the only run-time fields).

A refactoring that should change no output must print "same" for every input and exit 0;
any difference is printed (the table, how many rows, the first rows that differ) and the
exit status is 1.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pyarrow.parquet as pq

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
IDS = {"posts": ("post_id",), "comments": ("comment_id",), "exercises": ("exercise_id",), "themes": ("theme_id",),
       "comment_themes": ("comment_id", "theme_id"), "errors": ("source_path", "severity", "error")}


def extract(checkout: Path, inputs: Path, out: Path, flags: list[str]) -> float:
    """Run ``blogrx extract`` with the checkout's code; return its wall seconds.  ``-P``: ``python -m``
    would otherwise put the current folder first on the path, and from a checkout's root both
    runs would load that checkout's ``pipeline``, whatever PYTHONPATH says."""
    env = {**os.environ, "PYTHONPATH": str(checkout)}
    started = time.perf_counter()
    done = subprocess.run([sys.executable, "-P", "-m", "pipeline", "extract", str(inputs), "--out", str(out),
                           "--no-progress", *flags], env=env, capture_output=True, text=True)
    if done.returncode != 0:
        raise SystemExit(f"compare_tables: {checkout}: extract {inputs} failed:\n{done.stderr}")
    return time.perf_counter() - started


def _key(table: str, row: dict) -> tuple:
    return (*(str(row.get(c)) for c in IDS.get(table, ())), json.dumps(row, sort_keys=True, default=str))


def compare(base: Path, head: Path) -> list[str]:
    """What differs between two output folders; [] when they are the same."""
    problems: list[str] = []
    names = sorted({p.name for p in base.glob("*.parquet")} | {p.name for p in head.glob("*.parquet")})
    for name in names:
        table = name.removesuffix(".parquet")
        if not (base / name).exists() or not (head / name).exists():
            problems.append(f"{name}: only in {'head' if (head / name).exists() else 'base'}")
            continue
        a, b = pq.read_table(base / name), pq.read_table(head / name)
        if a.schema != b.schema:
            problems.append(f"{name}: columns differ:\n  base {a.schema}\n  head {b.schema}")
            continue
        rows_a, rows_b = a.to_pylist(), b.to_pylist()
        if rows_a == rows_b:
            continue
        sorted_a, sorted_b = sorted(rows_a, key=lambda r: _key(table, r)), sorted(rows_b, key=lambda r: _key(table, r))
        if sorted_a == sorted_b:
            problems.append(f"{name}: the same {len(rows_a)} rows in another order")
            continue
        only_a = [r for r in sorted_a if r not in rows_b]
        only_b = [r for r in sorted_b if r not in rows_a]
        problems.append(f"{name}: {len(rows_a)} rows in base, {len(rows_b)} in head; {len(only_a)} only in base, "
                        f"{len(only_b)} only in head; first of each:\n  base {only_a[:1]}\n  head {only_b[:1]}")
    if _package(base / "datapackage.json") != _package(head / "datapackage.json"):
        problems.append("datapackage.json differs beyond its 'created'")
    card_a, card_b = (_card(folder / "README.md") for folder in (base, head))
    if card_a != card_b:
        problems.append("README.md (the card) differs beyond its 'Made by' line")
    return problems


def _package(path: Path) -> dict:
    package = json.loads(path.read_text(encoding="utf-8"))
    package.pop("created", None)
    return package


def _card(path: Path) -> list[str]:
    return [line for line in path.read_text(encoding="utf-8").splitlines() if not line.startswith("Made by blogrx")]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("base", type=Path, help="checkout whose tables are the reference (e.g. main's)")
    parser.add_argument("head", type=Path, help="checkout to compare with it")
    parser.add_argument("inputs", nargs="*", type=Path, help="files or folders [default: data/raw and "
                                                              "../shared/corpus/html]")
    parser.add_argument("--generated", type=int, default=0, help="also N pages generated from ../shared/corpus/html")
    parser.add_argument("--jobs", type=int, default=1, help="worker processes for each extract")
    parser.add_argument("--pseudonymize", action="store_true", help="extract with --pseudonymize (one key for both)")
    parser.add_argument("--keep", type=Path, help="write the outputs here (kept) instead of a temporary folder")
    args = parser.parse_args(argv)
    corpus = SHARED / "corpus" / "html"
    inputs = [p.resolve() for p in args.inputs] or [REPO / "data" / "raw", corpus]
    with tempfile.TemporaryDirectory(prefix="blogrx-compare-") as tmp:
        work = args.keep or Path(tmp)
        work.mkdir(parents=True, exist_ok=True)
        if args.generated:
            sys.path.insert(0, str(REPO))
            sys.path.insert(0, str(REPO / "benchmarks"))
            from bench import generate
            from pipeline.sources import discover

            folder = work / f"generated-{args.generated}"
            shutil.rmtree(folder, ignore_errors=True)
            inputs.append(generate(discover([corpus]), folder, args.generated))
        failed = False
        for number, source in enumerate(inputs):
            outs = [work / f"{number}-{side}" for side in ("base", "head")]
            for out in outs:
                shutil.rmtree(out, ignore_errors=True)
            flags = ["--jobs", str(args.jobs), *(["--pseudonymize"] if args.pseudonymize else [])]
            seconds = [extract(args.base, source, outs[0], flags)]
            if args.pseudonymize:       # the key is kept beside the folder: <parent>/.<folder>.pseudonym-key
                shutil.copy2(work / f".{outs[0].name}.pseudonym-key", work / f".{outs[1].name}.pseudonym-key")
            seconds.append(extract(args.head, source, outs[1], flags))
            problems = compare(*outs)
            rows = {p.stem: pq.ParquetFile(p).metadata.num_rows for p in sorted(outs[1].glob("*.parquet"))}
            print(f"{source}: {'same' if not problems else 'DIFFERENT'} "
                  f"({', '.join(f'{n} {t}' for t, n in rows.items())}; base {seconds[0]:.1f} s, head {seconds[1]:.1f} s)")
            for problem in problems:
                print(f"  {problem}")
            failed = failed or bool(problems)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
